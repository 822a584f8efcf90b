"""Each role's core flow clicked through in Chromium at 390, 768 and 1280 px (issue 13, "done when"): at every
step nothing scrolls sideways, axe-core finds no serious or critical violation, and a screenshot is kept in
tests/browser/screenshots/kernstromen/. The intake flow counts its own clicks, fields and page loads
(docs/klikken-intake.md). One server for the module; each width works on its own cases."""

from __future__ import annotations

import re

import pytest

from tests.factories.browser import BREDTES
from tests.factories.kernstroom import AXE, Stroom

pytestmark = pytest.mark.browser

SCHERMEN = __import__("pathlib").Path(__file__).resolve().parent / "screenshots" / "kernstromen"
BETROKKENE = {390: ("Noor", "Dekker", "1988-02-11"), 768: ("Daan", "Brouwer", "1979-07-23"),
              1280: ("Lieke", "Hoekstra", "1992-11-05")}
# The core intake flow (register, claim, wijkteam advice, decide, close) may not grow: docs/klikken-intake.md.
KLIKKEN_INTAKE = {"klikken": 16, "velden": 13, "paginaladingen": 10}


@pytest.fixture
def stroom(browser):
    """Return a function that makes a fresh browser context (CSP bypassed only to inject axe-core) and its flow."""
    if not AXE.exists():
        pytest.fail("axe-core ontbreekt: `npm install --prefix tests/browser` (make setup doet dit)")
    contexten = []

    def maak(naam: str, breedte: int) -> Stroom:
        ctx = browser.new_context(viewport=BREDTES[breedte], locale="nl-NL", timezone_id="Europe/Amsterdam",
                                  bypass_csp=True)
        ctx.set_default_timeout(10_000)
        contexten.append(ctx)
        return Stroom(ctx.new_page(), f"{naam}-{breedte}", SCHERMEN)

    yield maak
    for ctx in contexten:
        ctx.close()


def _status(page) -> str:  # noqa: ANN001
    return page.locator(".paginakop .status").inner_text()


def _tijdlijn(page) -> str:  # noqa: ANN001
    return page.locator("ol.tijdlijn").inner_text()


@pytest.mark.parametrize("breedte", list(BREDTES))
def test_intake_van_melding_tot_afsluiten(live, stroom, breedte):
    url, _gebruikers, _klok = live
    s = stroom("intake", breedte)
    page = s.page
    s.inloggen(url, "intake")
    page.wait_for_url(re.compile(r"/werkvoorraad$"))
    s.stap("werkvoorraad")

    s.klik(page.locator(".paginakop").get_by_role("link", name="Nieuwe melding"))
    page.wait_for_url(re.compile(r"/meldingen/nieuw$"))
    voornaam, achternaam, geboren = BETROKKENE[breedte]
    s.vul(page.locator("#melder-achternaam"), "Pieters")
    s.kies(page.get_by_label("Relatie tot betrokkene"), value="ouder")
    s.vul(page.locator("#betrokkene-voornaam"), voornaam)
    s.vul(page.locator("#betrokkene-achternaam"), achternaam)
    s.vul(page.locator("#betrokkene-geboortedatum"), geboren)
    s.vul(page.locator("#betrokkene-woonplaats"), "Den Haag")
    s.vul(page.get_by_label("Waar maakt de melder zich zorgen over?"), "Verward gedrag, slaapt niet.")
    s.stap("nieuwe-melding")
    s.klik(page.get_by_role("button", name="Melding registreren"))
    page.wait_for_url(re.compile(r"/meldingen/\d+$"))
    referentie = page.locator("h1").inner_text().removeprefix("Melding ").strip()
    assert _status(page) == "ontvangen"
    s.stap("melding-geregistreerd")

    s.klik(page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Werkvoorraad"))
    page.wait_for_url(re.compile(r"/werkvoorraad$"))
    rij = page.locator("table.werkvoorraad tbody tr", has_text=referentie)
    s.stap("werkvoorraad-met-nieuwe")
    s.klik(rij.get_by_role("button", name=f"Oppakken {referentie}"))
    page.wait_for_url(re.compile(r"/meldingen/\d+$"))
    melding_url = page.url
    assert page.get_by_role("status").filter(has_text=f"U hebt {referentie} opgepakt").is_visible()
    assert _status(page) == "in onderzoek"  # claiming starts the onderzoek with the user as behandelaar
    assert "Ilse Intake" in page.locator(".samenvatting").inner_text()
    s.stap("opgepakt-onderzoek-gestart")

    form = s.open_actie("Vraag advies aan wijkteam")
    s.vul(form.get_by_label("Contactpersoon wijkteam"), "Wijkteam Escamp")
    s.stap("adviesvraag-formulier")
    s.klik(form.get_by_role("button", name="Vraag advies aan wijkteam"))
    page.wait_for_url(melding_url)
    s.stap("advies-gevraagd")

    form = s.open_actie("Registreer advies wijkteam")
    s.vul(form.get_by_label("Advies van het wijkteam"), "Zorgen bevestigd; vrijwillige hulp via FACT loopt.")
    s.klik(form.get_by_role("button", name="Registreer advies wijkteam"))
    page.wait_for_url(melding_url)
    s.stap("advies-vastgelegd")

    form = s.open_actie("Besluit: geen aanvraag")
    s.kies(form.get_by_label("Reden geen aanvraag"), value="vrijwillige_zorg")
    s.vul(form.locator("#besluit-geen-aanvraag-reden"), "FACT-team neemt de zorg vrijwillig over.")
    s.vink(form.get_by_label("ja"))
    s.stap("besluit-formulier")
    s.klik(form.get_by_role("button", name="Besluit: geen aanvraag"))
    page.wait_for_url(melding_url)
    assert _status(page) == "geen aanvraag"
    s.stap("besloten")

    # Closing ends the case: the form asks for the confirmation (a required tick) before it is sent.
    form = s.open_actie("Sluit melding af")
    s.vink(form.get_by_label("ja"))
    s.vink(form.locator("input[name=bevestig]"))
    s.stap("afsluiten-met-bevestiging")
    s.klik(form.get_by_role("button", name="Sluit melding af"))
    page.wait_for_url(melding_url)
    assert _status(page) == "afgesloten"
    s.stap("afgesloten")

    tijdlijn = _tijdlijn(page)
    for stap in ("ontvangen", "Start verkennend onderzoek", "Vraag advies aan wijkteam", "Registreer advies wijkteam",
                 "Besluit: geen aanvraag", "Sluit melding af"):
        assert stap.casefold() in tijdlijn.casefold(), f"tijdlijn mist {stap!r}:\n{tijdlijn}"
    print(f"\nklikken intake {breedte}px: {s.telling()}")
    assert s.problemen == []
    assert s.telling() == KLIKKEN_INTAKE
