"""Write side of the monthly figures: count a decision (same transaction) and rebuild from scratch."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection

from wvggz.cijfers.models import Maandcijfer
from wvggz.clock import TZ
from wvggz.meldingen.models import Melding

TABEL = Maandcijfer.__table__
TERMIJN, DOORLOOPTIJD = "termijn", "doorlooptijd"


def maand(moment: datetime) -> str:
    """Return the local month (YYYY-MM) of `moment`."""
    return moment.astimezone(TZ).strftime("%Y-%m")


def microseconden(ontvangen: datetime, besloten: datetime) -> int:
    """Return receipt to decision in whole microseconds (exact: the median is taken over these)."""
    duur = besloten - ontvangen
    return (duur.days * 86_400 + duur.seconds) * 1_000_000 + duur.microseconds


def rijen_van(gemeente: str, ontvangen: datetime, uiterlijk: datetime | None, besloten: datetime | None,
              besluit: str | None, tijdig: bool | None) -> list[tuple[str, str, str, int]]:
    """Return the (gemeente, maand, cijfer, waarde) keys one melding counts in (the dashboard's rules)."""
    g = gemeente.lower()
    uit = []
    if besluit is not None and uiterlijk is not None:
        uit.append((g, maand(uiterlijk), TERMIJN, int(bool(tijdig))))
    if besloten is not None:
        uit.append((g, maand(besloten), DOORLOOPTIJD, microseconden(ontvangen, besloten)))
    return uit


def _upsert(conn: Connection, tellingen: dict[tuple[str, str, str, int], int]) -> None:
    """Add the counts in one INSERT … ON CONFLICT DO UPDATE (no read, no lost update under concurrency)."""
    if not tellingen:
        return
    maak = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
    stmt = maak(TABEL).values([{"gemeente": g, "maand": m, "cijfer": c, "waarde": w, "aantal": n}
                               for (g, m, c, w), n in tellingen.items()])
    conn.execute(stmt.on_conflict_do_update(index_elements=["gemeente", "maand", "cijfer", "waarde"],
                                            set_={"aantal": TABEL.c.aantal + stmt.excluded.aantal}))


def tel_besluit(conn: Connection, melding: Melding) -> None:
    """Count the decision just taken on `melding` (call after besluit, besloten_op and tijdig_besloten are set)."""
    sleutels = rijen_van(melding.gemeente, melding.ontvangen_op, melding.uiterlijk_besluit_op,
                         melding.besloten_op, melding.besluit, melding.tijdig_besloten)
    _upsert(conn, dict(Counter(sleutels)))


_BRON = select(Melding.gemeente, Melding.ontvangen_op, Melding.uiterlijk_besluit_op, Melding.besloten_op,
               Melding.besluit, Melding.tijdig_besloten).where(Melding.besloten_op.is_not(None) | Melding.besluit.is_not(None))


def tel_alles(rijen: Iterable[Any]) -> Counter:
    """Return the counts of every key over the given melding rows (the columns of _BRON)."""
    return Counter(k for r in rijen for k in rijen_van(*r))


def herbereken(conn: Connection, blok: int = 5_000) -> int:
    """Replace the figures by a count over every melding (in the caller's transaction); returns the rows."""
    conn.execute(delete(TABEL))
    tellingen = tel_alles(conn.execute(_BRON))
    rijen = [{"gemeente": g, "maand": m, "cijfer": c, "waarde": w, "aantal": n}
             for (g, m, c, w), n in sorted(tellingen.items())]
    for i in range(0, len(rijen), blok):
        conn.execute(insert(TABEL), rijen[i:i + blok])
    return len(rijen)


def alle_rijen(conn: Connection) -> set[tuple[str, str, str, int, int]]:
    """Return every stored figure row (for the check that incremental equals rebuilt)."""
    t = TABEL.c
    return set(conn.execute(select(t.gemeente, t.maand, t.cijfer, t.waarde, t.aantal).where(t.aantal != 0)).all())
