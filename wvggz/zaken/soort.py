"""A case kind as data: what the one pipeline needs to know about melding, crisismaatregel, beroep or triage."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from workflows.engine import Workflow
from wvggz.clock import Clock
from wvggz.config import Settings
from wvggz.gebruikers.models import Gebruiker
from wvggz.velden import lees_velden


@dataclass
class Stap:
    """The context of one action: in which session, by whom, on which clock, with which settings."""

    session: Session
    clock: Clock
    actor: Gebruiker | None
    settings: Settings


Context = Callable[[Stap, Any, str], dict[str, Any]]
Invoer = Callable[[Stap, Any, str, Mapping[str, Any]], dict[str, Any]]
Effecten = Callable[[Stap, Any, str, dict[str, Any]], str | None]


@dataclass(frozen=True, eq=False)
class Zaaksoort:
    """One case kind: its table, workflow, number prefix, permissions and the three hooks of an action.

    `context` returns the stored facts the workflow's conditions read for one action; `lees` turns the raw
    fields (JSON or form) into typed values, naming the field on error; `effecten` changes the case besides its
    status (terms, tasks, links, outbox) and returns the reason for the history row. All three run inside the
    pipeline's unit of work: any error rolls everything back."""

    naam: str  # zaak_type in historie, toegang, termijn
    model: type
    workflow: Workflow
    prefix: str  # of the case number (referentie), e.g. "M" in M-2026-000012
    recht: str  # permission prefix: "<recht>.lees" and "<recht>.wijzig" in the permission table
    titel: str  # "Melding", for messages
    lidwoord: str  # "Deze melding", for messages
    context: Context
    effecten: Effecten
    personen: Callable[[Any], list[int | None]]  # every person whose record a read shows
    betrokkenen: Callable[[Any], list[int | None]]  # the person(s) whose record an action changes
    lees: Invoer | None = None
    kennis: Callable[[Session, Gebruiker, Any], None] | None = None  # need-to-know check after the scope check

    @property
    def lees_recht(self) -> str:
        return f"{self.recht}.lees"

    @property
    def wijzig_recht(self) -> str:
        return f"{self.recht}.wijzig"

    @property
    def gewijzigd(self) -> str:
        """The 409 message when another user changed the case first."""
        return f"{self.lidwoord} is intussen door iemand anders gewijzigd. Laad de pagina opnieuw."

    def lees_invoer(self, stap: Stap, zaak: Any, actie: str, ruw: Mapping[str, Any]) -> dict[str, Any]:
        """Return the action's typed values (the kind's own reader, else the workflow table's fields)."""
        if self.lees is not None:
            return self.lees(stap, zaak, actie, ruw)
        return lees_velden(self.workflow.acties[actie], ruw) if actie in self.workflow.acties else {}
