"""On PostgreSQL any number of relays may run: due messages are claimed with FOR UPDATE SKIP LOCKED and
a claim token. Two real processes share 300 e-mails to one real SMTP server; each arrives exactly once."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlmodel import SQLModel, func, select

import wvggz.models  # noqa: F401
from notifications.outbox import Bericht, Poging, maak_message_id, plaats
from tests.factories.smtp import SmtpOntvanger
from wvggz.clock import FixedClock
from wvggz.config import Settings
from wvggz.db import make_engine, session_factory

pytestmark = pytest.mark.postgres
ROOT = Path(__file__).resolve().parents[2]
AANTAL = 300

WERKER = textwrap.dedent("""
    import json, sys, time
    from pathlib import Path
    from wvggz.clock import SystemClock
    from wvggz.config import Settings
    from wvggz.db import make_engine, session_factory
    from wvggz.berichten.relay import relay

    url, poort, startsein = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])
    settings = Settings(database_url=url, smtp_host="127.0.0.1", smtp_port=poort, relay_batch=7, smtp_tls=False)
    factory = session_factory(make_engine(url))
    print("klaar", flush=True)
    while not startsein.exists():
        time.sleep(0.001)
    verzonden, leeg = 0, 0
    while leeg < 3:  # like the scheduler: pass after pass until there is nothing left
        uitslag = relay(session_factory=factory, clock=SystemClock(), settings=settings)
        verzonden += uitslag["verzonden"]
        leeg = 0 if uitslag["verzonden"] else leeg + 1
    print(json.dumps({"verzonden": verzonden}), flush=True)
""")


def wachtrij(url: str) -> tuple:
    engine = make_engine(url)
    SQLModel.metadata.create_all(engine)
    factory = session_factory(engine)
    nu = datetime(2026, 1, 1, tzinfo=UTC)  # long due for the workers' real clock
    with factory() as s:
        for i in range(AANTAL):
            plaats(s, soort="ontvangstbevestiging", kanaal="email", ontvanger_rol="melder", dedup_sleutel=f"pg:{i}",
                   gegevens={"referentie": f"M-2026-{i:06d}", "ontvangen_op": "01-01-2026", "gemeente": "Den Haag"},
                   now=nu, adres=f"melder{i}@example.org")
        s.commit()
    return engine, factory


def test_twee_relayprocessen_versturen_elk_bericht_precies_eenmaal(postgres_url, tmp_path):
    engine, factory = wachtrij(postgres_url)
    smtp = SmtpOntvanger()
    smtp.start()
    startsein = tmp_path / "start"
    try:
        processen = [subprocess.Popen([sys.executable, "-c", WERKER, postgres_url, str(smtp.port), str(startsein)],
                                      cwd=ROOT, stdout=subprocess.PIPE, text=True) for _ in range(2)]
        for p in processen:
            assert p.stdout.readline().strip() == "klaar"
        startsein.touch()
        uit = [json.loads(p.communicate(timeout=300)[0]) for p in processen]
    finally:
        smtp.stop()
    assert sum(u["verzonden"] for u in uit) == AANTAL
    assert all(u["verzonden"] > 0 for u in uit), uit  # both relays did work
    verwacht = {maak_message_id(f"pg:{i}", Settings().mail_afzender) for i in range(AANTAL)}
    assert Counter(smtp.message_ids()) == dict.fromkeys(verwacht, 1)
    with factory() as s:
        assert s.exec(select(func.count()).select_from(Bericht).where(Bericht.status == "verzonden")).one() == AANTAL
        per_bericht = Counter(s.exec(select(Poging.bericht_id).where(Poging.resultaat == "verzonden")).all())
        assert len(per_bericht) == AANTAL and set(per_bericht.values()) == {1}
    engine.dispose()


def test_een_geclaimd_bericht_wordt_door_een_tweede_relay_overgeslagen(postgres_url):
    """The claim holds the row lock until its transaction ends; SKIP LOCKED passes it by, unblocked."""
    engine, factory = wachtrij(postgres_url)
    nu = FixedClock(datetime(2026, 1, 2, tzinfo=UTC)).now()
    stmt = (select(Bericht).where(Bericht.status == "wachtend", Bericht.volgende_poging_op <= nu)
            .order_by(Bericht.volgende_poging_op, Bericht.id).limit(10).with_for_update(skip_locked=True))
    with factory() as eerste, factory() as tweede:
        a = [b.id for b in eerste.exec(stmt)]
        b = [b.id for b in tweede.exec(stmt)]
        assert len(a) == len(b) == 10 and not set(a) & set(b)
    engine.dispose()
