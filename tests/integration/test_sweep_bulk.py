"""Bulk rows for the benchmark and the PostgreSQL test (SQLAlchemy core executemany, not the ORM), checked
here to behave exactly like rows made by the services; and the sweep's claim reads only its index."""

from __future__ import annotations

import pytest

from tests.factories.bulk import (
    START_LATER,
    START_T1,
    START_T2,
    T1,
    T2,
    claimplan,
    meldingen,
    termijnen,
)
from wvggz.clock import TZ, FixedClock
from wvggz.escalaties.sweep import claim, sweep
from wvggz.termijnen.service import open_termijn


def test_bulkrijen_gedragen_zich_als_rijen_van_de_services(engine, factory, settings, gebruikers):
    a = meldingen(engine, settings, [START_T1] * 3)
    b = meldingen(engine, settings, [START_T2] * 2)
    termijnen(engine, settings, a, START_T1)
    termijnen(engine, settings, b, START_T2)
    termijnen(engine, settings, a + b, START_LATER)
    termijnen(engine, settings, a + b, START_T1, gesloten=True)
    eerste = sweep(session_factory=factory, clock=FixedClock(T1), settings=settings)
    assert sorted((f["zaak_id"], f["trede"]) for f in eerste) == [(z, "herinnering") for z in a]
    assert eerste[0]["referentie"] == f"M-2026-{a[0]:06d}"
    tweede = sweep(session_factory=factory, clock=FixedClock(T2), settings=settings)
    assert sorted((f["zaak_id"], f["trede"]) for f in tweede) == [(z, "herinnering") for z in b]


@pytest.mark.sqlite_only  # reads SQLite's query plan
def test_claim_leest_alleen_de_index(engine, factory, settings):
    termijnen(engine, settings, list(range(1, 51)), START_LATER)
    plan = claimplan(engine, T1.astimezone(TZ))
    assert "USING INDEX ix_termijn_sweep" in plan and "SCAN" not in plan, plan
    with factory() as s:
        assert claim(s, T1, 10) == []


def test_bulkrij_is_in_de_database_gelijk_aan_een_rij_van_open_termijn(engine, factory, settings):
    with factory() as s:
        open_termijn(s, soort="melding_beslissing", zaak_type="melding", zaak_id=9, start=START_T1, settings=settings)
        s.commit()
    termijnen(engine, settings, [9], START_T1)
    with engine.connect() as conn:
        service, bulk = conn.exec_driver_sql("SELECT * FROM termijn ORDER BY id").all()
    assert service[1:] == bulk[1:]  # byte for byte: stored datetimes compare as text on SQLite
