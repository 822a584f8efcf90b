"""Use cases of the OVP triage: log an arrival, carry out an action, read one, the board, the figures."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session

from workflows.triage import TRIAGE
from wvggz.audit.service import log_toegang, schrijf_historie
from wvggz.clock import TZ, Clock
from wvggz.config import Settings, get_settings
from wvggz.errors import ConflictError, InvalidTransition, MissingField, NotFound
from wvggz.gebruikers.models import Gebruiker
from wvggz.gebruikers.rechten import vereis, vereis_gemeente
from wvggz.gelijktijdig import vergrendel
from wvggz.overgang import voer_uit
from wvggz.personen.service import vind_of_maak
from wvggz.triage import cijfers as figuren
from wvggz.triage import effecten, overdracht, queries
from wvggz.triage.models import GebrachtDoor, Triage
from wvggz.triage.schemas import TriageCreate
from wvggz.velden import lees_velden

ZAAK = "triage"
MAX_TERUG = timedelta(days=7)  # an arrival logged later than this is almost surely a typo in the date
MAX_PERIODE = timedelta(days=3 * 366)


def _moment(waarde: datetime | None, now: datetime) -> datetime:
    if waarde is None:
        return now
    return waarde if waarde.tzinfo else waarde.replace(tzinfo=TZ)


def _niet_in_toekomst(veld: str, moment: datetime, now: datetime, settings: Settings, wat: str) -> None:
    if moment > now + timedelta(minutes=settings.klokafwijking_minuten):
        raise MissingField(veld, f"{wat} ligt in de toekomst.")


def registreer(
    *, session: Session, clock: Clock, actor: Gebruiker, data: TriageCreate, settings: Settings | None = None,
) -> Triage:
    """Log an arrival at the OVP in status `binnengebracht` and commit. Returns the triage."""
    settings = settings or get_settings()
    vereis(actor, "triage.wijzig")
    now = clock.now()
    aangekomen_op = _moment(data.aangekomen_op, now)
    _niet_in_toekomst("aangekomen_op", aangekomen_op, now, settings, "Het aankomstmoment")
    if aangekomen_op < now - MAX_TERUG:
        raise MissingField("aangekomen_op", "Het aankomstmoment ligt meer dan 7 dagen terug.")
    if data.gebracht_door == GebrachtDoor.ANDERS and not data.gebracht_door_toelichting:
        raise MissingField("gebracht_door_toelichting", "Vermeld door wie betrokkene is gebracht.")
    persoon = vind_of_maak(session, clock, data.persoon, veld="persoon", settings=settings) if data.persoon else None
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
    session.commit()
    return triage


def _laad(session: Session, actor: Gebruiker, triage_id: int, slot: bool = False) -> Triage:
    triage = vergrendel(session, Triage, triage_id) if slot else session.get(Triage, triage_id)
    if triage is None:
        raise NotFound(f"Triage {triage_id} bestaat niet.")
    vereis_gemeente(actor, triage.gemeente)
    return triage


def haal(*, session: Session, clock: Clock, actor: Gebruiker, triage_id: int, doel: str = "inzien") -> Triage:
    """Return the triage after checking role and scope; logs the read of the person's record."""
    vereis(actor, "triage.lees")
    triage = _laad(session, actor, triage_id)
    log_toegang(session, clock, actor, handeling="lees", zaak_type=ZAAK, zaak_id=triage.id,
                persoon_ids=[triage.persoon_id], doel=doel)
    session.commit()
    return triage


def detail(*, session: Session, clock: Clock, actor: Gebruiker, triage_id: int,
           settings: Settings | None = None) -> dict[str, Any]:
    """Return the full view of one triage (see queries.detail); logs the read."""
    triage = haal(session=session, clock=clock, actor=actor, triage_id=triage_id)
    return queries.detail(session, triage, clock.now(), settings or get_settings())


def voer_actie_uit(
    *, session: Session, clock: Clock, actor: Gebruiker, triage_id: int, actie: str, versie: int,
    velden: dict[str, Any], settings: Settings | None = None,
) -> Triage:
    """Carry out one action (workflow step or side action) in one transaction; returns the triage."""
    settings = settings or get_settings()
    vereis(actor, "triage.wijzig")
    triage = _laad(session, actor, triage_id, slot=True)
    if versie != triage.versie:
        raise ConflictError(overdracht.GEWIJZIGD)
    if actie in overdracht.NEVENACTIES:
        _nevenactie(session, clock, actor, triage, actie, velden, settings)
    else:
        _stap(session, clock, actor, triage, actie, velden, settings)
    return triage


def _nevenactie(session, clock, actor, triage: Triage, actie: str, velden, settings) -> None:  # noqa: ANN001
    if actie not in overdracht.toegestaan(triage):
        namen = queries.actienamen(triage)
        raise InvalidTransition(f"Actie '{actie}' is nu niet mogelijk voor deze triage (status '{triage.status}'). "
                                f"Nu toegestaan: {', '.join(namen) or 'geen'}.", toegestaan=namen)
    data = overdracht.lees(actie, velden)
    overdracht.voer_uit(session, clock, actor, triage, actie, data, settings)


def _stap(session, clock, actor, triage: Triage, actie: str, velden, settings) -> None:  # noqa: ANN001
    now = clock.now()
    waarden = lees_velden(TRIAGE.acties[actie], velden) if actie in TRIAGE.acties else {}
    context = {"verdacht_van_strafbaar_feit": triage.verdacht_van_strafbaar_feit,
               "aangekomen_op": triage.aangekomen_op} | waarden
    van = triage.status
    naar = voer_uit(TRIAGE, van, actie, context)
    if actie == "vertrek":
        _niet_in_toekomst("vertrokken_op", waarden["vertrokken_op"], now, settings, "Het vertrekmoment")
    reden = effecten.pas_toe(triage, actie, waarden, now)
    triage.status = str(naar)
    schrijf_historie(session, clock, actor, zaak_type=ZAAK, zaak_id=triage.id, actie=actie, van=van, naar=naar,
                     reden=reden)
    log_toegang(session, clock, actor, handeling="schrijf", zaak_type=ZAAK, zaak_id=triage.id,
                persoon_ids=[triage.persoon_id], doel=actie)
    try:
        session.commit()
    except StaleDataError:
        session.rollback()
        raise ConflictError(overdracht.GEWIJZIGD) from None


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
    if getoond:
        log_toegang(session, clock, actor, handeling="lees", zaak_type=ZAAK, zaak_id=None, persoon_ids=getoond,
                    doel="ovp_bord")
        session.commit()
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
    """Return persons matching surname prefix and/or birth date (max 20) to link; logs each one shown."""
    from wvggz.personen.service import zoek

    vereis(actor, "triage.wijzig")
    vereis(actor, "persoon.lees")
    if not (naam and naam.strip()) and geboortedatum is None:
        return []
    gevonden = zoek(session, naam=naam, geboortedatum=geboortedatum)
    log_toegang(session, clock, actor, handeling="lees", zaak_type=ZAAK, zaak_id=None,
                persoon_ids=[p.id for p in gevonden], doel="persoon_zoeken")
    session.commit()
    return [queries.persoon_kort(p) for p in gevonden]
