"""Login, layout (user, role, unread count, role menu), error pages and security headers of the pages."""

from __future__ import annotations

import pytest

from tests.factories.paginas import WACHTWOORD, csrf, inloggen, maak_melding


def test_niet_ingelogd_naar_login(client, gebruikers):
    for pad in ("/werkvoorraad", "/meldingen/nieuw", "/dashboard", "/personen/1", "/meldingen/1"):
        r = client.get(pad, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == f"/login?next={pad}", pad  # the deep link survives


def test_login_fout_houdt_naam_vast_en_zegt_het_in_het_nederlands(client, gebruikers):
    token = csrf(client.get("/login").text)
    r = client.post("/login", data={"gebruikersnaam": "intake", "wachtwoord": "fout", "csrf_token": token})
    assert r.status_code == 400
    assert "Onbekende gebruikersnaam of onjuist wachtwoord" in r.text
    assert 'value="intake"' in r.text


def test_login_zonder_csrf_is_403_en_logt_niet_in(client, gebruikers):
    client.get("/login")
    r = client.post("/login", data={"gebruikersnaam": "intake", "wachtwoord": WACHTWOORD}, follow_redirects=False)
    assert r.status_code == 403 and "Geen toegang" in r.text
    assert client.get("/werkvoorraad", follow_redirects=False).status_code == 303


@pytest.mark.parametrize(("naam", "start", "menu", "niet"), [
    ("intake", "/werkvoorraad", ["Werkvoorraad", "Nieuwe melding", "Inbox"], ["Dashboard"]),
    ("pl", "/dashboard", ["Dashboard", "Werkvoorraad", "Escalaties", "Inbox"], ["Nieuwe melding"]),
])
def test_startpagina_en_menu_per_rol(client, gebruikers, naam, start, menu, niet):
    token = csrf(client.get("/login").text)
    r = client.post("/login", data={"gebruikersnaam": naam, "wachtwoord": WACHTWOORD, "csrf_token": token},
                    follow_redirects=False)
    assert r.headers["location"] == start
    html = client.get(start).text
    nav = html[html.index('<nav aria-label="Hoofdmenu"'):html.index("</nav>")]
    for item in menu:
        assert f">{item}" in nav, item
    for item in niet:
        assert f">{item}<" not in nav, item
    assert 'aria-current="page"' in nav
    assert gebruikers[naam][0].naam in html and 'class="rol"' in html


def test_kop_toont_ongelezen_aantal(client, gebruikers, factory, clock):
    from sqlmodel import select

    from notifications.outbox import VERZONDEN, Bericht, plaats

    ik = gebruikers["intake"][0]
    with factory() as s:
        for i in range(3):
            plaats(s, soort="termijn_herinnering", kanaal="inbox", ontvanger_rol="behandelaar", gegevens={},
                   dedup_sleutel=f"test:{i}", now=clock.now(), gebruiker_id=ik.id)
        s.commit()
        for b in s.exec(select(Bericht)).all():
            b.status, b.verzonden_op = VERZONDEN, clock.now()
        s.commit()
    inloggen(client, "intake")
    html = client.get("/werkvoorraad").text
    assert 'aria-label="3 ongelezen"' in html


def test_verkeerde_rol_krijgt_403_pagina(client, gebruikers):
    inloggen(client, "intake")
    r = client.get("/dashboard")
    assert r.status_code == 403 and "Geen toegang" in r.text and "projectleider" in r.text
    assert "Inbox" in r.text  # the page keeps the header and menu


def test_404_pagina(client, gebruikers):
    inloggen(client, "intake")
    r = client.get("/meldingen/999999")
    assert r.status_code == 404 and "Niet gevonden" in r.text and "Melding 999999 bestaat niet" in r.text


def test_andere_gemeente_krijgt_dezelfde_404_als_een_onbekende_zaak(client, gebruikers):
    m = maak_melding(client, gebruikers)
    inloggen(client, "rijswijk")
    r = client.get(f"/meldingen/{m['id']}")
    assert r.status_code == 404 and f"Melding {m['id']} bestaat niet" in r.text and "buiten uw gemeente" not in r.text


def test_uitloggen_vraagt_csrf_en_sluit_sessie(client, gebruikers):
    token = inloggen(client, "intake")
    assert client.post("/logout", data={"csrf_token": "fout"}).status_code == 403
    r = client.post("/logout", data={"csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login"
    assert client.get("/werkvoorraad", follow_redirects=False).status_code == 303


def test_strikte_csp_en_geen_externe_bronnen(client, gebruikers):
    inloggen(client, "intake")
    m = maak_melding(client, gebruikers)
    for pad in ("/login", "/werkvoorraad", "/meldingen/nieuw", f"/meldingen/{m['id']}"):
        r = client.get(pad)
        csp = r.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "style-src 'self'" in csp and "unsafe-inline" not in csp
        assert "http://" not in r.text.replace("http://www.w3.org/2000/svg", "") and "https://" not in r.text
        assert "<script>" not in r.text and " style=" not in r.text and "<style" not in r.text


def test_mermaid_komt_van_de_app_met_lange_cache(client):
    r = client.get("/vendor/mermaid-12.3.0.min.js")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/javascript")
    assert "immutable" in r.headers["cache-control"] and len(r.content) > 1_000_000
    assert client.get("/vendor/iets-anders.js").status_code == 404
    assert client.get("/static/diagram.js").status_code == 200


def test_toegangslog_bevat_geen_querystring(caplog):
    import logging

    from api.main import ZonderQuery

    record = logging.LogRecord("uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
                               ("127.0.0.1:5000", "GET", "/werkvoorraad?zoek=de+vries", "1.1", 200), None)
    ZonderQuery().filter(record)
    assert "vries" not in record.getMessage() and "/werkvoorraad" in record.getMessage()


def test_docs_zonder_cdn(client):
    html = client.get("/docs").text
    assert "/static/vendor/swagger-ui-bundle-5.35.0.js" in html and "cdn" not in html.lower()
    assert client.get("/static/vendor/swagger-ui-bundle-5.35.0.js").status_code == 200
    assert client.get("/openapi.json").json()["info"]["title"] == "Wvggz-meldingen"
