"""Field checks shared by the schemas: postcode, phone, BSN elfproef, names."""

from __future__ import annotations

import re

POSTCODE = re.compile(r"^[1-9][0-9]{3} ?(?!SA|SD|SS)[A-Z]{2}$")
TELEFOON = re.compile(r"^(\+31|0031|0)[1-9][0-9]{8}$")


def postcode(value: str | None) -> str | None:
    """Return the postcode as '1234 AB', or raise ValueError with a Dutch message."""
    if value is None or value.strip() == "":
        return None
    v = value.strip().upper()
    if not POSTCODE.match(v):
        raise ValueError("Postcode moet de vorm '1234 AB' hebben.")
    return f"{v[:4]} {v[-2:]}"


def telefoon(value: str | None) -> str | None:
    """Return the phone number without spaces/dashes, or raise ValueError."""
    if value is None or value.strip() == "":
        return None
    v = re.sub(r"[\s\-()]", "", value)
    if not TELEFOON.match(v):
        raise ValueError("Telefoonnummer is geen geldig Nederlands nummer (bijv. 070 353 56 50).")
    return v


def elfproef(bsn: str) -> bool:
    """Return whether a 9-digit string passes the BSN elfproef."""
    if not re.fullmatch(r"[0-9]{9}", bsn) or bsn == "000000000":
        return False
    total = sum(int(d) * w for d, w in zip(bsn[:8], range(9, 1, -1), strict=True)) - int(bsn[8])
    return total % 11 == 0


def bsn(value: str | None) -> str | None:
    """Return a valid BSN, or raise ValueError with a Dutch message."""
    if value is None or value.strip() == "":
        return None
    v = value.strip().zfill(9) if value.strip().isdigit() and len(value.strip()) == 8 else value.strip()
    if not elfproef(v):
        raise ValueError("BSN is ongeldig (voldoet niet aan de elfproef).")
    return v


def tekst(value: str | None) -> str | None:
    """Strip text and reject control characters; empty becomes None."""
    if value is None:
        return None
    v = value.strip()
    if re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", v):
        raise ValueError("Tekst bevat ongeldige tekens.")
    return v or None


# Bidirectional overrides/embeddings/isolates and marks, and zero-width characters: they make a name
# display differently from what is stored (spoofing, search misses), so names refuse them.
ONZICHTBAAR = re.compile("[\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def naam(value: str | None) -> str | None:
    """Text check plus: no bidirectional-override or zero-width characters (raise ValueError)."""
    if value is not None and ONZICHTBAAR.search(value):
        raise ValueError("Naam bevat onzichtbare of richting-wisselende tekens; typ de naam opnieuw.")
    return value
