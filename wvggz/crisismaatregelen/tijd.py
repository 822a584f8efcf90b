"""Moments of a crisismaatregel: the local text used in history and messages; the plausibility checks
(aware, not in the future, not over a year back, not before) live in `wvggz.tijdcontrole`."""

from __future__ import annotations

from datetime import datetime

from wvggz.clock import TZ
from wvggz.tijdcontrole import controleer, controleer_een, niet_voor

__all__ = ["controleer", "controleer_een", "lokaal", "niet_voor"]


def lokaal(moment: datetime | None) -> str:
    """Return the moment as 'dd-mm-YYYY HH:MM' in Europe/Amsterdam ('' for None)."""
    return moment.astimezone(TZ).strftime("%d-%m-%Y %H:%M") if moment else ""
