"""PostgreSQL: many rows in ONE statement with constant text, one array parameter per column:
`INSERT INTO t (a, b) SELECT * FROM unnest(CAST(:a AS INTEGER[]), CAST(:b AS VARCHAR[])) AS v(a, b)`.

Against an executemany (one execution per row, even in psycopg's pipeline) the server runs one statement per
batch and the driver adapts one list per column. The text stays the same whatever the number of rows, so
psycopg caches its conversion and the server keeps it prepared (a multi-row VALUES would be a new, long
statement per batch). Each column's own type processes the values (the ARRAY applies it per element), so the
stored values equal those of a plain INSERT.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from sqlalchemy import Update, bindparam, cast, func, select, update
from sqlalchemy.dialects.postgresql import ARRAY, Insert, insert
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel


def _bron(tabel: str, kolommen: Sequence[str], namen: Sequence[str] | None = None) -> Any:
    """unnest(CAST(:k AS type[]), …) AS anon(k, …): one array parameter per column of `tabel`."""
    t = SQLModel.metadata.tables[tabel]
    namen = namen or kolommen
    arrays = [cast(bindparam(n, type_=ARRAY(t.c[k].type)), ARRAY(t.c[k].type)) for k, n in zip(kolommen, namen,
                                                                                              strict=True)]
    return func.unnest(*arrays).table_valued(*namen).render_derived()


@lru_cache(maxsize=16)
def _insert(tabel: str, kolommen: tuple[str, ...], sleutel: tuple[str, ...]) -> Insert:
    bron = _bron(tabel, kolommen)
    stmt = insert(SQLModel.metadata.tables[tabel]).from_select(list(kolommen), select(*(bron.c[k] for k in kolommen)))
    if sleutel:
        stmt = stmt.on_conflict_do_nothing(index_elements=list(sleutel))
    return stmt.execution_options(preserve_rowcount=True)


def voeg_in(conn: Connection, tabel: str, rijen: list[dict[str, Any]], *, sleutel: tuple[str, ...] = ()) -> int:
    """Insert `rijen` (dicts with the same keys) into `tabel` in one statement, with ON CONFLICT (`sleutel`)
    DO NOTHING when given; returns the number of rows inserted."""
    kolommen = tuple(rijen[0])
    stmt = _insert(tabel, kolommen, sleutel)
    return conn.execute(stmt, {k: [r[k] for r in rijen] for k in kolommen}).rowcount


@lru_cache(maxsize=4)
def _update(tabel: str, kolom: str) -> Update:
    t = SQLModel.metadata.tables[tabel]
    bron = _bron(tabel, ("id", kolom), ("rij_id", "waarde"))
    return update(t).where(t.c.id == bron.c.rij_id).values({kolom: bron.c.waarde})


def zet(conn: Connection, tabel: str, kolom: str, waarden: dict[int, Any]) -> None:
    """Set `kolom` of the rows of `tabel` by id (id -> value) in one UPDATE … FROM unnest."""
    conn.execute(_update(tabel, kolom), {"rij_id": list(waarden), "waarde": list(waarden.values())})
