"""Create and complete tasks; completing writes the case history."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import make_transient_to_detached
from sqlmodel import Session, select

from wvggz.audit.service import schrijf_historie
from wvggz.clock import Clock
from wvggz.errors import ConflictError, NotFound
from wvggz.gebruikers.models import Gebruiker
from wvggz.taken.models import Taak

_TAAK = Taak.__table__


def maak_taak(
    session: Session, clock: Clock, *, zaak_type: str, zaak_id: int, soort: str, omschrijving: str,
    ontvanger_rol: str, uiterlijk_op: datetime | None = None, termijn_id: int | None = None,
) -> Taak:
    """Create the task once per (case, soort); returns the existing one when it is already there."""
    sleutel = f"{zaak_type}:{zaak_id}:{soort}"
    taak = Taak(zaak_type=zaak_type, zaak_id=zaak_id, soort=soort, omschrijving=omschrijving,
                ontvanger_rol=ontvanger_rol, uiterlijk_op=uiterlijk_op, termijn_id=termijn_id,
                aangemaakt_op=clock.now(), dedup_sleutel=sleutel)
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    stmt = (insert(_TAAK).values(**taak.model_dump(exclude={"id"}))
            .on_conflict_do_nothing(index_elements=["dedup_sleutel"]).returning(_TAAK.c.id))
    taak.id = session.connection().execute(stmt).scalar()  # one statement; the case row waits for commit
    if taak.id is None:
        return session.exec(select(Taak).where(Taak.dedup_sleutel == sleutel)).one()
    make_transient_to_detached(taak)
    session.add(taak)  # written: kept as a persistent object without a re-read
    return taak


def rond_af(session: Session, clock: Clock, actor: Gebruiker, *, taak_id: int, toelichting: str | None = None) -> Taak:
    """Mark the task done by `actor` now and write it to the case history (caller commits)."""
    taak = session.get(Taak, taak_id)
    if taak is None:
        raise NotFound(f"Taak {taak_id} bestaat niet.")
    if taak.afgerond_op is not None:
        raise ConflictError("Deze taak is al afgerond.")
    taak.afgerond_op, taak.afgerond_door_id, taak.toelichting = clock.now(), actor.id, toelichting
    schrijf_historie(session, clock, actor, zaak_type=taak.zaak_type, zaak_id=taak.zaak_id,
                     actie=f"taak_afgerond:{taak.soort}", van=None, naar=None, reden=toelichting)
    return taak


def taken_van(session: Session, zaak_type: str, zaak_id: int) -> list[Taak]:
    """Return the tasks of one case, oldest first."""
    stmt = select(Taak).where(Taak.zaak_type == zaak_type, Taak.zaak_id == zaak_id).order_by(Taak.id)
    return list(session.exec(stmt))
