"""Create and complete tasks; completing writes the case history."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from typing import Any

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


@lru_cache(maxsize=4)
def _insert_veel(dialect: str):  # noqa: ANN202
    """INSERT … ON CONFLICT (dedup_sleutel) DO NOTHING RETURNING dedup_sleutel, id; one statement for many rows."""
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    stmt = insert(_TAAK).on_conflict_do_nothing(index_elements=["dedup_sleutel"])
    return stmt.returning(_TAAK.c.dedup_sleutel, _TAAK.c.id)


def maak_taken(session: Session, clock: Clock, *, zaak_type: str, zaak_id: int,
               taken: list[dict[str, Any]]) -> list[Taak]:
    """`maak_taak` for several tasks of one case at once (each dict: soort, omschrijving, ontvanger_rol and
    optionally uiterlijk_op, termijn_id): one INSERT for all; a task that exists already is returned as stored
    (read in one statement). Returns the tasks in the order given."""
    if not taken:
        return []
    now = clock.now()
    rijen = [{"zaak_type": zaak_type, "zaak_id": zaak_id, "soort": t["soort"], "omschrijving": t["omschrijving"],
              "ontvanger_rol": t["ontvanger_rol"], "uiterlijk_op": t.get("uiterlijk_op"),
              "termijn_id": t.get("termijn_id"), "aangemaakt_op": now, "afgerond_op": None,
              "afgerond_door_id": None, "toelichting": None,
              "dedup_sleutel": f"{zaak_type}:{zaak_id}:{t['soort']}"} for t in taken]
    conn = session.connection()
    nieuw = dict(conn.execute(_insert_veel(conn.dialect.name), rijen).all())
    bestaand = [r["dedup_sleutel"] for r in rijen if r["dedup_sleutel"] not in nieuw]
    oud = {t.dedup_sleutel: t for t in session.exec(select(Taak).where(Taak.dedup_sleutel.in_(bestaand)))} if (
        bestaand) else {}
    uit = []
    for rij in rijen:
        if rij["dedup_sleutel"] in oud:
            uit.append(oud[rij["dedup_sleutel"]])
            continue
        taak = Taak(id=nieuw[rij["dedup_sleutel"]], **rij)
        make_transient_to_detached(taak)
        session.add(taak)  # written: kept as a persistent object without a re-read
        uit.append(taak)
    return uit


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
