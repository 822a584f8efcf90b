"""The screens' view of the other packages: escalations, crisismaatregelen with their beroepen, triages.
Each part is shown only to roles that may read it; dashboard lists carry case numbers, no names."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session, func, select

from wvggz.crisismaatregelen import queries as cm_queries
from wvggz.crisismaatregelen.models import Beroep, Crisismaatregel
from wvggz.escalaties import queries as esc_queries
from wvggz.escalaties.models import Escalatie
from wvggz.gebruikers.models import Gebruiker
from wvggz.gebruikers.rechten import mag
from wvggz.termijnen.models import Termijn
from wvggz.triage.models import Triage

TREDE_TEKST = {"herinnering": "Herinnering", "waarschuwing": "Waarschuwing", "alert": "Alert",
               "escalatie": "Escalatie", "verlopen": "Termijn verlopen"}


def escalaties(session: Session, actor: Gebruiker) -> dict[str, Any] | None:
    """Return the unacknowledged escalations of the actor's gemeente (None for roles that may not see them)."""
    if not mag(actor, "escalatie.lees"):
        return None
    return {"onbevestigd": esc_queries.lijst(session, actor), "mag_bevestigen": mag(actor, "escalatie.bevestig")}


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


def _zelfde_gemeente(kolom, actor: Gebruiker):  # noqa: ANN001, ANN202
    return func.lower(kolom) == actor.gemeente.lower()


def zaken_van_persoon(session: Session, actor: Gebruiker, persoon_id: int) -> list[dict[str, Any]]:
    """Return the triages, crisismaatregelen and beroepen about the person the actor may see, as items."""
    items: list[dict[str, Any]] = []
    if mag(actor, "triage.lees"):
        stmt = select(Triage).where(Triage.persoon_id == persoon_id, _zelfde_gemeente(Triage.gemeente, actor))
        items += [{"soort": "triage", "op": t.aangekomen_op, "referentie": t.referentie, "status": t.status,
                   "href": f"/triages/{t.id}", "open": t.aanwezig,
                   "omschrijving": f"Binnengebracht bij de OVP ({t.gebracht_door.replace('_', ' ')})"
                                   + (f"; uitkomst: {t.uitkomst.replace('_', ' ').lower()}" if t.uitkomst else "")}
                  for t in session.exec(stmt)]
    if mag(actor, "crisismaatregel.lees"):
        stmt = select(Crisismaatregel).where(Crisismaatregel.betrokkene_id == persoon_id,
                                             _zelfde_gemeente(Crisismaatregel.gemeente, actor))
        items += [{"soort": "crisismaatregel", "op": c.aangevraagd_op, "referentie": c.referentie,
                   "status": c.status, "href": f"/crisismaatregelen/{c.id}", "open": c.open,
                   "omschrijving": f"Crisismaatregel aangevraagd door {c.aangevraagd_door.replace('_', ' ')}"}
                  for c in session.exec(stmt)]
        stmt = select(Beroep).where(Beroep.betrokkene_id == persoon_id, _zelfde_gemeente(Beroep.gemeente, actor))
        items += [{"soort": "beroep", "op": b.bekendmaking_op, "referentie": b.referentie, "status": b.status,
                   "href": f"/beroepen/{b.id}", "open": b.status in ("termijn_loopt", "ingesteld"),
                   "omschrijving": "Beroepstermijn tegen de crisismaatregel (art. 7:6)"}
                  for b in session.exec(stmt)]
    return items
