"""Lapse hook of the melding: the naaste route (art. 5:2 lid 5) when 14 days pass without a decision."""

from __future__ import annotations

from sqlmodel import Session

from wvggz.clock import Clock
from wvggz.escalaties.verlopen import bij_verlopen
from wvggz.meldingen.models import Melding
from wvggz.taken.service import maak_taak
from wvggz.termijnen.models import Termijn

OMSCHRIJVING = ("Informeer de melder (naaste) over de eigen route naar de officier van justitie "
                "(art. 5:2 lid 5): de termijn van 14 dagen is verstreken zonder besluit over een aanvraag.")


@bij_verlopen("melding_beslissing")
def naaste_route(session: Session, clock: Clock, termijn: Termijn) -> str | None:
    """Create the naaste-route task for the behandelaar when the melder is a naaste and nothing was
    decided; returns the reason for the history."""
    melding = session.get(Melding, termijn.zaak_id)
    if melding is None or melding.besluit is not None:
        return None
    if not melding.melder_is_naaste:
        return "termijn verstreken; melder is geen naaste, dus geen eigen route naar de OvJ (art. 5:2 lid 5)"
    maak_taak(session, clock, zaak_type=termijn.zaak_type, zaak_id=melding.id, soort="naaste_route",
              omschrijving=OMSCHRIJVING, ontvanger_rol="behandelaar", termijn_id=termijn.id)
    return "taak aangemaakt: melder (naaste) wijzen op de eigen route naar de OvJ (art. 5:2 lid 5)"
