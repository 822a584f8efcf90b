"""The form POST of a melding action: the page door of the one pipeline (versie and confirmation from the form)."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from wvggz.clock import Clock
from wvggz.config import Settings
from wvggz.gebruikers.models import Gebruiker
from wvggz.meldingen.models import Melding
from wvggz.meldingen.soort import MELDING_ZAAK
from wvggz.zaken import pijplijn
from wvggz.zaken.pijplijn import BEVESTIG

__all__ = ["BEVESTIG", "voer_uit"]


def voer_uit(
    *, session: Session, clock: Clock, actor: Gebruiker, melding_id: int, actie: str, formulier: dict[str, Any],
    settings: Settings,
) -> Melding:
    """Carry out `actie` from the posted form; MissingField names the field, ConflictError a stale versie."""
    return pijplijn.voer_formulier_uit(session=session, clock=clock, actor=actor, soort=MELDING_ZAAK,
                                       zaak_id=melding_id, actie=actie, formulier=formulier, settings=settings)
