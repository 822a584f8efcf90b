"""Retention per record type, as data. Settings (`WVGGZ_BEWAARTERMIJNEN`, JSON {soort: jaren|null}) override
the years; null means never removed automatically."""

from __future__ import annotations

from dataclasses import dataclass

from wvggz.config import Settings


@dataclass(frozen=True)
class Bewaarregel:
    soort: str
    omschrijving: str
    jaren: int | None  # None: kept until someone decides otherwise


REGELS: tuple[Bewaarregel, ...] = (
    Bewaarregel("melding_zonder_aanvraag", "afgesloten melding zonder aanvraag zorgmachtiging, na afsluiting", 5),
    Bewaarregel("melding_met_aanvraag", "afgesloten melding met aanvraag zorgmachtiging (dossier OvJ), na afsluiting",
                None),
)


def regels(settings: Settings) -> dict[str, Bewaarregel]:
    """Return the rules with the configured years; an unknown or negative setting is an error."""
    uit = {r.soort: r for r in REGELS}
    for soort, jaren in settings.bewaartermijnen.items():
        if soort not in uit:
            raise ValueError(f"WVGGZ_BEWAARTERMIJNEN: onbekende soort {soort!r} (bekend: {', '.join(uit)})")
        if jaren is not None and jaren < 1:
            raise ValueError(f"WVGGZ_BEWAARTERMIJNEN: {soort} moet minstens 1 jaar zijn of null")
        uit[soort] = Bewaarregel(soort, uit[soort].omschrijving, jaren)
    return uit
