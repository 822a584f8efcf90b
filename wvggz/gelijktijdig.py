"""Concurrent writers on one case: the case row is locked when it is read for a change."""

from __future__ import annotations

from functools import lru_cache
from typing import TypeVar

from sqlalchemy import Table, bindparam, inspect, select
from sqlmodel import Session

from wvggz.db import rauw, verbinding
from wvggz.rijen import laad_rijen

T = TypeVar("T")


@lru_cache(maxsize=16)
def _versie_van(tabel: Table, slot: bool):  # noqa: ANN202
    """SELECT versie FROM <case table> WHERE id = :id [FOR UPDATE], built once."""
    stmt = select(tabel.c.versie).where(tabel.c.id == bindparam("id"))
    return stmt.with_for_update() if slot else stmt


@lru_cache(maxsize=16)
def _rij_van(tabel: Table, slot: bool):  # noqa: ANN202
    """SELECT <every column> FROM <case table> WHERE id = :id [FOR UPDATE], built once."""
    stmt = select(tabel).where(tabel.c.id == bindparam("id"))
    return stmt.with_for_update() if slot else stmt


def vergrendel(session: Session, model: type[T], id_: int) -> T | None:
    """Return row `id_` of `model` locked until this transaction ends, current (None when missing).

    PostgreSQL: SELECT … FOR UPDATE, so a second writer waits here, then reads the winner's `versie` and
    gets the ordinary 409 before any effect runs (no autoflush can meet the winner's lock later and raise
    StaleDataError outside the commit's handler). SQLite ignores FOR UPDATE: BEGIN IMMEDIATE already
    serialises writers. A copy already in the session (loaded in an earlier transaction of this session) is
    checked with one column: every change of a case raises its `versie` (version_id_col), so an equal
    stored `versie` means the copy is current and is kept; otherwise it is refreshed (a stale copy must not
    fail the load: its old `versie` then meets the version check of the action and gives the 409)."""
    bestaand = session.identity_map.get(session.identity_key(model, id_))
    if bestaand is None:  # the row, locked, as one Core SELECT made into the session's object (rijen.laad_rijen)
        conn = verbinding(session)
        rijen = laad_rijen(session, model, _rij_van(model.__table__, conn.dialect.name == "postgresql"), {"id": id_})
        if rijen is None:
            return session.get(model, id_, with_for_update=True)
        return rijen[0] if rijen else None
    staat = inspect(bestaand)
    versie = staat.dict.get("versie")
    if "versie" in model.__table__.c and "versie" in staat.dict and not staat.modified and not staat.expired_attributes:
        conn = verbinding(session)
        opgeslagen = rauw(conn, _versie_van(model.__table__, conn.dialect.name == "postgresql"), {"id": id_}).scalar()
        if opgeslagen is None:
            return None
        if opgeslagen == versie:
            return bestaand
    session.refresh(bestaand, with_for_update=True)
    return bestaand
