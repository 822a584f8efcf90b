"""Bulk rows for the benchmark and the PostgreSQL test (SQLAlchemy core executemany, not the ORM), checked
here to behave exactly like rows made by the services; and the sweep's claim reads only its index."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import Table, insert, text
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session, SQLModel, func, select

from wvggz.clock import TZ, FixedClock
from wvggz.config import Settings
from wvggz.escalaties.sweep import claim, claim_stmt, sweep
from wvggz.meldingen.models import Melding
from wvggz.personen.models import Persoon
from wvggz.termijnen.models import Termijn
from wvggz.termijnen.service import bereken_termijn, nieuwe_termijn, open_termijn

# Meldingen received on these days have their first rung (herinnering, day 7 08:00) due at T1 or T2 only.
T1 = datetime(2026, 4, 20, 10, 0, tzinfo=TZ)  # maandag
T2 = datetime(2026, 4, 21, 10, 0, tzinfo=TZ)  # dinsdag
START_T1 = datetime(2026, 4, 13, 9, 0, tzinfo=TZ)  # herinnering 20-04 08:00
START_T2 = datetime(2026, 4, 14, 9, 0, tzinfo=TZ)  # herinnering 21-04 08:00
START_LATER = datetime(2026, 4, 16, 9, 0, tzinfo=TZ)  # herinnering 23-04 08:00: not due at T1 or T2


def rij_van(obj: SQLModel) -> dict[str, Any]:
    """Return the column values of an unsaved model object (with the model's defaults), id left out."""
    return {c.name: getattr(obj, c.key) for c in type(obj).__table__.columns if not c.primary_key}


def meldingen(engine: Engine, settings: Settings, starts: Sequence[datetime]) -> list[int]:
    """Insert one melding per start (two shared persons) in bulk; returns their ids in order."""
    with Session(engine, expire_on_commit=False) as s:
        melder, betrokkene = (Persoon(achternaam=n, aangemaakt_op=starts[0]) for n in ("Bulkmelder", "Bulkbetrokkene"))
        s.add_all([melder, betrokkene])
        s.commit()
        eerste = s.exec(select(func.coalesce(func.max(Melding.id), 0))).one()
    rijen = [rij_van(Melding(gemeente=settings.gemeente, ontvangen_op=start, kanaal="telefoon", melder_id=melder.id,
                             melder_relatie="ouder", melder_is_naaste=True, betrokkene_id=betrokkene.id,
                             zorgen="bulk", uiterlijk_besluit_op=bereken_termijn(
                                 "melding_beslissing", start, settings).eindmoment)) for start in starts]
    with engine.begin() as conn:
        conn.execute(insert(Melding.__table__), rijen)
    with Session(engine) as s:
        return list(s.exec(select(Melding.id).where(Melding.id > eerste).order_by(Melding.id)))


def termijnen(engine: Engine, settings: Settings, zaak_ids: Sequence[int], start: datetime, *,
              gesloten: bool = False, blok: int = 50_000) -> None:
    """Insert one melding_beslissing term per zaak id, computed once from `start` like open_termijn does."""
    sjabloon = rij_van(nieuwe_termijn(soort="melding_beslissing", zaak_type="melding", zaak_id=0, start=start,
                                      settings=settings))
    if gesloten:
        sjabloon |= {"status": "gesloten", "volgende_trede_op": None, "gesloten_op": start, "tijdig": True}
    with engine.begin() as conn:
        for i in range(0, len(zaak_ids), blok):
            deel = zaak_ids[i:i + blok]
            if conn.dialect.name == "sqlite":
                _executemany_sqlite(conn, Termijn.__table__, sjabloon, deel)
            else:
                conn.execute(insert(Termijn.__table__), [sjabloon | {"zaak_id": z} for z in deel])


def _executemany_sqlite(conn: Connection, tabel: Table, sjabloon: dict[str, Any], zaak_ids: Sequence[int]) -> None:
    """executemany of plain tuples: the template's values go through the column types once, not per row
    (the same stored values as core's insert(), about five times faster for a million rows)."""
    kolommen = [c for c in tabel.columns if not c.primary_key]
    waarden = []
    for kolom in kolommen:
        verwerk = kolom.type.dialect_impl(conn.dialect).bind_processor(conn.dialect)
        waarden.append(verwerk(sjabloon[kolom.name]) if verwerk else sjabloon[kolom.name])
    plek = [k.name for k in kolommen].index("zaak_id")
    voor, na = tuple(waarden[:plek]), tuple(waarden[plek + 1:])
    sql = (f"INSERT INTO {tabel.name} ({', '.join(k.name for k in kolommen)}) "
           f"VALUES ({', '.join('?' * len(kolommen))})")
    conn.exec_driver_sql(sql, [(*voor, z, *na) for z in zaak_ids])


def claimplan(engine: Engine, now: datetime) -> str:
    """Return SQLite's query plan of the sweep's own claim statement."""
    sql = str(claim_stmt(now, 200, uitsluiten=[1, 2]).compile(engine, compile_kwargs={"literal_binds": True}))
    with engine.connect() as conn:
        return " | ".join(str(r[-1]) for r in conn.execute(text("EXPLAIN QUERY PLAN " + sql)))


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
