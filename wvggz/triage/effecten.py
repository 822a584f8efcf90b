"""What each triage workflow action changes besides the status.

Every function runs inside the caller's transaction and returns a short reason for the history row
(no findings or flags: those stay in the record itself)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from workflows.triage import UITKOMSTEN
from wvggz.triage.models import Triage


def pas_toe(triage: Triage, actie: str, w: dict[str, Any], now: datetime) -> str | None:
    """Apply the workflow action's fields to `triage`; returns the reason for the history row."""
    handler = _HANDLERS.get(actie)
    return handler(triage, w, now) if handler else None


def _somatisch(triage: Triage, w: dict[str, Any], now: datetime) -> str:
    triage.somatisch_door, triage.somatisch_op = w["door"], now
    triage.somatisch_bevindingen, triage.somatisch_vlaggen = w["bevindingen"], list(w.get("vlaggen", []))
    return f"somatische screening vastgelegd (door {w['door']})"


def _psychiatrisch(triage: Triage, w: dict[str, Any], now: datetime) -> str:
    triage.psychiatrisch_door, triage.psychiatrisch_op = w["door"], now
    triage.psychiatrisch_bevindingen, triage.psychiatrisch_vlaggen = w["bevindingen"], list(w.get("vlaggen", []))
    return f"psychiatrische screening vastgelegd (door {w['door']})"


def _uitkomst(triage: Triage, w: dict[str, Any], now: datetime) -> str:
    triage.uitkomst, triage.uitkomst_op = w["uitkomst"], now
    triage.vervolg = w.get("vervolg")
    triage.uitkomst_toelichting = w.get("toelichting")
    triage.reden_zonder_screening = w.get("reden_zonder_screening")
    triage.melding_wvggz = w.get("melding_wvggz")
    reden = f"uitkomst: {UITKOMSTEN[w['uitkomst']]}"
    if triage.reden_zonder_screening:
        reden += f"; zonder volledige screening: {triage.reden_zonder_screening}"
    return reden


def _vertrek(triage: Triage, w: dict[str, Any], now: datetime) -> str:
    triage.vertrokken_op = w["vertrokken_op"]
    return "vertrokken"


_HANDLERS: dict[str, Callable[[Triage, dict[str, Any], datetime], str]] = {
    "registreer_somatische_screening": _somatisch,
    "registreer_psychiatrische_screening": _psychiatrisch,
    "leg_uitkomst_vast": _uitkomst,
    "vertrek": _vertrek,
}
