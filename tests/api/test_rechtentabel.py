"""The table decides: change one row of wvggz/gebruikers/rechten.py and the app follows, with no other edit.

Each test flips one permission for the test's duration (monkeypatch) and checks the behaviour that used to
be a role compare somewhere else: who may decide a crisismaatregel, who may be behandelaar, who sees names
on the OVP board, whom the back office notices reach, the menu and the start page.
"""

from __future__ import annotations

from sqlmodel import select

from tests.factories import auth
from tests.factories import crisismaatregel as cm_api
from tests.factories import triage as triage_api
from tests.factories.paginas import WACHTWOORD, csrf, maak_melding
from wvggz.crisismaatregelen.berichten import backoffice
from wvggz.crisismaatregelen.models import Crisismaatregel
from wvggz.escalaties.zaken import Ontvangers, ZaakInfo
from wvggz.gebruikers.models import Gebruiker, Rol
from wvggz.gebruikers.rechten import RECHTEN, met_recht


def test_het_besluit_vraagt_crisismaatregel_besluit(client, gebruikers, session, monkeypatch):
    cm = cm_api.klaar(client, gebruikers)
    monkeypatch.setitem(RECHTEN, "crisismaatregel.besluit", frozenset())
    r = cm_api.actie(client, gebruikers, cm, "neem_maatregel", **cm_api.BESLUIT)
    assert r.status_code == 403 and "crisismaatregel.besluit" in r.json()["detail"][0]["msg"]
    rij = session.get(Crisismaatregel, cm["id"])
    assert (rij.status, rij.versie) == (cm["status"], cm["versie"])  # nothing changed
    session.rollback()
    monkeypatch.setitem(RECHTEN, "crisismaatregel.besluit", frozenset({Rol.BURGEMEESTER}))
    r = cm_api.actie(client, gebruikers, cm, "neem_maatregel", **cm_api.BESLUIT)
    assert r.status_code == 200 and r.json()["status"] == "genomen"


def test_behandelaar_is_wie_melding_behandel_heeft(client, gebruikers, monkeypatch):
    m = maak_melding(client, gebruikers)
    monkeypatch.setitem(RECHTEN, "melding.behandel", frozenset({Rol.PROJECTLEIDER}))

    def start(wie: str):  # noqa: ANN202
        return client.post(f"/api/v1/meldingen/{m['id']}/acties/start_onderzoek", headers=auth(gebruikers, "intake"),
                           json={"versie": m["versie"], "behandelaar_id": gebruikers[wie][0].id})

    r = start("intake")
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "behandelaar_id"]
    assert start("pl").status_code == 200


def test_namen_op_het_bord_volgen_triage_namen(client, gebruikers, monkeypatch):
    triage_api.maak(client, gebruikers)

    def namen(wie: str) -> list:
        r = client.get("/api/v1/triages?aanwezig=true", headers=auth(gebruikers, wie))
        assert r.status_code == 200, r.text
        return [t["persoon"] for t in r.json()["items"]]

    assert namen("ovp") == ["Karel Appel"] and namen("pl") == [None]
    monkeypatch.setitem(RECHTEN, "triage.namen", frozenset({Rol.OVP, Rol.PROJECTLEIDER}))
    assert namen("pl") == ["Karel Appel"]


def test_signalen_bereiken_wie_het_recht_heeft(session, gebruikers, monkeypatch):
    assert [g.gebruikersnaam for g in backoffice(session, "den haag")] == ["bm"]
    ontvangers = Ontvangers(session)
    info = ZaakInfo(referentie="M-1", gemeente="Den Haag", pad="/meldingen/1", behandelaar_id=None)
    assert ontvangers.voor("behandelaar", info) == ("intake", [gebruikers["intake"][0].id, gebruikers["intake2"][0].id])
    monkeypatch.setitem(RECHTEN, "signaal.burgemeester", frozenset({Rol.BURGEMEESTER, Rol.PROJECTLEIDER}))
    assert [g.gebruikersnaam for g in backoffice(session, "Den Haag")] == ["pl", "bm"]
    namen = session.exec(select(Gebruiker.gebruikersnaam).where(met_recht("bericht.beheer"))).all()
    assert namen == ["beheer"]


def test_menu_en_startpagina_volgen_de_tabel(client, gebruikers, monkeypatch):
    def inloggen_als(naam: str) -> tuple[str, str]:
        token = csrf(client.get("/login").text)
        r = client.post("/login", data={"gebruikersnaam": naam, "wachtwoord": WACHTWOORD, "csrf_token": token},
                        follow_redirects=False)
        html = client.get(r.headers["location"]).text
        return r.headers["location"], html[html.index('<nav aria-label="Hoofdmenu"'):html.index("</nav>")]

    start, nav = inloggen_als("pl")
    assert start == "/dashboard" and ">Nieuwe melding<" not in nav
    monkeypatch.setitem(RECHTEN, "menu.nieuwe_melding", frozenset({Rol.INTAKE, Rol.PROJECTLEIDER}))
    monkeypatch.setitem(RECHTEN, "dashboard.lees", frozenset())
    start, nav = inloggen_als("pl")
    assert start == "/werkvoorraad" and ">Nieuwe melding<" in nav and ">Dashboard<" not in nav
