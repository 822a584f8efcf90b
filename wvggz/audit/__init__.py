
from wvggz.audit import keten as _keten  # noqa: F401,E402  (registers the chain's before_flush hook)
