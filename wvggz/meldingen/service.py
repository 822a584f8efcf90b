"""Use cases of the zorgmelding: register, carry out an action, read one with everything it needs."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session

from notifications.outbox import Bericht, als_object
from wvggz import tijdcontrole
from wvggz.audit.keten import voeg_toe
from wvggz.audit.models import Historie
from wvggz.audit.service import log_toegang, schrijf_historie
from wvggz.clock import TZ, Clock
from wvggz.config import Settings, get_settings
from wvggz.db import GESCHREVEN, rauw
from wvggz.errors import ConflictError, InvalidTransition, MissingField
from wvggz.gebruikers.models import Gebruiker
from wvggz.gebruikers.rechten import vereis
from wvggz.meldingen import berichten, effecten
from wvggz.meldingen.models import NAASTE_RELATIES, Melding
from wvggz.meldingen.schemas import MeldingCreate
from wvggz.meldingen.soort import MELDING_ZAAK, controleer_behandelaar
from wvggz.personen.models import Persoon
from wvggz.personen.service import bereid
from wvggz.rijen import geladen, ingevoegd, rij_van
from wvggz.termijnen.models import Termijn
from wvggz.termijnen.service import nieuwe_termijn
from wvggz.zaken import pijplijn
from wvggz.zaken.soort import Stap
from wvggz.zaken.uow import UnitOfWork

ZAAK = "melding"


def registreer(
    *, session: Session, clock: Clock, actor: Gebruiker, data: MeldingCreate, settings: Settings | None = None,
    triage_id: int | None = None,
) -> Melding:
    """Register a melding in status `ontvangen`, open the 14-day term and commit. Returns the melding.

    Every row is built before the write transaction opens; inside it only the INSERTs, the audit chain's
    head and hashes, and the commit (on SQLite the writer gate is held for just that); the objects join the
    session after the commit, as the rows in hand for the answer (ADR 0018, 0023)."""
    with UnitOfWork(session, MELDING_ZAAK.gewijzigd):
        registratie = _bereid(session=session, clock=clock, actor=actor, data=data, settings=settings,
                              triage_id=triage_id)
        _schrijf(session, registratie)
    melding = _koppel(session, registratie)
    if session.in_transaction():  # an object attached the usual way began an empty session transaction: end it
        session.commit()  # (no SQL), so the next statement opens its own (the answer's read: `lees`, no write lock)
    geschreven = session.info.get(GESCHREVEN)
    if geschreven is not None:  # the history row in hand too (a copy, never added to the session): the
        geschreven.append(Historie(id=0, **_zonder_keten(registratie.historie)))  # answer reads nothing back
    return melding


def _zonder_keten(rij: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in rij.items() if k not in ("volgnummer", "hash")}


def neem_op(
    *, session: Session, clock: Clock, actor: Gebruiker, data: MeldingCreate, settings: Settings | None = None,
    triage_id: int | None = None,
) -> Melding:
    """Add a melding in status `ontvangen` with its 14-day term, history, access log and receipt to the
    caller's transaction (no commit): `registreer`, and the OVP's hand-over in the triage's own action.

    Persons and `triage_id` must belong to the actor's gemeente; a new betrokkene who matches a known
    person needs `nieuwe_persoon_bevestigd` (else MogelijkeDubbele naming the candidates)."""
    registratie = _bereid(session=session, clock=clock, actor=actor, data=data, settings=settings,
                          triage_id=triage_id)
    _schrijf(session, registratie)
    return _koppel(session, registratie)


@dataclass
class _Registratie:
    """The rows of one registration, built before the write (ADR 0023): objects and their INSERT values.
    A person with an id exists already; the ids of the rest are filled in by `_schrijf`."""

    melder: Persoon
    betrokkene: Persoon
    melding: Melding
    termijn: Termijn
    rijen: dict[str, dict[str, Any]]  # "melder", "betrokkene" (new persons only), "melding", "termijn"
    historie: dict[str, Any]
    toegang: list[dict[str, Any]]
    berichten: list[dict[str, Any]]
    ids: dict[str, int] = field(default_factory=dict)


def _bereid(
    *, session: Session, clock: Clock, actor: Gebruiker, data: MeldingCreate, settings: Settings | None,
    triage_id: int | None,
) -> _Registratie:
    """Check everything and build every row of the registration. Reads only for a chosen person, the
    duplicate check or a triage (in the caller's transaction); writes nothing."""
    settings = settings or get_settings()
    vereis(actor, "melding.maak")
    now = clock.now()
    ontvangen_op = tijdcontrole.plausibel("ontvangen_op", data.ontvangen_op or now, now, settings,
                                          wat="Ontvangstmoment")
    if triage_id is not None:
        _eigen_triage(session, actor, triage_id)
    melder = bereid(session, clock, data.melder, veld="melder", settings=settings, gemeente=actor.gemeente)
    betrokkene = bereid(session, clock, data.betrokkene, veld="betrokkene", settings=settings,
                        gemeente=actor.gemeente, dubbel_controle=True)
    if melder.id is not None and melder.id == betrokkene.id:
        raise MissingField("melder", "Melder en betrokkene zijn dezelfde persoon.")
    # the 14-day term has no `begrensd_door` rule and a new melding no open terms: nothing to cap (open_termijn)
    termijn = nieuwe_termijn(soort="melding_beslissing", zaak_type=ZAAK, zaak_id=0, start=ontvangen_op,
                             settings=settings)
    melding = Melding(
        gemeente=actor.gemeente, ontvangen_op=ontvangen_op, kanaal=data.kanaal.value,
        melder_relatie=data.melder.relatie.value, melder_is_naaste=data.melder.relatie in NAASTE_RELATIES,
        anoniem_tov_betrokkene=data.melder.anoniem_tov_betrokkene, melder_id=melder.id,
        betrokkene_id=betrokkene.id, zorgen=data.zorgen, acuut=data.acuut, e33_nummer=data.e33_nummer,
        triage_id=triage_id, uiterlijk_besluit_op=termijn.eindmoment.astimezone(TZ),
    )
    rijen = {naam: rij_van(p) for naam, p in (("melder", melder), ("betrokkene", betrokkene)) if p.id is None}
    rijen |= {"melding": rij_van(melding), "termijn": rij_van(termijn)}
    historie = {"zaak_type": ZAAK, "zaak_id": None, "op": now, "door_id": actor.id, "door": actor.naam,
                "actie": "geregistreerd", "van_status": None, "naar_status": melding.status,
                "reden": f"kanaal {melding.kanaal}", "gemeente": melding.gemeente}
    toegang = [{"op": now, "gebruiker_id": actor.id, "handeling": "schrijf", "zaak_type": ZAAK, "zaak_id": None,
                "persoon_id": rol, "doel": "registratie", "adres": None, "gemeente": melding.gemeente}
               for rol in ("betrokkene", "melder")]
    return _Registratie(melder, betrokkene, melding, termijn, rijen, historie, toegang,
                        effecten.na_registratie(melding, melder, now))


def _schrijf(session: Session, r: _Registratie) -> None:
    """The write itself: one INSERT per row (persons, melding, term, receipt), then the log rows chained to
    their heads (on PostgreSQL the heads are locked from here to the commit: as late as possible)."""
    conn = session.connection()  # SQLite: BEGIN IMMEDIATE, the writer gate is held from here
    ids = r.ids
    for naam in ("melder", "betrokkene"):
        persoon = getattr(r, naam)
        ids[naam] = persoon.id if persoon.id is not None else _voeg_in(conn, Persoon, r.rijen[naam])
    r.rijen["melding"]["melder_id"], r.rijen["melding"]["betrokkene_id"] = ids["melder"], ids["betrokkene"]
    ids["melding"] = melding_id = _voeg_in(conn, Melding, r.rijen["melding"])
    r.rijen["termijn"]["zaak_id"] = melding_id
    ids["termijn"] = _voeg_in(conn, Termijn, r.rijen["termijn"])
    r.melding.id = melding_id
    for bericht in r.berichten:
        bericht["id"] = berichten.schrijf(session, berichten.met_id(bericht, r.melding))
    r.historie["zaak_id"] = melding_id
    voeg_toe(session, "historie", [r.historie])
    for rij in r.toegang:
        rij["zaak_id"], rij["persoon_id"] = melding_id, ids[rij["persoon_id"]]
    if ids["melder"] == ids["betrokkene"]:
        r.toegang.pop()
    voeg_toe(session, "toegang", r.toegang)


def _voeg_in(conn, model: type, waarden: dict[str, Any]) -> int:  # noqa: ANN001
    """INSERT one row; its new id. A plain INSERT: SQLite gives the id as the cursor's lastrowid (one step of
    the statement, no RETURNING row to fetch), PostgreSQL through RETURNING as always."""
    uit = rauw(conn, _INVOEG[model], waarden)
    return uit.rijen[0][0] if uit.rijen else uit.lastrowid


_INVOEG = {model: model.__table__.insert() for model in (Persoon, Melding, Termijn)}  # built once: compiled once


def _koppel(session: Session, r: _Registratie) -> Melding:
    """The written rows as loaded objects in `session` (no re-read): after the commit in `registreer`."""
    for naam in ("melder", "betrokkene"):
        persoon = getattr(r, naam)
        if persoon.id is None:
            ingevoegd(session, persoon, r.ids[naam])
    r.melding.melder_id, r.melding.betrokkene_id = r.ids["melder"], r.ids["betrokkene"]
    ingevoegd(session, r.melding, r.ids["melding"])
    r.termijn.zaak_id = r.ids["melding"]
    ingevoegd(session, r.termijn, r.ids["termijn"])
    for bericht in r.berichten:
        bericht_id = bericht.pop("id")
        if bericht_id is not None and geladen(session, Bericht, bericht, bericht_id) is None:
            als_object(session, bericht_id, bericht)
    return r.melding


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
