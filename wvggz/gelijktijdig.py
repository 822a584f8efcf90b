"""Concurrent writers on one case: the case row is locked when it is read for a change."""

from __future__ import annotations

from typing import TypeVar

from sqlmodel import Session

T = TypeVar("T")


def vergrendel(session: Session, model: type[T], id_: int) -> T | None:
    """Return row `id_` of `model` locked until this transaction ends, freshly read (None when missing).

    PostgreSQL: SELECT … FOR UPDATE, so a second writer waits here, then reads the winner's `versie` and
    gets the ordinary 409 before any effect runs (no autoflush can meet the winner's lock later and raise
    StaleDataError outside the commit's handler). SQLite ignores FOR UPDATE: BEGIN IMMEDIATE already
    serialises writers. A copy already in the session is refreshed (a stale copy must not fail the load:
    its old `versie` then meets the version check of the action and gives the 409)."""
    bestaand = session.identity_map.get(session.identity_key(model, id_))
    if bestaand is not None:
        session.refresh(bestaand, with_for_update=True)
        return bestaand
    return session.get(model, id_, with_for_update=True)
