"""Checks on the moments an action records: aware, not in the future, not absurdly far back."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from wvggz.clock import TZ
from wvggz.config import Settings
from wvggz.errors import MissingField
from wvggz.termijnen.bereken import lokale_tijd_fout

MAX_TERUG = timedelta(days=366)


def lokaal(moment: datetime | None) -> str:
    """Return the moment as 'dd-mm-YYYY HH:MM' in Europe/Amsterdam ('' for None)."""
    return moment.astimezone(TZ).strftime("%d-%m-%Y %H:%M") if moment else ""


def controleer(waarden: Mapping[str, Any], now: datetime, settings: Settings) -> dict[str, Any]:
    """Return the values with every moment in UTC; raises MissingField naming the first moment that lies
    in the future or over a year back."""
    return {veld: controleer_een(veld, w, now, settings) if isinstance(w, datetime) else w
            for veld, w in waarden.items()}


def controleer_een(veld: str, moment: datetime, now: datetime, settings: Settings) -> datetime:
    """Return `moment` in UTC (naive: Europe/Amsterdam); MissingField(veld) unless it lies between a year
    ago and now (plus clock skew)."""
    if fout := lokale_tijd_fout(moment):
        raise MissingField(veld, fout)
    moment = moment if moment.tzinfo else moment.replace(tzinfo=TZ)
    try:
        te_laat = moment > now + timedelta(minutes=settings.klokafwijking_minuten)
        te_vroeg = moment < now - MAX_TERUG
    except (OverflowError, ValueError):
        raise MissingField(veld, "Ongeldig tijdstip.") from None
    if te_laat:
        raise MissingField(veld, "Dit tijdstip ligt in de toekomst.")
    if te_vroeg:
        raise MissingField(veld, "Dit tijdstip ligt meer dan een jaar terug.")
    return moment.astimezone(UTC)


def niet_voor(veld: str, moment: datetime, grens: datetime | None, melding: str) -> None:
    """Raise MissingField(veld, melding) when `moment` lies before `grens`."""
    if grens is not None and moment < grens:
        raise MissingField(veld, melding)
