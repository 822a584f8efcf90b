"""Legal terms as data: the rules table, the Atw calendar, and one module that computes and explains
every deadline. Pure Python (standard library, zoneinfo, holidays): no database, web or wall clock."""

from .bereken import (
    TZ,
    OnbekendeTermijn,
    OngeldigeStart,
    Uitkomst,
    bereken,
    naar_lokaal,
    tredemomenten,
)
from .kalender import AtwKalender
from .regels import REGELS, Eenheid, Regel, Trede, met_instellingen

__all__ = [
    "REGELS",
    "TZ",
    "AtwKalender",
    "Eenheid",
    "OnbekendeTermijn",
    "OngeldigeStart",
    "Regel",
    "Trede",
    "Uitkomst",
    "bereken",
    "met_instellingen",
    "naar_lokaal",
    "tredemomenten",
]
