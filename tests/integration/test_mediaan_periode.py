"""The 12-month median of the dashboard (ADR 0019, round 4): found in the band between the months' middles,
exactly the middle of all durations sorted, also for months with very different durations, ties, even and
odd counts and empty months; on SQLite and on PostgreSQL."""

from __future__ import annotations

import random
from datetime import datetime
from statistics import median

import pytest
from sqlalchemy import insert
from sqlmodel import SQLModel

import wvggz.models  # noqa: F401
from wvggz.cijfers.models import Doorlooptijd, Maandcijfer
from wvggz.cijfers.service import BESLUITEN
from wvggz.clock import TZ
from wvggz.db import make_engine, session_factory
from wvggz.schermen.cijfers import _ALLE, _middens, maanden_terug, per_maand

NU = datetime(2026, 4, 13, 9, 0, tzinfo=TZ)
DAG = 86_400_000_000


def _maand_duren(rnd: random.Random) -> list[list[int]]:
    """Durations per month: some months empty or tiny, some far apart from the others, many ties."""
    uit = []
    for i in range(12):
        aantal = rnd.choice([0, 1, 2, 3, rnd.randrange(4, 60)])
        schaal = rnd.choice([1, 1, 5, 40]) * DAG
        basis = rnd.choice([0, i * DAG, 30 * DAG])
        uit.append([basis + rnd.choice([rnd.randrange(schaal), DAG * 7]) for _ in range(aantal)])
    return uit


def _vul(factory, duren: list[list[int]]) -> list[str]:  # noqa: ANN001
    codes = [m.strftime("%Y-%m") for m in maanden_terug(NU)]
    buiten = [{"melding_id": 10**6 + i, "gemeente": "den haag", "maand": "2024-01", "microseconden": i} for i in range(5)]
    rijen = [{"melding_id": 1 + 1000 * i + j, "gemeente": "den haag", "maand": c, "microseconden": d}
             for i, (c, lijst) in enumerate(zip(codes, duren, strict=True)) for j, d in enumerate(lijst)]
    tellers = [{"gemeente": "den haag", "maand": c, "cijfer": BESLUITEN, "aantal": len(lijst)}
               for c, lijst in zip(codes, duren, strict=True) if lijst]
    with factory() as s:
        s.execute(insert(Doorlooptijd.__table__), rijen + buiten)  # an older month must not count
        if tellers:
            s.execute(insert(Maandcijfer.__table__), tellers)
        s.commit()
    return codes


def _controleer(factory, rnd: random.Random) -> None:  # noqa: ANN001
    duren = _maand_duren(rnd)
    codes = _vul(factory, duren)
    alle = sorted(d for lijst in duren for d in lijst)
    with factory() as s:
        midden = _middens(s, "den haag", codes, {c: len(lijst) for c, lijst in zip(codes, duren, strict=True)})
        regels, totaal = per_maand(s, "Den Haag", NU)
    if not alle:
        assert midden == {} and totaal is None
        return
    n = len(alle)
    assert midden[_ALLE] == alle[(n - 1) // 2:(n - 1) // 2 + 2 - n % 2]
    assert totaal == round(median(d / 1_000_000 / 86400 for d in alle), 1)
    for c, lijst in zip(codes, duren, strict=True):
        if lijst:
            k = sorted(lijst)
            assert midden[c] == k[(len(k) - 1) // 2:(len(k) - 1) // 2 + 2 - len(k) % 2], c


def _leeg(engine) -> None:  # noqa: ANN001
    with engine.begin() as conn:
        conn.execute(Doorlooptijd.__table__.delete())
        conn.execute(Maandcijfer.__table__.delete())


@pytest.mark.parametrize("zaad", range(4))
def test_mediaan_over_twaalf_maanden_is_exact(factory, engine, zaad):
    rnd = random.Random(zaad)
    for _ in range(15):
        _controleer(factory, rnd)
        _leeg(engine)


def test_mediaan_over_twaalf_maanden_is_exact_op_postgres(postgres_url):
    engine = make_engine(postgres_url)
    SQLModel.metadata.create_all(engine)
    try:
        rnd = random.Random(99)
        for _ in range(15):
            _controleer(session_factory(engine), rnd)
            _leeg(engine)
    finally:
        engine.dispose()
