"""Find or create persons, scoped to the user's gemeente; search to avoid duplicates.

A person belongs to the gemeente whose case created it (`Persoon.gemeente`). Another gemeente's person
answers exactly as a person that does not exist, so an id reveals nothing."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, select

from wvggz import tijdcontrole
from wvggz.clock import Clock
from wvggz.config import Settings
from wvggz.errors import MissingField, MogelijkeDubbele
from wvggz.personen.models import Persoon, prefix_voorwaarde
from wvggz.personen.schemas import PersoonIn
from wvggz.rijen import voeg_in

VELDEN = ("voornaam", "achternaam", "geboortedatum", "straat", "huisnummer", "postcode", "woonplaats",
          "telefoon", "email", "organisatie")
BESTAAT_NIET = "Deze persoon bestaat niet."
DUBBEL = ("Er is al een persoon met deze achternaam en geboortedatum. Kies die persoon (persoon_id), "
          "of bevestig dat het een nieuwe persoon is (nieuwe_persoon_bevestigd).")


def van_gemeente(session: Session, persoon_id: int, gemeente: str, *, veld: str) -> Persoon:
    """Return the person when it belongs to `gemeente`; otherwise MissingField '<veld>.persoon_id'."""
    persoon = session.get(Persoon, persoon_id)
    if persoon is None or persoon.gemeente != gemeente:
        raise MissingField(f"{veld}.persoon_id", BESTAAT_NIET)
    return persoon


def vind_of_maak(session: Session, clock: Clock, data: PersoonIn, *, veld: str, settings: Settings,
                 gemeente: str, dubbel_controle: bool = False) -> Persoon:
    """Return the existing person of `gemeente` by id, or a new one of `gemeente` from the details.

    With `dubbel_controle`, a new person with the surname and birth date of a known person of the
    gemeente raises MogelijkeDubbele (naming the candidates) unless `nieuwe_persoon_bevestigd`."""
    persoon = bereid(session, clock, data, veld=veld, settings=settings, gemeente=gemeente,
                     dubbel_controle=dubbel_controle)
    return persoon if persoon.id is not None else voeg_in(session, persoon)  # one INSERT, no flush of anything else


def bereid(session: Session, clock: Clock, data: PersoonIn, *, veld: str, settings: Settings,
           gemeente: str, dubbel_controle: bool = False) -> Persoon:
    """`vind_of_maak` without the INSERT: the existing person (id set), or a new, unsaved Persoon (id None)
    checked as `vind_of_maak` checks it, for a caller that writes its rows together (ADR 0023). Reads only
    for an id or a duplicate check, in the caller's transaction."""
    if data.persoon_id is not None:
        return van_gemeente(session, data.persoon_id, gemeente, veld=veld)
    if not data.achternaam:
        raise MissingField(f"{veld}.achternaam", "Achternaam is verplicht (of kies een bestaande persoon).")
    if data.bsn and not settings.bsn_opslaan:
        raise MissingField(f"{veld}.bsn", "BSN wordt niet opgeslagen zolang de grondslag niet is bevestigd.")
    if data.geboortedatum:
        tijdcontrole.geboortedatum(f"{veld}.geboortedatum", data.geboortedatum, clock.now())
    if dubbel_controle and not data.nieuwe_persoon_bevestigd:
        kandidaten = mogelijke_dubbelen(session, data, gemeente)
        if kandidaten:
            raise MogelijkeDubbele(f"{veld}.persoon_id", DUBBEL, kandidaten=kandidaten)
    waarden = {k: getattr(data, k) for k in VELDEN}
    return Persoon(**waarden, bsn=data.bsn, gemeente=gemeente, aangemaakt_op=clock.now())


def mogelijke_dubbelen(session: Session, data: PersoonIn, gemeente: str) -> list[int]:
    """Return ids of the gemeente's persons with the new person's surname and birth date."""
    if data.persoon_id is not None or not data.achternaam or data.geboortedatum is None:
        return []
    return [p.id for p in zoek(session, gemeente=gemeente, naam=data.achternaam, geboortedatum=data.geboortedatum)
            if p.achternaam.casefold() == data.achternaam.casefold()]


def zoek(session: Session, *, gemeente: str, naam: str | None = None, geboortedatum: date | None = None,
         limiet: int = 20) -> list[Persoon]:
    """Return the gemeente's persons whose surname starts with `naam` and/or born on `geboortedatum`."""
    stmt = select(Persoon).where(Persoon.gemeente == gemeente)
    if naam:
        stmt = stmt.where(prefix_voorwaarde(Persoon.zoeknaam, naam))
    if geboortedatum:
        stmt = stmt.where(Persoon.geboortedatum == geboortedatum)
    return list(session.exec(stmt.order_by(Persoon.achternaam, Persoon.id).limit(limiet)))
