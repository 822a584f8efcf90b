"""Issue 12 through the API and the pages: clock times that do not exist or happen twice (6), dates the law
cannot mean (7), and each term shown in its own unit (8)."""

from __future__ import annotations

import re
from datetime import datetime

from sqlmodel import func, select

from tests.factories import auth, melding_body, vernieuw_tokens
from tests.factories.crisismaatregel import AANVRAAG, actie, genomen, maak
from tests.factories.paginas import inloggen
from wvggz.clock import TZ
from wvggz.crisismaatregelen.models import Crisismaatregel


def bereken(client, gebruikers, soort, start):
    return client.get("/api/v1/termijnen/bereken", params={"soort": soort, "start": start},
                      headers=auth(gebruikers, "intake"))


def fout(r, veld):
    assert r.status_code == 422, r.text
    [detail] = r.json()["detail"]
    assert detail["loc"][-1] == veld
    return detail["msg"]


def test_bereken_weigert_klokwissel_en_onmogelijke_datums(client, gebruikers):
    assert "bestaat niet" in fout(bereken(client, gebruikers, "tvz_totaal", "2026-03-29T02:30"), "start")
    melding = fout(bereken(client, gebruikers, "tvz_totaal", "2026-10-25T02:30"), "start")
    assert "komt twee keer voor" in melding and "2026-10-25T02:30+01:00" in melding
    r = bereken(client, gebruikers, "tvz_totaal", "2026-10-25T02:30+01:00")
    assert r.status_code == 200 and r.json()["eindmoment"] == "2026-10-25T20:30:00+01:00"
    for start, woord in [("9999-12-31", "na 2100"), ("0001-01-01", "1 januari 2020"), ("2019-06-01", "Bopz")]:
        assert woord in fout(bereken(client, gebruikers, "beroep_termijn", start), "start")
    assert "na 2100" in fout(bereken(client, gebruikers, "tvz_totaal", "9999-12-31T23:59"), "start")
    r = bereken(client, gebruikers, "beroep_termijn", "2028-12-20")
    assert r.status_code == 200 and "2029" in r.json()["waarschuwing"]


def test_tvz_start_op_niet_bestaand_of_dubbel_tijdstip(client, gebruikers, clock, session, factory):
    clock.set(datetime(2026, 3, 29, 10, 0, tzinfo=TZ))
    r = client.post("/api/v1/crisismaatregelen", json=AANVRAAG | {"tvz_start": "2026-03-29T02:30"},
                    headers=auth(gebruikers, "bm"))
    assert "bestaat niet" in fout(r, "tvz_start")
    assert session.exec(select(func.count()).select_from(Crisismaatregel)).one() == 0
    session.rollback()  # end the read transaction: SQLite writers need the lock

    clock.set(datetime(2026, 10, 25, 10, 0, tzinfo=TZ))
    vernieuw_tokens(factory, clock, gebruikers)
    cm = maak(client, gebruikers)
    r = actie(client, gebruikers, cm, "start_tvz", tvz_start="2026-10-25T02:30")
    assert "komt twee keer voor" in fout(r, "tvz_start")
    r = actie(client, gebruikers, cm, "start_tvz", tvz_start="2026-10-25T02:30+01:00")  # the second 02:30
    assert r.status_code == 200, r.text
    [t] = r.json()["termijnen"]
    assert datetime.fromisoformat(t["eindmoment"]).astimezone(TZ).isoformat() == "2026-10-25T20:30:00+01:00"


def test_formulier_noemt_de_klokwissel(client, gebruikers, clock, session):
    clock.set(datetime(2026, 3, 29, 10, 0, tzinfo=TZ))
    token = inloggen(client, "bm")
    data = {"csrf_token": token, "betrokkene.voornaam": "Kees", "betrokkene.achternaam": "Bakker",
            "aangevraagd_door": "politie", "gemeente_verblijf": "Den Haag", "tvz_start": "2026-03-29T02:30"}
    r = client.post("/crisismaatregelen/nieuw", data=data)
    assert r.status_code == 422 and "bestaat niet" in r.text and "zomertijd" in r.text
    assert session.exec(select(func.count()).select_from(Crisismaatregel)).one() == 0


def tijd_over(html):
    return re.findall(r'class="tijd-over">.*?<strong>(.*?)</strong>', html, re.S)


def test_termijnen_in_hun_eigen_eenheid(client, gebruikers):
    cm = genomen(client, gebruikers)  # taken Monday 13-04-2026 09:00 (the test clock)
    inloggen(client, "bm")
    html = client.get(f"/crisismaatregelen/{cm['id']}").text
    assert tijd_over(html) and not [t for t in tijd_over(html) if "werkdag" in t]  # none counts working days
    assert "3 dagen (kalenderdagen)" in html and "24 uur" in html
    # cm_geldigheid ends Thursday 16-04 23:59:59: three calendar days left, not three working days
    assert "3 dagen (3 d 14 u)" in html
    beroep = client.get(f"/beroepen/{cm['beroep']['id']}").text
    assert "3 weken, met de Algemene termijnenwet" in beroep and "3 weken (21 d 14 u)" in beroep
    assert tijd_over(beroep) == ["3 weken (21 d 14 u)"]

    r = client.post("/api/v1/meldingen", json=melding_body(), headers=auth(gebruikers, "intake"))
    inloggen(client, "intake")
    melding = client.get(f"/meldingen/{r.json()['id']}").text
    # 14 days with the Atw: 27-04 Koningsdag -> Tuesday 28-04; 15 calendar days left
    assert "14 dagen (kalenderdagen), met de Algemene termijnenwet" in melding and "15 dagen (15 d 14 u)" in melding
    assert "15 dagen" in client.get("/werkvoorraad").text


def test_dashboard_waarschuwt_voor_een_jaar_zonder_besluit(client, gebruikers, clock, factory):
    inloggen(client, "pl")
    assert "geen besluit gelijkstelling" not in client.get("/dashboard").text
    clock.set(datetime(2028, 12, 20, 9, 0, tzinfo=TZ))  # the melding's 14 days end in January 2029
    vernieuw_tokens(factory, clock, gebruikers)
    r = client.post("/api/v1/meldingen", json=melding_body(), headers=auth(gebruikers, "intake"))
    assert r.status_code == 201, r.text
    inloggen(client, "pl")  # the page session of 2026 has long expired
    html = client.get("/dashboard").text
    assert "lopende termijnen eindigen in 2029" in html and "geen besluit gelijkstelling" in html
