"""Issue 12: every day equated by decree (Atw art. 3 lid 3) of 2023-2028 in the term tables, the warning
for years without a known decree, the calendar listing, and the starts and clock times the law cannot mean.

Expected dates are counted by hand: each decree day is a Friday after a Thursday holiday (Koningsdag,
Hemelvaartsdag, 2e Kerstdag, Nieuwjaarsdag); a day term whose raw end falls on it moves to the Monday.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from wvggz.cli import main
from wvggz.termijnen import bereken
from wvggz.termijnen.bereken import OngeldigeStart
from wvggz.termijnen.besluiten import BESLUITEN
from wvggz.termijnen.service import bereken_voor_api, kalender_regels

D = date
DAG = timedelta(days=1)

# decree day -> (the next Monday, the end of 5 working days counted from the Thursday before)
BESLUITDAGEN = {
    D(2023, 4, 28): (D(2023, 5, 1), D(2023, 5, 8)),  # ma 01-05 .. do 04-05, vr 05-05 Bevrijdingsdag -> ma 08-05
    D(2023, 5, 19): (D(2023, 5, 22), D(2023, 5, 26)),
    D(2024, 5, 10): (D(2024, 5, 13), D(2024, 5, 17)),
    D(2024, 12, 27): (D(2024, 12, 30), D(2025, 1, 6)),  # ma 30, di 31, (wo 01-01), do 02, vr 03, ma 06-01
    D(2025, 5, 30): (D(2025, 6, 2), D(2025, 6, 6)),
    D(2026, 1, 2): (D(2026, 1, 5), D(2026, 1, 9)),
    D(2026, 5, 15): (D(2026, 5, 18), D(2026, 5, 22)),
    D(2027, 5, 7): (D(2027, 5, 10), D(2027, 5, 14)),
    D(2028, 4, 28): (D(2028, 5, 1), D(2028, 5, 8)),  # vr 05-05-2028 Bevrijdingsdag
    D(2028, 5, 26): (D(2028, 5, 29), D(2028, 6, 2)),
}
# voortzetting_beslissing from the Tuesday before: Wed, Thu (holiday), Fri (decree) hold < 2 working days
# (art. 2), so the term runs on to the second working day after the start.
BESLISSING = {
    D(2024, 12, 27): D(2024, 12, 31),  # wo 25 en do 26 Kerstdagen, vr besluit: 0 werkdagen -> ma 30, di 31
    D(2027, 5, 7): D(2027, 5, 11),  # wo 05-05 Bevrijdingsdag, do Hemelvaartsdag, vr besluit -> ma 10, di 11
}

TABEL = []
for dag, (maandag, vijf_werkdagen) in BESLUITDAGEN.items():
    TABEL += [
        ("voortzetting_verzoek", dag - DAG, maandag),  # 1 day: raw end on the decree day
        ("melding_beslissing", dag - 14 * DAG, maandag),  # 14 days
        ("beroep_termijn", dag - 21 * DAG, maandag),  # 3 weeks
        ("voortzetting_beslissing", dag - 3 * DAG, BESLISSING.get(dag, maandag)),  # 3 days, art. 2
        ("wijkteam_advies", dag - DAG, vijf_werkdagen),  # 5 working days skip the decree day
    ]


def test_elke_besluitdag_2023_2028_staat_in_de_tabel():
    bekend = {d for b in BESLUITEN for d in b.dagen}
    assert bekend == set(BESLUITDAGEN)
    assert all(d.weekday() == 4 for d in bekend)  # all Fridays
    assert {j for b in BESLUITEN for j in b.jaren} == set(range(2023, 2029))


@pytest.mark.parametrize(("soort", "start", "verwacht"), TABEL, ids=[f"{s}-{d}" for s, d, _ in TABEL])
def test_besluitdag_verschuift_de_einddatum(soort, start, verwacht):
    uitkomst = bereken(soort, start)
    assert uitkomst.einddatum == verwacht
    assert uitkomst.waarschuwing is None  # a decree is known for these years


def test_beroep_15_mei_2026_niet_een_werkdag_te_vroeg():
    # The case: bekendmaking do 23-04-2026 -> 3 weeks = do 14-05 Hemelvaartsdag; vr 15-05 is equated.
    uitkomst = bereken("beroep_termijn", "2026-04-23")
    assert uitkomst.einddatum == D(2026, 5, 18)
    assert uitkomst.toelichting.endswith("Hemelvaartsdag, verschoven naar 18-05-2026 (Atw art. 1; ook overgeslagen: "
                                         "Bij besluit gelijkgestelde dag (Atw art. 3 lid 3) 15-05-2026)")


def test_waarschuwing_voor_een_jaar_zonder_besluit():
    uitkomst = bereken("beroep_termijn", "2028-12-20")  # ends 10-01-2029
    assert uitkomst.einddatum == D(2029, 1, 10)
    assert "2029" in uitkomst.waarschuwing and "Atw art. 3 lid 3" in uitkomst.waarschuwing
    assert uitkomst.waarschuwing in uitkomst.toelichting
    assert bereken_voor_api("beroep_termijn", "2028-12-20")["waarschuwing"] == uitkomst.waarschuwing
    assert bereken("cm_geldigheid", "2029-12-20").waarschuwing is None  # no Atw: the calendar plays no part
    assert bereken("tvz_totaal", "2029-12-20T10:00").waarschuwing is None


def test_instelling_maakt_een_later_jaar_bekend(settings):
    settings.extra_feestdagen = [D(2029, 5, 11)]  # a hypothetical later decree: Friday after Ascension 2029
    uitkomst = bereken_voor_api("voortzetting_verzoek", "2029-05-10", settings)
    assert uitkomst["einddatum"] == "2029-05-14" and "waarschuwing" not in uitkomst


def test_kalender_jaar_met_bron(capsys):
    regels, waarschuwing = kalender_regels(2026)
    assert waarschuwing is None
    [regel] = [r for r in regels if r.startswith("15-05-2026")]
    assert "vr" in regel and "Besluit gelijkstelling van 2 januari 2026, 15 mei 2026" in regel
    assert any(r.startswith("14-05-2026") and "Atw art. 3 lid 1 en 2" in r for r in regels)
    assert main(["kalender", "2029"]) == 0
    uit = capsys.readouterr()
    assert "01-01-2029" in uit.out and "geen besluit gelijkstelling bekend" in uit.err
    assert main(["kalender", "1999"]) == 2
    assert "2020" in capsys.readouterr().err


def test_cli_termijn_waarschuwt(capsys):
    assert main(["termijn", "melding_beslissing", "2029-03-01"]) == 0
    uit = capsys.readouterr()
    assert '"einddatum": "2029-03-15"' in uit.out and uit.err.startswith("Waarschuwing: Let op: voor 2029")


@pytest.mark.parametrize(("start", "woord"), [
    ("0001-01-01", "vóór 1 januari 2020"), ("2019-12-31", "vóór 1 januari 2020"), ("9999-12-31", "na 2100"),
    ("2101-01-01", "na 2100"), ("9999-12-31T23:00", "na 2100"), ("0001-01-01T00:00", "vóór 1 januari 2020"),
])
def test_datums_die_de_wet_niet_kan_bedoelen(start, woord, capsys):
    soort = "tvz_totaal" if "T" in start else "beroep_termijn"
    with pytest.raises(OngeldigeStart, match=woord):
        bereken(soort, start)
    assert main(["termijn", soort, start]) == 2
    fout = capsys.readouterr().err
    assert fout.startswith("Fout: ") and woord in fout and "Traceback" not in fout


def test_eerste_en_laatste_start_zijn_toegestaan():
    assert bereken("melding_beslissing", "2020-01-01").einddatum == D(2020, 1, 15)
    assert bereken("voortzetting_geldigheid", "2100-12-31").einddatum == D(2101, 1, 21)


@pytest.mark.parametrize(("start", "woord"), [
    ("2026-03-29T02:30", "bestaat niet"), ("2026-03-29T02:00", "bestaat niet"),
    ("2026-10-25T02:30", "komt twee keer voor"), ("2026-10-25T02:00", "komt twee keer voor"),
])
def test_klokwissel_wordt_geweigerd(start, woord, capsys):
    with pytest.raises(OngeldigeStart, match=woord):
        bereken("tvz_totaal", start)
    assert main(["termijn", "tvz_totaal", start]) == 2
    assert woord in capsys.readouterr().err


def test_klokwissel_met_afwijking_wel():
    zomer = bereken("tvz_totaal", "2026-10-25T02:30+02:00")  # the first 02:30 (00:30 UTC)
    winter = bereken("tvz_totaal", "2026-10-25T02:30+01:00")  # the second 02:30 (01:30 UTC)
    assert (winter.eindmoment - zomer.eindmoment) == timedelta(hours=1)
    assert zomer.eindmoment.isoformat() == "2026-10-25T19:30:00+01:00"
    assert bereken("tvz_totaal", "2026-03-29T03:30").eindmoment.isoformat() == "2026-03-29T21:30:00+02:00"
    assert bereken("tvz_totaal", "2026-03-29T01:59").start.isoformat() == "2026-03-29T01:59:00+01:00"
