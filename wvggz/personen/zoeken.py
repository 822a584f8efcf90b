"""One person search for case workers: a name ("eva smit"), a birth date in a common spelling or both
("eva smit 12041985"), over the persons of the user's gemeente that a melding, triage or measure is
about (the cases each role may see). Every person shown is logged as read; the text never goes in a URL."""

from __future__ import annotations

import re
from typing import Any

from sqlmodel import Session, select

from wvggz.clock import Clock
from wvggz.errors import MissingField
from wvggz.gebruikers.models import Gebruiker
from wvggz.gebruikers.rechten import vereis
from wvggz.personen.models import Persoon
from wvggz.personen.zaken import zaken
from wvggz.personen.zoektekst import lees_datum, naam_voorwaarde
from wvggz.zaken import pijplijn

LIMIET = 25
_DATUMDEEL = re.compile(r"(\d{1,2}[-/.]\d{1,2}[-/.]\d{4}|\d{4}-\d{1,2}-\d{1,2}|\d{8})")


def splits(tekst: str) -> tuple[str, Any]:
    """Return (name part, birth date or None) of a search text; MissingField("zoek") when it has neither
    or the date part is no date."""
    tekst = " ".join((tekst or "").split())[:80]
    datum = None
    if m := _DATUMDEEL.search(tekst):
        datum = lees_datum(m.group(1))
        if datum is None:
            raise MissingField("zoek", "Dit is geen geldige geboortedatum; typ bijv. 12-04-1985 of 12041985.")
        tekst = (tekst[:m.start()] + tekst[m.end():]).strip()
    if len(tekst) < 2 and datum is None:
        raise MissingField("zoek", "Typ ten minste twee letters van de naam, of een geboortedatum.")
    return tekst, datum


def zoek(*, session: Session, clock: Clock, actor: Gebruiker, tekst: str) -> dict[str, Any]:
    """Return the matching persons of the user's gemeente with the cases about them the user may see
    (persons without such a case, e.g. only a melder, are left out); logs every person shown."""
    vereis(actor, "persoon.lees")
    naam, datum = splits(tekst)
    stmt = select(Persoon).where(Persoon.gemeente == actor.gemeente, Persoon.geanonimiseerd_op.is_(None))
    if naam:
        stmt = stmt.where(naam_voorwaarde(naam))
    if datum:
        stmt = stmt.where(Persoon.geboortedatum == datum)
    personen = session.exec(stmt.order_by(Persoon.zoeknaam, Persoon.zoekvoornaam, Persoon.id).limit(200)).all()
    uit: list[dict[str, Any]] = []
    for p in personen:
        items = sorted(zaken(session, actor, p.id), key=lambda z: z["op"], reverse=True)
        if items:
            uit.append({"id": p.id, "naam": p.volledige_naam, "geboortedatum": p.geboortedatum,
                        "woonplaats": p.woonplaats, "zaken": items,
                        "open": sum(1 for z in items if z["open"]), "afgehandeld": sum(1 for z in items if not z["open"])})
        if len(uit) == LIMIET:
            break
    pijplijn.log_getoond(session, clock, actor, "persoon", [p["id"] for p in uit], "personen_zoeken")
    return {"personen": uit, "meer": len(uit) == LIMIET, "naam": naam, "geboortedatum": datum}
