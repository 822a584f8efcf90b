"""One timeline of a case: history rows, messages, tasks and escalations, oldest first."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session

from wvggz.labels import label
from wvggz.taken.service import taken_van

SOORT_TEKST = {
    "ontvangstbevestiging": "ontvangstbevestiging aan de melder",
    "doorzending": "bericht over doorzending aan de melder",
    "uitkomst_naaste": "uitkomst aan de melder (naaste)",
    "ovj_uitkomst_naaste": "besluit OvJ aan de melder (naaste)",
}


def _item(op: datetime, soort: str, titel: str, tekst: str | None = None, door: str | None = None) -> dict[str, Any]:
    return {"op": op, "soort": soort, "titel": titel, "tekst": tekst, "door": door}


def tijdlijn(session: Session, zaak_type: str, zaak_id: int, historie: list[dict], berichten: list[dict]) -> list[dict]:
    """Return the case's events as {op, soort, titel, tekst, door}, in time order."""
    items = [_item(h["op"], "historie", label(h["actie"]), h["reden"], h["door"]) for h in historie]
    for b in berichten:
        status = {"wachtend": "wacht op verzending", "verzonden": "verzonden", "mislukt": "mislukt"}.get(b["status"],
                                                                                                       b["status"])
        items.append(_item(b["aangemaakt_op"], "bericht", SOORT_TEKST.get(b["soort"], label(b["soort"])),
                           f"aan {b['ontvanger_rol']}: {status}"))
    for t in taken_van(session, zaak_type, zaak_id):
        items.append(_item(t.aangemaakt_op, "taak", f"taak: {t.omschrijving}",
                           "afgerond" if t.afgerond_op else "open", None))
    items += _escalaties(session, zaak_type, zaak_id)
    return sorted(items, key=lambda i: i["op"])


def _escalaties(session: Session, zaak_type: str, zaak_id: int) -> list[dict]:
    from wvggz.schermen.koppelingen import escalaties_van_zaak

    return escalaties_van_zaak(session, zaak_type, zaak_id)
