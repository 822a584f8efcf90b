"""The projectleider's dashboard: figures per status and behandelaar, this week's terms, the share decided
on time and the median days per month (SVG charts), and the CSV export without names."""

from __future__ import annotations

import csv
import io
from datetime import datetime

import pytest

from tests.factories import auth
from tests.factories.paginas import inloggen, maak_melding
from wvggz.clock import TZ
from wvggz.schermen import cijfers, grafieken

NU = datetime(2026, 4, 13, 9, 0, tzinfo=TZ)


def actie(client, gebruikers, m, naam, **velden):  # noqa: ANN001, ANN201
    r = client.post(f"/api/v1/meldingen/{m['id']}/acties/{naam}", json={"versie": m["versie"], **velden},
                    headers=auth(gebruikers, "intake"))
    assert r.status_code == 200, r.text
    return r.json()


def besluit(client, gebruikers, m):  # noqa: ANN001, ANN201
    return actie(client, gebruikers, m, "besluit_geen_aanvraag", reden_code="vrijwillige_zorg", reden="FACT",
                 medische_expertise="SPV", gesprek_met_betrokkene=True)


@pytest.fixture
def cijferdata(client, gebruikers, clock):
    """Feb: decided in 8 days; Mar: term ended 06-03, decided 10-03 (late); Apr: term ended 08-04 undecided;
    this week: a term ending Wednesday 15-04; forwarded and fresh ones that count nowhere."""
    ik = gebruikers["intake"][0].id
    clock.set(datetime(2026, 2, 2, 10, 0))
    m = actie(client, gebruikers, maak_melding(client, gebruikers), "start_onderzoek", behandelaar_id=ik)
    clock.set(datetime(2026, 2, 10, 10, 0))
    besluit(client, gebruikers, m)
    clock.set(datetime(2026, 2, 20, 10, 0))
    m = actie(client, gebruikers, maak_melding(client, gebruikers), "start_onderzoek", behandelaar_id=ik)
    clock.set(datetime(2026, 3, 10, 10, 0))
    besluit(client, gebruikers, m)
    clock.set(datetime(2026, 3, 25, 10, 0))
    actie(client, gebruikers, maak_melding(client, gebruikers), "start_onderzoek", behandelaar_id=ik)
    clock.set(datetime(2026, 3, 26, 10, 0))
    actie(client, gebruikers, maak_melding(client, gebruikers), "stuur_door", gemeente="Rijswijk")
    clock.set(datetime(2026, 4, 1, 10, 0))
    deze_week = maak_melding(client, gebruikers)
    clock.set(NU)
    maak_melding(client, gebruikers)
    return {"deze_week": deze_week}


def test_cijfers_per_maand(cijferdata, session, clock):
    maanden, mediaan = cijfers.per_maand(session, "Den Haag", clock.now())
    per = {m["maand"]: m for m in maanden}
    assert len(maanden) == 12 and maanden[0]["maand"] == "2025-05" and maanden[-1]["maand"] == "2026-04"
    assert (per["2026-02"]["afgelopen"], per["2026-02"]["tijdig"], per["2026-02"]["aandeel"]) == (1, 1, 1.0)
    assert per["2026-02"]["mediaan_dagen"] == 8.0
    assert (per["2026-03"]["afgelopen"], per["2026-03"]["aandeel"], per["2026-03"]["mediaan_dagen"]) == (1, 0.0, 18.0)
    assert (per["2026-04"]["afgelopen"], per["2026-04"]["aandeel"], per["2026-04"]["besluiten"]) == (1, 0.0, 0)
    assert per["2025-12"]["aandeel"] is None and mediaan == 13.0
    assert cijfers.open_per_status(session, "Den Haag") == {"geen_aanvraag": 2, "in_onderzoek": 1, "ontvangen": 2}
    assert cijfers.aantal_verlopen(session, "Den Haag", clock.now()) == 1
    session.rollback()


def test_dashboard_pagina(client, gebruikers, cijferdata):
    inloggen(client, "pl")
    r = client.get("/dashboard")
    assert r.status_code == 200
    html = r.text
    assert cijferdata["deze_week"]["referentie"] in html  # due Wednesday 15-04
    assert 'href="/werkvoorraad?zonder=1">niet toegewezen</a></td><td class="getal">2<' in html
    assert ">Intake</a></td><td class=\"getal\">3<" in html
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg" class="grafiek"') == 2
    assert 'role="img"' in html and "<title id=\"grafiek-tijdig-titel\">" in html
    assert "termijn 14 d" in html
    assert "Jan de Vries" not in html  # the dashboard shows case numbers, no names


def test_csv_zonder_namen_een_tabel_per_bestand(client, gebruikers, cijferdata):
    inloggen(client, "pl")
    r = client.get("/dashboard/cijfers.csv")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert 'attachment; filename="wvggz-cijfers-20260413.csv"' == r.headers["content-disposition"]
    assert r.content.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8
    rijen = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig")), delimiter=";"))
    assert rijen[0] == ["Maand", "Termijnen afgelopen", "Waarvan tijdig besloten", "Aandeel tijdig", "Besluiten",
                        "Mediaan doorlooptijd (dagen)"]
    assert ["2026-03", "1", "0", "0,0%", "1", "18,0"] in rijen
    assert all(len(rij) == 6 for rij in rijen)  # one table: every row has the header's columns
    r = client.get("/dashboard/cijfers.csv?tabel=open-per-behandelaar")
    assert 'filename="wvggz-open-per-behandelaar-20260413.csv"' in r.headers["content-disposition"]
    rijen = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig")), delimiter=";"))
    assert rijen[0] == ["Behandelaar (nummer)", "Aantal open meldingen"]
    assert [f"Behandelaar {gebruikers['intake'][0].id}", "3"] in rijen
    r = client.get("/dashboard/cijfers.csv?tabel=open-per-status")
    rijen = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig")), delimiter=";"))
    assert rijen[0] == ["Status", "Aantal open meldingen"] and all("_" not in rij[0] for rij in rijen)
    assert client.get("/dashboard/cijfers.csv?tabel=alles").status_code == 422
    for tabel in ("per-maand", "open-per-status", "open-per-behandelaar"):
        tekst = client.get(f"/dashboard/cijfers.csv?tabel={tabel}").content.decode("utf-8-sig")
        assert "Vries" not in tekst and "Intake" not in tekst and "Pieters" not in tekst


def test_alleen_projectleider(client, gebruikers):
    inloggen(client, "intake")
    assert client.get("/dashboard/cijfers.csv").status_code == 403


def test_grafiek_escapet_en_tekent_lege_maanden():
    svg = grafieken.teken(grafieken.Staafdiagram(
        id="t", titel="<b>x</b>", beschrijving="a & b", labels=["jan", "feb"], waarden=[None, 0.5], maximum=1.0,
        stappen=(0, 1.0), opmaak=grafieken.procent))
    assert "&lt;b&gt;x&lt;/b&gt;" in svg and "a &amp; b" in svg and "<b>" not in svg
    assert svg.count('class="staaf"') == 1 and ">geen</text>" in svg and ">50%</text>" in svg
