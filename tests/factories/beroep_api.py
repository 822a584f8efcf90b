"""Builders moved out of test modules (test modules share builders through tests/factories only)."""

from __future__ import annotations

from tests.factories import auth


def beroep_van(client, gebruikers, cm):
    r = client.get(f"/api/v1/beroepen/{cm['beroep']['id']}", headers=auth(gebruikers, "bm"))
    assert r.status_code == 200, r.text
    return r.json()


def actie(client, gebruikers, b, naam, wie="bm", **velden):
    return client.post(f"/api/v1/beroepen/{b['id']}/acties/{naam}", json={"versie": b["versie"], **velden},
                       headers=auth(gebruikers, wie))
