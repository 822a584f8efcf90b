"""Days equated with a holiday by royal decree (Atw art. 3 lid 3), as data.

The government issues such a decree a few years at a time. Each decree lists the years it covers (a
year without a known decree may still get one: computations ending there carry a warning) and its days.
Later decrees go in ``WVGGZ_EXTRA_FEESTDAGEN`` until they are added here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Besluit:
    """One decree: its title, the years it covers and the days it equates with a holiday."""

    titel: str
    jaren: tuple[int, ...]
    dagen: tuple[date, ...]

    def __post_init__(self) -> None:
        vreemd = [d for d in self.dagen if d.year not in self.jaren]
        if vreemd:
            raise ValueError(f"{self.titel}: dag(en) buiten de jaren van het besluit: {vreemd}")


BESLUITEN: tuple[Besluit, ...] = (
    Besluit(
        "Besluit gelijkstelling van 28 april 2023, 19 mei 2023, 10 mei 2024, 27 december 2024 en 30 mei 2025 "
        "met een algemeen erkende feestdag",
        (2023, 2024, 2025),
        (date(2023, 4, 28), date(2023, 5, 19), date(2024, 5, 10), date(2024, 12, 27), date(2025, 5, 30)),
    ),
    Besluit(
        "Besluit gelijkstelling van 2 januari 2026, 15 mei 2026, 7 mei 2027, 28 april 2028 en 26 mei 2028 "
        "met een algemeen erkende feestdag",
        (2026, 2027, 2028),
        (date(2026, 1, 2), date(2026, 5, 15), date(2027, 5, 7), date(2028, 4, 28), date(2028, 5, 26)),
    ),
)


def besluitdagen() -> dict[date, str]:
    """Return every equated day of the known decrees: date -> decree title."""
    return {d: b.titel for b in BESLUITEN for d in b.dagen}


def besluitjaren() -> frozenset[int]:
    """Return the years covered by a known decree."""
    return frozenset(j for b in BESLUITEN for j in b.jaren)
