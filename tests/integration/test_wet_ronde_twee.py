"""Issue 12 (the law, round two), clock-driven through the services and the real sweep (wvggz.jobs.sweep).

1. A beroep window ending on Friday 15-05-2026, a day equated by decree, runs to Monday 18-05.
2. A measure taken on 24-12-2026: the OvJ's deadline is capped at the measure's end (ADR 0007), and the
   messages, the sweep and the refusal agree on 27-12-2026.
3. The court misses its three days (art. 7:8): warned the day before and on the last day, then the
   measure ends; a decision registered after its term is refused.
4. An appeal registered after the sweep closed the window: recorded, te laat or not by its filing date.
5. A melding closed before the OvJ's decision only with a logged reason, and the naaste gets a task.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlmodel import select

from tests.factories.crisismaatregel_service import actie, rond_af, voorbereid
from tests.factories.hr import status, sweep_op, termijn
from tests.factories.sweep import actie as melding_actie
from tests.factories.sweep import registreer
from wvggz.audit.models import Historie
from wvggz.clock import TZ
from wvggz.crisismaatregelen.beroepen import beroep_van
from wvggz.crisismaatregelen.models import Beroep, Crisismaatregel
from wvggz.crisismaatregelen.soort import BEROEP_ZAAK
from wvggz.errors import InvalidTransition, MissingField
from wvggz.escalaties.models import Escalatie
from wvggz.meldingen.models import Melding
from wvggz.taken.models import Taak
from wvggz.zaken import pijplijn


def neem(session, clock, gebruikers, settings, moment: datetime) -> Crisismaatregel:
    clock.set(moment.replace(hour=moment.hour - 1))
    cm = voorbereid(session, clock, gebruikers, settings)
    clock.set(moment)
    return actie(session, clock, gebruikers, settings, cm, "neem_maatregel", zorgvormen=["opname"],
                 motivering_minder_ingrijpend="Acuut gevaar; vrijwillige opname geweigerd.",
                 besloten_op=moment.isoformat(), bekendmaking_op=moment.isoformat())


def historie(session, zaak_type, zaak_id, actie_=None):
    stmt = select(Historie).where(Historie.zaak_type == zaak_type, Historie.zaak_id == zaak_id)
    rijen = session.exec(stmt.order_by(Historie.id)).all()
    return [h for h in rijen if actie_ in (None, h.actie)]


def beroep_actie(session, clock, gebruikers, settings, beroep, naam, **velden):
    beroep = session.get(Beroep, beroep.id)
    return pijplijn.voer_actie_uit(session=session, clock=clock, actor=gebruikers["bm"][0], soort=BEROEP_ZAAK,
                                   zaak_id=beroep.id, actie=naam, versie=beroep.versie, velden=velden,
                                   settings=settings)


# --- 1. decree days ------------------------------------------------------------------------------

def test_beroepstermijn_over_de_vrijdag_na_hemelvaart_2026(session, factory, clock, gebruikers, settings):
    # Bekendmaking Thursday 23-04-2026; 3 weeks = Thursday 14-05 Hemelvaartsdag; Friday 15-05 is equated
    # by the 2026-2028 decree; Saturday, Sunday -> the window runs up to and including Monday 18-05-2026.
    cm = neem(session, clock, gebruikers, settings, datetime(2026, 4, 23, 11, 0, tzinfo=TZ))
    beroep = beroep_van(session, cm.id)
    venster = termijn(session, beroep, "beroep_termijn", "beroep")
    assert venster.einddatum == date(2026, 5, 18)
    assert "verschoven naar 18-05-2026" in venster.toelichting

    sweep_op(factory, clock, settings, session, datetime(2026, 5, 16, 0, 0, 1, tzinfo=TZ))  # was the bug
    assert status(session, Beroep, beroep.id) == "termijn_loopt"
    sweep_op(factory, clock, settings, session, datetime(2026, 5, 18, 23, 59, 58, tzinfo=TZ))
    assert status(session, Beroep, beroep.id) == "termijn_loopt"
    sweep_op(factory, clock, settings, session, datetime(2026, 5, 19, 0, 0, 0, tzinfo=TZ))
    assert status(session, Beroep, beroep.id) == "termijn_verstreken"


# --- 2. the OvJ's deadline never outlives the measure (ADR 0007) ---------------------------------

def test_ovj_termijn_begrensd_op_einde_crisismaatregel_kerst_2026(session, factory, clock, gebruikers, settings):
    # Taken Thursday 24-12-2026 10:00: cm_geldigheid 3 calendar days without Atw -> Sunday 27-12 23:59:59.
    # The OvJ receives the copy the same day: 1 day with the Atw would be Monday 28-12 (25, 26 Christmas,
    # 27 Sunday); capped at the end of the measure, 27-12.
    cm = neem(session, clock, gebruikers, settings, datetime(2026, 12, 24, 10, 0, tzinfo=TZ))
    geldig = termijn(session, cm, "cm_geldigheid")
    assert geldig.einddatum == date(2026, 12, 27)
    clock.set(datetime(2026, 12, 24, 12, 0, tzinfo=TZ))
    cm = rond_af(session, clock, gebruikers, cm, "afschrift_ovj", settings=settings)
    verzoek = termijn(session, cm, "voortzetting_verzoek")
    assert (verzoek.ruwe_einddatum, verzoek.einddatum) == (date(2026, 12, 25), date(2026, 12, 27))
    assert verzoek.eindmoment == geldig.eindmoment
    assert "begrensd tot 27-12-2026 23:59" in verzoek.toelichting
    [bericht] = historie(session, "crisismaatregel", cm.id, "ovj_ontvangen")
    assert "uiterlijk 27-12-2026" in bericht.reden and "28-12" not in bericht.reden

    # The sweep warns the back office on the OvJ's last day, and the measure lapses after it.
    gevuurd = sweep_op(factory, clock, settings, session, datetime(2026, 12, 27, 8, 0, tzinfo=TZ))
    assert {(g["soort"], g["trede"]) for g in gevuurd} >= {("voortzetting_verzoek", "waarschuwing")}

    # A request arriving on 28-12 is refused as too late, also before the sweep has run ...
    clock.set(datetime(2026, 12, 28, 0, 30, tzinfo=TZ))
    cm = session.get(Crisismaatregel, cm.id)
    with pytest.raises(MissingField) as exc:
        actie(session, clock, gebruikers, settings, cm, "registreer_voortzettingsverzoek",
              verzoek_ontvangen_op="2026-12-28T00:30")
    assert exc.value.veld == "verzoek_ontvangen_op" and "al vervallen" in exc.value.message
    session.rollback()
    # ... and the sweep lets it lapse at the same moment the OvJ's term ends.
    gevuurd = sweep_op(factory, clock, settings, session, datetime(2026, 12, 28, 0, 30, tzinfo=TZ))
    assert ("cm_geldigheid", "verlopen") in {(g["soort"], g["trede"]) for g in gevuurd}
    assert status(session, Crisismaatregel, cm.id) == "vervallen"


def test_ovj_termijn_niet_begrensd_als_de_maatregel_langer_loopt(session, clock, gebruikers, settings):
    # Taken Monday 13-04-2026: the measure runs to Thursday 16-04; the OvJ's day ends Tuesday 14-04.
    cm = neem(session, clock, gebruikers, settings, datetime(2026, 4, 13, 10, 0, tzinfo=TZ))
    clock.set(datetime(2026, 4, 13, 12, 0, tzinfo=TZ))
    cm = rond_af(session, clock, gebruikers, cm, "afschrift_ovj", settings=settings)
    verzoek = termijn(session, cm, "voortzetting_verzoek")
    assert verzoek.einddatum == date(2026, 4, 14) and "begrensd" not in verzoek.toelichting


# --- 3. the court misses its three days (art. 7:8) ------------------------------------------------

def verzocht(session, clock, gebruikers, settings) -> Crisismaatregel:
    """Taken Monday 13-04-2026 10:00; the request reaches the court Tuesday 14-04 09:00: decision due
    Friday 17-04-2026 (15, 16, 17 hold three working days)."""
    cm = neem(session, clock, gebruikers, settings, datetime(2026, 4, 13, 10, 0, tzinfo=TZ))
    clock.set(datetime(2026, 4, 14, 9, 0, tzinfo=TZ))
    return actie(session, clock, gebruikers, settings, cm, "registreer_voortzettingsverzoek",
                 verzoek_ontvangen_op="2026-04-14T09:00")


def test_rechter_beslist_niet_binnen_drie_dagen(session, factory, clock, gebruikers, settings):
    cm = verzocht(session, clock, gebruikers, settings)
    assert termijn(session, cm, "voortzetting_beslissing").einddatum == date(2026, 4, 17)

    gevuurd = sweep_op(factory, clock, settings, session, datetime(2026, 4, 16, 8, 0, tzinfo=TZ))
    assert [(g["trede"], g["ontvanger"]) for g in gevuurd if g["soort"] == "voortzetting_beslissing"] == [
        ("waarschuwing", "burgemeester")]  # the day before, 08:00
    gevuurd = sweep_op(factory, clock, settings, session, datetime(2026, 4, 17, 8, 0, tzinfo=TZ))
    assert [g["trede"] for g in gevuurd if g["soort"] == "voortzetting_beslissing"] == ["escalatie"]
    sweep_op(factory, clock, settings, session, datetime(2026, 4, 17, 23, 59, 58, tzinfo=TZ))
    assert status(session, Crisismaatregel, cm.id) == "voortzetting_verzocht"

    gevuurd = sweep_op(factory, clock, settings, session, datetime(2026, 4, 18, 0, 0, 0, tzinfo=TZ))
    assert ("voortzetting_beslissing", "verlopen") in {(g["soort"], g["trede"]) for g in gevuurd}
    cm = session.get(Crisismaatregel, cm.id)
    assert cm.status == "vervallen" and cm.open is False
    [rij] = historie(session, "crisismaatregel", cm.id, "laat_vervallen")
    assert rij.door == "systeem" and rij.van_status == "voortzetting_verzocht" and "art. 7:8" in rij.reden
    beslissing = termijn(session, cm, "voortzetting_beslissing")
    assert (beslissing.status, beslissing.tijdig) == ("gesloten", False)
    treden = session.exec(select(Escalatie.trede).where(Escalatie.termijn_id == beslissing.id)).all()
    assert sorted(treden) == ["alert", "escalatie", "verlopen", "waarschuwing"]

    # The court's decision registered afterwards cannot revive the measure.
    clock.set(datetime(2026, 4, 18, 10, 0, tzinfo=TZ))
    with pytest.raises(InvalidTransition):
        actie(session, clock, gebruikers, settings, cm, "verleen_voortzetting", beslist_op="2026-04-17T15:00")


def test_verlening_na_de_termijn_geweigerd_ook_voor_de_sweep(session, clock, gebruikers, settings):
    cm = verzocht(session, clock, gebruikers, settings)
    clock.set(datetime(2026, 4, 18, 9, 0, tzinfo=TZ))  # the sweep has not run yet
    with pytest.raises(MissingField) as exc:
        actie(session, clock, gebruikers, settings, cm, "verleen_voortzetting", beslist_op="2026-04-18T09:00")
    assert exc.value.veld == "beslist_op" and "art. 7:8 lid 3" in exc.value.message
    session.rollback()
    cm = session.get(Crisismaatregel, cm.id)
    assert cm.status == "voortzetting_verzocht" and cm.voortzetting_verleend is None
    # A decision within the term, registered a little later, is accepted.
    cm = actie(session, clock, gebruikers, settings, cm, "verleen_voortzetting", beslist_op="2026-04-17T16:00")
    assert cm.status == "voortgezet" and termijn(session, cm, "voortzetting_beslissing").tijdig is True


# --- 4. an appeal registered after the window ------------------------------------------------------

def beroep_na_de_sweep(session, factory, clock, gebruikers, settings) -> Beroep:
    # Bekendmaking Monday 13-04-2026; 3 weeks -> Monday 04-05-2026 (a working day).
    cm = neem(session, clock, gebruikers, settings, datetime(2026, 4, 13, 10, 0, tzinfo=TZ))
    beroep = beroep_van(session, cm.id)
    assert termijn(session, beroep, "beroep_termijn", "beroep").einddatum == date(2026, 5, 4)
    sweep_op(factory, clock, settings, session, datetime(2026, 5, 5, 9, 0, tzinfo=TZ))
    assert status(session, Beroep, beroep.id) == "termijn_verstreken"
    return beroep


def test_tijdig_beroep_na_de_sweep_geregistreerd(session, factory, clock, gebruikers, settings):
    beroep = beroep_na_de_sweep(session, factory, clock, gebruikers, settings)
    clock.set(datetime(2026, 5, 6, 10, 0, tzinfo=TZ))
    beroep = beroep_actie(session, clock, gebruikers, settings, beroep, "stel_in", ingesteld_op="2026-05-04T16:00")
    assert beroep.status == "ingesteld" and beroep.ingesteld_tijdig is True
    acties = [h.actie for h in historie(session, "beroep", beroep.id)]
    assert acties.index("laat_verstrijken") < acties.index("stel_in")  # the lapse stays in the history
    [rij] = historie(session, "beroep", beroep.id, "stel_in")
    assert rij.van_status == "termijn_verstreken" and "na het verstrijken ervan geregistreerd" in rij.reden


def test_te_laat_beroep_met_reden_vastgelegd(session, factory, clock, gebruikers, settings, client):
    beroep = beroep_na_de_sweep(session, factory, clock, gebruikers, settings)
    clock.set(datetime(2026, 5, 8, 10, 0, tzinfo=TZ))
    beroep = beroep_actie(session, clock, gebruikers, settings, beroep, "stel_in", ingesteld_op="2026-05-07T11:00",
                          reden_te_laat="Betrokkene lag op de intensive care")
    assert beroep.status == "ingesteld" and beroep.ingesteld_tijdig is False
    [rij] = historie(session, "beroep", beroep.id, "stel_in")
    assert "te laat" in rij.reden and "oordeelt de rechter" in rij.reden and "intensive care" in rij.reden
    from tests.factories import auth

    session.commit()
    r = client.get(f"/api/v1/beroepen/{beroep.id}", headers=auth(gebruikers, "bm"))
    assert r.status_code == 200, r.text
    b = r.json()
    assert b["te_laat"] is True and b["ingesteld_tijdig"] is False
    # the court's ruling can follow as usual
    clock.set(datetime(2026, 5, 20, 10, 0, tzinfo=TZ))
    beroep = beroep_actie(session, clock, gebruikers, settings, beroep, "doe_uitspraak", uitkomst="ongegrond",
                          uitspraak_op="2026-05-20T10:00")
    assert beroep.status == "uitspraak_ongegrond"


# --- 5. closing a melding before the OvJ's decision -----------------------------------------------

def aanvraag_ingediend(factory, clock, gebruikers, settings, **over) -> int:
    mid = registreer(factory, clock, gebruikers, settings, **over)
    clock.advance(days=3)
    melding_actie(factory, clock, gebruikers, settings, mid, "dien_aanvraag_in", medische_expertise="SPV wijkteam",
                  gesprek_met_betrokkene=True)
    return mid


def test_sluit_af_wacht_op_het_besluit_van_de_ovj(factory, clock, gebruikers, settings):
    mid = aanvraag_ingediend(factory, clock, gebruikers, settings)  # the melder is a parent: a naaste
    clock.advance(days=1)
    with pytest.raises(MissingField) as exc:
        melding_actie(factory, clock, gebruikers, settings, mid, "sluit_af", melder_geinformeerd=True)
    assert exc.value.veld == "reden_zonder_ovj_besluit" and "art. 5:16 lid 2" in exc.value.message
    with factory() as s:
        assert s.get(Melding, mid).status == "aanvraag_ingediend"

    m = melding_actie(factory, clock, gebruikers, settings, mid, "sluit_af", melder_geinformeerd=True,
                      reden_zonder_ovj_besluit="OvJ beslist pas na de zomer; dossier gaat naar het archief")
    assert m.status == "afgesloten"
    with factory() as s:
        [taak] = s.exec(select(Taak).where(Taak.zaak_type == "melding", Taak.zaak_id == mid,
                                           Taak.soort == "naaste_ovj_besluit")).all()
        assert taak.ontvanger_rol == "behandelaar" and "art. 5:16 lid 2" in taak.omschrijving
        [rij] = historie(s, "melding", mid, "sluit_af")
        assert "vóór het besluit van de OvJ: OvJ beslist pas na de zomer" in rij.reden
    with pytest.raises(InvalidTransition):
        melding_actie(factory, clock, gebruikers, settings, mid, "registreer_ovj_besluit",
                      ovj_besluit="verzoekschrift")


def test_sluit_af_na_het_besluit_van_de_ovj_zonder_reden(factory, clock, gebruikers, settings):
    mid = aanvraag_ingediend(factory, clock, gebruikers, settings)
    melding_actie(factory, clock, gebruikers, settings, mid, "registreer_ovj_besluit", ovj_besluit="verzoekschrift")
    m = melding_actie(factory, clock, gebruikers, settings, mid, "sluit_af", melder_geinformeerd=True)
    assert m.status == "afgesloten"
    with factory() as s:
        assert not s.exec(select(Taak).where(Taak.soort == "naaste_ovj_besluit")).all()
