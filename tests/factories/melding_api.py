"""Builders moved out of test modules (test modules share builders through tests/factories only)."""

from __future__ import annotations

from tests.factories import auth, melding_body


def maak(client, gebruikers, **over):
    r = client.post("/api/v1/meldingen", json=melding_body(**over), headers=auth(gebruikers, "intake"))
    assert r.status_code == 201, r.text
    return r.json()


def actie(client, gebruikers, m, naam, wie="intake", **velden):
    return client.post(f"/api/v1/meldingen/{m['id']}/acties/{naam}", json={"versie": m["versie"], **velden},
                       headers=auth(gebruikers, wie))
