"""Sweep benchmark: 1,000 due termijnen in a table of 10,000 rows and in one of 1,000,000 rows.

The claim reads the index (status, volgende_trede_op), so the sweep time follows the number of due items,
not the size of the table. Printed: build time, claim time, sweep time, per item; plus an empty sweep and a
sweep of 2,000 due items on the big table. Rows are bulk-inserted with SQLAlchemy core executemany.
"""

from __future__ import annotations

from sqlmodel import SQLModel, func, select

import wvggz.models  # noqa: F401
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
from wvggz.clock import FixedClock, monotonic
from wvggz.config import Settings
from wvggz.db import make_engine, session_factory
from wvggz.escalaties.models import Escalatie
from wvggz.escalaties.sweep import claim, sweep
from wvggz.gebruikers.service import maak_gebruiker

DUE = 1_000


def _bouw(tmp_path, totaal: int, extra_due: int) -> tuple:
    """Return (engine, factory, settings, seconds) of a database with `totaal` term rows: DUE due at T1,
    `extra_due` due at T2 only, the rest open but not due (40%) or closed (60%)."""
    settings = Settings(database_url=f"sqlite:///{tmp_path / f'sweep-{totaal}.db'}", gemeente="Den Haag")
    engine = make_engine(settings.database_url)
    SQLModel.metadata.create_all(engine)
    factory = session_factory(engine)
    with factory() as s:
        for naam, rol in (("intake", "intake"), ("pl", "projectleider")):
            maak_gebruiker(session=s, clock=FixedClock(START_T1), gebruikersnaam=naam, rol=rol,
                           wachtwoord="geheim-wachtwoord", gemeente="Den Haag")
        s.commit()
    begin = monotonic()
    a = meldingen(engine, settings, [START_T1] * DUE)
    b = meldingen(engine, settings, [START_T2] * extra_due) if extra_due else []
    termijnen(engine, settings, a, START_T1)
    if b:
        termijnen(engine, settings, b, START_T2)
    rest = totaal - DUE - extra_due
    open_, dicht = int(rest * 0.4), rest - int(rest * 0.4)
    ids = a + b
    termijnen(engine, settings, [ids[i % len(ids)] for i in range(open_)], START_LATER)
    termijnen(engine, settings, [ids[i % len(ids)] for i in range(dicht)], START_T1, gesloten=True)
    with engine.connect() as conn:
        conn.exec_driver_sql("ANALYZE")
    return engine, factory, settings, monotonic() - begin


def _meet(factory, settings, moment) -> tuple[float, float, int]:
    """Return (claim seconds, sweep seconds, fired) for a sweep at `moment`."""
    with factory() as s:
        begin = monotonic()
        claim(s, moment, 200)
        claimtijd = monotonic() - begin
        s.rollback()
    begin = monotonic()
    gevuurd = sweep(session_factory=factory, clock=FixedClock(moment), settings=settings)
    return claimtijd, monotonic() - begin, len(gevuurd)


def test_sweep_groeit_met_de_vervallen_items_niet_met_de_tabel(tmp_path):
    regels = []
    for totaal, extra in ((10_000, 0), (1_000_000, 2 * DUE)):
        engine, factory, settings, bouwtijd = _bouw(tmp_path, totaal, extra)
        with factory() as s:
            assert s.exec(select(func.count()).select_from(wvggz.models.Termijn)).one() == totaal
        assert "USING INDEX ix_termijn_sweep" in claimplan(engine, T1)
        claimtijd, tijd, gevuurd = _meet(factory, settings, T1)
        assert gevuurd == DUE
        regels.append((totaal, DUE, gevuurd, bouwtijd, claimtijd, tijd))
        leeg = _meet(factory, settings, T1)
        assert leeg[2] == 0
        regels.append((totaal, 0, 0, 0.0, leeg[0], leeg[1]))
        if extra:
            claimtijd, tijd, gevuurd = _meet(factory, settings, T2)
            assert gevuurd == extra
            regels.append((totaal, extra, gevuurd, 0.0, claimtijd, tijd))
        with factory() as s:
            assert s.exec(select(func.count()).select_from(Escalatie)).one() == DUE + extra
        engine.dispose()
    print("\n\nSweep (SQLite, one process; herinnering per due term: escalation row + inbox message + history)")
    print(f"{'termijn rows':>14} {'due':>6} {'fired':>6} {'build s':>8} {'claim ms':>9} {'sweep s':>8} {'ms/item':>8}")
    for totaal, due, gevuurd, bouw, claimtijd, tijd in regels:
        per = f"{tijd * 1000 / gevuurd:8.2f}" if gevuurd else f"{'-':>8}"
        print(f"{totaal:>14,} {due:>6,} {gevuurd:>6,} {bouw:>8.1f} {claimtijd * 1000:>9.2f} {tijd:>8.3f} {per}")
    klein, groot = regels[0][5], regels[2][5]
    print(f"1,000 due: {groot / klein:.2f}x the time at 100x the table size (10,000 -> 1,000,000 rows)\n")
