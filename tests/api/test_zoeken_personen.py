"""Issue 13 point 4: full-name search, the hint for closed matches, common birth-date spellings, and one
person search over meldingen, triages and measures (POST, scoped to the gemeente, every person shown logged)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlmodel import select

from tests.factories import auth
from tests.factories import triage as triages
from tests.factories.paginas import inloggen, maak_melding
from wvggz.audit.models import Toegang
from wvggz.personen.zoektekst import lees_datum


@pytest.mark.parametrize("tekst", ["12041985", "12-4-1985", "12-04-1985", "12/04/1985", "12.4.1985",
                                   "1985-04-12", "19850412", " 12 04 1985 "])
def test_gangbare_schrijfwijzen_van_een_geboortedatum(tekst):
    assert lees_datum(tekst) == date(1985, 4, 12)


@pytest.mark.parametrize("tekst", ["31021985", "12", "eva", "1985-13-01", "00000000", "12-4-85"])
def test_geen_datum(tekst):
    assert lees_datum(tekst) is None


def persoon(voornaam: str, achternaam: str, geboren: str = "1985-04-12") -> dict:
    return {"betrokkene": {"voornaam": voornaam, "achternaam": achternaam, "geboortedatum": geboren,
                           "woonplaats": "Den Haag", "nieuwe_persoon_bevestigd": True}}


def sluit(client, gebruikers, m) -> None:
    r = client.post(f"/api/v1/meldingen/{m['id']}/acties/verwijs_door",
                    json={"versie": m["versie"], "verwezen_naar": "veilig_thuis", "reden": "Geen ggz-vraag."},
                    headers=auth(gebruikers, "intake"))
    assert r.status_code == 200, r.text


def zoek_in_werkvoorraad(client, token, tekst: str) -> str:
    r = client.post("/werkvoorraad/filter", data={"csrf_token": token, "zoek": tekst}, follow_redirects=False)
    assert r.status_code == 303 and "eva" not in r.headers["location"].lower()
    return client.get(r.headers["location"]).text


def test_werkvoorraad_zoekt_volledige_naam_datum_en_meldt_afgehandelde(client, gebruikers):
    eva = maak_melding(client, gebruikers, **persoon("Eva", "Smit"))
    for _ in range(3):
        sluit(client, gebruikers, maak_melding(client, gebruikers, **persoon("Eva", "Smit")))
    graaf = maak_melding(client, gebruikers, **persoon("Eva", "de Graaf", "1949-05-05"))
    piet = maak_melding(client, gebruikers, **persoon("Piet", "Smit", "1963-12-24"))
    token = inloggen(client, "intake")
    for tekst in ("eva smit", "Eva Smit", "smit, eva", "ev sm", "12041985", "12-4-1985", "1985-04-12"):
        html = zoek_in_werkvoorraad(client, token, tekst)
        assert eva["referentie"] in html, tekst
        assert graaf["referentie"] not in html and piet["referentie"] not in html, tekst
        assert "3 afgehandelde meldingen gevonden" in html, tekst
    html = zoek_in_werkvoorraad(client, token, "eva de graaf")
    assert graaf["referentie"] in html and eva["referentie"] not in html
    assert "afgehandelde melding" not in html  # no closed match, no hint
    html = zoek_in_werkvoorraad(client, token, "smit")
    assert eva["referentie"] in html and piet["referentie"] in html and graaf["referentie"] not in html


def test_een_persoonszoekopdracht_over_meldingen_en_triages(client, gebruikers, session):
    eva = maak_melding(client, gebruikers, **persoon("Eva", "Smit"))
    anders = maak_melding(client, gebruikers, **persoon("Eva", "Smid", "1990-01-01"))
    t = triages.maak(client, gebruikers, persoon={"voornaam": "Eva", "achternaam": "Smit",
                                                  "geboortedatum": "1985-04-12"})
    token = inloggen(client, "pl")
    assert client.get("/personen/zoeken").status_code == 200
    r = client.post("/personen/zoeken", data={"csrf_token": token, "zoek": "eva smit 12041985"})
    assert r.status_code == 200, r.text
    assert eva["referentie"] in r.text and t["referentie"] in r.text and anders["referentie"] not in r.text
    assert "OVP-triage" in r.text and "Melding" in r.text
    getoond = session.exec(select(Toegang.handeling, Toegang.persoon_id).where(Toegang.doel == "personen_zoeken")).all()
    session.rollback()  # end the read (SQLite: BEGIN IMMEDIATE holds the write lock)
    assert getoond and {h for h, _ in getoond} == {"lees"}
    assert len({p for _, p in getoond}) == len(getoond) == len(re.findall(r'href="/personen/\d+"', r.text))
    r = client.post("/personen/zoeken", data={"csrf_token": token, "zoek": "e"})
    assert r.status_code == 422 and "twee letters" in r.text
    r = client.post("/personen/zoeken", data={"csrf_token": token, "zoek": "31021985"})
    assert r.status_code == 422 and "geen geldige geboortedatum" in r.text
    assert client.post("/personen/zoeken", data={"zoek": "eva"}).status_code == 403  # CSRF


def test_persoonszoeken_alleen_eigen_gemeente_en_met_leesrecht(client, gebruikers, session, clock):
    from wvggz.gebruikers.service import maak_gebruiker

    maak_melding(client, gebruikers, **persoon("Eva", "Smit"))
    maak_gebruiker(session=session, clock=clock, gebruikersnaam="pl-rijswijk", rol="projectleider",
                   wachtwoord="geheim-wachtwoord", gemeente="Rijswijk")
    session.commit()
    token = inloggen(client, "pl-rijswijk")
    r = client.post("/personen/zoeken", data={"csrf_token": token, "zoek": "eva smit"})
    assert r.status_code == 200 and "Smit" not in r.text.split('id="uitslag"', 1)[1]
    assert "0 personen gevonden" in r.text
