"""Write side of the monthly figures: count a decision (same transaction) and rebuild from scratch."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection

from wvggz.cijfers.models import Doorlooptijd, Maandcijfer
from wvggz.clock import TZ
from wvggz.db import rauw
from wvggz.meldingen.models import Melding

CIJFERS, DOORLOOP = Maandcijfer.__table__, Doorlooptijd.__table__
AFGELOPEN, TIJDIG, BESLUITEN = "afgelopen", "tijdig", "besluiten"


def maand(moment: datetime) -> str:
    """Return the local month (YYYY-MM) of `moment`."""
    return moment.astimezone(TZ).strftime("%Y-%m")


def microseconden(ontvangen: datetime, besloten: datetime) -> int:
    """Return receipt to decision in whole microseconds (exact: the median is taken over these)."""
    duur = besloten - ontvangen
    return (duur.days * 86_400 + duur.seconds) * 1_000_000 + duur.microseconds


def _telt(rij: Any) -> tuple[list[tuple[str, str, str]], dict[str, Any] | None]:
    """Return the counter keys (gemeente, maand, cijfer) and the duration row one melding counts in."""
    melding_id, gemeente, ontvangen, uiterlijk, besloten, besluit, tijdig = rij
    g = gemeente.lower()
    sleutels = []
    if besluit is not None and uiterlijk is not None:
        sleutels.append((g, maand(uiterlijk), AFGELOPEN))
        if tijdig:
            sleutels.append((g, maand(uiterlijk), TIJDIG))
    duur = None
    if besloten is not None:
        sleutels.append((g, maand(besloten), BESLUITEN))
        duur = {"melding_id": melding_id, "gemeente": g, "maand": maand(besloten),
                "microseconden": microseconden(ontvangen, besloten)}
    return sleutels, duur


def _bron(m: Melding) -> tuple:
    return (m.id, m.gemeente, m.ontvangen_op, m.uiterlijk_besluit_op, m.besloten_op, m.besluit, m.tijdig_besloten)


@lru_cache(maxsize=4)
def _tel_een(dialect: str):  # noqa: ANN202
    """The upsert of one counter with bound parameters, built once per dialect (compiled once)."""
    stmt = (pg_insert if dialect == "postgresql" else sqlite_insert)(CIJFERS)
    return stmt.on_conflict_do_update(index_elements=["gemeente", "maand", "cijfer"],
                                      set_={"aantal": CIJFERS.c.aantal + stmt.excluded.aantal})


_DUUR = insert(DOORLOOP)


def tel_besluit(conn: Connection, melding: Melding) -> None:
    """Count the decision just taken on `melding` (after besluit, besloten_op and tijdig_besloten are set):
    one upsert of the counters (executemany of one prebuilt statement), one INSERT of the duration."""
    sleutels, duur = _telt(_bron(melding))
    if sleutels:
        rijen = [{"gemeente": g, "maand": m, "cijfer": c, "aantal": n}
                 for (g, m, c), n in sorted(Counter(sleutels).items())]
        rauw(conn, _tel_een(conn.dialect.name), rijen if len(rijen) > 1 else rijen[0])
    if duur is not None:
        rauw(conn, _DUUR, duur)


_BRON = select(Melding.id, Melding.gemeente, Melding.ontvangen_op, Melding.uiterlijk_besluit_op, Melding.besloten_op,
               Melding.besluit, Melding.tijdig_besloten).where(
    Melding.besloten_op.is_not(None) | Melding.besluit.is_not(None))


def herbereken(conn: Connection, blok: int = 5_000) -> int:
    """Replace the figures by a count over every melding (in the caller's transaction); returns the
    number of decisions counted."""
    conn.execute(delete(CIJFERS))
    conn.execute(delete(DOORLOOP))
    tellingen, duren = Counter(), []
    for rij in conn.execute(_BRON):
        sleutels, duur = _telt(rij)
        tellingen.update(sleutels)
        if duur is not None:
            duren.append(duur)
    rijen = [{"gemeente": g, "maand": m, "cijfer": c, "aantal": n} for (g, m, c), n in sorted(tellingen.items())]
    for tabel, lijst in ((CIJFERS, rijen), (DOORLOOP, duren)):
        for i in range(0, len(lijst), blok):
            conn.execute(insert(tabel), lijst[i:i + blok])
    return len(duren)


def alle_rijen(conn: Connection) -> tuple[set, set]:
    """Return every stored counter and duration row (for the check that incremental equals rebuilt)."""
    c, d = CIJFERS.c, DOORLOOP.c
    return (set(conn.execute(select(c.gemeente, c.maand, c.cijfer, c.aantal).where(c.aantal != 0)).all()),
            set(conn.execute(select(d.melding_id, d.gemeente, d.maand, d.microseconden)).all()))

