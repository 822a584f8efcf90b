"""Use cases of the crisismaatregel: start, read, carry out an action, complete a duty, list running ones."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session, select

from workflows.crisismaatregel import CRISISMAATREGEL
from wvggz.audit.service import log_toegang, schrijf_historie
from wvggz.clock import Clock
from wvggz.config import Settings, get_settings
from wvggz.crisismaatregelen import effecten, kennis, plichten, tijd
from wvggz.crisismaatregelen.models import ZAAK, Crisismaatregel
from wvggz.crisismaatregelen.schemas import CrisismaatregelCreate
from wvggz.crisismaatregelen.soort import CRISISMAATREGEL_ZAAK
from wvggz.errors import ConflictError, MissingField, NotFound
from wvggz.gebruikers.models import Gebruiker
from wvggz.gebruikers.rechten import vereis
from wvggz.meldingen.models import Melding
from wvggz.overgang import voer_uit
from wvggz.personen.service import vind_of_maak
from wvggz.taken.models import Taak
from wvggz.taken.service import rond_af
from wvggz.zaken import afscherming, pijplijn
from wvggz.zaken.soort import Stap
from wvggz.zaken.uow import UnitOfWork


def start(
    *, session: Session, clock: Clock, actor: Gebruiker, data: CrisismaatregelCreate, settings: Settings | None = None,
    melding_id: int | None = None, triage_id: int | None = None,
) -> Crisismaatregel:
    """Register a request for a crisismaatregel in status `aangevraagd` and commit; returns it.

    From a melding: links both ways and writes the melding's history. A tvz start opens the 18-hour cap.
    """
    with UnitOfWork(session, CRISISMAATREGEL_ZAAK.gewijzigd):
        return vraag_aan(session=session, clock=clock, actor=actor, data=data, settings=settings,
                         melding_id=melding_id, triage_id=triage_id)


def vraag_aan(
    *, session: Session, clock: Clock, actor: Gebruiker, data: CrisismaatregelCreate, settings: Settings | None = None,
    melding_id: int | None = None, triage_id: int | None = None,
) -> Crisismaatregel:
    """Add the request with its links, history and access log to the caller's transaction (no commit): `start`,
    and the OVP's hand-over in the triage's own action. Returns the new measure."""
    settings = settings or get_settings()
    vereis(actor, "crisismaatregel.maak")
    melding_id, triage_id = melding_id or data.melding_id, triage_id or data.triage_id
    now = clock.now()
    aangevraagd_op = tijd.controleer_een("aangevraagd_op", data.aangevraagd_op or now, now, settings)
    tvz_start = tijd.controleer_een("tvz_start", data.tvz_start, now, settings) if data.tvz_start else None
    melding = _melding(session, actor, melding_id) if melding_id else None
    if triage_id:
        _eigen_triage(session, actor, triage_id)
    betrokkene_id = _betrokkene(session, clock, data, melding, settings, actor.gemeente)
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
    return cm


def _start_tvz(session: Session, clock: Clock, actor: Gebruiker, settings: Settings, cm: Crisismaatregel,
               moment: datetime) -> None:
    """The request says tvz already runs: the workflow's `start_tvz`, with its 18-hour cap."""
    voer_uit(CRISISMAATREGEL, cm.status, "start_tvz", {"tvz_start": moment, "tvz_gestart_op": cm.tvz_gestart_op})
    termijn = effecten.start_tvz(_stap(session, clock, actor, settings), cm, moment)
    schrijf_historie(session, clock, actor, zaak_type=ZAAK, zaak_id=cm.id, actie="start_tvz", van=cm.status,
                     naar=cm.status, reden=f"tijdelijke verplichte zorg uiterlijk tot {tijd.lokaal(termijn.eindmoment)}")


def _stap(session: Session, clock: Clock, actor: Gebruiker | None, settings: Settings) -> Stap:
    return Stap(session=session, clock=clock, actor=actor, settings=settings)


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
    if melding is None or melding.gemeente != actor.gemeente:  # another gemeente's: as if it did not exist
        raise MissingField("melding_id", "Deze melding bestaat niet.")
    if melding.crisismaatregel_id is not None:
        bestaand = session.get(Crisismaatregel, melding.crisismaatregel_id)
        if bestaand is not None and bestaand.open:
            raise ConflictError(f"Vanuit deze melding loopt al crisismaatregel {bestaand.referentie}.")
    return melding


def _eigen_triage(session: Session, actor: Gebruiker, triage_id: int) -> None:
    from wvggz.triage.models import Triage

    triage = session.get(Triage, triage_id)
    if triage is None or triage.gemeente != actor.gemeente:  # another gemeente's: as if it did not exist
        raise MissingField("triage_id", "Deze triage bestaat niet.")


def _betrokkene(session: Session, clock: Clock, data: CrisismaatregelCreate, melding: Melding | None,
                settings: Settings, gemeente: str) -> int:
    """Return the person id: the given betrokkene, or the melding's; both given must agree."""
    if data.betrokkene is None:
        if melding is None:
            raise MissingField("betrokkene", "Betrokkene is verplicht (of start vanuit een melding).")
        return melding.betrokkene_id
    if melding is not None and data.betrokkene.persoon_id not in (None, melding.betrokkene_id):
        raise MissingField("betrokkene.persoon_id", "Dit is niet de betrokkene van de melding.")
    if melding is not None and data.betrokkene.persoon_id is None:
        return melding.betrokkene_id
    return vind_of_maak(session, clock, data.betrokkene, veld="betrokkene", settings=settings,
                        gemeente=gemeente).id


def _koppel_melding(session: Session, clock: Clock, actor: Gebruiker, melding: Melding,
                    cm: Crisismaatregel) -> None:
    melding.crisismaatregel_id = cm.id
    schrijf_historie(session, clock, actor, zaak_type="melding", zaak_id=melding.id,
                     actie="crisismaatregel_aangevraagd", van=melding.status, naar=melding.status,
                     reden=f"crisismaatregel {cm.referentie} aangevraagd")


def haal(*, session: Session, clock: Clock, actor: Gebruiker, crisismaatregel_id: int,
         doel: str = "inzien") -> Crisismaatregel:
    """Return the measure after checking role and scope; logs the read (the one pipeline's `haal`)."""
    return pijplijn.haal(session=session, clock=clock, actor=actor, soort=CRISISMAATREGEL_ZAAK,
                         zaak_id=crisismaatregel_id, doel=doel)


def rond_taak_af(
    *, session: Session, clock: Clock, actor: Gebruiker, crisismaatregel_id: int, taak_id: int,
    toelichting: str | None = None, settings: Settings | None = None,
) -> Crisismaatregel:
    """Mark one duty of the measure done by `actor` now; closes its term and commits. Returns the measure."""
    settings = settings or get_settings()
    with UnitOfWork(session, CRISISMAATREGEL_ZAAK.gewijzigd):
        cm = pijplijn.laad(session, CRISISMAATREGEL_ZAAK, actor, crisismaatregel_id,
                           recht=CRISISMAATREGEL_ZAAK.wijzig_recht, voor_update=True)
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
    return cm


def lopende(*, session: Session, clock: Clock, actor: Gebruiker) -> list[dict[str, Any]]:
    """Return the running measures of the user's gemeente, next clock first; logs which persons were shown."""
    from wvggz.crisismaatregelen.queries import lopende as lees

    vereis(actor, "crisismaatregel.lees")
    regels = afscherming.regels(actor, kennis.filter_maatregelen(session, actor, lees(session, actor.gemeente,
                                                                                     clock.now())))
    if regels:
        ids = [r["id"] for r in regels]
        personen = session.exec(select(Crisismaatregel.betrokkene_id).where(Crisismaatregel.id.in_(ids))).all()
        pijplijn.log_getoond(session, clock, actor, ZAAK, personen, "lopende crisismaatregelen")
    return regels
