"""Pydantic validation errors as Dutch messages per field: one table, used by the JSON error envelope,
the page forms and the services that validate action fields."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from wvggz.errors import MissingField

STANDAARD = "Ongeldige waarde."
FOUTTEKST = {
    "missing": "Dit veld is verplicht.", "extra_forbidden": "Onbekend veld.", "json_invalid": "Ongeldige JSON.",
    "string_too_short": "Dit veld is te kort.", "string_too_long": "Dit veld is te lang.",
    "enum": "Kies een waarde uit de lijst.", "literal_error": "Kies een waarde uit de lijst.",
    "string_pattern_mismatch": "Gebruik alleen letters, cijfers, - en /.",
    "date_from_datetime_parsing": "Geen geldige datum.", "date_parsing": "Geen geldige datum.",
    "datetime_from_date_parsing": "Geen geldig tijdstip.", "datetime_parsing": "Geen geldig tijdstip.",
    "int_parsing": "Geen geldig nummer.", "greater_than_equal": "Geen geldig nummer.",
}
WAARDEFOUT = "Value error, "


def veldnaam(fout: Mapping[str, Any]) -> str:
    """Return the dotted field name of one pydantic error ('betrokkene.achternaam'; '' for the body)."""
    return ".".join(str(d) for d in fout.get("loc", ()))


def tekst(fout: Mapping[str, Any], standaard: str | None = STANDAARD) -> str:
    """Return the Dutch message of one pydantic error: our own validators' text, else the table's text,
    else `standaard` (None: pydantic's own message)."""
    msg = str(fout.get("msg", ""))
    if "email address" in msg:
        return "Geen geldig e-mailadres."
    if msg.startswith(WAARDEFOUT):
        return msg.removeprefix(WAARDEFOUT)
    return FOUTTEKST.get(str(fout.get("type", "")), msg if standaard is None else standaard)


def veldfouten(exc: ValidationError) -> dict[str, str]:
    """Return field name -> Dutch message, the first message per field (what a form shows at the field)."""
    uit: dict[str, str] = {}
    for fout in exc.errors():
        uit.setdefault(veldnaam(fout), tekst(fout))
    return uit


def eerste(exc: ValidationError, veld: str = "actie", standaard: str | None = None) -> MissingField:
    """Return MissingField for the first error, named by its field (`veld` when it has no location)."""
    fout = exc.errors()[0]
    return MissingField(veldnaam(fout) or veld, tekst(fout, standaard))
