"""Count the clicks, fields and page loads of the core intake flow in a checkout of this repository.

    .venv/bin/python scripts/klikken_intake.py [CHECKOUT]      # default: this checkout

Starts CHECKOUT's app with its own browser-test demo data (tests/browser/conftest.py) on a free port, logs in
as intake in headless Chromium at 1280 px and registers a melding, claims it (from the werkvoorraad, and in a
second run on the case page), asks and records the wijkteam advice, decides "geen aanvraag" and closes the
melding. Prints the counts of both runs as JSON.
Written to run unchanged on older checkouts (a9d1ab5, before the pages work of issue 13): where the pages
differ, it does what a user would do there (e.g. open the case after "Oppakken" when the click does not).
The browser test tests/browser/test_kernstromen_browser.py counts the same flow in the current code."""

from __future__ import annotations

import json
import re
import sys
import tempfile
from pathlib import Path

CHECKOUT = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parents[1]).resolve()
sys.path.insert(0, str(CHECKOUT))

from playwright.sync_api import sync_playwright  # noqa: E402
from sqlmodel import SQLModel  # noqa: E402

import wvggz.models  # noqa: E402, F401
from api.main import create_app  # noqa: E402
from tests.browser.conftest import CHROMIUM_ARGS, NU, WACHTWOORD, Server, chromium_pad, vul_demo  # noqa: E402
from tests.factories import TEST_SLEUTEL  # noqa: E402
from tests.factories.browser import vrije_poort  # noqa: E402
from wvggz.clock import FixedClock  # noqa: E402
from wvggz.config import Settings  # noqa: E402
from wvggz.db import make_engine, session_factory  # noqa: E402
from wvggz.gebruikers.service import maak_gebruiker  # noqa: E402

GEBRUIKERS = [("intake", "Ilse Intake", "intake"), ("intake2", "Ivo Intake", "intake"),
              ("pl", "Petra Projectleider", "projectleider"), ("bm", "Bart Burgemeester", "burgemeester"),
              ("ovp", "Olga OVP", "ovp")]


class Teller:
    """Every user action goes through here: clicks (buttons, links, radio buttons, ticks), fields filled or
    chosen, and page loads (the browser's load event)."""

    def __init__(self, page) -> None:  # noqa: ANN001
        self.page, self.klikken, self.velden, self.laden = page, 0, 0, 0
        page.on("load", self._geladen)

    def _geladen(self, _page) -> None:  # noqa: ANN001
        self.laden += 1

    def klik(self, locator) -> None:  # noqa: ANN001
        locator.click()
        self.klikken += 1

    def vink(self, locator) -> None:  # noqa: ANN001
        locator.check()
        self.klikken += 1

    def vul(self, locator, waarde: str) -> None:  # noqa: ANN001
        locator.fill(waarde)
        self.velden += 1

    def kies(self, locator, **optie) -> None:  # noqa: ANN001, ANN003
        locator.select_option(**optie)
        self.velden += 1

    def open_actie(self, label: str):  # noqa: ANN201
        self.klik(self.page.locator("details.actie > summary", has_text=re.compile(f"^{re.escape(label)}$")))
        return self.page.locator("details.actie[open] form")


def intake(page, url: str, via_werkvoorraad: bool, betrokkene: tuple[str, str, str]) -> dict[str, int]:  # noqa: ANN001
    """The core intake flow, claiming the melding from the werkvoorraad or on its case page; returns the counts."""
    t = Teller(page)
    page.goto(f"{url}/login")
    t.vul(page.get_by_label("Gebruikersnaam"), "intake")
    t.vul(page.get_by_label("Wachtwoord"), WACHTWOORD)
    t.klik(page.get_by_role("button", name="Inloggen"))
    page.wait_for_url(re.compile(r"/werkvoorraad$"))
    t.klik(page.locator(".paginakop").get_by_role("link", name="Nieuwe melding"))
    page.wait_for_url(re.compile(r"/meldingen/nieuw$"))
    t.vul(page.locator("#melder-achternaam"), "Pieters")
    t.kies(page.get_by_label("Relatie tot betrokkene"), value="ouder")
    for veld, waarde in zip(("voornaam", "achternaam", "geboortedatum", "woonplaats"), (*betrokkene, "Den Haag"),
                            strict=True):
        t.vul(page.locator(f"#betrokkene-{veld}"), waarde)
    t.vul(page.get_by_label("Waar maakt de melder zich zorgen over?"), "Verward gedrag, slaapt niet.")
    t.klik(page.get_by_role("button", name="Melding registreren"))
    page.wait_for_url(re.compile(r"/meldingen/\d+$"))
    referentie = page.locator("h1").inner_text().removeprefix("Melding ").strip()

    if via_werkvoorraad:  # claim it from the list
        t.klik(page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Werkvoorraad"))
        page.wait_for_url(re.compile(r"/werkvoorraad$"))
        rij = page.locator("table.werkvoorraad tbody tr", has_text=referentie)
        t.klik(rij.locator("button", has_text="Oppakken"))
        page.wait_for_url(re.compile(r"/(werkvoorraad|meldingen/\d+)$"))
        if page.url.endswith("/werkvoorraad"):  # older pages: claiming stays on the list; open the case
            t.klik(page.get_by_role("link", name=referentie, exact=True))
            page.wait_for_url(re.compile(r"/meldingen/\d+$"))
    elif page.locator("form.oppakken").count():  # claim it right on the case page
        t.klik(page.locator("form.oppakken").get_by_role("button", name="Oppakken"))
        page.wait_for_url(re.compile(r"/meldingen/\d+$"))
    else:  # older pages: the case page's action "Start verkennend onderzoek" with a behandelaar
        form = t.open_actie("Start verkennend onderzoek")
        behandelaar = form.get_by_label("Behandelaar")
        if behandelaar.input_value() == "":
            t.kies(behandelaar, label="Ilse Intake")
        t.klik(form.get_by_role("button", name="Start verkennend onderzoek"))
        page.wait_for_url(re.compile(r"/meldingen/\d+$"))
    melding_url = page.url
    assert page.locator(".paginakop .status").inner_text() == "in onderzoek"

    form = t.open_actie("Vraag advies aan wijkteam")
    t.vul(form.get_by_label("Contactpersoon wijkteam"), "Wijkteam Escamp")
    t.klik(form.get_by_role("button", name="Vraag advies aan wijkteam"))
    page.wait_for_url(melding_url)
    form = t.open_actie("Registreer advies wijkteam")
    t.vul(form.get_by_label("Advies van het wijkteam"), "Zorgen bevestigd; vrijwillige hulp via FACT loopt.")
    t.klik(form.get_by_role("button", name="Registreer advies wijkteam"))
    page.wait_for_url(melding_url)
    form = t.open_actie("Besluit: geen aanvraag")
    t.kies(form.locator("select[name=reden_code]"), value="vrijwillige_zorg")
    t.vul(form.locator("[name=reden]"), "FACT-team neemt de zorg vrijwillig over.")
    deskundige = form.locator("[name=medische_expertise]")
    if not deskundige.input_value():  # older pages: not filled in from the wijkteam contact
        t.vul(deskundige, "SPV wijkteam Escamp")
    t.vink(form.get_by_label("ja"))
    t.klik(form.get_by_role("button", name="Besluit: geen aanvraag"))
    page.wait_for_url(melding_url)
    assert page.locator(".paginakop .status").inner_text() == "geen aanvraag"
    form = t.open_actie("Sluit melding af")
    t.vink(form.get_by_label("ja"))
    if form.locator("input[name=bevestig]").count():
        t.vink(form.locator("input[name=bevestig]"))
    t.klik(form.get_by_role("button", name="Sluit melding af"))
    page.wait_for_url(melding_url)
    assert page.locator(".paginakop .status").inner_text() == "afgesloten"
    return {"klikken": t.klikken, "velden": t.velden, "paginaladingen": t.laden}


def main() -> None:
    with tempfile.TemporaryDirectory() as map_:
        url = f"sqlite:///{map_}/klikken.db"
        settings = Settings(database_url=url, gemeente="Den Haag", secret_key=TEST_SLEUTEL, https=False,
                            smtp_tls=False, documenten_map=Path(map_) / "documenten")
        engine = make_engine(url)
        SQLModel.metadata.create_all(engine)
        factory, klok, gebruikers = session_factory(engine), FixedClock(NU), {}
        with factory() as s:
            for naam, volledig, rol in GEBRUIKERS:
                gebruikers[naam] = maak_gebruiker(session=s, clock=klok, gebruikersnaam=naam, rol=rol,
                                                  wachtwoord=WACHTWOORD, gemeente="Den Haag", naam=volledig)
            s.commit()
        vul_demo(factory, settings, gebruikers)
        app = create_app(settings, session_factory_=factory, clock=klok)
        with Server(app, vrije_poort()) as server, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium_pad(), args=CHROMIUM_ARGS)
            uit = {"checkout": str(CHECKOUT)}
            for route, via, betrokkene in (("via werkvoorraad", True, ("Daan", "Brouwer", "1979-07-23")),
                                           ("op de zaakpagina", False, ("Lieke", "Hoekstra", "1992-11-05"))):
                ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL",
                                          timezone_id="Europe/Amsterdam")
                uit[route] = intake(ctx.new_page(), server.url, via, betrokkene)
                ctx.close()
            print(json.dumps(uit))
            browser.close()
        engine.dispose()


if __name__ == "__main__":
    main()
