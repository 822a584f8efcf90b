"""Deadline table: one row per case, expected values counted by hand on a printed calendar.

Day terms: start day not counted; Atw art. 2 (>= 3 days: the window holds >= 2 working days) then
art. 1 (Saturday/Sunday/holiday -> next working day). Hour terms: elapsed time, never the Atw.
"""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from wvggz.termijnen import AtwKalender, bereken, met_instellingen

D = date
AMSTERDAM = ZoneInfo("Europe/Amsterdam")

TABEL = [
    # --- melding_beslissing: 14 kalenderdagen, Atw ---------------------------------------------
    ("melding_beslissing", "2026-03-02", D(2026, 3, 16)),  # ma 02-03 -> ma 16-03: gewone werkdag
    ("melding_beslissing", "2026-03-07", D(2026, 3, 23)),  # za 07-03 -> za 21-03 (weekend) -> ma 23-03
    ("melding_beslissing", "2026-03-08", D(2026, 3, 23)),  # zo 08-03 -> zo 22-03 (weekend) -> ma 23-03
    ("melding_beslissing", "2025-12-18", D(2026, 1, 5)),  # do 18-12-2025 -> do 01-01 Nieuwjaarsdag, vr 02-01 besluit, za, zo -> ma 05-01
    ("melding_beslissing", "2026-03-20", D(2026, 4, 7)),  # vr 20-03 -> vr 03-04 Goede Vrijdag, za, zo Pasen, ma 2e Paasdag -> di 07-04
    ("melding_beslissing", "2026-03-23", D(2026, 4, 7)),  # ma 23-03 -> ma 06-04 2e Paasdag -> di 07-04
    ("melding_beslissing", "2026-04-13", D(2026, 4, 28)),  # ma 13-04 -> ma 27-04 Koningsdag -> di 28-04
    ("melding_beslissing", "2026-04-21", D(2026, 5, 6)),  # di 21-04 -> di 05-05 Bevrijdingsdag (5 mei) -> wo 06-05
    ("melding_beslissing", "2026-04-30", D(2026, 5, 18)),  # do 30-04 -> do 14-05 Hemelvaartsdag, vr 15-05 besluit -> ma 18-05
    ("melding_beslissing", "2026-05-11", D(2026, 5, 26)),  # ma 11-05 -> ma 25-05 2e Pinksterdag -> di 26-05
    ("melding_beslissing", "2026-05-09", D(2026, 5, 26)),  # za 09-05 -> za 23-05, zo 1e Pinksterdag, ma 2e Pinksterdag -> di 26-05
    ("melding_beslissing", "2026-12-11", D(2026, 12, 28)),  # vr 11-12 -> vr 25-12 1e Kerstdag, za 2e Kerstdag, zo -> ma 28-12
    ("melding_beslissing", "2026-12-12", D(2026, 12, 28)),  # za 12-12 -> za 26-12 2e Kerstdag, zo -> ma 28-12
    ("melding_beslissing", "2026-12-18", D(2027, 1, 4)),  # vr 18-12-2026 -> vr 01-01-2027 Nieuwjaarsdag, za, zo -> ma 04-01-2027
    ("melding_beslissing", "2027-03-12", D(2027, 3, 30)),  # vr 12-03 -> vr 26-03 Goede Vrijdag, za, zo, ma 29-03 2e Paasdag -> di 30-03
    ("melding_beslissing", "2027-03-15", D(2027, 3, 30)),  # ma 15-03 -> ma 29-03 2e Paasdag -> di 30-03
    ("melding_beslissing", "2027-04-13", D(2027, 4, 28)),  # di 13-04 -> di 27-04-2027 Koningsdag (dinsdag) -> wo 28-04
    ("melding_beslissing", "2027-04-21", D(2027, 5, 10)),  # wo 21-04 -> wo 05-05 Bevrijdingsdag, do 06-05 Hemelvaartsdag, vr 07-05 besluit -> ma 10-05
    ("melding_beslissing", "2027-04-22", D(2027, 5, 10)),  # do 22-04 -> do 06-05 Hemelvaartsdag, vr 07-05 besluit -> ma 10-05
    ("melding_beslissing", "2027-05-03", D(2027, 5, 18)),  # ma 03-05 -> ma 17-05 2e Pinksterdag -> di 18-05
    ("melding_beslissing", "2027-12-11", D(2027, 12, 27)),  # za 11-12 -> za 25-12 1e Kerstdag, zo 26-12 2e Kerstdag -> ma 27-12
    ("melding_beslissing", "2027-12-12", D(2027, 12, 27)),  # zo 12-12 -> zo 26-12 2e Kerstdag -> ma 27-12
    ("melding_beslissing", "2026-03-02T23:30:00+00:00", D(2026, 3, 17)),  # UTC ma 23:30 = lokaal di 03-03 00:30 -> di 17-03
    ("melding_beslissing", datetime(2026, 3, 2, 23, 30), D(2026, 3, 16)),  # naief = lokaal ma 02-03 23:30 -> ma 16-03
    # --- voortzetting_verzoek: 1 dag, alleen Atw art. 1 -------------------------------------------
    ("voortzetting_verzoek", "2023-04-20", D(2023, 4, 21)),  # do 20-04-2023 -> vr 21-04 (HR-casus), werkdag
    ("voortzetting_verzoek", "2026-04-24", D(2026, 4, 28)),  # vr 24-04 -> za 25, zo 26, ma 27 Koningsdag -> di 28-04
    ("voortzetting_verzoek", "2026-05-13", D(2026, 5, 18)),  # wo 13-05 -> do 14-05 Hemelvaartsdag, vr 15-05 besluit -> ma 18-05
    ("voortzetting_verzoek", "2026-12-31", D(2027, 1, 4)),  # do 31-12 -> vr 01-01-2027 Nieuwjaarsdag, za, zo -> ma 04-01
    ("voortzetting_verzoek", "2026-05-04", D(2026, 5, 6)),  # ma 04-05 -> di 05-05 Bevrijdingsdag -> wo 06-05
    # --- voortzetting_beslissing: 3 dagen, Atw art. 2 en 1 ----------------------------------------
    ("voortzetting_beslissing", "2023-04-21", D(2023, 4, 25)),  # HR 2023:1279: vr 21-04 -> ma 24-04 (1 werkdag) -> di 25-04
    ("voortzetting_beslissing", "2023-04-20", D(2023, 4, 24)),  # do 20-04 -> zo 23-04; alleen vr werkdag -> art. 2: ma 24-04
    ("voortzetting_beslissing", "2026-03-02", D(2026, 3, 5)),  # ma 02-03 -> do 05-03: 3 werkdagen, geen verlenging
    ("voortzetting_beslissing", "2026-03-04", D(2026, 3, 9)),  # wo 04-03 -> za 07-03; do+vr = 2 werkdagen; art. 1 -> ma 09-03
    ("voortzetting_beslissing", "2026-04-23", D(2026, 4, 28)),  # do 23-04 -> zo 26-04; vr 1 werkdag, ma 27 Koningsdag -> di 28-04
    ("voortzetting_beslissing", "2026-04-02", D(2026, 4, 8)),  # do 02-04 -> zo 05-04; vr Goede Vrijdag: 0 werkdagen; ma 2e Paasdag; di, wo -> wo 08-04
    ("voortzetting_beslissing", "2026-12-23", D(2026, 12, 28)),  # wo 23-12 -> za 26-12 2e Kerstdag; do 24 = 1, vr 1e Kerstdag; ma 28-12
    ("voortzetting_beslissing", "2027-12-23", D(2027, 12, 27)),  # do 23-12 -> zo 26-12; vr 24 = 1 (za/zo Kerstdagen) -> ma 27-12
    ("voortzetting_beslissing", "2027-05-05", D(2027, 5, 11)),  # wo 05-05 -> za 08-05; do Hemelvaartsdag, vr besluit: 0 -> ma, di 11-05
    ("voortzetting_beslissing", "2027-04-23", D(2027, 4, 28)),  # vr 23-04 -> ma 26-04 (1 werkdag); di 27 Koningsdag -> wo 28-04
    # --- cm_geldigheid: 3 dagen, conservatief zonder Atw ------------------------------------------
    ("cm_geldigheid", "2023-04-20", D(2023, 4, 23)),  # do 20-04-2023 -> zo 23-04: geen Atw (conservatieve lezing)
    ("cm_geldigheid", "2026-04-02", D(2026, 4, 5)),  # do 02-04 -> zo 05-04 1e Paasdag: blijft staan
    ("cm_geldigheid", "2026-04-24T15:00", D(2026, 4, 27)),  # vr 24-04 15:00 -> ma 27-04 Koningsdag: blijft staan
    # --- voortzetting_geldigheid: 3 weken, geen Atw ------------------------------------------------
    ("voortzetting_geldigheid", "2023-04-25", D(2023, 5, 16)),  # di 25-04-2023 -> di 16-05-2023 (HR-casus)
    ("voortzetting_geldigheid", "2026-12-04", D(2026, 12, 25)),  # vr 04-12 -> vr 25-12 1e Kerstdag: geen Atw
    # --- beroep_termijn: 3 weken, Atw ---------------------------------------------------------------
    ("beroep_termijn", "2026-04-06", D(2026, 4, 28)),  # ma 06-04 (2e Paasdag) -> ma 27-04 Koningsdag -> di 28-04
    ("beroep_termijn", "2026-12-04", D(2026, 12, 28)),  # vr 04-12 -> vr 25-12 1e Kerstdag, za 2e Kerstdag, zo -> ma 28-12
    ("beroep_termijn", "2026-04-23", D(2026, 5, 18)),  # do 23-04 -> do 14-05 Hemelvaartsdag, vr 15-05 besluit -> ma 18-05
    ("beroep_termijn", "2027-04-26", D(2027, 5, 18)),  # ma 26-04 -> ma 17-05 2e Pinksterdag -> di 18-05
    # --- wijkteam_advies: 5 werkdagen (lokaal beleid) --------------------------------------------
    ("wijkteam_advies", "2026-03-02", D(2026, 3, 9)),  # ma 02-03: di, wo, do, vr, ma 09-03
    ("wijkteam_advies", "2026-04-20", D(2026, 4, 28)),  # ma 20-04: di, wo, do, vr, (ma 27 Koningsdag) di 28-04
    ("wijkteam_advies", "2026-04-29", D(2026, 5, 7)),  # wo 29-04: do, vr, ma 04, (di 05 Bevrijdingsdag) wo 06, do 07-05
    ("wijkteam_advies", "2026-12-28", D(2027, 1, 5)),  # ma 28-12: di, wo, do 31, (vr 01-01 Nieuwjaarsdag) ma 04, di 05-01
    ("wijkteam_advies", "2026-04-25", D(2026, 5, 4)),  # za 25-04: (ma 27 Koningsdag) di 28, wo, do, vr 01-05, ma 04-05
    ("wijkteam_advies", "2027-03-25", D(2027, 4, 5)),  # do 25-03: (vr Goede Vrijdag, ma 2e Paasdag) di 30, wo, do, vr, ma 05-04
    # --- uurtermijnen: verstreken tijd, geen Atw ----------------------------------------------------
    ("tvz_totaal", "2026-03-28T22:00", "2026-03-29T17:00:00+02:00"),  # za 22:00 CET + 18u, zo 29-03 zomertijd in
    ("tvz_totaal", "2026-10-24T22:00", "2026-10-25T15:00:00+01:00"),  # za 22:00 CEST + 18u, zo 25-10 wintertijd in
    ("tvz_totaal", datetime(2026, 7, 1, 8, 0), "2026-07-02T02:00:00+02:00"),  # wo 01-07 08:00 (naief, zomer) + 18u
    ("tvz_na_onderzoek", "2026-03-28T20:00", "2026-03-29T09:00:00+02:00"),  # za 20:00 CET = 19:00Z + 12u = 07:00Z
    ("tvz_na_onderzoek", "2026-10-24T23:30:00+00:00", "2026-10-25T12:30:00+01:00"),  # zo 01:30 CEST + 12u over de wissel
    ("cm_advocaat", "2026-10-24T12:00", "2026-10-25T11:00:00+01:00"),  # za 12:00 CEST = 10:00Z + 24u = 11:00 CET
    ("cm_advocaat", "2026-03-28T12:00", "2026-03-29T13:00:00+02:00"),  # za 12:00 CET = 11:00Z + 24u = 13:00 CEST
    ("cm_tenuitvoerlegging", "2026-04-03T10:00", "2026-04-04T10:00:00+02:00"),  # vr Goede Vrijdag: uren, geen Atw
    ("cm_tenuitvoerlegging", "2026-12-24T23:30:00+00:00", "2026-12-26T00:30:00+01:00"),  # 25-12 00:30 CET + 24u
]


@pytest.mark.parametrize(("soort", "start", "verwacht"), TABEL)
def test_termijn(soort, start, verwacht):
    uitkomst = bereken(soort, start)
    if isinstance(verwacht, date):
        assert uitkomst.einddatum == verwacht
        einde_dag = datetime.combine(verwacht, time(23, 59, 59), tzinfo=AMSTERDAM)
        assert uitkomst.eindmoment.isoformat() == einde_dag.isoformat()
    else:
        assert uitkomst.einddatum is None
        assert uitkomst.ruwe_einddatum is None
        assert uitkomst.eindmoment.isoformat() == verwacht


def test_tabel_is_groot_genoeg():
    assert len(TABEL) >= 40


BRUGDAG = (D(2026, 5, 15),)  # vr na Hemelvaart, bij besluit gelijkgesteld (Atw art. 3 lid 3)
# These rows test the setting WVGGZ_EXTRA_FEESTDAGEN alone: the calendar is built without the shipped decrees.

INGESTELD = [
    ("melding_beslissing", "2026-04-30", BRUGDAG, 5, D(2026, 5, 18)),  # do 30-04 -> do 14-05 Hemelvaart, vr 15 brugdag -> ma 18-05
    ("wijkteam_advies", "2026-05-11", BRUGDAG, 5, D(2026, 5, 20)),  # ma 11-05: di, wo, (do Hemelvaart, vr brugdag) ma, di, wo 20-05
    ("wijkteam_advies", "2026-05-11", (), 5, D(2026, 5, 19)),  # ma 11-05: di, wo, (do Hemelvaart) vr 15, ma, di 19-05
    ("wijkteam_advies", "2026-04-20", (), 3, D(2026, 4, 23)),  # ma 20-04, 3 werkdagen: di, wo, do 23-04
    ("wijkteam_advies", "2026-04-23", (), 2, D(2026, 4, 28)),  # do 23-04, 2 werkdagen: vr 24, (ma Koningsdag) di 28-04
    ("voortzetting_beslissing", "2026-05-13", BRUGDAG, 5, D(2026, 5, 19)),  # wo 13-05 -> za 16; do, vr vrij: 0 -> ma, di 19-05
    ("voortzetting_beslissing", "2026-05-13", (), 5, D(2026, 5, 18)),  # wo 13-05 -> za 16; vr 15 = 1 werkdag -> ma 18-05
]


@pytest.mark.parametrize(("soort", "start", "extra", "wijkteam", "verwacht"), INGESTELD)
def test_termijn_met_instellingen(soort, start, extra, wijkteam, verwacht):
    kalender = AtwKalender(extra_feestdagen=extra, besluiten=False)
    regels = met_instellingen(wijkteam_advies_werkdagen=wijkteam)
    assert bereken(soort, start, kalender=kalender, regels=regels).einddatum == verwacht


TOELICHTING = [
    ("melding_beslissing", "2026-04-13",
     "14 dagen na 13-04-2026 = 27-04-2026; Koningsdag, verschoven naar 28-04-2026 (Atw art. 1)"),
    ("voortzetting_beslissing", "2023-04-21",
     "3 dagen na 21-04-2023 = 24-04-2023; de periode 22-04-2023 t/m 24-04-2023 bevat slechts 1 werkdag, "
     "verlengd tot 25-04-2023 (Atw art. 2: ten minste twee werkdagen)"),
    ("tvz_totaal", "2026-03-28T22:00",
     "18 uur na 28-03-2026 22:00 = 29-03-2026 17:00 (uren: Atw niet van toepassing; verstreken tijd, "
     "zomertijd meegerekend)"),
    ("voortzetting_verzoek", "2026-04-24",
     "1 dag na 24-04-2026 = 25-04-2026; zaterdag, verschoven naar 28-04-2026 (Atw art. 1; ook overgeslagen: "
     "Koningsdag 27-04-2026)"),
    ("wijkteam_advies", "2026-04-20",
     "5 werkdagen na 20-04-2026 = 28-04-2026 (werkdagen volgens de Atw-kalender; feestdag overgeslagen: "
     "Koningsdag 27-04-2026)"),
    ("voortzetting_geldigheid", "2023-04-25", "3 weken na 25-04-2023 = 16-05-2023; Atw niet van toepassing"),
]


@pytest.mark.parametrize(("soort", "start", "tekst"), TOELICHTING)
def test_toelichting(soort, start, tekst):
    assert bereken(soort, start).toelichting == tekst


def test_cm_geldigheid_noemt_conservatieve_lezing_en_atw_datum():
    # do 20-04-2023 + 3 = zo 23-04; met Atw: vr is de enige werkdag -> art. 2 -> ma 24-04-2023
    uitkomst = bereken("cm_geldigheid", "2023-04-20")
    assert uitkomst.einddatum == D(2023, 4, 23)
    assert uitkomst.atw_toegepast is False
    assert "conservatieve lezing" in uitkomst.toelichting
    assert "24-04-2023" in uitkomst.toelichting


@pytest.mark.parametrize(
    ("soort", "start", "ruw", "eind"),
    [
        ("melding_beslissing", "2026-04-13", D(2026, 4, 27), D(2026, 4, 28)),  # ma 27-04 Koningsdag
        ("voortzetting_beslissing", "2023-04-21", D(2023, 4, 24), D(2023, 4, 25)),  # ma, art. 2
        ("voortzetting_geldigheid", "2026-12-04", D(2026, 12, 25), D(2026, 12, 25)),  # geen Atw
    ],
)
def test_ruwe_einddatum(soort, start, ruw, eind):
    uitkomst = bereken(soort, start)
    assert (uitkomst.ruwe_einddatum, uitkomst.einddatum) == (ruw, eind)
