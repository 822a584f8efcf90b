"""Sweep benchmark: 10,000 due rungs in a table of 10,000 and of 1,000,000 term rows, on SQLite and on
PostgreSQL (WVGGZ_TEST_POSTGRES_URL, a fresh database per size; skipped without it).

Printed per database and size: the sweep's total and per-item cost, its SQL statements per item (an
executemany counts once), the cost of one claim of a batch, and a
floor in the same run on the same database: plain SQL through the same driver writing the same rows per rung
(escalation row, inbox message, chained history row; per batch the pointers, the chain head, one commit).
"Flat": per item at 1,000,000 rows within ~1.3x of that at 10,000. Also the sweep's CPU per item: this
process's plus, on PostgreSQL, that of the server backend it used (read from /proc when the server runs on this
machine): on a shared, busy machine a steadier comparison than wall time. Then one JSON line.
Run: `make bench`, or `.venv/bin/python tests/benchmarks/bench_sweep.py`."""

from __future__ import annotations

import hashlib
import json
import os
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import bindparam, event, insert, select, text, update
from sqlmodel import SQLModel

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import wvggz.models  # noqa: E402, F401
from tests.factories.bulk import START_LATER, START_T1, T1, claimplan, meldingen, termijnen  # noqa: E402
from tests.factories.database import nieuwe_postgres_database  # noqa: E402
from wvggz.clock import FixedClock, monotonic  # noqa: E402
from wvggz.config import Settings  # noqa: E402
from wvggz.db import make_engine, session_factory  # noqa: E402
from wvggz.escalaties.sweep import BATCH, batchgrootte, claim, claim_stmt, sweep  # noqa: E402
from wvggz.gebruikers.service import maak_gebruiker  # noqa: E402

pytestmark = pytest.mark.bench

DUE = int(os.environ.get("WVGGZ_BENCH_SWEEP_DUE", "10000"))
GROOTTES = (10_000, 1_000_000)


def _kolommen(conn, tabel: str) -> list[str]:  # noqa: ANN001
    return [c.name for c in SQLModel.metadata.tables[tabel].columns if c.name != "id"]


def _vermenigvuldig(engine, sjabloon_id: int, aantal: int, zaak_ids: list[int]) -> None:  # noqa: ANN001
    """Copy term row `sjabloon_id` `aantal` times in one INSERT … SELECT (zaak ids cycling over `zaak_ids`)."""
    if aantal <= 0:
        return
    with engine.begin() as conn:
        kol = _kolommen(conn, "termijn")
        keuze = ", ".join(f"({min(zaak_ids)} + (r.i % {len(zaak_ids)}))" if k == "zaak_id" else f"t.{k}" for k in kol)
        conn.execute(text(
            f"WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < {aantal}) "
            f"INSERT INTO termijn ({', '.join(kol)}) SELECT {keuze} FROM termijn t, r WHERE t.id = {sjabloon_id}"))


def _bouw(url: str, totaal: int) -> tuple:
    """Return (engine, factory, settings, seconds): DUE due terms at T1, the rest open not due (40%) or closed."""
    settings = Settings(database_url=url, gemeente="Den Haag")
    engine = make_engine(url)
    SQLModel.metadata.create_all(engine)
    factory = session_factory(engine)
    with factory() as s:
        for naam, rol in (("intake", "intake"), ("pl", "projectleider")):
            maak_gebruiker(session=s, clock=FixedClock(START_T1), gebruikersnaam=naam, rol=rol,
                           wachtwoord="geheim-wachtwoord", gemeente="Den Haag")
        s.commit()
    begin = monotonic()
    ids = meldingen(engine, settings, [START_T1] * DUE)
    termijnen(engine, settings, ids, START_T1)
    rest = totaal - DUE
    open_, dicht = int(rest * 0.4), rest - int(rest * 0.4)
    for aantal, gesloten in ((open_, False), (dicht, True)):
        if aantal:
            with engine.connect() as conn:
                voor = conn.execute(text("SELECT coalesce(max(id), 0) FROM termijn")).scalar()
            termijnen(engine, settings, ids[:1], START_LATER if not gesloten else START_T1, gesloten=gesloten)
            _vermenigvuldig(engine, voor + 1, aantal - 1, ids)
    with engine.connect() as conn:
        conn.execute(text("ANALYZE"))
        conn.commit()
        assert conn.execute(text("SELECT count(*) FROM termijn")).scalar() == totaal
    return engine, factory, settings, monotonic() - begin


def _claimtijd(factory, batch: int) -> float:  # noqa: ANN001
    """Median seconds of one claim of a batch (locked, then rolled back), over 5 tries."""
    tijden = []
    for _ in range(5):
        with factory() as s:
            begin = monotonic()
            assert len(claim(s, T1, batch)) == batch
            tijden.append(monotonic() - begin)
            s.rollback()
    return statistics.median(tijden)


def _server_cpu(pid: int) -> float | None:
    """CPU seconds (user + system) of the PostgreSQL backend `pid`, when it runs on this machine; else None."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            velden = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(velden[11]) + int(velden[12])) / os.sysconf("SC_CLK_TCK")


@contextmanager
def _cpu(engine):  # noqa: ANN001, ANN202
    """Measure the CPU the block costs: this process's (`time.process_time`) and, on PostgreSQL, that of the
    server backends of the connections it takes from the pool (read from /proc: a server on this machine only).
    Yields a dict that gets "client" and "server" (None when not measurable) in seconds. Less sensitive than
    wall time to the other work on a shared machine."""
    backends: dict[int, float | None] = {}

    def uitgecheckt(dbapi_conn, *_args) -> None:  # noqa: ANN001, ANN002
        pid = getattr(getattr(dbapi_conn, "info", None), "backend_pid", None)
        if pid is not None and pid not in backends:
            backends[pid] = _server_cpu(pid)

    uit: dict = {}
    if engine.dialect.name == "postgresql":
        event.listen(engine.pool, "checkout", uitgecheckt)
    begin = time.process_time()
    try:
        yield uit
    finally:
        uit["client"] = time.process_time() - begin
        if engine.dialect.name == "postgresql":
            event.remove(engine.pool, "checkout", uitgecheckt)
            eind = {pid: _server_cpu(pid) for pid in backends}
            if backends and all(v is not None for v in (*backends.values(), *eind.values())):
                uit["server"] = sum(eind[p] - backends[p] for p in backends)
        uit.setdefault("server", None if engine.dialect.name == "postgresql" else 0.0)


def _geschreven(engine) -> dict:  # noqa: ANN001
    """Return the rows the sweep wrote: escalatie and bericht per termijn, historie per zaak."""
    t = SQLModel.metadata.tables
    with engine.connect() as conn:
        esc = {r["termijn_id"]: dict(r) for r in conn.execute(select(t["escalatie"])).mappings()}
        ber = {}
        for r in conn.execute(select(t["bericht"]).where(t["bericht"].c.dedup_sleutel.like("termijn:%"))).mappings():
            ber[int(r["dedup_sleutel"].split(":")[1])] = dict(r)
        his = {r["zaak_id"]: dict(r) for r in conn.execute(
            select(t["historie"]).where(t["historie"].c.actie == "herinnering_verstuurd")).mappings()}
        punt = dict(conn.execute(select(t["termijn"].c.id, t["termijn"].c.volgende_trede_op).where(
            t["termijn"].c.id.in_(select(t["escalatie"].c.termijn_id)))).all())
    return {"escalatie": esc, "bericht": ber, "historie": his, "wijzer": punt}


def _zet_terug(engine, oud_wijzer) -> None:  # noqa: ANN001
    """Make the swept terms due again and remove their escalation and message rows (history is append-only)."""
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM bericht WHERE dedup_sleutel LIKE 'termijn:%'"))
        conn.execute(text("DELETE FROM escalatie"))
        tt = SQLModel.metadata.tables["termijn"]
        conn.execute(update(tt).where(tt.c.id <= DUE).values(volgende_trede_op=oud_wijzer))


def _vloer(engine, rijen: dict, batch: int) -> float:  # noqa: ANN001
    """The floor: claim a batch with the sweep's own statement, then per rung one INSERT each of escalatie,
    bericht and historie (a sha256 chain hash), per batch the pointers, the chain head and a commit."""
    sql_claim = claim_stmt(T1, batch).with_only_columns(SQLModel.metadata.tables["termijn"].c.id)
    tt = SQLModel.metadata.tables["termijn"]
    wijzer = update(tt).where(tt.c.id == bindparam("t_id")).values(volgende_trede_op=bindparam("v"))
    voorbeeld = {t: insert(SQLModel.metadata.tables[t]) for t in ("escalatie", "bericht", "historie")}
    begin = monotonic()
    with engine.connect() as conn:
        kop = conn.execute(text("SELECT volgnummer, hash FROM audit_keten WHERE tabel = 'historie'")).first()
        nummer, vorige = (int(kop[0]), kop[1]) if kop else (0, "0" * 64)
        conn.commit()
        while True:
            ids = [r[0] for r in conn.execute(sql_claim)]
            if not ids:
                break
            for tid in ids:
                conn.execute(voorbeeld["escalatie"], {k: v for k, v in rijen["escalatie"][tid].items() if k != "id"})
                conn.execute(voorbeeld["bericht"], {k: v for k, v in rijen["bericht"][tid].items() if k != "id"})
                h = dict(rijen["historie"][rijen["escalatie"][tid]["zaak_id"]])
                nummer += 1
                h["volgnummer"] = nummer
                h["hash"] = vorige = hashlib.sha256(f"{vorige}:{json.dumps(h, default=str)}".encode()).hexdigest()
                conn.execute(voorbeeld["historie"], {k: v for k, v in h.items() if k != "id"})
            conn.execute(wijzer, [{"v": rijen["wijzer"][t], "t_id": t} for t in ids])
            conn.execute(text("UPDATE audit_keten SET volgnummer = :n, hash = :h WHERE tabel = 'historie'"),
                         {"n": nummer, "h": vorige})
            conn.commit()
    return monotonic() - begin


def meet(url: str, totaal: int, db: str) -> dict:
    """Seed, claim, sweep, reset, floor on one database; returns the figures of one line."""
    engine, factory, settings, bouwtijd = _bouw(url, totaal)
    try:
        with engine.connect() as conn:
            tt = SQLModel.metadata.tables["termijn"]
            oud = conn.execute(select(tt.c.volgende_trede_op).where(tt.c.id == 1)).scalar()
        if engine.dialect.name == "sqlite":  # the claim reads the index, whatever the table size
            assert "USING INDEX ix_termijn_sweep" in claimplan(engine, T1)
        batch = batchgrootte(engine.dialect.name)
        claimtijd = _claimtijd(factory, batch)
        statements: list[int] = []

        def tel(*_args) -> None:  # noqa: ANN002
            statements.append(1)

        event.listen(engine, "before_cursor_execute", tel)
        with _cpu(engine) as cpu:
            begin = monotonic()
            gevuurd = sweep(session_factory=factory, clock=FixedClock(T1), settings=settings)
            tijd = monotonic() - begin
        event.remove(engine, "before_cursor_execute", tel)
        assert len(gevuurd) == DUE, len(gevuurd)
        rijen = _geschreven(engine)
        assert len(rijen["escalatie"]) == len(rijen["bericht"]) == len(rijen["historie"]) == DUE
        _zet_terug(engine, oud)
        vloer = _vloer(engine, rijen, batch)
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM escalatie")).scalar() == DUE
    finally:
        engine.dispose()
    return {"db": db, "termijnen": totaal, "due": DUE, "batch": batch, "bouw_s": round(bouwtijd, 1),
            "claim_ms": round(claimtijd * 1000, 2), "sweep_s": round(tijd, 2),
            "ms_per_item": round(tijd * 1000 / DUE, 3), "statements_per_item": round(len(statements) / DUE, 3),
            "cpu_client_ms_per_item": round(cpu["client"] * 1000 / DUE, 3),
            "cpu_server_ms_per_item": None if cpu["server"] is None else round(cpu["server"] * 1000 / DUE, 3),
            "cpu_ms_per_item": None if cpu["server"] is None else round((cpu["client"] + cpu["server"]) * 1000 / DUE, 3),
            "vloer_s": round(vloer, 2),
            "vloer_ms_per_item": round(vloer * 1000 / DUE, 3), "app_vloer": round(tijd / vloer, 2)}


@contextmanager
def _postgres():
    with nieuwe_postgres_database() as url:
        yield url


def meet_alles() -> list[dict]:
    regels = []
    with tempfile.TemporaryDirectory() as tmp:
        for totaal in GROOTTES:
            regels.append(meet(f"sqlite:///{tmp}/sweep-{totaal}.db", totaal, "sqlite"))
            print(f"  {json.dumps(regels[-1])}", flush=True)  # each line as soon as it is measured
    if os.environ.get("WVGGZ_TEST_POSTGRES_URL"):
        for totaal in GROOTTES:
            with _postgres() as url:
                regels.append(meet(url, totaal, "postgresql"))
            print(f"  {json.dumps(regels[-1])}", flush=True)
    _druk(regels)
    return regels


def _druk(regels: list[dict]) -> None:
    batches = ", ".join(f"{db} {b}" for db, b in dict.fromkeys((r["db"], r["batch"]) for r in regels))
    print(f"\n\nSweep: {DUE:,} due rungs (herinnering: escalation row + inbox message + chained history), "
          f"batch {batches or BATCH}")
    print(f"{'db':>10} {'termijnen':>10} {'build s':>8} {'claim ms':>9} {'sweep s':>8} {'ms/item':>8} "
          f"{'stmt/it':>8} {'floor s':>8} {'fl ms/it':>8} {'app/fl':>7} {'cpu ms/it':>9} {'(server)':>8}")
    for r in regels:
        cpu = f"{r['cpu_ms_per_item']:>9.3f} {r['cpu_server_ms_per_item']:>8.3f}" if r["cpu_ms_per_item"] is not None else f"{'-':>9} {'-':>8}"
        print(f"{r['db']:>10} {r['termijnen']:>10,} {r['bouw_s']:>8.1f} {r['claim_ms']:>9.2f} {r['sweep_s']:>8.2f} "
              f"{r['ms_per_item']:>8.3f} {r['statements_per_item']:>8.2f} {r['vloer_s']:>8.2f} {r['vloer_ms_per_item']:>8.3f} {r['app_vloer']:>7.2f} {cpu}")
    per = {(r["db"], r["termijnen"]): r["ms_per_item"] for r in regels}
    samen = {"bench": "sweep", "regels": regels}
    for db in ("sqlite", "postgresql"):
        if (db, GROOTTES[0]) in per and (db, GROOTTES[1]) in per:
            samen[f"vlak_{db}"] = round(per[(db, GROOTTES[1])] / per[(db, GROOTTES[0])], 2)
            print(f"{db}: per item at {GROOTTES[1]:,} rows = {samen[f'vlak_{db}']}x that at {GROOTTES[0]:,} (flat: <= ~1.3)")
    if ("postgresql", GROOTTES[0]) in per:
        samen["pg_sqlite"] = [round(per[("postgresql", g)] / per[("sqlite", g)], 2) for g in GROOTTES]
        print(f"PostgreSQL/SQLite per item: {samen['pg_sqlite']} (target <= 2)")
        cpu = {(r["db"], r["termijnen"]): r["cpu_ms_per_item"] for r in regels}
        if all(cpu.get((db, g)) for db in ("sqlite", "postgresql") for g in GROOTTES):
            samen["pg_sqlite_cpu"] = [round(cpu[("postgresql", g)] / cpu[("sqlite", g)], 2) for g in GROOTTES]
            print(f"PostgreSQL/SQLite CPU per item (client + server backend): {samen['pg_sqlite_cpu']}")
    print(json.dumps(samen))


def test_sweep_per_item_vlak_en_naast_de_vloer():
    regels = meet_alles()
    assert all(r["sweep_s"] > 0 for r in regels)


if __name__ == "__main__":
    meet_alles()
