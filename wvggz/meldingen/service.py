"""Use cases of the zorgmelding: register, carry out an action, read one with everything it needs."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, select

from workflows.melding import MELDING
from wvggz.audit.service import log_toegang, schrijf_historie
from wvggz.clock import Clock
from wvggz.config import Settings, get_settings
from wvggz.errors import ConflictError, MissingField, NotFound
from wvggz.gebruikers.models import Gebruiker, Rol
from wvggz.gebruikers.rechten import vereis, vereis_gemeente
from wvggz.gelijktijdig import vergrendel
from wvggz.meldingen import effecten
from wvggz.meldingen.models import NAASTE_RELATIES, Melding
from wvggz.meldingen.schemas import MeldingCreate
from wvggz.overgang import voer_uit
from wvggz.personen.service import vind_of_maak
from wvggz.termijnen.service import bereken_termijn, open_termijn, open_termijn_van
from wvggz.velden import lees_velden

ZAAK = "melding"


def registreer(
    *, session: Session, clock: Clock, actor: Gebruiker, data: MeldingCreate, settings: Settings | None = None,
    triage_id: int | None = None,
) -> Melding:
    """Register a melding in status `ontvangen`, open the 14-day term and commit. Returns the melding."""
    settings = settings or get_settings()
    vereis(actor, "melding.maak")
    now = clock.now()
    ontvangen_op = data.ontvangen_op or now
    if ontvangen_op.tzinfo is None:
        from wvggz.clock import TZ

        ontvangen_op = ontvangen_op.replace(tzinfo=TZ)
    if ontvangen_op > now + timedelta(minutes=settings.klokafwijking_minuten):
        raise MissingField("ontvangen_op", "Ontvangstmoment ligt in de toekomst.")
    if ontvangen_op < now - timedelta(days=366):
        raise MissingField("ontvangen_op", "Ontvangstmoment ligt meer dan een jaar terug.")
    melder = vind_of_maak(session, clock, data.melder, veld="melder", settings=settings)
    betrokkene = vind_of_maak(session, clock, data.betrokkene, veld="betrokkene", settings=settings)
    if melder.id == betrokkene.id:
        raise MissingField("melder", "Melder en betrokkene zijn dezelfde persoon.")
    melding = Melding(
        gemeente=actor.gemeente, ontvangen_op=ontvangen_op, kanaal=data.kanaal.value, melder_id=melder.id,
        melder_relatie=data.melder.relatie.value, melder_is_naaste=data.melder.relatie in NAASTE_RELATIES,
        anoniem_tov_betrokkene=data.melder.anoniem_tov_betrokkene, betrokkene_id=betrokkene.id,
        zorgen=data.zorgen, acuut=data.acuut, e33_nummer=data.e33_nummer, triage_id=triage_id,
        uiterlijk_besluit_op=bereken_termijn("melding_beslissing", ontvangen_op, settings).eindmoment,
    )
    session.add(melding)
    session.flush()
    open_termijn(session, soort="melding_beslissing", zaak_type=ZAAK, zaak_id=melding.id, start=ontvangen_op,
                 settings=settings)
    schrijf_historie(session, clock, actor, zaak_type=ZAAK, zaak_id=melding.id, actie="geregistreerd",
                     van=None, naar=melding.status, reden=f"kanaal {melding.kanaal}")
    log_toegang(session, clock, actor, handeling="schrijf", zaak_type=ZAAK, zaak_id=melding.id,
                persoon_ids=[betrokkene.id, melder.id], doel="registratie")
    effecten.na_registratie(session, clock, melding)
    session.commit()
    return melding


def haal(*, session: Session, clock: Clock, actor: Gebruiker, melding_id: int, doel: str = "inzien") -> Melding:
    """Return the melding after checking role and scope; logs the read."""
    vereis(actor, "melding.lees")
    melding = session.get(Melding, melding_id)
    if melding is None:
        raise NotFound(f"Melding {melding_id} bestaat niet.")
    vereis_gemeente(actor, melding.gemeente)
    log_toegang(session, clock, actor, handeling="lees", zaak_type=ZAAK, zaak_id=melding.id,
                persoon_ids=[melding.betrokkene_id, melding.melder_id], doel=doel)
    session.commit()
    return melding


def context_voor(session: Session, melding: Melding, settings: Settings, now) -> dict[str, Any]:  # noqa: ANN001
    """Return the facts the workflow's guards read, derived from the stored case."""
    kandidaten = session.exec(
        select(Melding.id).where(
            Melding.betrokkene_id == melding.betrokkene_id, Melding.open.is_(True), Melding.id != melding.id
        )
    ).all()
    return {
        "now": now,
        "eigen_gemeente": settings.gemeente,
        "wijkteam_advies_open": open_termijn_van(session, ZAAK, melding.id, "wijkteam_advies") is not None,
        "medische_expertise": melding.medische_expertise,
        "melder_is_naaste": melding.melder_is_naaste,
        "kandidaten_samenvoegen": list(kandidaten),
    }


def voer_actie_uit(
    *, session: Session, clock: Clock, actor: Gebruiker, melding_id: int, actie: str, versie: int,
    velden: dict[str, Any], settings: Settings | None = None,
) -> Melding:
    """Carry out one workflow action with its fields in one transaction; returns the changed melding."""
    settings = settings or get_settings()
    melding = _te_wijzigen(session, actor, melding_id, versie)
    now = clock.now()
    waarden = lees_velden(MELDING.acties[actie], velden) if actie in MELDING.acties else {}
    context = context_voor(session, melding, settings, now) | waarden
    if actie in ("dien_aanvraag_in", "besluit_geen_aanvraag") and "medische_expertise" not in waarden:
        context["medische_expertise"] = melding.medische_expertise
    van = melding.status
    naar = voer_uit(MELDING, van, actie, context)
    if actie == "start_onderzoek":
        _controleer_behandelaar(session, actor, waarden["behandelaar_id"])
    reden = effecten.pas_toe(session, clock, melding, actie, waarden, settings=settings)
    melding.status = naar
    schrijf_historie(session, clock, actor, zaak_type=ZAAK, zaak_id=melding.id, actie=actie, van=van,
                     naar=naar, reden=reden)
    log_toegang(session, clock, actor, handeling="schrijf", zaak_type=ZAAK, zaak_id=melding.id,
                persoon_ids=[melding.betrokkene_id], doel=actie)
    try:
        session.commit()
    except StaleDataError:
        session.rollback()
        raise ConflictError("Deze melding is intussen door iemand anders gewijzigd. Laad de pagina opnieuw.") from None
    return melding


def _controleer_behandelaar(session: Session, actor: Gebruiker, behandelaar_id: int) -> None:
    behandelaar = session.get(Gebruiker, behandelaar_id)
    if (
        behandelaar is None or not behandelaar.actief
        or behandelaar.rol not in (Rol.INTAKE, Rol.PROJECTLEIDER)
        or behandelaar.gemeente.casefold() != actor.gemeente.casefold()
    ):
        raise MissingField("behandelaar_id", "Kies een actieve behandelaar (intake of projectleider) van uw gemeente.")


def werkvoorraad(*, session: Session, clock: Clock, actor: Gebruiker, filter_) -> dict[str, Any]:  # noqa: ANN001
    """Return the queue page (see queries.werkvoorraad) and log which persons were shown."""
    from wvggz.meldingen.queries import werkvoorraad as lees

    pagina = lees(session, actor, filter_, clock.now())
    if pagina["items"]:
        ids = [r["id"] for r in pagina["items"]]
        betrokkenen = session.exec(select(Melding.betrokkene_id).where(Melding.id.in_(ids))).all()
        log_toegang(session, clock, actor, handeling="lees", zaak_type=ZAAK, zaak_id=None,
                    persoon_ids=list(betrokkenen), doel="werkvoorraad")
        session.commit()
    return pagina


def wijs_toe(
    *, session: Session, clock: Clock, actor: Gebruiker, melding_id: int, versie: int, behandelaar_id: int,
    settings: Settings | None = None,
) -> Melding:
    """Make `behandelaar_id` the behandelaar; a melding still `ontvangen` starts its onderzoek with it.

    Returns the changed melding; a stale `versie` raises ConflictError, a closed melding InvalidTransition."""
    melding = _te_wijzigen(session, actor, melding_id, versie)
    if melding.status == "ontvangen":
        return voer_actie_uit(session=session, clock=clock, actor=actor, melding_id=melding_id,
                              actie="start_onderzoek", versie=versie, velden={"behandelaar_id": behandelaar_id},
                              settings=settings)
    _alleen_in_onderzoek(melding, "toewijzen")
    _controleer_behandelaar(session, actor, behandelaar_id)
    return _zet_behandelaar(session, clock, actor, melding, behandelaar_id, "toegewezen")


def geef_vrij(*, session: Session, clock: Clock, actor: Gebruiker, melding_id: int, versie: int) -> Melding:
    """Clear the behandelaar of a melding in onderzoek so someone else can take it; returns the melding."""
    melding = _te_wijzigen(session, actor, melding_id, versie)
    _alleen_in_onderzoek(melding, "vrijgeven")
    if melding.behandelaar_id is None:
        raise ConflictError("Deze melding heeft al geen behandelaar. Laad de pagina opnieuw.")
    return _zet_behandelaar(session, clock, actor, melding, None, "vrijgegeven")


def _te_wijzigen(session: Session, actor: Gebruiker, melding_id: int, versie: int) -> Melding:
    """Return the melding after the role, gemeente and version checks."""
    vereis(actor, "melding.wijzig")
    melding = vergrendel(session, Melding, melding_id)
    if melding is None:
        raise NotFound(f"Melding {melding_id} bestaat niet.")
    vereis_gemeente(actor, melding.gemeente)
    if versie != melding.versie:
        raise ConflictError("Deze melding is intussen door iemand anders gewijzigd. Laad de pagina opnieuw.")
    return melding


def _alleen_in_onderzoek(melding: Melding, wat: str) -> None:
    from wvggz.errors import InvalidTransition

    if melding.status != "in_onderzoek":
        raise InvalidTransition(f"Een melding in status '{melding.status}' kan niet meer worden {wat}.")


def _zet_behandelaar(
    session: Session, clock: Clock, actor: Gebruiker, melding: Melding, behandelaar_id: int | None, actie: str,
) -> Melding:
    """Change the behandelaar with a history row and an access-log row; commit (stale write: 409)."""
    vorige = melding.behandelaar_id
    melding.behandelaar_id = behandelaar_id
    schrijf_historie(session, clock, actor, zaak_type=ZAAK, zaak_id=melding.id, actie=f"behandelaar_{actie}",
                     van=melding.status, naar=melding.status,
                     reden=f"behandelaar: {_naam(session, vorige)} -> {_naam(session, behandelaar_id)}")
    log_toegang(session, clock, actor, handeling="schrijf", zaak_type=ZAAK, zaak_id=melding.id,
                persoon_ids=[melding.betrokkene_id], doel=f"behandelaar_{actie}")
    try:
        session.commit()
    except StaleDataError:
        session.rollback()
        raise ConflictError("Deze melding is intussen door iemand anders gewijzigd. Laad de pagina opnieuw.") from None
    return melding


def _naam(session: Session, gebruiker_id: int | None) -> str:
    gebruiker = session.get(Gebruiker, gebruiker_id) if gebruiker_id else None
    return gebruiker.naam if gebruiker else "geen"
