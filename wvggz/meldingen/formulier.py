"""The form POST of a melding action: read the posted form (versie, confirmation for an irreversible
step, the fields) and hand it to the service; a MissingField names the field and nothing changes."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from wvggz.clock import Clock
from wvggz.config import Settings
from wvggz.errors import MissingField
from wvggz.gebruikers.models import Gebruiker
from wvggz.meldingen import service
from wvggz.meldingen.effecten import EINDSTATUS_ACTIES
from wvggz.meldingen.models import Melding

BEVESTIG = "bevestig"


def voer_uit(
    *, session: Session, clock: Clock, actor: Gebruiker, melding_id: int, actie: str, formulier: dict[str, Any],
    settings: Settings,
) -> Melding:
    """Carry out `actie` from the posted form (versie, confirmation for irreversible steps, the fields).

    Raises MissingField naming the field (nothing changed), ConflictError on a stale versie."""
    velden = {k: v for k, v in formulier.items() if k not in ("csrf_token", "versie", BEVESTIG)}
    versie = str(formulier.get("versie") or "")
    if not versie.isdigit():
        raise MissingField("versie", "De versie ontbreekt; laad de pagina opnieuw.")
    if actie in EINDSTATUS_ACTIES and formulier.get(BEVESTIG) not in ("1", "on", "ja"):
        raise MissingField(BEVESTIG, "Bevestig dat u deze stap wilt zetten: hij is niet terug te draaien.")
    try:
        return service.voer_actie_uit(session=session, clock=clock, actor=actor, melding_id=melding_id,
                                      actie=actie, versie=int(versie), velden=velden, settings=settings)
    except MissingField:
        session.rollback()
        raise
