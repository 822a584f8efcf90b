"""Glue between the pure workflows and the services: map workflow errors to domain errors."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from workflows.engine import OngeldigeOvergang, OntbrekendVeld, Workflow, nu_toegestaan, vuur
from wvggz.errors import InvalidTransition, MissingField


def voer_uit(wf: Workflow, status: str, actie: str, context: Mapping[str, Any]) -> str:
    """Return the new status, or raise InvalidTransition (409) / MissingField (422)."""
    if actie not in wf.acties:
        toegestaan = nu_toegestaan(wf, status, context)
        raise InvalidTransition(f"Onbekende actie '{actie}'. Nu toegestaan: {', '.join(toegestaan) or 'geen'}.",
                                toegestaan=toegestaan)
    try:
        return vuur(wf, status, actie, context)
    except OngeldigeOvergang as exc:
        raise InvalidTransition(str(exc), toegestaan=list(exc.toegestaan)) from None
    except OntbrekendVeld as exc:
        raise MissingField(exc.veld, exc.melding) from None
