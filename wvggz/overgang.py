"""Glue between the pure workflows and the services: map workflow errors to domain errors."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from workflows.engine import OngeldigeOvergang, OntbrekendVeld, Workflow, toegestane_acties, vuur
from wvggz.errors import InvalidTransition, MissingField


def voer_uit(wf: Workflow, status: str, actie: str, context: Mapping[str, Any]) -> str:
    """Return the new status, or raise InvalidTransition (409) / MissingField (422)."""
    if actie not in wf.acties:
        raise InvalidTransition(
            f"Onbekende actie '{actie}'. Nu toegestaan: {', '.join(toegestane_acties(wf, status)) or 'geen'}.",
            toegestaan=toegestane_acties(wf, status),
        )
    try:
        return vuur(wf, status, actie, context)
    except OngeldigeOvergang as exc:
        raise InvalidTransition(str(exc), toegestaan=list(exc.toegestaan)) from None
    except OntbrekendVeld as exc:
        raise MissingField(exc.veld, exc.melding) from None
