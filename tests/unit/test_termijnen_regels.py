"""The rules table as data, configuration, input handling and errors."""

import ast
from datetime import date, datetime, time
from pathlib import Path

import pytest

from wvggz.termijnen import (
    REGELS,
    Eenheid,
    OnbekendeTermijn,
    OngeldigeStart,
    Regel,
    Trede,
    bereken,
    met_instellingen,
    naar_lokaal,
)

PAKKET = Path(__file__).resolve().parents[2] / "wvggz" / "termijnen"
EIGEN_MODULES = ("__init__.py", "regels.py", "kalender.py", "bereken.py")

VERWACHT = {  # code: (lengte, eenheid, atw, grondslag-begin, zekerheid)
    "melding_beslissing": (14, Eenheid.DAGEN, True, "Wvggz art. 5:2", "S"),
    "wijkteam_advies": (5, Eenheid.WERKDAGEN, False, "lokaal beleid", "I"),
    "tvz_totaal": (18, Eenheid.UREN, False, "Wvggz art. 7:3", "S"),
    "tvz_na_onderzoek": (12, Eenheid.UREN, False, "Wvggz art. 7:3", "S"),
    "cm_advocaat": (24, Eenheid.UREN, False, "Wvggz art. 7", "S"),
    "cm_tenuitvoerlegging": (24, Eenheid.UREN, False, "Wvggz art. 7", "S"),
    "cm_geldigheid": (3, Eenheid.DAGEN, False, "Wvggz art. 7:7", "S"),
    "voortzetting_verzoek": (1, Eenheid.DAGEN, True, "Wvggz art. 7:7", "U"),
    "voortzetting_beslissing": (3, Eenheid.DAGEN, True, "Wvggz art. 7:8 lid 3", "S"),
    "voortzetting_geldigheid": (3, Eenheid.WEKEN, False, "Wvggz art. 7:9", "S"),
    "zm_beslissing": (3, Eenheid.WEKEN, False, "Wvggz art. 6:2", "S"),
    "beroep_termijn": (3, Eenheid.WEKEN, True, "Wvggz art. 7:6", "U"),
}


@pytest.mark.parametrize("code", sorted(VERWACHT))
def test_regel(code):
    regel = REGELS[code]
    lengte, eenheid, atw, grondslag, zekerheid = VERWACHT[code]
    assert (regel.code, regel.lengte, regel.eenheid, regel.atw, regel.zekerheid) == (
        code, lengte, eenheid, atw, zekerheid)
    assert regel.grondslag.startswith(grondslag)
    assert regel.omschrijving and regel.start and regel.ladder


def test_tabel_volledig_en_ladders_geldig():
    assert set(REGELS) == set(VERWACHT)
    for regel in REGELS.values():
        assert len(regel.grondslag) <= 120
        for trede in regel.ladder:
            assert trede.omschrijving
            if regel.eenheid is Eenheid.UREN:
                assert trede.fractie is not None and trede.ontvanger == "burgemeester"
    assert "ECLI:NL:HR:2023:1279" in REGELS["voortzetting_beslissing"].grondslag


def test_ladder_melding_beslissing():
    ladder = REGELS["melding_beslissing"].ladder
    assert [(t.code, t.anker, t.dagen, t.werkdagen, t.tijd, t.ontvanger, t.herhaal_in_digest) for t in ladder] == [
        ("herinnering", "start", 7, 0, time(8), "behandelaar", False),
        ("waarschuwing", "eind", 0, -2, time(8), "projectleider", False),
        ("alert", "eind", 0, 0, time(8), "projectleider", False),
        ("escalatie", "eind", 0, 0, None, "projectleider", True),
    ]


def test_met_instellingen_geeft_kopie():
    regels = met_instellingen(wijkteam_advies_werkdagen=3)
    assert regels["wijkteam_advies"].lengte == 3
    assert REGELS["wijkteam_advies"].lengte == 5
    assert regels is not REGELS and regels["melding_beslissing"] is REGELS["melding_beslissing"]
    with pytest.raises(ValueError):
        met_instellingen(wijkteam_advies_werkdagen=0)


def test_regel_en_trede_controleren_invoer():
    with pytest.raises(ValueError):
        Trede("x", "midden")
    with pytest.raises(ValueError):
        Regel("x", "x", 3, Eenheid.UREN, "x", True, "x", "S")  # Atw nooit voor uren
    with pytest.raises(ValueError):
        Regel("x", "x", 3, Eenheid.DAGEN, "x", True, "x", "Z")


def test_startdag_telt_mee():
    # do 20-04-2023, 3 dagen inclusief de startdag -> za 22-04 (geen Atw)
    regel = Regel("test", "test", 3, Eenheid.DAGEN, "test", False, "test", "I", startdag_telt_niet=False)
    uitkomst = bereken("test", "2023-04-20", regels={"test": regel})
    assert uitkomst.einddatum == date(2023, 4, 22)
    assert "startdag telt mee" in uitkomst.toelichting


def test_onbekende_termijn_noemt_bekende_codes():
    with pytest.raises(OnbekendeTermijn, match="melding_beslissing"):
        bereken("bestaat_niet", "2026-04-13")


@pytest.mark.parametrize("start", [date(2026, 3, 28), "2026-03-28"])
def test_uurtermijn_weigert_losse_datum(start):
    with pytest.raises(OngeldigeStart, match="uren"):
        bereken("tvz_totaal", start)


@pytest.mark.parametrize("start", ["gisteren", "2026-13-01", 20260413, None])
def test_ongeldige_start(start):
    with pytest.raises(OngeldigeStart):
        bereken("melding_beslissing", start)


@pytest.mark.parametrize(
    ("waarde", "iso"),
    [
        (date(2026, 4, 13), "2026-04-13T00:00:00+02:00"),
        ("2026-01-05", "2026-01-05T00:00:00+01:00"),
        (datetime(2026, 7, 1, 8, 0), "2026-07-01T08:00:00+02:00"),  # naief = lokaal
        ("2026-07-01T06:00:00Z", "2026-07-01T08:00:00+02:00"),  # aware = omgerekend
        ("2026-03-29T02:30", "2026-03-29T03:30:00+02:00"),  # bestaat niet (zomertijd): genormaliseerd
    ],
)
def test_naar_lokaal(waarde, iso):
    assert naar_lokaal(waarde).isoformat() == iso


def test_alleen_standaardbibliotheek_zoneinfo_en_holidays():
    verboden = ("datetime.now", "date.today", "time.time", "datetime.today", "utcnow")
    for naam in EIGEN_MODULES:
        bron = (PAKKET / naam).read_text()
        boom = ast.parse(bron)
        modules = {a.name.split(".")[0] for n in ast.walk(boom) if isinstance(n, ast.Import) for a in n.names}
        modules |= {n.module.split(".")[0] for n in ast.walk(boom)
                    if isinstance(n, ast.ImportFrom) and n.module and n.level == 0}
        assert modules <= {"__future__", "collections", "dataclasses", "datetime", "enum", "functools",
                           "types", "typing", "zoneinfo", "holidays"}, naam
        assert not any(v in bron for v in verboden), naam
