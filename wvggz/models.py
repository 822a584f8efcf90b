"""Import every table module so that SQLModel.metadata knows them all (Alembic, tests)."""

from notifications.outbox import Bericht, Poging  # noqa: F401
from wvggz.audit.keten import AuditKeten  # noqa: F401
from wvggz.audit.models import Historie, Toegang  # noqa: F401
from wvggz.berichten.models import Voorkeur, Werkmail  # noqa: F401
from wvggz.bewaking.models import Hartslag  # noqa: F401
from wvggz.cijfers.models import Doorlooptijd, Maandcijfer  # noqa: F401
from wvggz.crisismaatregelen.models import Beroep, Crisismaatregel  # noqa: F401
from wvggz.documenten.models import Document  # noqa: F401
from wvggz.escalaties.models import Escalatie  # noqa: F401
from wvggz.filters.models import BewaardFilter  # noqa: F401
from wvggz.gebruikers.models import ApiToken, Gebruiker  # noqa: F401
from wvggz.gebruikers.sessies import Sessie  # noqa: F401
from wvggz.idempotentie.models import IdempotentieSleutel  # noqa: F401
from wvggz.meldingen.models import Melding  # noqa: F401
from wvggz.notities.models import Notitie  # noqa: F401
from wvggz.personen.models import Persoon  # noqa: F401
from wvggz.taken.models import Taak  # noqa: F401
from wvggz.termijnen.models import Termijn  # noqa: F401
from wvggz.triage.models import Triage  # noqa: F401
