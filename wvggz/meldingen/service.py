"""Use cases of the zorgmelding: register, carry out an action, read one with everything it needs."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from wvggz import tijdcontrole
from wvggz.audit.service import log_toegang, schrijf_historie
from wvggz.clock import Clock
from wvggz.config import Settings, get_settings
from wvggz.errors import ConflictError, InvalidTransition, MissingField
from wvggz.gebruikers.models import Gebruiker
from wvggz.gebruikers.rechten import vereis
from wvggz.meldingen import effecten
from wvggz.meldingen.models import NAASTE_RELATIES, Melding
from wvggz.meldingen.schemas import MeldingCreate
from wvggz.meldingen.soort import MELDING_ZAAK, controleer_behandelaar
from wvggz.personen.service import vind_of_maak
from wvggz.rijen import voeg_in
from wvggz.termijnen.service import bereken_termijn, open_termijn
from wvggz.zaken import pijplijn
from wvggz.zaken.soort import Stap
from wvggz.zaken.uow import UnitOfWork

ZAAK = "melding"


def registreer(
    *, session: Session, clock: Clock, actor: Gebruiker, data: MeldingCreate, settings: Settings | None = None,
    triage_id: int | None = None,
) -> Melding:
    """Register a melding in status `ontvangen`, open the 14-day term and commit. Returns the melding."""
    with UnitOfWork(session, MELDING_ZAAK.gewijzigd):
        return neem_op(session=session, clock=clock, actor=actor, data=data, settings=settings, triage_id=triage_id)


def neem_op(
    *, session: Session, clock: Clock, actor: Gebruiker, data: MeldingCreate, settings: Settings | None = None,
    triage_id: int | None = None,
) -> Melding:
    """Add a melding in status `ontvangen` with its 14-day term, history, access log and receipt to the
    caller's transaction (no commit): `registreer`, and the OVP's hand-over in the triage's own action.

    Persons and `triage_id` must belong to the actor's gemeente; a new betrokkene who matches a known
    person needs `nieuwe_persoon_bevestigd` (else MogelijkeDubbele naming the candidates)."""
    settings = settings or get_settings()
    vereis(actor, "melding.maak")
    now = clock.now()
    ontvangen_op = tijdcontrole.plausibel("ontvangen_op", data.ontvangen_op or now, now, settings,
                                          wat="Ontvangstmoment")
    if triage_id is not None:
        _eigen_triage(session, actor, triage_id)
    melder = vind_of_maak(session, clock, data.melder, veld="melder", settings=settings, gemeente=actor.gemeente)
    betrokkene = vind_of_maak(session, clock, data.betrokkene, veld="betrokkene", settings=settings,
                              gemeente=actor.gemeente, dubbel_controle=True)
    if melder.id == betrokkene.id:
        raise MissingField("melder", "Melder en betrokkene zijn dezelfde persoon.")
    melding = Melding(
        gemeente=actor.gemeente, ontvangen_op=ontvangen_op, kanaal=data.kanaal.value, melder_id=melder.id,
        melder_relatie=data.melder.relatie.value, melder_is_naaste=data.melder.relatie in NAASTE_RELATIES,
        anoniem_tov_betrokkene=data.melder.anoniem_tov_betrokkene, betrokkene_id=betrokkene.id,
        zorgen=data.zorgen, acuut=data.acuut, e33_nummer=data.e33_nummer, triage_id=triage_id,
        uiterlijk_besluit_op=bereken_termijn("melding_beslissing", ontvangen_op, settings).eindmoment,
    )
    voeg_in(session, melding)
    open_termijn(session, soort="melding_beslissing", zaak_type=ZAAK, zaak_id=melding.id, start=ontvangen_op,
                 settings=settings)
    schrijf_historie(session, clock, actor, zaak_type=ZAAK, zaak_id=melding.id, actie="geregistreerd",
                     van=None, naar=melding.status, reden=f"kanaal {melding.kanaal}", gemeente=melding.gemeente)
    log_toegang(session, clock, actor, handeling="schrijf", zaak_type=ZAAK, zaak_id=melding.id,
                persoon_ids=[betrokkene.id, melder.id], doel="registratie", gemeente=melding.gemeente)
    effecten.na_registratie(session, clock, melding)
    return melding


def _eigen_triage(session: Session, actor: Gebruiker, triage_id: int) -> None:
    """A triage of another gemeente answers as one that does not exist."""
    from wvggz.triage.models import Triage

    triage = session.get(Triage, triage_id)
    if triage is None or triage.gemeente != actor.gemeente:
        raise MissingField("triage_id", "Deze triage bestaat niet.")


def haal(*, session: Session, clock: Clock, actor: Gebruiker, melding_id: int, doel: str = "inzien") -> Melding:
    """Return the melding after checking role and scope; logs the read (the one pipeline's `haal`)."""
    return pijplijn.haal(session=session, clock=clock, actor=actor, soort=MELDING_ZAAK, zaak_id=melding_id, doel=doel)


def werkvoorraad(*, session: Session, clock: Clock, actor: Gebruiker, filter_) -> dict[str, Any]:  # noqa: ANN001
    """Return the queue page (see queries.werkvoorraad) and log which persons were shown."""
    from wvggz.meldingen.queries import werkvoorraad as lees

    pagina = lees(session, actor, filter_, clock.now())
    if pagina["items"]:
        betrokkenen = [r["betrokkene_id"] for r in pagina["items"]]
        pijplijn.log_getoond(session, clock, actor, ZAAK, betrokkenen, "werkvoorraad")
    return pagina


def wijs_toe(
    *, session: Session, clock: Clock, actor: Gebruiker, melding_id: int, versie: int, behandelaar_id: int,
    settings: Settings | None = None,
) -> Melding:
    """Make `behandelaar_id` the behandelaar; a melding still `ontvangen` starts its onderzoek with it.

    Returns the changed melding; a stale `versie` raises ConflictError, a closed melding InvalidTransition."""
    with UnitOfWork(session, MELDING_ZAAK.gewijzigd):
        status = pijplijn.laad_voor_wijziging(session, MELDING_ZAAK, actor, melding_id, versie).status
    if status == "ontvangen":
        return pijplijn.voer_actie_uit(session=session, clock=clock, actor=actor, soort=MELDING_ZAAK,
                                       zaak_id=melding_id, actie="start_onderzoek", versie=versie,
                                       velden={"behandelaar_id": behandelaar_id}, settings=settings)
    stap = Stap(session=session, clock=clock, actor=actor, settings=settings or get_settings())
    with UnitOfWork(session, MELDING_ZAAK.gewijzigd):
        melding = pijplijn.laad_voor_wijziging(session, MELDING_ZAAK, actor, melding_id, versie)
        _alleen_in_onderzoek(melding, "toegewezen")
        controleer_behandelaar(stap, behandelaar_id)
        _zet_behandelaar(session, clock, actor, melding, behandelaar_id, "toegewezen")
    return melding


def geef_vrij(*, session: Session, clock: Clock, actor: Gebruiker, melding_id: int, versie: int) -> Melding:
    """Clear the behandelaar of a melding in onderzoek so someone else can take it; returns the melding."""
    with UnitOfWork(session, MELDING_ZAAK.gewijzigd):
        melding = pijplijn.laad_voor_wijziging(session, MELDING_ZAAK, actor, melding_id, versie)
        _alleen_in_onderzoek(melding, "vrijgegeven")
        if melding.behandelaar_id is None:
            raise ConflictError("Deze melding heeft al geen behandelaar. Laad de pagina opnieuw.")
        _zet_behandelaar(session, clock, actor, melding, None, "vrijgegeven")
    return melding


def _alleen_in_onderzoek(melding: Melding, wat: str) -> None:
    if melding.status != "in_onderzoek":
        raise InvalidTransition(f"Een melding in status '{melding.status}' kan niet meer worden {wat}.")


def _zet_behandelaar(
    session: Session, clock: Clock, actor: Gebruiker, melding: Melding, behandelaar_id: int | None, actie: str,
) -> None:
    """Change the behandelaar with a history row and an access-log row (in the caller's unit of work)."""
    vorige = melding.behandelaar_id
    melding.behandelaar_id = behandelaar_id
    schrijf_historie(session, clock, actor, zaak_type=ZAAK, zaak_id=melding.id, actie=f"behandelaar_{actie}",
                     van=melding.status, naar=melding.status,
                     reden=f"behandelaar: {_naam(session, vorige)} -> {_naam(session, behandelaar_id)}")
    log_toegang(session, clock, actor, handeling="schrijf", zaak_type=ZAAK, zaak_id=melding.id,
                persoon_ids=[melding.betrokkene_id], doel=f"behandelaar_{actie}")


def _naam(session: Session, gebruiker_id: int | None) -> str:
    gebruiker = session.get(Gebruiker, gebruiker_id) if gebruiker_id else None
    return gebruiker.naam if gebruiker else "geen"
