"""Issue 11 point 10: body limit, names with invisible/bidi characters, year 9999, search term kept
server-side, SMTP STARTTLS by default, every dependency pinned (Secure/HSTS: test_sessies.py)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from tests.factories import auth, melding_body
from tests.factories.paginas import inloggen
from wvggz.config import Settings


def test_te_groot_verzoek_geeft_413_en_verandert_niets(client, gebruikers):
    body = melding_body(zorgen="x" * (1024 * 1024 + 10))
    r = client.post("/api/v1/meldingen", json=body, headers=auth(gebruikers, "intake"))
    assert r.status_code == 413 and r.json()["detail"][0]["type"] == "te_groot"
    assert client.get("/api/v1/berichten/inbox", headers=auth(gebruikers, "intake")).status_code == 200


def test_te_groot_zonder_content_length(client, gebruikers):
    def stukken():
        for _ in range(20):
            yield b"a" * 100_000

    r = client.post("/api/v1/meldingen", content=stukken(),
                    headers=auth(gebruikers, "intake") | {"content-type": "application/json"})
    assert r.status_code == 413


@pytest.mark.parametrize("teken", ["\u202e", "\u200b", "\u2066", "\ufeff", "\u200f"])
def test_naam_met_onzichtbare_tekens_geweigerd(client, gebruikers, teken):
    body = melding_body()
    body["betrokkene"]["achternaam"] = f"de{teken} Vries"
    r = client.post("/api/v1/meldingen", json=body, headers=auth(gebruikers, "intake"))
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"][-1] == "achternaam"


def test_termijn_in_jaar_9999_is_422(client, gebruikers):
    r = client.get("/api/v1/termijnen/bereken", params={"soort": "melding_beslissing", "start": "9999-12-30"},
                   headers=auth(gebruikers, "intake"))
    assert r.status_code == 422 and r.json()["detail"][0]["loc"][-1] == "start"


def test_zoekterm_staat_niet_in_de_cookie(client, gebruikers):
    token = inloggen(client, "intake")
    r = client.post("/werkvoorraad/filter", data={"zoek": "Vries", "csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303
    cookie = client.cookies["wvggz_sessie"]
    assert "Vries" not in cookie and "VnJpZX" not in cookie  # neither plain nor base64


def test_smtp_starttls_standaard_aan():
    assert Settings().smtp_tls is True


def test_elke_afhankelijkheid_vastgepind():
    project = tomllib.loads((Path(__file__).parents[2] / "pyproject.toml").read_text())["project"]
    alle = project["dependencies"] + [d for lijst in project["optional-dependencies"].values() for d in lijst]
    los = [d for d in alle if not re.fullmatch(r"[A-Za-z0-9_.\-]+(\[[a-z,]+\])?==[0-9][0-9A-Za-z.]*", d)]
    assert los == []
