"""Use cases of the crisismaatregel: start, read, carry out an action, complete a duty, list running ones."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, select

from workflows.crisismaatregel import CRISISMAATREGEL
from wvggz.audit.service import log_toegang, schrijf_historie
from wvggz.clock import Clock
from wvggz.config import Settings, get_settings
from wvggz.crisismaatregelen import effecten, plichten, tijd
from wvggz.crisismaatregelen.models import ZAAK, Crisismaatregel
from wvggz.crisismaatregelen.schemas import CrisismaatregelCreate
from wvggz.errors import ConflictError, Forbidden, MissingField, NotFound
from wvggz.gebruikers.models import Gebruiker
from wvggz.gebruikers.rechten import vereis, vereis_gemeente
from wvggz.gelijktijdig import vergrendel
from wvggz.meldingen.models import Melding
from wvggz.overgang import voer_uit
from wvggz.personen.service import vind_of_maak
from wvggz.taken.models import Taak
from wvggz.taken.service import rond_af
from wvggz.termijnen.service import open_termijn_van
from wvggz.velden import lees_velden

SYSTEEMACTIES = {"laat_vervallen"}
GEWIJZIGD = "Deze crisismaatregel is intussen door iemand anders gewijzigd. Laad de pagina opnieuw."


def start(
    *, session: Session, clock: Clock, actor: Gebruiker, data: CrisismaatregelCreate, settings: Settings | None = None,
    melding_id: int | None = None, triage_id: int | None = None,
) -> Crisismaatregel:
    """Register a request for a crisismaatregel in status `aangevraagd` and commit; returns it.

    From a melding: links both ways and writes the melding's history. A tvz start opens the 18-hour cap.
    """
    settings = settings or get_settings()
    vereis(actor, "crisismaatregel.maak")
    melding_id, triage_id = melding_id or data.melding_id, triage_id or data.triage_id
    now = clock.now()
    aangevraagd_op = tijd.controleer_een("aangevraagd_op", data.aangevraagd_op or now, now, settings)
    tvz_start = tijd.controleer_een("tvz_start", data.tvz_start, now, settings) if data.tvz_start else None
    melding = _melding(session, actor, melding_id) if melding_id else None
    betrokkene_id = _betrokkene(session, clock, data, melding, settings)
    cm = Crisismaatregel(
        gemeente=actor.gemeente, betrokkene_id=betrokkene_id, aangevraagd_op=aangevraagd_op,
        aangevraagd_door=data.aangevraagd_door.value, gemeente_verblijf=data.gemeente_verblijf,
        locatie=data.locatie, heeft_vertegenwoordiger=data.heeft_vertegenwoordiger, melding_id=melding_id,
        triage_id=triage_id,
    )
    session.add(cm)
    session.flush()
    schrijf_historie(session, clock, actor, zaak_type=ZAAK, zaak_id=cm.id, actie="aangevraagd", van=None,
                     naar=cm.status, reden=_herkomst(cm))
    if tvz_start is not None:
        _start_tvz(session, clock, actor, settings, cm, tvz_start)
    if melding is not None:
        _koppel_melding(session, clock, actor, melding, cm)
    log_toegang(session, clock, actor, handeling="schrijf", zaak_type=ZAAK, zaak_id=cm.id,
                persoon_ids=[betrokkene_id], doel="aanvraag crisismaatregel")
    session.commit()
    return cm


def _start_tvz(session: Session, clock: Clock, actor: Gebruiker, settings: Settings, cm: Crisismaatregel,
               moment: datetime) -> None:
    """The request says tvz already runs: the workflow's `start_tvz`, with its 18-hour cap."""
    voer_uit(CRISISMAATREGEL, cm.status, "start_tvz", {"tvz_start": moment, "tvz_gestart_op": cm.tvz_gestart_op})
    termijn = effecten.start_tvz(_stap(session, clock, actor, settings), cm, moment)
    schrijf_historie(session, clock, actor, zaak_type=ZAAK, zaak_id=cm.id, actie="start_tvz", van=cm.status,
                     naar=cm.status, reden=f"tijdelijke verplichte zorg uiterlijk tot {tijd.lokaal(termijn.eindmoment)}")


def _stap(session: Session, clock: Clock, actor: Gebruiker | None, settings: Settings) -> effecten.Stap:
    return effecten.Stap(session=session, clock=clock, actor=actor, settings=settings)


def _herkomst(cm: Crisismaatregel) -> str:
    bron = f"aangevraagd door {cm.aangevraagd_door.replace('_', ' ')}"
    if cm.melding_id:
        bron += f", vanuit melding {cm.melding_id}"
    if cm.triage_id:
        bron += f", vanuit OVP-triage {cm.triage_id}"
    return bron


def _melding(session: Session, actor: Gebruiker, melding_id: int) -> Melding:
    vereis(actor, "melding.lees")
    melding = session.get(Melding, melding_id)
    if melding is None:
        raise MissingField("melding_id", "Deze melding bestaat niet.")
    vereis_gemeente(actor, melding.gemeente)
    if melding.crisismaatregel_id is not None:
        bestaand = session.get(Crisismaatregel, melding.crisismaatregel_id)
        if bestaand is not None and bestaand.open:
            raise ConflictError(f"Vanuit deze melding loopt al crisismaatregel {bestaand.referentie}.")
    return melding


def _betrokkene(session: Session, clock: Clock, data: CrisismaatregelCreate, melding: Melding | None,
                settings: Settings) -> int:
    """Return the person id: the given betrokkene, or the melding's; both given must agree."""
    if data.betrokkene is None:
        if melding is None:
            raise MissingField("betrokkene", "Betrokkene is verplicht (of start vanuit een melding).")
        return melding.betrokkene_id
    if melding is not None and data.betrokkene.persoon_id not in (None, melding.betrokkene_id):
        raise MissingField("betrokkene.persoon_id", "Dit is niet de betrokkene van de melding.")
    if melding is not None and data.betrokkene.persoon_id is None:
        return melding.betrokkene_id
    return vind_of_maak(session, clock, data.betrokkene, veld="betrokkene", settings=settings).id


def _koppel_melding(session: Session, clock: Clock, actor: Gebruiker, melding: Melding,
                    cm: Crisismaatregel) -> None:
    melding.crisismaatregel_id = cm.id
    schrijf_historie(session, clock, actor, zaak_type="melding", zaak_id=melding.id,
                     actie="crisismaatregel_aangevraagd", van=melding.status, naar=melding.status,
                     reden=f"crisismaatregel {cm.referentie} aangevraagd")


def haal(*, session: Session, clock: Clock, actor: Gebruiker, crisismaatregel_id: int,
         doel: str = "inzien") -> Crisismaatregel:
    """Return the measure after checking role and scope; logs the read."""
    vereis(actor, "crisismaatregel.lees")
    cm = _vind(session, actor, crisismaatregel_id)
    log_toegang(session, clock, actor, handeling="lees", zaak_type=ZAAK, zaak_id=cm.id,
                persoon_ids=[cm.betrokkene_id], doel=doel)
    session.commit()
    return cm


def _vind(session: Session, actor: Gebruiker, crisismaatregel_id: int, slot: bool = False) -> Crisismaatregel:
    cm = (vergrendel(session, Crisismaatregel, crisismaatregel_id) if slot
          else session.get(Crisismaatregel, crisismaatregel_id))
    if cm is None:
        raise NotFound(f"Crisismaatregel {crisismaatregel_id} bestaat niet.")
    vereis_gemeente(actor, cm.gemeente)
    return cm


def context_voor(session: Session, cm: Crisismaatregel, now) -> dict[str, Any]:  # noqa: ANN001
    """Return the facts the workflow's guards read, derived from the stored case."""
    geldig = (open_termijn_van(session, ZAAK, cm.id, "voortzetting_geldigheid")
              or open_termijn_van(session, ZAAK, cm.id, "cm_geldigheid"))
    return {
        "now": now, "eigen_gemeente": cm.gemeente, "gemeente_verblijf": cm.gemeente_verblijf,
        "tvz_gestart_op": cm.tvz_gestart_op, "psychiater": cm.psychiater, "gehoord": cm.gehoord,
        "reden_niet_gehoord": cm.reden_niet_gehoord, "besloten_op": cm.besloten_op,
        "verzoek_ontvangen_op": cm.voortzetting_verzocht_op,
        "geldig_tot": geldig.eindmoment if geldig is not None else cm.geldig_tot,
    }


def _context(session: Session, cm: Crisismaatregel, actie: str, now) -> dict[str, Any]:  # noqa: ANN001
    """The stored facts, minus the action's own fields: those must come from the user, never from the file."""
    eigen = {v.naam for v in CRISISMAATREGEL.acties[actie].velden} if actie in CRISISMAATREGEL.acties else set()
    return {k: v for k, v in context_voor(session, cm, now).items() if k not in eigen}


def voer_actie_uit(
    *, session: Session, clock: Clock, actor: Gebruiker, crisismaatregel_id: int, actie: str, versie: int,
    velden: dict[str, Any], settings: Settings | None = None,
) -> Crisismaatregel:
    """Carry out one workflow action with its fields in one transaction; returns the changed measure."""
    settings = settings or get_settings()
    vereis(actor, "crisismaatregel.wijzig")
    cm = _vind(session, actor, crisismaatregel_id, slot=True)
    if actie in SYSTEEMACTIES:
        raise Forbidden("Deze actie voert het systeem uit wanneer de geldigheid verstrijkt.")
    if versie != cm.versie:
        raise ConflictError(GEWIJZIGD)
    now = clock.now()
    waarden = lees_velden(CRISISMAATREGEL.acties[actie], velden) if actie in CRISISMAATREGEL.acties else {}
    if actie == "neem_maatregel":
        waarden = _besluitvelden(cm, actor, waarden, now)
    waarden = tijd.controleer(waarden, now, settings)
    van = cm.status
    naar = voer_uit(CRISISMAATREGEL, van, actie, _context(session, cm, actie, now) | waarden)
    _controleer_volgorde(cm, actie, waarden)
    reden = effecten.pas_toe(_stap(session, clock, actor, settings), cm, actie, waarden)
    cm.status = naar
    schrijf_historie(session, clock, actor, zaak_type=ZAAK, zaak_id=cm.id, actie=actie, van=van, naar=naar,
                     reden=reden)
    log_toegang(session, clock, actor, handeling="schrijf", zaak_type=ZAAK, zaak_id=cm.id,
                persoon_ids=[cm.betrokkene_id], doel=actie)
    _commit(session)
    return cm


def _besluitvelden(cm: Crisismaatregel, actor: Gebruiker, w: dict[str, Any], now) -> dict[str, Any]:  # noqa: ANN001
    """The deciding official is the acting user; the decision moment and gemeente default to now and the request."""
    return {"gemeente_verblijf": cm.gemeente_verblijf, "besloten_op": now} | w | {"besluit_door_rol": actor.rol}


def _controleer_volgorde(cm: Crisismaatregel, actie: str, w: dict[str, Any]) -> None:
    """Moments the workflow cannot see: a decision before the request, tvz before the request."""
    if actie == "neem_maatregel":
        tijd.niet_voor("besloten_op", w["besloten_op"], cm.aangevraagd_op, "Het besluit ligt vóór de aanvraag.")


def _commit(session: Session) -> None:
    try:
        session.commit()
    except StaleDataError:
        session.rollback()
        raise ConflictError(GEWIJZIGD) from None


def rond_taak_af(
    *, session: Session, clock: Clock, actor: Gebruiker, crisismaatregel_id: int, taak_id: int,
    toelichting: str | None = None, settings: Settings | None = None,
) -> Crisismaatregel:
    """Mark one duty of the measure done by `actor` now; closes its term and commits. Returns the measure."""
    settings = settings or get_settings()
    vereis(actor, "crisismaatregel.wijzig")
    cm = _vind(session, actor, crisismaatregel_id)
    taak = session.get(Taak, taak_id)
    if taak is None or taak.zaak_type != ZAAK or taak.zaak_id != cm.id:
        raise NotFound(f"Taak {taak_id} hoort niet bij deze crisismaatregel.")
    rond_af(session, clock, actor, taak_id=taak.id, toelichting=toelichting)
    notitie = plichten.na_afronden(session, clock, cm, taak, settings)
    if notitie:
        schrijf_historie(session, clock, actor, zaak_type=ZAAK, zaak_id=cm.id, actie="ovj_ontvangen",
                         van=cm.status, naar=cm.status, reden=notitie)
    log_toegang(session, clock, actor, handeling="schrijf", zaak_type=ZAAK, zaak_id=cm.id,
                persoon_ids=[cm.betrokkene_id], doel=f"taak {taak.soort}")
    _commit(session)
    return cm


def lopende(*, session: Session, clock: Clock, actor: Gebruiker) -> list[dict[str, Any]]:
    """Return the running measures of the user's gemeente, next clock first; logs which persons were shown."""
    from wvggz.crisismaatregelen.queries import lopende as lees

    vereis(actor, "crisismaatregel.lees")
    regels = lees(session, actor.gemeente, clock.now())
    if regels:
        ids = [r["id"] for r in regels]
        personen = session.exec(select(Crisismaatregel.betrokkene_id).where(Crisismaatregel.id.in_(ids))).all()
        log_toegang(session, clock, actor, handeling="lees", zaak_type=ZAAK, zaak_id=None,
                    persoon_ids=list(personen), doel="lopende crisismaatregelen")
        session.commit()
    return regels
