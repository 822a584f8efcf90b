"""The 409 page says who changed the case first and with which step (issue 13.8)."""

from __future__ import annotations

from sqlmodel import Session

from tests.factories import auth
from tests.factories.paginas import inloggen, maak_melding
from wvggz.schermen.wijziging import laatste_wijziging
from wvggz.zaken.soorten import SOORTEN


def _actie(client, token, m, actie, versie, **velden):
    return client.post(f"/meldingen/{m['id']}/acties/{actie}",
                       data={"csrf_token": token, "versie": str(versie), **velden}, follow_redirects=False)


def test_409_pagina_noemt_wie_wat_wijzigde(client, gebruikers):
    m = maak_melding(client, gebruikers)
    # intake2 starts the investigation first (through the API), then intake posts its stale form
    r = client.post(f"/api/v1/meldingen/{m['id']}/acties/start_onderzoek", headers=auth(gebruikers, "intake2"),
                    json={"versie": m["versie"], "behandelaar_id": gebruikers["intake2"][0].id})
    assert r.status_code == 200, r.text
    client.post(f"/api/v1/meldingen/{m['id']}/notities", json={"tekst": "geen wijziging van de zaak"},
                headers=auth(gebruikers, "pl"))
    token = inloggen(client, "intake")
    r = _actie(client, token, m, "start_onderzoek", m["versie"], behandelaar_id=str(gebruikers["intake"][0].id))
    assert r.status_code == 409
    label = SOORTEN["melding"].workflow.acties["start_onderzoek"].label
    assert f"Laatste wijziging: <strong>{label}</strong> door Intake2" in r.text
    assert "Pl" not in r.text.split("Laatste wijziging:")[1].split("</p>")[0]  # a note is no change


def test_geen_wijziging_zonder_leesrecht_of_buiten_gemeente(client, gebruikers, factory):
    m = maak_melding(client, gebruikers)
    client.post(f"/api/v1/meldingen/{m['id']}/acties/start_onderzoek", headers=auth(gebruikers, "intake"),
                json={"versie": m["versie"], "behandelaar_id": gebruikers["intake"][0].id})
    with factory() as s:
        s: Session
        assert laatste_wijziging(s, gebruikers["intake"][0], "Den Haag", "meldingen", m["id"])["door"] == "Intake"
        assert laatste_wijziging(s, gebruikers["ovp"][0], "Den Haag", "meldingen", m["id"]) is None  # no melding.lees
        assert laatste_wijziging(s, gebruikers["rijswijk"][0], "Rijswijk", "meldingen", m["id"]) is None
        assert laatste_wijziging(s, gebruikers["intake"][0], "Den Haag", "onbekend", m["id"]) is None
        assert laatste_wijziging(s, gebruikers["intake"][0], "Den Haag", "meldingen", 999999) is None
