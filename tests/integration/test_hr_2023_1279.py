"""Clock-driven done-when tests of issue 4, through the services and the real sweep (wvggz.jobs.sweep).

1. The worked example of HR 22 September 2023, ECLI:NL:HR:2023:1279: crisismaatregel taken Thursday
   20-04-2023, OvJ request Friday 21-04, court decision due Tuesday 25-04 (Atw art. 2), voortzetting valid
   up to and including 16-05-2023 (25-04 + 3 weeks, art. 7:9).
2. A crisismaatregel taken on the Friday before Christmas 2026 (18-12-2026) without a request: it lapses
   after Monday 21-12-2026 (see the comment in that test for the hand computation).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import select

from tests.factories.crisismaatregel_service import actie, rond_af, voorbereid
from tests.factories.hr import status, sweep_op, termijn
from wvggz.audit.models import Historie
from wvggz.clock import TZ
from wvggz.crisismaatregelen.beroepen import beroep_van
from wvggz.crisismaatregelen.models import Beroep, Crisismaatregel


def test_hr_22_september_2023(session, factory, clock, gebruikers, settings):
    clock.set(datetime(2023, 4, 20, 9, 0))  # Thursday
    cm = voorbereid(session, clock, gebruikers, settings)
    clock.set(datetime(2023, 4, 20, 11, 0))
    cm = actie(session, clock, gebruikers, settings, cm, "neem_maatregel", zorgvormen=["opname"],
               motivering_minder_ingrijpend="Weigert opname; ambulante zorg onvoldoende.",
               besloten_op="2023-04-20T11:00", bekendmaking_op="2023-04-20T11:00")
    geldig = termijn(session, cm, "cm_geldigheid")
    assert geldig.einddatum == date(2023, 4, 23)  # Sunday: 3 days, start day not counted, no Atw
    assert "Atw zou de einddatum 24-04-2023 zijn" in geldig.toelichting

    clock.set(datetime(2023, 4, 20, 14, 0))  # the copy reaches the OvJ the same day
    cm = rond_af(session, clock, gebruikers, cm, "afschrift_ovj", settings=settings)
    assert termijn(session, cm, "voortzetting_verzoek").einddatum == date(2023, 4, 21)

    clock.set(datetime(2023, 4, 21, 15, 0))  # Friday: the OvJ's request reaches the court
    cm = actie(session, clock, gebruikers, settings, cm, "registreer_voortzettingsverzoek",
               verzoek_ontvangen_op="2023-04-21T15:00")
    beslissing = termijn(session, cm, "voortzetting_beslissing")
    assert cm.status == "voortzetting_verzocht" and beslissing.einddatum == date(2023, 4, 25)  # Tuesday
    assert "Atw art. 2" in beslissing.toelichting
    assert termijn(session, cm, "voortzetting_verzoek").tijdig is True
    assert (geldig.status, geldig.tijdig) == ("gesloten", True)

    # Sunday's end of the 3 days passes: the pending request keeps the measure alive (art. 7:7).
    sweep_op(factory, clock, settings, session, datetime(2023, 4, 24, 9, 0))
    assert status(session, Crisismaatregel, cm.id) == "voortzetting_verzocht"

    clock.set(datetime(2023, 4, 25, 14, 0))  # Tuesday: the court decides, in time thanks to the Atw
    cm = session.get(Crisismaatregel, cm.id)
    cm = actie(session, clock, gebruikers, settings, cm, "verleen_voortzetting", beslist_op="2023-04-25T14:00")
    assert termijn(session, cm, "voortzetting_beslissing").tijdig is True
    voortzetting = termijn(session, cm, "voortzetting_geldigheid")
    assert voortzetting.einddatum == date(2023, 5, 16)  # up to and including 16 May 2023
    assert voortzetting.eindmoment.astimezone(TZ) == datetime(2023, 5, 16, 23, 59, 59, tzinfo=TZ)
    assert cm.status == "voortgezet" and cm.geldig_tot == voortzetting.eindmoment

    sweep_op(factory, clock, settings, session, datetime(2023, 5, 16, 23, 59, 58))
    assert status(session, Crisismaatregel, cm.id) == "voortgezet"
    # The beroep ran in parallel: its window (3 weeks from the bekendmaking, Atw) ended on 11-05 unused,
    # and that never touched the measure.
    beroep = beroep_van(session, cm.id)
    assert status(session, Beroep, beroep.id) == "termijn_verstreken"
    assert termijn(session, beroep, "beroep_termijn", "beroep").einddatum == date(2023, 5, 11)

    gevuurd = sweep_op(factory, clock, settings, session, datetime(2023, 5, 17, 0, 0, 0))
    assert status(session, Crisismaatregel, cm.id) == "vervallen"
    assert any(g["soort"] == "voortzetting_geldigheid" and g["trede"] == "verlopen" for g in gevuurd)
    rij = session.exec(select(Historie).where(Historie.zaak_id == cm.id, Historie.actie == "laat_vervallen")).one()
    assert rij.door == "systeem" and rij.van_status == "voortgezet" and "16-05-2023 23:59" in rij.reden


def test_vrijdag_voor_kerst_zonder_verzoek_vervalt_na_maandag(session, factory, clock, gebruikers, settings):
    # Taken Friday 18-12-2026. cm_geldigheid: 3 calendar days, the start day not counted, no Atw
    # (conservative reading, rules table): Sat 19, Sun 20, Mon 21 -> valid up to and including Monday
    # 21-12-2026 23:59:59, lapsed from Tuesday 22-12-2026 00:00. The Atw variant would give Tuesday
    # 22-12-2026: the window 19-21 December holds only one working day (Monday), so art. 2 extends it
    # to Tuesday; Christmas (Friday 25 and Saturday 26 December) plays no part.
    clock.set(datetime(2026, 12, 18, 9, 0))
    cm = voorbereid(session, clock, gebruikers, settings)
    clock.set(datetime(2026, 12, 18, 10, 0))
    cm = actie(session, clock, gebruikers, settings, cm, "neem_maatregel", zorgvormen=["opname", "insluiting"],
               motivering_minder_ingrijpend="Acuut gevaar; vrijwillige opname geweigerd.",
               bekendmaking_op="2026-12-18T10:00")
    geldig = termijn(session, cm, "cm_geldigheid")
    assert geldig.einddatum == date(2026, 12, 21)
    assert "met toepassing van de Atw zou de einddatum 22-12-2026 zijn" in geldig.toelichting

    sweep_op(factory, clock, settings, session, datetime(2026, 12, 21, 23, 59, 59))  # last second of validity
    assert status(session, Crisismaatregel, cm.id) == "genomen"

    sweep_op(factory, clock, settings, session, datetime(2026, 12, 22, 0, 0, 0))
    cm = session.get(Crisismaatregel, cm.id)
    assert cm.status == "vervallen" and cm.open is False and cm.geldig_tot is None
    rij = session.exec(select(Historie).where(Historie.zaak_id == cm.id, Historie.actie == "laat_vervallen")).one()
    assert rij.door == "systeem" and rij.naar_status == "vervallen"
    assert "art. 7:7" in rij.reden and "21-12-2026 23:59" in rij.reden and "zonder verzoek" in rij.reden
    nog_eens = sweep_op(factory, clock, settings, session, datetime(2026, 12, 22, 0, 5))
    assert not [g for g in nog_eens if g["zaak_type"] == "crisismaatregel" and g["trede"] == "verlopen"]
    # The beroep runs on: 3 weeks from the bekendmaking (Atw) until Friday 08-01-2027.
    beroep = beroep_van(session, cm.id)
    assert beroep.status == "termijn_loopt"
    assert termijn(session, beroep, "beroep_termijn", "beroep").einddatum == date(2027, 1, 8)
