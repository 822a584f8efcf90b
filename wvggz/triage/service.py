"""Use cases of the OVP triage: log an arrival, carry out an action, read one, the board, the figures."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlmodel import Session

from wvggz import tijdcontrole
from wvggz.audit.service import log_toegang, schrijf_historie
from wvggz.clock import Clock
from wvggz.config import Settings, get_settings
from wvggz.errors import MissingField
from wvggz.gebruikers.models import Gebruiker
from wvggz.gebruikers.rechten import vereis
from wvggz.personen.service import vind_of_maak
from wvggz.triage import cijfers as figuren
from wvggz.triage import queries
from wvggz.triage.models import GebrachtDoor, Triage
from wvggz.triage.schemas import TriageCreate
from wvggz.triage.soort import TRIAGE_ZAAK
from wvggz.zaken import afscherming, pijplijn
from wvggz.zaken.uow import UnitOfWork

ZAAK = "triage"
MAX_TERUG = timedelta(days=7)  # an arrival logged later than this is almost surely a typo in the date
MAX_PERIODE = timedelta(days=3 * 366)


def _niet_in_toekomst(veld: str, moment: datetime, now: datetime, settings: Settings, wat: str) -> None:
    tijdcontrole.niet_in_toekomst(veld, moment, now, settings, wat)


def registreer(
    *, session: Session, clock: Clock, actor: Gebruiker, data: TriageCreate, settings: Settings | None = None,
) -> Triage:
    """Log an arrival at the OVP in status `binnengebracht` and commit. Returns the triage."""
    with UnitOfWork(session, TRIAGE_ZAAK.gewijzigd):
        return _neem_op(session, clock, actor, data, settings or get_settings())


def _neem_op(session: Session, clock: Clock, actor: Gebruiker, data: TriageCreate, settings: Settings) -> Triage:
    vereis(actor, "triage.wijzig")
    now = clock.now()
    aangekomen_op = tijdcontrole.plausibel("aangekomen_op", data.aangekomen_op or now, now, settings,
                                           wat="Het aankomstmoment", terug=MAX_TERUG, hoe_ver="meer dan 7 dagen")
    if data.gebracht_door == GebrachtDoor.ANDERS and not data.gebracht_door_toelichting:
        raise MissingField("gebracht_door_toelichting", "Vermeld door wie betrokkene is gebracht.")
    persoon = vind_of_maak(session, clock, data.persoon, veld="persoon", settings=settings,
                           gemeente=actor.gemeente) if data.persoon else None
    triage = Triage(
        gemeente=actor.gemeente, geregistreerd_door_id=actor.id, aangekomen_op=aangekomen_op,
        gebracht_door=data.gebracht_door.value, gebracht_door_toelichting=data.gebracht_door_toelichting,
        e33_nummer=data.e33_nummer, verdacht_van_strafbaar_feit=data.verdacht_van_strafbaar_feit,
        persoon_id=persoon.id if persoon else None, signalement=data.signalement,
    )
    session.add(triage)
    session.flush()
    schrijf_historie(session, clock, actor, zaak_type=ZAAK, zaak_id=triage.id, actie="binnengebracht", van=None,
                     naar=triage.status, reden=f"gebracht door {triage.gebracht_door}")
    log_toegang(session, clock, actor, handeling="schrijf", zaak_type=ZAAK, zaak_id=triage.id,
                persoon_ids=[triage.persoon_id], doel="aankomst")
    return triage


def haal(*, session: Session, clock: Clock, actor: Gebruiker, triage_id: int, doel: str = "inzien") -> Triage:
    """Return the triage after checking role and scope; logs the read (the one pipeline's `haal`)."""
    return pijplijn.haal(session=session, clock=clock, actor=actor, soort=TRIAGE_ZAAK, zaak_id=triage_id, doel=doel)


def detail(*, session: Session, clock: Clock, actor: Gebruiker, triage_id: int,
           settings: Settings | None = None) -> dict[str, Any]:
    """Return the full view of one triage (see queries.detail); logs the read."""
    triage = haal(session=session, clock=clock, actor=actor, triage_id=triage_id)
    return afscherming.triage(actor, queries.detail(session, triage, clock.now(), settings or get_settings()))


def bord(
    *, session: Session, clock: Clock, actor: Gebruiker, aanwezig: bool | None = True, pagina: int = 1,
    per_pagina: int = 100, settings: Settings | None = None,
) -> dict[str, Any]:
    """Return the board (see queries.bord); logs one access row per named person shown."""
    settings = settings or get_settings()
    vereis(actor, "triage.lees")
    uit = queries.bord(session, actor, aanwezig=aanwezig, pagina=pagina, per_pagina=per_pagina, now=clock.now(),
                       settings=settings)
    getoond = [r["persoon_id"] for r in uit["items"] if r["persoon"] is not None]
    pijplijn.log_getoond(session, clock, actor, ZAAK, getoond, "ovp_bord")
    return uit


def _periode(van: date, tot: date) -> None:
    """Raise MissingField unless `van`..`tot` is a period of at most three years since 2000."""
    for veld, dag in (("van", van), ("tot", tot)):
        if not date(2000, 1, 1) <= dag <= date(2100, 12, 31):
            raise MissingField(veld, "Kies een datum tussen 2000 en 2100.")
    if tot < van:
        raise MissingField("tot", "Het einde van de periode ligt vóór het begin.")
    if tot - van > MAX_PERIODE:
        raise MissingField("tot", "Kies een periode van hoogstens drie jaar.")


def cijfers(*, session: Session, actor: Gebruiker, van: date, tot: date) -> dict[str, Any]:
    """Return the figures for arrivals from `van` to `tot` (local dates, inclusive); no names."""
    vereis(actor, "triage.lees")
    _periode(van, tot)
    return figuren.cijfers(session, actor.gemeente, van, tot)


def csv_export(*, session: Session, actor: Gebruiker, van: date, tot: date) -> str:
    """Return the CSV of the period's triages: ids, times, brought-by, outcome code, durations; no names."""
    vereis(actor, "triage.lees")
    _periode(van, tot)
    return figuren.csv_tekst(session, actor.gemeente, van, tot)


def zoek_personen(*, session: Session, clock: Clock, actor: Gebruiker, naam: str | None,
                  geboortedatum: date | None) -> list[dict[str, Any]]:
    """Return the gemeente's persons matching surname prefix and/or birth date (max 20) to link; logs each
    one shown."""
    from wvggz.personen.service import zoek

    vereis(actor, "triage.wijzig")
    vereis(actor, "persoon.lees")
    if not (naam and naam.strip()) and geboortedatum is None:
        return []
    gevonden = zoek(session, gemeente=actor.gemeente, naam=naam, geboortedatum=geboortedatum)
    pijplijn.log_getoond(session, clock, actor, ZAAK, [p.id for p in gevonden], "persoon_zoeken")
    return [queries.persoon_kort(p) for p in gevonden]
