"""Relay benchmark: 10,000 queued e-mails relayed to a real local SMTP server (aiosmtpd).

The full path of the scheduler job: preference routing, claims in batches, render (subject, text,
HTML), one SMTP connection per pass, and per message: mark sent + attempt row + case history in its own
transaction. The SMTP server runs in its own process, as a real one would. Printed: messages per
second (wall clock) and the relay's own CPU time per message (steady even on a busy machine).
Every message must arrive exactly once.
"""

from __future__ import annotations

import multiprocessing
import time
from collections import Counter
from datetime import datetime

from sqlalchemy import insert
from sqlmodel import SQLModel, func, select

import wvggz.models  # noqa: F401
from notifications.outbox import Bericht
from tests.factories.smtp import SmtpOntvanger
from wvggz.berichten.relay import relay
from wvggz.clock import TZ, FixedClock, monotonic
from wvggz.config import Settings
from wvggz.db import make_engine, session_factory

AANTAL = 10_000
NU = datetime(2026, 4, 13, 9, 0, tzinfo=TZ)


def _server(verbinding) -> None:  # noqa: ANN001
    """Child process: run the SMTP server until told to stop, then send back the Message-IDs received."""
    server = SmtpOntvanger()
    server.start()
    verbinding.send(server.port)
    verbinding.recv()
    server.stop()
    verbinding.send(server.message_ids())


def wachtrij(engine, aantal: int) -> float:
    """Bulk-insert `aantal` due receipt confirmations (core executemany); returns seconds."""
    begin = monotonic()
    rijen = [{
        "soort": "ontvangstbevestiging", "kanaal": "email", "ontvanger_rol": "melder",
        "ontvanger_adres": f"melder{i}@example.org", "zaak_type": "melding", "zaak_id": i + 1,
        "gegevens": {"referentie": f"M-2026-{i + 1:06d}", "ontvangen_op": "13-04-2026", "gemeente": "Den Haag"},
        "dedup_sleutel": f"melding:{i + 1}:ontvangstbevestiging", "status": "wachtend", "pogingen": 0,
        "volgende_poging_op": NU, "aangemaakt_op": NU,
    } for i in range(aantal)]
    with engine.begin() as conn:
        conn.execute(insert(Bericht), rijen)
    return monotonic() - begin


def _meet(tmp_path, batch: int) -> tuple[float, float, float]:
    """Return (queue seconds, relay seconds, relay CPU seconds) for AANTAL messages with `batch`."""
    ouder, kind = multiprocessing.get_context("fork").Pipe()
    proces = multiprocessing.get_context("fork").Process(target=_server, args=(kind,))
    proces.start()
    try:
        settings = Settings(database_url=f"sqlite:///{tmp_path / f'relay-{batch}.db'}", smtp_host="127.0.0.1",
                            smtp_port=ouder.recv(), relay_batch=batch, smtp_tls=False)
        engine = make_engine(settings.database_url)
        SQLModel.metadata.create_all(engine)
        factory = session_factory(engine)
        bouw = wachtrij(engine, AANTAL)
        begin, cpu = monotonic(), time.process_time()
        uitslag = relay(session_factory=factory, clock=FixedClock(NU), settings=settings)
        tijd, cpu = monotonic() - begin, time.process_time() - cpu
    finally:
        ouder.send("stop")
        ids = Counter(ouder.recv())
        proces.join(timeout=30)
    assert uitslag["verzonden"] == AANTAL and uitslag["mislukt"] == uitslag["opnieuw"] == 0
    assert len(ids) == AANTAL and set(ids.values()) == {1}  # each arrived exactly once
    with factory() as s:
        assert s.exec(select(func.count()).select_from(Bericht).where(Bericht.status == "verzonden")).one() == AANTAL
    engine.dispose()
    return bouw, tijd, cpu


def test_relay_tienduizend_berichten_naar_smtp(tmp_path):
    regels = [(batch, *_meet(tmp_path, batch)) for batch in (100,)]  # the default relay_batch
    print(f"\n\nRelay: {AANTAL:,} e-mails (text + HTML) to aiosmtpd in its own process; SQLite, one relay, "
          "one SMTP connection; per message its own commit (sent + attempt + case history)")
    print(f"{'batch':>6} {'queue s':>8} {'relay s':>8} {'msg/s':>8} {'ms/msg':>7} {'CPU ms/msg':>11}")
    for batch, bouw, tijd, cpu in regels:
        print(f"{batch:>6} {bouw:>8.2f} {tijd:>8.2f} {AANTAL / tijd:>8.0f} {tijd * 1000 / AANTAL:>7.2f} "
              f"{cpu * 1000 / AANTAL:>11.2f}")
    print()
