"""The burgemeester's back-office pages: list with the next clock, new request, the measure page with its
duties checklist and action forms (CSRF, POST then 303, the Dutch message next to the field), the beroep."""

from __future__ import annotations

import re

from sqlmodel import func, select

from tests.factories.crisismaatregel import genomen, klaar, maak
from tests.factories.paginas import csrf, inloggen
from wvggz.audit.models import Historie
from wvggz.crisismaatregelen.models import Crisismaatregel


def test_lijst_toont_volgende_klok_en_tijd_over(client, gebruikers, clock):
    cm = genomen(client, gebruikers)
    zonder = maak(client, gebruikers)
    inloggen(client, "bm")
    html = client.get("/crisismaatregelen").text
    assert cm["referentie"] in html and zonder["referentie"] in html
    assert html.index(cm["referentie"]) < html.index(zonder["referentie"])  # next clock first
    assert "Advocaat regelen" in html and "geen lopende klok" in html
    clock.advance(hours=30)
    inloggen(client, "bm")  # the page session ended after inactivity
    html = client.get("/crisismaatregelen").text
    assert '<tr class="verlopen">' in html and "te laat" in html  # overdue in red
    assert "/static/crisismaatregel.css" in html and "<script>" not in html and "style=" not in html


def test_rollen_op_de_paginas(client, gebruikers):
    cm = klaar(client, gebruikers)
    inloggen(client, "intake")
    assert client.get("/crisismaatregelen").status_code == 403
    assert client.get(f"/crisismaatregelen/{cm['id']}").status_code == 403
    assert client.get("/crisismaatregelen/nieuw").status_code == 200
    inloggen(client, "pl")
    html = client.get(f"/crisismaatregelen/{cm['id']}").text
    assert "Alleen de burgemeester" in html and "/acties/neem_maatregel" not in html


def test_nieuwe_aanvraag_via_formulier(client, gebruikers, session):
    token = inloggen(client, "bm")
    data = {"csrf_token": token, "betrokkene.voornaam": "Kees", "betrokkene.achternaam": "Bakker",
            "aangevraagd_door": "politie", "gemeente_verblijf": "Den Haag", "tvz_start": "2026-04-13T08:15"}
    r = client.post("/crisismaatregelen/nieuw", data=data, follow_redirects=False)
    assert r.status_code == 303 and re.fullmatch(r"/crisismaatregelen/\d+", r.headers["location"])
    html = client.get(r.headers["location"]).text
    assert "is vastgelegd" in html and "Tijdelijke verplichte zorg" in html and "Wvggz art. 7:3" in html
    fout = client.post("/crisismaatregelen/nieuw", data=data | {"aangevraagd_door": "", "tvz_start": ""})
    assert fout.status_code == 422 and "Dit veld is verplicht" in fout.text and "Bakker" in fout.text
    fout = client.post("/crisismaatregelen/nieuw", data=data | {"tvz_start": "2026-04-14T08:15"})
    assert fout.status_code == 422 and "ligt in de toekomst" in fout.text
    assert client.post("/crisismaatregelen/nieuw", data=data | {"csrf_token": "fout"}).status_code == 403
    assert session.exec(select(func.count()).select_from(Crisismaatregel)).one() == 1


def test_besluit_via_formulier_en_fout_naast_het_veld(client, gebruikers, session):
    cm = klaar(client, gebruikers)
    token = inloggen(client, "bm")
    pad = f"/crisismaatregelen/{cm['id']}"
    html = client.get(pad).text
    assert 'action="' + pad + '/acties/neem_maatregel"' in html and 'name="zorgvormen"' in html
    assert 'name="besluit_door_rol"' not in html
    form = {"csrf_token": token, "versie": str(cm["versie"]), "zorgvormen": ["opname", "medicatie"],
            "motivering_minder_ingrijpend": "Weigert vrijwillige opname.", "gemeente_verblijf": "Den Haag",
            "besloten_op": "", "bekendmaking_op": "2026-04-13T08:00"}
    r = client.post(f"{pad}/acties/neem_maatregel", data=form)
    assert r.status_code == 422
    assert re.search(r'class="veldfout" id="neem-maatregel-bekendmaking-op-fout">De bekendmaking ligt vóór het besluit',
                     r.text)
    assert "Weigert vrijwillige opname." in r.text  # what was typed stays
    r = client.post(f"{pad}/acties/neem_maatregel", data=form | {"bekendmaking_op": "2026-04-13T09:00"},
                    follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == pad
    html = client.get(pad).text
    assert "Status nu: genomen" in html and "Plichten na het besluit" in html
    assert "Melding aan de Raad voor Rechtsbijstand" in html and html.count('class="plicht-afronden"') == 8
    assert "Geldigheidsduur van de crisismaatregel" in html and "conservatieve lezing" in html
    stale = client.post(f"{pad}/acties/beeindig", data={"csrf_token": csrf(html), "versie": "1", "reden": "x"})
    assert stale.status_code == 409 and "Intussen gewijzigd" in stale.text
    assert session.get(Crisismaatregel, cm["id"]).status == "genomen"


def test_plicht_afvinken(client, gebruikers, session):
    cm = genomen(client, gebruikers)
    token = inloggen(client, "bm")
    taak = next(t for t in cm["taken"] if t["soort"] == "kennisgeving_rvr")
    pad = f"/crisismaatregelen/{cm['id']}"
    r = client.post(f"{pad}/taken/{taak['id']}/afronden", data={"csrf_token": token, "toelichting": "Via portaal"},
                    follow_redirects=False)
    assert r.status_code == 303
    html = client.get(pad).text
    assert "door Bm" in html and "Via portaal" in html and html.count('class="plicht-afronden"') == 7
    assert "Gehaald" in html  # the 24-hour advocaat clock was met
    assert client.post(f"{pad}/taken/{taak['id']}/afronden", data={"csrf_token": "x"}).status_code == 403
    assert session.exec(select(Historie).where(Historie.actie == "taak_afgerond:kennisgeving_rvr")).one()


def test_beroep_pagina(client, gebruikers):
    cm = genomen(client, gebruikers)
    token = inloggen(client, "bm")
    pad = f"/beroepen/{cm['beroep']['id']}"
    html = client.get(pad).text
    assert "Beroep tegen de crisismaatregel" in html and "schorst de crisismaatregel niet" in html
    r = client.post(f"{pad}/acties/stel_in", data={"csrf_token": token, "versie": "1", "ingesteld_op": "2026-04-13T06:00"})
    assert r.status_code == 422 and "vóór het besluit" in r.text
    r = client.post(f"{pad}/acties/stel_in", data={"csrf_token": token, "versie": "1",
                                                    "ingesteld_op": "2026-04-13T09:00"}, follow_redirects=False)
    assert r.status_code == 303
    assert "binnen de termijn" in client.get(pad).text


def test_uurklok_wordt_amber_na_driekwart_en_rood_na_afloop(client, gebruikers, clock):
    cm = maak(client, gebruikers, tvz_start="2026-04-13T09:00")  # 18 hours: warning rung at 13.5 hours
    clock.advance(hours=13)
    inloggen(client, "bm")  # logged in after each jump: a page session ends after 30 idle minutes
    html = client.get("/crisismaatregelen").text
    assert "nog 5 u 0 min" in html and "badge amber" not in html
    clock.advance(minutes=31)
    inloggen(client, "bm")
    assert "badge amber" in client.get("/crisismaatregelen").text
    clock.advance(hours=5)
    inloggen(client, "bm")
    html = client.get(f"/crisismaatregelen/{cm['id']}").text
    assert "0 u 31 min te laat" in html and "badge rood" in html
