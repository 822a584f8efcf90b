"""OVP figures for a period: local days and hours (around midnight), outcome shares, medians, and a CSV
without names."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

import pytest

from wvggz.clock import TZ
from wvggz.errors import Forbidden, MissingField
from wvggz.personen.schemas import PersoonIn
from wvggz.triage import service
from wvggz.triage.schemas import TriageCreate
from wvggz.triage.soort import TRIAGE_ZAAK
from wvggz.zaken import pijplijn

# (arrival local time, minutes to outcome, outcome, minutes to departure or None)
TRIAGES = [
    ("2026-04-11T22:15", 60, "naar_huis_zonder_vervolg", 90),   # Saturday evening
    ("2026-04-11T23:45", 30, "vrijwillige_opname_ggz", 45),     # Saturday, 21:45 UTC
    ("2026-04-12T00:10", 120, "vrijwillige_opname_ggz", 150),   # Sunday just after midnight (still 11-04 in UTC)
    ("2026-04-12T14:00", 0, "onttrokken", 0),                   # absconded at once: zero minutes, not empty
    ("2026-04-13T08:00", None, None, None),                     # Monday, still present without outcome
]


@pytest.fixture
def gevuld(session, clock, gebruikers, settings):
    ovp = gebruikers["ovp"][0]
    for tijd, tot_uitkomst, uitkomst, tot_vertrek in TRIAGES:
        aankomst = datetime.fromisoformat(tijd).replace(tzinfo=TZ)
        clock.set(aankomst)
        t = service.registreer(session=session, clock=clock, actor=ovp, settings=settings, data=TriageCreate(
            gebracht_door="politie" if tot_uitkomst != 0 else "zelf", persoon=PersoonIn(achternaam="Geheimnaam")))
        if uitkomst:
            clock.advance(minutes=tot_uitkomst)
            t = pijplijn.voer_actie_uit(session=session, clock=clock, actor=ovp, soort=TRIAGE_ZAAK, zaak_id=t.id, versie=t.versie,
                                       actie="leg_uitkomst_vast", settings=settings,
                                       velden={"uitkomst": uitkomst, "reden_zonder_screening": "Testgeval"})
            clock.set(aankomst)
            clock.advance(minutes=tot_vertrek)
            pijplijn.voer_actie_uit(session=session, clock=clock, actor=ovp, soort=TRIAGE_ZAAK, zaak_id=t.id, versie=t.versie,
                                   actie="vertrek", settings=settings, velden={"vertrokken_op": clock.now()})
    clock.set(datetime(2026, 4, 13, 9, 0, tzinfo=TZ))
    return ovp


def test_cijfers_per_lokale_dag_en_uur(session, gevuld):
    c = service.cijfers(session=session, actor=gevuld, van=date(2026, 4, 11), tot=date(2026, 4, 13))
    assert c["aantal"] == 5
    assert c["per_dag"] == {"2026-04-11": 2, "2026-04-12": 2, "2026-04-13": 1}
    assert {u: n for u, n in c["per_uur"].items() if n} == {"0": 1, "8": 1, "14": 1, "22": 1, "23": 1}
    assert len(c["per_uur"]) == 24
    assert c["per_gebracht_door"] == {"politie": 4, "ambulance": 0, "zelf": 1, "anders": 0}
    aandelen = {u["code"]: (u["aantal"], u["aandeel"]) for u in c["uitkomsten"] if u["aantal"]}
    assert aandelen == {"naar_huis_zonder_vervolg": (1, 0.25), "vrijwillige_opname_ggz": (2, 0.5),
                        "onttrokken": (1, 0.25)}
    assert c["mediaan_minuten_tot_uitkomst"] == 45.0  # median of 0, 30, 60, 120
    assert c["mediaan_minuten_verblijf"] == 67.5  # median of 0, 45, 90, 150
    assert c["zonder_uitkomst"] == 1


def test_periode_grenzen_in_lokale_tijd(session, gevuld):
    zondag = service.cijfers(session=session, actor=gevuld, van=date(2026, 4, 12), tot=date(2026, 4, 12))
    assert zondag["aantal"] == 2 and zondag["per_dag"] == {"2026-04-12": 2}
    leeg = service.cijfers(session=session, actor=gevuld, van=date(2025, 1, 1), tot=date(2025, 1, 2))
    assert leeg["aantal"] == 0 and leeg["mediaan_minuten_tot_uitkomst"] is None
    assert all(u["aandeel"] == 0.0 for u in leeg["uitkomsten"])


def test_csv_zonder_namen(session, gevuld):
    tekst = service.csv_export(session=session, actor=gevuld, van=date(2026, 4, 11), tot=date(2026, 4, 13))
    assert "Geheimnaam" not in tekst
    rijen = list(csv.DictReader(io.StringIO(tekst.removeprefix("\ufeff")), delimiter=";"))
    assert len(rijen) == 5
    assert list(rijen[0]) == ["Triage (nummer)", "Zaaknummer", "Aangekomen op", "Gebracht door",
                              "Verdacht van strafbaar feit", "Somatische screening", "Psychiatrische screening",
                              "Uitkomst", "Uitkomst op", "Vertrokken op", "Minuten tot uitkomst", "Minuten verblijf",
                              "Persoon bekend", "Melding (nummer)", "Crisismaatregel (nummer)"]
    assert tekst.startswith("\ufeff")  # the BOM: Excel reads UTF-8
    assert rijen[0]["Aangekomen op"] == "2026-04-11 22:15"  # local time, a date-time to Excel
    assert (rijen[0]["Minuten tot uitkomst"], rijen[0]["Minuten verblijf"]) == ("60", "90")
    assert (rijen[3]["Uitkomst"], rijen[3]["Minuten tot uitkomst"], rijen[3]["Minuten verblijf"]) == (
        "onttrokken", "0", "0")
    assert (rijen[4]["Uitkomst"], rijen[4]["Minuten verblijf"], rijen[4]["Persoon bekend"]) == ("", "", "ja")


def test_ongeldige_periode_en_rechten(session, gevuld, gebruikers):
    with pytest.raises(MissingField) as fout:
        service.cijfers(session=session, actor=gevuld, van=date(2026, 4, 13), tot=date(2026, 4, 12))
    assert fout.value.veld == "tot"
    with pytest.raises(MissingField):
        service.csv_export(session=session, actor=gevuld, van=date(2020, 1, 1), tot=date(2026, 1, 1))
    with pytest.raises(Forbidden):
        service.cijfers(session=session, actor=gebruikers["intake"][0], van=date(2026, 4, 1), tot=date(2026, 4, 2))
    pl = service.cijfers(session=session, actor=gebruikers["pl"][0], van=date(2026, 4, 11), tot=date(2026, 4, 13))
    assert pl["aantal"] == 5
