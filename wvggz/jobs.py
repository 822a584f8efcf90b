"""Plain job functions taking a session factory and a clock; the scheduler only calls them."""

from __future__ import annotations

import logging
from typing import Any

from wvggz.clock import Clock, SystemClock
from wvggz.config import Settings
from wvggz.db import SessionFactory, make_engine, session_factory

log = logging.getLogger("wvggz.jobs")


def sweep(*, session_factory: SessionFactory, clock: Clock, settings: Settings) -> list[dict[str, Any]]:
    """Fire every due escalation rung once; returns what fired. (Built out in the scheduler issue.)"""
    from wvggz.escalaties.sweep import sweep as _sweep

    return _sweep(session_factory=session_factory, clock=clock, settings=settings)


def sweep_nu(settings: Settings) -> list[dict[str, Any]]:
    """Run one sweep now against the configured database (for `wvggz sweep`)."""
    return sweep(session_factory=session_factory(make_engine(settings.database_url)), clock=SystemClock(),
                 settings=settings)


JOBS: list[tuple[str, Any, str, dict[str, Any]]] = [
    ("sweep-termijnen", sweep, "interval", {"minutes": 1}),
]
