"""Plain job functions taking a session factory, a clock and settings; the scheduler only calls them."""

from __future__ import annotations

import logging
from typing import Any

from wvggz.bewaking import hartslag
from wvggz.bewaking.hartslag import gemeten
from wvggz.clock import TZ, Clock, SystemClock
from wvggz.config import Settings
from wvggz.db import SessionFactory, make_engine, session_factory
from wvggz.idempotentie.service import ruim_op

log = logging.getLogger("wvggz.jobs")


def sweep(*, session_factory: SessionFactory, clock: Clock, settings: Settings) -> list[dict[str, Any]]:
    """Fire every due escalation rung (and lapse hook) once; returns what fired."""
    from wvggz.escalaties.sweep import sweep as _sweep

    gevuurd = _sweep(session_factory=session_factory, clock=clock, settings=settings)
    if gevuurd:
        log.info("sweep: %d stap(pen) gevuurd", len(gevuurd))
    return gevuurd


def dagoverzicht(*, session_factory: SessionFactory, clock: Clock, settings: Settings) -> list[dict[str, Any]]:
    """Send today's digest of lapsed, unacknowledged escalations to each projectleider (once a day)."""
    from wvggz.escalaties.dagoverzicht import dagoverzicht as _dagoverzicht

    return _dagoverzicht(session_factory=session_factory, clock=clock, settings=settings)


def relay(*, session_factory: SessionFactory, clock: Clock, settings: Settings) -> dict[str, Any]:
    """Deliver the due outbox messages (staff preferences first); returns the counts of the pass."""
    from wvggz.berichten.relay import relay as _relay

    return _relay(session_factory=session_factory, clock=clock, settings=settings)


def bewaartermijn(*, session_factory: SessionFactory, clock: Clock, settings: Settings) -> list[dict[str, Any]]:
    """Anonymise what passed its retention term (nightly); returns what went."""
    from wvggz.bewaartermijn.service import voer_uit

    gedaan = voer_uit(session_factory=session_factory, clock=clock, settings=settings)
    if gedaan:
        log.info("bewaartermijn: %d zaak/zaken geanonimiseerd", len(gedaan))
    return gedaan


def sessies_opruimen(*, session_factory: SessionFactory, clock: Clock, settings: Settings) -> int:
    """Delete page sessions past their absolute lifetime (idle ones go when presented or expire later)."""
    from wvggz.gebruikers.sessies import ruim_op

    with session_factory() as session:
        aantal = ruim_op(session, clock.now())
        session.commit()
    return aantal


def sweep_nu(settings: Settings) -> Any:
    """Run one sweep now against the configured database (for `wvggz sweep`); returns its Uitslag."""
    from wvggz.escalaties.sweep import voer_uit

    return voer_uit(session_factory=session_factory(make_engine(settings.database_url)), clock=SystemClock(),
                    settings=settings)


# (id, function, APScheduler trigger, trigger arguments): a metronome of fixed jobs, never one per case.
JOBS: list[tuple[str, Any, str, dict[str, Any]]] = [
    ("sweep-termijnen", gemeten("sweep", sweep), "interval", {"minutes": 1}),
    ("dagoverzicht", dagoverzicht, "cron", {"hour": 8, "minute": 0, "timezone": TZ}),
    ("relay-berichten", gemeten("relay", relay), "interval", {"seconds": 5}),
    ("hartslag", hartslag.scheduler, "interval", {"seconds": 30}),
    ("idempotentie-opruimen", ruim_op, "interval", {"hours": 1}),
    ("bewaartermijn", bewaartermijn, "cron", {"hour": 2, "minute": 30, "timezone": TZ}),
    ("sessies-opruimen", sessies_opruimen, "interval", {"minutes": 15}),
]

# Jobs that also run once soon after start (job id -> delay in seconds), to catch up on what fell due
# while nothing ran; both are idempotent (a fired rung or a sent digest is never repeated). The digest
# waits a minute so that it lists what the catch-up sweep just escalated.
BIJ_START: dict[str, int] = {"sweep-termijnen": 0, "dagoverzicht": 60, "hartslag": 0}
