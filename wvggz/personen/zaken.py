"""The cases about one person that the actor may see (meldingen, triages, crisismaatregelen, beroepen of
the actor's gemeente, each kind only with its read permission), as list items; reads only."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, func, select

from wvggz.crisismaatregelen.models import Beroep, Crisismaatregel
from wvggz.gebruikers.models import Gebruiker
from wvggz.gebruikers.rechten import mag
from wvggz.labels import label
from wvggz.meldingen.models import Melding
from wvggz.triage.models import Triage


def zaken(session: Session, actor: Gebruiker, persoon_id: int) -> list[dict[str, Any]]:
    """Return every case about the person the actor may see, unsorted."""
    return _meldingen(session, actor, persoon_id) + zaken_van_persoon(session, actor, persoon_id)


def _meldingen(session: Session, actor: Gebruiker, persoon_id: int) -> list[dict[str, Any]]:
    if not mag(actor, "melding.lees"):
        return []
    stmt = select(Melding).where(Melding.betrokkene_id == persoon_id, Melding.gemeente == actor.gemeente)
    return [{"soort": "melding", "op": m.ontvangen_op, "referentie": m.referentie, "status": m.status,
             "href": f"/meldingen/{m.id}", "omschrijving": f"Zorgmelding via {m.kanaal}",
             "open": m.open} for m in session.exec(stmt.order_by(Melding.id))]


def _zelfde_gemeente(kolom, actor: Gebruiker):  # noqa: ANN001, ANN202
    return func.lower(kolom) == actor.gemeente.lower()


def zaken_van_persoon(session: Session, actor: Gebruiker, persoon_id: int) -> list[dict[str, Any]]:
    """Return the triages, crisismaatregelen and beroepen about the person the actor may see, as items."""
    items: list[dict[str, Any]] = []
    if mag(actor, "triage.lees"):
        stmt = select(Triage).where(Triage.persoon_id == persoon_id, _zelfde_gemeente(Triage.gemeente, actor))
        items += [{"soort": "triage", "op": t.aangekomen_op, "referentie": t.referentie, "status": t.status,
                   "href": f"/triages/{t.id}", "open": t.aanwezig,
                   "omschrijving": f"Binnengebracht bij de OVP ({label(t.gebracht_door)})"
                                   + (f"; uitkomst: {label(t.uitkomst)}" if t.uitkomst else "")}
                  for t in session.exec(stmt)]
    if mag(actor, "crisismaatregel.lees"):
        stmt = select(Crisismaatregel).where(Crisismaatregel.betrokkene_id == persoon_id,
                                             _zelfde_gemeente(Crisismaatregel.gemeente, actor))
        items += [{"soort": "crisismaatregel", "op": c.aangevraagd_op, "referentie": c.referentie,
                   "status": c.status, "href": f"/crisismaatregelen/{c.id}", "open": c.open,
                   "omschrijving": f"Crisismaatregel aangevraagd door {label(c.aangevraagd_door)}"}
                  for c in session.exec(stmt)]
        stmt = select(Beroep).where(Beroep.betrokkene_id == persoon_id, _zelfde_gemeente(Beroep.gemeente, actor))
        items += [{"soort": "beroep", "op": b.bekendmaking_op, "referentie": b.referentie, "status": b.status,
                   "href": f"/beroepen/{b.id}", "open": b.status in ("termijn_loopt", "ingesteld"),
                   "omschrijving": "Beroepstermijn tegen de crisismaatregel (art. 7:6)"}
                  for b in session.exec(stmt)]
    return items
