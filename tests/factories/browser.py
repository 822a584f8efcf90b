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


def vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
