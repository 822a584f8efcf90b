"""Relay benchmark: 10,000 queued e-mails relayed to a real local SMTP server (aiosmtpd).

The full path of the scheduler job: preference routing, claims in batches, render (subject, text,
HTML), one SMTP connection per pass, mark sent + attempt row + case history per message. Printed:
messages per second, per relay batch size. Every message must arrive exactly once.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from sqlalchemy import insert
from sqlmodel import SQLModel, func, select

import wvggz.models  # noqa: F401
from notifications.outbox import Bericht
from tests.integration.test_smtp import SmtpOntvanger
from wvggz.berichten.relay import relay
from wvggz.clock import TZ, FixedClock, monotonic
from wvggz.config import Settings
from wvggz.db import make_engine, session_factory

AANTAL = 10_000
NU = datetime(2026, 4, 13, 9, 0, tzinfo=TZ)


def _wachtrij(engine, aantal: int) -> float:
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


def test_relay_tienduizend_berichten_naar_smtp(tmp_path):
    regels = []
    for batch in (100, 500):
        server = SmtpOntvanger()
        server.start()
        settings = Settings(database_url=f"sqlite:///{tmp_path / f'relay-{batch}.db'}", smtp_host="127.0.0.1",
                            smtp_port=server.port, relay_batch=batch)
        engine = make_engine(settings.database_url)
        SQLModel.metadata.create_all(engine)
        factory = session_factory(engine)
        bouw = _wachtrij(engine, AANTAL)
        begin = monotonic()
        uitslag = relay(session_factory=factory, clock=FixedClock(NU), settings=settings)
        tijd = monotonic() - begin
        server.stop()
        assert uitslag["verzonden"] == AANTAL and uitslag["mislukt"] == uitslag["opnieuw"] == 0
        ids = Counter(server.message_ids())
        assert len(ids) == AANTAL and set(ids.values()) == {1}  # each arrived exactly once
        with factory() as s:
            assert s.exec(select(func.count()).select_from(Bericht).where(Bericht.status == "verzonden")).one() \
                == AANTAL
        engine.dispose()
        regels.append((batch, bouw, tijd))
    print(f"\n\nRelay (SQLite, one process, one SMTP connection, local aiosmtpd): {AANTAL:,} e-mails, "
          "text + HTML, attempt row + case history per message")
    print(f"{'batch':>6} {'queue s':>8} {'relay s':>8} {'msg/s':>8} {'ms/msg':>7}")
    for batch, bouw, tijd in regels:
        print(f"{batch:>6} {bouw:>8.2f} {tijd:>8.2f} {AANTAL / tijd:>8.0f} {tijd * 1000 / AANTAL:>7.2f}")
    print()
