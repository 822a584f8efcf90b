"""Heartbeats: a process or job writes when it last ran (and how long it took); /ready and /metrics read them."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from wvggz.bewaking.models import Hartslag
from wvggz.clock import Clock
from wvggz.config import Settings
from wvggz.db import SessionFactory

log = logging.getLogger("wvggz.bewaking")


def klop(factory: SessionFactory, clock: Clock, naam: str, duur_ms: int | None = None) -> None:
    """Record that `naam` ran now; never raises (a heartbeat must not break the job it reports on)."""
    try:
        with factory() as s:
            rij = s.get(Hartslag, naam)
            if rij is None:
                s.add(Hartslag(naam=naam, laatst_op=clock.now(), duur_ms=duur_ms))
            else:
                rij.laatst_op, rij.duur_ms = clock.now(), duur_ms
            s.commit()
    except SQLAlchemyError as exc:  # e.g. two schedulers inserting the first row at once, or the database down
        log.warning("hartslag %s niet geschreven: %s", naam, type(exc).__name__)


def gemeten(naam: str, job: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a scheduler job: after each run, record its heartbeat with the duration."""

    def uitvoeren(*, session_factory: SessionFactory, clock: Clock, settings: Settings) -> Any:
        begin = time.monotonic()
        uit = job(session_factory=session_factory, clock=clock, settings=settings)
        klop(session_factory, clock, naam, int((time.monotonic() - begin) * 1000))
        return uit

    uitvoeren.__name__ = getattr(job, "__name__", naam)
    return uitvoeren


def scheduler(*, session_factory: SessionFactory, clock: Clock, settings: Settings) -> None:
    """The scheduler's own heartbeat job (every 30 s): /ready turns 503 when it is older than two minutes."""
    klop(session_factory, clock, "scheduler")
