"""Engine and session factories. SQLite gets WAL, a busy timeout and foreign keys."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from time import monotonic
from typing import Any

from sqlalchemy import Connection, event, exc
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm.session import SessionTransactionState
from sqlmodel import Session, create_engine

from wvggz.schrijfpoort import PoortVerbinding

SessionFactory = Callable[[], Session]
_ACTIEF = SessionTransactionState.ACTIVE


def make_engine(url: str, *, echo: bool = False) -> Engine:
    """Return an engine for `url`; creates the SQLite file's folder when needed."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, echo=echo, connect_args={"check_same_thread": False, "timeout": 30,
                                                             "factory": PoortVerbinding})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    else:
        engine = create_engine(url, echo=echo)
        event.listen(engine, "connect", _pg_verbonden)
        event.listen(engine, "checkin", _pg_terug)
        event.listen(engine, "checkout", _ping_na_rust(engine.dialect))
    event.listen(engine, "before_cursor_execute", _niet_schrijven_in_leestransactie)
    return engine


def _sqlite_pragmas(dbapi_conn, _record) -> None:  # noqa: ANN001
    dbapi_conn.isolation_level = None  # let SQLAlchemy's begin event issue BEGIN
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


PING_NA = 2.0  # seconds: a pooled PostgreSQL connection idle longer than this is pinged before use (ADR 0025)
_TERUG = "wvggz_terug"  # connection record info: when the connection came back to the pool


def _pg_verbonden(_dbapi_conn, record) -> None:  # noqa: ANN001
    record.info[_TERUG] = monotonic()


def _pg_terug(_dbapi_conn, record) -> None:  # noqa: ANN001
    if record is not None:
        record.info[_TERUG] = monotonic()


def _ping_na_rust(dialect) -> Callable[..., None]:  # noqa: ANN001
    """Return the checkout listener that pings a rested connection (see `_pg_ping`)."""

    def checkout(dbapi_conn, record, _proxy) -> None:  # noqa: ANN001
        _pg_ping(dialect, dbapi_conn, record)

    return checkout


def _pg_ping(dialect, dbapi_conn, record) -> None:  # noqa: ANN001
    """Ping a connection that rested in the pool for more than PING_NA seconds, instead of every checkout
    (`pool_pre_ping`: one round trip per request). A connection in steady use is not pinged: after a database
    restart the first statement on it fails, and that disconnect invalidates the whole pool, so the next
    request connects afresh. A dead rested connection is replaced here (the pool retries), as pre-ping did."""
    if monotonic() - record.info.get(_TERUG, 0.0) <= PING_NA:
        return
    try:
        ok = dialect.do_ping(dbapi_conn)
    except Exception as fout:
        raise exc.DisconnectionError("rustende verbinding reageert niet") from fout
    if not ok:
        raise exc.DisconnectionError("rustende verbinding reageert niet")


LEZEN = "wvggz_lezen"  # connection execution option: this transaction only reads (ADR 0013)


def _sqlite_begin(conn) -> None:  # noqa: ANN001
    """Take the write lock at BEGIN (two writers serialise instead of failing on upgrade with
    SQLITE_BUSY_SNAPSHOT, ADR 0001), after the file's writer gate (wvggz/schrijfpoort.py), except for a
    transaction opened with `lees`: a plain deferred BEGIN that never takes the write lock or the gate, so a
    reader never waits for or blocks a writer. Sent on the driver's cursor (`_stuur`), not through Core."""
    if conn.get_execution_options().get(LEZEN):
        _stuur(conn, "BEGIN")
        return
    dbapi = conn.connection.dbapi_connection
    if isinstance(dbapi, PoortVerbinding):
        dbapi.neem_poort()  # queue for the write lock here, not in SQLite's sleeping busy handler (ADR 0022)
    try:
        _stuur(conn, "BEGIN IMMEDIATE")
    except BaseException:
        if isinstance(dbapi, PoortVerbinding):
            dbapi.geef_poort()
        raise


def _stuur(conn: Connection, sql: str) -> None:
    """Send `sql` (no parameters, no rows) on the driver's cursor; the engine's listeners see it as any statement."""
    cur = conn.connection.dbapi_connection.cursor()
    conn.dispatch.before_cursor_execute(conn, cur, sql, (), None, False)
    try:
        cur.execute(sql)
    except conn.dialect.loaded_dbapi.Error as fout:
        conn._handle_dbapi_exception(fout, sql, (), cur, None)
    finally:
        cur.close()


def verbinding(session: Session) -> Connection:
    """`session.connection()`: the connection of the session's transaction (opened when there is none), without
    the session's state machinery when the active transaction already holds it (the common case on the write
    path, where every statement asks for it)."""
    t, bind = session._transaction, session.bind
    if t is not None and bind is not None and t._state is _ACTIEF:
        hit = t._connections.get(bind)
        if hit is not None:
            return hit[0]
    return session.connection()


def leest(session: Session) -> bool:
    """True when `session` is inside a read transaction opened by `lees`."""
    return session.in_transaction() and bool(session.connection().get_execution_options().get(LEZEN))


def lees(session: Session) -> None:
    """Open a read transaction on `session` (SQLite: deferred BEGIN, no write lock) unless a transaction is
    already open (a writer stays a writer). End it with `schrijf` before writing: a deferred transaction that
    read and then writes can fail with SQLITE_BUSY_SNAPSHOT."""
    if not session.in_transaction():
        session.connection(execution_options=_lees_opties(session.get_bind()))


def schrijf(session: Session) -> None:
    """End a read transaction opened by `lees`, so the next statement opens a writer (BEGIN IMMEDIATE).
    A writer, or a read transaction holding pending changes, is left as it is. A session bound for reading
    (`leessessie`: a GET request's) opens its writer here explicitly."""
    if leest(session) and not (session.new or session.dirty or session.deleted):
        session.commit()  # nothing to write: only ends the read (objects stay loaded: expire_on_commit off)
    if not session.in_transaction() and session.bind is not None and session.bind.get_execution_options().get(LEZEN):
        session.connection(execution_options=_schrijf_opties(session.bind))


def _lees_opties(bind: Engine) -> dict[str, Any]:
    """A read on PostgreSQL runs in autocommit: no BEGIN and no COMMIT (two round trips). Under READ COMMITTED,
    PostgreSQL's default and the engine's, every statement has its own snapshot inside a transaction too, so the
    reads see the same; a write is refused there as on SQLite (`_niet_schrijven_in_leestransactie`)."""
    if bind.dialect.name == "postgresql":
        return {LEZEN: True, "isolation_level": "AUTOCOMMIT"}
    return {LEZEN: True}


def _schrijf_opties(bind: Engine) -> dict[str, Any]:
    """The writer of a session bound for reading: a real transaction again on PostgreSQL."""
    if bind.dialect.name == "postgresql":
        return {LEZEN: False, "isolation_level": bind.dialect.default_isolation_level or "READ COMMITTED"}
    return {LEZEN: False}


@lru_cache(maxsize=16)
def _leesbinding(engine: Engine) -> Engine:
    return engine.execution_options(**_lees_opties(engine))


def leessessie(session: Session) -> Session:
    """Bind `session` for reading: every transaction it opens is a read (`lees`) unless `schrijf` (or a
    UnitOfWork) opens a writer. For requests that normally only read (GET): the access-log row of a read is
    written in its own short writer, the rest never takes SQLite's write lock."""
    if isinstance(session.bind, Engine) and not session.in_transaction():
        session.bind = _leesbinding(session.bind)
    return session


def _niet_schrijven_in_leestransactie(conn, _cursor, statement, _parameters, _context, _executemany) -> None:  # noqa: ANN001
    """A deferred read transaction that writes can fail with SQLITE_BUSY_SNAPSHOT under load: refuse it loudly,
    on every database (tests find every such write); call `schrijf(session)` before the change."""
    if statement.lstrip()[:6].upper() in _SCHRIJVEND and conn.get_execution_options().get(LEZEN):
        raise LeesFout


_SCHRIJVEND = ("INSERT", "UPDATE", "DELETE")


class LeesFout(RuntimeError):
    """A write inside a read transaction (`lees`): a programming error."""

    def __init__(self) -> None:
        super().__init__("Schrijven in een leestransactie: roep wvggz.db.schrijf(session) aan vóór de wijziging.")


GESCHREVEN = "wvggz_geschreven"


def houd_geschreven_vast(session: Session) -> None:
    """Keep a strong reference to every row `session` writes, so the answer of a POST, read after the
    commit, finds them in the identity map instead of selecting them again (the map holds weak references)."""
    session.info[GESCHREVEN] = []


@event.listens_for(OrmSession, "pending_to_persistent")
@event.listens_for(OrmSession, "detached_to_persistent")  # a row inserted with Core and then attached
def _geschreven(session, instance) -> None:  # noqa: ANN001
    lijst = session.info.get(GESCHREVEN)
    if lijst is not None:
        lijst.append(instance)


def is_postgres(engine: Engine) -> bool:
    return engine.dialect.name == "postgresql"


def session_factory(engine: Engine) -> SessionFactory:
    """Return a callable that opens a new Session on `engine` (objects stay usable after commit)."""

    def factory() -> Session:
        return Session(engine, expire_on_commit=False)

    return factory


@contextmanager
def transaction(factory: SessionFactory) -> Iterator[Session]:
    """Open a session, commit when the block succeeds, roll back when it raises."""
    with factory() as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


@contextmanager
def pijplijn(conn: Connection) -> Iterator[Any]:
    """PostgreSQL: send the statements of the block in one go (psycopg pipeline mode; yields the psycopg
    connection) and read their results at its end: one round trip for all of them. Elsewhere yields None and
    the statements run one by one (ADR 0025, 0026)."""
    dbapi = conn.connection.dbapi_connection
    if conn.dialect.name != "postgresql" or not hasattr(dbapi, "pipeline"):
        yield None
        return
    import psycopg

    try:
        with dbapi.pipeline():
            yield dbapi
    except psycopg.Error as fout:  # raised when the results are read, outside SQLAlchemy's own wrapping
        raise exc.DBAPIError.instance(None, None, fout, psycopg.Error) from fout


def lees_samen(session: Session, selects, parameters: dict[str, Any]) -> list[list] | None:  # noqa: ANN001
    """The rows of several SELECTs (each taking what it needs from `parameters`) in ONE round trip (`pijplijn`;
    ADR 0026), each planned as `rauw` plans it (the same SQL, parameter and result conversions). Rows have
    attribute access, as SQLAlchemy's do. The engine's `before_cursor_execute` listeners (the read guard, the
    tests' statement counters) are called for each, as for any statement. None where there is no round trip to
    save (SQLite, in-process) or a SELECT only Core can run: the caller reads one by one."""
    conn = session.connection()
    if conn.dialect.name != "postgresql":
        return None
    plannen = [_plan_van(stmt, conn.dialect, tuple(parameters), False) for stmt in selects]
    if None in plannen:
        return None
    cursors = []
    with pijplijn(conn) as pg:
        if pg is None:
            return None
        from psycopg.rows import namedtuple_row

        for plan in plannen:
            cur, waarden = pg.cursor(row_factory=namedtuple_row), plan.waarden(parameters)
            conn.dispatch.before_cursor_execute(conn, cur, plan.sql, waarden, None, False)
            cur.execute(plan.sql, waarden)
            cursors.append(cur)
    return [_verwerkt(plan, cur.fetchall()) for plan, cur in zip(plannen, cursors, strict=True)]


def _verwerkt(plan: _Plan, rijen: list) -> list:
    """Rows with the plan's result conversions applied (tuples; named tuples stay named tuples)."""
    if plan.uit is None or not rijen:
        return rijen
    maak = getattr(type(rijen[0]), "_make", tuple)
    return [maak(v if f is None else f(v) for f, v in zip(plan.uit, rij, strict=True)) for rij in rijen]


class Rijen:
    """What `rauw` returns: the rows as tuples (with `kolommen`, their names), the driver's rowcount and the new
    row's id as SQLite reports it (`lastrowid`)."""

    __slots__ = ("kolommen", "lastrowid", "rijen", "rowcount")

    def __init__(self, rijen: list[tuple], kolommen: tuple[str, ...], rowcount: int, lastrowid: Any = None) -> None:  # noqa: ANN401
        self.rijen, self.kolommen, self.rowcount, self.lastrowid = rijen, kolommen, rowcount, lastrowid

    def __iter__(self) -> Iterator[tuple]:
        return iter(self.rijen)

    def all(self) -> list[tuple]:
        return self.rijen

    def scalar(self) -> Any:  # noqa: ANN401
        """The first column of the first row, or None."""
        return self.rijen[0][0] if self.rijen else None

    def scalar_one(self) -> Any:  # noqa: ANN401
        """The first column of the one row; NoResultFound / MultipleResultsFound otherwise."""
        if len(self.rijen) != 1:
            raise (exc.NoResultFound if not self.rijen else exc.MultipleResultsFound)(
                f"{len(self.rijen)} rijen, één verwacht")
        return self.rijen[0][0]


class _Plan:
    """A statement compiled once for a dialect and a set of parameter names, with what the driver call needs:
    the SQL, the parameter order and type conversions (bind processors) and the result conversions."""

    __slots__ = ("binden", "compiled", "kolommen", "positioneel", "sql", "uit")

    def __init__(self, compiled) -> None:  # noqa: ANN001
        self.compiled, self.sql = compiled, compiled.string
        verwerk = compiled._bind_processors
        self.positioneel = bool(compiled.positional)
        namen = compiled.positiontup if self.positioneel else tuple(compiled.bind_names.values())
        self.binden = tuple((naam, verwerk.get(naam), _vast(compiled.binds[naam], verwerk.get(naam)))
                            for naam in namen)
        dialect = compiled.dialect
        resultaat = compiled._result_columns
        self.kolommen = tuple(r.keyname for r in resultaat)
        self.uit = tuple(r.type._cached_result_processor(dialect, None) for r in resultaat)
        if not any(self.uit):
            self.uit = None

    def waarden(self, params: dict[str, Any]) -> tuple | dict:
        """The parameters for the driver: every bind from `params`, or the statement's own value, converted as
        Core would."""
        if self.positioneel:
            return tuple((params[n] if v is None else v(params[n])) if c is _GEEN else c for n, v, c in self.binden)
        return {n: (params[n] if v is None else v(params[n])) if c is _GEEN else c for n, v, c in self.binden}


@lru_cache(maxsize=1024)
def _plan_van(stmt, dialect, sleutels: tuple[str, ...], veel: bool) -> _Plan | None:  # noqa: ANN001
    """The plan of `stmt` for these parameter names, or None when only Core can run it: expanding or literal
    parameters, Python-side defaults, escaped names, a schema map, RETURNING of several rows, or a bind that
    is neither among `sleutels` nor carries a value of its own."""
    compiled = stmt.compile(dialect=dialect, column_keys=list(sleutels), for_executemany=veel)
    if (compiled.literal_execute_params or compiled.post_compile_params or compiled.insert_prefetch
            or compiled.update_prefetch or compiled.escaped_bind_names or compiled.schema_translate_map
            or (veel and compiled._result_columns)):
        return None
    plan = _Plan(compiled)
    plan.binden = tuple((naam, v, _GEEN if naam in sleutels else vast) for naam, v, vast in plan.binden)
    if any(naam not in sleutels and vast is _GEEN for naam, _, vast in plan.binden):
        return None
    return plan


_GEEN = object()  # a bind filled from the parameters, not a value of the statement itself


def _vast(bind, verwerk):  # noqa: ANN001, ANN202
    """The converted value of a bind that carries its own value (a literal in the statement: `status == 'lopend'`),
    else _GEEN."""
    if bind.required or bind.callable is not None or bind.expanding:
        return _GEEN
    return bind.value if verwerk is None else verwerk(bind.value)


def rauw(conn: Connection, stmt, params: dict[str, Any] | list[dict[str, Any]] | None = None) -> Rijen:  # noqa: ANN001
    """Run the Core statement `stmt` on the driver's cursor, as `conn.execute(stmt, params)` would (the same SQL,
    the same type conversions, the engine's `before_cursor_execute` listeners, errors wrapped as SQLAlchemy's),
    without Core's execution machinery (a context and a result object per statement: about two thirds of the
    cost of a small INSERT here). A list of parameter sets runs as one executemany. A statement only Core can
    run (`_plan_van`) goes to `conn.execute`. Returns the rows (converted) and the rowcount."""
    veel = isinstance(params, list)
    eerste = (params[0] if params else {}) if veel else (params or {})
    plan = _plan_van(stmt, conn.dialect, tuple(eerste), veel)
    if plan is None:
        uit = conn.execute(stmt, params)
        rijen = uit.all() if uit.returns_rows else []
        nieuw = None
        if uit.context.isinsert and not veel and not rijen:
            try:
                nieuw = uit.inserted_primary_key[0]
            except exc.InvalidRequestError:  # an INSERT with a RETURNING of its own that returned nothing
                nieuw = None
        return Rijen([tuple(r) for r in rijen], tuple(uit.keys()) if uit.returns_rows else (), uit.rowcount, nieuw)
    if not conn.in_transaction():
        conn._autobegin()  # as Core does before a statement
    waarden = [plan.waarden(p) for p in params] if veel else plan.waarden(eerste)
    cur = conn.connection.dbapi_connection.cursor()
    if conn._echo:  # the engine's echo, as Core's: the statement (its parameters stay out of the log)
        conn._log_info(plan.sql)
    if conn._has_events or conn.engine._has_events:
        conn.dispatch.before_cursor_execute(conn, cur, plan.sql, waarden, None, veel)
    try:
        if veel:
            cur.executemany(plan.sql, waarden)
        else:
            cur.execute(plan.sql, waarden)
        rijen = cur.fetchall() if cur.description is not None else []
        rowcount, lastrowid = cur.rowcount, getattr(cur, "lastrowid", None)
    except conn.dialect.loaded_dbapi.Error as fout:
        cur.close()
        conn._handle_dbapi_exception(fout, plan.sql, waarden, cur, None)
        raise  # (not reached: the line above raises SQLAlchemy's wrapped error)
    cur.close()
    return Rijen(_verwerkt(plan, rijen), plan.kolommen, rowcount, lastrowid)
