"""Read side of escalations: the projectleider's list and the content of the daily digest."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import or_
from sqlmodel import Session, func, select

from wvggz.clock import TZ
from wvggz.escalaties.models import Escalatie
from wvggz.gebruikers.models import Gebruiker
from wvggz.gebruikers.rechten import vereis
from wvggz.termijnen.models import Termijn
from wvggz.termijnen.service import VERLOPEN, regels


def _omschrijving(soort: str, trede: str) -> str:
    regel = regels().get(soort)
    return next((t.omschrijving for t in (regel.ladder if regel else ()) if t.code == trede), trede)


def escalatie_dict(e: Escalatie, termijn: Termijn, bevestiger: str | None = None) -> dict[str, Any]:
    """Return the public shape of an escalation row (case reference and link, no names)."""
    return {
        "id": e.id, "versie": e.versie, "trede": e.trede, "omschrijving": _omschrijving(e.termijn_soort, e.trede),
        "termijn_id": e.termijn_id, "termijn_soort": e.termijn_soort, "zaak_type": e.zaak_type,
        "zaak_id": e.zaak_id, "referentie": e.referentie, "pad": e.pad, "ontvanger": e.ontvanger,
        "gepland_op": e.gepland_op, "gevuurd_op": e.gevuurd_op, "te_laat": e.te_laat,
        "herhaal_in_digest": e.herhaal_in_digest, "aantal_berichten": e.aantal_berichten,
        "einddatum": termijn.einddatum, "eindmoment": termijn.eindmoment,
        "termijn_open": termijn.status == "lopend", "bevestigd_op": e.bevestigd_op,
        "bevestigd_door": bevestiger, "toelichting": e.toelichting,
    }


def lijst(session: Session, actor: Gebruiker, *, alle: bool = False, limiet: int = 200,
          niet_voor: frozenset[str] = frozenset()) -> list[dict[str, Any]]:
    """Return the escalations of the user's gemeente, newest first; only unacknowledged unless `alle`;
    without the rungs whose ontvanger is in `niet_voor` (left out in SQL, before the limit)."""
    vereis(actor, "escalatie.lees")
    kolommen = [*Escalatie.__table__.c, Termijn.einddatum, Termijn.eindmoment, Termijn.status, Gebruiker.naam]
    stmt = (  # plain rows: the list builds no ORM objects (up to 200 rows on the dashboard, ADR 0019)
        select(*kolommen).join(Termijn, Termijn.id == Escalatie.termijn_id)
        .outerjoin(Gebruiker, Gebruiker.id == Escalatie.bevestigd_door_id)
        .where(func.lower(Escalatie.gemeente) == actor.gemeente.lower(), Escalatie.trede != VERLOPEN)
    )
    if not alle:
        stmt = stmt.where(Escalatie.bevestigd_op.is_(None))
    if niet_voor:
        stmt = stmt.where(or_(Escalatie.ontvanger.is_(None), Escalatie.ontvanger.not_in(sorted(niet_voor))))
    stmt = stmt.order_by(Escalatie.gevuurd_op.desc(), Escalatie.id.desc()).limit(limiet)
    return [escalatie_dict(r, r, r.naam) for r in session.execute(stmt)]


def digest_items(session: Session, gemeente: str, now: datetime) -> list[dict[str, Any]]:
    """Return the digest lines of `gemeente`: unacknowledged lapse escalations (herhaal_in_digest) whose
    term is still open, i.e. the case is not decided; oldest end first. Case reference and link only."""
    stmt = (
        select(Escalatie, Termijn).join(Termijn, Termijn.id == Escalatie.termijn_id)
        .where(func.lower(Escalatie.gemeente) == gemeente.lower(), Escalatie.herhaal_in_digest.is_(True),
               Escalatie.bevestigd_op.is_(None), Termijn.status == "lopend")
        .order_by(Termijn.eindmoment, Escalatie.id)
    )
    return [{
        "escalatie_id": e.id, "referentie": e.referentie, "pad": e.pad, "termijn": e.termijn_soort,
        "einddatum": t.einddatum.strftime("%d-%m-%Y") if t.einddatum else None,
        "dagen_verlopen": (now.astimezone(TZ).date() - t.eindmoment.astimezone(TZ).date()).days,
    } for e, t in session.exec(stmt)]


# Rungs meant for whoever handles the case: they reach the behandelaar's inbox, not the projectleider's list.
VOOR_BEHANDELAAR = frozenset({"behandelaar", "wijkteam"})


def per_zaak(session: Session, actor: Gebruiker, *, alle: bool = False, limiet: int = 500) -> list[dict[str, Any]]:
    """Return the projectleider's list: one row per case with its highest (latest planned) rung, the ids
    and versies of every listed escalation of that case (`escalaties`, to acknowledge them together) and
    their count. Rungs for the behandelaar (a 'dag 7' reminder) are left out."""
    zaken: dict[tuple[str, int], dict[str, Any]] = {}
    for rij in lijst(session, actor, alle=alle, limiet=limiet, niet_voor=VOOR_BEHANDELAAR):
        sleutel = (rij["zaak_type"], rij["zaak_id"])
        huidig = zaken.get(sleutel)
        alle_rijen = (huidig["rijen"] if huidig else []) + [rij]
        if huidig is None or (rij["gepland_op"], rij["id"]) > (huidig["gepland_op"], huidig["id"]):
            huidig = dict(rij)
        huidig["rijen"] = alle_rijen
        zaken[sleutel] = huidig
    for rij in zaken.values():
        open_ = [r for r in rij["rijen"] if r["bevestigd_op"] is None]
        rij["aantal"] = len(rij["rijen"])
        rij["escalaties"] = ",".join(f"{r['id']}:{r['versie']}" for r in open_)
        rij["aantal_open"] = len(open_)
    return sorted(zaken.values(), key=lambda r: (r["gevuurd_op"], r["id"]), reverse=True)
