"""Every message template: renders, prints only the fields its kind allows, and never a person or health.

The minimisation test renders each kind with sample data into which names, a BSN, a date of birth,
the concerns and a diagnosis are smuggled, and checks that none of it reaches subject, text or HTML.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from jinja2 import meta, nodes

from notifications.render import TEMPLATES, Renderer, RenderFout, datum, omgeving
from notifications.soorten import (
    CONTEXT,
    EXTERN,
    MEDEWERKER,
    SOORTEN,
    medewerker_voorkeuren,
    soort,
    voorkeur_sleutel,
)

BASIS = "https://wvggz.denhaag.example"

# What may never leave the municipality in a message: smuggled into every snapshot under the keys a
# careless caller would use. The values are distinctive, so a leak cannot hide.
VERGIF = {
    "voornaam": "Jozefien", "achternaam": "Vredeling", "naam": "Jozefien Vredeling",
    "betrokkene": "Jozefien Vredeling", "melder": "Gerrit Klaassen", "melder_naam": "Gerrit Klaassen",
    "bsn": "123456782", "geboortedatum": "1953-07-19", "adres": "Lange Voorhout 99", "postcode": "2514EE",
    "telefoon": "0612345678", "email": "jozefien@example.org",
    "zorgen": "Hoort stemmen en verwaarloost zich", "diagnose": "paranoide schizofrenie",
    "wijkteam_advies": "Opname overwegen wegens psychose", "medische_expertise": "SPV Haaglanden",
    "medische_verklaring": "Acuut psychotisch beeld",
}
LEKKEN = ["Jozefien", "Vredeling", "Gerrit", "Klaassen", "123456782", "1953", "19-07", "Voorhout", "2514",
          "0612345678", "jozefien@", "stemmen", "verwaarloost", "schizofrenie", "psychose", "psychotisch",
          "SPV Haaglanden"]
# Fields a template may print at all; none of them can hold a name or a health detail.
VERBODEN_VELDNAMEN = set(VERGIF) | {"persoon", "persoon_id", "betrokkene_id", "melder_id", "reden", "advies"}

VOORBEELD = {  # benign values for every allowed field
    "referentie": "M-2026-000012", "ontvangen_op": "13-04-2026", "gemeente": "Den Haag",
    "naar_gemeente": "Rijswijk", "aanvraag": True, "verzoekschrift": False, "einddatum": "28-04-2026",
    "genomen_op": "2026-04-13T10:15:00+02:00", "geldig_tot": "16-04-2026", "beroep_tot": "2026-05-04",
    "pad": "/meldingen/12", "zaak_type": "melding", "termijn": "melding_beslissing",
    "termijn_omschrijving": "Verkennend onderzoek afronden", "grondslag": "art. 5:2 Wvggz",
    "trede": "alert", "omschrijving": "Termijn verstreekt vandaag", "ontvanger": "projectleider",
    "eindmoment": "28-04-2026 23:59", "gepland_op": "28-04-2026 08:00", "te_laat": True,
    "datum": "14-04-2026", "aantal": 1, "crisismaatregel_id": 3, "beroep_id": 4, "taak_id": 5,
    "partij": "rvr", "uiterlijk_op": "14-04-2026 10:15", "besloten_op": "13-04-2026 10:15",
    "dagen_verlopen": 2,
    "items": [{"escalatie_id": 1, "referentie": "M-2026-000012", "pad": "/meldingen/12",
               "termijn": "melding_beslissing", "einddatum": "28-04-2026", "dagen_verlopen": 2, **VERGIF}],
}


def voorbeeld(naam: str) -> dict:
    s = soort(naam)
    return {k: v for k, v in VOORBEELD.items() if k in s.velden} | VERGIF


def kanalen(naam: str) -> list[str]:
    return ["email"] if soort(naam).doelgroep == EXTERN else ["email", "inbox"]


GEVALLEN = [(n, k) for n in SOORTEN for k in kanalen(n)]


@pytest.fixture(scope="module")
def renderer() -> Renderer:
    return Renderer(BASIS + "/")


def test_elke_soort_heeft_tekst_en_html_en_elk_sjabloon_hoort_bij_een_soort():
    bestanden = {p.name for p in TEMPLATES.iterdir() if not p.name.startswith("_")}
    verwacht = {f"{n}.{ext}" for n in SOORTEN for ext in ("txt", "html")}
    assert bestanden == verwacht


@pytest.mark.parametrize("naam,kanaal", GEVALLEN)
def test_elk_sjabloon_rendert_zonder_persoons_of_gezondheidsgegevens(renderer, naam, kanaal):
    inhoud = renderer.render(naam, voorbeeld(naam), kanaal)
    assert inhoud.onderwerp and inhoud.tekst.strip() and "<html" in inhoud.html
    for deel in (inhoud.onderwerp, inhoud.tekst, inhoud.html):
        gelekt = [woord for woord in LEKKEN if woord.lower() in deel.lower()]
        assert gelekt == [], f"{naam} ({kanaal}) noemt {gelekt}"
    if naam != "dagoverzicht":  # every other message names its case reference (the digest lists several)
        assert "M-2026-000012" in inhoud.onderwerp


def _variabelen(env, naam: str, gezien: set[str] | None = None) -> set[str]:
    """Return every name a template (and what it extends or includes) reads, attributes included."""
    gezien = set() if gezien is None else gezien
    if naam in gezien:
        return set()
    gezien.add(naam)
    bron = env.loader.get_source(env, naam)[0]
    ast = env.parse(bron)
    namen = set(meta.find_undeclared_variables(ast))
    namen |= {n.attr for n in ast.find_all(nodes.Getattr)}
    for ouder in meta.find_referenced_templates(ast):
        namen |= _variabelen(env, ouder, gezien)
    return namen


@pytest.mark.parametrize("naam", sorted(SOORTEN))
def test_sjablonen_lezen_alleen_de_velden_van_hun_soort(naam):
    """The static guarantee: a template cannot print a field its kind does not list."""
    env = omgeving()
    s = SOORTEN[naam]
    gelezen = _variabelen(env, f"{naam}.txt") | _variabelen(env, f"{naam}.html")
    gelezen |= set(meta.find_undeclared_variables(env.parse(s.onderwerp)))
    gelezen -= {"item"}  # the loop variable of the digest; its attributes are checked as names above
    assert gelezen <= s.velden, f"{naam} leest {sorted(gelezen - s.velden)}"


def test_toegestane_velden_bevatten_geen_persoons_of_gezondheidsvelden():
    alle = set().union(*(s.velden for s in SOORTEN.values()))
    assert alle & VERBODEN_VELDNAMEN == set()
    assert CONTEXT <= alle


@pytest.mark.parametrize("naam", [n for n, s in SOORTEN.items() if s.doelgroep == MEDEWERKER])
def test_medewerkersmail_bevat_een_link_en_niet_de_inhoud(renderer, naam):
    gegevens = voorbeeld(naam)
    mail = renderer.render(naam, gegevens, "email")
    inbox = renderer.render(naam, gegevens, "inbox")
    link = f"{BASIS}/meldingen/12"
    assert link in mail.tekst and f'href="{link}"' in mail.html
    inhoudelijk = ["Verkennend onderzoek afronden", "Termijn verstreekt vandaag", "28-04-2026", "14-04-2026 10:15",
                   "13-04-2026 10:15", "16-04-2026", "2 dag"]
    for deel in (mail.tekst, mail.html):
        assert [w for w in inhoudelijk if w in deel] == [], naam
    assert "privacyredenen" in mail.tekst
    # The same snapshot does show its content in the in-app inbox (so the check above can fail).
    if naam in ("herinnering", "waarschuwing", "alert", "escalatie", "dagoverzicht", "cm_genomen") or \
            naam.startswith("cm_kennisgeving_"):
        assert any(w in inbox.tekst for w in inhoudelijk), naam


def test_html_wordt_ge_escaped_en_tekst_niet(renderer):
    gegevens = voorbeeld("doorzending") | {"naar_gemeente": "<script>alert(1)</script>"}
    inhoud = renderer.render("doorzending", gegevens, "email")
    assert "&lt;script&gt;" in inhoud.html and "<script>" not in inhoud.html
    assert "<script>alert(1)</script>" in inhoud.tekst


def test_ontbrekend_verplicht_veld_is_een_renderfout_met_de_naam(renderer):
    gegevens = voorbeeld("uitkomst_naaste")
    del gegevens["aanvraag"]
    with pytest.raises(RenderFout, match="aanvraag"):
        renderer.render("uitkomst_naaste", gegevens, "email")


def test_sjabloon_dat_een_onbekend_veld_leest_faalt_strikt(tmp_path):
    """StrictUndefined: an unknown variable is an error, never an empty gap in a letter."""
    for ext in ("txt", "html"):
        (tmp_path / f"ontvangstbevestiging.{ext}").write_text("Beste {{ voornaam_melder }}, {{ referentie }}")
    with pytest.raises(RenderFout, match="voornaam_melder"):
        Renderer(BASIS, tmp_path).render("ontvangstbevestiging", voorbeeld("ontvangstbevestiging"), "email")


def test_syntaxfout_in_sjabloon_is_een_renderfout(tmp_path):
    for ext in ("txt", "html"):
        (tmp_path / f"ontvangstbevestiging.{ext}").write_text("{% if referentie %}zonder einde")
    with pytest.raises(RenderFout, match="Sjabloonfout"):
        Renderer(BASIS, tmp_path).render("ontvangstbevestiging", voorbeeld("ontvangstbevestiging"), "email")


@pytest.mark.parametrize("pad", ["https://elders.example/x", "//elders.example", "meldingen/1", 12])
def test_link_is_altijd_een_pad_binnen_de_applicatie(renderer, pad):
    with pytest.raises(RenderFout, match="pad"):
        renderer.render("alert", voorbeeld("alert") | {"pad": pad}, "email")


def test_onbekende_soort_is_een_renderfout_en_aliassen_werken(renderer):
    with pytest.raises(RenderFout, match="Geen sjabloon"):
        renderer.render("verjaardagskaart", {}, "email")
    assert renderer.render("escalatie_alert", voorbeeld("alert"), "inbox").onderwerp.startswith("ALERT")


def test_uitkomst_alleen_voor_naasten_volgens_de_sjabloonregels():
    """Art. 5:2 lid 5: the outcome kinds are marked, the receipt and forwarding notice are not."""
    alleen_naaste = {n for n, s in SOORTEN.items() if s.alleen_naaste}
    assert alleen_naaste == {"uitkomst_naaste", "ovj_uitkomst_naaste", "naaste_route"}


def test_ontvangstbevestiging_legt_uit_dat_alleen_naasten_de_uitkomst_horen(renderer):
    tekst = renderer.render("ontvangstbevestiging", voorbeeld("ontvangstbevestiging"), "email").tekst
    assert "alleen een naaste" in tekst


def test_voorkeuren_per_soort_met_een_groep_voor_de_kennisgevingen():
    keuzes = medewerker_voorkeuren()
    assert keuzes[:5] == ["herinnering", "waarschuwing", "alert", "escalatie", "dagoverzicht"]
    assert "cm_kennisgeving" in keuzes and not any(k.startswith("cm_kennisgeving_") for k in keuzes)
    assert voorkeur_sleutel("cm_kennisgeving_ovj") == "cm_kennisgeving"
    assert voorkeur_sleutel("escalatie_alert") == "alert"


@pytest.mark.parametrize("invoer,uit", [
    ("2026-04-28", "28-04-2026"),
    ("28-04-2026", "28-04-2026"),
    ("2026-04-28T21:59:59+00:00", "28-04-2026 23:59"),  # stored UTC, shown in Europe/Amsterdam (CEST)
    (datetime(2026, 1, 5, 8, 0, tzinfo=UTC), "05-01-2026 09:00"),  # CET in winter
    (date(2026, 12, 25), "25-12-2026"),
])
def test_datums_in_berichten_zijn_nederlands_en_lokaal(invoer, uit):
    assert datum(invoer) == uit


def test_sjablonen_zijn_utf8_en_nederlands():
    for p in Path(TEMPLATES).iterdir():
        tekst = p.read_text(encoding="utf-8")
        assert "Dear" not in tekst and "Hello" not in tekst
