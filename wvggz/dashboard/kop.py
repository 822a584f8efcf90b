"""What the page header shows besides the user: the unread count of the in-app inbox."""

from __future__ import annotations

from sqlmodel import Session

from wvggz.gebruikers.models import Gebruiker


def ongelezen(session: Session, gebruiker: Gebruiker) -> int:
    """Return the number of unread inbox messages of `gebruiker` (0 until the inbox exists)."""
    try:
        from wvggz.berichten.service import ongelezen as tel
    except ImportError:  # the inbox (issue 6) is built alongside; the header works without it
        return 0
    return tel(session, gebruiker.id)
