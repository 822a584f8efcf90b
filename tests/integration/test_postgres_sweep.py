"""On PostgreSQL any number of scheduler processes may sweep: due rows are claimed with FOR UPDATE SKIP
LOCKED and the unique key (termijn_id, trede) backs it up. Two real processes share 1,000 due terms and
every step fires exactly once (rows, messages, tasks, history)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import SQLModel, func, select

import wvggz.models  # noqa: F401
from notifications.outbox import Bericht
from tests.factories.bulk import T1, meldingen, termijnen
from wvggz.audit.models import Historie
from wvggz.clock import FixedClock, SystemClock
from wvggz.config import Settings
from wvggz.db import make_engine, session_factory
from wvggz.escalaties.models import Escalatie
from wvggz.escalaties.sweep import claim, sweep
from wvggz.gebruikers.service import maak_gebruiker
from wvggz.taken.models import Taak
from wvggz.termijnen.models import Termijn

pytestmark = pytest.mark.postgres
AANTAL = 1_000
STAPPEN = 2  # caught up at once: the highest rung (escalatie) and the lapse check

WERKER = textwrap.dedent("""
    import json, sys, time
    from pathlib import Path
    from wvggz.clock import SystemClock
    from wvggz.config import Settings
    from wvggz.db import make_engine, session_factory
    from wvggz.escalaties.sweep import voer_uit

    url, startsein = sys.argv[1], Path(sys.argv[2])
    settings = Settings(database_url=url)
    factory = session_factory(make_engine(url))
    print("klaar", flush=True)
    while not startsein.exists():
        time.sleep(0.001)
    paren, mislukt, leeg = [], 0, 0
    while leeg < 3:  # like a scheduler: sweep again and again until there is nothing left
        uitslag = voer_uit(session_factory=factory, clock=SystemClock(), settings=settings, batch=20)
        paren += [[f["termijn_id"], f["trede"]] for f in uitslag.gevuurd]
        mislukt += len(uitslag.mislukt)
        leeg = 0 if uitslag.gevuurd else leeg + 1
    print(json.dumps({"paren": paren, "mislukt": mislukt}), flush=True)
""")


def _database(url: str) -> tuple:
    settings = Settings(database_url=url, gemeente="Den Haag")
    engine = make_engine(url)
    SQLModel.metadata.create_all(engine)
    factory = session_factory(engine)
    with factory() as s:
        for naam, rol in (("intake", "intake"), ("pl", "projectleider")):
            maak_gebruiker(session=s, clock=SystemClock(), gebruikersnaam=naam, rol=rol,
                           wachtwoord="geheim-wachtwoord", gemeente="Den Haag")
        s.commit()
    return settings, engine, factory


def test_twee_scheduler_processen_vuren_elke_trede_precies_eenmaal(postgres_url, tmp_path):
    settings, engine, factory = _database(postgres_url)
    start = SystemClock().now() - timedelta(days=20)  # every step of these meldingen is due
    termijnen(engine, settings, meldingen(engine, settings, [start] * AANTAL), start)
    startsein = tmp_path / "start"
    processen = [subprocess.Popen([sys.executable, "-c", WERKER, postgres_url, str(startsein)],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                  cwd=Path(__file__).resolve().parents[2]) for _ in range(2)]
    for p in processen:
        assert p.stdout.readline().strip() == "klaar", p.stderr.read()
    startsein.touch()  # both processes start sweeping at the same moment
    uitslagen = []
    for p in processen:
        uit, fout = p.communicate(timeout=300)
        assert p.returncode == 0, fout
        uitslagen.append(json.loads(uit))
    paren = [tuple(paar) for u in uitslagen for paar in u["paren"]]
    print(f"\nverdeling over de twee processen: {[len(u['paren']) for u in uitslagen]} stappen")
    assert len(paren) == len(set(paren)) == AANTAL * STAPPEN
    assert all(len(u["paren"]) > 0 for u in uitslagen)  # both processes did part of the work
    assert [u["mislukt"] for u in uitslagen] == [0, 0]  # SKIP LOCKED: never even a conflict
    with factory() as s:
        telling = lambda model, *w: s.exec(select(func.count()).select_from(model).where(*w)).one()  # noqa: E731
        assert telling(Escalatie) == AANTAL * STAPPEN
        assert len(s.exec(select(Escalatie.termijn_id, Escalatie.trede).distinct()).all()) == AANTAL * STAPPEN
        assert telling(Bericht, Bericht.kanaal == "inbox") == AANTAL  # one rung sent, one recipient
        assert len(s.exec(select(Bericht.dedup_sleutel).distinct()).all()) == telling(Bericht)
        assert telling(Taak, Taak.soort == "naaste_route") == AANTAL
        assert telling(Historie, Historie.door == "systeem") == AANTAL * STAPPEN
        assert telling(Termijn, Termijn.volgende_trede_op.is_not(None)) == 0
    engine.dispose()


def test_een_geclaimde_rij_wordt_door_een_tweede_sweep_overgeslagen(postgres_url):
    settings, engine, factory = _database(postgres_url)
    start = T1 - timedelta(days=20)
    termijnen(engine, settings, meldingen(engine, settings, [start] * 3), start)
    with factory() as a, factory() as b:
        eerste = claim(a, T1, 2)  # holds the lock on two rows until it ends its transaction
        tweede = claim(b, T1, 10)
        assert len(eerste) == 2 and len(tweede) == 1
        assert {t.id for t in eerste}.isdisjoint({t.id for t in tweede})
        a.rollback()
        assert len(claim(b, T1, 10)) == 3  # a's rows are free again (b's own lock does not stop b)
        with factory() as c:
            assert claim(c, T1, 10) == []  # b now holds all three
    assert len(sweep(session_factory=factory, clock=FixedClock(T1), settings=settings)) == 3 * STAPPEN
    engine.dispose()
