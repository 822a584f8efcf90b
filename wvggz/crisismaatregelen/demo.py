"""Demo crisismaatregelen for `make run`, through the services: one awaiting the decision with tvz
running, one taken a few hours ago with its clocks running, one continued by the court with a lodged
beroep, and one that lapsed without a request."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session

from wvggz.clock import FixedClock
from wvggz.config import Settings
from wvggz.crisismaatregelen import beroepen, service, verlopen
from wvggz.crisismaatregelen.models import Crisismaatregel
from wvggz.crisismaatregelen.schemas import CrisismaatregelCreate
from wvggz.crisismaatregelen.soort import BEROEP_ZAAK, CRISISMAATREGEL_ZAAK
from wvggz.gebruikers.models import Gebruiker
from wvggz.taken.service import taken_van
from wvggz.termijnen.service import open_termijn_van
from wvggz.zaken import pijplijn

PERSONEN = [("Ruben", "Koster", "1986-07-14"), ("Noor", "Hendriks", "1993-02-08"),
            ("Willem", "de Boer", "1958-10-30"), ("Yasmina", "Amrani", "2000-05-21")]


def _start(session: Session, clock: FixedClock, actor: Gebruiker, settings: Settings, i: int,
           tvz: bool = False) -> Crisismaatregel:
    voornaam, achternaam, geboren = PERSONEN[i]
    data = CrisismaatregelCreate.model_validate({
        "betrokkene": {"voornaam": voornaam, "achternaam": achternaam, "geboortedatum": geboren},
        "aangevraagd_door": "ovp" if tvz else "crisisdienst", "gemeente_verblijf": settings.gemeente,
        "locatie": "OVP Den Haag" if tvz else "Thuisadres", "tvz_start": clock.now().isoformat() if tvz else None})
    return service.start(session=session, clock=clock, actor=actor, data=data, settings=settings)


def _doe(session: Session, clock: FixedClock, bm: Gebruiker, settings: Settings, cm: Crisismaatregel,
         actie: str, **velden: object) -> Crisismaatregel:
    return pijplijn.voer_actie_uit(session=session, clock=clock, actor=bm, soort=CRISISMAATREGEL_ZAAK,
                                   zaak_id=cm.id, actie=actie, versie=cm.versie, velden=velden, settings=settings)


def _neem(session: Session, clock: FixedClock, bm: Gebruiker, settings: Settings, cm: Crisismaatregel) -> Crisismaatregel:
    cm = _doe(session, clock, bm, settings, cm, "registreer_medische_verklaring", psychiater="Dr. M. Visser",
              psychiater_onafhankelijk=True)
    clock.advance(minutes=40)
    cm = _doe(session, clock, bm, settings, cm, "registreer_horen", gehoord=True,
              gehoord_door="Wethouder namens de burgemeester")
    clock.advance(minutes=30)
    return _doe(session, clock, bm, settings, cm, "neem_maatregel", zorgvormen=["opname", "medicatie"],
                motivering_minder_ingrijpend="Vrijwillige opname geweigerd; ambulante zorg volstaat niet.",
                bekendmaking_op=clock.now().isoformat())


def _rond_af(session: Session, clock: FixedClock, bm: Gebruiker, settings: Settings, cm: Crisismaatregel,
             soort: str) -> Crisismaatregel:
    taak = next(t for t in taken_van(session, "crisismaatregel", cm.id) if t.soort == soort)
    return service.rond_taak_af(session=session, clock=clock, actor=bm, crisismaatregel_id=cm.id, taak_id=taak.id,
                                toelichting="Demo", settings=settings)


def laad(session: Session, settings: Settings, bm: Gebruiker, ovp: Gebruiker, nu: datetime) -> None:
    """Create the demo measures as of `nu`."""
    _start(session, FixedClock(nu - timedelta(hours=3)), ovp, settings, 0, tvz=True)
    clock = FixedClock(nu - timedelta(hours=6))
    cm = _neem(session, clock, bm, settings, _start(session, clock, ovp, settings, 1, tvz=True))
    clock.advance(hours=2)
    _rond_af(session, clock, bm, settings, cm, "kennisgeving_rvr")
    _voortgezet(session, settings, bm, nu)
    _vervallen(session, settings, bm, nu)


def _voortgezet(session: Session, settings: Settings, bm: Gebruiker, nu: datetime) -> None:
    clock = FixedClock(nu - timedelta(days=10))
    cm = _neem(session, clock, bm, settings, _start(session, clock, bm, settings, 2))
    for soort in ("kennisgeving_rvr", "tenuitvoerlegging", "afschrift_ovj"):
        clock.advance(hours=1)
        cm = _rond_af(session, clock, bm, settings, cm, soort)
    clock.advance(hours=18)
    cm = _doe(session, clock, bm, settings, cm, "registreer_voortzettingsverzoek",
              verzoek_ontvangen_op=clock.now().isoformat())
    clock.advance(days=2)
    _doe(session, clock, bm, settings, cm, "verleen_voortzetting", beslist_op=clock.now().isoformat())
    beroep = beroepen.beroep_van(session, cm.id)
    pijplijn.voer_actie_uit(session=session, clock=clock, actor=bm, soort=BEROEP_ZAAK, zaak_id=beroep.id,
                            actie="stel_in", versie=beroep.versie, velden={"ingesteld_op": clock.now().isoformat()},
                            settings=settings)


def _vervallen(session: Session, settings: Settings, bm: Gebruiker, nu: datetime) -> None:
    clock = FixedClock(nu - timedelta(days=6))
    cm = _neem(session, clock, bm, settings, _start(session, clock, bm, settings, 3))
    geldig = open_termijn_van(session, "crisismaatregel", cm.id, "cm_geldigheid")
    clock.set(geldig.eindmoment + timedelta(seconds=1))
    verlopen.cm_geldigheid(session, clock, geldig)  # what the sweep does when it runs
    session.commit()
