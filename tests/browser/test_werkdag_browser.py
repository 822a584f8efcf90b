"""Issue 13.6-10 in a real browser: a deep link survives the login, the skip link reaches the actions, a saved
note puts the focus back in the note field, the werkvoorraad shortcuts choose and claim a case."""

from __future__ import annotations

import re

import pytest

from tests.factories import BROWSER_WACHTWOORD
from tests.factories.browser import BREED

pytestmark = pytest.mark.browser


@pytest.fixture
def page(browser):
    ctx = browser.new_context(viewport=BREED, locale="nl-NL", timezone_id="Europe/Amsterdam")
    fouten: list[str] = []
    ctx.on("weberror", lambda e: fouten.append(str(e.error)))
    p = ctx.new_page()
    yield p
    assert fouten == []
    ctx.close()


def test_diepe_link_sprong_notitie_en_sneltoetsen(live, page, schermafdruk):
    url, _gebruikers, _klok = live
    # the e-mail link to a case, not logged in: the login page, then the case itself
    page.goto(f"{url}/werkvoorraad?zonder=1")
    page.wait_for_url(re.compile(r"/login\?next="))
    page.get_by_label("Gebruikersnaam").fill("intake")
    page.get_by_label("Wachtwoord").fill(BROWSER_WACHTWOORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(re.compile(r"/werkvoorraad\?zonder=1$"))

    # shortcuts: j chooses the first case, o claims it and opens it
    page.locator("body").click(position={"x": 5, "y": 5})
    page.keyboard.press("j")
    eerste = page.evaluate("document.activeElement.textContent")
    assert re.fullmatch(r"M-\d{4}-\d{6}", eerste)
    page.keyboard.press("o")
    page.wait_for_url(re.compile(r"/meldingen/\d+$"))
    assert page.get_by_role("status").filter(has_text=f"U hebt {eerste} opgepakt").is_visible()
    zaak = page.url

    # skip links: content first, then the actions
    page.goto(zaak)
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Naar de acties"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "kop-acties"

    # a note: saved, shown, and the focus is back in the note field
    page.locator("#notitie-tekst").fill("Moeder gebeld, morgen huisbezoek.")
    page.get_by_role("button", name="Notitie toevoegen").click()
    page.wait_for_url(re.compile(r"#notities$"))
    assert page.get_by_text("Moeder gebeld, morgen huisbezoek.").is_visible()
    page.wait_for_function("document.activeElement.id === 'notitie-tekst'", timeout=5000)
    schermafdruk(page, "werkdag-notitie")

    page.goto(f"{url}/bestaat-niet")
    assert page.get_by_role("heading", name="Niet gevonden").is_visible()
