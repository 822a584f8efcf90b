"""Each role's core flow clicked through in Chromium at 390, 768 and 1280 px (issue 13, "done when"): at every
step nothing scrolls sideways, axe-core finds no serious or critical violation, and a screenshot is kept in
tests/browser/screenshots/kernstromen/. The intake flow counts its own clicks, fields and page loads
(docs/klikken-intake.md). One server for the module; each width works on its own cases."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.factories.browser import BREDTES
from tests.factories.kernstroom import AXE, Stroom

pytestmark = pytest.mark.browser

SCHERMEN = Path(__file__).resolve().parent / "screenshots" / "kernstromen"
BETROKKENE = {390: ("Noor", "Dekker", "1988-02-11"), 768: ("Daan", "Brouwer", "1979-07-23"),
              1280: ("Lieke", "Hoekstra", "1992-11-05")}
# The core intake flow (register, claim, wijkteam advice, decide, close) may not grow: docs/klikken-intake.md.
# 390 and 768 px claim the new melding from the werkvoorraad, 1280 px right on the case page.
VIA_WERKVOORRAAD = (390, 768)
BREEDTES_VOLGORDE = {b: i for i, b in enumerate(BREDTES)}  # each width takes its own row where it picks one
KLIKKEN_INTAKE = {True: {"klikken": 16, "velden": 13, "paginaladingen": 10},
                  False: {"klikken": 15, "velden": 13, "paginaladingen": 9}}


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

    if breedte in VIA_WERKVOORRAAD:  # claim from the list
        s.klik(page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Werkvoorraad"))
        page.wait_for_url(re.compile(r"/werkvoorraad$"))
        rij = page.locator("table.werkvoorraad tbody tr", has_text=referentie)
        s.stap("werkvoorraad-met-nieuwe")
        s.klik(rij.get_by_role("button", name=f"Oppakken {referentie}"))
    else:  # claim right on the case just registered
        s.klik(page.locator("form.oppakken").get_by_role("button", name="Oppakken"))
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
    assert "Vrijwillige zorg is mogelijk" in page.locator(".zij").inner_text()  # the reason's label, not its code
    assert "vrijwillige_zorg" not in page.locator("main").inner_text()
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
    assert s.telling() == KLIKKEN_INTAKE[breedte in VIA_WERKVOORRAAD]


@pytest.mark.parametrize("breedte", list(BREDTES))
def test_projectleider_dashboard_escalaties_toewijzen(live, stroom, breedte):
    url, _gebruikers, _klok = live
    s = stroom("projectleider", breedte)
    page = s.page
    s.inloggen(url, "pl")
    page.wait_for_url(re.compile(r"/dashboard$"))
    s.stap("dashboard")
    with page.expect_download() as download:
        s.klik(page.get_by_role("link", name=re.compile("Cijfers per maand als CSV")))
    tekst = open(download.value.path(), encoding="utf-8").read()
    assert tekst.startswith("\ufeff") and "\n2026-04;" in tekst  # BOM for Excel, one row per month
    assert "Intake" not in tekst and "Visser" not in tekst  # figures only, no names

    s.klik(page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Escalaties"))
    page.wait_for_url(re.compile(r"/escalaties$"))
    rijen = page.locator("table.escalaties tbody tr")
    voor = rijen.count()
    assert voor >= 1, "geen openstaande escalatie meer om te bevestigen"
    referentie = rijen.first.locator("a").first.inner_text()
    s.stap("escalaties")
    s.vul(rijen.first.get_by_label("Toelichting (optioneel)"), "Besproken met de behandelaar.")
    s.klik(rijen.first.get_by_role("button", name=re.compile(f"^Bevestig.* bij {referentie}$")))
    page.wait_for_url(re.compile(r"/escalaties$"))
    assert page.get_by_role("status").filter(has_text=referentie).is_visible()
    assert page.locator("table.escalaties tbody tr", has_text=referentie).count() == 0  # not in the open list
    assert page.locator("table.escalaties tbody tr").count() == voor - 1
    s.stap("escalatie-bevestigd")

    # Reassign one melding from the list (bulk form), then see it on the case.
    s.klik(page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Werkvoorraad"))
    page.wait_for_url(re.compile(r"/werkvoorraad$"))
    rij = page.locator("table.werkvoorraad tbody tr:has(input[name=zaak])").nth(BREEDTES_VOLGORDE[breedte])
    zaak = rij.locator("a[href^='/meldingen/']").inner_text()
    nieuw = "Ivo Intake" if "Ivo Intake" not in rij.inner_text() else "Ilse Intake"
    s.stap("werkvoorraad")
    s.vink(rij.get_by_label(f"Kies {zaak}"))
    s.kies(page.get_by_label("Wijs de gekozen meldingen toe aan"), label=nieuw)
    s.klik(page.locator("#bulk-toewijzen").get_by_role("button", name="Toewijzen"))
    page.wait_for_url(re.compile(r"/werkvoorraad"))
    assert page.get_by_role("status").filter(has_text="1 melding toegewezen.").is_visible()
    s.stap("toegewezen")
    s.klik(page.get_by_role("link", name=zaak, exact=True))
    page.wait_for_url(re.compile(r"/meldingen/\d+$"))
    assert f"behandelaar: {nieuw}" in page.locator(".samenvatting").inner_text()
    assert "door Petra Projectleider" in _tijdlijn(page)  # the history names who reassigned it
    s.stap("melding-na-toewijzen")
    assert s.problemen == []


PERSOON_OVP = {390: ("Rik", "Vermeulen", "1990-01-15"), 768: ("Sara", "Koster", "1985-06-02"),
               1280: ("Tom", "Prins", "1975-09-30")}


@pytest.mark.parametrize("breedte", list(BREDTES))
def test_ovp_aankomst_screenings_uitkomst_vertrek(live, stroom, breedte):
    url, _gebruikers, _klok = live
    s = stroom("ovp", breedte)
    page = s.page
    s.inloggen(url, "ovp")
    page.wait_for_url(re.compile(r"/ovp$"))
    s.stap("bord")

    s.klik(page.locator("#aankomst > summary"))
    voornaam, achternaam, geboren = PERSOON_OVP[breedte]
    form = page.locator("#aankomst form")
    s.vul(form.get_by_label("E33-incidentnummer"), f"2026113{breedte:04d}")
    s.vul(form.get_by_label("Voornaam"), voornaam)
    s.vul(form.get_by_label("Achternaam"), achternaam)
    s.vul(form.get_by_label("Geboortedatum"), geboren)
    s.stap("aankomst-formulier")
    s.klik(form.get_by_role("button", name="Aankomst vastleggen"))
    page.wait_for_url(re.compile(r"/ovp$"))
    bericht = page.get_by_role("status").inner_text()
    referentie = re.search(r"Aankomst vastgelegd: (\S+)\.", bericht).group(1)
    rij = page.locator("table.ovp-bord tbody tr", has_text=referentie)
    assert f"{voornaam} {achternaam}" in rij.inner_text()
    s.stap("aangekomen")

    # Both screenings from the board's quick forms (the name of the screener is filled in).
    for label, bevinding, vlag in (("Registreer somatische screening", "Geen letsel, pols normaal.", None),
                                    ("Registreer psychiatrische screening", "Onrustig, dreigend.", "agressie")):
        rij = page.locator("table.ovp-bord tbody tr", has_text=referentie)
        s.klik(rij.locator("details.actie > summary", has_text=label))
        form = rij.locator("details.actie[open] form")
        assert form.get_by_label("Gescreend door").input_value() == "Olga OVP"
        s.vul(form.get_by_label("Bevindingen (kort)"), bevinding)
        if vlag:
            s.vink(form.get_by_label(vlag))
        s.klik(form.get_by_role("button", name=label))
        page.wait_for_url(re.compile(r"/ovp$"))
        s.stap(label.split()[1] + "-screening")
    rij = page.locator("table.ovp-bord tbody tr", has_text=referentie)
    assert "agressie" in rij.locator(".risico").inner_text()  # the risk flag shows on the board

    s.klik(rij.get_by_role("link", name=referentie))
    page.wait_for_url(re.compile(r"/triages/\d+$"))
    triage_url = page.url
    s.stap("triage")
    s.klik(page.locator("details.actie > summary", has_text="Leg uitkomst vast"))
    form = page.locator("details.actie[open] form")
    s.kies(form.locator("select[name=uitkomst]"), value="naar_huis_met_vervolg")
    s.kies(form.locator("select[name=vervolg]"), value="wijkteam")
    s.stap("uitkomst-formulier")
    s.klik(form.get_by_role("button", name="Leg uitkomst vast"))
    page.wait_for_url(triage_url)
    assert "Naar huis met vervolg" in page.locator(".zij").inner_text()
    s.stap("uitkomst-vastgelegd")

    s.klik(page.locator("details.actie > summary", has_text="Registreer vertrek"))
    form = page.locator("details.actie[open] form")
    assert form.get_by_label("Vertrokken op").input_value()  # defaults to now
    s.klik(form.get_by_role("button", name="Registreer vertrek"))
    page.wait_for_url(triage_url)
    assert page.locator(".paginakop .status").inner_text() == "vertrokken"
    tijdlijn = _tijdlijn(page).casefold()
    for stap in ("binnengebracht", "Registreer somatische screening", "Registreer psychiatrische screening",
                 "Leg uitkomst vast", "Registreer vertrek"):
        assert stap.casefold() in tijdlijn, f"tijdlijn mist {stap!r}"
    s.stap("vertrokken")
    s.klik(page.get_by_role("link", name="terug naar het bord"))
    page.wait_for_url(re.compile(r"/ovp$"))
    assert page.locator("table.ovp-bord tbody tr", has_text=referentie).count() == 0  # left the board
    s.stap("bord-na-vertrek")
    assert s.problemen == []


# The open demo melding (tests/browser/conftest.py) each width asks a crisismaatregel for.
BETROKKENE_CM = {390: "Ahmed Bouzid 48", 768: "Eva de Graaf 49", 1280: "Jan de Vries 50"}


@pytest.mark.parametrize("breedte", list(BREDTES))
def test_burgemeester_crisismaatregel_vanuit_melding(live, stroom, breedte):
    url, _gebruikers, _klok = live
    # Intake asks the burgemeester for a crisismaatregel from an open melding.
    s = stroom("crisismaatregel-aanvraag", breedte)
    page = s.page
    s.inloggen(url, "intake")
    page.wait_for_url(re.compile(r"/werkvoorraad$"))
    s.vul(page.get_by_label("Zoek op naam, geboortedatum of zaaknummer"), BETROKKENE_CM[breedte])
    s.klik(page.get_by_role("button", name="Filter", exact=True))
    page.wait_for_url(re.compile(r"/werkvoorraad"))
    s.klik(page.locator("table.werkvoorraad tbody tr").first.locator("a[href^='/meldingen/']"))
    page.wait_for_url(re.compile(r"/meldingen/\d+$"))
    melding_url = page.url
    s.stap("melding")
    s.klik(page.get_by_role("link", name="Vraag een crisismaatregel aan bij de burgemeester"))
    page.wait_for_url(re.compile(r"/crisismaatregelen/nieuw\?melding=\d+$"))
    assert page.get_by_label("Vanuit melding (nummer)").input_value() == melding_url.rsplit("/", 1)[1]
    s.kies(page.get_by_label("Aangevraagd door"), value="crisisdienst")
    s.stap("aanvraag-formulier")
    s.klik(page.get_by_role("button", name="Aanvraag vastleggen"))
    page.wait_for_url(melding_url)
    cm = re.search(r"Aanvraag (\S+) is vastgelegd", page.get_by_role("status").inner_text()).group(1)
    assert "crisismaatregel" in _tijdlijn(page).casefold()
    s.stap("aanvraag-vastgelegd")
    assert s.problemen == []

    # The burgemeester's back office takes it through the decision and records a duty as done.
    s = stroom("burgemeester", breedte)
    page = s.page
    s.inloggen(url, "bm")
    page.wait_for_url(re.compile(r"/crisismaatregelen$"))
    s.stap("crisismaatregelen")
    s.klik(page.get_by_role("link", name=cm, exact=True))
    page.wait_for_url(re.compile(r"/crisismaatregelen/\d+$"))
    cm_url = page.url
    assert _status(page) == "aangevraagd"
    s.stap("aangevraagd")

    form = s.open_actie("Registreer medische verklaring")
    s.vul(form.locator("#registreer-medische-verklaring-psychiater"), "Dr. M. de Wit")
    s.vink(form.get_by_label("ja"))
    s.klik(form.get_by_role("button", name="Registreer medische verklaring"))
    page.wait_for_url(cm_url)
    assert _status(page) == "in beoordeling"
    s.stap("medische-verklaring")

    form = s.open_actie("Registreer horen van betrokkene")
    s.vink(form.get_by_label("ja"))
    s.vul(form.get_by_label("Gehoord door"), "Wethouder namens de burgemeester")
    s.klik(form.get_by_role("button", name="Registreer horen van betrokkene"))
    page.wait_for_url(cm_url)
    s.stap("gehoord")

    form = s.open_actie("Neem crisismaatregel")
    s.vink(form.locator("input[name=zorgvormen][value=opname]"))
    s.vul(form.get_by_label(re.compile("Waarom minder ingrijpende zorg niet volstaat")),
          "Weigert elke vrijwillige zorg; acuut gevaar voor zichzelf.")
    s.vul(form.get_by_label(re.compile("^Bekendgemaakt op")), "2026-04-13T09:00")
    s.stap("besluit-formulier")
    s.klik(form.get_by_role("button", name="Neem crisismaatregel"))
    page.wait_for_url(cm_url)
    assert _status(page) == "genomen"
    s.stap("genomen")

    plichten = page.locator("table.plichten tbody tr:has(button)")
    open_voor = plichten.count()
    assert open_voor >= 1
    plicht = plichten.first.locator("td").first.inner_text()
    s.klik(plichten.first.get_by_role("button", name="Gedaan"))
    page.wait_for_url(re.compile(r"/crisismaatregelen/\d+#kop-plichten$"))
    assert page.get_by_role("status").filter(has_text="De plicht is als gedaan vastgelegd.").is_visible()
    gedaan = page.locator("table.plichten tbody tr", has_text=plicht).first
    assert "door Bart Burgemeester" in gedaan.inner_text()
    assert page.locator("table.plichten tbody tr:has(button)").count() == open_voor - 1
    # the focus moves on to the next open duty, not back to the top of the page
    page.wait_for_function("document.activeElement && document.activeElement.closest('table.plichten') !== null")
    s.stap("plicht-gedaan")

    tijdlijn = _tijdlijn(page).casefold()
    for stap in ("Registreer medische verklaring", "Registreer horen van betrokkene", "Neem crisismaatregel"):
        assert stap.casefold() in tijdlijn, f"tijdlijn mist {stap!r}"
    s.klik(page.locator(".zij a[href^='/beroepen/']"))
    page.wait_for_url(re.compile(r"/beroepen/\d+$"))
    assert "Beroep" in page.locator("h1").inner_text()
    s.stap("beroep")
    assert s.problemen == []
