"""Insert a new row with one Core statement and keep its object as a clean, persistent ORM object.

For a row whose id is needed at once (a new case, person, term): no `Session.flush`, so nothing else that
is pending (the dirty case row) is written early, and no re-read after the INSERT."""

from __future__ import annotations

from functools import lru_cache
from typing import TypeVar

from sqlalchemy import Table, inspect
from sqlalchemy.orm import make_transient_to_detached
from sqlmodel import Session

T = TypeVar("T")


@lru_cache(maxsize=64)
def _insert(tabel: Table):  # noqa: ANN202
    """INSERT … RETURNING id of a table, built once (its compiled form is cached with it)."""
    [pk] = tabel.primary_key.columns
    return tabel.insert().returning(pk)


def voeg_in(session: Session, obj: T) -> T:
    """INSERT `obj` (a new, unsaved model object) now with RETURNING id, and add it to `session` as loaded.

    The mapper's before/after_insert events run as a flush would run them; later changes to `obj` are
    written as an ordinary UPDATE (the version column starts at its stored value)."""
    mapper = inspect(type(obj))
    conn = session.connection()
    staat = inspect(obj)
    mapper.dispatch.before_insert(mapper, conn, staat)
    tabel = mapper.local_table
    waarden = {}
    for prop in mapper.column_attrs:
        kolom = prop.columns[0]
        waarde = getattr(obj, prop.key)
        if kolom.primary_key and waarde is None:
            continue
        waarden[kolom.key] = waarde
    [pk] = mapper.primary_key
    obj_id = conn.execute(_insert(tabel), waarden).scalar_one()
    setattr(obj, mapper.get_property_by_column(pk).key, obj_id)
    mapper.dispatch.after_insert(mapper, conn, staat)
    make_transient_to_detached(obj)
    session.add(obj)
    return obj
