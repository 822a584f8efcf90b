"""Saved filters: save the current filter choices of a list under a name, list, apply and delete them.

Per user only: every read and change selects on the user's own id and gemeente, so another user's filter
answers as one that does not exist. A search text is never saved (it may hold a person's name); the list's
other choices are codes, ids and flags. Saving and deleting write a history row (zaak_type 'gebruiker',
without the name) and commit in one unit of work."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, func, select

from wvggz.audit.service import schrijf_historie
from wvggz.clock import Clock
from wvggz.errors import MissingField, NotFound
from wvggz.filters.models import MAX_NAAM, BewaardFilter
from wvggz.gebruikers.models import Gebruiker
from wvggz.gebruikers.rechten import vereis
from wvggz.zaken.uow import UnitOfWork

MAX_PER_LIJST = 25
MAX_WAARDE = 80


@dataclass(frozen=True)
class Lijst:
    """A list that takes saved filters: its page, the permission to read it and the fields a filter keeps."""

    pad: str
    recht: str
    velden: tuple[str, ...]
    vinkjes: tuple[str, ...] = ()  # flags: any value means on, stored as "1"


LIJSTEN: dict[str, Lijst] = {
    "werkvoorraad": Lijst("/werkvoorraad", "melding.lees",
                          ("status", "behandelaar", "gemeente", "mijn", "zonder", "verlopen", "alles"),
                          ("mijn", "zonder", "verlopen", "alles")),
    "escalaties": Lijst("/escalaties", "escalatie.lees", ("zaak", "termijn", "trede", "alle"), ("alle",)),
}
NIET_GEVONDEN = "Dit filter bestaat niet."
DUBBEL = "U hebt al een filter met deze naam; kies een andere naam."


def _lijst(actor: Gebruiker, lijst: str) -> Lijst:
    if lijst not in LIJSTEN:
        raise NotFound(NIET_GEVONDEN)
    definitie = LIJSTEN[lijst]
    vereis(actor, definitie.recht)
    return definitie


def keuzes(lijst: str, waarden: Mapping[str, Any]) -> dict[str, str]:
    """Return the fields a saved filter of `lijst` keeps: known fields only, no search text, no page number,
    empty left out, flags as "1"; MissingField names a value that is too long."""
    definitie = LIJSTEN[lijst]
    uit: dict[str, str] = {}
    for veld in definitie.velden:
        waarde = str(waarden.get(veld) or "").strip()
        if not waarde:
            continue
        if len(waarde) > MAX_WAARDE:
            raise MissingField(veld, f"Deze keuze is te lang (hoogstens {MAX_WAARDE} tekens).")
        uit[veld] = "1" if veld in definitie.vinkjes else waarde
    return uit


def _naam(naam: str) -> str:
    naam = " ".join((naam or "").split())
    if not naam:
        raise MissingField("naam", "Geef het filter een naam.")
    if len(naam) > MAX_NAAM:
        raise MissingField("naam", f"De naam is te lang: hoogstens {MAX_NAAM} tekens.")
    return naam


def _eigen(session: Session, actor: Gebruiker, lijst: str | None = None) -> Any:  # noqa: ANN401
    stmt = select(BewaardFilter).where(BewaardFilter.gebruiker_id == actor.id,
                                       func.lower(BewaardFilter.gemeente) == actor.gemeente.lower())
    return stmt.where(BewaardFilter.lijst == lijst) if lijst else stmt


def als_dict(f: BewaardFilter) -> dict[str, Any]:
    """Return the filter as pages show it: name, the fields and the query string of the list's URL."""
    waarden = json.loads(f.waarden)
    return {"id": f.id, "naam": f.naam, "lijst": f.lijst, "waarden": waarden, "query": urlencode(waarden),
            "pad": LIJSTEN[f.lijst].pad}


def lijst(session: Session, actor: Gebruiker, lijst: str) -> list[dict[str, Any]]:
    """Return the user's own saved filters of `lijst`, by name."""
    _lijst(actor, lijst)
    return [als_dict(f) for f in session.exec(_eigen(session, actor, lijst).order_by(BewaardFilter.sleutel))]


def haal(session: Session, actor: Gebruiker, lijst: str, filter_id: int) -> dict[str, Any]:
    """Return one of the user's own filters of `lijst`; any other id raises NotFound."""
    _lijst(actor, lijst)
    f = session.exec(_eigen(session, actor, lijst).where(BewaardFilter.id == filter_id)).first()
    if f is None:
        raise NotFound(NIET_GEVONDEN)
    return als_dict(f)


def bewaar(*, session: Session, clock: Clock, actor: Gebruiker, lijst: str, naam: str,
           waarden: Mapping[str, Any]) -> dict[str, Any]:
    """Save the list's filter choices under `naam` for the user and commit. MissingField("naam") on an empty,
    too long or already used name (case does not count) or when the user has MAX_PER_LIJST already."""
    _lijst(actor, lijst)
    naam = _naam(naam)
    gekozen = keuzes(lijst, waarden)
    try:
        return _voeg_toe(session, clock, actor, lijst, naam, gekozen)
    except IntegrityError:  # the same name saved at the same moment (unique constraint)
        raise MissingField("naam", DUBBEL) from None


def _voeg_toe(session: Session, clock: Clock, actor: Gebruiker, lijst: str, naam: str,
              gekozen: dict[str, str]) -> dict[str, Any]:
    with UnitOfWork(session):
        bestaand = list(session.exec(_eigen(session, actor, lijst)))
        if any(f.sleutel == naam.casefold() for f in bestaand):
            raise MissingField("naam", DUBBEL)
        if len(bestaand) >= MAX_PER_LIJST:
            raise MissingField("naam", f"U hebt al {MAX_PER_LIJST} filters bij deze lijst; verwijder er eerst een.")
        f = BewaardFilter(gebruiker_id=actor.id, gemeente=actor.gemeente, lijst=lijst, naam=naam,
                          sleutel=naam.casefold(), waarden=json.dumps(gekozen, sort_keys=True),
                          gemaakt_op=clock.now())
        session.add(f)
        session.flush()
        schrijf_historie(session, clock, actor, zaak_type="gebruiker", zaak_id=actor.id, actie="filter_bewaard",
                         van=None, naar=None, reden=f"filter {f.id} bij {lijst}")
        uit = als_dict(f)
    return uit


def verwijder(*, session: Session, clock: Clock, actor: Gebruiker, lijst: str, filter_id: int) -> dict[str, Any]:
    """Delete one of the user's own filters and commit; another user's or an unknown id raises NotFound."""
    _lijst(actor, lijst)
    with UnitOfWork(session):
        f = session.exec(_eigen(session, actor, lijst).where(BewaardFilter.id == filter_id)).first()
        if f is None:
            raise NotFound(NIET_GEVONDEN)
        uit = als_dict(f)
        session.delete(f)
        schrijf_historie(session, clock, actor, zaak_type="gebruiker", zaak_id=actor.id, actie="filter_verwijderd",
                         van=None, naar=None, reden=f"filter {filter_id} bij {lijst}")
    return uit
