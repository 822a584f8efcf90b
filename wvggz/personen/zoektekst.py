"""Reading a search text the way case workers type it: a birth date in the common spellings
(12041985, 12-4-1985, 12/04/1985, 12.4.1985, 1985-04-12, 19850412) and full names ("eva smit",
"smit, eva", "eva de vries"), as index-friendly conditions on the person table."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import and_, or_

from wvggz.personen.models import Persoon, prefix_voorwaarde, zoekvorm

_DMJ = re.compile(r"(\d{1,2})[-/. ](\d{1,2})[-/. ](\d{4})")
_JMD = re.compile(r"(\d{4})[-/. ](\d{1,2})[-/. ](\d{1,2})")


def _datum(jaar: str, maand: str, dag: str) -> date | None:
    try:
        d = date(int(jaar), int(maand), int(dag))
    except ValueError:
        return None
    return d if d.year >= 1880 else None


def lees_datum(tekst: str | None) -> date | None:
    """Return the date a search text spells, or None. Eight digits read as ddmmjjjj first, else jjjjmmdd."""
    tekst = (tekst or "").strip()
    if m := _DMJ.fullmatch(tekst):
        return _datum(m.group(3), m.group(2), m.group(1))
    if m := _JMD.fullmatch(tekst):
        return _datum(m.group(1), m.group(2), m.group(3))
    if re.fullmatch(r"\d{8}", tekst):
        return _datum(tekst[4:], tekst[2:4], tekst[:2]) or _datum(tekst[:4], tekst[4:6], tekst[6:])
    return None


def naam_voorwaarde(tekst: str):  # noqa: ANN201
    """Return the condition for a name: one word matches the start of the surname or first name; more
    words match a first name + surname split at any word ("eva de vries"), "achternaam, voornaam", or a
    surname of several words ("de vries"). Prefixes everywhere, case-insensitive."""
    if "," in tekst:
        achter, _, voor = tekst.partition(",")
        if zoekvorm(achter) and zoekvorm(voor):
            return and_(prefix_voorwaarde(Persoon.zoeknaam, achter), prefix_voorwaarde(Persoon.zoekvoornaam, voor))
        tekst = achter or voor
    woorden = zoekvorm(tekst).split()
    delen = [prefix_voorwaarde(Persoon.zoeknaam, " ".join(woorden)),
             prefix_voorwaarde(Persoon.zoekvoornaam, " ".join(woorden))]
    for k in range(1, len(woorden)):
        voor, achter = " ".join(woorden[:k]), " ".join(woorden[k:])
        delen.append(and_(prefix_voorwaarde(Persoon.zoekvoornaam, voor), prefix_voorwaarde(Persoon.zoeknaam, achter)))
        delen.append(and_(prefix_voorwaarde(Persoon.zoeknaam, voor), prefix_voorwaarde(Persoon.zoekvoornaam, achter)))
    return or_(*delen)
