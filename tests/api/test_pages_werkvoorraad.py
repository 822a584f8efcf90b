"""The werkvoorraad page: order by time left with colours, filters, search, pages, counts, claim/release."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from sqlmodel import select

from tests.factories.paginas import inloggen, maak_melding
from wvggz.audit.models import Historie
from wvggz.clock import TZ
from wvggz.errors import ConflictError, InvalidTransition
from wvggz.meldingen import service
from wvggz.meldingen.models import Melding
from wvggz.schermen.tijd import tijd_over
from wvggz.termijnen.kalender import AtwKalender


def rijen(html: str) -> list[str]:
    body = html[html.index("<tbody>"):html.index("</tbody>")]
    return re.findall(r"<tr class=\"([^\"]*)\">.*?<a href=\"/meldingen/(\d+)\">", body, re.S)


def test_sortering_en_kleuren(client, gebruikers):
    nieuw = maak_melding(client, gebruikers)  # 15 calendar days (10 working days) left
    # 14 days after 20-03 is Goede Vrijdag 03-04, then 2e Paasdag: the term ended Tuesday 07-04
    te_laat = maak_melding(client, gebruikers, ontvangen_op="2026-03-20T10:00:00+01:00")
    bijna = maak_melding(client, gebruikers, ontvangen_op="2026-04-01T10:00:00+02:00")  # ends Wed 15-04
    inloggen(client, "intake")
    html = client.get("/werkvoorraad").text
    assert rijen(html) == [("verlopen", str(te_laat["id"])), ("bijna", str(bijna["id"])), ("", str(nieuw["id"]))]
    # the 14-day term counts calendar days, so the time left does too (issue 12.8); colours follow working days
    assert "6 dagen te laat" in html and "2 dagen (2 d 14 u)" in html and "15 dagen (15 d 14 u)" in html
    assert "werkdagen (" not in html
    assert '<span class="getal">3</span> ontvangen' in html


@pytest.mark.parametrize(("nu", "eind", "tekst", "klasse"), [
    # Monday 13-04-2026 09:00; the term of a melding received that day ends Tuesday 28-04 (Koningsdag skipped)
    (datetime(2026, 4, 13, 9), datetime(2026, 4, 28, 23, 59, 59), "15 dagen (15 d 14 u)", ""),
    # Thursday 23-04: Friday 24 and Tuesday 28 are the working days left (27-04 Koningsdag): 2 -> amber
    (datetime(2026, 4, 23, 9), datetime(2026, 4, 28, 23, 59, 59), "5 dagen (5 d 14 u)", "bijna"),
    # Tuesday 28-04 itself: the last day
    (datetime(2026, 4, 28, 20), datetime(2026, 4, 28, 23, 59, 59), "vandaag, nog 3 u 59 min", "bijna"),
    # Wednesday 29-04 10:00: 10 hours late, no full day yet
    (datetime(2026, 4, 29, 10), datetime(2026, 4, 28, 23, 59, 59), "10 u 0 min te laat", "verlopen"),
    # Monday 04-05: six calendar days late
    (datetime(2026, 5, 4, 10), datetime(2026, 4, 28, 23, 59, 59), "6 dagen te laat", "verlopen"),
])
def test_tijd_over_in_kalenderdagen(nu, eind, tekst, klasse):
    t = tijd_over(eind.replace(tzinfo=TZ), nu.replace(tzinfo=TZ), AtwKalender())
    assert (t["tekst"], t["klasse"]) == (tekst, klasse)


@pytest.mark.parametrize(("soort", "nu", "tekst"), [
    # a term counted in working days shows working days (Wed 29, Thu 30 Apr, Fri 1 May, Mon 4 May = 4 late)
    ("wijkteam_advies", datetime(2026, 4, 13, 9), "10 werkdagen (15 d 14 u)"),
    ("wijkteam_advies", datetime(2026, 5, 4, 10), "4 werkdagen te laat"),
    # a week term shows weeks and days
    ("beroep_termijn", datetime(2026, 4, 13, 9), "2 weken en 1 dag (15 d 14 u)"),
    ("beroep_termijn", datetime(2026, 4, 22, 9), "6 dagen (6 d 14 u)"),
])
def test_tijd_over_in_eigen_eenheid(soort, nu, tekst):
    eind = datetime(2026, 4, 28, 23, 59, 59, tzinfo=TZ)
    assert tijd_over(eind, nu.replace(tzinfo=TZ), AtwKalender(), 0, soort)["tekst"] == tekst


def test_filters_zoeken_en_paginering(client, gebruikers, clock):
    ik = gebruikers["intake"][0].id
    a = maak_melding(client, gebruikers)
    b = maak_melding(client, gebruikers, betrokkene={"voornaam": "Fatima", "achternaam": "El Amrani",
                                                     "geboortedatum": "1988-11-19"})
    for _ in range(26):
        maak_melding(client, gebruikers, betrokkene={"achternaam": "Bakker"})
    token = inloggen(client, "intake")
    client.post(f"/meldingen/{a['id']}/claim", data={"csrf_token": token, "versie": "1"})
    assert [i for _, i in rijen(client.get("/werkvoorraad?mijn=1").text)] == [str(a["id"])]
    assert str(a["id"]) not in [i for _, i in rijen(client.get("/werkvoorraad?zonder=1").text)]
    assert [i for _, i in rijen(client.get(f"/werkvoorraad?behandelaar={ik}").text)] == [str(a["id"])]
    assert [i for _, i in rijen(client.get("/werkvoorraad?status=in_onderzoek").text)] == [str(a["id"])]

    def zoek(tekst):
        r = client.post("/werkvoorraad/filter", data={"csrf_token": token, "zoek": tekst}, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/werkvoorraad"  # no name in the URL
        return client.get(r.headers["location"]).text

    assert [i for _, i in rijen(zoek("19-11-1988"))] == [str(b["id"])]
    assert [i for _, i in rijen(zoek("el am"))] == [str(b["id"])]
    assert [i for _, i in rijen(zoek(b["referentie"]))] == [str(b["id"])]
    eerste = zoek("bakker")
    assert len(rijen(eerste)) == 25 and "Pagina 1 van 2" in eerste and "bakker" not in eerste.split("pagina=2")[0][-80:]
    assert len(rijen(client.get("/werkvoorraad?pagina=2").text)) == 1
    client.post("/werkvoorraad/filter", data={"csrf_token": token, "wis": "1"})
    assert len(rijen(client.get("/werkvoorraad").text)) == 25
    assert client.get("/werkvoorraad?pagina=abc&behandelaar=x&status=onzin").status_code == 200  # lenient


def test_oppakken_overnemen_en_vrijgeven(client, gebruikers, session):
    m = maak_melding(client, gebruikers)
    token = inloggen(client, "intake")
    r = client.post(f"/meldingen/{m['id']}/claim", data={"csrf_token": token, "versie": "1",
                                                          "terug": "/werkvoorraad?zonder=1"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/meldingen/{m['id']}"  # claiming opens the case
    assert f"U hebt {m['referentie']} opgepakt" in client.get(r.headers["location"]).text
    melding = session.get(Melding, m["id"])
    assert (melding.status, melding.behandelaar_id) == ("in_onderzoek", gebruikers["intake"][0].id)
    session.rollback()
    token2 = inloggen(client, "intake2")
    r = client.post(f"/meldingen/{m['id']}/claim", data={"csrf_token": token2, "versie": "2",
                                                          "terug": "https://elders.example/"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/meldingen/{m['id']}"  # no open redirect
    r = client.post(f"/meldingen/{m['id']}/vrijgeven", data={"csrf_token": token2, "versie": "3",
                                                              "terug": "https://elders.example/"},
                    follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/werkvoorraad"  # no open redirect
    assert client.post(f"/meldingen/{m['id']}/vrijgeven", data={"csrf_token": token2, "versie": "3"}).status_code == 409
    session.expire_all()
    assert session.get(Melding, m["id"]).behandelaar_id is None
    assert session.exec(select(Historie.actie).order_by(Historie.id)).all()[-3:] == [
        "start_onderzoek", "behandelaar_toegewezen", "behandelaar_vrijgegeven"]
    assert "Intake -> Intake2" in session.exec(select(Historie.reden).order_by(Historie.id)).all()[-2]
    session.rollback()
    assert client.post(f"/meldingen/{m['id']}/claim", data={"versie": "4"}).status_code == 403  # no CSRF


def test_toewijzen_service_regels(factory, gebruikers, clock, client):
    m = maak_melding(client, gebruikers)
    intake, _ = gebruikers["intake"]
    with factory() as s:
        with pytest.raises(ConflictError):
            service.wijs_toe(session=s, clock=clock, actor=intake, melding_id=m["id"], versie=9, behandelaar_id=intake.id)
        with pytest.raises(InvalidTransition):
            service.geef_vrij(session=s, clock=clock, actor=intake, melding_id=m["id"], versie=1)  # still ontvangen
        from wvggz.errors import MissingField

        ovp = gebruikers["ovp"][0]
        s.rollback()
        melding = service.wijs_toe(session=s, clock=clock, actor=intake, melding_id=m["id"], versie=1,
                                   behandelaar_id=intake.id)
        with pytest.raises(MissingField):  # only intake or projectleider of the same gemeente
            service.wijs_toe(session=s, clock=clock, actor=intake, melding_id=m["id"], versie=melding.versie,
                             behandelaar_id=ovp.id)


def test_filter_op_gemeente_van_betrokkene(client, gebruikers):
    maak_melding(client, gebruikers)
    r = maak_melding(client, gebruikers, betrokkene={"achternaam": "Smit", "woonplaats": "Wassenaar"})
    token = inloggen(client, "intake")
    html = client.get("/werkvoorraad").text
    assert '<option value="Wassenaar">' in html
    antwoord = client.post("/werkvoorraad/filter", data={"csrf_token": token, "gemeente": "Wassenaar"},
                           follow_redirects=False)
    assert antwoord.headers["location"] == "/werkvoorraad?gemeente=Wassenaar"
    assert [i for _, i in rijen(client.get(antwoord.headers["location"]).text)] == [str(r["id"])]
