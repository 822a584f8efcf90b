"""SQL statements per render of the werkvoorraad (page and JSON list) and the projectleider's dashboard,
counted with SQLAlchemy events: within a budget, and the same for 3 and for 12 meldingen (no query per row).
The access log is counted apart, in rows: one per person shown (ADR 0019)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import text

from tests.factories import auth
from tests.factories.paginas import inloggen, maak_melding

BUDGET = {"/werkvoorraad": 14, "/api/v1/meldingen": 9, "/dashboard": 17}


def _meldingen(client, gebruikers, clock, aantal: int) -> None:  # noqa: ANN001
    """Register `aantal` meldingen a day apart; every third is taken in onderzoek and decided."""
    ik = gebruikers["intake"][0].id
    for i in range(aantal):
        clock.set(clock.now() + timedelta(days=1))
        m = maak_melding(client, gebruikers)
        if i % 3 == 0:
            r = client.post(f"/api/v1/meldingen/{m['id']}/acties/start_onderzoek",
                            json={"versie": m["versie"], "behandelaar_id": ik}, headers=auth(gebruikers, "intake"))
            m = r.json()
            r = client.post(f"/api/v1/meldingen/{m['id']}/acties/besluit_geen_aanvraag",
                            json={"versie": m["versie"], "reden_code": "vrijwillige_zorg", "reden": "FACT",
                                  "medische_expertise": "SPV", "gesprek_met_betrokkene": True},
                            headers=auth(gebruikers, "intake"))
            assert r.status_code == 200, r.text


def _tel(client, teller, engine, pad: str, **kwargs) -> tuple[int, int]:  # noqa: ANN001, ANN003
    """Return (statements besides the access log's INSERTs, access-log rows written) of one GET of `pad`."""
    client.get(pad, **kwargs)  # warm: caches of the first request (calendar, rules) are not the page's work
    with engine.connect() as conn:
        voor = conn.execute(text("SELECT count(*) FROM toegang")).scalar()
    teller.clear()
    r = client.get(pad, **kwargs, follow_redirects=False)
    assert r.status_code == 200, r.text[:200]
    werk = [r for r in teller if "INTO toegang" not in r]
    with engine.connect() as conn:
        return len(werk), conn.execute(text("SELECT count(*) FROM toegang")).scalar() - voor


@pytest.mark.parametrize("pad", ["/werkvoorraad", "/api/v1/meldingen", "/dashboard"])
def test_statements_per_render_binnen_budget_en_niet_per_rij(pad, client, gebruikers, clock, teller, engine):
    naam = "pl" if pad == "/dashboard" else "intake"
    kwargs = {"headers": auth(gebruikers, "intake")} if pad.startswith("/api") else {}
    _meldingen(client, gebruikers, clock, 3)
    if not kwargs:
        inloggen(client, naam)  # after the clock moved: a page session ends after 30 idle minutes
    weinig, log_weinig = _tel(client, teller, engine, pad, **kwargs)
    _meldingen(client, gebruikers, clock, 9)
    if not kwargs:
        inloggen(client, naam)
    veel, log_veel = _tel(client, teller, engine, pad, **kwargs)
    assert veel == weinig, (pad, weinig, veel)  # one more row shown costs no extra statement
    assert veel <= BUDGET[pad], (pad, veel)
    if pad != "/dashboard":  # the lists log each person shown (need to know); the dashboard shows no persons
        assert log_veel == log_weinig + 9 and log_weinig >= 3
    else:
        assert log_veel == log_weinig == 0
