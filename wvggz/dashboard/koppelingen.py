"""The dashboard's view of the other packages: open escalations and running crisismaatregelen."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session

from wvggz.gebruikers.models import Gebruiker


def escalaties(session: Session, actor: Gebruiker) -> dict[str, Any] | None:
    """Return the open and unacknowledged escalations of the actor's gemeente (None: not available)."""
    return None


def crisismaatregelen(session: Session, actor: Gebruiker, now: datetime) -> dict[str, Any] | None:
    """Return the running crisismaatregelen and open appeal windows (None: not available)."""
    return None


def zaken_van_persoon(session: Session, actor: Gebruiker, persoon_id: int) -> list[dict[str, Any]]:
    """Return the triages and crisismaatregelen about the person the actor may see, as timeline items."""
    return []
