"""Fields an action needs in its context, and the generic checks on them.

`Veld` and `Actie` are re-exported by `workflows.engine`; workflow modules use the small helpers
below to write their own rules (returning `(veld, Dutch message)` pairs, never raising).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

Probleem = tuple[str, str]

SOORTEN = ("tekst", "datumtijd", "bool", "keuze", "int", "lijst")


@dataclass(frozen=True)
class Veld:
    """One context field: its key, Dutch label, kind and (for keuze/lijst) the allowed codes."""

    naam: str
    label: str
    soort: str
    verplicht: bool = True
    keuzes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.soort not in SOORTEN:
            raise ValueError(f"Onbekende veldsoort {self.soort!r} voor {self.naam}")


@dataclass(frozen=True)
class Actie:
    """An action (trigger) with its Dutch button text and the form fields it needs.

    `systeem`: only the scheduler fires it (users get 403); `onomkeerbaar`: a page asks for confirmation
    first, because the step cannot be undone."""

    naam: str
    label: str
    velden: tuple[Veld, ...] = ()
    systeem: bool = False
    onomkeerbaar: bool = False


def aanwezig(waarde: Any) -> bool:
    """A value counts as given unless it is None, blank text or an empty list."""
    if waarde is None:
        return False
    if isinstance(waarde, str):
        return bool(waarde.strip())
    if isinstance(waarde, list | tuple | set | frozenset):
        return bool(waarde)
    return True


def is_tijdstip(waarde: Any) -> bool:
    """An aware datetime (a naive one cannot be compared with UTC instants)."""
    return isinstance(waarde, datetime) and waarde.utcoffset() is not None


def _lijst_fout(veld: Veld, waarde: Any) -> str | None:
    if not isinstance(waarde, list | tuple):
        return f"{veld.label} moet een lijst zijn"
    vreemd = [w for w in waarde if veld.keuzes and w not in veld.keuzes]
    if vreemd:
        return f"{veld.label}: onbekende waarde(n) {', '.join(map(str, vreemd))}"
    return None


_SOORTFOUT: dict[str, Callable[[Veld, Any], str | None]] = {
    "tekst": lambda v, w: None if isinstance(w, str) else f"{v.label} moet tekst zijn",
    "datumtijd": lambda v, w: None if is_tijdstip(w) else f"{v.label} moet een tijdstip met tijdzone zijn",
    "bool": lambda v, w: None if isinstance(w, bool) else f"{v.label} moet ja of nee zijn",
    "int": lambda v, w: (
        None if isinstance(w, int) and not isinstance(w, bool) else f"{v.label} moet een geheel getal zijn"
    ),
    "keuze": lambda v, w: None if w in v.keuzes else f"{v.label}: kies uit {', '.join(v.keuzes)}",
    "lijst": _lijst_fout,
}


def controleer_velden(velden: tuple[Veld, ...], context: Mapping[str, Any]) -> list[Probleem]:
    """Presence of required fields and the kind of every given field, in declaration order."""
    problemen: list[Probleem] = []
    for veld in velden:
        waarde = context.get(veld.naam)
        if not aanwezig(waarde):
            if veld.verplicht:
                problemen.append((veld.naam, f"{veld.label} ontbreekt"))
            continue
        fout = _SOORTFOUT[veld.soort](veld, waarde)
        if fout:
            problemen.append((veld.naam, fout))
    return problemen


def een_van(context: Mapping[str, Any], vlag: str, reden: str, melding: str) -> list[Probleem]:
    """Either `vlag` is True or `reden` is given (e.g. gehoord / reden_niet_gehoord).

    The problem names `vlag` when nothing was said, `reden` when `vlag` is explicitly False.
    """
    if context.get(vlag) is True or aanwezig(context.get(reden)):
        return []
    return [(reden if context.get(vlag) is False else vlag, melding)]


def niet_voor(context: Mapping[str, Any], veld: str, grens: str, melding: str) -> list[Probleem]:
    """`context[veld]` must not lie before `context[grens]` (both aware datetimes, checked before)."""
    return [(veld, melding)] if context[veld] < context[grens] else []
