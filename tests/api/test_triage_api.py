"""The OVP triage through the JSON API: arrival, screenings, outcome, departure, hand-over to a melding;
bad input gives 422 naming the field and changes nothing."""

from __future__ import annotations

from sqlmodel import select

from tests.factories import auth
from tests.factories.triage import SCREENING, aankomst, aantal, actie, gescreend, maak, rij, stap
from wvggz.audit.models import Historie, Toegang
from wvggz.meldingen.models import Melding
from wvggz.personen.models import Persoon
from wvggz.triage.models import Triage


def test_aankomst(client, gebruikers):
    t = maak(client, gebruikers)
    assert t["status"] == "binnengebracht" and t["versie"] == 1
    assert t["referentie"] == f"T-2026-{t['id']:06d}"
    assert t["aangekomen_op"].startswith("2026-04-13T07:00:00")  # 09:00 CEST as UTC
    assert t["persoon"]["naam"] == "Karel Appel" and t["e33_nummer"] == "2026041300123"
    assert [a["naam"] for a in t["toegestane_acties"]] == [
        "registreer_somatische_screening", "leg_uitkomst_vast", "wijzig_aankomst"]
    assert t["historie"][0]["actie"] == "binnengebracht"


def test_onbekende_persoon_later_gekoppeld(client, gebruikers, session):
    t = maak(client, gebruikers, persoon=None, signalement="Man, ca. 40, blauwe jas")
    assert t["persoon"] is None
    assert "koppel_persoon" in [a["naam"] for a in t["toegestane_acties"]]
    t = stap(client, gebruikers, t, "koppel_persoon", persoon={"achternaam": "Onbekend-Later", "voornaam": "Piet"})
    assert t["persoon"]["naam"] == "Piet Onbekend-Later"
    assert "koppel_persoon" not in [a["naam"] for a in t["toegestane_acties"]]
    assert actie(client, gebruikers, t, "koppel_persoon", persoon={"achternaam": "X"}).status_code == 409


def test_volledige_triage_en_overdracht_naar_melding(client, gebruikers, clock, session):
    t = gescreend(client, gebruikers, clock)
    assert t["somatische_screening"]["vlaggen"] == ["intoxicatie"]
    assert t["psychiatrische_screening"]["door"] == "Psychiater De Wit"
    clock.advance(minutes=30)
    t = stap(client, gebruikers, t, "leg_uitkomst_vast", uitkomst="naar_huis_met_vervolg", vervolg="fact")
    assert t["uitkomst"]["code"] == "naar_huis_met_vervolg" and t["uitkomst"]["vervolg"] == "fact"
    assert "maak_melding" in [a["naam"] for a in t["toegestane_acties"]]
    t = stap(client, gebruikers, t, "maak_melding", zorgen="Vaker binnengebracht; zorgen over woonsituatie.")
    assert t["melding"]["referentie"].startswith("M-2026-")
    assert t["uitkomst"]["melding_wvggz"] is True
    assert t["historie"][-1]["actie"] == "maak_melding"
    melding = rij(session, Melding, t["melding"]["id"])
    assert melding.triage_id == t["id"] and melding.kanaal == "ovp" and melding.e33_nummer == "2026041300123"
    assert melding.betrokkene_id == t["persoon"]["id"]
    melder = rij(session, Persoon, melding.melder_id)
    assert (melder.organisatie, melder.achternaam, melding.melder_relatie) == ("OVP Den Haag", "OVP", "ovp")
    # The melding shows the link too.
    r = client.get(f"/api/v1/meldingen/{melding.id}", headers=auth(gebruikers, "intake"))
    assert r.json()["gegevens"]["triage_id"] == t["id"]
    assert actie(client, gebruikers, t, "maak_melding", zorgen="Nog een keer").status_code == 409
    clock.advance(minutes=10)
    t = stap(client, gebruikers, t, "vertrek", vertrokken_op=clock.now().isoformat())
    assert t["status"] == "vertrokken" and t["verblijf_minuten"] == 100
    assert [a["naam"] for a in t["toegestane_acties"]] == []


def test_tweede_overdracht_hergebruikt_de_ovp_als_melder(client, gebruikers, clock, session):
    for naam in ("Een", "Twee"):
        t = maak(client, gebruikers, persoon={"achternaam": naam})
        t = stap(client, gebruikers, t, "leg_uitkomst_vast", uitkomst="onttrokken",
                 reden_zonder_screening="Weggelopen voor de screening")
        stap(client, gebruikers, t, "maak_melding", zorgen="Onttrokken, zorgen blijven")
    assert len(session.exec(select(Persoon).where(Persoon.achternaam == "OVP")).all()) == 1


def test_overdracht_zonder_bekende_persoon_vraagt_gegevens(client, gebruikers, session):
    t = maak(client, gebruikers, persoon=None)
    t = stap(client, gebruikers, t, "leg_uitkomst_vast", uitkomst="onttrokken", reden_zonder_screening="Weg")
    r = actie(client, gebruikers, t, "maak_melding", zorgen="Zorgen")
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "betrokkene"]
    assert aantal(session, Melding) == 0
    t = stap(client, gebruikers, t, "maak_melding", zorgen="Zorgen",
             betrokkene={"achternaam": "Later", "geboortedatum": "1990-01-01"})
    assert t["persoon"]["naam"] == "Later" and t["melding"] is not None


def test_vertrek_voor_aankomst_geweigerd(client, gebruikers, session):
    t = maak(client, gebruikers, aangekomen_op="2026-04-13T08:00:00")
    t = stap(client, gebruikers, t, "leg_uitkomst_vast", uitkomst="onttrokken", reden_zonder_screening="Weg")
    r = actie(client, gebruikers, t, "vertrek", vertrokken_op="2026-04-13T07:59:00")
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "vertrokken_op"]
    assert rij(session, Triage, t["id"]).status == "uitkomst_vastgelegd"
    r = actie(client, gebruikers, t, "vertrek", vertrokken_op="2026-04-13T12:00:00")
    assert r.status_code == 422 and "toekomst" in r.json()["detail"][0]["msg"]


def test_uitkomst_voor_screenings_vraagt_een_reden(client, gebruikers, clock, session):
    t = maak(client, gebruikers)
    voor = aantal(session, Historie)
    r = actie(client, gebruikers, t, "leg_uitkomst_vast", uitkomst="naar_huis_zonder_vervolg")
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "reden_zonder_screening"]
    t = stap(client, gebruikers, t, "registreer_somatische_screening", **SCREENING)
    r = actie(client, gebruikers, t, "leg_uitkomst_vast", uitkomst="naar_huis_zonder_vervolg")
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "reden_zonder_screening"]
    assert aantal(session, Historie) == voor + 1  # only the screening
    t = stap(client, gebruikers, t, "leg_uitkomst_vast", uitkomst="somatisch_ziekenhuis",
             reden_zonder_screening="Direct naar de SEH met hoofdletsel")
    assert t["uitkomst"]["reden_zonder_screening"] == "Direct naar de SEH met hoofdletsel"


def test_politiecel_alleen_bij_verdenking(client, gebruikers, clock, session):
    t = gescreend(client, gebruikers, clock)
    r = actie(client, gebruikers, t, "leg_uitkomst_vast", uitkomst="politiecel")
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "uitkomst"]
    assert rij(session, Triage, t["id"]).uitkomst is None
    t = stap(client, gebruikers, t, "wijzig_aankomst", verdacht_van_strafbaar_feit=True)
    t = stap(client, gebruikers, t, "leg_uitkomst_vast", uitkomst="politiecel")
    assert t["uitkomst"]["code"] == "politiecel"
    r = actie(client, gebruikers, t, "wijzig_aankomst", verdacht_van_strafbaar_feit=False)
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "verdacht_van_strafbaar_feit"]


def test_ongeldige_aankomst(client, gebruikers, session):
    gevallen = [
        (aankomst(aangekomen_op="2026-04-13T10:00:00"), ["body", "aangekomen_op"]),  # future
        (aankomst(aangekomen_op="2026-04-01T10:00:00"), ["body", "aangekomen_op"]),  # 12 days back
        (aankomst(gebracht_door="anders"), ["body", "gebracht_door_toelichting"]),
        (aankomst(gebracht_door="taxi"), ["body", "gebracht_door"]),
        (aankomst(e33_nummer="<script>"), ["body", "e33_nummer"]),
        (aankomst(persoon={"voornaam": "Zonder"}), ["body", "persoon", "achternaam"]),
        (aankomst(persoon={"persoon_id": 999}), ["body", "persoon", "persoon_id"]),
    ]
    for body, loc in gevallen:
        r = client.post("/api/v1/triages", json=body, headers=auth(gebruikers, "ovp"))
        assert r.status_code == 422, body
        assert r.json()["detail"][0]["loc"] == loc, r.text
    assert aantal(session, Triage) == 0 and aantal(session, Historie) == 0


def test_verouderde_versie_geeft_409(client, gebruikers, session):
    t = maak(client, gebruikers)
    stap(client, gebruikers, t, "registreer_somatische_screening", **SCREENING)
    r = actie(client, gebruikers, t, "wijzig_aankomst", e33_nummer="X1")
    assert r.status_code == 409
    assert rij(session, Triage, t["id"]).e33_nummer == "2026041300123"


def test_onbekende_of_verkeerde_actie(client, gebruikers):
    t = maak(client, gebruikers)
    r = actie(client, gebruikers, t, "vertrek", vertrokken_op="2026-04-13T09:00:00")
    assert r.status_code == 409 and r.json()["detail"][0]["toegestaan"] == [
        "registreer_somatische_screening", "leg_uitkomst_vast", "wijzig_aankomst"]  # side actions are table actions
    assert actie(client, gebruikers, t, "start_crisismaatregel").status_code == 409
    assert actie(client, gebruikers, t, "vlieg").status_code == 409
    r = actie(client, gebruikers, t, "registreer_somatische_screening", door="X", bevindingen="Y", kleur="rood")
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "kleur"]


def test_rechten(client, gebruikers):
    r = client.post("/api/v1/triages", json=aankomst(), headers=auth(gebruikers, "intake"))
    assert r.status_code == 403
    t = maak(client, gebruikers)
    assert client.get(f"/api/v1/triages/{t['id']}", headers=auth(gebruikers, "pl")).status_code == 200
    assert client.get(f"/api/v1/triages/{t['id']}", headers=auth(gebruikers, "intake")).status_code == 403
    assert actie(client, gebruikers, t, "registreer_somatische_screening", wie="pl", **SCREENING).status_code == 403
    assert client.get("/api/v1/triages?aanwezig=true", headers=auth(gebruikers, "bm")).status_code == 403
    assert client.get("/api/v1/triages/999", headers=auth(gebruikers, "ovp")).status_code == 404
    assert client.get("/api/v1/triages").status_code == 401


def test_inzien_wordt_gelogd(client, gebruikers, session):
    t = maak(client, gebruikers)
    client.get(f"/api/v1/triages/{t['id']}", headers=auth(gebruikers, "pl"))
    rijen = session.exec(select(Toegang).where(Toegang.zaak_type == "triage")).all()
    assert [(r.handeling, r.doel, r.persoon_id) for r in rijen] == [
        ("schrijf", "aankomst", t["persoon"]["id"]), ("lees", "inzien", t["persoon"]["id"])]


def test_cijfers_periode_buiten_bereik_is_422(client, gebruikers):
    from tests.factories import auth

    for pad in ("/api/v1/triages/cijfers", "/api/v1/triages/export.csv"):
        r = client.get(f"{pad}?van=0001-01-01&tot=0004-01-01", headers=auth(gebruikers, "ovp"))
        assert r.status_code == 422 and r.json()["detail"][0]["loc"][-1] == "van"
