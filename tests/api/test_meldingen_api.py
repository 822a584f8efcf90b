"""The melding through the JSON API: register, investigate, decide, close; errors change nothing."""

from __future__ import annotations

from sqlmodel import func, select

from tests.factories import auth, melding_body
from tests.factories.melding_api import actie, maak
from wvggz.audit.models import Historie, Toegang
from wvggz.meldingen.models import Melding


def test_registratie_opent_termijn_met_toelichting(client, gebruikers):
    m = maak(client, gebruikers)
    assert m["status"] == "ontvangen" and m["versie"] == 1
    assert m["referentie"] == f"M-2026-{m['id']:06d}"
    [t] = m["termijnen"]
    assert t["soort"] == "melding_beslissing"
    assert t["einddatum"] == "2026-04-28"  # 27-04-2026 is Koningsdag (Atw art. 1)
    assert t["eindmoment"].startswith("2026-04-28T21:59:59")  # 23:59:59 CEST stored as UTC
    assert "Koningsdag" in t["toelichting"] and t["tijdig"] is None
    assert [a["naam"] for a in m["toegestane_acties"]] == ["start_onderzoek", "stuur_door", "verwijs_door",
                                                         "voeg_samen"]
    assert m["melder"]["is_naaste"] is True
    assert m["historie"][0]["actie"] == "geregistreerd"


def test_hele_proces_tot_afsluiting(client, gebruikers, clock):
    m = maak(client, gebruikers)
    intake_id = gebruikers["intake"][0].id
    r = actie(client, gebruikers, m, "start_onderzoek", behandelaar_id=intake_id)
    assert r.status_code == 200, r.text
    m = r.json()
    clock.advance(days=1)
    m = actie(client, gebruikers, m, "vraag_wijkteam_advies", wijkteam_contact="Wijkteam Escamp").json()
    assert {t["soort"] for t in m["termijnen"]} == {"melding_beslissing", "wijkteam_advies"}
    clock.advance(days=2)
    m = actie(client, gebruikers, m, "registreer_wijkteam_advies", advies="Zorgen bevestigd").json()
    wijkteam = next(t for t in m["termijnen"] if t["soort"] == "wijkteam_advies")
    assert wijkteam["status"] == "gesloten" and wijkteam["tijdig"] is True
    r = actie(client, gebruikers, m, "dien_aanvraag_in", gesprek_met_betrokkene=True)
    assert r.status_code == 200, r.text
    m = r.json()
    assert m["status"] == "aanvraag_ingediend" and m["tijdig_besloten"] is True
    r = actie(client, gebruikers, m, "sluit_af", melder_geinformeerd=True)  # the OvJ has not decided yet
    assert r.status_code == 422 and r.json()["detail"][0]["loc"][-1] == "reden_zonder_ovj_besluit"
    m = actie(client, gebruikers, m, "registreer_ovj_besluit", ovj_besluit="verzoekschrift").json()
    m = actie(client, gebruikers, m, "sluit_af", melder_geinformeerd=True).json()
    assert m["status"] == "afgesloten" and m["toegestane_acties"] == []
    assert [h["actie"] for h in m["historie"]] == ["geregistreerd", "start_onderzoek", "vraag_wijkteam_advies",
                                                  "registreer_wijkteam_advies", "dien_aanvraag_in",
                                                  "registreer_ovj_besluit", "sluit_af"]
    assert [b["soort"] for b in m["berichten"]] == ["ontvangstbevestiging", "ovj_uitkomst_naaste", "uitkomst_naaste"]


def test_te_laat_besluit_wordt_vastgelegd(client, gebruikers, clock):
    m = maak(client, gebruikers)
    m = actie(client, gebruikers, m, "start_onderzoek", behandelaar_id=gebruikers["intake"][0].id).json()
    clock.advance(days=16)
    m = actie(client, gebruikers, m, "besluit_geen_aanvraag", reden_code="vrijwillige_zorg", reden="FACT",
              medische_expertise="SPV", gesprek_met_betrokkene=True).json()
    assert m["status"] == "geen_aanvraag" and m["tijdig_besloten"] is False


def test_verkeerde_actie_geeft_409_met_toegestane(client, gebruikers, session):
    m = maak(client, gebruikers)
    r = actie(client, gebruikers, m, "sluit_af", melder_geinformeerd=True)
    assert r.status_code == 409
    assert r.json()["detail"][0]["toegestaan"] == ["start_onderzoek", "stuur_door", "verwijs_door", "voeg_samen"]
    assert session.exec(select(func.count()).select_from(Historie)).one() == 1


def test_ontbrekend_veld_geeft_422_en_verandert_niets(client, gebruikers, session):
    m = maak(client, gebruikers)
    m = actie(client, gebruikers, m, "start_onderzoek", behandelaar_id=gebruikers["intake"][0].id).json()
    r = actie(client, gebruikers, m, "dien_aanvraag_in", gesprek_met_betrokkene=True)
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["body", "medische_expertise"]
    r = actie(client, gebruikers, m, "dien_aanvraag_in", medische_expertise="SPV")
    assert r.status_code == 422 and "gesprek" in r.json()["detail"][0]["loc"][-1]
    assert session.get(Melding, m["id"]).status == "in_onderzoek"


def test_verouderde_versie_geeft_409(client, gebruikers):
    m = maak(client, gebruikers)
    eerste = actie(client, gebruikers, m, "start_onderzoek", behandelaar_id=gebruikers["intake"][0].id)
    assert eerste.status_code == 200
    tweede = actie(client, gebruikers, m, "stuur_door", gemeente="Rijswijk")
    assert tweede.status_code == 409 and tweede.json()["detail"][0]["type"] == "conflict"


def test_ongeldige_invoer_422_met_veldnaam(client, gebruikers, session):
    cases = [
        ({"betrokkene": {"achternaam": "X", "postcode": "12345"}}, ["body", "betrokkene", "postcode"]),
        ({"melder": {"achternaam": "Y", "relatie": "ouder", "email": "geen-adres"}}, ["body", "melder", "email"]),
        ({"melder": {"achternaam": "Y", "relatie": "ouder", "telefoon": "12"}}, ["body", "melder", "telefoon"]),
        ({"betrokkene": {"achternaam": "X", "bsn": "123456789"}}, ["body", "betrokkene", "bsn"]),
        ({"ontvangen_op": "2026-05-01T09:00:00+02:00"}, ["body", "ontvangen_op"]),
        ({"kanaal": "duif"}, ["body", "kanaal"]),
    ]
    for over, loc in cases:
        r = client.post("/api/v1/meldingen", json=melding_body(**over), headers=auth(gebruikers, "intake"))
        assert r.status_code == 422, (over, r.text)
        assert r.json()["detail"][0]["loc"] == loc, r.json()
    assert session.exec(select(func.count()).select_from(Melding)).one() == 0


def test_bsn_alleen_als_configuratie_het_toestaat(client, gebruikers):
    r = client.post("/api/v1/meldingen", json=melding_body(betrokkene={"achternaam": "X", "bsn": "111222333"}),
                    headers=auth(gebruikers, "intake"))
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "betrokkene", "bsn"]


def test_zonder_token_401_en_rol_en_gemeente_403(client, gebruikers):
    assert client.get("/api/v1/meldingen").status_code == 401
    assert client.get("/api/v1/meldingen", headers={"Authorization": "Bearer fout"}).status_code == 401
    m = maak(client, gebruikers)
    assert client.get(f"/api/v1/meldingen/{m['id']}", headers=auth(gebruikers, "ovp")).status_code == 403
    assert client.get(f"/api/v1/meldingen/{m['id']}", headers=auth(gebruikers, "rijswijk")).status_code == 404
    assert client.get("/api/v1/meldingen/999999", headers=auth(gebruikers, "intake")).status_code == 404


def test_elke_lees_en_schrijf_wordt_gelogd(client, gebruikers, session):
    m = maak(client, gebruikers)
    client.get(f"/api/v1/meldingen/{m['id']}", headers=auth(gebruikers, "pl"))
    rijen = session.exec(select(Toegang).order_by(Toegang.id)).all()
    assert [(r.handeling, r.doel) for r in rijen] == [("schrijf", "registratie"), ("schrijf", "registratie"),
                                                      ("lees", "inzien"), ("lees", "inzien")]
    assert rijen[-1].gebruiker_id == gebruikers["pl"][0].id


def test_werkvoorraad_sorteert_op_resterende_tijd_en_filtert(client, gebruikers, clock):
    oud = maak(client, gebruikers, ontvangen_op="2026-03-20T10:00:00+01:00")  # overdue
    nieuw = maak(client, gebruikers)
    middel = maak(client, gebruikers, ontvangen_op="2026-04-06T10:00:00+02:00")
    r = client.get("/api/v1/meldingen", headers=auth(gebruikers, "intake")).json()
    assert [i["id"] for i in r["items"]] == [oud["id"], middel["id"], nieuw["id"]]
    assert r["items"][0]["verlopen"] is True and r["per_status"] == {"ontvangen": 3}
    r = client.get("/api/v1/meldingen?verlopen=true", headers=auth(gebruikers, "intake")).json()
    assert [i["id"] for i in r["items"]] == [oud["id"]]
    r = client.post("/api/v1/meldingen/zoeken", json={"zoek": "de vr"}, headers=auth(gebruikers, "intake")).json()
    assert r["totaal"] == 3
    r = client.post("/api/v1/meldingen/zoeken", json={"zoek": nieuw["referentie"]},
                    headers=auth(gebruikers, "intake")).json()
    assert [i["id"] for i in r["items"]] == [nieuw["id"]]
    r = client.post("/api/v1/meldingen/zoeken", json={"zoek": "1971-03-02", "verlopen": True},
                    headers=auth(gebruikers, "intake")).json()
    assert [i["id"] for i in r["items"]] == [oud["id"]]


def test_termijn_bereken_endpoint(client, gebruikers):
    r = client.get("/api/v1/termijnen/bereken?soort=tvz_totaal&start=2026-03-28T22:00",
                   headers=auth(gebruikers, "intake"))
    assert r.status_code == 200, r.text
    assert r.json()["eindmoment"] == "2026-03-29T17:00:00+02:00"
    r = client.get("/api/v1/termijnen/bereken?soort=onzin&start=2026-03-28", headers=auth(gebruikers, "intake"))
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "soort"]


def test_melder_die_geen_naaste_is_hoort_de_uitkomst_niet(client, gebruikers):
    m = maak(client, gebruikers, melder={"achternaam": "Buur", "relatie": "buur", "email": "buur@example.org"})
    assert m["melder"]["is_naaste"] is False
    m = actie(client, gebruikers, m, "start_onderzoek", behandelaar_id=gebruikers["intake"][0].id).json()
    m = actie(client, gebruikers, m, "besluit_geen_aanvraag", reden_code="al_in_zorg", reden="In zorg",
              medische_expertise="SPV", gesprek_met_betrokkene=True).json()
    assert actie(client, gebruikers, m, "sluit_af", melder_geinformeerd=True).status_code == 422
    m = actie(client, gebruikers, m, "sluit_af").json()
    assert m["status"] == "afgesloten"
    assert "geen naaste" in m["gegevens"]["reden_niet_geinformeerd"]
    assert [b["soort"] for b in m["berichten"]] == ["ontvangstbevestiging"]


def test_doorsturen_naar_andere_gemeente_en_niet_naar_eigen(client, gebruikers):
    m = maak(client, gebruikers)
    r = actie(client, gebruikers, m, "stuur_door", gemeente="den haag")
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "gemeente"]
    m = actie(client, gebruikers, m, "stuur_door", gemeente="Rijswijk").json()
    assert m["status"] == "doorgestuurd" and m["termijnen"][0]["status"] == "gesloten"
    assert [b["soort"] for b in m["berichten"]] == ["ontvangstbevestiging", "doorzending"]
    lijst = client.get("/api/v1/meldingen", headers=auth(gebruikers, "intake")).json()
    assert lijst["totaal"] == 0  # routed away: no longer in the werkvoorraad


def test_samenvoegen_alleen_met_open_melding_over_dezelfde_persoon(client, gebruikers):
    eerste = maak(client, gebruikers)
    tweede = maak(client, gebruikers, betrokkene={"persoon_id": eerste["betrokkene"]["id"]})
    ander = maak(client, gebruikers, betrokkene={"achternaam": "Anders"})
    r = actie(client, gebruikers, tweede, "voeg_samen", samenvoegen_met=ander["id"])
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "samenvoegen_met"]
    m = actie(client, gebruikers, tweede, "voeg_samen", samenvoegen_met=eerste["id"]).json()
    assert m["status"] == "samengevoegd" and m["gegevens"]["samengevoegd_met_id"] == eerste["id"]


def test_onbekend_veld_bij_actie_wordt_geweigerd(client, gebruikers):
    m = maak(client, gebruikers)
    r = actie(client, gebruikers, m, "start_onderzoek", behandelaar_id=gebruikers["intake"][0].id, hack=1)
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "hack"]
    r = actie(client, gebruikers, m, "start_onderzoek", behandelaar_id=gebruikers["ovp"][0].id)
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "behandelaar_id"]


def test_werkvoorraad_filter_op_gemeente_van_betrokkene(client, gebruikers):
    haag = maak(client, gebruikers)
    rijswijk = maak(client, gebruikers, betrokkene={"achternaam": "Smit", "woonplaats": "Rijswijk"})
    r = client.get("/api/v1/meldingen?gemeente=rijswijk", headers=auth(gebruikers, "intake")).json()
    assert [i["id"] for i in r["items"]] == [rijswijk["id"]]
    r = client.get("/api/v1/meldingen?gemeente=Den Haag", headers=auth(gebruikers, "intake")).json()
    assert [i["id"] for i in r["items"]] == [haag["id"]]
