"""Notes on every case kind: written once against the descriptor, permission per kind, append-only, logged,
never in a message."""

from __future__ import annotations

import pytest
from sqlmodel import select

from notifications.outbox import Bericht
from tests.factories import auth, melding_body
from tests.factories.crisismaatregel import maak as maak_cm
from tests.factories.paginas import csrf, inloggen
from tests.factories.triage import maak as maak_triage
from wvggz.audit.models import AppendOnly, Historie, Toegang
from wvggz.notities.models import Notitie

GEHEIM = "GEHEIMNOTITIE belde moeder, dreigt met suïcide"


def _melding(client, gebruikers):
    r = client.post("/api/v1/meldingen", json=melding_body(), headers=auth(gebruikers, "intake"))
    assert r.status_code == 201, r.text
    return r.json()


def _crisismaatregel(client, gebruikers):
    return maak_cm(client, gebruikers)


def _zaak(client, gebruikers, pad):
    if pad == "meldingen":
        return _melding(client, gebruikers), "intake", "ovp"
    if pad == "crisismaatregelen":
        return _crisismaatregel(client, gebruikers), "bm", "intake"
    return maak_triage(client, gebruikers), "ovp", "intake"


@pytest.mark.parametrize("pad", ["meldingen", "crisismaatregelen", "triages"])
def test_notitie_per_zaaksoort_met_recht_historie_en_toegang(client, gebruikers, session, pad):
    zaak, schrijver, buitenstaander = _zaak(client, gebruikers, pad)
    url = f"/api/v1/{pad}/{zaak['id']}/notities"
    r = client.post(url, json={"tekst": f"  {GEHEIM}  "}, headers=auth(gebruikers, schrijver))
    assert r.status_code == 201, r.text
    assert r.json()["tekst"] == GEHEIM and r.json()["gemaakt_door"] == gebruikers[schrijver][0].naam
    client.post(url, json={"tekst": "tweede"}, headers=auth(gebruikers, schrijver))

    r = client.get(url, headers=auth(gebruikers, schrijver))
    assert r.status_code == 200, r.text
    assert [n["tekst"] for n in r.json()["notities"]] == ["tweede", GEHEIM]  # newest first
    assert r.json()["mag_toevoegen"] is True

    # a role without the kind's permission sees nothing and adds nothing
    assert client.get(url, headers=auth(gebruikers, buitenstaander)).status_code == 403
    assert client.post(url, json={"tekst": "x"}, headers=auth(gebruikers, buitenstaander)).status_code == 403

    zaak_type = pad.removesuffix("en").removesuffix("s") if pad != "crisismaatregelen" else "crisismaatregel"
    hist = session.exec(select(Historie).where(Historie.zaak_id == zaak["id"], Historie.actie == "notitie",
                                               Historie.zaak_type == zaak_type)).all()
    assert len(hist) == 2 and all(GEHEIM not in (h.reden or "") for h in hist)
    doelen = [t.doel for t in session.exec(select(Toegang).where(Toegang.zaak_id == zaak["id"],
                                                                 Toegang.zaak_type == zaak_type)).all()]
    assert doelen.count("notitie") == 2 and "notities" in doelen
    assert all(GEHEIM not in f"{b.onderwerp}{b.inhoud}{b.gegevens}" for b in session.exec(select(Bericht)).all())


def test_notitie_van_andere_gemeente_bestaat_niet_en_leeg_is_422(client, gebruikers, session):
    m = _melding(client, gebruikers)
    url = f"/api/v1/meldingen/{m['id']}/notities"
    assert client.get(url, headers=auth(gebruikers, "rijswijk")).status_code == 404  # as if it did not exist
    assert client.post(url, json={"tekst": "x"}, headers=auth(gebruikers, "rijswijk")).status_code == 404
    r = client.post(url, json={"tekst": "   "}, headers=auth(gebruikers, "intake"))
    assert r.status_code == 422 and r.json()["detail"][0]["loc"][-1] == "tekst"
    r = client.post(url, json={"tekst": "x" * 4001}, headers=auth(gebruikers, "intake"))
    assert r.status_code == 422 and r.json()["detail"][0]["loc"][-1] == "tekst"
    assert client.get("/api/v1/meldingen/999999/notities", headers=auth(gebruikers, "intake")).status_code == 404
    assert session.exec(select(Notitie)).all() == []


def test_notitie_wijzigt_de_zaakversie_niet(client, gebruikers):
    m = _melding(client, gebruikers)
    client.post(f"/api/v1/meldingen/{m['id']}/notities", json={"tekst": "x"}, headers=auth(gebruikers, "pl"))
    assert client.get(f"/api/v1/meldingen/{m['id']}", headers=auth(gebruikers, "intake")).json()["versie"] == m["versie"]


def test_notitie_is_append_only(client, gebruikers, factory):
    m = _melding(client, gebruikers)
    client.post(f"/api/v1/meldingen/{m['id']}/notities", json={"tekst": "eerst"}, headers=auth(gebruikers, "intake"))
    with factory() as s:
        n = s.exec(select(Notitie)).one()
        n.tekst = "anders"
        s.add(n)
        with pytest.raises(AppendOnly):
            s.commit()
    with factory() as s:
        with pytest.raises(Exception, match="append-only"):
            s.connection().exec_driver_sql("DELETE FROM notitie")
        s.rollback()
        assert s.exec(select(Notitie)).one().tekst == "eerst"


def _aantal(factory) -> int:
    with factory() as s:
        return len(s.exec(select(Notitie)).all())


def test_notitieblok_op_de_zaakpagina_en_toevoegen_via_formulier(client, gebruikers, factory):
    m = _melding(client, gebruikers)
    token = inloggen(client, "intake")
    html = client.get(f"/meldingen/{m['id']}").text
    assert 'id="notities"' in html and "Nog geen notities." in html
    r = client.post(f"/meldingen/{m['id']}/notities", data={"tekst": GEHEIM, "csrf_token": csrf(html)},
                    follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/meldingen/{m['id']}#notities"
    html = client.get(f"/meldingen/{m['id']}").text
    assert GEHEIM in html and "De notitie is toegevoegd." in html
    r = client.post(f"/meldingen/{m['id']}/notities", data={"tekst": " ", "csrf_token": token})
    assert r.status_code == 422 and 'id="notitiefout"' in r.text and "Notitie" in r.text
    assert _aantal(factory) == 1
    r = client.post(f"/meldingen/{m['id']}/notities", data={"tekst": "zonder token"})
    assert r.status_code == 403 and _aantal(factory) == 1


def test_notitieblok_op_triage_en_crisismaatregelpagina(client, gebruikers):
    t = maak_triage(client, gebruikers)
    inloggen(client, "ovp")
    assert 'id="notities"' in client.get(f"/triages/{t['id']}").text
    assert client.get(f"/triages/{t['id']}/notities").status_code == 200
    cm = _crisismaatregel(client, gebruikers)
    inloggen(client, "bm")
    assert 'id="notities"' in client.get(f"/crisismaatregelen/{cm['id']}").text
