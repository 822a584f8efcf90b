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
    serialises writers."""
    return session.get(model, id_, with_for_update=True, populate_existing=True)
