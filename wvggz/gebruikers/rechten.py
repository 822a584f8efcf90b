"""Who may do what: one table, checked by every service."""

from __future__ import annotations

from wvggz.errors import Forbidden
from wvggz.gebruikers.models import Gebruiker, Rol

IN, PL, OVP, BM, BH = Rol.INTAKE, Rol.PROJECTLEIDER, Rol.OVP, Rol.BURGEMEESTER, Rol.BEHEER

RECHTEN: dict[str, frozenset[Rol]] = {
    "melding.maak": frozenset({IN, PL, OVP}),
    "melding.lees": frozenset({IN, PL}),
    "melding.wijzig": frozenset({IN, PL}),
    "persoon.lees": frozenset({IN, PL, OVP, BM}),
    "crisismaatregel.maak": frozenset({BM, OVP, IN, PL}),
    "crisismaatregel.lees": frozenset({BM, PL, OVP}),
    "crisismaatregel.wijzig": frozenset({BM}),
    "triage.lees": frozenset({OVP, PL}),
    "triage.wijzig": frozenset({OVP}),
    "escalatie.bevestig": frozenset({PL}),
    "escalatie.lees": frozenset({PL}),
    "dashboard.lees": frozenset({PL}),
    "gebruiker.beheer": frozenset({BH}),
    "termijn.bereken": frozenset(Rol),
    "bericht.inbox": frozenset(Rol),
    "bericht.beheer": frozenset({BH}),
    "toegang.lees": frozenset({Rol.FG}),
    "persoon.inzage": frozenset({Rol.FG}),
}


def mag(gebruiker: Gebruiker, recht: str) -> bool:
    """Return whether the user's role grants `recht`."""
    return Rol(gebruiker.rol) in RECHTEN[recht]


def vereis(gebruiker: Gebruiker, recht: str) -> None:
    """Raise Forbidden unless the user's role grants `recht`."""
    if not mag(gebruiker, recht):
        raise Forbidden(f"Uw rol ({gebruiker.rol}) mag dit niet ({recht}).")


def vereis_gemeente(gebruiker: Gebruiker, gemeente: str) -> None:
    """Raise Forbidden when the case belongs to another gemeente than the user's scope."""
    if gebruiker.gemeente.casefold() != gemeente.casefold():
        raise Forbidden("Deze zaak valt buiten uw gemeente.")
