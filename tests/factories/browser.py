"""Builders for the browser tests: window sizes and logging in through the real login page."""

from __future__ import annotations

import socket

from tests.factories import BROWSER_WACHTWOORD

BREED = {"width": 1280, "height": 900}
TABLET = {"width": 768, "height": 1024}


def inloggen(page, url: str, naam: str) -> None:  # noqa: ANN001
    page.goto(f"{url}/login")
    page.get_by_label("Gebruikersnaam").fill(naam)
    page.get_by_label("Wachtwoord").fill(BROWSER_WACHTWOORD)
    page.get_by_role("button", name="Inloggen").click()
TELEFOON = {"width": 390, "height": 844}
BREDTES = {390: TELEFOON, 768: TABLET, 1280: BREED}  # the three widths every main page must fit


def vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
