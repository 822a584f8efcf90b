"""The crisismaatregel through its services: start, prepare, decide, duties, continuation, lapse, links."""

from __future__ import annotations

from datetime import datetime, timedelta
from unittest import mock

import pytest
from sqlmodel import func, select

from notifications.outbox import Bericht
from tests.factories.crisismaatregel_service import aanvraag, actie, genomen, rond_af, start, voorbereid
from wvggz.audit.models import Historie, Toegang
from wvggz.clock import TZ
from wvggz.crisismaatregelen import service, verlopen
from wvggz.crisismaatregelen.beroepen import beroep_van
from wvggz.crisismaatregelen.models import Crisismaatregel
from wvggz.crisismaatregelen.queries import detail, lopende
from wvggz.crisismaatregelen.schemas import CrisismaatregelCreate
from wvggz.crisismaatregelen.soort import CRISISMAATREGEL_ZAAK
from wvggz.errors import BuitenGemeente, ConflictError, Forbidden, MissingField, NotFound
from wvggz.gebruikers.service import maak_gebruiker
from wvggz.meldingen import service as meldingen
from wvggz.meldingen.schemas import MeldingCreate
from wvggz.taken.service import taken_van
from wvggz.termijnen.service import open_termijn_van, termijnen_van
from wvggz.zaken import pijplijn

UUR = timedelta(hours=1)


def soorten(session, cm, status=None):
    return {t.soort for t in termijnen_van(session, "crisismaatregel", cm.id) if status in (None, t.status)}


def tel(session, model):
    return session.exec(select(func.count()).select_from(model)).one()


def test_start_met_tvz_opent_18_uur_en_onderzoek_12_uur(session, clock, gebruikers, settings):
    cm = start(session, clock, gebruikers, settings, wie="ovp", tvz_start="2026-04-13T08:00")  # naive: Amsterdam
    assert cm.status == "aangevraagd" and cm.referentie == f"CM-2026-{cm.id:06d}"
    [tvz] = termijnen_van(session, "crisismaatregel", cm.id)
    assert tvz.soort == "tvz_totaal" and tvz.eindmoment.astimezone(TZ) == datetime(2026, 4, 14, 2, 0, tzinfo=TZ)
    clock.advance(hours=2)
    cm = actie(session, clock, gebruikers, settings, cm, "registreer_psychiatrisch_onderzoek",
               onderzoek_op="2026-04-13T10:30:00+02:00")
    na = open_termijn_van(session, "crisismaatregel", cm.id, "tvz_na_onderzoek")
    assert na.eindmoment.astimezone(TZ) == datetime(2026, 4, 13, 22, 30, tzinfo=TZ)
    with pytest.raises(MissingField) as exc:  # art. 7:3: the 12 hours do not restart
        actie(session, clock, gebruikers, settings, cm, "registreer_psychiatrisch_onderzoek",
              onderzoek_op="2026-04-13T10:45:00+02:00")
    assert exc.value.veld == "onderzoek_op"
    with pytest.raises(MissingField) as exc:
        actie(session, clock, gebruikers, settings, cm, "start_tvz", tvz_start="2026-04-13T10:50:00+02:00")
    assert exc.value.veld == "tvz_start"


def test_onderzoek_voor_tvz_opent_12_uur_bij_start_tvz(session, clock, gebruikers, settings):
    cm = start(session, clock, gebruikers, settings)
    cm = actie(session, clock, gebruikers, settings, cm, "registreer_psychiatrisch_onderzoek",
               onderzoek_op="2026-04-13T08:30:00+02:00")
    assert soorten(session, cm) == set()  # no tvz, so no cap yet
    cm = actie(session, clock, gebruikers, settings, cm, "start_tvz", tvz_start="2026-04-13T08:45:00+02:00")
    assert soorten(session, cm) == {"tvz_totaal", "tvz_na_onderzoek"}
    assert open_termijn_van(session, "crisismaatregel", cm.id, "tvz_na_onderzoek").start.astimezone(TZ).hour == 8


def test_genomen_opent_klokken_plichten_berichten_en_beroep(session, clock, gebruikers, settings):
    cm = voorbereid(session, clock, gebruikers, settings, tvz_start="2026-04-13T07:00:00+02:00")
    clock.advance(hours=1)
    cm = actie(session, clock, gebruikers, settings, cm, "neem_maatregel", zorgvormen=["opname"],
               motivering_minder_ingrijpend="Weigert elke vrijwillige zorg.",
               bekendmaking_op="2026-04-13T10:00:00+02:00")
    assert cm.status == "genomen" and cm.besluit_door_id == gebruikers["bm"][0].id
    assert cm.besluit_door_naam == "Bm" and cm.besloten_op == clock.now()  # defaults to now
    assert soorten(session, cm, "lopend") == {"cm_advocaat", "cm_tenuitvoerlegging", "cm_geldigheid"}
    [tvz] = [t for t in termijnen_van(session, "crisismaatregel", cm.id) if t.soort == "tvz_totaal"]
    assert tvz.status == "gesloten" and tvz.tijdig is True  # decided within 18 hours
    geldig = open_termijn_van(session, "crisismaatregel", cm.id, "cm_geldigheid")
    assert geldig.einddatum.isoformat() == "2026-04-16" and cm.geldig_tot == geldig.eindmoment
    advocaat = open_termijn_van(session, "crisismaatregel", cm.id, "cm_advocaat")
    taken = {t.soort: t for t in taken_van(session, "crisismaatregel", cm.id)}
    assert set(taken) == {"kennisgeving_rvr", "tenuitvoerlegging", "afschrift_betrokkene", "afschrift_advocaat",
                          "afschrift_geneesheer_directeur", "afschrift_inspectie", "afschrift_ovj", "gegevens_pvp"}
    assert taken["kennisgeving_rvr"].uiterlijk_op == advocaat.eindmoment
    assert taken["kennisgeving_rvr"].termijn_id == advocaat.id and taken["afschrift_ovj"].termijn_id is None
    assert {t.ontvanger_rol for t in taken.values()} == {"burgemeester"}
    berichten = session.exec(select(Bericht).where(Bericht.zaak_id == cm.id)).all()
    assert {b.soort for b in berichten} == {"cm_genomen"} | {f"cm_kennisgeving_{p}" for p in (
        "rvr", "betrokkene", "advocaat", "geneesheer_directeur", "inspectie", "ovj", "pvp")}
    assert {b.ontvanger_gebruiker_id for b in berichten} == {gebruikers["bm"][0].id}
    assert all("Vries" not in str(b.gegevens) and "Jansen" not in str(b.gegevens) for b in berichten)
    beroep = beroep_van(session, cm.id)
    assert beroep.status == "termijn_loopt" and beroep.bekendmaking_op.astimezone(TZ).hour == 10
    [bt] = termijnen_van(session, "beroep", beroep.id)
    assert bt.soort == "beroep_termijn" and bt.einddatum.isoformat() == "2026-05-04"  # 3 weeks, Atw: workday
    assert detail(session, cm, clock.now())["beroep"]["id"] == beroep.id


def test_vertegenwoordiger_krijgt_een_afschrift(session, clock, gebruikers, settings):
    cm = genomen(session, clock, gebruikers, settings, heeft_vertegenwoordiger=True)
    assert "afschrift_vertegenwoordiger" in {t.soort for t in taken_van(session, "crisismaatregel", cm.id)}


def test_genomen_is_een_transactie(session, clock, gebruikers, settings):
    cm = voorbereid(session, clock, gebruikers, settings)
    voor = (tel(session, Historie), tel(session, Bericht))
    with mock.patch("wvggz.crisismaatregelen.beroepen.open_termijn", side_effect=RuntimeError("kapot")):
        with pytest.raises(RuntimeError):
            actie(session, clock, gebruikers, settings, cm, "neem_maatregel", zorgvormen=["opname"],
                  motivering_minder_ingrijpend="x", bekendmaking_op=clock.now().isoformat())
    session.rollback()
    session.expire_all()
    cm = session.get(Crisismaatregel, cm.id)
    assert cm.status == "beoordeling" and cm.besloten_op is None
    assert soorten(session, cm) == set() and taken_van(session, "crisismaatregel", cm.id) == []
    assert (tel(session, Historie), tel(session, Bericht)) == voor and beroep_van(session, cm.id) is None


@pytest.mark.parametrize(("voorbereiding", "velden", "veld"), [
    ("alleen_verklaring", {}, "gehoord"),  # no hearing outcome recorded
    ("klaar", {"bekendmaking_op": "2026-04-13T08:00:00+02:00"}, "bekendmaking_op"),  # before the decision
    ("klaar", {"besloten_op": "2026-04-13T12:00:00+02:00"}, "besloten_op"),  # in the future
    ("klaar", {"besloten_op": "2026-04-13T07:00:00+02:00", "bekendmaking_op": "2026-04-13T07:30:00+02:00"},
     "besloten_op"),  # before the request
    ("klaar", {"gemeente_verblijf": "Haarlem"}, "gemeente_verblijf"),  # not the competent mayor
    ("klaar", {"zorgvormen": ["politiecel"]}, "zorgvormen"),
    ("klaar", {"motivering_minder_ingrijpend": ""}, "motivering_minder_ingrijpend"),
    ("klaar", {"besloten_op": "morgen"}, "besloten_op"),
    ("klaar", {"besloten_op": "0001-01-01T00:00"}, "besloten_op"),
])
def test_ongeldig_besluit_422_en_niets_verandert(session, clock, gebruikers, settings, voorbereiding, velden, veld):
    clock.set(datetime(2026, 4, 13, 9, 0))
    cm = start(session, clock, gebruikers, settings, aangevraagd_op="2026-04-13T08:30:00+02:00")
    cm = actie(session, clock, gebruikers, settings, cm, "registreer_medische_verklaring", psychiater="Dr. B",
               psychiater_onafhankelijk=True)
    if voorbereiding == "klaar":
        cm = actie(session, clock, gebruikers, settings, cm, "registreer_horen", gehoord=False,
                   reden_niet_gehoord="Niet aanspreekbaar")
    voor = (cm.versie, tel(session, Historie))
    basis = {"zorgvormen": ["opname"], "motivering_minder_ingrijpend": "Weigert zorg.",
             "bekendmaking_op": "2026-04-13T09:00:00+02:00"}
    with pytest.raises(MissingField) as exc:
        actie(session, clock, gebruikers, settings, cm, "neem_maatregel", **(basis | velden))
    assert exc.value.veld == veld
    session.rollback()
    cm = session.get(Crisismaatregel, cm.id)
    assert cm.status == "beoordeling" and (cm.versie, tel(session, Historie)) == voor


def test_psychiater_niet_onafhankelijk_422(session, clock, gebruikers, settings):
    cm = start(session, clock, gebruikers, settings)
    with pytest.raises(MissingField) as exc:
        actie(session, clock, gebruikers, settings, cm, "registreer_medische_verklaring", psychiater="Dr. B",
              psychiater_onafhankelijk=False)
    assert exc.value.veld == "psychiater_onafhankelijk"


def test_naief_tijdstip_is_amsterdamse_tijd(session, clock, gebruikers, settings):
    cm = voorbereid(session, clock, gebruikers, settings)
    clock.advance(hours=1)
    cm = actie(session, clock, gebruikers, settings, cm, "neem_maatregel", zorgvormen=["opname"],
               motivering_minder_ingrijpend="Weigert zorg.", besloten_op="2026-04-13T09:45",
               bekendmaking_op="2026-04-13T09:50")
    assert cm.besloten_op.utcoffset() == timedelta(0) and (cm.besloten_op.hour, cm.besloten_op.minute) == (7, 45)


def test_rechten_gemeente_versie_en_systeemactie(session, clock, gebruikers, settings):
    with pytest.raises(Forbidden):
        start(session, clock, gebruikers, settings, wie="beheer")
    cm = voorbereid(session, clock, gebruikers, settings)
    for wie in ("intake", "ovp", "pl"):
        with pytest.raises(Forbidden):
            actie(session, clock, gebruikers, settings, cm, "wijs_af", wie=wie, reden="x")
    with pytest.raises(Forbidden):
        service.haal(session=session, clock=clock, actor=gebruikers["intake"][0], crisismaatregel_id=cm.id)
    rijswijk = maak_gebruiker(session=session, clock=clock, gebruikersnaam="bm-rijswijk", rol="burgemeester",
                              wachtwoord="geheim-wachtwoord", gemeente="Rijswijk")
    with pytest.raises(BuitenGemeente):  # another gemeente's measure answers like a missing one
        service.haal(session=session, clock=clock, actor=rijswijk, crisismaatregel_id=cm.id)
    with pytest.raises(ConflictError):
        pijplijn.voer_actie_uit(session=session, clock=clock, actor=gebruikers["bm"][0], soort=CRISISMAATREGEL_ZAAK, zaak_id=cm.id,
                               actie="wijs_af", versie=cm.versie - 1, velden={"reden": "x"}, settings=settings)
    with pytest.raises(Forbidden):
        actie(session, clock, gebruikers, settings, cm, "laat_vervallen")
    with pytest.raises(NotFound):
        service.haal(session=session, clock=clock, actor=gebruikers["bm"][0], crisismaatregel_id=999)


def test_afwijzen_sluit_tvz_en_de_zaak(session, clock, gebruikers, settings):
    cm = start(session, clock, gebruikers, settings, tvz_start=clock.now().isoformat())
    clock.advance(hours=20)
    cm = actie(session, clock, gebruikers, settings, cm, "wijs_af", reden="Geen onmiddellijk dreigend ernstig nadeel")
    assert cm.status == "afgewezen" and cm.open is False and soorten(session, cm, "lopend") == set()
    [tvz] = termijnen_van(session, "crisismaatregel", cm.id)
    assert tvz.tijdig is False  # the 18-hour cap was exceeded: visible in the file
    assert beroep_van(session, cm.id) is None


def test_plichten_afronden_met_wie_en_wanneer(session, clock, gebruikers, settings):
    cm = genomen(session, clock, gebruikers, settings)
    clock.advance(hours=2)
    cm = rond_af(session, clock, gebruikers, cm, "kennisgeving_rvr", toelichting="Via het portaal van de RvR",
                 settings=settings)
    [advocaat] = [t for t in termijnen_van(session, "crisismaatregel", cm.id) if t.soort == "cm_advocaat"]
    assert advocaat.status == "gesloten" and advocaat.tijdig is True
    clock.advance(hours=30)
    cm = rond_af(session, clock, gebruikers, cm, "tenuitvoerlegging", settings=settings)
    assert cm.ten_uitvoer_gelegd_op == clock.now()
    taken = {t["soort"]: t for t in detail(session, cm, clock.now())["taken"]}
    assert taken["kennisgeving_rvr"]["stand"] == "gedaan" and taken["kennisgeving_rvr"]["afgerond_door"] == "Bm"
    assert taken["tenuitvoerlegging"]["stand"] == "te_laat"  # after 24 hours
    assert taken["afschrift_inspectie"]["stand"] == "te_laat"  # still open after its deadline
    with pytest.raises(ConflictError):
        rond_af(session, clock, gebruikers, cm, "kennisgeving_rvr", settings=settings)
    ander = genomen(session, clock, gebruikers, settings)
    vreemde = taken_van(session, "crisismaatregel", ander.id)[0]
    with pytest.raises(NotFound):
        service.rond_taak_af(session=session, clock=clock, actor=gebruikers["bm"][0], crisismaatregel_id=cm.id,
                             taak_id=vreemde.id, settings=settings)
    assert session.exec(select(Historie).where(Historie.actie == "taak_afgerond:kennisgeving_rvr")).first()


def test_verzoek_na_einde_geldigheid_is_422(session, clock, gebruikers, settings):
    cm = genomen(session, clock, gebruikers, settings)
    clock.set(datetime(2026, 4, 17, 10, 0))  # validity ended Thursday 16-04 23:59:59
    with pytest.raises(MissingField) as exc:
        actie(session, clock, gebruikers, settings, cm, "registreer_voortzettingsverzoek",
              verzoek_ontvangen_op="2026-04-17T09:00")
    assert exc.value.veld == "verzoek_ontvangen_op"


def test_rechter_beslist_voor_verzoek_422_en_weigering_beeindigt(session, clock, gebruikers, settings):
    cm = genomen(session, clock, gebruikers, settings)
    clock.advance(days=1)
    cm = actie(session, clock, gebruikers, settings, cm, "registreer_voortzettingsverzoek",
               verzoek_ontvangen_op=clock.now().isoformat())
    assert cm.geldig_tot is None and "cm_geldigheid" not in soorten(session, cm, "lopend")
    with pytest.raises(MissingField) as exc:
        actie(session, clock, gebruikers, settings, cm, "weiger_voortzetting",
              beslist_op=(clock.now() - UUR).isoformat())
    assert exc.value.veld == "beslist_op"
    session.rollback()
    cm = session.get(Crisismaatregel, cm.id)
    clock.advance(days=1)
    cm = actie(session, clock, gebruikers, settings, cm, "weiger_voortzetting", beslist_op=clock.now().isoformat())
    assert cm.status == "beeindigd" and cm.open is False and cm.voortzetting_verleend is False
    assert soorten(session, cm, "lopend") == set()


def test_zm_verzoek_houdt_voortzetting_in_stand(session, clock, gebruikers, settings):
    cm = genomen(session, clock, gebruikers, settings)
    cm = actie(session, clock, gebruikers, settings, cm, "registreer_voortzettingsverzoek",
               verzoek_ontvangen_op=clock.now().isoformat())
    clock.advance(days=2)
    cm = actie(session, clock, gebruikers, settings, cm, "verleen_voortzetting", beslist_op=clock.now().isoformat())
    clock.advance(days=14)
    cm = actie(session, clock, gebruikers, settings, cm, "registreer_zm_verzoek", zm_verzoek_op=clock.now().isoformat())
    [vg] = [t for t in termijnen_van(session, "crisismaatregel", cm.id) if t.soort == "voortzetting_geldigheid"]
    assert vg.status == "gesloten" and vg.tijdig is True
    # ZM request Wednesday 29-04-2026: the court has 3 weeks (art. 6:2), up to and including Wed 20-05-2026.
    zm = open_termijn_van(session, "crisismaatregel", cm.id, "zm_beslissing")
    assert zm.einddatum == datetime(2026, 5, 20).date() and cm.status == "zm_verzocht"
    assert cm.geldig_tot == zm.eindmoment
    cm = actie(session, clock, gebruikers, settings, cm, "beeindig", reden="Zorgmachtiging verleend")
    assert cm.status == "beeindigd" and cm.reden == "Zorgmachtiging verleend"
    assert open_termijn_van(session, "crisismaatregel", cm.id, "zm_beslissing") is None


def test_geen_zm_beslissing_binnen_drie_weken_laat_vervallen(session, factory, clock, gebruikers, settings):
    from wvggz import jobs

    cm = genomen(session, clock, gebruikers, settings)
    cm = actie(session, clock, gebruikers, settings, cm, "registreer_voortzettingsverzoek",
               verzoek_ontvangen_op=clock.now().isoformat())
    clock.advance(days=2)
    cm = actie(session, clock, gebruikers, settings, cm, "verleen_voortzetting", beslist_op=clock.now().isoformat())
    clock.advance(days=14)
    cm = actie(session, clock, gebruikers, settings, cm, "registreer_zm_verzoek", zm_verzoek_op=clock.now().isoformat())
    session.commit()  # end this session's transaction: SQLite takes the write lock at BEGIN
    clock.set(datetime(2026, 5, 20, 23, 59, 58, tzinfo=TZ))
    jobs.sweep(session_factory=factory, clock=clock, settings=settings)
    session.expire_all()
    assert session.get(Crisismaatregel, cm.id).status == "zm_verzocht"
    session.commit()
    clock.set(datetime(2026, 5, 21, 0, 0, 0, tzinfo=TZ))
    jobs.sweep(session_factory=factory, clock=clock, settings=settings)
    session.expire_all()
    cm = session.get(Crisismaatregel, cm.id)
    assert cm.status == "vervallen" and "art. 6:2" in cm.reden


def melding(session, clock, gebruikers, settings):
    data = MeldingCreate.model_validate({
        "kanaal": "telefoon", "melder": {"achternaam": "Pieters", "relatie": "ouder"},
        "betrokkene": {"voornaam": "Jan", "achternaam": "de Vries"}, "zorgen": "Verward gedrag."})
    return meldingen.registreer(session=session, clock=clock, actor=gebruikers["intake"][0], data=data,
                                settings=settings)


def test_start_vanuit_melding_koppelt_beide_kanten(session, clock, gebruikers, settings):
    m = melding(session, clock, gebruikers, settings)
    data = CrisismaatregelCreate(aangevraagd_door="huisarts", gemeente_verblijf="Den Haag")
    cm = service.start(session=session, clock=clock, actor=gebruikers["intake"][0], data=data, settings=settings,
                       melding_id=m.id)
    session.refresh(m)
    assert m.crisismaatregel_id == cm.id and cm.melding_id == m.id and cm.betrokkene_id == m.betrokkene_id
    rij = session.exec(select(Historie).where(Historie.zaak_type == "melding", Historie.zaak_id == m.id,
                                              Historie.actie == "crisismaatregel_aangevraagd")).one()
    assert cm.referentie in rij.reden
    assert detail(session, cm, clock.now())["melding"]["referentie"] == m.referentie
    with pytest.raises(ConflictError):
        service.start(session=session, clock=clock, actor=gebruikers["intake"][0], data=data, settings=settings,
                      melding_id=m.id)
    m2 = melding(session, clock, gebruikers, settings)
    ander = aanvraag(betrokkene={"persoon_id": m2.melder_id}, melding_id=m2.id)
    with pytest.raises(MissingField) as exc:
        service.start(session=session, clock=clock, actor=gebruikers["pl"][0], data=ander, settings=settings)
    assert exc.value.veld == "betrokkene.persoon_id"
    with pytest.raises(Forbidden):  # the OVP may start a measure, but not from a melding it cannot read
        service.start(session=session, clock=clock, actor=gebruikers["ovp"][0], data=data, settings=settings,
                      melding_id=m.id)


def test_start_vanuit_triage_bewaart_de_koppeling(session, clock, gebruikers, settings):
    from wvggz.triage.models import Triage

    session.add(Triage(id=42, gemeente="Den Haag", aangekomen_op=clock.now(), gebracht_door="zelf"))
    session.commit()  # the triage must exist in the actor's gemeente (scope of referenced ids)
    cm = service.start(session=session, clock=clock, actor=gebruikers["ovp"][0], data=aanvraag(), settings=settings,
                       triage_id=42)
    assert cm.triage_id == 42 and "OVP-triage 42" in session.exec(select(Historie.reden)).first()
    with pytest.raises(MissingField) as exc:
        service.start(session=session, clock=clock, actor=gebruikers["ovp"][0], settings=settings,
                      data=CrisismaatregelCreate(aangevraagd_door="ovp", gemeente_verblijf="Den Haag"))
    assert exc.value.veld == "betrokkene"


def test_lopende_op_volgende_klok_en_toegang_gelogd(session, clock, gebruikers, settings):
    later = start(session, clock, gebruikers, settings)  # no clock at all: last
    tvz = start(session, clock, gebruikers, settings, tvz_start=clock.now().isoformat())  # 18 hours
    cm = genomen(session, clock, gebruikers, settings)  # 24 hours
    klaar = genomen(session, clock, gebruikers, settings)
    actie(session, clock, gebruikers, settings, klaar, "beeindig", reden="Vrijwillige opname")
    regels = service.lopende(session=session, clock=clock, actor=gebruikers["pl"][0])
    assert [r["id"] for r in regels] == [tvz.id, cm.id, later.id]
    assert regels[0]["volgende_termijn"] == "tvz_totaal" and regels[0]["resterend_seconden"] == 18 * 3600
    assert regels[1]["open_taken"] == 8 and regels[2]["volgende_termijn"] is None
    assert session.exec(select(Toegang).where(Toegang.doel == "lopende crisismaatregelen")).all()
    assert lopende(session, "Rijswijk", clock.now()) == []


def test_verloop_handlers_alleen_als_het_einde_voorbij_is(session, clock, gebruikers, settings):
    cm = genomen(session, clock, gebruikers, settings)
    geldig = open_termijn_van(session, "crisismaatregel", cm.id, "cm_geldigheid")
    assert verlopen.cm_geldigheid(session, clock, geldig) is None  # not due yet: nothing happens
    clock.set(geldig.eindmoment + timedelta(seconds=1))
    reden = verlopen.cm_geldigheid(session, clock, geldig)
    session.commit()
    assert "art. 7:7" in reden and cm.status == "vervallen" and cm.open is False
    assert verlopen.cm_geldigheid(session, clock, geldig) is None  # a second call changes nothing
    rij = session.exec(select(Historie).where(Historie.actie == "laat_vervallen")).one()
    assert rij.door == "systeem" and rij.van_status == "genomen" and "zonder verzoek tot voortzetting" in rij.reden
    assert session.exec(select(Bericht).where(Bericht.soort == "cm_vervallen")).first() is not None


def test_handlers_staan_in_het_register_van_de_sweep():
    from wvggz.escalaties.verlopen import handler_voor

    assert handler_voor("cm_geldigheid") is verlopen.cm_geldigheid
    assert handler_voor("voortzetting_geldigheid") is verlopen.voortzetting_geldigheid
    assert handler_voor("beroep_termijn") is verlopen.beroep_termijn


def test_velden_van_de_actie_komen_van_de_gebruiker_niet_uit_het_dossier(session, clock, gebruikers, settings):
    cm = voorbereid(session, clock, gebruikers, settings)  # gehoord=True is on file
    with pytest.raises(MissingField) as exc:
        actie(session, clock, gebruikers, settings, cm, "registreer_horen")
    assert exc.value.veld == "gehoord"
