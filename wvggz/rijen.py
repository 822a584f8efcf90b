"""Write rows with one Core statement each and keep their objects as clean, persistent ORM objects.

`voeg_in`: a row whose id is needed at once (a new case, person, term): no `Session.flush`, so nothing else
that is pending (the dirty case row) is written early, and no re-read after the INSERT.
`schrijf_wijzigingen`: the changed rows of an action (the case, the terms it closed) as one Core UPDATE each,
with the version check the ORM would make, instead of the ORM flush at commit (ADR 0017, Ronde 4)."""

from __future__ import annotations

from functools import lru_cache
from typing import TypeVar

from sqlalchemy import Table, and_, bindparam, inspect
from sqlalchemy.orm import make_transient_to_detached
from sqlalchemy.orm.base import NO_VALUE
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session

from wvggz.db import rauw, verbinding

T = TypeVar("T")


@lru_cache(maxsize=64)
def _insert(tabel: Table):  # noqa: ANN202
    """INSERT … RETURNING id of a table, built once (its compiled form is cached with it)."""
    [pk] = tabel.primary_key.columns
    return tabel.insert().returning(pk)


@lru_cache(maxsize=64)
def _kolomplan(mapper):  # noqa: ANN001, ANN202
    """Per mapper, once: (attribute key, column, primary key?) of every column attribute, the primary key
    column and its attribute key (for writing a new row and for loading rows)."""
    [pk] = mapper.primary_key
    return (tuple((p.key, p.columns[0], p.columns[0].primary_key) for p in mapper.column_attrs), pk,
            mapper.get_property_by_column(pk).key)


def voeg_in(session: Session, obj: T) -> T:
    """INSERT `obj` (a new, unsaved model object) now with RETURNING id, and add it to `session` as loaded.

    The mapper's before/after_insert events run as a flush would run them; later changes to `obj` are
    written as an ordinary UPDATE (the version column starts at its stored value)."""
    conn = verbinding(session)
    waarden = rij_van(obj, conn)
    return ingevoegd(session, obj, rauw(conn, invoeging(type(obj)), waarden).scalar_one(), conn)


def rij_van(obj: object, conn=None) -> dict:  # noqa: ANN001
    """The column values of the INSERT of `obj` (a new, unsaved model object), the mapper's before_insert run
    first. `conn` None: the row is built before its transaction opens (ADR 0023: nothing is built while
    SQLite's writer gate is held); listeners then get None for the connection."""
    mapper = inspect(type(obj))
    mapper.dispatch.before_insert(mapper, conn, inspect(obj))
    waarden = {}
    for sleutel, kolom, primair in _kolomplan(mapper)[0]:
        waarde = getattr(obj, sleutel)
        if primair and waarde is None:
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
    setattr(obj, _kolomplan(mapper)[2], obj_id)
    mapper.dispatch.after_insert(mapper, conn, inspect(obj))
    _als_geladen(session, obj)
    return obj


def geladen(session: Session, model: type[T], waarden: dict, obj_id: int) -> T | None:
    """The row of `model` just written with these column values (every column but the id) and id `obj_id`, as a
    loaded, clean object in `session`: built as the ORM's loader builds one (no `__init__` and no `init` event, as
    for any row a query loads; the field-by-field setting of `__init__` is most of the cost of a small model).
    None when `waarden` lacks a column: build it the usual way."""
    mapper = inspect(model)
    kolommen = _kolomplan(mapper)[0]
    obj = mapper.class_manager.new_instance()
    d = obj.__dict__
    for sleutel, kolom, primair in kolommen:
        if primair:
            d[sleutel] = obj_id
        elif kolom.key in waarden:
            d[sleutel] = waarden[kolom.key]
        else:
            return None
    _als_geladen(session, obj)
    return obj


def _als_geladen(session: Session, obj: object) -> None:
    """`make_transient_to_detached(obj)` and `session.add(obj)` for a new object whose row is written, inlined:
    the same state (identity key, every attribute committed, in the identity map) and the same session events
    (before_attach, after_attach, detached_to_persistent: `wvggz.db.GESCHREVEN` keeps the object), without the
    cascade walk (these models have no relationships) and without beginning a session transaction (the row is
    written; after the commit nothing is left to end). Anything unusual takes the two calls themselves."""
    staat = inspect(obj)
    if staat.key is not None or staat.session_id or staat.mapper.relationships or staat.unloaded:
        make_transient_to_detached(obj)
        session.add(obj)
        return
    staat.key = staat.mapper._identity_key_from_state(staat)
    staat._commit_all(staat.dict)
    session.dispatch.before_attach(session, staat)
    session.identity_map.add(staat)
    staat.session_id = session.hash_key
    session.dispatch.after_attach(session, staat)
    session.dispatch.detached_to_persistent(session, staat)


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


@lru_cache(maxsize=128)
def _plan(mapper):  # noqa: ANN001, ANN202
    """Per mapper, once: None when `schrijf_wijzigingen` leaves it to the ORM flush; else its plain non-key
    columns (attribute -> (column key, the attribute's own equality test, as the ORM's history uses it)) and
    the version column (attribute key, column key) or None."""
    if not _eenvoudig(mapper):
        return None
    kolommen = {p.key: (p.columns[0].key, mapper.class_manager[p.key].impl.is_equal)
                for p in mapper.column_attrs if not p.columns[0].primary_key}
    kolom = mapper.version_id_col
    versie = (mapper.get_property_by_column(kolom).key, kolom.key) if kolom is not None else None
    return kolommen, versie


def _alleen_kolommen(staat, plan) -> bool:  # noqa: ANN001
    """Only plain, non-key columns changed and the version loaded (anything else: the ORM flush writes it)."""
    kolommen, versie = plan
    if versie is not None and versie[0] not in staat.dict:
        return False
    return all(sleutel in kolommen for sleutel in staat.committed_state)


def schrijf_wijzigingen(session: Session) -> None:
    """Write every changed row in the session now, one Core UPDATE per row (the changed columns only, the
    version column raised and checked like the ORM does: a lost race raises StaleDataError), in table order
    then by id, and mark the objects clean, so the commit has nothing left to flush. The mapper's
    before/after_update events run. Objects of a mapper this does not cover are left to the ORM flush."""
    verwijderd = session._deleted
    vuil = []
    for staat in session.identity_map._modified:  # what `session.dirty` lists, without building objects
        if staat in verwijderd:
            continue
        plan = _plan(staat.mapper)
        if plan is not None and _alleen_kolommen(staat, plan):
            vuil.append((staat, plan))
    if not vuil:
        return
    if len(vuil) > 1:
        volgorde = _volgorde()
        vuil.sort(key=lambda sp: (volgorde.get(sp[0].mapper.local_table, 0), sp[0].identity))
    conn = verbinding(session)
    for staat, plan in vuil:
        _werk_bij(session, conn, staat, plan)


def _gewijzigd(staat, kolommen) -> dict:  # noqa: ANN001
    """The changed columns and their new values: what the attributes' history lists as added (a value set
    again to an equal one is no change)."""
    nu_van, waarden = staat.dict, {}
    for sleutel, oud in staat.committed_state.items():
        nu = nu_van.get(sleutel, NO_VALUE)
        if nu is NO_VALUE:
            continue
        kolom, gelijk = kolommen[sleutel]
        if oud is NO_VALUE or gelijk(nu, oud) is not True:
            waarden[kolom] = nu
    return waarden


def _werk_bij(session: Session, conn, staat, plan) -> None:  # noqa: ANN001
    mapper = staat.mapper
    kolommen, versie = plan
    mapper.dispatch.before_update(mapper, conn, staat)  # as a flush: for every dirty row, changed or not
    waarden = _gewijzigd(staat, kolommen)
    if waarden:
        params = dict(waarden, _pk=staat.identity[0])
        if versie is not None:
            oud = staat.dict[versie[0]]
            params["_versie"], params[versie[1]] = oud, mapper.version_id_generator(oud)
        stmt = _update(mapper.local_table, tuple(sorted(k for k in params if not k.startswith("_"))),
                       versie[1] if versie is not None else None)
        if rauw(conn, stmt, params).rowcount != 1:
            raise StaleDataError(f"{mapper.class_.__name__} {staat.identity[0]}: de rij is intussen gewijzigd")
        if versie is not None:
            staat.dict[versie[0]] = params[versie[1]]
    staat._commit_all(staat.dict, session.identity_map)  # what the ORM does after its own flush: clean again
    mapper.dispatch.after_update(mapper, conn, staat)


def laad_rijen(session: Session, model: type[T], stmt, params: dict) -> list[T] | None:  # noqa: ANN001
    """Run `stmt` (a Core SELECT of all of `model`'s table columns) and return its rows as persistent objects
    of `model`, as an ORM query without populate_existing would: a row already in the session is the object
    there, left as it is; a new one is added clean and fully loaded. Autoflushes first, as that query would.
    Returns None (ask the ORM) when a row's object in the session has expired or unloaded attributes: the ORM
    would load those, this does not."""
    if session.autoflush:
        session.flush()
    mapper = inspect(model)
    kolommen, pk, _ = _kolomplan(mapper)
    kaart, uit = session.identity_map, []
    resultaat = rauw(verbinding(session), stmt, params)
    snel = not (mapper.class_manager.dispatch.load or session.dispatch.loaded_as_persistent)  # no listeners to call
    plek = {naam: i for i, naam in enumerate(resultaat.kolommen)}
    plan = [(sleutel_attr, plek[kolom.key]) for sleutel_attr, kolom, _ in kolommen]
    pk_plek = plek[pk.key]
    for waarden in resultaat:
        sleutel = mapper.identity_key_from_primary_key((waarden[pk_plek],))
        bestaand = kaart.get(sleutel)
        if bestaand is not None:
            staat = inspect(bestaand)
            if staat.expired_attributes or staat.unloaded:
                return None
            uit.append(bestaand)
            continue
        obj = mapper.class_manager.new_instance()  # as the ORM's loader: no __init__, no events
        d = obj.__dict__
        for sleutel_attr, i in plan:
            d[sleutel_attr] = waarden[i]
        if snel:  # what the ORM's loader does with a new row: the object in the identity map, clean
            staat = obj._sa_instance_state
            staat.key, staat.identity_token, staat.session_id = sleutel, None, session.hash_key
            kaart._add_unpresent(staat, sleutel)
        else:
            make_transient_to_detached(obj)
            session.add(obj)
        uit.append(obj)
    return uit
