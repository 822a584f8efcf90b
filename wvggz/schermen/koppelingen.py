"""The screens' view of the other packages: escalations and crisismaatregelen with their beroepen.
Each part is shown only to roles that may read it; dashboard lists carry case numbers, no names."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session, select

from wvggz.crisismaatregelen import queries as cm_queries
from wvggz.escalaties import queries as esc_queries
from wvggz.escalaties.models import Escalatie
from wvggz.gebruikers.models import Gebruiker
from wvggz.gebruikers.rechten import mag
from wvggz.termijnen.models import Termijn

TREDE_TEKST = {"herinnering": "Herinnering", "waarschuwing": "Waarschuwing", "alert": "Alert",
               "escalatie": "Escalatie", "verlopen": "Termijn verlopen"}


def escalaties(session: Session, actor: Gebruiker) -> dict[str, Any] | None:
    """Return the cases with unacknowledged escalations of the actor's gemeente, one row per case with its
    highest rung (as on /escalaties); None for roles that may not see them."""
    if not mag(actor, "escalatie.lees"):
        return None
    return {"onbevestigd": esc_queries.per_zaak(session, actor), "mag_bevestigen": mag(actor, "escalatie.bevestig")}


def crisismaatregelen(session: Session, actor: Gebruiker, now: datetime) -> dict[str, Any] | None:
    """Return the running crisismaatregelen and the pending beroepen of the actor's gemeente, without names."""
    if not mag(actor, "crisismaatregel.lees"):
        return None
    lopend = [{k: v for k, v in r.items() if k != "betrokkene"}
              for r in cm_queries.lopende(session, actor.gemeente, now)]
    return {"lopend": lopend, "beroepen": cm_queries.lopende_beroepen(session, actor.gemeente, now)}


def escalaties_van_zaak(session: Session, zaak_type: str, zaak_id: int) -> list[dict[str, Any]]:
    """Return the fired escalation rungs of one case as timeline items."""
    stmt = (select(Escalatie, Termijn, Gebruiker.naam).join(Termijn, Termijn.id == Escalatie.termijn_id)
            .outerjoin(Gebruiker, Gebruiker.id == Escalatie.bevestigd_door_id)
            .where(Escalatie.zaak_type == zaak_type, Escalatie.zaak_id == zaak_id).order_by(Escalatie.id))
    uit = []
    for e, t, bevestiger in session.exec(stmt):
        d = esc_queries.escalatie_dict(e, t, bevestiger)
        stand = f"bevestigd door {bevestiger}" if d["bevestigd_op"] else "nog niet bevestigd"
        if d["trede"] == "verlopen":
            stand = e.uitkomst or "termijn verlopen"
        uit.append({"op": d["gevuurd_op"], "soort": "escalatie",
                    "titel": f"{TREDE_TEKST.get(d['trede'], d['trede'])}: {d['omschrijving']}",
                    "tekst": stand, "door": None})
    return uit
