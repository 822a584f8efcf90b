"""Write rows with one Core statement each and keep their objects as clean, persistent ORM objects.

`voeg_in`: a row whose id is needed at once (a new case, person, term): no `Session.flush`, so nothing else
that is pending (the dirty case row) is written early, and no re-read after the INSERT.
`schrijf_wijzigingen`: the changed rows of an action (the case, the terms it closed) as one Core UPDATE each,
with the version check the ORM would make, instead of the ORM flush at commit (ADR 0017, Ronde 4)."""

from __future__ import annotations

from functools import lru_cache
from typing import TypeVar

from sqlalchemy import Table, and_, bindparam, inspect
from sqlalchemy.orm import ColumnProperty, make_transient_to_detached
from sqlalchemy.orm.exc import StaleDataError
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
    conn = session.connection()
    waarden = rij_van(obj, conn)
    return ingevoegd(session, obj, conn.execute(invoeging(type(obj)), waarden).scalar_one(), conn)


def rij_van(obj: object, conn=None) -> dict:  # noqa: ANN001
    """The column values of the INSERT of `obj` (a new, unsaved model object), the mapper's before_insert run
    first. `conn` None: the row is built before its transaction opens (ADR 0023: nothing is built while
    SQLite's writer gate is held); listeners then get None for the connection."""
    mapper = inspect(type(obj))
    mapper.dispatch.before_insert(mapper, conn, inspect(obj))
    waarden = {}
    for prop in mapper.column_attrs:
        kolom = prop.columns[0]
        waarde = getattr(obj, prop.key)
        if kolom.primary_key and waarde is None:
            continue
        waarden[kolom.key] = waarde
    return waarden


def invoeging(model: type):  # noqa: ANN201
    """The INSERT … RETURNING id of `model`'s table (built and compiled once)."""
    return _insert(inspect(model).local_table)


def ingevoegd(session: Session, obj: T, obj_id: int, conn=None) -> T:  # noqa: ANN001
    """Give `obj` the id its row got, run the mapper's after_insert and add it to `session` as loaded (no
    re-read). May run after the commit (`conn` None): the object is then the committed row in hand."""
    mapper = inspect(type(obj))
    [pk] = mapper.primary_key
    setattr(obj, mapper.get_property_by_column(pk).key, obj_id)
    mapper.dispatch.after_insert(mapper, conn, inspect(obj))
    make_transient_to_detached(obj)
    session.add(obj)
    return obj


@lru_cache(maxsize=256)
def _update(tabel: Table, kolommen: tuple[str, ...], versie: str | None):  # noqa: ANN202
    """UPDATE <tabel> SET <kolommen> WHERE pk = :_pk [AND versie = :_versie], built once per column set."""
    [pk] = tabel.primary_key.columns
    voorwaarde = pk == bindparam("_pk")
    if versie is not None:
        voorwaarde = and_(voorwaarde, tabel.c[versie] == bindparam("_versie"))
    return tabel.update().where(voorwaarde).values({k: bindparam(k) for k in kolommen})


@lru_cache(maxsize=1)
def _volgorde() -> dict[Table, int]:
    """Every table's place in dependency order (the order the ORM flush writes tables in)."""
    from sqlmodel import SQLModel

    return {t: i for i, t in enumerate(SQLModel.metadata.sorted_tables)}


def _eenvoudig(mapper) -> bool:  # noqa: ANN001
    """A single-table mapper with one primary key and a client-side version counter (or none)."""
    return (mapper.inherits is None and len(mapper.primary_key) == 1 and not mapper.relationships
            and (mapper.version_id_col is None or callable(mapper.version_id_generator)))


def _alleen_kolommen(staat) -> bool:  # noqa: ANN001
    """Only plain, non-key columns changed and the version loaded (anything else: the ORM flush writes it)."""
    mapper, attrs = staat.mapper, staat.mapper.attrs
    if mapper.version_id_col is not None and (
            mapper.get_property_by_column(mapper.version_id_col).key not in staat.dict):
        return False
    for sleutel in staat.committed_state:
        prop = attrs.get(sleutel)
        if not isinstance(prop, ColumnProperty) or prop.columns[0].primary_key:
            return False
    return True


def schrijf_wijzigingen(session: Session) -> None:
    """Write every changed row in the session now, one Core UPDATE per row (the changed columns only, the
    version column raised and checked like the ORM does: a lost race raises StaleDataError), in table order
    then by id, and mark the objects clean, so the commit has nothing left to flush. The mapper's
    before/after_update events run. Objects of a mapper this does not cover are left to the ORM flush."""
    vuil = [st for st in (inspect(o) for o in session.dirty) if _eenvoudig(st.mapper) and _alleen_kolommen(st)]
    if not vuil:
        return
    volgorde = _volgorde()
    vuil.sort(key=lambda st: (volgorde.get(st.mapper.local_table, 0), st.identity))
    conn = session.connection()
    for staat in vuil:
        _werk_bij(session, conn, staat)


def _werk_bij(session: Session, conn, staat) -> None:  # noqa: ANN001
    mapper = staat.mapper
    mapper.dispatch.before_update(mapper, conn, staat)  # as a flush: for every dirty row, changed or not
    waarden = {mapper.get_property(k).columns[0].key: staat.dict.get(k)
               for k in list(staat.committed_state) if staat.attrs[k].history.added}
    if waarden:
        versie_kolom = mapper.version_id_col
        versie_key = mapper.get_property_by_column(versie_kolom).key if versie_kolom is not None else None
        params = dict(waarden, _pk=staat.identity[0])
        if versie_key is not None:
            oud = staat.dict[versie_key]
            params["_versie"], params[versie_kolom.key] = oud, mapper.version_id_generator(oud)
        stmt = _update(mapper.local_table, tuple(sorted(k for k in params if not k.startswith("_"))),
                       versie_kolom.key if versie_kolom is not None else None)
        if conn.execute(stmt, params).rowcount != 1:
            raise StaleDataError(f"{mapper.class_.__name__} {staat.identity[0]}: de rij is intussen gewijzigd")
        if versie_key is not None:
            staat.dict[versie_key] = params[versie_kolom.key]
    staat._commit_all(staat.dict, session.identity_map)  # what the ORM does after its own flush: clean again
    mapper.dispatch.after_update(mapper, conn, staat)
