"""A melding from registration to lapse, driven by a FixedClock: each rung fires once, on the right day
(Koningsdag included), to the right people; nothing fires twice; a decision stops the ladder; after downtime
only the highest due rung is caught up, marked late; the digest repeats until acknowledged or decided."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

from sqlmodel import select

from tests.factories.sweep import actie, berichten, lokaal, loop_tot, registreer
from wvggz.audit.models import Historie
from wvggz.clock import TZ
from wvggz.escalaties.dagoverzicht import dagoverzicht
from wvggz.escalaties.models import Escalatie
from wvggz.escalaties.service import bevestig
from wvggz.escalaties.sweep import sweep
from wvggz.taken.models import Taak
from wvggz.termijnen.models import Termijn


def test_ladder_van_de_melding_vuurt_elke_trede_eenmaal_op_de_juiste_dag(factory, clock, gebruikers, settings):
    mid = registreer(factory, clock, gebruikers, settings)  # ma 13-04-2026 09:00, melder is ouder (naaste)
    gevuurd = loop_tot(clock, factory, settings, lokaal(2026, 5, 2, 12))
    assert [(wanneer, f["trede"], f["te_laat"]) for wanneer, f in gevuurd] == [
        ("20-04 08:00", "herinnering", False),  # dag 7, 08:00
        ("23-04 08:00", "waarschuwing", False),  # 2 werkdagen voor 28-04: ma 27-04 Koningsdag telt niet
        ("28-04 08:00", "alert", False),  # de laatste dag (27-04 Koningsdag -> 28-04, Atw art. 1)
        ("29-04 00:00", "escalatie", False),  # termijn eindigt 28-04 23:59:59; eerste sweep daarna
        ("29-04 00:00", "verlopen", False),  # verloop-hook: naaste-route
    ]
    assert {f["referentie"] for _, f in gevuurd} == {f"M-2026-{mid:06d}"}
    assert sweep(session_factory=factory, clock=clock, settings=settings) == []  # again: nothing
    with factory() as s:
        rijen = s.exec(select(Escalatie).order_by(Escalatie.id)).all()
        assert [(r.trede, r.gepland_op.astimezone(TZ).strftime("%d-%m %H:%M:%S")) for r in rijen] == [
            ("herinnering", "20-04 08:00:00"), ("waarschuwing", "23-04 08:00:00"), ("alert", "28-04 08:00:00"),
            ("escalatie", "28-04 23:59:59"), ("verlopen", "29-04 00:00:00")]
        termijn = s.get(Termijn, rijen[0].termijn_id)
        assert termijn.status == "lopend" and termijn.volgende_trede_op is None
        assert termijn.versie == 1  # the sweep's bookkeeping never causes a 409 for a user
        intake, pl = gebruikers["intake"][0].id, gebruikers["pl"][0].id
        assert [(b.soort, b.ontvanger_rol, b.ontvanger_gebruiker_id) for b in berichten(s)] == [
            ("herinnering", "behandelaar", intake), ("waarschuwing", "projectleider", pl),
            ("alert", "projectleider", pl), ("escalatie", "projectleider", pl)]
        acties = [h.actie for h in s.exec(select(Historie).where(Historie.zaak_id == mid).order_by(Historie.id))]
        assert acties[-5:] == ["herinnering_verstuurd", "waarschuwing_verstuurd", "alert_verstuurd",
                               "escalatie_verstuurd", "termijn_verstreken"]
        [taak] = s.exec(select(Taak).where(Taak.zaak_id == mid)).all()
        assert taak.soort == "naaste_route" and taak.ontvanger_rol == "behandelaar"
        assert "art. 5:2 lid 5" in taak.omschrijving and taak.termijn_id == termijn.id


def test_bericht_bevat_alleen_referentie_en_link(factory, clock, gebruikers, settings):
    mid = registreer(factory, clock, gebruikers, settings)
    loop_tot(clock, factory, settings, lokaal(2026, 4, 20, 9))
    with factory() as s:
        [b] = berichten(s, "herinnering")
    assert b.gegevens["referentie"] == f"M-2026-{mid:06d}" and b.gegevens["pad"] == f"/meldingen/{mid}"
    assert b.gegevens["einddatum"] == "28-04-2026" and b.gegevens["te_laat"] is False
    tekst = repr(b.gegevens)
    for verboden in ("Jan", "Vries", "Marja", "Pieters", "Verward", "1971"):
        assert verboden not in tekst


def test_besluit_sluit_de_termijn_en_stopt_de_ladder(factory, clock, gebruikers, settings):
    mid = registreer(factory, clock, gebruikers, settings)
    gevuurd = loop_tot(clock, factory, settings, lokaal(2026, 4, 21, 10))
    assert [f["trede"] for _, f in gevuurd] == ["herinnering"]
    actie(factory, clock, gebruikers, settings, mid, "besluit_geen_aanvraag", reden_code="vrijwillige_zorg",
          reden="FACT betrokken", medische_expertise="SPV", gesprek_met_betrokkene=True)
    assert loop_tot(clock, factory, settings, lokaal(2026, 5, 6, 12), stap=timedelta(hours=6)) == []
    with factory() as s:
        assert [e.trede for e in s.exec(select(Escalatie))] == ["herinnering"]
        assert s.exec(select(Taak).where(Taak.soort == "naaste_route")).all() == []


def test_zonder_behandelaar_gaat_de_herinnering_naar_de_intake_van_de_gemeente(factory, clock, gebruikers, settings):
    registreer(factory, clock, gebruikers, settings, behandelaar=None)
    loop_tot(clock, factory, settings, lokaal(2026, 4, 20, 8), stap=timedelta(hours=23))
    with factory() as s:
        ontvangers = {(b.ontvanger_rol, b.ontvanger_gebruiker_id) for b in berichten(s, "herinnering")}
        [esc] = s.exec(select(Escalatie)).all()
    # intake and intake2 of Den Haag; not the intake user of Rijswijk, not the projectleider
    assert ontvangers == {("intake", gebruikers["intake"][0].id), ("intake", gebruikers["intake2"][0].id)}
    assert esc.aantal_berichten == 2


def test_melder_geen_naaste_geen_taak(factory, clock, gebruikers, settings):
    mid = registreer(factory, clock, gebruikers, settings, melder={"achternaam": "Buur", "relatie": "buur"})
    gevuurd = loop_tot(clock, factory, settings, lokaal(2026, 4, 29, 1), stap=timedelta(hours=12))
    assert gevuurd[-1][1]["trede"] == "verlopen" and "geen naaste" in gevuurd[-1][1]["uitkomst"]
    with factory() as s:
        assert s.exec(select(Taak).where(Taak.zaak_id == mid)).all() == []


def test_na_uitval_vuurt_alleen_de_hoogste_trede_en_zegt_welke_zijn_overgeslagen(factory, clock, gebruikers,
                                                                                  settings):
    registreer(factory, clock, gebruikers, settings)
    clock.set(datetime(2026, 4, 29, 10, 0))  # the scheduler was down for 16 days
    gevuurd = sweep(session_factory=factory, clock=clock, settings=settings)
    assert [(f["trede"], f["te_laat"]) for f in gevuurd] == [("escalatie", True), ("verlopen", True)]
    assert gevuurd[0]["overgeslagen"] == ["herinnering", "waarschuwing", "alert"]
    assert sweep(session_factory=factory, clock=clock, settings=settings) == []
    clock.advance(days=3)
    assert sweep(session_factory=factory, clock=clock, settings=settings) == []
    with factory() as s:
        assert Counter(b.soort for b in berichten(s)) == {"escalatie": 1}  # no stale "dag 7" reminder
        assert [e.trede for e in s.exec(select(Escalatie).order_by(Escalatie.id))] == ["escalatie", "verlopen"]
        assert all(e.te_laat for e in s.exec(select(Escalatie)))
        redenen = [h.reden for h in s.exec(select(Historie).where(Historie.actie == "escalatie_verstuurd"))]
        assert len(redenen) == 1 and "te laat verstuurd" in redenen[0]
        assert "niet meer verstuurd (ingehaald door deze trede): herinnering, waarschuwing, alert" in redenen[0]
        assert not s.exec(select(Historie).where(Historie.actie == "herinnering_verstuurd")).all()


def test_halverwege_inhalen_vuurt_de_hoogste_en_daarna_de_ladder_gewoon_verder(factory, clock, gebruikers,
                                                                              settings):
    registreer(factory, clock, gebruikers, settings)
    clock.set(datetime(2026, 4, 24, 10, 0))  # down from 13-04: herinnering (20-04) and waarschuwing (23-04) due
    assert [(f["trede"], f["overgeslagen"]) for f in sweep(session_factory=factory, clock=clock,
                                                           settings=settings)] == [("waarschuwing", ["herinnering"])]
    gevuurd = loop_tot(clock, factory, settings, lokaal(2026, 4, 29, 1))
    assert [f["trede"] for _, f in gevuurd] == ["alert", "escalatie", "verlopen"]
    assert all(f.get("overgeslagen", []) == [] for _, f in gevuurd)


def test_dagoverzicht_herhaalt_tot_bevestigd_en_eenmaal_per_dag(factory, clock, gebruikers, settings):
    mid = registreer(factory, clock, gebruikers, settings)
    clock.set(datetime(2026, 4, 29, 7, 59))
    sweep(session_factory=factory, clock=clock, settings=settings)
    assert dagoverzicht(session_factory=factory, clock=clock, settings=settings) == []  # before 08:00
    clock.set(datetime(2026, 4, 29, 8, 0))
    pl = gebruikers["pl"][0].id
    assert dagoverzicht(session_factory=factory, clock=clock, settings=settings) == [
        {"gebruiker_id": pl, "datum": "2026-04-29", "aantal": 1}]
    clock.advance(hours=3)  # a restarted scheduler runs it again the same day: nothing new
    assert dagoverzicht(session_factory=factory, clock=clock, settings=settings) == []
    clock.set(datetime(2026, 4, 30, 8, 0))
    assert len(dagoverzicht(session_factory=factory, clock=clock, settings=settings)) == 1
    with factory() as s:
        [d1, d2] = berichten(s, "dagoverzicht")
        assert d1.ontvanger_gebruiker_id == pl and d1.dedup_sleutel == f"dagoverzicht:{pl}:2026-04-29"
        assert d2.gegevens["items"] == [{"escalatie_id": d2.gegevens["items"][0]["escalatie_id"],
                                         "referentie": f"M-2026-{mid:06d}", "pad": f"/meldingen/{mid}",
                                         "termijn": "melding_beslissing", "einddatum": "28-04-2026",
                                         "dagen_verlopen": 2}]
        esc = s.exec(select(Escalatie).where(Escalatie.trede == "escalatie")).one()
        bevestig(session=s, clock=clock, actor=s.merge(gebruikers["pl"][0]), escalatie_id=esc.id, versie=esc.versie)
    clock.set(datetime(2026, 5, 1, 8, 0))
    assert dagoverzicht(session_factory=factory, clock=clock, settings=settings) == []


def test_dagoverzicht_stopt_als_de_zaak_besloten_is(factory, clock, gebruikers, settings):
    mid = registreer(factory, clock, gebruikers, settings)
    clock.set(datetime(2026, 4, 29, 8, 0))
    sweep(session_factory=factory, clock=clock, settings=settings)
    assert len(dagoverzicht(session_factory=factory, clock=clock, settings=settings)) == 1
    actie(factory, clock, gebruikers, settings, mid, "dien_aanvraag_in", medische_expertise="SPV",
          gesprek_met_betrokkene=True)
    clock.set(datetime(2026, 4, 30, 8, 0))
    assert dagoverzicht(session_factory=factory, clock=clock, settings=settings) == []
