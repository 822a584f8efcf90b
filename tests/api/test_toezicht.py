"""The privacy officer (fg): the access log filtered, as CSV, and the AVG art. 15 export; nobody else."""

from __future__ import annotations

import csv
import io

import pytest
from sqlmodel import select

from tests.factories import auth, melding_body
from tests.factories.paginas import inloggen
from wvggz.audit.models import Toegang
from wvggz.gebruikers.service import maak_gebruiker, maak_token
from wvggz.meldingen.models import Melding


@pytest.fixture
def fg(gebruikers, factory, clock):
    with factory() as s:
        for naam, gemeente in (("fg", "Den Haag"), ("fg_rijswijk", "Rijswijk")):
            g = maak_gebruiker(session=s, clock=clock, gebruikersnaam=naam, rol="fg", wachtwoord="geheim-wachtwoord",
                               gemeente=gemeente, naam=f"Functionaris {gemeente}")
            gebruikers[naam] = (g, maak_token(session=s, clock=clock, gebruiker=g))
        s.commit()
    return gebruikers


@pytest.fixture
def melding(client, fg):
    body = melding_body()
    body["melder"]["anoniem_tov_betrokkene"] = True
    r = client.post("/api/v1/meldingen", json=body, headers=auth(fg, "intake"))
    assert r.status_code == 201, r.text
    mid = r.json()["id"]
    assert client.get(f"/api/v1/meldingen/{mid}", headers=auth(fg, "pl")).status_code == 200
    assert client.get(f"/api/v1/meldingen/{mid}", headers=auth(fg, "ovp")).status_code == 403
    return r.json()


def _betrokkene(factory, mid):
    with factory() as s:
        return s.get(Melding, mid).betrokkene_id


def test_wie_keek_naar_deze_persoon(client, fg, melding, factory):
    pid = _betrokkene(factory, melding["id"])
    r = client.get("/api/v1/toegang", params={"persoon_id": pid}, headers=auth(fg, "fg"))
    assert r.status_code == 200, r.text
    wie = {(x["gebruikersnaam"], x["handeling"]) for x in r.json()}
    assert {("intake", "schrijf"), ("pl", "lees"), ("ovp", "geweigerd")} <= wie
    assert all(x["persoon_id"] == pid for x in r.json())
    geweigerd = next(x for x in r.json() if x["handeling"] == "geweigerd")
    assert geweigerd["adres"] == "testclient" and geweigerd["doel"].startswith("GET /api/v1/meldingen/")
    # the officer's look-up is logged itself
    with factory() as s:
        assert s.exec(select(Toegang).where(Toegang.doel == "toegangslog", Toegang.persoon_id == pid)).first()


def test_filters(client, fg, melding):
    r = client.get("/api/v1/toegang", params={"handeling": "geweigerd"}, headers=auth(fg, "fg"))
    assert [x["gebruikersnaam"] for x in r.json()] == ["ovp"]
    r = client.get("/api/v1/toegang", params={"gebruiker_id": fg["pl"][0].id}, headers=auth(fg, "fg"))
    assert r.json() and {x["gebruikersnaam"] for x in r.json()} == {"pl"}
    assert client.get("/api/v1/toegang", params={"van": "2026-04-14"}, headers=auth(fg, "fg")).json() == []
    assert client.get("/api/v1/toegang", params={"tot": "2026-04-13"}, headers=auth(fg, "fg")).json()
    r = client.get("/api/v1/toegang", params={"van": "2026-04-14", "tot": "2026-04-13"}, headers=auth(fg, "fg"))
    assert r.status_code == 422 and r.json()["detail"][0]["loc"][-1] == "tot"
    r = client.get("/api/v1/toegang", params={"handeling": "wis"}, headers=auth(fg, "fg"))
    assert r.status_code == 422 and r.json()["detail"][0]["loc"][-1] == "handeling"


def test_alleen_eigen_gemeente(client, fg, melding):
    assert client.get("/api/v1/toegang", headers=auth(fg, "fg_rijswijk")).json() == []


@pytest.mark.parametrize("naam", ["intake", "pl", "ovp", "bm", "beheer", "rijswijk"])
def test_andere_rollen_mogen_niet(client, fg, melding, factory, naam):
    pid = _betrokkene(factory, melding["id"])
    assert client.get("/api/v1/toegang", headers=auth(fg, naam)).status_code == 403
    assert client.get("/api/v1/toegang.csv", headers=auth(fg, naam)).status_code == 403
    assert client.get(f"/api/v1/personen/{pid}/inzage", headers=auth(fg, naam)).status_code == 403


def test_csv_export(client, fg, melding):
    r = client.get("/api/v1/toegang.csv", headers=auth(fg, "fg"))
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert r.text.startswith("\ufeffMoment;Gebruiker (nummer);Gebruikersnaam;")  # BOM, Dutch headers
    rijen = list(csv.DictReader(io.StringIO(r.text.removeprefix("\ufeff")), delimiter=";"))
    assert {"intake", "pl", "ovp"} <= {x["Gebruikersnaam"] for x in rijen}
    assert all(len(x["Moment"]) == 16 and x["Moment"][10] == " " for x in rijen)  # 2026-04-13 08:30: a date to Excel
    assert "de Vries" not in r.text


def test_csv_zet_geen_formules_door(client, fg, factory, clock):
    from wvggz.audit.service import log_toegang
    from wvggz.gebruikers.models import Gebruiker

    with factory() as s:
        g = s.get(Gebruiker, fg["intake"][0].id)
        g.naam = "=HYPERLINK(\"http://x\")"
        s.add(g)
        log_toegang(s, clock, g, handeling="lees", zaak_type="persoon", zaak_id=None, persoon_ids=[1], doel="t")
        s.commit()
    r = client.get("/api/v1/toegang.csv", headers=auth(fg, "fg"))
    assert "'=HYPERLINK" in r.text and ";=HYPERLINK" not in r.text


def test_avg_inzage(client, fg, melding, factory):
    pid = _betrokkene(factory, melding["id"])
    r = client.get(f"/api/v1/personen/{pid}/inzage", headers=auth(fg, "fg"))
    assert r.status_code == 200, r.text
    assert "attachment" in r.headers["content-disposition"]
    data = r.json()
    assert data["persoon"]["achternaam"] == "de Vries"
    [m] = data["zaken"]["meldingen"]
    assert m["zorgen"].startswith("Verward") and m["historie"]
    assert "melder_id" not in m and "melder_relatie" not in m  # the melder asked to stay anonymous
    assert {("Pl", "lees"), ("Ovp", "geweigerd")} <= {(t["naam"], t["handeling"]) for t in data["toegang"]}
    with factory() as s:
        assert s.exec(select(Toegang).where(Toegang.doel == "avg_inzage", Toegang.persoon_id == pid)).first()


def test_avg_inzage_melder_krijgt_geen_gegevens_van_de_betrokkene(client, fg, melding, factory):
    with factory() as s:
        melder = s.get(Melding, melding["id"]).melder_id
    data = client.get(f"/api/v1/personen/{melder}/inzage", headers=auth(fg, "fg")).json()
    [m] = data["zaken"]["meldingen"]
    assert m["rol"] == "melder" and "zorgen" not in m and "betrokkene_id" not in m


def test_avg_inzage_andere_gemeente_is_404(client, fg, melding, factory):
    pid = _betrokkene(factory, melding["id"])
    assert client.get(f"/api/v1/personen/{pid}/inzage", headers=auth(fg, "fg_rijswijk")).status_code == 404
    assert client.get("/api/v1/personen/999999/inzage", headers=auth(fg, "fg")).status_code == 404


def test_pagina_met_filter_en_csv(client, fg, melding, factory):
    pid = _betrokkene(factory, melding["id"])
    inloggen(client, "fg")
    r = client.get("/toegang", params={"persoon_id": pid})
    assert r.status_code == 200 and "geweigerd" in r.text and f"/personen/{pid}/inzage.json" in r.text
    assert "Toegangslog" in r.text
    r = client.get("/toegang", params={"persoon_id": "abc"})
    assert r.status_code == 422 and "Vul een nummer in." in r.text
    r = client.get("/toegang.csv", params={"handeling": "geweigerd"})
    assert r.status_code == 200 and "ovp" in r.text and "pl;" not in r.text
    assert client.get(f"/personen/{pid}/inzage.json").json()["persoon"]["id"] == pid


def test_pagina_niet_voor_intake(client, fg):
    inloggen(client, "intake")
    assert client.get("/toegang").status_code == 403
