"""The burgemeester's form POSTs on a crisismaatregel and its beroep: the page door of the one pipeline."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from wvggz.clock import Clock
from wvggz.config import Settings
from wvggz.crisismaatregelen import service
from wvggz.crisismaatregelen.models import Beroep, Crisismaatregel
from wvggz.crisismaatregelen.soort import BEROEP_ZAAK, CRISISMAATREGEL_ZAAK
from wvggz.gebruikers.models import Gebruiker
from wvggz.zaken import pijplijn


def voer_uit(*, session: Session, clock: Clock, actor: Gebruiker, crisismaatregel_id: int, actie: str,
             formulier: dict[str, Any], settings: Settings) -> Crisismaatregel:
    """Carry out `actie` from the posted form; MissingField names the field and nothing changes."""
    return pijplijn.voer_formulier_uit(session=session, clock=clock, actor=actor, soort=CRISISMAATREGEL_ZAAK,
                                       zaak_id=crisismaatregel_id, actie=actie, formulier=formulier,
                                       settings=settings)


def rond_taak_af(*, session: Session, clock: Clock, actor: Gebruiker, crisismaatregel_id: int, taak_id: int,
                 formulier: dict[str, Any], settings: Settings) -> Crisismaatregel:
    """Complete a duty from the checklist with an optional note (at most 2000 characters)."""
    toelichting = str(formulier.get("toelichting") or "").strip()[:2000] or None
    return service.rond_taak_af(session=session, clock=clock, actor=actor, crisismaatregel_id=crisismaatregel_id,
                                taak_id=taak_id, toelichting=toelichting, settings=settings)


def voer_beroep_uit(*, session: Session, clock: Clock, actor: Gebruiker, beroep_id: int, actie: str,
                    formulier: dict[str, Any], settings: Settings) -> Beroep:
    """Carry out a beroep action from the posted form; returns the beroep."""
    return pijplijn.voer_formulier_uit(session=session, clock=clock, actor=actor, soort=BEROEP_ZAAK,
                                       zaak_id=beroep_id, actie=actie, formulier=formulier, settings=settings)
