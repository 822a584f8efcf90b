"""The dashboard's warning when a running term ends in a year without a known decree (Atw art. 3 lid 3)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import or_
from sqlmodel import Session, select

from wvggz.termijnen.kalender import AtwKalender
from wvggz.termijnen.models import Termijn
from wvggz.termijnen.regels import Eenheid, Regel


def jaren_zonder_besluit(session: Session, kal: AtwKalender, regels: dict[str, Regel]) -> list[int]:
    """Return the years, ascending, in which a running term that uses the Atw calendar ends while no decree
    equating days with a holiday is known for that year (a later decree could move those ends)."""
    werkdagen = [code for code, r in regels.items() if r.eenheid is Eenheid.WERKDAGEN]
    kalender = (Termijn.status == "lopend", Termijn.einddatum.is_not(None),
                or_(Termijn.atw_toegepast.is_(True), Termijn.soort.in_(werkdagen)))
    eerste = select(Termijn.einddatum).where(*kalender).order_by(Termijn.einddatum).limit(1)
    laatste = select(Termijn.einddatum).where(*kalender).order_by(Termijn.einddatum.desc()).limit(1)
    # Two seeks on ix_termijn_einde (the first match from either end), not a pass over every running term.
    laagste, hoogste = session.execute(select(eerste.scalar_subquery(), laatste.scalar_subquery())).one()
    if laagste is None:
        return []
    jaren = []
    for jaar in range(laagste.year, hoogste.year + 1):
        if kal.besluit_bekend(jaar):
            continue
        stmt = select(Termijn.id).where(*kalender, Termijn.einddatum >= date(jaar, 1, 1),
                                        Termijn.einddatum <= date(jaar, 12, 31)).limit(1)
        if session.exec(stmt).first() is not None:
            jaren.append(jaar)
    return jaren
