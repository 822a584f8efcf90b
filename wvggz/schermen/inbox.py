"""The inbox screen: the user's messages (a page of them) and their channel preferences."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from wvggz.berichten.service import inbox, voorkeuren
from wvggz.gebruikers.models import Gebruiker


def scherm(*, session: Session, actor: Gebruiker, alleen_ongelezen: bool = False, pagina: int = 1) -> dict[str, Any]:
    """Return what the inbox page shows: the messages (see `berichten.service.inbox`) and the preferences."""
    return inbox(session=session, actor=actor, alleen_ongelezen=alleen_ongelezen, pagina=pagina) | {
        "voorkeuren": voorkeuren(session=session, actor=actor)}
