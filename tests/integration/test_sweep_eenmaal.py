"""Exactly once: two sweeps at the same time, a sweep that crashed halfway and runs again, a bad item
among good ones, and the lapse hook: every (termijn, trede) fires once, every message is placed once."""

from __future__ import annotations

import logging
import threading
from collections import Counter
from datetime import datetime

import pytest
from sqlalchemy.exc import IntegrityError
from sqlmodel import func, select

from notifications.outbox import Bericht
from tests.factories.sweep import registreer
from wvggz.audit.models import Historie
from wvggz.clock import FixedClock
from wvggz.escalaties import verlopen, vuur, zaken
from wvggz.escalaties.melding_verlopen import naaste_route
from wvggz.escalaties.models import Escalatie
from wvggz.escalaties.sweep import sweep, voer_uit
from wvggz.taken.models import Taak
from wvggz.termijnen.models import Termijn
from wvggz.termijnen.service import open_termijn, sluit_termijn

NA_VERLOOP = datetime(2026, 4, 29, 10, 0)  # every step of a melding of 13-04-2026 is due
# caught up at once, only the highest rung (escalatie) and the lapse check fire: two steps, one message
STAPPEN = 2


def tellingen(factory) -> dict[str, int]:
    with factory() as s:
        return {
            "escalaties": s.exec(select(func.count()).select_from(Escalatie)).one(),
            "uniek": len(set(s.exec(select(Escalatie.termijn_id, Escalatie.trede)).all())),
            "berichten": s.exec(select(func.count()).select_from(Bericht).where(Bericht.kanaal == "inbox")).one(),
            "taken": s.exec(select(func.count()).select_from(Taak)).one(),
        }


def test_twee_sweeps_tegelijk_vuren_elke_trede_eenmaal(factory, clock, gebruikers, settings):
    for _ in range(30):
        registreer(factory, clock, gebruikers, settings)
    start = threading.Barrier(2)
    resultaten: list[list[dict]] = []

    def draai():
        klok = FixedClock(NA_VERLOOP)
        start.wait()
        resultaten.append(sweep(session_factory=factory, clock=klok, settings=settings, batch=5))

    threads = [threading.Thread(target=draai) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    samen = [(f["termijn_id"], f["trede"]) for r in resultaten for f in r]
    assert len(samen) == len(set(samen)) == 30 * STAPPEN
    assert tellingen(factory) == {"escalaties": 60, "uniek": 60, "berichten": 30, "taken": 30}


def test_sweep_die_halverwege_crasht_stuurt_bij_herhaling_niets_dubbel(factory, clock, gebruikers, settings,
                                                                       monkeypatch):
    for _ in range(5):
        registreer(factory, clock, gebruikers, settings)
    clock.set(NA_VERLOOP)
    echte_plaats, aanroepen = vuur.plaats, []

    def plaats_dan_crash(*args, **kwargs):
        aanroepen.append(1)
        if len(aanroepen) == 3:  # third term, its message: the process dies
            raise SystemExit("kill -9")
        return echte_plaats(*args, **kwargs)

    monkeypatch.setattr(vuur, "plaats", plaats_dan_crash)
    with pytest.raises(SystemExit):
        sweep(session_factory=factory, clock=clock, settings=settings, batch=2)
    assert tellingen(factory) == {"escalaties": 4, "uniek": 4, "berichten": 2, "taken": 2}  # batch 1 committed
    monkeypatch.setattr(vuur, "plaats", echte_plaats)
    opnieuw = sweep(session_factory=factory, clock=clock, settings=settings, batch=2)
    assert len(opnieuw) == 3 * STAPPEN  # the three terms not yet committed
    assert tellingen(factory) == {"escalaties": 10, "uniek": 10, "berichten": 5, "taken": 5}
    with factory() as s:
        sleutels = Counter(s.exec(select(Bericht.dedup_sleutel)).all())
    assert max(sleutels.values()) == 1


def test_een_fout_item_stopt_de_sweep_niet_en_komt_later_aan_de_beurt(factory, clock, gebruikers, settings,
                                                                      monkeypatch, caplog):
    ids = [registreer(factory, clock, gebruikers, settings) for _ in range(3)]
    clock.set(NA_VERLOOP)
    echte = zaken.zaakinfo

    def stuk(session, zaak_type, zaak_id, gemeente):
        if zaak_id == ids[1]:
            raise RuntimeError("kapotte zaak")
        return echte(session, zaak_type, zaak_id, gemeente)

    monkeypatch.setattr("wvggz.escalaties.sweep.zaakinfo", stuk)
    with caplog.at_level(logging.ERROR, logger="wvggz.sweep"):
        uitslag = voer_uit(session_factory=factory, clock=clock, settings=settings)
    assert {f["zaak_id"] for f in uitslag.gevuurd} == {ids[0], ids[2]}
    with factory() as s:
        kapot = s.exec(select(Termijn).where(Termijn.zaak_id == ids[1])).one()
        assert uitslag.mislukt == [kapot.id] and kapot.volgende_trede_op is not None  # untouched, still due
        assert s.exec(select(Escalatie).where(Escalatie.zaak_id == ids[1])).all() == []
    assert "sweep mislukt" in caplog.text and "kapotte zaak" in caplog.text
    monkeypatch.setattr("wvggz.escalaties.sweep.zaakinfo", echte)
    assert {f["zaak_id"] for f in sweep(session_factory=factory, clock=clock, settings=settings)} == {ids[1]}
    assert tellingen(factory)["escalaties"] == 3 * STAPPEN


def test_unieke_sleutel_in_de_database(factory, clock, gebruikers, settings):
    registreer(factory, clock, gebruikers, settings)
    clock.set(NA_VERLOOP)
    sweep(session_factory=factory, clock=clock, settings=settings)
    with factory() as s:
        e = s.exec(select(Escalatie).where(Escalatie.trede == "escalatie")).one()
        s.add(Escalatie(**e.model_dump(exclude={"id", "versie"})))
        with pytest.raises(IntegrityError):
            s.flush()


def test_verloop_hook_eenmaal_en_een_fout_rolt_alles_van_die_termijn_terug(factory, clock, settings, monkeypatch):
    """A term without a case model (tvz before a crisismaatregel exists): the generic hook path."""
    aanroepen: list[int] = []

    def hook(session, klok, termijn):
        aanroepen.append(termijn.id)
        if len(aanroepen) == 1:
            raise RuntimeError("eerste keer mis")
        sluit_termijn(termijn, op=klok.now())
        return "maatregel vervallen (test)"

    monkeypatch.setitem(verlopen.BIJ_VERLOPEN, "tvz_totaal", hook)
    with factory() as s:
        t = open_termijn(s, soort="tvz_totaal", zaak_type="proef", zaak_id=7, start=clock.now(), settings=settings)
        s.commit()
    clock.advance(hours=19)
    eerste = voer_uit(session_factory=factory, clock=clock, settings=settings)
    assert eerste.mislukt == [t.id] and eerste.gevuurd == []  # rungs rolled back with the failed hook
    tweede = sweep(session_factory=factory, clock=clock, settings=settings)
    assert [f["trede"] for f in tweede] == ["alert", "verlopen"]  # the overtaken waarschuwing is not sent
    assert tweede[0]["overgeslagen"] == ["waarschuwing"]
    assert tweede[-1]["uitkomst"] == "maatregel vervallen (test)"
    clock.advance(days=2)
    assert sweep(session_factory=factory, clock=clock, settings=settings) == []
    assert aanroepen == [t.id, t.id]
    with factory() as s:
        termijn = s.get(Termijn, t.id)
        assert termijn.status == "gesloten" and termijn.volgende_trede_op is None
        [h] = s.exec(select(Historie).where(Historie.actie == "termijn_verstreken")).all()
        assert h.zaak_type == "proef" and h.reden.endswith("maatregel vervallen (test)") and h.door == "systeem"


def test_register_van_verloop_handlers(monkeypatch):
    handlers = verlopen.laad_handlers()
    assert handlers["melding_beslissing"] is naaste_route
    # issue 4 registers the crisismaatregel and beroep lapses (vervallen, termijn_verstreken)
    assert {"cm_geldigheid", "voortzetting_geldigheid", "beroep_termijn"} <= set(handlers)
    assert verlopen.handler_voor("wijkteam_advies") is None
    with pytest.raises(ValueError, match="al een handler"):
        verlopen.bij_verlopen("melding_beslissing")(lambda s, c, t: None)
    monkeypatch.setattr(verlopen, "_geladen", False)
    monkeypatch.setattr(verlopen, "HANDLER_MODULES", [*verlopen.HANDLER_MODULES, "wvggz.escalaties.bestaat_niet"])
    with pytest.raises(ModuleNotFoundError):  # a missing module stops the sweep loudly, never silently
        verlopen.handler_voor("melding_beslissing")
    assert verlopen._geladen is False  # and is tried again by the next sweep
