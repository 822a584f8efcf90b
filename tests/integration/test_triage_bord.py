"""The OVP board through the service: who is present, order, open step, warnings (configurable stay,
running crisismaatregel clock), names only for OVP staff with one access row per person shown, and
optimistic locking when two desks act on the same triage."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlmodel import select

from wvggz.audit.models import Toegang
from wvggz.clock import TZ
from wvggz.errors import ConflictError, Forbidden
from wvggz.meldingen.models import Melding
from wvggz.personen.schemas import PersoonIn
from wvggz.triage import service
from wvggz.triage.models import Triage
from wvggz.triage.schemas import TriageCreate
from wvggz.triage.soort import TRIAGE_ZAAK
from wvggz.zaken import pijplijn

SCREENING = {"door": "SPV", "bevindingen": "Geen bijzonderheden"}


def aankomst(session, clock, actor, settings, tijd: str, achternaam: str | None = "Appel"):
    data = TriageCreate(aangekomen_op=datetime.fromisoformat(tijd), gebracht_door="politie",
                        persoon=PersoonIn(achternaam=achternaam) if achternaam else None)
    return service.registreer(session=session, clock=clock, actor=actor, data=data, settings=settings)


def doe(session, clock, actor, settings, triage, actie, **velden):
    return pijplijn.voer_actie_uit(session=session, clock=clock, actor=actor, soort=TRIAGE_ZAAK, zaak_id=triage.id, actie=actie,
                                  versie=triage.versie, velden=velden, settings=settings)


@pytest.fixture
def ovp(gebruikers):
    return gebruikers["ovp"][0]


def test_bord_toont_aanwezigen_langst_aanwezig_eerst(session, clock, ovp, settings):
    eerste = aankomst(session, clock, ovp, settings, "2026-04-13T01:00", "Eerst")
    tweede = aankomst(session, clock, ovp, settings, "2026-04-13T08:30", None)
    derde = aankomst(session, clock, ovp, settings, "2026-04-13T05:00", "Vertrokken")
    doe(session, clock, ovp, settings, derde, "leg_uitkomst_vast", uitkomst="onttrokken",
        reden_zonder_screening="Weggelopen")
    doe(session, clock, ovp, settings, derde, "vertrek", vertrokken_op="2026-04-13T06:00")
    doe(session, clock, ovp, settings, tweede, "registreer_somatische_screening", **SCREENING)

    bord = service.bord(session=session, clock=clock, actor=ovp, aanwezig=True, settings=settings)
    assert bord["totaal"] == 2 and [r["id"] for r in bord["items"]] == [eerste.id, tweede.id]
    assert [(r["verblijf_minuten"], r["open_stap"]) for r in bord["items"]] == [
        (480, "Registreer somatische screening"), (30, "Registreer psychiatrische screening")]
    assert bord["items"][0]["persoon"] == "Eerst" and bord["items"][1]["persoon"] is None
    weg = service.bord(session=session, clock=clock, actor=ovp, aanwezig=False, settings=settings)
    assert [(r["id"], r["verblijf_minuten"], r["open_stap"]) for r in weg["items"]] == [(derde.id, 60, None)]


def test_waarschuwing_na_het_ingestelde_aantal_uren(session, clock, ovp, settings):
    aankomst(session, clock, ovp, settings, "2026-04-13T08:00")
    clock.set(datetime(2026, 4, 13, 20, 0, tzinfo=TZ))  # exactly 12 h: not yet
    [r] = service.bord(session=session, clock=clock, actor=ovp, settings=settings)["items"]
    assert r["waarschuwingen"] == []
    clock.advance(minutes=1)
    [r] = service.bord(session=session, clock=clock, actor=ovp, settings=settings)["items"]
    assert [w["tekst"] for w in r["waarschuwingen"]] == ["Langer dan 12 uur aanwezig"]
    kort = settings.model_copy(update={"ovp_verblijf_waarschuwing_uren": 2})
    clock.set(datetime(2026, 4, 13, 10, 1, tzinfo=TZ))
    bord = service.bord(session=session, clock=clock, actor=ovp, settings=kort)
    assert bord["waarschuwing_na_uren"] == 2
    assert [w["soort"] for w in bord["items"][0]["waarschuwingen"]] == ["verblijf"]


def test_namen_alleen_voor_ovp_en_elke_getoonde_persoon_gelogd(session, clock, ovp, gebruikers, settings):
    a = aankomst(session, clock, ovp, settings, "2026-04-13T07:00", "Appel")
    b = aankomst(session, clock, ovp, settings, "2026-04-13T07:30", "Bos")
    aankomst(session, clock, ovp, settings, "2026-04-13T08:00", None)
    session.add(Triage(gemeente="Rijswijk", aangekomen_op=clock.now(), gebracht_door="zelf"))
    session.commit()

    def gelogd():
        rijen = session.exec(select(Toegang).where(Toegang.doel == "ovp_bord")).all()
        return sorted((r.gebruiker_id, r.persoon_id) for r in rijen)

    bord = service.bord(session=session, clock=clock, actor=ovp, settings=settings)
    assert bord["totaal"] == 3  # not the other gemeente's
    assert gelogd() == sorted([(ovp.id, a.persoon_id), (ovp.id, b.persoon_id)])
    pl = gebruikers["pl"][0]
    bord = service.bord(session=session, clock=clock, actor=pl, settings=settings)
    assert [r["persoon"] for r in bord["items"]] == [None, None, None]
    assert len(gelogd()) == 2  # the projectleider saw no names: nothing read
    with pytest.raises(Forbidden):
        service.bord(session=session, clock=clock, actor=gebruikers["intake"][0], settings=settings)


def test_twee_balies_tegelijk_de_tweede_krijgt_een_conflict(session, factory, clock, ovp, settings):
    triage = aankomst(session, clock, ovp, settings, "2026-04-13T08:00")
    geladen = session.get(Triage, triage.id)
    session.commit()  # desk A keeps its copy (versie 1) but holds no lock
    with factory() as b:
        doe(b, clock, ovp, settings, b.get(Triage, triage.id), "registreer_somatische_screening", **SCREENING)
    with pytest.raises(ConflictError):
        doe(session, clock, ovp, settings, geladen, "registreer_somatische_screening", **SCREENING)
    with pytest.raises(ConflictError):  # the version the desk read, now checked before anything happens
        pijplijn.voer_actie_uit(session=session, clock=clock, actor=ovp, soort=TRIAGE_ZAAK, zaak_id=triage.id, actie="wijzig_aankomst",
                               versie=1, velden={"e33_nummer": "E1"}, settings=settings)
    session.rollback()
    opgeslagen = session.get(Triage, triage.id)
    assert (opgeslagen.versie, opgeslagen.status, opgeslagen.e33_nummer) == (2, "somatische_screening", None)


def test_conflict_bij_overdracht_laat_geen_melding_achter(session, factory, clock, ovp, settings):
    triage = aankomst(session, clock, ovp, settings, "2026-04-13T08:00")
    doe(session, clock, ovp, settings, triage, "leg_uitkomst_vast", uitkomst="onttrokken",
        reden_zonder_screening="Weggelopen")
    geladen = session.get(Triage, triage.id)
    session.commit()
    with factory() as b:
        doe(b, clock, ovp, settings, b.get(Triage, triage.id), "wijzig_aankomst", e33_nummer="E2")
    with pytest.raises(ConflictError):
        doe(session, clock, ovp, settings, geladen, "maak_melding", zorgen="Zorgen over woonsituatie")
    session.rollback()
    assert session.exec(select(Melding)).all() == []
    assert session.get(Triage, triage.id).melding_id is None
