"""The projectleider's dashboard: one call gathers the figures, the charts and the lists (no names)."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from workflows.melding import MeldingStatus
from wvggz.clock import Clock
from wvggz.config import Settings
from wvggz.gebruikers.models import Gebruiker
from wvggz.gebruikers.rechten import vereis
from wvggz.meldingen.models import Melding
from wvggz.schermen import cijfers, grafieken
from wvggz.schermen.besluiten import jaren_zonder_besluit
from wvggz.schermen.koppelingen import crisismaatregelen, escalaties
from wvggz.schermen.tijd import tijd_over
from wvggz.termijnen.service import kalender, regels


def figuren(session: Session, actor: Gebruiker, now) -> dict[str, Any]:  # noqa: ANN001
    """Return the figures of the actor's gemeente (also what the CSV export writes)."""
    g = actor.gemeente
    maanden, mediaan = cijfers.per_maand(session, g, now)
    return {
        "per_status": cijfers.open_per_status(session, g),
        "per_behandelaar": cijfers.open_per_behandelaar(session, g),
        "verlopen": cijfers.aantal_verlopen(session, g, now),
        "maanden": maanden,
        "mediaan_dagen": mediaan,
    }


def dashboard(*, session: Session, clock: Clock, actor: Gebruiker, settings: Settings) -> dict[str, Any]:
    """Return everything the dashboard shows: figures, charts, this week's deadlines, escalations, measures."""
    vereis(actor, "dashboard.lees")
    now, kal = clock.now(), kalender(settings)
    f = figuren(session, actor, now)
    termijn_dagen = regels(settings)["melding_beslissing"].lengte
    week = cijfers.deze_week(session, actor.gemeente, now)
    f["deze_week"] = [{"id": m.id, "referentie": Melding.referentie.fget(m), "status": m.status,
                       "uiterlijk": m.uiterlijk_besluit_op, "behandelaar": m.behandelaar,
                       "tijd": tijd_over(m.uiterlijk_besluit_op, now, kal)} for m in week]
    f["grafiek_tijdig"] = grafieken.aandeel_tijdig(f["maanden"])
    f["grafiek_doorlooptijd"] = grafieken.mediaan_doorlooptijd(f["maanden"], termijn_dagen)
    f["totaal_open"] = sum(f["per_status"].values())
    f["per_status_lijst"] = [(s.value, f["per_status"][s.value]) for s in MeldingStatus if s.value in f["per_status"]]
    f["termijn_dagen"] = termijn_dagen
    f["escalaties"] = escalaties(session, actor)
    f["crisismaatregelen"] = crisismaatregelen(session, actor, now)
    f["jaren_zonder_besluit"] = jaren_zonder_besluit(session, kal, regels(settings))
    return f
