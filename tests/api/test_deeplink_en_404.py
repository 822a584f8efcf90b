"""Plumbing of issue 13.6: a deep link survives the login (only a local path), an unknown page gets HTML."""

from __future__ import annotations

import pytest

from api.pages.volgende import login_url, veilig_pad
from tests.factories import WACHTWOORD
from tests.factories.paginas import csrf, maak_melding


@pytest.mark.parametrize("pad", ["/meldingen/12", "/werkvoorraad?filter=mijn&sorteer=termijn", "/triages/3#acties"])
def test_lokaal_pad_mag(pad):
    assert veilig_pad(pad) == pad


@pytest.mark.parametrize("pad", ["//evil.example/x", "https://evil.example", "/\\evil.example", "meldingen/1",
                                 "javascript:alert(1)", "/login", "/login?next=/x", "/logout", "/api/v1/meldingen",
                                 "/a\nb", "/a b", "/" + "x" * 1000, None, 12, ""])
def test_ander_doel_niet(pad):
    assert veilig_pad(pad) is None


def test_login_url_bewaart_pad_en_query():
    assert login_url("/meldingen/12") == "/login?next=/meldingen/12"
    assert login_url("/werkvoorraad", "a=1&b=2") == "/login?next=/werkvoorraad%3Fa%3D1%26b%3D2"
    assert login_url("/") == "/login" and login_url("//evil.example") == "/login"


def _login(client, next_: str | None, *, via_pagina: str = "/login"):
    pagina = client.get(via_pagina).text
    data = {"gebruikersnaam": "intake", "wachtwoord": WACHTWOORD, "csrf_token": csrf(pagina)}
    if next_ is not None:
        data["next"] = next_
    return client.post("/login", data=data, follow_redirects=False)


def test_diepe_link_overleeft_het_inloggen(client, gebruikers):
    m = maak_melding(client, gebruikers)
    r = client.get(f"/meldingen/{m['id']}", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/login?next=/meldingen/{m['id']}"
    pagina = client.get(r.headers["location"]).text
    assert f'name="next" value="/meldingen/{m["id"]}"' in pagina
    r = _login(client, f"/meldingen/{m['id']}", via_pagina=f"/login?next=/meldingen/{m['id']}")
    assert r.status_code == 303 and r.headers["location"] == f"/meldingen/{m['id']}"
    assert m["referentie"] in client.get(r.headers["location"]).text


def test_vreemd_doel_leidt_naar_de_startpagina(client, gebruikers):
    assert 'name="next"' not in client.get("/login?next=//evil.example/x").text
    r = _login(client, "https://evil.example/")
    assert r.status_code == 303 and r.headers["location"] == "/werkvoorraad"


def test_post_zonder_sessie_krijgt_geen_next(client, gebruikers):
    r = client.post("/meldingen/1/notities", data={"tekst": "x"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login"


def test_onbekende_pagina_is_html_404_en_api_blijft_json(client, gebruikers):
    r = client.get("/bestaat-niet")
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
    assert "Deze pagina bestaat niet" in r.text and "<html" in r.text
    r = client.get("/api/v1/bestaat-niet")
    assert r.status_code == 404 and r.headers["content-type"].startswith("application/json")
    assert client.post("/api/v1/meldingen/1/bestaat-niet").headers["content-type"].startswith("application/json")
