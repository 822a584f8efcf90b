"""The SQLite writer gate (wvggz/schrijfpoort.py, ADR 0022): writers queue in front of BEGIN IMMEDIATE and are
let in the moment the previous writer ends, within a process and across processes; readers never wait for it."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
import time

import pytest
from sqlalchemy import text

from wvggz.db import lees, make_engine, session_factory
from wvggz.schrijfpoort import PoortVerbinding, poort

pytestmark = pytest.mark.sqlite_only


@pytest.fixture
def engine(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'poort.db'}")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)"))
    yield engine
    engine.dispose()


def test_verbinding_is_een_poortverbinding(engine):
    with engine.connect() as conn:
        assert isinstance(conn.connection.dbapi_connection, PoortVerbinding)


def test_tweede_schrijver_wacht_en_gaat_direct_na_de_commit(engine):
    factory = session_factory(engine)
    eerste = factory()
    eerste.execute(text("INSERT INTO t (v) VALUES ('eerste')"))  # holds the gate and the write lock
    binnen = threading.Event()
    tijden: dict[str, float] = {}

    def tweede() -> None:
        with factory() as s:
            s.execute(text("INSERT INTO t (v) VALUES ('tweede')"))
            tijden["binnen"] = time.monotonic()
            binnen.set()
            s.commit()

    draad = threading.Thread(target=tweede)
    draad.start()
    assert not binnen.wait(0.3)  # still waiting at the gate
    tijden["commit"] = time.monotonic()
    eerste.commit()
    eerste.close()
    draad.join(5)
    assert binnen.is_set()
    assert tijden["binnen"] - tijden["commit"] < 0.05  # let in at once, not after a busy-handler sleep
    with engine.connect() as conn:
        assert [r[0] for r in conn.execute(text("SELECT v FROM t ORDER BY id"))] == ["eerste", "tweede"]


@pytest.mark.parametrize("einde", ["rollback", "close"])
def test_rollback_en_sluiten_geven_de_poort_vrij(engine, einde):
    factory = session_factory(engine)
    s = factory()
    s.execute(text("INSERT INTO t (v) VALUES ('weg')"))
    getattr(s, einde)()
    with factory() as t:  # would wait 30 s if the gate were still held
        t.execute(text("INSERT INTO t (v) VALUES ('daarna')"))
        t.commit()
    with engine.connect() as conn:
        assert [r[0] for r in conn.execute(text("SELECT v FROM t"))] == ["daarna"]


def test_lezer_neemt_de_poort_niet(engine):
    factory = session_factory(engine)
    schrijver = factory()
    schrijver.execute(text("INSERT INTO t (v) VALUES ('open')"))
    with factory() as lezer:
        lees(lezer)
        assert lezer.execute(text("SELECT count(*) FROM t")).scalar_one() == 0  # no wait: a reader
    schrijver.rollback()
    schrijver.close()


def test_wachten_is_begrensd(tmp_path):
    pad = str(tmp_path / "begrensd.db")
    p = poort(pad)
    p.neem()
    try:
        gevangen: list[BaseException] = []

        def ander() -> None:
            try:
                p.neem(wachttijd=0.2)
            except sqlite3.OperationalError as fout:
                gevangen.append(fout)

        draad = threading.Thread(target=ander)
        draad.start()
        draad.join(5)
        assert gevangen and "database is locked" in str(gevangen[0])
    finally:
        p.geef()


HOUDER = """
import sys, time
from sqlalchemy import text
from wvggz.db import make_engine
engine = make_engine(sys.argv[1])
with engine.connect() as conn:
    conn.begin()
    conn.execute(text("INSERT INTO t (v) VALUES ('ander proces')"))
    print("binnen", flush=True)
    time.sleep(0.5)
    conn.commit()
"""


def test_poort_geldt_ook_tussen_processen(engine, tmp_path):
    url = str(engine.url)
    proces = subprocess.Popen([sys.executable, "-c", HOUDER, url], stdout=subprocess.PIPE, text=True)
    try:
        assert proces.stdout.readline().strip() == "binnen"
        begin = time.monotonic()
        with session_factory(engine)() as s:
            s.execute(text("INSERT INTO t (v) VALUES ('dit proces')"))  # waits for the other process's commit
            gewacht = time.monotonic() - begin
            s.commit()
        assert 0.2 < gewacht < 5
    finally:
        proces.wait(10)
    with engine.connect() as conn:
        assert [r[0] for r in conn.execute(text("SELECT v FROM t ORDER BY id"))] == ["ander proces", "dit proces"]
