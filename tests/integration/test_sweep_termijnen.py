"""The other ladders: wijkteam_advies (a local term that may be extended with a reason, across
Koningsdag and 5 mei) and the hour terms of the crisismaatregel (75% and the end, to the burgemeester)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlmodel import select

from notifications.outbox import Bericht
from tests.factories.sweep import actie, lokaal, loop_tot, registreer
from wvggz.audit.models import Historie
from wvggz.clock import TZ
from wvggz.errors import ConflictError, MissingField
from wvggz.escalaties.models import Escalatie
from wvggz.escalaties.service import verleng_termijn
from wvggz.termijnen.models import Termijn
from wvggz.termijnen.service import open_termijn


def wijkteam(factory, clock, gebruikers, settings) -> tuple[int, int]:
    """A melding of 13-04 whose advice is asked on Tuesday 21-04 10:00; returns (melding id, termijn id)."""
    mid = registreer(factory, clock, gebruikers, settings)
    clock.set(datetime(2026, 4, 21, 10, 0))
    actie(factory, clock, gebruikers, settings, mid, "vraag_wijkteam_advies", wijkteam_contact="Wijkteam Escamp")
    with factory() as s:
        t = s.exec(select(Termijn).where(Termijn.soort == "wijkteam_advies")).one()
    return mid, t.id


def van_soort(gevuurd, soort="wijkteam_advies"):
    return [(wanneer, f["trede"]) for wanneer, f in gevuurd if f["soort"] == soort]


def verleng(factory, clock, gebruikers, termijn_id, wie="intake", **over):
    with factory() as s:
        t = s.get(Termijn, termijn_id)
        args = {"versie": t.versie, "werkdagen": 3, "reden": "Wijkteam wacht op huisbezoek"} | over
        return verleng_termijn(session=s, clock=clock, actor=s.merge(gebruikers[wie][0]), termijn_id=termijn_id,
                               settings=None, **args)


def test_wijkteam_ladder_over_koningsdag(factory, clock, gebruikers, settings):
    wijkteam(factory, clock, gebruikers, settings)
    gevuurd = loop_tot(clock, factory, settings, lokaal(2026, 5, 1, 12))
    # 5 werkdagen na di 21-04: 22, 23, 24, (ma 27-04 Koningsdag), 28, 29 -> wo 29-04 23:59:59
    assert van_soort(gevuurd) == [("30-04 00:00", "herinnering"), ("30-04 08:00", "escalatie")]
    with factory() as s:
        soorten = [(b.soort, b.ontvanger_rol, b.ontvanger_gebruiker_id) for b in s.exec(
            select(Bericht).where(Bericht.gegevens["termijn"].as_string() == "wijkteam_advies").order_by(Bericht.id))]
    intake = gebruikers["intake"][0].id
    # the wijkteam has no account: its reminder goes to the behandelaar, who chases the contact
    assert soorten == [("herinnering", "behandelaar", intake), ("escalatie", "behandelaar", intake)]


def test_verlenging_verschuift_de_treden_over_5_mei(factory, clock, gebruikers, settings):
    mid, tid = wijkteam(factory, clock, gebruikers, settings)
    clock.set(datetime(2026, 4, 24, 11, 0))
    uit = verleng(factory, clock, gebruikers, tid)
    assert uit["einddatum"].isoformat() == "2026-05-04" and uit["versie"] == 2  # 30-04, 01-05, 04-05
    assert uit["volgende_trede_op"].astimezone(TZ) == lokaal(2026, 5, 4, 23, 59, 59)
    assert "verlengd met 3 werkdagen tot 04-05-2026" in uit["toelichting"]
    assert uit["verlenging_reden"] == "Wijkteam wacht op huisbezoek"
    gevuurd = loop_tot(clock, factory, settings, lokaal(2026, 5, 7, 12))
    # 5 mei (Bevrijdingsdag) is an Atw holiday: the escalation moves to wednesday 06-05 08:00
    assert van_soort(gevuurd) == [("05-05 00:00", "herinnering"), ("06-05 08:00", "escalatie")]
    with factory() as s:
        [h] = s.exec(select(Historie).where(Historie.actie == "termijn_verlengd")).all()
        assert h.zaak_id == mid and h.door == "Intake" and h.reden.endswith("Wijkteam wacht op huisbezoek")


def test_verlenging_na_de_herinnering_vuurt_die_niet_opnieuw(factory, clock, gebruikers, settings):
    _mid, tid = wijkteam(factory, clock, gebruikers, settings)
    gevuurd = loop_tot(clock, factory, settings, lokaal(2026, 4, 30, 1))
    assert van_soort(gevuurd) == [("30-04 00:00", "herinnering")]
    verleng(factory, clock, gebruikers, tid, werkdagen=2)  # 29-04 -> 01-05 (vr)
    gevuurd = loop_tot(clock, factory, settings, lokaal(2026, 5, 6, 12))
    assert van_soort(gevuurd) == [("04-05 08:00", "escalatie")]  # each rung at most once per term


def test_wettelijke_termijn_kan_niet_verlengd_worden_en_foute_invoer_verandert_niets(factory, clock, gebruikers,
                                                                                      settings):
    mid, tid = wijkteam(factory, clock, gebruikers, settings)
    with factory() as s:
        wettelijk = s.exec(select(Termijn).where(Termijn.soort == "melding_beslissing")).one()
    with pytest.raises(ConflictError, match="wettelijk"):
        verleng(factory, clock, gebruikers, wettelijk.id)
    with pytest.raises(MissingField) as exc:
        verleng(factory, clock, gebruikers, tid, reden="  ")
    assert exc.value.veld == "reden"
    with pytest.raises(MissingField) as exc:
        verleng(factory, clock, gebruikers, tid, werkdagen=0)
    assert exc.value.veld == "werkdagen"
    with pytest.raises(ConflictError, match="gewijzigd"):
        verleng(factory, clock, gebruikers, tid, versie=7)
    with factory() as s:
        for t in s.exec(select(Termijn)):
            assert t.versie == 1 and t.verlenging_reden is None
        assert s.exec(select(Historie).where(Historie.actie == "termijn_verlengd")).all() == []


def test_uurtermijn_waarschuwt_de_burgemeester_op_75_procent_en_aan_het_eind(factory, clock, gebruikers, settings):
    clock.set(datetime(2026, 3, 28, 22, 0))  # the night the clocks go forward
    with factory() as s:
        open_termijn(s, soort="tvz_totaal", zaak_type="crisismaatregel", zaak_id=41, start=clock.now(),
                     settings=settings)
        s.commit()
    gevuurd = loop_tot(clock, factory, settings, lokaal(2026, 3, 30, 12), stap=timedelta(minutes=30))
    # 18 h of elapsed time: ends 29-03 17:00 CEST; three quarters (13 h 30) is 12:30 CEST
    assert van_soort(gevuurd, "tvz_totaal") == [("29-03 12:30", "waarschuwing"), ("29-03 17:00", "alert")]
    with factory() as s:
        berichten = s.exec(select(Bericht).order_by(Bericht.id)).all()
        assert {(b.soort, b.ontvanger_rol, b.ontvanger_gebruiker_id) for b in berichten} == {
            ("waarschuwing", "burgemeester", gebruikers["bm"][0].id), ("alert", "burgemeester", gebruikers["bm"][0].id)}
        assert berichten[0].gegevens["pad"] == "/crisismaatregelen/41" and berichten[0].gegevens["einddatum"] is None
        assert [e.trede for e in s.exec(select(Escalatie))] == ["waarschuwing", "alert"]  # no hook: no 'verlopen'
