"""Turn the raw fields of an action (JSON or form) into typed values, naming the field on error."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from workflows.engine import Actie, Veld
from wvggz import validatie
from wvggz.clock import TZ
from wvggz.errors import MissingField
from wvggz.termijnen.bereken import lokale_tijd_fout

WAAR = {"true", "1", "ja", "on", "yes", "waar"}
ONWAAR = {"false", "0", "nee", "off", "no", "onwaar", ""}


def lees_velden(actie: Actie, ruw: Mapping[str, Any]) -> dict[str, Any]:
    """Return the action's fields converted to their types; absent optional fields are left out."""
    bekend = {v.naam for v in actie.velden}
    onbekend = sorted(set(ruw) - bekend - {"versie", "csrf_token"})
    if onbekend:
        raise MissingField(onbekend[0], f"Veld '{onbekend[0]}' hoort niet bij actie '{actie.naam}'.")
    uit: dict[str, Any] = {}
    for veld in actie.velden:
        if veld.naam in ruw and ruw[veld.naam] not in (None, ""):
            uit[veld.naam] = _zet_om(veld, ruw[veld.naam])
    return uit


def _zet_om(veld: Veld, waarde: Any) -> Any:
    try:
        return _OMZETTERS[veld.soort](veld, waarde)
    except (ValueError, TypeError) as exc:
        raise MissingField(veld.naam, f"{veld.label}: {exc}") from None


def _tekst(veld: Veld, waarde: Any) -> str:
    if not isinstance(waarde, str):
        raise ValueError("verwacht tekst")
    if len(waarde) > 10_000:
        raise ValueError("tekst is te lang (meer dan 10.000 tekens)")
    return validatie.tekst(waarde) or ""


def _keuze(veld: Veld, waarde: Any) -> str:
    if not isinstance(waarde, str) or (veld.keuzes and waarde not in veld.keuzes):
        raise ValueError(f"kies uit {', '.join(veld.keuzes)}")
    return waarde


def _int(veld: Veld, waarde: Any) -> int:
    if isinstance(waarde, bool):
        raise ValueError("verwacht een geheel getal")
    getal = int(waarde)
    if not -(2**62) < getal < 2**62:
        raise ValueError("getal buiten bereik")
    return getal


def _bool(veld: Veld, waarde: Any) -> bool:
    if isinstance(waarde, bool):
        return waarde
    if isinstance(waarde, str) and waarde.strip().lower() in WAAR | ONWAAR:
        return waarde.strip().lower() in WAAR
    raise ValueError("verwacht ja of nee")


class KlokFout(ValueError):
    """A local time that does not exist or happens twice (daylight saving change)."""


def datumtijd(waarde: Any) -> datetime:
    """Parse an ISO datetime; naive values are read as Europe/Amsterdam. Returns an aware datetime.

    A naive local time that does not exist or happens twice raises KlokFout with a Dutch message."""
    if isinstance(waarde, datetime):
        moment = waarde
    elif isinstance(waarde, str):
        moment = datetime.fromisoformat(waarde.strip())
    else:
        raise ValueError("verwacht datum en tijd (bijv. 2026-04-13T09:30)")
    if fout := lokale_tijd_fout(moment):
        raise KlokFout(fout)
    return moment if moment.tzinfo else moment.replace(tzinfo=TZ)


def _datumtijd(veld: Veld, waarde: Any) -> datetime:
    try:
        return datumtijd(waarde)
    except KlokFout:
        raise
    except ValueError:
        raise ValueError("verwacht datum en tijd (bijv. 2026-04-13T09:30)") from None


def _lijst(veld: Veld, waarde: Any) -> list[str]:
    items = waarde.split(",") if isinstance(waarde, str) else waarde
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        raise ValueError("verwacht een lijst")
    items = [i.strip() for i in items if i.strip()]
    if veld.keuzes and any(i not in veld.keuzes for i in items):
        raise ValueError(f"kies uit {', '.join(veld.keuzes)}")
    return items


def _getal(veld: Veld, waarde: Any) -> float:
    if isinstance(waarde, bool):
        raise ValueError("verwacht een bedrag")
    getal = float(waarde)
    if getal != getal or abs(getal) > 1e12:
        raise ValueError("bedrag buiten bereik")
    return getal


_OMZETTERS = {
    "tekst": _tekst, "keuze": _keuze, "int": _int, "bool": _bool, "datumtijd": _datumtijd,
    "lijst": _lijst, "bedrag": _getal, "getal": _getal,
}
