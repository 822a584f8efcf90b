"""What the page header shows besides the user: the unread count of the in-app inbox."""

from __future__ import annotations

from sqlmodel import Session

from wvggz.berichten.service import ongelezen as tel
from wvggz.gebruikers.models import Gebruiker


def ongelezen(session: Session, gebruiker: Gebruiker) -> int:
    """Return the number of unread inbox messages of `gebruiker`."""
    return tel(session, gebruiker.id)
