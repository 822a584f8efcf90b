"""APScheduler 3.x wiring only: a few fixed jobs with fixed ids (a metronome, not one job per case)."""

from __future__ import annotations

import logging
import signal
import sys
import threading
from datetime import timedelta

from apscheduler.schedulers.background import BackgroundScheduler

from wvggz import jobs
from wvggz.basis_url import LokaleBasisUrl, controleer_basis_url
from wvggz.clock import TZ, Clock, SystemClock
from wvggz.config import Settings
from wvggz.db import SessionFactory, make_engine, session_factory

log = logging.getLogger("wvggz.scheduler")


def build(settings: Settings, *, clock: Clock | None = None, factory: SessionFactory | None = None,
          ) -> BackgroundScheduler:
    """Return a scheduler with the fixed jobs added (not started); jobs in BIJ_START also run soon after start."""
    factory = factory or session_factory(make_engine(settings.database_url))
    clock = clock or SystemClock()
    scheduler = BackgroundScheduler(timezone=TZ, job_defaults={"coalesce": True, "max_instances": 1,
                                                               "misfire_grace_time": 3600})
    for job_id, func, trigger, kwargs in jobs.JOBS:
        start = {"next_run_time": clock.now() + timedelta(seconds=jobs.BIJ_START[job_id])} \
            if job_id in jobs.BIJ_START else {}
        scheduler.add_job(func, trigger, id=job_id, replace_existing=True,
                          kwargs={"session_factory": factory, "clock": clock, "settings": settings},
                          **start, **kwargs)
    return scheduler


def start_background(settings: Settings) -> BackgroundScheduler:
    """Start the scheduler in a background thread (for `wvggz dev`); returns it."""
    scheduler = build(settings)
    scheduler.start()
    log.info("scheduler gestart met jobs: %s", ", ".join(j.id for j in scheduler.get_jobs()))
    return scheduler


def run_blocking(settings: Settings) -> int:
    """Run the scheduler as its own process until SIGINT/SIGTERM (exit 2: a loopback WVGGZ_BASIS_URL)."""
    from wvggz.logging import configure

    try:
        controleer_basis_url(settings)
    except LokaleBasisUrl as exc:
        print(f"Fout: {exc}", file=sys.stderr)
        return 2
    configure(settings.log_level)
    stop = threading.Event()
    scheduler = start_background(settings)
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    stop.wait()
    scheduler.shutdown()
    return 0
