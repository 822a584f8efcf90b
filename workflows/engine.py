"""The workflow engine the services call: fire an action, list the allowed ones, draw the diagram.

A workflow module supplies data only (a StrEnum of statuses, a transition table, the actions and
their field rules) through `maak_workflow`. Each workflow has ONE module-level machine, built once
with `model=None`, for the diagram and as the reference of the table's meaning; `vuur` walks the same
rows itself (what the machine's trigger does, without its event data; a test compares both on every
pair), so nothing leaks and no ORM row is ever bound.

Checks run in a fixed order: the (status, actie) pair must be in the table (`OngeldigeOvergang`),
then the action's fields (`Workflow.controleer`, first problem as `OntbrekendVeld`), then the
table's conditions (`Voorwaarde`, also reported as `OntbrekendVeld`, never as a silent False).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import Any

from transitions import Machine, Transition
from transitions.extensions import GraphMachine

from workflows.velden import Actie, Probleem, Veld, controleer_velden

__all__ = [
    "Actie",
    "OngeldigeOvergang",
    "OntbrekendVeld",
    "Veld",
    "Voorwaarde",
    "Workflow",
    "WorkflowFout",
    "alle_paren",
    "blokkade",
    "eindigt",
    "maak_workflow",
    "mermaid",
    "nu_toegestaan",
    "toegestane_acties",
    "vuur",
]


class WorkflowFout(Exception):
    """Base class of every error the engine raises."""


class OngeldigeOvergang(WorkflowFout):
    """The action is not allowed in this status (HTTP 409 later)."""

    def __init__(self, workflow: str, status: str, actie: str, toegestaan: list[str], reden: str | None = None):
        self.workflow, self.status, self.actie = workflow, str(status), actie
        self.toegestaan, self.reden = list(toegestaan), reden
        super().__init__(self._zin())

    def _zin(self) -> str:
        begin = f"Actie '{self.actie}' is niet toegestaan voor {self.workflow} in status '{self.status}'."
        if self.reden:
            begin = f"Actie '{self.actie}' is nu niet mogelijk voor deze {self.workflow}: {self.reden}."
        if not self.toegestaan:
            return f"{begin} Nu zijn geen acties meer mogelijk."
        return f"{begin} Toegestaan: {', '.join(self.toegestaan)}."

    def __reduce__(self):
        return type(self), (self.workflow, self.status, self.actie, self.toegestaan, self.reden)


class OntbrekendVeld(WorkflowFout):
    """A field this action needs is missing or invalid (HTTP 422 later)."""

    def __init__(self, veld: str, melding: str):
        self.veld, self.melding = veld, melding
        super().__init__(f"{veld}: {melding}")

    def __reduce__(self):
        return type(self), (self.veld, self.melding)


@dataclass(frozen=True)
class Voorwaarde:
    """A condition on one table row, read from the context; on failure `vuur` names `veld` (422).

    `toestand`: the condition reads only stored facts of the case, so its failure is a conflict with the
    case's state (`OngeldigeOvergang`, 409) and the action is left out of what is allowed now."""

    naam: str
    veld: str
    melding: str
    test: Callable[[Mapping[str, Any]], bool]
    toestand: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "__name__", self.naam)  # the edge label in the Mermaid diagram

    def geldt(self, context: Mapping[str, Any]) -> bool:
        try:
            return bool(self.test(context))
        except (TypeError, ValueError, KeyError, AttributeError):
            return False  # unusable input never passes a condition

    def __call__(self, event: Any) -> bool:
        return self.geldt(event.model.context)


@dataclass(frozen=True, eq=False)
class Workflow:
    """Everything the services need about one workflow; build it with `maak_workflow`.

    `overgangen` holds the table as the machine got it: plain-str states, `source` always a list.
    """

    naam: str
    statussen: type[StrEnum]
    begin: str
    overgangen: list[dict]
    acties: dict[str, Actie]
    eindstatussen: frozenset[str]
    controleer: Callable[[str, Mapping[str, Any]], list[Probleem]]
    machine: Machine


class _Machine(GraphMachine):
    """GraphMachine for transitions' own Mermaid output, firing plain Transitions.

    GraphMachine's own transition class redraws a per-model graph and so needs the model attached;
    a plain Transition lets us fire on an unattached adapter.
    """

    transition_cls = Transition


class _Zaak:
    """Throwaway adapter carrying status and context through one trigger; never attached."""

    __slots__ = ("status", "context")

    def __init__(self, status: str, context: Mapping[str, Any]):
        self.status, self.context = status, context


Regel = Callable[[Mapping[str, Any]], list[Probleem]]


def maak_workflow(
    *,
    naam: str,
    statussen: type[StrEnum],
    begin: str,
    overgangen: list[dict],
    acties: Iterable[Actie],
    eindstatussen: Iterable[str],
    regels: Mapping[str, Regel] | None = None,
    zaakgegevens: Mapping[str, tuple[Veld, ...]] | None = None,
) -> Workflow:
    """Validate the table, build the one machine and the `controleer` function."""
    per_naam = {a.naam: a for a in acties}
    rijen = [_gewone_rij(rij, statussen, per_naam) for rij in overgangen]
    ongebruikt = set(per_naam) - {r["trigger"] for r in rijen}
    onbekend = (set(regels or {}) | set(zaakgegevens or {})) - set(per_naam)
    if ongebruikt or onbekend:
        raise ValueError(f"{naam}: acties zonder overgang {sorted(ongebruikt)}, onbekend {sorted(onbekend)}")
    machine = _Machine(
        model=None,
        states=[s.value for s in statussen],
        initial=str(statussen(begin)),
        transitions=rijen,
        auto_transitions=False,
        send_event=True,
        model_attribute="status",
        title=naam,
        graph_engine="mermaid",
        show_conditions=True,
    )
    return Workflow(
        naam=naam,
        statussen=statussen,
        begin=str(statussen(begin)),
        overgangen=rijen,
        acties=per_naam,
        eindstatussen=frozenset(str(statussen(s)) for s in eindstatussen),
        controleer=_controleur(per_naam, regels or {}, zaakgegevens or {}),
        machine=machine,
    )


def _gewone_rij(rij: dict, statussen: type[StrEnum], acties: Mapping[str, Actie]) -> dict:
    """Copy a row with plain-str states (transitions 0.9.3 mishandles StrEnum) and check it."""
    bronnen = [rij["source"]] if isinstance(rij["source"], str) else list(rij["source"])
    nieuw = {
        "trigger": rij["trigger"],
        "source": [str(statussen(s)) for s in bronnen],
        "dest": str(statussen(rij["dest"])),
    }
    if rij["trigger"] not in acties:
        raise ValueError(f"Actie {rij['trigger']!r} staat in de tabel maar is niet gedeclareerd")
    if rij.get("conditions"):
        if not all(isinstance(v, Voorwaarde) for v in rij["conditions"]):
            raise TypeError("Een voorwaarde in de tabel moet een Voorwaarde zijn")
        nieuw["conditions"] = list(rij["conditions"])
    return nieuw


def _controleur(
    acties: Mapping[str, Actie], regels: Mapping[str, Regel], zaakgegevens: Mapping[str, tuple[Veld, ...]]
) -> Callable[[str, Mapping], list[Probleem]]:
    def controleer(actie: str, context: Mapping[str, Any] | None) -> list[Probleem]:
        """Field problems of `actie` for this context; rules only run once all fields are usable."""
        if actie not in acties:
            return [("actie", f"Onbekende actie '{actie}'")]
        ctx = context or {}
        problemen = controleer_velden(acties[actie].velden + zaakgegevens.get(actie, ()), ctx)
        regel = regels.get(actie)
        return problemen or (regel(ctx) if regel else [])

    return controleer


def _status(wf: Workflow, status: str) -> str:
    try:
        return str(wf.statussen(status))
    except ValueError:
        raise WorkflowFout(f"Onbekende status '{status}' voor {wf.naam}") from None


def _rijen(wf: Workflow, status: str, actie: str | None = None) -> Iterator[dict]:
    return (r for r in wf.overgangen if status in r["source"] and actie in (None, r["trigger"]))


@lru_cache(maxsize=64)
def _index(wf: Workflow) -> tuple[dict[str, tuple[str, ...]], dict[tuple[str, str], tuple[dict, ...]]]:
    """Per status its allowed actions (table order, no duplicates) and per (status, actie) its rows in table
    order: the table read once per workflow instead of once per action."""
    acties: dict[str, tuple[str, ...]] = {}
    rijen: dict[tuple[str, str], tuple[dict, ...]] = {}
    for status in wf.statussen:
        s = str(status)
        acties[s] = tuple(dict.fromkeys(r["trigger"] for r in _rijen(wf, s)))
        for actie in acties[s]:
            rijen[(s, actie)] = tuple(_rijen(wf, s, actie))
    return acties, rijen


def toegestane_acties(wf: Workflow, status: str) -> list[str]:
    """The actions the table allows in `status`, in table order, without duplicates."""
    return list(_index(wf)[0][_status(wf, status)])


def eindigt(wf: Workflow, actie: str) -> bool:
    """Whether every row of `actie` leads to a final status (the action closes the case)."""
    rijen = [r for r in wf.overgangen if r["trigger"] == actie]
    return bool(rijen) and all(r["dest"] in wf.eindstatussen for r in rijen)


def alle_paren(wf: Workflow) -> Iterator[tuple[str, str]]:
    """Every (status, actie) combination, allowed or not, for exhaustive tests."""
    for status in wf.statussen:
        for actie in wf.acties:
            yield status.value, actie


def vuur(wf: Workflow, status: str, actie: str, context: Mapping[str, Any] | None = None) -> str:
    """Fire `actie` from `status` and return the new status (a member of `wf.statussen`)."""
    status = _status(wf, status)
    ctx: Mapping[str, Any] = context or {}
    if actie not in _index(wf)[0][status]:
        raise OngeldigeOvergang(wf.naam, status, actie, nu_toegestaan(wf, status, ctx))
    problemen = wf.controleer(actie, ctx)
    if problemen:
        raise OntbrekendVeld(*problemen[0])
    naar = _volgende(wf, status, actie, ctx)
    if naar is None:
        raise _gefaalde_voorwaarde(wf, status, actie, ctx)
    return wf.statussen(naar)


def _volgende(wf: Workflow, status: str, actie: str, ctx: Mapping[str, Any]) -> str | None:
    """What the machine's trigger does for an allowed pair (plain Transitions, no callbacks): the first row, in
    table order, whose conditions all hold gives the new status; None when none does. Walked here without the
    trigger's event data (tests/unit/test_workflow_engine.py compares both on every pair)."""
    for rij in _index(wf)[1][(status, actie)]:
        if all(voorwaarde.geldt(ctx) for voorwaarde in rij.get("conditions", ())):
            return rij["dest"]
    return None


def _gefaalde_voorwaarde(wf: Workflow, status: str, actie: str, ctx: Mapping[str, Any]) -> WorkflowFout:
    for rij in _rijen(wf, status, actie):
        for voorwaarde in rij.get("conditions", ()):
            if not voorwaarde.geldt(ctx):
                if voorwaarde.toestand:
                    return OngeldigeOvergang(wf.naam, status, actie, nu_toegestaan(wf, status, ctx),
                                             voorwaarde.melding)
                return OntbrekendVeld(voorwaarde.veld, voorwaarde.melding)
    return OntbrekendVeld("actie", "Niet aan de voorwaarden voor deze actie voldaan")


def nu_toegestaan(wf: Workflow, status: str, context: Mapping[str, Any]) -> list[str]:
    """The actions allowed in `status` that no state condition blocks on the case's stored facts (a fact the
    context lacks blocks nothing), in table order."""
    return [a for a in toegestane_acties(wf, status)
            if any(all(_vrij(v, context) for v in r.get("conditions", ()) if v.toestand) for r in _rijen(wf, status, a))]


def _vrij(voorwaarde: Voorwaarde, context: Mapping[str, Any]) -> bool:
    try:
        return bool(voorwaarde.test(context))
    except (KeyError, TypeError, ValueError, AttributeError):
        return True


def blokkade(wf: Workflow, status: str, actie: str, context: Mapping[str, Any]) -> str | None:
    """Return why the table's conditions block `actie` on the case's stored facts now, or None.

    A condition that reads a key the context lacks (a form field) does not block: the form decides it."""
    redenen = []
    for rij in _rijen(wf, status, actie):
        reden = None
        for voorwaarde in rij.get("conditions", ()):
            try:
                vrij = bool(voorwaarde.test(context))
            except (KeyError, TypeError, ValueError, AttributeError):
                vrij = True
            if not vrij:
                reden = voorwaarde.melding
                break
        if reden is None:
            return None
        redenen.append(reden)
    return redenen[0] if redenen else None


def mermaid(wf: Workflow, huidige: str | None = None) -> str:
    """stateDiagram-v2 text from transitions' Mermaid backend; `huidige` is styled active.

    Rendered from the machine's markup without attaching any model; final statuses get an edge
    to [*].
    """
    graph = wf.machine.graph_cls(wf.machine)
    if huidige is not None:
        graph.set_node_style(_status(wf, huidige), "active")
    tekst = graph.get_graph(title=wf.naam).draw(None)
    eind = [f"  {s.value} --> [*]" for s in wf.statussen if s.value in wf.eindstatussen]
    return "\n".join([tekst, *eind])
