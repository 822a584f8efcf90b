"""Saved filters and the OVP outcome with its zorgmelding in a real browser at 390 px: save a filter, apply it
from its button, and record an outcome that creates the melding in one step; nothing scrolls sideways and
axe-core finds no serious or critical violation with the forms open."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.factories.browser import BREDTES, inloggen

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
ZIJWAARTS = "() => document.documentElement.scrollWidth - window.innerWidth"
AXE_RUN = """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
  .filter(v => ['serious', 'critical'].includes(v.impact)).map(v => `${v.impact} ${v.id}`)"""


@pytest.fixture
def ctx(browser):
    c = browser.new_context(viewport=BREDTES[390], locale="nl-NL", timezone_id="Europe/Amsterdam", bypass_csp=True)
    yield c
    c.close()


def _controleer(page, naam: str, schermafdruk) -> None:  # noqa: ANN001
    page.wait_for_load_state("networkidle")  # the style sheet applied, also on a busy machine
    assert page.evaluate(ZIJWAARTS) <= 0, f"{naam}: schuift opzij"
    if AXE.exists():
        page.add_script_tag(path=str(AXE))
        assert page.evaluate(AXE_RUN) == [], naam
    schermafdruk(page, f"r3-{naam}-390")


def test_filter_bewaren_en_toepassen(live, ctx, schermafdruk):
    url, _gebruikers, _klok = live
    page = ctx.new_page()
    inloggen(page, url, "pl")
    page.goto(f"{url}/werkvoorraad")
    page.get_by_label("termijn verlopen").check()
    page.get_by_role("button", name="Filter", exact=True).click()
    page.wait_for_url(re.compile(r"/werkvoorraad\?verlopen=1$"))
    page.get_by_text("Bewaar het huidige filter").click()
    page.get_by_label("Naam van het filter").fill("Te laat")
    _controleer(page, "werkvoorraad-filter-bewaren", schermafdruk)
    page.get_by_role("button", name="Bewaar filter").click()
    page.wait_for_url(re.compile(r"/werkvoorraad\?verlopen=1$"))
    page.get_by_role("status").filter(has_text="Filter 'Te laat' bewaard.").wait_for()
    page.get_by_role("button", name="Wis filters").click()
    page.wait_for_url(re.compile(r"/werkvoorraad$"))
    page.get_by_role("link", name="Te laat").click()
    page.wait_for_url(re.compile(r"/werkvoorraad\?verlopen=1$"))
    assert page.get_by_label("termijn verlopen").is_checked()

    page.goto(f"{url}/escalaties")
    page.get_by_label("Soort zaak").select_option("melding")
    page.get_by_role("button", name="Filter", exact=True).click()
    page.wait_for_url(re.compile(r"/escalaties\?zaak=melding"))
    page.get_by_text("Bewaar het huidige filter").click()
    page.get_by_label("Naam van het filter").fill("")
    page.get_by_role("button", name="Bewaar filter").click()
    page.get_by_text("Geef het filter een naam.").first.wait_for()  # the list again, nothing saved
    _controleer(page, "escalaties-filter-fout", schermafdruk)


def test_uitkomst_met_zorgmelding_in_een_stap(live, ctx, schermafdruk):
    url, _gebruikers, _klok = live
    page = ctx.new_page()
    inloggen(page, url, "ovp")
    page.goto(f"{url}/ovp")
    paden = [a.get_attribute("href") for a in page.locator("a[href^='/triages/']").all()]
    for pad in paden:  # a triage that still waits for its outcome
        page.goto(url + pad)
        if page.locator("#actie-leg_uitkomst_vast").count():
            break
    else:
        pytest.skip("geen triage zonder uitkomst in de demodata")
    page.locator("#actie-leg_uitkomst_vast summary").click()
    formulier = page.locator("#actie-leg_uitkomst_vast form")
    formulier.locator("select[name=uitkomst]").select_option("naar_huis_zonder_vervolg")
    formulier.locator("[name=reden_zonder_screening]").fill("Wilde niet wachten")
    formulier.get_by_role("group", name="Melding gedaan bij het Wvggz-meldpunt").get_by_label("ja").check()
    formulier.get_by_label("Maak nu ook de zorgmelding aan bij het Wvggz-meldpunt").check()
    formulier.get_by_label("Zorgen (kort, voor het meldpunt)").fill("Verward op straat, woont alleen.")
    _controleer(page, "triage-uitkomst-met-melding", schermafdruk)
    formulier.get_by_role("button", name="Leg uitkomst vast").click()
    page.get_by_text("Bevestig dat de zorgmelding nu naar het meldpunt gaat.").first.wait_for()
    formulier = page.locator("#actie-leg_uitkomst_vast form")
    formulier.get_by_label("Ik bevestig: met de uitkomst gaat de zorgmelding direct naar het meldpunt").check()
    formulier.get_by_role("button", name="Leg uitkomst vast").click()
    page.get_by_role("status").filter(has_text="De zorgmelding is gemaakt.").wait_for()
    assert re.search(r"M-\d{4}-\d{6}", page.locator(".zij").inner_text())
