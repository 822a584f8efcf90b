"""Write history and access-log rows."""

from __future__ import annotations

from sqlmodel import Session, select

from wvggz.audit.models import Historie, Toegang
from wvggz.clock import Clock
from wvggz.db import schrijf
from wvggz.gebruikers.models import Gebruiker


def schrijf_historie(
    session: Session, clock: Clock, actor: Gebruiker | None, *, zaak_type: str, zaak_id: int,
    actie: str, van: str | None, naar: str | None, reden: str | None = None,
) -> Historie:
    """Append one history row; `actor` None means the system (scheduler)."""
    rij = Historie(
        zaak_type=zaak_type, zaak_id=zaak_id, op=clock.now(), door_id=actor.id if actor else None,
        door=actor.naam if actor else "systeem", actie=actie, van_status=van, naar_status=naar, reden=reden,
    )
    session.add(rij)
    return rij


def log_toegang(
    session: Session, clock: Clock, actor: Gebruiker | None, *, handeling: str, zaak_type: str,
    zaak_id: int | None, persoon_ids: list[int | None], doel: str, adres: str | None = None,
) -> None:
    """Append one access-log row per person whose record is read or written. After a read (`lees`) the
    row goes into a fresh, short writer transaction (ADR 0018)."""
    schrijf(session)
    for persoon_id in dict.fromkeys(persoon_ids):
        if persoon_id is None:
            continue
        session.add(Toegang(
            op=clock.now(), gebruiker_id=actor.id if actor else None, handeling=handeling,
            zaak_type=zaak_type, zaak_id=zaak_id, persoon_id=persoon_id, doel=doel, adres=adres,
        ))


def historie_van(session: Session, zaak_type: str, zaak_id: int) -> list[Historie]:
    """Return the case history in time order."""
    stmt = select(Historie).where(Historie.zaak_type == zaak_type, Historie.zaak_id == zaak_id)
    return list(session.exec(stmt.order_by(Historie.id)))
