"""Need to know in what a role is shown: the projectleider watches terms and figures, so outside meldingen it
sees case numbers, statuses and times, not names or findings.

Names and findings of a triage are for the OVP (`triage.namen`); of a crisismaatregel or beroep for the
burgemeester and the OVP (`crisismaatregel.inhoud`). For anyone else the detail views below are shaped here,
once, for the JSON API and the pages alike: the betrokkene's name becomes `AFGESCHERMD`, the birth date and
place go, and the findings, forms of care and motivation are left out."""

from __future__ import annotations

from typing import Any

from wvggz.gebruikers.models import Gebruiker
from wvggz.gebruikers.rechten import mag

AFGESCHERMD = "afgeschermd"
# crisismaatregel facts that are findings or reasons rather than dates and yes/no steps
INHOUD_CM = {"psychiater", "gehoord_door", "reden_niet_gehoord", "zorgvormen", "motivering_minder_ingrijpend",
             "besluit_door_naam", "reden"}


def _persoon(p: dict[str, Any] | None) -> dict[str, Any] | None:
    return None if p is None else {"id": p["id"], "naam": AFGESCHERMD, "geboortedatum": None, "woonplaats": None}


def triage(actor: Gebruiker, d: dict[str, Any]) -> dict[str, Any]:
    """Return the triage view for `actor`: without person, description and screening findings unless OVP."""
    if mag(actor, "triage.namen"):
        return d | {"afgeschermd": False}
    uit = d | {"persoon": None, "signalement": None, "afgeschermd": True}
    for sleutel in ("somatische_screening", "psychiatrische_screening"):
        if uit.get(sleutel):
            uit[sleutel] = uit[sleutel] | {"bevindingen": AFGESCHERMD, "vlaggen": []}
    return uit


def crisismaatregel(actor: Gebruiker, d: dict[str, Any]) -> dict[str, Any]:
    """Return the measure view for `actor`: without name, findings and motivation unless burgemeester or OVP."""
    if mag(actor, "crisismaatregel.inhoud"):
        return d
    return d | {"betrokkene": _persoon(d.get("betrokkene")), "afgeschermd": True,
                "gegevens": {k: v for k, v in d.get("gegevens", {}).items() if k not in INHOUD_CM}}


def beroep(actor: Gebruiker, d: dict[str, Any]) -> dict[str, Any]:
    """Return the beroep view for `actor`: without the betrokkene's name unless burgemeester or OVP."""
    if mag(actor, "crisismaatregel.inhoud"):
        return d
    return d | {"betrokkene": _persoon(d.get("betrokkene")), "afgeschermd": True}


def regels(actor: Gebruiker, rijen: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return list rows of measures or beroepen for `actor`: the name column `betrokkene` shielded."""
    if mag(actor, "crisismaatregel.inhoud"):
        return rijen
    return [r | {"betrokkene": AFGESCHERMD} for r in rijen]
