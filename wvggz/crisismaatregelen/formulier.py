"""The burgemeester's form POSTs on a crisismaatregel and its beroep: read the posted form (versie, fields)
and hand it to the service; a MissingField names the field and nothing changes."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from wvggz.clock import Clock
from wvggz.config import Settings
from wvggz.crisismaatregelen import beroepen, service
from wvggz.crisismaatregelen.models import Crisismaatregel
from wvggz.errors import MissingField
from wvggz.gebruikers.models import Gebruiker


def _versie(formulier: dict[str, Any]) -> int:
    versie = str(formulier.get("versie") or "")
    if not versie.isdigit() or len(versie) > 12:
        raise MissingField("versie", "De versie ontbreekt; laad de pagina opnieuw.")
    return int(versie)


def _velden(formulier: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in formulier.items() if k not in ("csrf_token", "versie")}


def voer_uit(*, session: Session, clock: Clock, actor: Gebruiker, crisismaatregel_id: int, actie: str,
             formulier: dict[str, Any], settings: Settings) -> Crisismaatregel:
    """Carry out `actie` from the posted form; MissingField names the field and nothing changes."""
    try:
        return service.voer_actie_uit(session=session, clock=clock, actor=actor,
                                      crisismaatregel_id=crisismaatregel_id, actie=actie,
                                      versie=_versie(formulier), velden=_velden(formulier), settings=settings)
    except MissingField:
        session.rollback()
        raise


def rond_taak_af(*, session: Session, clock: Clock, actor: Gebruiker, crisismaatregel_id: int, taak_id: int,
                 formulier: dict[str, Any], settings: Settings) -> Crisismaatregel:
    """Complete a duty from the checklist with an optional note (at most 2000 characters)."""
    toelichting = str(formulier.get("toelichting") or "").strip()[:2000] or None
    return service.rond_taak_af(session=session, clock=clock, actor=actor, crisismaatregel_id=crisismaatregel_id,
                                taak_id=taak_id, toelichting=toelichting, settings=settings)


def voer_beroep_uit(*, session: Session, clock: Clock, actor: Gebruiker, beroep_id: int, actie: str,
                    formulier: dict[str, Any], settings: Settings):  # noqa: ANN201
    """Carry out a beroep action from the posted form; returns the beroep."""
    try:
        return beroepen.voer_actie_uit(session=session, clock=clock, actor=actor, beroep_id=beroep_id, actie=actie,
                                       versie=_versie(formulier), velden=_velden(formulier), settings=settings)
    except MissingField:
        session.rollback()
        raise
