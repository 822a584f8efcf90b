"""Builders moved out of test modules (test modules share builders through tests/factories only)."""

from __future__ import annotations

from wvggz import jobs
from wvggz.termijnen.service import termijnen_van


def termijn(session, cm, soort, zaak="crisismaatregel"):
    return next(t for t in termijnen_van(session, zaak, cm.id) if t.soort == soort)


def sweep_op(factory, clock, settings, session, moment):
    """Move the clock, run one sweep, and reload what the sweep changed in its own session."""
    session.commit()  # end the test's read transaction: SQLite takes the write lock at BEGIN
    clock.set(moment)
    gevuurd = jobs.sweep(session_factory=factory, clock=clock, settings=settings)
    session.expire_all()
    return gevuurd


def status(session, model, id_):
    return session.get(model, id_).status
