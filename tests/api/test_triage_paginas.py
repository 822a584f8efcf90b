"""The OVP pages: the board with the arrival form and quick step forms, one triage, the figures.
Forms need the CSRF token, POST then redirect 303; bad input shows the form again with the message."""

from __future__ import annotations

import re

from sqlmodel import func, select

from tests.factories import auth
from tests.factories.triage import aantal, maak
from wvggz.audit.models import Toegang
from wvggz.triage.models import Triage


def csrf_van(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def login(client, naam: str) -> str:
    r = client.post("/login", data={"gebruikersnaam": naam, "wachtwoord": "geheim-wachtwoord",
                                    "csrf_token": csrf_van(client.get("/login").text)}, follow_redirects=False)
    assert r.status_code == 303, r.text
    return csrf_van(client.get("/ovp").text) if naam == "ovp" else ""


def test_bord_met_aankomstformulier_en_verversing(client, gebruikers, clock):
    t = maak(client, gebruikers)
    csrf = login(client, "ovp")
    r = client.get("/ovp")
    assert r.status_code == 200 and "Aankomst vastleggen" in r.text
    assert t["referentie"] in r.text and "Karel Appel" in r.text and "Registreer somatische screening" in r.text
    assert 'value="2026-04-13T09:00"' in r.text  # arrival time pre-filled with now
    assert '<script src="/static/ovp.js" defer></script>' in r.text and "<script>" not in r.text
    assert "script-src 'self'" in r.headers["content-security-policy"]
    fragment = client.get("/ovp/bord")
    assert fragment.status_code == 200 and "<html" not in fragment.text and t["referentie"] in fragment.text
    assert f'name="csrf_token" value="{csrf}"' in fragment.text
    assert client.get("/static/ovp.js").status_code == 200


def test_aankomst_via_formulier(client, gebruikers, session):
    csrf = login(client, "ovp")
    velden = {"aangekomen_op": "2026-04-13T08:45", "gebracht_door": "politie", "e33_nummer": "E33-7",
              "verdacht_van_strafbaar_feit": "1", "persoon.achternaam": "Jansen", "persoon.voornaam": "Els",
              "signalement": "", "knop": "registreer"}
    assert client.post("/ovp/aankomst", data=velden, follow_redirects=False).status_code == 403  # no CSRF
    r = client.post("/ovp/aankomst", data=velden | {"csrf_token": csrf}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/ovp"
    r = client.get("/ovp")
    assert "Aankomst vastgelegd: T-2026-" in r.text and "Els Jansen" in r.text and "verdachte" in r.text
    t = session.exec(select(Triage)).one()
    assert (t.e33_nummer, t.verdacht_van_strafbaar_feit, t.gebracht_door) == ("E33-7", True, "politie")
    session.rollback()


def test_fout_in_aankomst_toont_formulier_opnieuw(client, gebruikers, session):
    csrf = login(client, "ovp")
    velden = {"csrf_token": csrf, "aangekomen_op": "2026-04-13T08:45", "gebracht_door": "anders",
              "persoon.achternaam": "Jansen", "knop": "registreer"}
    r = client.post("/ovp/aankomst", data=velden)
    assert r.status_code == 422
    assert 'id="gebracht-door-toelichting-fout"' in r.text and 'value="Jansen"' in r.text
    r = client.post("/ovp/aankomst", data=velden | {"gebracht_door": "politie", "aangekomen_op": "2026-04-14T08:00"})
    assert r.status_code == 422 and "toekomst" in r.text
    assert aantal(session, Triage) == 0


def test_bekende_persoon_zoeken_en_koppelen(client, gebruikers, session):
    bekend = maak(client, gebruikers)["persoon"]
    csrf = login(client, "ovp")
    r = client.post("/ovp/aankomst", data={"csrf_token": csrf, "knop": "zoek", "persoon.achternaam": "App",
                                           "gebracht_door": "ambulance", "aangekomen_op": "2026-04-13T08:50"})
    assert r.status_code == 200 and f'value="{bekend["id"]}"' in r.text and "Karel Appel" in r.text
    assert aantal(session, Triage) == 1
    r = client.post("/ovp/aankomst", data={"csrf_token": csrf, "knop": "registreer", "gebracht_door": "ambulance",
                                           "aangekomen_op": "2026-04-13T08:50",
                                           "persoon.persoon_id": str(bekend["id"])}, follow_redirects=False)
    assert r.status_code == 303
    personen = session.exec(select(Triage.persoon_id).order_by(Triage.id)).all()
    assert personen == [bekend["id"], bekend["id"]]
    gezocht = session.exec(select(func.count()).select_from(Toegang).where(Toegang.doel == "persoon_zoeken")).one()
    assert gezocht == 1
    session.rollback()


def test_snelformulier_op_het_bord_en_fout_bij_het_veld(client, gebruikers, session):
    t = maak(client, gebruikers)
    csrf = login(client, "ovp")
    pad = f"/ovp/triages/{t['id']}/acties/registreer_somatische_screening"
    r = client.post(pad, data={"csrf_token": csrf, "versie": "1", "door": "Ovp", "bevindingen": "",
                               "vlaggen": "letsel"})
    assert r.status_code == 422 and 'id="registreer-somatische-screening-bevindingen-fout"' in r.text
    r = client.post(pad, data={"csrf_token": csrf, "versie": "1", "door": "Ovp", "bevindingen": "Schaafwond",
                               "vlaggen": ["letsel", "intoxicatie"]}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/ovp"
    opgeslagen = session.get(Triage, t["id"])
    assert (opgeslagen.status, opgeslagen.somatisch_vlaggen) == ("somatische_screening", ["letsel", "intoxicatie"])
    session.rollback()
    r = client.post(pad, data={"csrf_token": csrf, "versie": "1", "door": "X", "bevindingen": "Y"})
    assert r.status_code == 409  # stale version: the error page with a link to reload


def test_triagepagina_uitkomst_en_overdracht(client, gebruikers, session):
    t = maak(client, gebruikers)
    csrf = login(client, "ovp")
    r = client.get(f"/triages/{t['id']}")
    assert r.status_code == 200 and "Werkstroom" in r.text and "stateDiagram" in r.text
    assert "Naar huis met vervolg (huisarts, wijkteam of FACT)" in r.text  # outcome labels in the select
    pad = f"/triages/{t['id']}/acties/leg_uitkomst_vast"
    r = client.post(pad, data={"csrf_token": csrf, "versie": "1", "uitkomst": "politiecel",
                               "reden_zonder_screening": "Agressief"})
    assert r.status_code == 422 and "strafbaar feit" in r.text
    r = client.post(pad, data={"csrf_token": csrf, "versie": "1", "uitkomst": "crisismaatregel",
                               "reden_zonder_screening": "Acuut", "melding_wvggz": "nee"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/triages/{t['id']}"
    r = client.post(f"/triages/{t['id']}/acties/start_crisismaatregel",
                    data={"csrf_token": csrf, "versie": "2", "gemeente_verblijf": "Den Haag", "locatie": ""},
                    follow_redirects=False)
    assert r.status_code == 303
    r = client.get(f"/triages/{t['id']}")
    assert "Crisismaatregel" in r.text and 'href="/crisismaatregelen/' in r.text
    r = client.post(f"/triages/{t['id']}/acties/maak_melding",
                    data={"csrf_token": csrf, "versie": "3", "zorgen": "Zorgen", "acuut": "ja"}, follow_redirects=False)
    assert r.status_code == 303
    assert session.get(Triage, t["id"]).melding_id is not None
    session.rollback()


def test_cijferpagina_en_rollen(client, gebruikers):
    maak(client, gebruikers)
    login(client, "pl")
    r = client.get("/ovp/cijfers?van=2026-04-01&tot=2026-04-13")
    assert r.status_code == 200 and "<svg" in r.text and "/ovp/cijfers.csv?van=2026-04-01&amp;tot=2026-04-13" in r.text
    r = client.get("/ovp")
    assert r.status_code == 200 and "Aankomst vastleggen" not in r.text and "Karel Appel" not in r.text
    assert client.get("/api/v1/triages/export.csv?van=2026-04-01&tot=2026-04-13").status_code == 401  # bearer only
    csv = client.get("/ovp/cijfers.csv?van=2026-04-01&tot=2026-04-13")
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv") and "Appel" not in csv.text
    assert client.get("/ovp/cijfers?van=2026-04-13&tot=2026-04-01").status_code == 422


def test_geen_toegang_voor_andere_rollen(client, gebruikers):
    assert client.get("/ovp", follow_redirects=False).status_code == 303  # to /login
    login(client, "intake")
    assert client.get("/ovp").status_code == 403
    t = maak(client, gebruikers)
    assert client.get(f"/triages/{t['id']}").status_code == 403
    assert client.get("/api/v1/triages?aanwezig=true", headers=auth(gebruikers, "ovp")).status_code == 200


def test_uitkomst_melding_wvggz_maakt_de_melding_in_een_stap_met_bevestiging(client, gebruikers, session):
    from tests.factories.paginas import inloggen
    from wvggz.meldingen.models import Melding

    t = maak(client, gebruikers)
    csrf = login(client, "ovp")
    html = client.get(f"/triages/{t['id']}").text
    assert "Melding Wvggz: de zorgmelding in dezelfde stap" in html and 'name="melding.bevestig"' in html
    assert 'name="melding.betrokkene.achternaam"' not in html  # the person is known already
    pad = f"/triages/{t['id']}/acties/leg_uitkomst_vast"
    basis = {"csrf_token": csrf, "versie": "1", "uitkomst": "naar_huis_zonder_vervolg",
             "reden_zonder_screening": "Wilde weg", "melding_wvggz": "ja", "melding.maak": "1",
             "melding.zorgen": "Verward, woont alleen.", "melding.acuut": "nee"}
    r = client.post(pad, data=basis)  # no confirmation: nothing happens, the form says why
    assert r.status_code == 422 and "Bevestig dat de zorgmelding nu naar het meldpunt gaat." in r.text
    assert "Verward, woont alleen.</textarea>" in r.text  # everything typed is kept
    r = client.post(pad, data=basis | {"melding.bevestig": "1", "melding.zorgen": ""})
    assert r.status_code == 422 and 'id="leg-uitkomst-vast-melding-zorgen-fout"' in r.text
    assert aantal(session, Melding) == 0 and session.get(Triage, t["id"]).versie == 1
    session.rollback()
    r = client.post(pad, data=basis | {"melding.bevestig": "1"}, follow_redirects=False)
    assert r.status_code == 303
    assert "De zorgmelding is gemaakt." in client.get(r.headers["location"]).text
    triage = session.get(Triage, t["id"])
    melding = session.get(Melding, triage.melding_id)
    assert triage.status == "uitkomst_vastgelegd" and melding.triage_id == triage.id and melding.acuut is False
    referentie, triage_ref, melding_id = melding.referentie, triage.referentie, melding.id
    session.rollback()
    html = client.get(f"/triages/{t['id']}").text
    assert referentie in html and f'href="/meldingen/{melding_id}"' not in html  # OVP may not open meldingen
    inloggen(client, "pl")  # the projectleider reads both: the pages link both ways
    assert f'<a href="/meldingen/{melding_id}">{referentie}</a>' in client.get(f"/triages/{t['id']}").text
    assert f'<a href="/triages/{t["id"]}">{triage_ref}</a>' in client.get(f"/meldingen/{melding_id}").text
    inloggen(client, "intake")  # intake may not read triages: the number without a link
    html = client.get(f"/meldingen/{melding_id}").text
    assert triage_ref in html and f'href="/triages/{t["id"]}"' not in html


def test_uitkomst_zonder_vinkje_maakt_geen_melding(client, gebruikers, session):
    from wvggz.meldingen.models import Melding

    t = maak(client, gebruikers, persoon=None)
    csrf = login(client, "ovp")
    assert 'name="melding.betrokkene.achternaam"' in client.get(f"/triages/{t['id']}").text
    r = client.post(f"/ovp/triages/{t['id']}/acties/leg_uitkomst_vast", data={
        "csrf_token": csrf, "versie": "1", "uitkomst": "onttrokken", "reden_zonder_screening": "Weg",
        "melding_wvggz": "ja", "melding.zorgen": "Iets", "melding.bevestig": "1"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/ovp"
    assert aantal(session, Melding) == 0
    assert session.get(Triage, t["id"]).melding_wvggz is True
