"""Find or create persons; search to avoid duplicates."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, select

from wvggz import tijdcontrole
from wvggz.clock import Clock
from wvggz.config import Settings
from wvggz.errors import MissingField
from wvggz.personen.models import Persoon, prefix_voorwaarde
from wvggz.personen.schemas import PersoonIn

VELDEN = ("voornaam", "achternaam", "geboortedatum", "straat", "huisnummer", "postcode", "woonplaats",
          "telefoon", "email", "organisatie")


def vind_of_maak(session: Session, clock: Clock, data: PersoonIn, *, veld: str, settings: Settings) -> Persoon:
    """Return the existing person by id, or a new one from the details; `veld` names the field on error."""
    if data.persoon_id is not None:
        persoon = session.get(Persoon, data.persoon_id)
        if persoon is None:
            raise MissingField(f"{veld}.persoon_id", "Deze persoon bestaat niet.")
        return persoon
    if not data.achternaam:
        raise MissingField(f"{veld}.achternaam", "Achternaam is verplicht (of kies een bestaande persoon).")
    if data.bsn and not settings.bsn_opslaan:
        raise MissingField(f"{veld}.bsn", "BSN wordt niet opgeslagen zolang de grondslag niet is bevestigd.")
    if data.geboortedatum:
        tijdcontrole.geboortedatum(f"{veld}.geboortedatum", data.geboortedatum, clock.now())
    waarden = {k: getattr(data, k) for k in VELDEN}
    persoon = Persoon(**waarden, bsn=data.bsn, aangemaakt_op=clock.now())
    session.add(persoon)
    session.flush()
    return persoon


def zoek(session: Session, *, naam: str | None = None, geboortedatum: date | None = None,
         limiet: int = 20) -> list[Persoon]:
    """Return persons whose surname starts with `naam` and/or born on `geboortedatum`."""
    stmt = select(Persoon)
    if naam:
        stmt = stmt.where(prefix_voorwaarde(Persoon.zoeknaam, naam))
    if geboortedatum:
        stmt = stmt.where(Persoon.geboortedatum == geboortedatum)
    return list(session.exec(stmt.order_by(Persoon.achternaam, Persoon.id).limit(limiet)))
