"""The daily digest for the projectleider: lapsed, unacknowledged escalations of undecided cases."""

from __future__ import annotations

import logging
from datetime import time
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from notifications.outbox import plaats
from wvggz.clock import TZ, Clock
from wvggz.config import Settings
from wvggz.db import SessionFactory, transaction
from wvggz.escalaties.queries import digest_items
from wvggz.gebruikers.models import Gebruiker
from wvggz.gebruikers.rechten import met_recht

log = logging.getLogger("wvggz.dagoverzicht")
UUR = time(8, 0)  # Europe/Amsterdam
PAD = "/escalaties"


def dagoverzicht(*, session_factory: SessionFactory, clock: Clock, settings: Settings) -> list[dict[str, Any]]:
    """Send today's digest to every active projectleider with open items, once per (user, date); before
    08:00 local it does nothing, after 08:00 a restarted scheduler catches up. Returns what was sent."""
    lokaal = clock.now().astimezone(TZ)
    if lokaal.time() < UUR:
        return []
    verstuurd: list[dict[str, Any]] = []
    with transaction(session_factory) as session:
        leiders = session.exec(select(Gebruiker).where(
            met_recht("signaal.projectleider"), Gebruiker.actief.is_(True)).order_by(Gebruiker.id)).all()
        for leider in leiders:
            items = digest_items(session, leider.gemeente, clock.now())
            if not items:
                continue
            gegevens = {"datum": lokaal.strftime("%d-%m-%Y"), "aantal": len(items), "items": items, "pad": PAD}
            try:
                with session.begin_nested():
                    bericht = plaats(session, soort="dagoverzicht", kanaal="inbox", ontvanger_rol="projectleider",
                                     gegevens=gegevens, dedup_sleutel=f"dagoverzicht:{leider.id}:{lokaal.date()}",
                                     now=clock.now(), gebruiker_id=leider.id)
            except IntegrityError:  # another scheduler process sent it a moment ago
                bericht = None
            if bericht is not None:
                verstuurd.append({"gebruiker_id": leider.id, "datum": lokaal.date().isoformat(), "aantal": len(items)})
    log.info("dagoverzicht: %d bericht(en)", len(verstuurd))
    return verstuurd
