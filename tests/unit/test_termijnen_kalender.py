"""Atw calendar against an independently computed art. 3 list, Atw properties, ladder moments, als_dict."""

import json
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wvggz.termijnen import REGELS, AtwKalender, bereken, tredemomenten

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
KALENDER = AtwKalender()
ATW_DAGTERMIJNEN = [code for code, regel in REGELS.items() if regel.atw]


def pasen(jaar: int) -> date:
    """Easter Sunday by the anonymous Gregorian algorithm (Meeus/Jones/Butcher)."""
    a, b, c = jaar % 19, jaar // 100, jaar % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (a + 11 * h + 22 * m) // 451
    maand, dag = divmod(h + m - 7 * n + 114, 31)
    return date(jaar, maand, dag + 1)


# Atw art. 3 lid 3, copied by hand from the two decree titles ("Besluit gelijkstelling van ...").
BESLUITDAGEN = frozenset({
    date(2023, 4, 28), date(2023, 5, 19), date(2024, 5, 10), date(2024, 12, 27), date(2025, 5, 30),
    date(2026, 1, 2), date(2026, 5, 15), date(2027, 5, 7), date(2028, 4, 28), date(2028, 5, 26),
})


@cache
def atw_feestdagen(jaar: int) -> frozenset[date]:
    """Atw art. 3 lid 1 and 2 and the known decree days of lid 3, written out by hand."""
    p = pasen(jaar)
    koningsdag = date(jaar, 4, 27) if date(jaar, 4, 27).weekday() != 6 else date(jaar, 4, 26)
    return frozenset({
        date(jaar, 1, 1),  # Nieuwjaarsdag
        p - timedelta(days=2),  # Goede Vrijdag (art. 3 lid 2)
        p + timedelta(days=1),  # Tweede Paasdag
        koningsdag,
        date(jaar, 5, 5),  # 5 mei, elk jaar
        p + timedelta(days=39),  # Hemelvaartsdag
        p + timedelta(days=50),  # Tweede Pinksterdag
        date(jaar, 12, 25),
        date(jaar, 12, 26),
    }) | {d for d in BESLUITDAGEN if d.year == jaar}


def werkdag(d: date) -> bool:
    return d.weekday() < 5 and d not in atw_feestdagen(d.year)


def test_pasen_bekende_data():
    assert [pasen(j) for j in (2023, 2024, 2025, 2026, 2027, 2038)] == [
        date(2023, 4, 9), date(2024, 3, 31), date(2025, 4, 20), date(2026, 4, 5), date(2027, 3, 28),
        date(2038, 4, 25),
    ]


@pytest.mark.parametrize("jaar", range(2015, 2041))
def test_feestdagen_gelijk_aan_atw_art_3(jaar):
    dagen = [date(jaar, 1, 1) + timedelta(days=i) for i in range(366)]
    gevonden = {d for d in dagen if d.year == jaar and d.weekday() != 6 and KALENDER.feestdag(d)}
    verwacht = {d for d in atw_feestdagen(jaar) if d.weekday() != 6}  # zondagen tellen toch al niet
    assert gevonden == verwacht


@pytest.mark.parametrize(
    ("dag", "naam"),
    [
        (date(2026, 4, 27), "Koningsdag"),  # maandag
        (date(2027, 4, 27), "Koningsdag"),  # dinsdag
        (date(2026, 1, 1), "Nieuwjaarsdag"),
        (date(2026, 4, 24), None),  # vrijdag, gewone werkdag
    ],
)
def test_feestdag_naam(dag, naam):
    assert KALENDER.feestdag(dag) == naam


def test_koningsdag_op_zaterdag_als_27_april_zondag_is():
    assert KALENDER.feestdag(date(2025, 4, 26)) == "Koningsdag"  # 27-04-2025 was een zondag
    assert KALENDER.feestdag(date(2025, 4, 27)) is None


def test_extra_feestdag_en_werkdagen():
    kal = AtwKalender(extra_feestdagen=[date(2026, 5, 15)], besluiten=False)  # vr na Hemelvaart
    assert kal.feestdag(date(2026, 5, 15))
    assert not kal.is_werkdag(date(2026, 5, 15))
    assert AtwKalender(besluiten=False).is_werkdag(date(2026, 5, 15))
    assert kal.feestdagen(2026)[date(2026, 5, 15)] == kal.feestdag(date(2026, 5, 15))
    # wo 13-05: do Hemelvaart, vr brugdag, za, zo -> ma 18-05; terug: ma -> wo 13-05
    assert kal.plus_werkdagen(date(2026, 5, 13), 1) == date(2026, 5, 18)
    assert kal.plus_werkdagen(date(2026, 5, 18), -1) == date(2026, 5, 13)
    assert kal.werkdagen_tussen(date(2026, 5, 13), date(2026, 5, 18)) == 1
    assert kal.werkdagen_tussen(date(2026, 5, 18), date(2026, 5, 13)) == 0
    assert kal.plus_werkdagen(date(2026, 5, 16), 0) == date(2026, 5, 16)


jaren = st.dates(min_value=date(2020, 1, 1), max_value=date(2039, 11, 30))  # the Wvggz: from 2020


@settings(max_examples=300, deadline=None, database=None)
@given(soort=st.sampled_from(ATW_DAGTERMIJNEN), start=jaren)
def test_atw_einddatum_eigenschappen(soort, start):
    regel = REGELS[soort]
    dagen = regel.lengte * (7 if regel.eenheid == "weken" else 1)
    uitkomst = bereken(soort, start)
    ruw, eind = uitkomst.ruwe_einddatum, uitkomst.einddatum
    assert ruw == start + timedelta(days=dagen)
    assert werkdag(eind) and eind >= ruw

    def geldig(d: date) -> bool:
        venster = sum(werkdag(start + timedelta(days=i)) for i in range(1, (d - start).days + 1))
        return werkdag(d) and (dagen < 3 or venster >= 2)

    assert geldig(eind)
    assert not any(geldig(ruw + timedelta(days=i)) for i in range((eind - ruw).days))  # de vroegste
    assert uitkomst.eindmoment == datetime.combine(eind, time(23, 59, 59), tzinfo=AMSTERDAM)


@settings(max_examples=200, deadline=None, database=None)
@given(d=jaren, n=st.integers(min_value=-15, max_value=15))
def test_werkdagen_tellen(d, n):
    verder = KALENDER.plus_werkdagen(d, n)
    if n >= 0:
        assert KALENDER.werkdagen_tussen(d, verder) == n
    else:
        assert KALENDER.werkdagen_tussen(verder, d) == -n - werkdag(verder) + werkdag(d)
    if n != 0:
        assert werkdag(verder)


@settings(max_examples=200, deadline=None, database=None)
@given(
    soort=st.sampled_from([c for c, r in REGELS.items() if r.eenheid == "uren"]),
    start=st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2039, 12, 1)),
)
def test_uurtermijn_is_verstreken_tijd(soort, start):
    aware = start.replace(tzinfo=AMSTERDAM)
    uitkomst = bereken(soort, aware)
    verstreken = uitkomst.eindmoment.astimezone(UTC) - aware.astimezone(UTC)
    assert verstreken == timedelta(hours=REGELS[soort].lengte)
    assert uitkomst.atw_toegepast is False and uitkomst.einddatum is None


def _lokaal_utc(jaar, maand, dag, uur, minuut=0, seconde=0):
    return datetime(jaar, maand, dag, uur, minuut, seconde, tzinfo=AMSTERDAM).astimezone(UTC)


def _momenten(soort, start):
    uitkomst = bereken(soort, start)
    paren = tredemomenten(uitkomst, REGELS[soort], KALENDER)
    assert [t for t, _ in paren] == list(REGELS[soort].ladder)
    assert all(m.utcoffset() == timedelta(0) for _, m in paren)
    return {t.code: m for t, m in paren}


def test_ladder_melding_13_april_2026():
    # ma 13-04 -> einddatum di 28-04 (ma 27 Koningsdag). 2 werkdagen ervoor: vr 24 (1), do 23 (2).
    assert _momenten("melding_beslissing", "2026-04-13T16:45") == {
        "herinnering": _lokaal_utc(2026, 4, 20, 8),  # ma 20-04 08:00 (start + 7 dagen)
        "waarschuwing": _lokaal_utc(2026, 4, 23, 8),  # do 23-04 08:00
        "alert": _lokaal_utc(2026, 4, 28, 8),  # di 28-04 08:00
        "escalatie": _lokaal_utc(2026, 4, 28, 23, 59, 59),  # di 28-04 23:59:59
    }


def test_ladder_melding_over_zomertijd():
    # ma 16-03 -> ma 30-03; herinnering ma 23-03 08:00 CET, waarschuwing do 26-03 (vr 27 = 1, do 26 = 2)
    momenten = _momenten("melding_beslissing", "2026-03-16")
    assert momenten["herinnering"] == datetime(2026, 3, 23, 7, tzinfo=UTC)
    assert momenten["waarschuwing"] == datetime(2026, 3, 26, 7, tzinfo=UTC)
    assert momenten["alert"] == datetime(2026, 3, 30, 6, tzinfo=UTC)  # 08:00 CEST
    assert momenten["escalatie"] == datetime(2026, 3, 30, 21, 59, 59, tzinfo=UTC)


def test_ladder_wijkteam_advies():
    # ma 20-04 -> di 28-04 (Koningsdag overgeslagen); escalatie een werkdag later: wo 29-04 08:00
    assert _momenten("wijkteam_advies", "2026-04-20") == {
        "herinnering": _lokaal_utc(2026, 4, 28, 23, 59, 59),
        "escalatie": _lokaal_utc(2026, 4, 29, 8),
    }


def test_ladder_uurtermijn_over_klokwissel():
    # za 28-03 22:00 CET = 21:00Z; 0.75 * 18u = 13u30 -> 10:30Z; einde 15:00Z
    assert _momenten("tvz_totaal", "2026-03-28T22:00") == {
        "waarschuwing": datetime(2026, 3, 29, 10, 30, tzinfo=UTC),
        "alert": datetime(2026, 3, 29, 15, 0, tzinfo=UTC),
    }


def test_ladder_cm_geldigheid_en_beroep():
    assert _momenten("cm_geldigheid", "2023-04-20") == {  # einddatum zo 23-04-2023
        "waarschuwing": _lokaal_utc(2023, 4, 23, 8),
        "alert": _lokaal_utc(2023, 4, 23, 23, 59, 59),
    }
    assert _momenten("beroep_termijn", "2026-04-06") == {"alert": _lokaal_utc(2026, 4, 28, 23, 59, 59)}


def test_als_dict_dagtermijn():
    data = bereken("melding_beslissing", "2026-04-13").als_dict()
    assert json.loads(json.dumps(data)) == data
    assert data == {
        "soort": "melding_beslissing",
        "start": "2026-04-13T00:00:00+02:00",
        "einddatum": "2026-04-28",
        "eindmoment": "2026-04-28T23:59:59+02:00",
        "ruwe_einddatum": "2026-04-27",
        "atw_toegepast": True,
        "grondslag": "Wvggz art. 5:2",
        "zekerheid": "S",
        "toelichting": "14 dagen na 13-04-2026 = 27-04-2026; Koningsdag, verschoven naar 28-04-2026 (Atw art. 1)",
    }


def test_als_dict_uurtermijn():
    data = bereken("tvz_totaal", "2026-10-24T22:00").als_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["start"] == "2026-10-24T22:00:00+02:00"
    assert data["eindmoment"] == "2026-10-25T15:00:00+01:00"
    assert data["einddatum"] is None and data["ruwe_einddatum"] is None
    assert data["atw_toegepast"] is False
    assert "wintertijd meegerekend" in data["toelichting"]
