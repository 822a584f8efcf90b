"""Reading one person's record: permission, existence, scope (a case about them the actor may see), and
the access-log row, committed. Screens call this and only format what it returns."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from wvggz.audit.service import log_toegang
from wvggz.clock import Clock
from wvggz.errors import Forbidden, NotFound
from wvggz.gebruikers.models import Gebruiker
from wvggz.gebruikers.rechten import vereis, vereis_gemeente
from wvggz.personen.models import Persoon
from wvggz.personen.zaken import zaken


def haal(*, session: Session, clock: Clock, actor: Gebruiker, persoon_id: int) -> tuple[Persoon, list[dict[str, Any]]]:
    """Return the person and the cases about them the actor may see; logs the read.

    Raises NotFound for an unknown person or one of another gemeente, Forbidden when none of those cases lies in the actor's gemeente."""
    vereis(actor, "persoon.lees")
    persoon = session.get(Persoon, persoon_id)
    if persoon is None:
        raise NotFound(f"Persoon {persoon_id} bestaat niet.")
    vereis_gemeente(actor, persoon.gemeente, f"Persoon {persoon_id} bestaat niet.")
    gevonden = zaken(session, actor, persoon_id)
    if not gevonden:
        raise Forbidden("Er is geen zaak over deze persoon die u mag inzien.")
    log_toegang(session, clock, actor, handeling="lees", zaak_type="persoon", zaak_id=None,
                persoon_ids=[persoon_id], doel="persoonsoverzicht")
    session.commit()
    return persoon, gevonden
