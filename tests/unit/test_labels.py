"""Dutch labels from one place (wvggz/labels.py): every code the engine stores has its own label."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from notifications.soorten import SOORTEN
from workflows.beroep import BEROEP, SCHADECLAIM_UITKOMSTEN
from workflows.crisismaatregel import CRISISMAATREGEL, ZORGVORMEN
from workflows.melding import MELDING, OVJ_BESLUITEN, REDENEN_GEEN_AANVRAAG, VERWIJZINGEN
from workflows.triage import TRIAGE, UITKOMSTEN, VLAGGEN
from wvggz import labels
from wvggz.crisismaatregelen.models import Aanvrager
from wvggz.meldingen.models import Kanaal, Relatie
from wvggz.termijnen.regels import REGELS, ZEKERHEDEN
from wvggz.triage.models import GebrachtDoor

ROOT = Path(__file__).resolve().parents[2]

CODES = [
    *[s.value for wf in (MELDING, CRISISMAATREGEL, BEROEP, TRIAGE) for s in wf.statussen],
    *REDENEN_GEEN_AANVRAAG, *VERWIJZINGEN, *OVJ_BESLUITEN, *ZORGVORMEN, *SCHADECLAIM_UITKOMSTEN, *VLAGGEN,
    *UITKOMSTEN, *REGELS, *(k.value for k in Kanaal), *(r.value for r in Relatie), *(a.value for a in Aanvrager),
    *(g.value for g in GebrachtDoor), "herinnering", "waarschuwing", "alert", "escalatie",
    *(n for n in SOORTEN if not n.startswith(("cm_kennisgeving_", "cm_mededeling_")) and SOORTEN[n].doelgroep != "extern"),
]


@pytest.mark.parametrize("code", sorted(set(CODES)))
def test_elke_code_heeft_een_eigen_label(code):
    tekst = labels.label(code)
    assert code in labels.LABELS, f"{code} valt terug op de code zelf"
    assert "_" not in tekst and tekst.strip()


def test_onbekende_code_en_leeg():
    assert labels.label("iets_nieuws") == "iets nieuws"
    assert labels.label(None) == ""
    assert labels.label("vrijwillige_zorg") == "Vrijwillige zorg is mogelijk"


def test_acties_met_het_label_van_de_workflow():
    assert labels.label("start_onderzoek") == MELDING.acties["start_onderzoek"].label
    assert labels.label("leg_uitkomst_vast") == "Leg uitkomst vast"


def test_codes_in_tekst_worden_leesbaar():
    tekst = "Herinnering: dag 7 (termijn melding_beslissing, aan behandelaar); onbekend_ding blijft"
    assert labels.codes(tekst) == ("Herinnering: dag 7 (termijn beslissing op de melding, aan behandelaar); "
                                   "onbekend_ding blijft")
    assert labels.codes(None) == ""


def test_geen_herinnering_herinnering():
    assert labels.zonder_herhaling("Herinnering: dag 7 van 14", "herinnering") == "dag 7 van 14"
    assert labels.zonder_herhaling("Vandaag verstrijkt de termijn", "alert") == "Vandaag verstrijkt de termijn"


@pytest.mark.parametrize("code", sorted(ZEKERHEDEN))
def test_zekerheid_uitgelegd(code):
    assert labels.zekerheid(code).startswith(f"{code}: ") and "onbekend" not in labels.zekerheid(code)


@pytest.mark.parametrize(("centen", "tekst"), [(0, "€ 0,00"), (5, "€ 0,05"), (123456, "€ 1.234,56"),
                                               (100000000, "€ 1.000.000,00"), (-250, "-€ 2,50"), (None, "")])
def test_euro_niet_eurocent(centen, tekst):
    assert labels.euro(centen) == tekst


def test_schermen_maken_zelf_geen_labels():
    """Pages and screens take labels from wvggz/labels.py, not from their own replace('_', ' ')."""
    patroon = re.compile(r"""replace\(\s*["']_["']\s*,\s*["'] ["']\s*\)""")
    plekken = [ROOT / "api" / "templates", ROOT / "api" / "pages", ROOT / "wvggz" / "schermen"]
    fout = [str(p.relative_to(ROOT)) for d in plekken for p in d.rglob("*") if p.suffix in (".py", ".html")
            and patroon.search(p.read_text(encoding="utf-8"))]
    assert fout == []


def test_tijdlijn_heet_overal_tijdlijn():
    fout = [p.name for p in (ROOT / "api" / "templates").glob("*.html") if re.search(r">\s*Historie\s*<", p.read_text())]
    assert fout == []
