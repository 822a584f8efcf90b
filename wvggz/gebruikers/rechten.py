"""Who may do what: one table of permission -> roles, asked by services, pages, the API, menus and templates.

This is the only module that compares role strings (tests/unit/test_lagen.py checks it). Elsewhere code asks
`mag(gebruiker, recht)`, or selects users by permission with `met_recht(recht)`.
"""

from __future__ import annotations

from typing import Any, Protocol

from wvggz.errors import BuitenGemeente, Forbidden
from wvggz.gebruikers.models import Gebruiker, Rol

IN, PL, OVP, BM, BH, FG = Rol.INTAKE, Rol.PROJECTLEIDER, Rol.OVP, Rol.BURGEMEESTER, Rol.BEHEER, Rol.FG

RECHTEN: dict[str, frozenset[Rol]] = {
    "melding.maak": frozenset({IN, PL, OVP}),
    "melding.lees": frozenset({IN, PL}),
    "melding.wijzig": frozenset({IN, PL}),
    "melding.behandel": frozenset({IN, PL}),  # may be the behandelaar of a melding
    "melding.toewijzen": frozenset({PL}),  # assigns a melding to another behandelaar (from the list or the case)
    "persoon.lees": frozenset({IN, PL, OVP, BM}),
    "crisismaatregel.maak": frozenset({BM, OVP, IN, PL}),
    "crisismaatregel.lees": frozenset({BM, PL, OVP}),
    "crisismaatregel.alle": frozenset({BM, PL}),  # every measure of the gemeente; others: those of own triages
    "crisismaatregel.inhoud": frozenset({BM, OVP}),  # names, findings, motivation (wvggz/zaken/afscherming.py)
    "crisismaatregel.wijzig": frozenset({BM}),
    "crisismaatregel.besluit": frozenset({BM}),  # takes the decision of the burgemeester (art. 7:1)
    "triage.lees": frozenset({OVP, PL}),
    "triage.wijzig": frozenset({OVP}),
    "triage.namen": frozenset({OVP}),  # sees names on the board: the people in front of them
    "escalatie.bevestig": frozenset({PL}),
    "escalatie.lees": frozenset({PL}),
    "dashboard.lees": frozenset({PL}),
    "gebruiker.beheer": frozenset({BH}),
    "termijn.bereken": frozenset(Rol),
    "bericht.inbox": frozenset(Rol),
    "account.eigen": frozenset(Rol),  # one's own password and second factor
    "hulp.lees": frozenset(Rol),  # the help page (keyboard shortcuts)
    "bericht.beheer": frozenset({BH}),
    # Who receives a signal addressed to a party of the term ladder (wvggz/termijnen/regels.py) when the
    # case has no behandelaar of its own, and the back-office notices and the daily digest.
    "signaal.behandelaar": frozenset({IN}),
    "signaal.wijkteam": frozenset({IN}),
    "signaal.projectleider": frozenset({PL}),
    "signaal.burgemeester": frozenset({BM}),
    # Main-menu entries narrower than their page's own permission (the page still checks its own).
    "menu.nieuwe_melding": frozenset({IN}),
    "menu.ovp": frozenset({OVP}),
    "menu.crisismaatregelen": frozenset({BM}),
    "toegang.lees": frozenset({FG}),
    "persoon.inzage": frozenset({FG}),
}

# How the page header names a role.
ROLNAAM = {IN: "intake", PL: "projectleider", OVP: "OVP", BM: "burgemeester", BH: "beheer",
           FG: "functionaris gegevensbescherming"}


class HeeftRol(Protocol):
    """A user or a snapshot of one (the page header keeps a copy after the session closed)."""

    rol: str


def mag(gebruiker: HeeftRol, recht: str) -> bool:
    """Return whether the user's role grants `recht` (an unknown role grants nothing)."""
    return gebruiker.rol in RECHTEN[recht]


def vereis(gebruiker: HeeftRol, recht: str) -> None:
    """Raise Forbidden unless the user's role grants `recht`."""
    if not mag(gebruiker, recht):
        raise Forbidden(f"Uw rol ({gebruiker.rol}) mag dit niet ({recht}).")


def vereis_gemeente(gebruiker: Gebruiker, gemeente: str, niet_gevonden: str) -> None:
    """Raise BuitenGemeente (a NotFound with `niet_gevonden`, the text of a missing record) when the record
    belongs to another gemeente than the user's scope: a 404 must not reveal that it exists."""
    if gebruiker.gemeente.casefold() != gemeente.casefold():
        raise BuitenGemeente(niet_gevonden)


def rollen(recht: str) -> list[str]:
    """Return the roles that hold `recht`, in the order of `Rol`."""
    return [r.value for r in Rol if r in RECHTEN[recht]]


def met_recht(recht: str) -> Any:  # noqa: ANN401 - a SQLAlchemy condition
    """Return the SQL condition 'the user's role grants `recht`', for selecting users."""
    return Gebruiker.rol.in_(rollen(recht))


def bekende_rol(rol: str) -> bool:
    """Return whether `rol` is one of the roles (for validating input such as a new user)."""
    return rol in {r.value for r in Rol}


def rolnaam(rol: str) -> str:
    """Return how the page header names `rol` (the string itself for an unknown one)."""
    return ROLNAAM.get(rol, rol)  # type: ignore[call-overload]
