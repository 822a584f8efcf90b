"""Write history and access-log rows."""

from __future__ import annotations

from sqlmodel import Session, select

from wvggz.audit.keten import gemeente_van, voeg_toe
from wvggz.audit.models import Historie
from wvggz.clock import Clock
from wvggz.db import schrijf
from wvggz.gebruikers.models import Gebruiker


def schrijf_historie(
    session: Session, clock: Clock, actor: Gebruiker | None, *, zaak_type: str, zaak_id: int,
    actie: str, van: str | None, naar: str | None, reden: str | None = None, gemeente: str | None = None,
) -> None:
    """Append one history row now (Core INSERT, hash-chained); `actor` None means the system (scheduler).
    `gemeente` defaults to the case's (taken from the session when the case is loaded)."""
    voeg_toe(session, "historie", [{
        "zaak_type": zaak_type, "zaak_id": zaak_id, "op": clock.now(), "door_id": actor.id if actor else None,
        "door": actor.naam if actor else "systeem", "actie": actie, "van_status": van, "naar_status": naar,
        "reden": reden, "gemeente": gemeente or gemeente_van(session, zaak_type, zaak_id, actor),
    }])


def log_toegang(
    session: Session, clock: Clock, actor: Gebruiker | None, *, handeling: str, zaak_type: str,
    zaak_id: int | None, persoon_ids: list[int | None], doel: str, adres: str | None = None,
    gemeente: str | None = None,
) -> None:
    """Append one access-log row per person whose record is read or written (one Core INSERT, chained).
    After a read (`lees`) the row goes into a fresh, short writer transaction (ADR 0018)."""
    ids = [p for p in dict.fromkeys(persoon_ids) if p is not None]
    if not ids:
        return
    schrijf(session)
    op, gebruiker_id = clock.now(), actor.id if actor else None
    gemeente = gemeente or gemeente_van(session, zaak_type, zaak_id, actor)
    voeg_toe(session, "toegang", [
        {"op": op, "gebruiker_id": gebruiker_id, "handeling": handeling, "zaak_type": zaak_type, "zaak_id": zaak_id,
         "persoon_id": persoon_id, "doel": doel, "adres": adres, "gemeente": gemeente} for persoon_id in ids])


def historie_van(session: Session, zaak_type: str, zaak_id: int) -> list[Historie]:
    """Return the case history in time order."""
    stmt = select(Historie).where(Historie.zaak_type == zaak_type, Historie.zaak_id == zaak_id)
    return list(session.exec(stmt.order_by(Historie.id)))
