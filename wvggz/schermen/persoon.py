"""The person screen: every melding, triage and crisismaatregel about one person, in time order."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from wvggz.clock import Clock
from wvggz.gebruikers.models import Gebruiker
from wvggz.personen import inzage


def scherm(*, session: Session, clock: Clock, actor: Gebruiker, persoon_id: int) -> dict[str, Any]:
    """Return the person and the cases about them the actor may see, oldest first (the read is logged
    by `personen.inzage.haal`, which also raises NotFound or Forbidden)."""
    persoon, zaken = inzage.haal(session=session, clock=clock, actor=actor, persoon_id=persoon_id)
    gegevens = {"id": persoon.id, "naam": persoon.volledige_naam, "geboortedatum": persoon.geboortedatum,
                "adres": " ".join(x for x in (persoon.straat, persoon.huisnummer) if x) or None,
                "postcode": persoon.postcode, "woonplaats": persoon.woonplaats}
    return {"persoon": gegevens, "zaken": sorted(zaken, key=lambda z: z["op"])}
