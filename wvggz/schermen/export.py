"""CSV exports of the dashboard figures: counts only, no names of persons or staff (behandelaar numbers).

One table per file (wvggz/csvbestand.py): the months, the open meldingen per status, per behandelaar."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from workflows.melding import MeldingStatus
from wvggz import labels
from wvggz.clock import Clock
from wvggz.csvbestand import Percentage, tabel
from wvggz.gebruikers.models import Gebruiker
from wvggz.gebruikers.rechten import vereis
from wvggz.schermen.overzicht import figuren

MAANDEN = ("Maand", "Termijnen afgelopen", "Waarvan tijdig besloten", "Aandeel tijdig", "Besluiten",
           "Mediaan doorlooptijd (dagen)")
PER_STATUS = ("Status", "Aantal open meldingen")
PER_BEHANDELAAR = ("Behandelaar (nummer)", "Aantal open meldingen")
TABELLEN = ("per-maand", "open-per-status", "open-per-behandelaar")


def _rijen(naam: str, f: dict[str, Any]) -> tuple[tuple[str, ...], list[list[Any]]]:
    if naam == "per-maand":
        return MAANDEN, [[m["maand"], m["afgelopen"], m["tijdig"], Percentage(m["aandeel"]), m["besluiten"],
                          m["mediaan_dagen"]] for m in f["maanden"]]
    if naam == "open-per-status":
        volgorde = [s.value for s in MeldingStatus]
        return PER_STATUS, [[label(s), f["per_status"][s]] for s in sorted(
            f["per_status"], key=lambda s: volgorde.index(s) if s in volgorde else len(volgorde))]
    return PER_BEHANDELAAR, [[f"Behandelaar {r['behandelaar_id']}" if r["behandelaar_id"] else "Niet toegewezen",
                              r["aantal"]] for r in f["per_behandelaar"]]


def label(status: str) -> str:
    """The status as words, as the pages show it ("in_onderzoek" -> "In onderzoek"; wvggz/labels.py)."""
    tekst = labels.label(status)
    return tekst[:1].upper() + tekst[1:]


def csv_export(*, session: Session, clock: Clock, actor: Gebruiker, tabelnaam: str = "per-maand") -> str:
    """Return one table of the figures as CSV text (see wvggz/csvbestand.py); `tabelnaam` one of TABELLEN."""
    vereis(actor, "dashboard.lees")
    if tabelnaam not in TABELLEN:
        raise ValueError(tabelnaam)
    koppen, rijen = _rijen(tabelnaam, figuren(session, actor, clock.now()))
    return tabel(koppen, rijen)
