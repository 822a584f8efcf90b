"""Builders for the page tests: log in through the form, read the CSRF token, register."""

from __future__ import annotations

import re

from tests.factories import WACHTWOORD, auth, melding_body


def csrf(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def inloggen(client, naam: str) -> str:  # noqa: ANN001
    """Log in as `naam` through the login form; return the session's CSRF token."""
    token = csrf(client.get("/login").text)
    r = client.post("/login", data={"gebruikersnaam": naam, "wachtwoord": WACHTWOORD, "csrf_token": token},
                    follow_redirects=False)
    assert r.status_code == 303, r.text
    return csrf(client.get(r.headers["location"]).text)  # login starts a new session with a new token


def maak_melding(client, gebruikers, **over) -> dict:  # noqa: ANN001
    """Register a melding through the JSON API as intake; return its public dict."""
    r = client.post("/api/v1/meldingen", json=melding_body(**over), headers=auth(gebruikers, "intake"))
    assert r.status_code == 201, r.text
    return r.json()


def formulier(**over) -> dict[str, str]:
    """Return the new-melding form as the page posts it."""
    data = {
        "knop": "opslaan", "ontvangen_op": "2026-04-13T08:30", "kanaal": "telefoon",
        "melder.voornaam": "Marja", "melder.achternaam": "Pieters", "melder.relatie": "ouder",
        "melder.email": "marja@example.org", "betrokkene.voornaam": "Joris", "betrokkene.achternaam": "Hendriks",
        "betrokkene.geboortedatum": "1980-05-17", "betrokkene.woonplaats": "Den Haag",
        "zorgen": "Verward gedrag, slaapt niet.",
    }
    data.update(over)
    return data
