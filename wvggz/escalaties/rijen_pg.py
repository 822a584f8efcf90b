"""PostgreSQL: the rows of a sweep batch in ONE statement with constant text, each table's rows as ONE JSON
parameter: `WITH e AS (INSERT INTO escalatie (a, b) SELECT r.a, r.b FROM json_to_recordset(CAST(:e AS JSON))
AS r(a INTEGER, b VARCHAR(20)) ON CONFLICT … DO NOTHING RETURNING 1), b AS (…), h AS (…), w AS (UPDATE termijn …)
SELECT (SELECT count(*) FROM e), …`.

One round trip for the escalation rows, the messages, the history rows and the pointers (was one statement
each). The rows travel as one JSON text made by the json module's C encoder: psycopg adapts one string instead of
an array per column (its text-format array dumper escapes every element in Python, a third of the batch's client
CPU), and the text stays the same whatever the number of rows, so the server keeps it prepared. The server
reads each value with the column's own input function, so the stored rows equal those of a plain INSERT:
datetimes go as ISO 8601 with their UTC offset (a naive one is refused, as `UTCDateTime` does), a JSON column as
the text `json.dumps` makes of it (what psycopg sends for it), everything else as itself.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import TextClause, text
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel

_DIALECT = postgresql.dialect()
_NAAM = _DIALECT.identifier_preparer.quote


def _iso(waarde: Any) -> str:
    """json.dumps' fallback: a datetime as ISO 8601 with its offset (naive ones are refused)."""
    if isinstance(waarde, datetime):
        if waarde.utcoffset() is None:
            raise ValueError(f"tijdstip zonder tijdzone: {waarde!r}")
        return waarde.isoformat()
    raise TypeError(f"{type(waarde).__name__} is niet als JSON te schrijven")


def rijen_json(rijen: Sequence[dict[str, Any]]) -> str:
    """The rows as one JSON text (a list of objects), datetimes as ISO 8601 with their offset."""
    return json.dumps(rijen, default=_iso)


def _bron(tabel: str, kolommen: Sequence[str], param: str, namen: Sequence[str] | None = None) -> tuple[str, str]:
    """Return (FROM clause, select list): json_to_recordset(CAST(:param AS JSON)) AS r(k type, …) and r.k, …;
    a JSON column is read as JSON (its text kept as sent), every other column as its own type."""
    t = SQLModel.metadata.tables[tabel]
    namen = namen or kolommen
    velden = ", ".join(f"{_NAAM(n)} {t.c[k].type.compile(_DIALECT)}" for k, n in zip(kolommen, namen, strict=True))
    return (f"json_to_recordset(CAST(:{param} AS JSON)) AS r_{param}({velden})",
            ", ".join(f"r_{param}.{_NAAM(n)}" for n in namen))


def _insert(tabel: str, kolommen: Sequence[str], param: str, sleutel: Sequence[str]) -> str:
    bron, lijst = _bron(tabel, kolommen, param)
    conflict = f" ON CONFLICT ({', '.join(map(_NAAM, sleutel))}) DO NOTHING" if sleutel else ""
    return (f"INSERT INTO {_NAAM(tabel)} ({', '.join(map(_NAAM, kolommen))}) SELECT {lijst} FROM {bron}"
            f"{conflict} RETURNING 1")


def _update(tabel: str, kolom: str, param: str) -> str:
    """UPDATE … FROM json_to_recordset … WHERE id = rij_id AND id = ANY(:param_ids): the id array lets the planner
    find the rows by primary key (it guesses 100 rows for json_to_recordset, and with that chose to read all of
    a 10,000-row table and hash-join it: 5 ms of a batch's 8)."""
    bron, _ = _bron(tabel, ("id", kolom), param, ("rij_id", "waarde"))
    return (f"UPDATE {_NAAM(tabel)} SET {_NAAM(kolom)} = r_{param}.waarde FROM {bron} "
            f"WHERE {_NAAM(tabel)}.id = r_{param}.rij_id AND {_NAAM(tabel)}.id = ANY(CAST(:{param}_ids AS INTEGER[])) "
            "RETURNING 1")


@lru_cache(maxsize=8)
def _batch_sql(esc: tuple[str, ...], esc_sleutel: tuple[str, ...], ber: tuple[str, ...],
               ber_sleutel: tuple[str, ...], his: tuple[str, ...]) -> TextClause:
    return text(
        f"WITH e AS ({_insert('escalatie', esc, 'e', esc_sleutel)}), "
        f"b AS ({_insert('bericht', ber, 'b', ber_sleutel)}), "
        f"h AS ({_insert('historie', his, 'h', ())}), "
        f"w AS ({_update('termijn', 'volgende_trede_op', 'w')}) "
        "SELECT (SELECT count(*) FROM e), (SELECT count(*) FROM b), (SELECT count(*) FROM h), (SELECT count(*) FROM w)")


def schrijf_batch(conn: Connection, *, escalaties: list[dict[str, Any]], esc_sleutel: tuple[str, ...],
                  berichten: list[dict[str, Any]], ber_sleutel: tuple[str, ...], historie: list[dict[str, Any]],
                  wijzers: dict[int, datetime | None]) -> tuple[int, int]:
    """Insert the escalation rows and messages (ON CONFLICT (`…_sleutel`) DO NOTHING) and the history rows, and
    set the terms' `volgende_trede_op` (id -> moment), in one statement. `escalaties` and `historie` are not
    empty; every row of a table has the same keys. Returns the numbers of escalation rows and messages
    inserted."""
    ber_kolommen = tuple(berichten[0]) if berichten else ()
    sql = _batch_sql(tuple(escalaties[0]), esc_sleutel, ber_kolommen or _BER_LEEG, ber_sleutel, tuple(historie[0]))
    rij = conn.execute(sql, {"e": rijen_json(escalaties), "b": rijen_json(berichten), "h": rijen_json(historie),
                             "w": json.dumps([{"rij_id": i, "waarde": m} for i, m in wijzers.items()],
                                             default=_iso), "w_ids": list(wijzers)}).one()
    return int(rij[0]), int(rij[1])


_BER_LEEG = ("dedup_sleutel",)  # the column list when a batch has no messages (the statement inserts none)


def zet(conn: Connection, tabel: str, kolom: str, waarden: dict[int, Any]) -> None:
    """Set `kolom` of the rows of `tabel` by id (id -> value) in one UPDATE … FROM json_to_recordset."""
    conn.execute(_zet_sql(tabel, kolom), {"w": json.dumps([{"rij_id": i, "waarde": w} for i, w in waarden.items()],
                                                          default=_iso), "w_ids": list(waarden)})


@lru_cache(maxsize=4)
def _zet_sql(tabel: str, kolom: str) -> TextClause:
    return text(_update(tabel, kolom, "w"))
