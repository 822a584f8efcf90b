"""The scheduler is a metronome: fixed jobs with fixed ids, catch-up at start, `wvggz scheduler` as its own
process and `wvggz sweep` for an operator. Jobs themselves are tested by calling them with a FixedClock."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlmodel import func, select

from tests.factories.sweep import registreer
from wvggz import jobs
from wvggz.clock import TZ, FixedClock, SystemClock
from wvggz.escalaties.models import Escalatie
from wvggz.scheduler import build

WVGGZ = str(Path(sys.executable).parent / "wvggz")


def test_vaste_jobs_met_vaste_ids_en_inhalen_bij_start(settings, factory, clock, gebruikers):
    for _ in range(3):
        registreer(factory, clock, gebruikers, settings)  # cases are rows, never jobs
    scheduler = build(settings, clock=clock, factory=factory)
    scheduler.start(paused=True)
    try:
        jobs_ = {j.id: j for j in scheduler.get_jobs()}
        assert {"sweep-termijnen", "dagoverzicht"} <= set(jobs_) and len(jobs_) == len(jobs.JOBS)
        sweep, digest = jobs_["sweep-termijnen"], jobs_["dagoverzicht"]
        assert isinstance(sweep.trigger, IntervalTrigger) and sweep.trigger.interval == timedelta(minutes=1)
        assert sweep.next_run_time == clock.now()  # catch up right at start
        assert digest.next_run_time == clock.now() + timedelta(minutes=1)  # after the catch-up sweep
        assert (sweep.coalesce, sweep.max_instances) == (True, 1)
        assert isinstance(digest.trigger, CronTrigger)
        # 08:00 Europe/Amsterdam, also on the day the clocks go forward
        volgende = digest.trigger.get_next_fire_time(None, datetime(2026, 3, 28, 12, 0, tzinfo=TZ))
        assert volgende.isoformat() == "2026-03-29T08:00:00+02:00"
        volgende = digest.trigger.get_next_fire_time(None, datetime(2026, 10, 25, 7, 0, tzinfo=TZ))
        assert volgende.isoformat() == "2026-10-25T08:00:00+01:00"
        assert set(sweep.kwargs) == {"session_factory", "clock", "settings"}
    finally:
        scheduler.shutdown(wait=False)


def _echt_registreren(factory, gebruikers, settings, dagen_geleden: int) -> int:
    return registreer(factory, FixedClock(SystemClock().now() - timedelta(days=dagen_geleden)), gebruikers, settings)


def _wacht_op_escalaties(factory, minimaal: int, seconden: float = 30) -> int:
    einde = time.monotonic() + seconden
    while time.monotonic() < einde:
        with factory() as s:
            aantal = s.exec(select(func.count()).select_from(Escalatie)).one()
        if aantal >= minimaal:
            return aantal
        time.sleep(0.2)
    return aantal


def test_gestarte_scheduler_haalt_gemiste_treden_direct_in(settings, factory, gebruikers):
    _echt_registreren(factory, gebruikers, settings, dagen_geleden=9)  # herinnering (day 7) passed
    scheduler = build(settings, factory=factory)  # the real clock
    scheduler.start()
    try:
        assert _wacht_op_escalaties(factory, 1) >= 1
    finally:
        scheduler.shutdown()
    with factory() as s:
        herinnering = s.exec(select(Escalatie).where(Escalatie.trede == "herinnering")).one()
    assert herinnering.te_laat is True


def _env(settings) -> dict[str, str]:
    return os.environ | {"WVGGZ_DATABASE_URL": settings.database_url, "WVGGZ_LOG_LEVEL": "INFO"}


def test_wvggz_scheduler_als_eigen_proces(settings, factory, gebruikers):
    _echt_registreren(factory, gebruikers, settings, dagen_geleden=20)  # every step is due
    proces = subprocess.Popen([WVGGZ, "scheduler"], env=_env(settings), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    try:
        assert _wacht_op_escalaties(factory, 2, seconden=60) == 2  # caught up: highest rung + lapse
    finally:
        proces.send_signal(signal.SIGTERM)
        _, stderr = proces.communicate(timeout=30)
    assert proces.returncode == 0, stderr
    assert "sweep-termijnen" in stderr and "dagoverzicht" in stderr


def test_wvggz_sweep_drukt_af_wat_vuurde(settings, factory, gebruikers):
    mid = _echt_registreren(factory, gebruikers, settings, dagen_geleden=20)
    uit = subprocess.run([WVGGZ, "sweep"], env=_env(settings), capture_output=True, text=True, timeout=60)
    assert uit.returncode == 0, uit.stderr
    gevuurd = json.loads(uit.stdout)
    assert [f["trede"] for f in gevuurd] == ["escalatie", "verlopen"]  # the overtaken rungs are not sent
    assert gevuurd[0]["overgeslagen"] == ["herinnering", "waarschuwing", "alert"]
    assert {f["zaak_id"] for f in gevuurd} == {mid} and all(f["te_laat"] for f in gevuurd)
    assert gevuurd[0]["referentie"].startswith("M-") and gevuurd[0]["soort"] == "melding_beslissing"
    opnieuw = subprocess.run([WVGGZ, "sweep"], env=_env(settings), capture_output=True, text=True, timeout=60)
    assert opnieuw.returncode == 0 and json.loads(opnieuw.stdout) == []
