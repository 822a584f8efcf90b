"""The pages in a real browser: intake registers a melding, starts the onderzoek, records the wijkteam
advice and the decision; the projectleider sees it counted. Screenshots of every main page."""

from __future__ import annotations

import re

import pytest

from tests.factories.browser import BREED, TABLET, inloggen

pytestmark = pytest.mark.browser

def uitloggen(page) -> None:  # noqa: ANN001
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url(re.compile(r"/login$"))


def open_actie(page, label: str):  # noqa: ANN001, ANN201
    """Open the action's small form with the keyboard (focus the button, press Enter); return the form."""
    knop = page.locator("details.actie > summary", has_text=label)
    knop.focus()
    page.keyboard.press("Enter")
    return page.locator("details.actie[open] form")


@pytest.fixture
def context(browser):
    ctx = browser.new_context(viewport=BREED, locale="nl-NL", timezone_id="Europe/Amsterdam")
    fouten: list[str] = []
    ctx.on("weberror", lambda e: fouten.append(str(e.error)))
    ctx.on("console", lambda m: fouten.append(m.text) if "Content Security Policy" in m.text else None)
    yield ctx, fouten
    ctx.close()


def test_intake_en_projectleider(live, context, schermafdruk):
    url, gebruikers, _klok = live
    ctx, js_fouten = context
    page = ctx.new_page()

    page.goto(f"{url}/werkvoorraad")
    page.wait_for_url(re.compile(r"/login\?next=/werkvoorraad$"))  # not logged in: to the login page
    schermafdruk(page, "01-inloggen")
    inloggen(page, url, "intake")
    page.wait_for_url(re.compile(r"/werkvoorraad$"))
    assert page.locator("header").get_by_text("Ilse Intake").is_visible()
    rijen = page.locator("table.werkvoorraad tbody tr")
    assert rijen.count() == 10  # 6 undecided + 4 decided, not yet closed
    assert "verlopen" in (rijen.first.get_attribute("class") or "")  # overdue on top, in red
    assert page.locator("tr.bijna").count() >= 1  # near the end: amber
    schermafdruk(page, "02-werkvoorraad")

    # Keyboard: the first Tab reaches the skip link.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Naar de inhoud"

    page.get_by_role("link", name="Nieuwe melding").first.click()
    page.wait_for_url(re.compile(r"/meldingen/nieuw$"))
    page.get_by_label("Achternaam (begin)").fill("de Vries")
    page.get_by_role("button", name="Zoek bestaande persoon").click()
    assert page.get_by_text("bekende perso").is_visible()
    page.get_by_label("Kanaal").select_option("telefoon")
    page.locator("#melder-voornaam").fill("Marja")
    page.locator("#melder-achternaam").fill("Pieters")
    page.get_by_label("Relatie tot betrokkene").select_option("ouder")
    page.locator("#melder-email").fill("marja@example.org")
    page.get_by_label("Geen van deze: nieuwe persoon").check()
    page.locator("#betrokkene-voornaam").fill("Joris")
    page.locator("#betrokkene-achternaam").fill("Hendriks")
    page.locator("#betrokkene-geboortedatum").fill("1980-05-17")
    page.locator("#betrokkene-woonplaats").fill("Den Haag")
    page.get_by_label("Waar maakt de melder zich zorgen over?").fill("Verward gedrag, slaapt niet.")
    schermafdruk(page, "03-nieuwe-melding")
    page.get_by_role("button", name="Melding registreren").click()
    page.wait_for_url(re.compile(r"/meldingen/\d+$"))
    melding_url = page.url
    assert page.get_by_role("status").get_by_text("is geregistreerd").is_visible()
    termijn = page.locator("article.termijn").first
    assert "Koningsdag" in termijn.inner_text() and "28-04-2026" in termijn.inner_text()
    assert page.locator("pre.mermaid svg").count() == 1  # the diagram rendered from the app's own script
    schermafdruk(page, "04-melding-ontvangen")

    form = open_actie(page, "Start verkennend onderzoek")
    form.get_by_label("Behandelaar").select_option(label="Ilse Intake")
    form.get_by_role("button", name="Start verkennend onderzoek").click()
    page.wait_for_url(melding_url)
    assert page.locator(".paginakop .status").inner_text() == "in onderzoek"

    form = open_actie(page, "Vraag advies aan wijkteam")
    form.get_by_label("Contactpersoon wijkteam").fill("Wijkteam Escamp")
    form.get_by_role("button", name="Vraag advies aan wijkteam").click()
    page.wait_for_url(melding_url)
    form = open_actie(page, "Registreer advies wijkteam")
    form.get_by_label("Advies van het wijkteam").fill("Zorgen bevestigd; vrijwillige zorg geweigerd.")
    form.get_by_role("button", name="Registreer advies wijkteam").click()
    page.wait_for_url(melding_url)

    # A decision without the conversation with betrokkene: the message sits next to that field.
    form = open_actie(page, "Dien aanvraag in bij de OvJ")
    assert form.get_by_label("Ggz-deskundige die het verkennend onderzoek deed").input_value().startswith("ggz-wijkteam")
    form.get_by_role("button", name="Dien aanvraag in bij de OvJ").click()
    fout = page.locator("details.actie[open] .veldfout")
    assert "gesproken" in fout.inner_text()
    schermafdruk(page, "05-melding-fout-naast-veld")
    form = page.locator("details.actie[open] form")
    form.get_by_label("ja").check()
    form.get_by_role("button", name="Dien aanvraag in bij de OvJ").click()
    page.wait_for_url(melding_url)
    assert page.locator(".paginakop .status").inner_text() == "aanvraag ingediend"
    assert "binnen de termijn" in page.locator(".zij").inner_text()
    schermafdruk(page, "06-melding-besloten")

    page.locator(".zij a[href^='/personen/']").click()
    page.wait_for_url(re.compile(r"/personen/\d+$"))
    assert page.locator("ol.zaken li").count() == 1
    schermafdruk(page, "07-persoon")

    page.goto(f"{url}/dashboard")
    assert "Geen toegang" in page.locator("h1").inner_text()  # intake is no projectleider: 403 page
    schermafdruk(page, "08-fout-403")
    uitloggen(page)

    inloggen(page, url, "pl")
    page.wait_for_url(re.compile(r"/dashboard$"))
    april = page.locator(".cijfertabel tbody tr").last
    assert april.locator("td").first.text_content() == "apr 2026"
    assert april.locator("td").nth(4).text_content() == "1"  # the decision just taken is counted
    assert page.locator("svg.grafiek rect.staaf").count() >= 11
    schermafdruk(page, "09-dashboard")
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Cijfers per maand als CSV")).click()
    tekst = open(download.value.path(), encoding="utf-8-sig").read()
    assert "\n2026-04;" in tekst and "Hendriks" not in tekst and "Intake" not in tekst
    assert js_fouten == []  # no script errors and no CSP violations (also not from the diagram)


def test_conflict_en_tablet(live, browser, schermafdruk):
    """Two people act on the same melding: the second gets the 409 page with a reload link; tablet layout."""
    url, _gebruikers, _klok = live
    een = browser.new_context(viewport=TABLET, locale="nl-NL")
    twee = browser.new_context(viewport=BREED, locale="nl-NL")
    try:
        p1, p2 = een.new_page(), twee.new_page()
        inloggen(p1, url, "intake")
        inloggen(p2, url, "intake2")
        p1.wait_for_url(re.compile(r"/werkvoorraad$"))
        schermafdruk(p1, "10-werkvoorraad-tablet")
        p1.locator("table.werkvoorraad tbody tr").first.get_by_role("link").click()
        p1.wait_for_url(re.compile(r"/meldingen/\d+$"))
        p2.goto(p1.url)
        schermafdruk(p1, "11-melding-tablet")
        form = open_actie(p1, "Vraag advies aan wijkteam")
        form.get_by_label("Contactpersoon wijkteam").fill("Wijkteam Laak")
        form.get_by_role("button", name="Vraag advies aan wijkteam").click()
        form = open_actie(p2, "Vraag advies aan wijkteam")
        form.get_by_label("Contactpersoon wijkteam").fill("Wijkteam Centrum")
        form.get_by_role("button", name="Vraag advies aan wijkteam").click()
        assert "Intussen gewijzigd" in p2.locator("h1").inner_text()
        schermafdruk(p2, "12-fout-409")
        p2.get_by_role("link", name="Laad opnieuw").click()
        assert "Wijkteam Laak" in p2.locator(".zij").inner_text()
        p2.goto(f"{url}/meldingen/999999")
        assert "Niet gevonden" in p2.locator("h1").inner_text()
        schermafdruk(p2, "13-fout-404")
    finally:
        een.close()
        twee.close()
