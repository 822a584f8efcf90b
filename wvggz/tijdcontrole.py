"""Time plausibility of the moments a user records: aware, not in the future (beyond the allowed clock
skew), not absurdly far back, not before an earlier moment of the same case; birth dates not after today
and not before 1900. One home for these checks; each raises MissingField naming the field, so nothing
changes."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Any

from wvggz.clock import TZ
from wvggz.config import Settings
from wvggz.errors import MissingField

JAAR = timedelta(days=366)
EERSTE_GEBOORTEDATUM = date(1900, 1, 1)


def als_lokaal(moment: datetime) -> datetime:
    """Return `moment` aware; a naive moment is read as Europe/Amsterdam."""
    return moment if moment.tzinfo else moment.replace(tzinfo=TZ)


def niet_in_toekomst(veld: str, moment: datetime, now: datetime, settings: Settings,
                     wat: str = "Dit tijdstip") -> None:
    """Raise MissingField(veld, '<wat> ligt in de toekomst.') when `moment` lies after now plus clock skew."""
    if _na(moment, now + timedelta(minutes=settings.klokafwijking_minuten), veld):
        raise MissingField(veld, f"{wat} ligt in de toekomst.")


def niet_te_ver_terug(veld: str, moment: datetime, now: datetime, terug: timedelta = JAAR,
                      wat: str = "Dit tijdstip", hoe_ver: str = "meer dan een jaar") -> None:
    """Raise MissingField(veld, '<wat> ligt <hoe_ver> terug.') when `moment` lies more than `terug` ago."""
    if _na(now - terug, moment, veld):
        raise MissingField(veld, f"{wat} ligt {hoe_ver} terug.")


def geboortedatum(veld: str, dag: date, now: datetime) -> None:
    """Raise MissingField(veld) for a birth date after today (local date) or before 1900."""
    if dag > now.astimezone(TZ).date():
        raise MissingField(veld, "Geboortedatum ligt in de toekomst.")
    if dag < EERSTE_GEBOORTEDATUM:
        raise MissingField(veld, "Geboortedatum ligt voor 1900.")


def niet_voor(veld: str, moment: datetime, grens: datetime | None, melding: str) -> None:
    """Raise MissingField(veld, melding) when `moment` lies before `grens` (no check without a grens)."""
    if grens is not None and moment < grens:
        raise MissingField(veld, melding)


def plausibel(veld: str, moment: datetime, now: datetime, settings: Settings, *, wat: str = "Dit tijdstip",
              terug: timedelta = JAAR, hoe_ver: str = "meer dan een jaar") -> datetime:
    """Return `moment` aware (naive: Europe/Amsterdam) after checking it is neither in the future nor
    more than `terug` ago."""
    moment = als_lokaal(moment)
    niet_in_toekomst(veld, moment, now, settings, wat)
    niet_te_ver_terug(veld, moment, now, terug, wat, hoe_ver)
    return moment


def controleer_een(veld: str, moment: datetime, now: datetime, settings: Settings) -> datetime:
    """Return `moment` in UTC after `plausibel` with the default texts and a year back; a local time that does
    not exist (spring forward) or happens twice (fall back) without an offset is refused first."""
    from wvggz.termijnen.bereken import lokale_tijd_fout

    if fout := lokale_tijd_fout(moment):
        raise MissingField(veld, fout)
    return plausibel(veld, moment, now, settings).astimezone(UTC)


def controleer(waarden: Mapping[str, Any], now: datetime, settings: Settings) -> dict[str, Any]:
    """Return the values with every moment checked by `controleer_een` and in UTC; others unchanged."""
    return {veld: controleer_een(veld, w, now, settings) if isinstance(w, datetime) else w
            for veld, w in waarden.items()}


def _na(moment: datetime, grens: datetime, veld: str) -> bool:
    """Return moment > grens; a moment too far out to compare is an invalid moment for `veld`."""
    try:
        return moment > grens
    except (OverflowError, ValueError):
        raise MissingField(veld, "Ongeldig tijdstip.") from None
