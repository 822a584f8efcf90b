"""The warm hand-over from an OVP triage to a zorgmelding and to a crisismaatregel (with tijdelijke
verplichte zorg): one action each, both records linked, the tvz clock on the board; bad input changes nothing."""

from __future__ import annotations

from tests.factories import auth
from tests.factories.triage import SCREENING, aantal, actie, gescreend, maak, rij, stap
from wvggz.crisismaatregelen import queries as cm_queries
from wvggz.crisismaatregelen.models import Crisismaatregel
from wvggz.meldingen.models import Melding
from wvggz.termijnen.models import Termijn
from wvggz.triage.models import Triage


def test_volledige_triage_naar_melding_en_crisismaatregel(client, gebruikers, clock, session):
    t = gescreend(client, gebruikers, clock)  # arrived 09:00, screenings at 09:20 and 10:00
    clock.advance(minutes=15)
    t = stap(client, gebruikers, t, "leg_uitkomst_vast", uitkomst="tvz_voor_crisismaatregel",
             toelichting="Gevaar voor zichzelf, weigert opname")
    assert {"maak_melding", "start_crisismaatregel"} <= {a["naam"] for a in t["toegestane_acties"]}
    velden = next(a for a in t["toegestane_acties"] if a["naam"] == "start_crisismaatregel")["velden"]
    assert {"naam": "tvz_start", "label": "Start tijdelijke verplichte zorg", "soort": "datumtijd",
            "verplicht": True, "keuzes": []} in velden
    t = stap(client, gebruikers, t, "maak_melding", zorgen="Onbegrepen gedrag, eerder binnengebracht.")
    t = stap(client, gebruikers, t, "start_crisismaatregel", tvz_start="2026-04-13T10:15")

    cm = t["crisismaatregel"]
    assert cm["referentie"] and t["melding"]["referentie"].startswith("M-2026-")
    assert [h["actie"] for h in t["historie"]] == [
        "binnengebracht", "registreer_somatische_screening", "registreer_psychiatrische_screening",
        "leg_uitkomst_vast", "maak_melding", "start_crisismaatregel"]
    # The tvz cap of art. 7:3 runs: on the triage and as a warning on the board.
    [termijn] = [x for x in t["termijnen"] if x["soort"] == "tvz_totaal"]
    assert termijn["status"] == "lopend" and termijn["eindmoment"].startswith("2026-04-14T02:15")  # 18 h, UTC
    assert any(w["soort"] == "crisismaatregel_termijn" for w in t["waarschuwingen"])
    bord = client.get("/api/v1/triages?aanwezig=true", headers=auth(gebruikers, "ovp")).json()
    [regel] = bord["items"]
    assert "tijdelijke verplichte zorg loopt tot 14-04 04:15" in regel["waarschuwingen"][0]["tekst"]
    assert regel["open_stap"] == "Registreer vertrek"
    # Both records show the link.
    crisis = rij(session, Crisismaatregel, cm["id"])
    assert crisis.triage_id == t["id"] and crisis.aangevraagd_door == "ovp"
    assert cm_queries.detail(session, crisis, clock.now())["triage_id"] == t["id"]
    session.rollback()
    assert rij(session, Melding, t["melding"]["id"]).triage_id == t["id"]
    # No second crisismaatregel from the same triage.
    assert actie(client, gebruikers, t, "start_crisismaatregel", tvz_start="2026-04-13T10:15").status_code == 409


def test_crisismaatregel_zonder_tvz(client, gebruikers, clock, session):
    t = gescreend(client, gebruikers, clock)
    t = stap(client, gebruikers, t, "leg_uitkomst_vast", uitkomst="crisismaatregel")
    assert [v["naam"] for a in t["toegestane_acties"] if a["naam"] == "start_crisismaatregel"
            for v in a["velden"]] == ["gemeente_verblijf", "locatie"]
    r = actie(client, gebruikers, t, "start_crisismaatregel", tvz_start="2026-04-13T10:00")
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "tvz_start"]
    t = stap(client, gebruikers, t, "start_crisismaatregel")
    cm = rij(session, Crisismaatregel, t["crisismaatregel"]["id"])
    assert (cm.aangevraagd_door, cm.gemeente_verblijf, cm.locatie, cm.tvz_gestart_op) == (
        "ovp", "Den Haag", "OVP Den Haag", None)
    assert t["termijnen"] == [] and t["waarschuwingen"] == []


def test_tvz_start_fouten_veranderen_niets(client, gebruikers, clock, session):
    t = gescreend(client, gebruikers, clock)
    t = stap(client, gebruikers, t, "leg_uitkomst_vast", uitkomst="tvz_voor_crisismaatregel")
    for velden in ({}, {"tvz_start": "2026-04-13T08:59"}, {"tvz_start": "2026-04-13T12:00"},
                   {"tvz_start": "gisteren"}):
        r = actie(client, gebruikers, t, "start_crisismaatregel", **velden)
        assert r.status_code == 422, velden
        assert r.json()["detail"][0]["loc"] == ["body", "tvz_start"], r.text
    assert aantal(session, Crisismaatregel) == 0 and aantal(session, Termijn) == 0
    assert rij(session, Triage, t["id"]).versie == t["versie"]


def test_alleen_bij_een_crisisuitkomst_en_zolang_aanwezig(client, gebruikers, clock):
    t = gescreend(client, gebruikers, clock)
    t = stap(client, gebruikers, t, "leg_uitkomst_vast", uitkomst="vrijwillige_opname_ggz")
    assert actie(client, gebruikers, t, "start_crisismaatregel").status_code == 409
    t = maak(client, gebruikers)
    t = stap(client, gebruikers, t, "leg_uitkomst_vast", uitkomst="crisismaatregel",
             reden_zonder_screening="Acuut gevaar, screening na overplaatsing")
    t = stap(client, gebruikers, t, "vertrek", vertrokken_op=clock.now().isoformat())
    r = actie(client, gebruikers, t, "start_crisismaatregel")
    assert r.status_code == 409 and r.json()["detail"][0]["toegestaan"] == ["maak_melding"]


def test_verouderde_versie_bij_overdracht_maakt_niets(client, gebruikers, clock, session):
    t = gescreend(client, gebruikers, clock)
    oud = stap(client, gebruikers, t, "leg_uitkomst_vast", uitkomst="crisismaatregel")
    stap(client, gebruikers, oud, "wijzig_aankomst", e33_nummer="E33-99")
    assert actie(client, gebruikers, oud, "start_crisismaatregel").status_code == 409
    assert actie(client, gebruikers, oud, "maak_melding", zorgen="Zorgen").status_code == 409
    assert aantal(session, Crisismaatregel) == 0 and aantal(session, Melding) == 0


def test_persoon_onbekend_bij_crisismaatregel(client, gebruikers, clock, session):
    t = maak(client, gebruikers, persoon=None, signalement="Vrouw, ca. 25")
    t = stap(client, gebruikers, t, "registreer_somatische_screening", **SCREENING)
    t = stap(client, gebruikers, t, "leg_uitkomst_vast", uitkomst="crisismaatregel",
             reden_zonder_screening="Psychiater direct via crisisdienst")
    r = actie(client, gebruikers, t, "start_crisismaatregel")
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "betrokkene"]
    r = actie(client, gebruikers, t, "start_crisismaatregel", betrokkene={"voornaam": "Zonder"})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "betrokkene", "achternaam"]
    assert aantal(session, Crisismaatregel) == 0
    t = stap(client, gebruikers, t, "start_crisismaatregel", betrokkene={"achternaam": "Visser", "voornaam": "Iris"})
    cm = rij(session, Crisismaatregel, t["crisismaatregel"]["id"])
    assert cm.betrokkene_id == t["persoon"]["id"] and t["persoon"]["naam"] == "Iris Visser"


def test_uitkomst_melding_wvggz_maakt_de_melding_in_dezelfde_stap(client, gebruikers, clock, session):
    t = gescreend(client, gebruikers, clock)
    t = stap(client, gebruikers, t, "leg_uitkomst_vast", uitkomst="naar_huis_met_vervolg", vervolg="wijkteam",
             melding_wvggz=True, melding={"zorgen": "Zorgen over zelfverwaarlozing.", "acuut": True})
    assert t["status"] == "uitkomst_vastgelegd" and t["melding"]["referentie"].startswith("M-2026-")
    assert "maak_melding" not in {a["naam"] for a in t["toegestane_acties"]}  # made already
    [laatste] = [h for h in t["historie"] if h["actie"] == "leg_uitkomst_vast"]
    assert laatste["reden"].endswith(f"zorgmelding gedaan bij het Wvggz-meldpunt ({t['melding']['referentie']})")
    melding = rij(session, Melding, t["melding"]["id"])
    assert (melding.triage_id, melding.acuut, melding.kanaal, melding.status) == (t["id"], True, "ovp", "ontvangen")
    assert rij(session, Triage, t["id"]).melding_wvggz is True


def test_uitkomst_met_foute_melding_verandert_niets(client, gebruikers, clock, session):
    t = gescreend(client, gebruikers, clock)
    gevallen = [({"melding_wvggz": True, "melding": {"zorgen": ""}}, "melding.zorgen"),
                ({"melding_wvggz": True, "melding": {"zorgen": "Zorgen genoeg", "onbekend": 1}}, "melding.onbekend"),
                ({"melding_wvggz": False, "melding": {"zorgen": "Zorgen genoeg"}}, "melding_wvggz"),
                ({"melding_wvggz": True, "melding": "ja"}, "melding"),
                ({"melding_wvggz": True, "melding": {"zorgen": "Zorgen genoeg",
                                                     "betrokkene": {"achternaam": "Appel"}}}, "melding.betrokkene")]
    for velden, veld in gevallen:
        r = actie(client, gebruikers, t, "leg_uitkomst_vast", uitkomst="naar_huis_zonder_vervolg", **velden)
        assert r.status_code == 422, velden
        assert r.json()["detail"][0]["loc"] == ["body", *veld.split(".")], r.text
    assert aantal(session, Melding) == 0
    triage = rij(session, Triage, t["id"])
    assert (triage.status, triage.versie, triage.uitkomst) == ("psychiatrische_screening", t["versie"], None)


def test_uitkomst_met_melding_voor_een_onbekende_persoon(client, gebruikers, clock, session):
    t = maak(client, gebruikers, persoon=None)
    t = stap(client, gebruikers, t, "leg_uitkomst_vast", uitkomst="onttrokken", reden_zonder_screening="Weggelopen",
             melding={"zorgen": "Onbegrepen gedrag op straat.",
                      "betrokkene": {"voornaam": "Eva", "achternaam": "Smit", "geboortedatum": "1985-04-12"}})
    assert t["persoon"]["id"] and t["melding"]["referentie"]
    assert rij(session, Melding, t["melding"]["id"]).betrokkene_id == t["persoon"]["id"]
