"""Issue 13 point 2: the demo data starts quiet: the backdated cases' due rungs are caught up at load
time (only the highest per case), acknowledged with a reason in the history, and nothing is unread."""

from __future__ import annotations

import pytest
from sqlmodel import func, select

from notifications.outbox import Bericht
from wvggz.audit.models import Historie
from wvggz.clock import SystemClock
from wvggz.db import make_engine, session_factory
from wvggz.escalaties import queries
from wvggz.escalaties.models import Escalatie
from wvggz.escalaties.sweep import sweep
from wvggz.gebruikers.models import Gebruiker
from wvggz.seed import seed_als_leeg


@pytest.mark.sqlite_only  # demo data loads on SQLite only (PostgreSQL needs --forceer)
def test_demodata_begint_zonder_openstaande_escalaties_en_ongelezen_berichten(settings, engine):
    dev = settings.model_copy(update={"omgeving": "ontwikkeling"})
    assert seed_als_leeg(dev) == 0
    factory = session_factory(make_engine(dev.database_url))
    with factory() as s:
        leider = s.exec(select(Gebruiker).where(Gebruiker.gebruikersnaam == "projectleider")).one()
        assert s.exec(select(func.count()).select_from(Escalatie)).one() > 0  # the overdue demo case fired
        assert queries.per_zaak(s, leider) == []
        assert s.exec(select(func.count()).select_from(Bericht).where(
            Bericht.kanaal == "inbox", Bericht.gelezen_op.is_(None))).one() == 0
        # caught up at load: one ladder rung per term at most, never a pile of stale reminders
        ladder = s.exec(select(Escalatie).where(Escalatie.trede != "verlopen")).all()
        assert len(ladder) == len({e.termijn_id for e in ladder})
        bevestigd = s.exec(select(Historie).where(Historie.actie == "escalatie_bevestigd")).all()
        assert len(bevestigd) == len({(e.zaak_type, e.zaak_id) for e in ladder})  # one history row per case
        assert all(e.toelichting == "Demodata: bij het laden bevestigd." for e in ladder)
    assert sweep(session_factory=factory, clock=SystemClock(), settings=dev) == []  # nothing left to fire
