"""The person screen: every melding, triage and crisismaatregel about one person, in time order."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, select

from wvggz.audit.service import log_toegang
from wvggz.clock import Clock
from wvggz.dashboard.koppelingen import zaken_van_persoon
from wvggz.errors import Forbidden, NotFound
from wvggz.gebruikers.models import Gebruiker
from wvggz.gebruikers.rechten import mag, vereis
from wvggz.meldingen.models import Melding
from wvggz.personen.models import Persoon


def _meldingen(session: Session, actor: Gebruiker, persoon_id: int) -> list[dict[str, Any]]:
    if not mag(actor, "melding.lees"):
        return []
    stmt = select(Melding).where(Melding.betrokkene_id == persoon_id, Melding.gemeente == actor.gemeente)
    return [{"soort": "melding", "op": m.ontvangen_op, "referentie": m.referentie, "status": m.status,
             "href": f"/meldingen/{m.id}", "omschrijving": f"Zorgmelding via {m.kanaal}",
             "open": m.open} for m in session.exec(stmt.order_by(Melding.id))]


def scherm(*, session: Session, clock: Clock, actor: Gebruiker, persoon_id: int) -> dict[str, Any]:
    """Return the person and the cases about them the actor may see, oldest first; logs the read.

    Raises Forbidden when none of those cases lies in the actor's gemeente."""
    vereis(actor, "persoon.lees")
    persoon = session.get(Persoon, persoon_id)
    if persoon is None:
        raise NotFound(f"Persoon {persoon_id} bestaat niet.")
    zaken = _meldingen(session, actor, persoon_id) + zaken_van_persoon(session, actor, persoon_id)
    if not zaken:
        raise Forbidden("Er is geen zaak over deze persoon die u mag inzien.")
    log_toegang(session, clock, actor, handeling="lees", zaak_type="persoon", zaak_id=None,
                persoon_ids=[persoon_id], doel="persoonsoverzicht")
    session.commit()
    gegevens = {"id": persoon.id, "naam": persoon.volledige_naam, "geboortedatum": persoon.geboortedatum,
                "adres": " ".join(x for x in (persoon.straat, persoon.huisnummer) if x) or None,
                "postcode": persoon.postcode, "woonplaats": persoon.woonplaats}
    return {"persoon": gegevens, "zaken": sorted(zaken, key=lambda z: z["op"])}
