"""The crisismaatregel through the JSON API: start, prepare, decide, duties, continuation; errors change nothing."""

from __future__ import annotations

from sqlmodel import func, select

from tests.factories import auth, melding_body
from tests.factories.crisismaatregel import AANVRAAG, BESLUIT, actie, genomen, klaar, maak
from wvggz.audit.models import Historie
from wvggz.crisismaatregelen.models import Crisismaatregel


def test_aanvraag_met_tvz_geeft_klok_en_acties(client, gebruikers):
    cm = maak(client, gebruikers, wie="ovp", tvz_start="2026-04-13T08:00")  # naive: Europe/Amsterdam
    assert cm["status"] == "aangevraagd" and cm["versie"] >= 1 and cm["referentie"].startswith("CM-2026-")
    [t] = cm["termijnen"]
    assert set(t) >= {"soort", "einddatum", "eindmoment", "toelichting", "grondslag", "stand"}
    assert t["soort"] == "tvz_totaal" and t["einddatum"] is None  # an hour term has no end date
    assert t["eindmoment"].startswith("2026-04-14T00:00:00") and "18 uur" in t["toelichting"]
    namen = [a["naam"] for a in cm["toegestane_acties"]]
    assert namen == ["start_tvz", "registreer_psychiatrisch_onderzoek", "registreer_medische_verklaring", "wijs_af"]
    assert cm["historie"][0]["actie"] == "aangevraagd" and cm["betrokkene"]["naam"] == "Jan de Vries"


def test_besluit_opent_klokken_en_plichten(client, gebruikers):
    cm = genomen(client, gebruikers)
    assert cm["status"] == "genomen" and cm["gegevens"]["besluit_door_naam"] == "Bm"
    assert {t["soort"] for t in cm["termijnen"]} == {"cm_advocaat", "cm_tenuitvoerlegging", "cm_geldigheid"}
    geldig = next(t for t in cm["termijnen"] if t["soort"] == "cm_geldigheid")
    assert geldig["einddatum"] == "2026-04-16" and "conservatieve lezing" in geldig["toelichting"]
    assert len(cm["taken"]) == 8 and {t["stand"] for t in cm["taken"]} == {"open"}
    assert cm["beroep"]["status"] == "termijn_loopt"
    neem = [a["naam"] for a in cm["toegestane_acties"]]
    assert neem == ["registreer_voortzettingsverzoek", "beeindig"]  # laat_vervallen is the scheduler's
    assert "cm_genomen" in {b["soort"] for b in cm["berichten"]}


def test_velden_van_het_besluit_in_de_acties(client, gebruikers):
    cm = klaar(client, gebruikers)
    [neem] = [a for a in cm["toegestane_acties"] if a["naam"] == "neem_maatregel"]
    velden = {v["naam"]: v for v in neem["velden"]}
    assert "besluit_door_rol" not in velden  # the acting burgemeester decides
    assert velden["gemeente_verblijf"]["standaard"] == "Den Haag" and not velden["gemeente_verblijf"]["verplicht"]
    assert velden["zorgvormen"]["soort"] == "lijst" and "opname" in velden["zorgvormen"]["keuzes"]


def test_ongeldige_invoer_422_met_veld_en_niets_verandert(client, gebruikers, session):
    cm = maak(client, gebruikers)
    r = actie(client, gebruikers, cm, "registreer_medische_verklaring", psychiater="Dr. B",
              psychiater_onafhankelijk=False)
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "psychiater_onafhankelijk"]
    cm = actie(client, gebruikers, cm, "registreer_medische_verklaring", psychiater="Dr. B",
               psychiater_onafhankelijk=True).json()
    r = actie(client, gebruikers, cm, "neem_maatregel", **BESLUIT)
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "gehoord"]
    cm = actie(client, gebruikers, cm, "registreer_horen", gehoord=True).json()
    voor = session.exec(select(func.count()).select_from(Historie)).one()
    session.rollback()  # end the read: SQLite takes the write lock at BEGIN
    gevallen = [
        ({"bekendmaking_op": "2026-04-13T08:00:00+02:00"}, "bekendmaking_op"),
        ({"besloten_op": "2026-04-14T09:00:00+02:00"}, "besloten_op"),
        ({"zorgvormen": "opname; politiecel"}, "zorgvormen"),
        ({"gemeente_verblijf": "Rijswijk"}, "gemeente_verblijf"),
        ({"besluit_door_rol": "wethouder"}, "besluit_door_rol"),
        ({"onbekend": 1}, "onbekend"),
        ({"bekendmaking_op": "99999-01-01"}, "bekendmaking_op"),
    ]
    for over, veld in gevallen:
        r = actie(client, gebruikers, cm, "neem_maatregel", **(BESLUIT | over))
        assert r.status_code == 422, (over, r.text)
        assert r.json()["detail"][0]["loc"] == ["body", veld], (over, r.json())
    assert session.exec(select(func.count()).select_from(Historie)).one() == voor
    assert session.get(Crisismaatregel, cm["id"]).status == "beoordeling"


def test_rechter_voor_verzoek_422(client, gebruikers):
    cm = genomen(client, gebruikers)
    cm = actie(client, gebruikers, cm, "registreer_voortzettingsverzoek",
               verzoek_ontvangen_op="2026-04-13T09:05:00+02:00").json()
    assert cm["status"] == "voortzetting_verzocht"
    r = actie(client, gebruikers, cm, "verleen_voortzetting", beslist_op="2026-04-13T09:00:00+02:00")
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "beslist_op"]


def test_plicht_afronden(client, gebruikers):
    cm = genomen(client, gebruikers)
    ovj = next(t for t in cm["taken"] if t["soort"] == "afschrift_ovj")
    r = client.post(f"/api/v1/crisismaatregelen/{cm['id']}/taken/{ovj['id']}/afronden",
                    json={"toelichting": "Per beveiligde mail"}, headers=auth(gebruikers, "bm"))
    assert r.status_code == 200, r.text
    cm = r.json()
    taak = next(t for t in cm["taken"] if t["soort"] == "afschrift_ovj")
    assert taak["stand"] == "gedaan" and taak["afgerond_door"] == "Bm" and taak["afgerond_op"]
    verzoek = next(t for t in cm["termijnen"] if t["soort"] == "voortzetting_verzoek")
    assert verzoek["einddatum"] == "2026-04-14"
    again = client.post(f"/api/v1/crisismaatregelen/{cm['id']}/taken/{ovj['id']}/afronden", json={},
                        headers=auth(gebruikers, "bm"))
    assert again.status_code == 409
    r = client.post(f"/api/v1/crisismaatregelen/{cm['id']}/taken/999/afronden", json={},
                    headers=auth(gebruikers, "bm"))
    assert r.status_code == 404
    r = client.post(f"/api/v1/crisismaatregelen/{cm['id']}/taken/{ovj['id']}/afronden", json={},
                    headers=auth(gebruikers, "pl"))
    assert r.status_code == 403


def test_rechten_versie_en_onbekend(client, gebruikers):
    assert client.get("/api/v1/crisismaatregelen").status_code == 401
    r = client.post("/api/v1/crisismaatregelen", json=AANVRAAG, headers=auth(gebruikers, "beheer"))
    assert r.status_code == 403
    cm = klaar(client, gebruikers)
    assert client.get(f"/api/v1/crisismaatregelen/{cm['id']}", headers=auth(gebruikers, "intake")).status_code == 403
    assert client.get(f"/api/v1/crisismaatregelen/{cm['id']}", headers=auth(gebruikers, "rijswijk")).status_code == 403
    assert client.get("/api/v1/crisismaatregelen/999999", headers=auth(gebruikers, "bm")).status_code == 404
    assert actie(client, gebruikers, cm, "neem_maatregel", wie="ovp", **BESLUIT).status_code == 403
    assert actie(client, gebruikers, cm, "laat_vervallen").status_code == 403
    r = actie(client, gebruikers, cm, "verleen_voortzetting", beslist_op="2026-04-13T09:00")
    assert r.status_code == 409 and "neem_maatregel" in r.json()["detail"][0]["toegestaan"]
    assert actie(client, gebruikers, cm, "vlieg").status_code == 409
    eerste = actie(client, gebruikers, cm, "wijs_af", reden="Geen dreigend ernstig nadeel")
    assert eerste.status_code == 200
    tweede = actie(client, gebruikers, cm, "wijs_af", reden="Nog eens")
    assert tweede.status_code == 409 and tweede.json()["detail"][0]["type"] == "conflict"


def test_lijst_op_volgende_klok(client, gebruikers, clock):
    zonder = maak(client, gebruikers)
    cm = genomen(client, gebruikers)
    tvz = maak(client, gebruikers, tvz_start="2026-04-13T08:30:00+02:00")
    r = client.get("/api/v1/crisismaatregelen", headers=auth(gebruikers, "pl"))
    assert r.status_code == 200
    assert [i["id"] for i in r.json()] == [tvz["id"], cm["id"], zonder["id"]]
    assert r.json()[0]["volgende_termijn"] == "tvz_totaal" and r.json()[0]["resterend_seconden"] == 17.5 * 3600
    clock.advance(hours=25)
    eerste = client.get("/api/v1/crisismaatregelen", headers=auth(gebruikers, "bm")).json()[0]
    assert eerste["verlopen"] is True


def test_start_vanuit_melding_en_link_op_melding(client, gebruikers):
    m = client.post("/api/v1/meldingen", json=melding_body(), headers=auth(gebruikers, "intake")).json()
    r = client.post("/api/v1/crisismaatregelen", headers=auth(gebruikers, "intake"),
                    json={"aangevraagd_door": "huisarts", "gemeente_verblijf": "Den Haag", "melding_id": m["id"]})
    assert r.status_code == 201, r.text
    cm = r.json()
    assert cm["melding"]["id"] == m["id"] and cm["betrokkene"]["id"] == m["betrokkene"]["id"]
    m = client.get(f"/api/v1/meldingen/{m['id']}", headers=auth(gebruikers, "intake")).json()
    assert m["gegevens"]["crisismaatregel_id"] == cm["id"]
    assert "crisismaatregel_aangevraagd" in [h["actie"] for h in m["historie"]]
    r = client.post("/api/v1/crisismaatregelen", headers=auth(gebruikers, "intake"),
                    json={"aangevraagd_door": "huisarts", "gemeente_verblijf": "Den Haag", "melding_id": 99999})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "melding_id"]


def test_aanvraag_ongeldig_422(client, gebruikers, session):
    for over, loc in [({"aangevraagd_door": "buurman"}, ["body", "aangevraagd_door"]),
                      ({"tvz_start": "2026-04-14T09:00:00+02:00"}, ["body", "tvz_start"]),
                      ({"aangevraagd_op": "2020-01-01T00:00:00+01:00"}, ["body", "aangevraagd_op"]),
                      ({"betrokkene": {"achternaam": "X", "bsn": "123456789"}}, ["body", "betrokkene", "bsn"]),
                      ({"gemeente_verblijf": ""}, ["body", "gemeente_verblijf"])]:
        r = client.post("/api/v1/crisismaatregelen", json=AANVRAAG | over, headers=auth(gebruikers, "bm"))
        assert r.status_code == 422, (over, r.text)
        assert r.json()["detail"][0]["loc"] == loc
    assert session.exec(select(func.count()).select_from(Crisismaatregel)).one() == 0
