"""Every role's main pages at 390, 768 and 1280 px: nothing scrolls sideways (not the page, not a table in
it), an axe-core scan finds no serious or critical violation, and a screenshot of each page is kept.

axe-core comes from npm (tests/browser/package.json, installed by `make setup`) and is injected by the test;
the app never serves it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.factories.browser import BREDTES, inloggen
from tests.factories.kernstroom import AXE_RUN, ZIJWAARTS

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
ERNSTIG = ("serious", "critical")

# The first link matching a pattern on a page: the detail pages are found as a user would find them.
ZAAKLINK = {
    "melding": ("/werkvoorraad", "table.werkvoorraad a[href^='/meldingen/']"),
    "persoon": ("{melding}", ".zij a[href^='/personen/']"),
    "crisismaatregel": ("/crisismaatregelen", "a[href^='/crisismaatregelen/']:text-matches('CM-')"),
    "triage": ("/ovp", "a[href^='/triages/']"),
    "beroep": ("{crisismaatregel}", ".zij a[href^='/beroepen/']"),
}

# Per role: (name, path); {x} is filled in from ZAAKLINK.
PAGINAS: dict[str, list[tuple[str, str]]] = {
    "intake": [("werkvoorraad", "/werkvoorraad"), ("nieuwe-melding", "/meldingen/nieuw"),
               ("melding", "{melding}"), ("persoon", "{persoon}"), ("inbox", "/inbox"), ("account", "/account")],
    "pl": [("dashboard", "/dashboard"), ("werkvoorraad", "/werkvoorraad"), ("escalaties", "/escalaties"),
           ("melding", "{melding}"), ("crisismaatregel", "{crisismaatregel}"), ("inbox", "/inbox")],
    "bm": [("crisismaatregelen", "/crisismaatregelen"), ("crisismaatregel", "{crisismaatregel}"),
           ("beroep", "{beroep}"), ("nieuwe-crisismaatregel", "/crisismaatregelen/nieuw"), ("inbox", "/inbox")],
    "ovp": [("ovp-bord", "/ovp"), ("triage", "{triage}"), ("ovp-cijfers", "/ovp/cijfers"), ("inbox", "/inbox")],
    "beheer": [("gebruikers", "/beheer/gebruikers"), ("berichten", "/beheer/berichten")],
    "fg": [("toegangslog", "/toegang")],
}




def _zaakpaden(page, url: str, rol: str) -> dict[str, str]:  # noqa: ANN001
    """Find the detail pages the role's list pages link to."""
    nodig = {m for _, pad in PAGINAS[rol] for m in re.findall(r"\{(\w+)\}", pad)}
    gevonden: dict[str, str] = {}
    for naam in ("melding", "crisismaatregel", "persoon", "triage", "beroep"):
        if naam not in nodig:
            continue
        lijst, selector = ZAAKLINK[naam]
        page.goto(url + lijst.format(**gevonden))
        gevonden[naam] = page.locator(selector).first.get_attribute("href")
    return gevonden


@pytest.mark.parametrize("rol", list(PAGINAS))
def test_schermbreedtes_en_toegankelijkheid(live, browser, schermafdruk, rol):
    if not AXE.exists():
        pytest.fail("axe-core ontbreekt: `npm install --prefix tests/browser` (make setup doet dit)")
    url, _gebruikers, _klok = live
    # bypass_csp: only so the test can inject axe-core; the app's own CSP is checked in test_werkstroom_browser.
    ctx = browser.new_context(viewport=BREDTES[1280], locale="nl-NL", timezone_id="Europe/Amsterdam", bypass_csp=True)
    try:
        page = ctx.new_page()
        inloggen(page, url, rol)
        page.wait_for_url(re.compile(r"/(?!login)[a-z]"))
        zaken = _zaakpaden(page, url, rol)
        problemen: list[str] = []
        for naam, pad in PAGINAS[rol]:
            for breedte, maat in BREDTES.items():
                page.set_viewport_size(maat)
                page.goto(url + pad.format(**zaken))
                page.wait_for_load_state("networkidle")
                assert page.locator("h1").count() >= 1, f"{rol} {naam}: geen pagina"
                assert "Geen toegang" not in page.locator("h1").first.inner_text(), f"{rol} {naam}: 403"
                for fout in page.evaluate(ZIJWAARTS):
                    problemen.append(f"{rol} {naam} {breedte}px schuift opzij: {fout}")
                page.add_script_tag(path=str(AXE))
                for fout in page.evaluate(AXE_RUN):
                    problemen.append(f"{rol} {naam} {breedte}px axe {fout}")
                schermafdruk(page, f"scherm-{rol}-{naam}-{breedte}")
        assert problemen == []
    finally:
        ctx.close()
