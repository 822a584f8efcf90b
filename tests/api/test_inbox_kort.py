"""Issue 13 point 2: short inbox rows (case reference, what it is about, end of term) that open the case
and mark the message read; the full plain text only on request."""

from __future__ import annotations

import re
from datetime import datetime

from sqlmodel import select

from notifications.outbox import Bericht
from tests.factories.paginas import csrf, inloggen, maak_melding
from wvggz.berichten.relay import relay
from wvggz.escalaties.sweep import sweep


def test_korte_inboxregel_opent_de_zaak_en_markeert_gelezen(client, gebruikers, factory, clock, settings, session):
    m = maak_melding(client, gebruikers)
    clock.set(datetime(2026, 4, 20, 8, 0))  # dag 7: the herinnering to intake (no behandelaar yet)
    sweep(session_factory=factory, clock=clock, settings=settings)
    relay(session_factory=factory, clock=clock, settings=settings)
    inloggen(client, "intake")
    html = client.get("/inbox").text
    assert f"{m['referentie']} · " in html and "(termijn eindigt 28-04-2026)" in html
    assert "<summary>Volledige tekst</summary>" in html
    [bericht_id] = re.findall(r'action="/inbox/(\d+)/open"', html)
    r = client.post(f"/inbox/{bericht_id}/open", data={"csrf_token": csrf(html)}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/meldingen/{m['id']}"
    gelezen = session.exec(select(Bericht.gelezen_op).where(Bericht.id == int(bericht_id))).one()
    session.rollback()
    assert gelezen is not None
    html = client.get("/inbox").text
    assert f'href="/meldingen/{m["id"]}"' in html and f'action="/inbox/{bericht_id}/open"' not in html
    assert client.post(f"/inbox/{bericht_id}/open", data={}).status_code == 403  # CSRF
