"""Which outbox messages belong to a gemeente: beheer sees the failed messages of its own gemeente only.

A message carries no gemeente of its own (notifications never query domain tables); it belongs to the
gemeente of its case, or else to the gemeente of the staff member it was addressed to. A message with
neither carries no case and no colleague (a system message): every beheer may see it."""

from __future__ import annotations

from typing import Any

from sqlmodel import and_, exists, func, or_, select

from notifications.outbox import Bericht
from wvggz.audit.keten import zaak_model
from wvggz.gebruikers.models import Gebruiker

ZAAKTYPES = ("melding", "triage", "crisismaatregel", "beroep")


def van_gemeente(gemeente: str) -> Any:  # noqa: ANN401 - a SQLAlchemy condition
    """Return the SQL condition 'this message belongs to `gemeente`' (case-insensitive)."""
    g = gemeente.lower()
    via_zaak = []
    for zaak_type in ZAAKTYPES:
        model = zaak_model(zaak_type)
        via_zaak.append(and_(Bericht.zaak_type == zaak_type, exists(
            select(model.id).where(model.id == Bericht.zaak_id, func.lower(model.gemeente) == g))))
    via_ontvanger = and_(Bericht.zaak_id.is_(None), exists(
        select(Gebruiker.id).where(Gebruiker.id == Bericht.ontvanger_gebruiker_id, func.lower(Gebruiker.gemeente) == g)))
    systeem = and_(Bericht.zaak_id.is_(None), Bericht.ontvanger_gebruiker_id.is_(None))
    return or_(*via_zaak, via_ontvanger, systeem)
