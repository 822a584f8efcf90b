"""Password policy (ASVS 2.1): at least 12 characters, at most 200, not a common password, not (nearly)
the user name. The list of common passwords is `veelgebruikt.txt` (one a line, lower case)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from wvggz.errors import MissingField

MIN_LENGTE = 12
MAX_LENGTE = 200
LIJST = Path(__file__).with_name("veelgebruikt.txt")


@lru_cache
def veelgebruikt() -> frozenset[str]:
    return frozenset(r.strip().lower() for r in LIJST.read_text(encoding="utf-8").splitlines() if r.strip())


def controleer(wachtwoord: str, gebruikersnaam: str = "", veld: str = "wachtwoord") -> None:
    """Raise MissingField (422 naming `veld`) when the password breaks the policy."""
    if len(wachtwoord) < MIN_LENGTE:
        raise MissingField(veld, f"Het wachtwoord moet ten minste {MIN_LENGTE} tekens hebben.")
    if len(wachtwoord) > MAX_LENGTE:
        raise MissingField(veld, f"Het wachtwoord mag hoogstens {MAX_LENGTE} tekens hebben.")
    kaal = wachtwoord.lower()
    if kaal in veelgebruikt() or len(set(kaal)) < 5:
        raise MissingField(veld, "Dit wachtwoord is te voorspelbaar (komt voor in een lijst van veelgebruikte "
                                 "wachtwoorden). Kies een langere zin of een willekeurig wachtwoord.")
    if gebruikersnaam and kaal.strip("0123456789!@#$%^&*()-_=+.") == gebruikersnaam.lower():
        raise MissingField(veld, "Het wachtwoord mag niet (bijna) gelijk zijn aan de gebruikersnaam.")
