"""One way to write a CSV export that a Dutch spreadsheet opens right: one table per file, Dutch column
headers, ';' between cells, a BOM (so Excel reads UTF-8), dates and times as `JJJJ-MM-DD UU:MM` in local
time (Excel reads them as dates), decimals with a comma, percentages with a '%', yes/no as ja/nee, and text
that a spreadsheet would run as a formula made harmless with a leading quote."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from wvggz.clock import TZ

BOM = "\ufeff"
MEDIA_TYPE = "text/csv; charset=utf-8"


@dataclass(frozen=True)
class Percentage:
    """A share 0..1 (or None), written as '83,3%'."""

    aandeel: float | None


def _getal(waarde: float) -> str:
    return f"{waarde:.1f}".replace(".", ",")


def cel(waarde: Any) -> str:
    """Return one cell as text."""
    if waarde is None:
        return ""
    if isinstance(waarde, Percentage):
        return "" if waarde.aandeel is None else f"{_getal(waarde.aandeel * 100)}%"
    if isinstance(waarde, bool):
        return "ja" if waarde else "nee"
    if isinstance(waarde, datetime):
        moment = waarde.astimezone(TZ) if waarde.tzinfo else waarde
        return moment.strftime("%Y-%m-%d %H:%M")
    if isinstance(waarde, date):
        return waarde.isoformat()
    if isinstance(waarde, float):
        return _getal(waarde)
    tekst = str(waarde)
    return f"'{tekst}" if tekst[:1] in ("=", "+", "-", "@", "\t", "\r") and not isinstance(waarde, int) else tekst


def tabel(koppen: Sequence[str], rijen: Iterable[Sequence[Any]]) -> str:
    """Return one table as CSV text, starting with the BOM."""
    uit = io.StringIO()
    uit.write(BOM)
    w = csv.writer(uit, delimiter=";", lineterminator="\r\n")
    w.writerow(koppen)
    for rij in rijen:
        w.writerow([cel(c) for c in rij])
    return uit.getvalue()


def bijlage_kop(bestandsnaam: str) -> dict[str, str]:
    """The Content-Disposition header of a CSV download (the name is ASCII, made by the app)."""
    return {"Content-Disposition": f'attachment; filename="{bestandsnaam}"'}
