"""Working-day calendar of the Algemene termijnenwet (Atw) art. 3.

Holidays come from ``holidays.NL(categories=("public", "optional"), language="nl")``: for 2015-2040
that set equals Atw art. 3 lid 1 and 2 (Nieuwjaarsdag, Goede Vrijdag, 2e Paasdag, Koningsdag, 5 mei
every year, Hemelvaartsdag, 2e Pinksterdag, 1e en 2e Kerstdag; plus Easter and Whit Sunday, which are
Sundays anyway). Days equated by royal decree (art. 3 lid 3) come from the known decrees in
``besluiten.py``; later ones are passed in as ``extra_feestdagen`` (their years then count as known).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from functools import cache
from types import MappingProxyType

import holidays

from .besluiten import besluitdagen, besluitjaren

EXTRA_NAAM = "Bij besluit gelijkgestelde dag (Atw art. 3 lid 3)"
_EEN_DAG = timedelta(days=1)


@cache
def _wettelijke_feestdagen(jaar: int) -> Mapping[date, str]:
    """Return the Atw holidays of one year (date -> Dutch name); built once per year."""
    nl = holidays.NL(years=jaar, categories=("public", "optional"), language="nl")
    return MappingProxyType(dict(nl.items()))


class AtwKalender:
    """Atw art. 3 holidays plus configured extra days; answers working-day questions."""

    def __init__(self, extra_feestdagen: Iterable[date] | Mapping[date, str] = (), *, besluiten: bool = True) -> None:
        if isinstance(extra_feestdagen, Mapping):
            extra = {d: str(naam) for d, naam in extra_feestdagen.items()}
        else:
            extra = dict.fromkeys(extra_feestdagen, EXTRA_NAAM)
        self._bronnen: dict[date, str] = dict.fromkeys(extra, "instelling WVGGZ_EXTRA_FEESTDAGEN")
        jaren = {d.year for d in extra}
        if besluiten:
            for d, titel in besluitdagen().items():
                extra.setdefault(d, EXTRA_NAAM)
                self._bronnen.setdefault(d, titel)
            jaren |= besluitjaren()
        self._extra: Mapping[date, str] = MappingProxyType(extra)
        self._jaren = frozenset(jaren)

    def __repr__(self) -> str:
        return f"AtwKalender(extra_feestdagen={sorted(self._extra)!r})"

    @property
    def extra_feestdagen(self) -> tuple[date, ...]:
        """Return the configured extra days (art. 3 lid 3), sorted."""
        return tuple(sorted(self._extra))

    def besluit_bekend(self, jaar: int) -> bool:
        """Return True if a decree (art. 3 lid 3) is known for ``jaar``: shipped or configured."""
        return jaar in self._jaren

    def bron(self, d: date) -> str:
        """Return where the holiday on ``d`` comes from: the Atw itself, a decree title or the setting."""
        if _wettelijke_feestdagen(d.year).get(d) is not None:
            return "Atw art. 3 lid 1 en 2"
        return self._bronnen.get(d, "")

    def feestdag(self, d: date) -> str | None:
        """Return the Dutch name of the holiday on ``d``, or None if it is no Atw holiday."""
        naam = _wettelijke_feestdagen(d.year).get(d)
        return naam if naam is not None else self._extra.get(d)

    def feestdagen(self, jaar: int) -> dict[date, str]:
        """Return all Atw holidays of ``jaar`` (statutory and extra), sorted by date."""
        alle = {d: n for d, n in self._extra.items() if d.year == jaar}
        alle.update(_wettelijke_feestdagen(jaar))
        return dict(sorted(alle.items()))

    def is_werkdag(self, d: date) -> bool:
        """Return True if ``d`` is not a Saturday, Sunday or Atw holiday."""
        return d.weekday() < 5 and self.feestdag(d) is None

    def plus_werkdagen(self, d: date, n: int) -> date:
        """Return the date ``n`` working days after ``d`` (before it if n < 0); ``d`` itself if n == 0."""
        stap = _EEN_DAG if n > 0 else -_EEN_DAG
        resterend = abs(n)
        while resterend:
            d += stap
            if self.is_werkdag(d):
                resterend -= 1
        return d

    def werkdagen_tussen(self, a: date, b: date) -> int:
        """Return the number of working days in the window (a, b]; 0 when b <= a."""
        aantal = 0
        d = a + _EEN_DAG
        while d <= b:
            aantal += self.is_werkdag(d)
            d += _EEN_DAG
        return aantal

    def volgende_werkdag(self, d: date) -> date:
        """Return ``d`` if it is a working day, else the first working day after it."""
        while not self.is_werkdag(d):
            d += _EEN_DAG
        return d
