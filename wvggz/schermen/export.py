"""CSV export of the dashboard figures: counts only, no names of persons or staff (behandelaar ids)."""

from __future__ import annotations

import csv
import io

from sqlmodel import Session

from wvggz.clock import Clock
from wvggz.gebruikers.models import Gebruiker
from wvggz.gebruikers.rechten import vereis
from wvggz.schermen.overzicht import figuren

KOPPEN = ("sectie", "sleutel", "maand", "aantal", "tijdig", "aandeel_tijdig", "besluiten", "mediaan_dagen")


def csv_export(*, session: Session, clock: Clock, actor: Gebruiker) -> str:
    """Return the figures as CSV text (UTF-8, ';'-separated for Dutch spreadsheet programs)."""
    vereis(actor, "dashboard.lees")
    f = figuren(session, actor, clock.now())
    uit = io.StringIO()
    w = csv.writer(uit, delimiter=";", lineterminator="\r\n")
    w.writerow(KOPPEN)
    for status, aantal in sorted(f["per_status"].items()):
        w.writerow(("open_per_status", status, "", aantal, "", "", "", ""))
    for r in f["per_behandelaar"]:
        sleutel = f"behandelaar_{r['behandelaar_id']}" if r["behandelaar_id"] else "niet_toegewezen"
        w.writerow(("open_per_behandelaar", sleutel, "", r["aantal"], "", "", "", ""))
    w.writerow(("verlopen_zonder_besluit", "", "", f["verlopen"], "", "", "", ""))
    for m in f["maanden"]:
        w.writerow(("per_maand", "", m["maand"], m["afgelopen"], m["tijdig"], _getal(m["aandeel"]),
                    m["besluiten"], _getal(m["mediaan_dagen"])))
    w.writerow(("mediaan_dagen_12_maanden", "", "", "", "", "", "", _getal(f["mediaan_dagen"])))
    return uit.getvalue()


def _getal(waarde: float | None) -> str:
    return "" if waarde is None else f"{waarde}".replace(".", ",")
