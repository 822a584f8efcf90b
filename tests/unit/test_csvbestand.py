"""The CSV cells a Dutch spreadsheet reads right: dates, percentages, decimals, ja/nee, no formulas."""

from datetime import UTC, date, datetime

from wvggz.csvbestand import BOM, Percentage, cel, tabel


def test_cellen():
    assert cel(datetime(2026, 4, 13, 6, 30, tzinfo=UTC)) == "2026-04-13 08:30"  # local time (CEST)
    assert cel(datetime(2026, 1, 13, 6, 30, tzinfo=UTC)) == "2026-01-13 07:30"  # winter time
    assert cel(date(2026, 4, 13)) == "2026-04-13"
    assert cel(Percentage(0.8333)) == "83,3%" and cel(Percentage(None)) == ""
    assert cel(18.0) == "18,0" and cel(3) == "3" and cel(None) == ""
    assert cel(True) == "ja" and cel(False) == "nee"
    assert cel("=HYPERLINK(1)") == "'=HYPERLINK(1)" and cel("-5") == "'-5" and cel(-5) == "-5"


def test_tabel_met_bom_en_puntkomma():
    assert tabel(("Naam", "Aantal"), [("a;b", 1)]) == f'{BOM}Naam;Aantal\r\n"a;b";1\r\n'
