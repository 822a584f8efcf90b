"""`wvggz.db.rauw` runs a Core statement on the driver's cursor: the same SQL, the same stored values (type
conversions: time zones, JSON), the same result values and the same errors as `conn.execute`, seen by the
engine's statement listeners and refused in a read transaction; what it cannot plan goes to Core."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import bindparam, exc, select, text

from notifications.outbox import Bericht, rij
from wvggz.audit.models import Historie
from wvggz.clock import TZ
from wvggz.db import LeesFout, lees, rauw

OP = datetime(2026, 3, 30, 9, 30, tzinfo=TZ)  # local time: stored in UTC, read back aware


def _historie(i: int) -> dict:
    return {"zaak_type": "melding", "zaak_id": i, "op": OP + timedelta(minutes=i), "door_id": None,
            "door": "intake", "actie": f"stap_{i}", "van_status": None, "naar_status": "ontvangen", "reden": None,
            "gemeente": "Den Haag", "volgnummer": i, "hash": f"{i:064d}"}


def _opgeslagen(conn, tabel: str, ids) -> list[tuple]:  # noqa: ANN001
    """The stored rows as the database holds them (no type conversion), without their ids."""
    rijen = conn.exec_driver_sql(f"SELECT * FROM {tabel} ORDER BY id").all()  # noqa: S608 (test tables)
    return [tuple(r)[1:] for r in rijen if r[0] in ids]


def test_zelfde_rijen_zelfde_resultaat_als_core(session, teller):
    conn = session.connection()
    stmt = Historie.__table__.insert().returning(Historie.__table__.c.id)
    een, twee = _historie(1), _historie(2) | {"op": OP + timedelta(minutes=1)}  # the same time: the same text?
    a = rauw(conn, stmt, een).scalar_one()
    b = conn.execute(stmt, twee).scalar_one()
    opgeslagen = _opgeslagen(conn, "historie", {a, b})
    # the stored values of the two rows differ only where their parameters differ (`op` is stored the same)
    verschil = {k for k in een if een[k] != twee[k]}
    assert "op" not in verschil
    kolommen = [c.key for c in Historie.__table__.columns][1:]
    for naam, x, y in zip(kolommen, *opgeslagen, strict=True):
        assert (x != y) == (naam in verschil), naam
    # several rows in one executemany, as Core does
    rauw(conn, Historie.__table__.insert(), [_historie(3), _historie(4)])
    # a SELECT: the same values, converted (time zone aware datetimes) as Core converts them
    kies = select(Historie.__table__).where(Historie.__table__.c.zaak_id >= bindparam("van")).order_by(
        Historie.__table__.c.id)
    snel = rauw(conn, kies, {"van": 1})
    core = conn.execute(kies, {"van": 1})
    assert snel.kolommen == tuple(core.keys())
    core_rijen = [tuple(r) for r in core.all()]
    assert snel.all() == core_rijen
    assert len(core_rijen) == 4 and core_rijen[0][3] == OP + timedelta(minutes=1), core_rijen[0]
    # an UPDATE's rowcount
    zet = text("UPDATE historie SET reden = :r WHERE zaak_id = :z")  # (the append-only trigger refuses it)
    with pytest.raises(exc.DatabaseError):
        rauw(conn, zet, {"r": "x", "z": 1})
    session.rollback()
    conn = session.connection()
    rauw(conn, Historie.__table__.insert(), [_historie(3), _historie(4)])
    rauw(conn, text("INSERT INTO audit_keten (tabel, gemeente, volgnummer, hash) VALUES ('historie', :g, 0, :h)"),
         {"g": "Proef", "h": "0" * 64})
    zet_kop = text("UPDATE audit_keten SET volgnummer = :n WHERE gemeente = :g")
    assert rauw(conn, zet_kop, {"n": 1, "g": "Proef"}).rowcount == 1
    assert rauw(conn, zet_kop, {"n": 1, "g": "Elders"}).rowcount == 0
    # the statement listeners see every statement
    assert sum(1 for s in teller if s.startswith("INSERT INTO historie")) == 4
    session.rollback()


def test_json_en_lastrowid_of_returning(session):
    conn = session.connection()
    waarden = rij(soort="ontvangst", kanaal="email", ontvanger_rol="melder", gegevens={"referentie": "M-1", "n": [1, 2]},
                  dedup_sleutel="rauw:1", now=OP, zaak_type="melding", zaak_id=1, adres="melder@example.org")
    uit = rauw(conn, Bericht.__table__.insert(), waarden)  # SQLite: lastrowid; PostgreSQL: the implicit RETURNING
    nieuw = uit.rijen[0][0] if uit.rijen else uit.lastrowid
    core = conn.execute(Bericht.__table__.insert(), dict(waarden, dedup_sleutel="rauw:2")).inserted_primary_key[0]
    assert core == nieuw + 1
    [a, b] = _opgeslagen(conn, "bericht", {nieuw, core})
    kolommen = [c.key for c in Bericht.__table__.columns][1:]
    assert [x for naam, x in zip(kolommen, a, strict=True) if naam != "dedup_sleutel"] == [
        y for naam, y in zip(kolommen, b, strict=True) if naam != "dedup_sleutel"]
    gelezen = rauw(conn, select(Bericht.__table__.c.gegevens).where(Bericht.__table__.c.id == bindparam("id")),
                   {"id": nieuw}).scalar_one()
    assert gelezen == {"referentie": "M-1", "n": [1, 2]}
    session.rollback()


def test_fouten_zoals_core(session):
    conn = session.connection()
    rauw(conn, Historie.__table__.insert(), _historie(7))
    with pytest.raises(exc.IntegrityError):  # (gemeente, volgnummer) is unique: SQLAlchemy's own error class
        rauw(conn, Historie.__table__.insert(), _historie(7))
    session.rollback()
    with pytest.raises(exc.NoResultFound):
        rauw(session.connection(), text("SELECT id FROM historie WHERE id = -1")).scalar_one()
    session.rollback()


def test_wat_alleen_core_kan_gaat_naar_core(session, teller):
    conn = session.connection()
    rauw(conn, Historie.__table__.insert(), [_historie(11), _historie(12)])
    kies = select(Historie.__table__.c.zaak_id).where(Historie.__table__.c.zaak_id.in_(bindparam("ids", expanding=True)))
    assert sorted(rauw(conn, kies, {"ids": [11, 12, 13]}).all()) == [(11,), (12,)]
    assert rauw(conn, select(Historie.__table__.c.zaak_id).where(Historie.__table__.c.zaak_id == 12)).all() == [(12,)]
    session.rollback()


def test_geweigerd_in_een_leestransactie(session):
    lees(session)
    with pytest.raises(LeesFout):
        rauw(session.connection(), Historie.__table__.insert(), _historie(21))
    session.rollback()


def test_waarde_van_het_statement_en_uit_de_parameters(session):
    conn = session.connection()
    rauw(conn, Historie.__table__.insert(), [_historie(31), _historie(32)])
    c = Historie.__table__.c
    vast = select(c.zaak_id).where(c.actie == "stap_31", c.zaak_id == bindparam("z"))  # a literal and a parameter
    assert rauw(conn, vast, {"z": 31}).all() == conn.execute(vast, {"z": 31}).all() == [(31,)]
    met_waarde = select(c.zaak_id).where(c.zaak_id == bindparam("z", value=31))  # a parameter overrides its value
    assert rauw(conn, met_waarde, {"z": 32}).all() == conn.execute(met_waarde, {"z": 32}).all() == [(32,)]
    session.rollback()


def test_verbinding_is_die_van_de_transactie(session):
    from wvggz.db import verbinding

    assert not session.in_transaction()
    conn = verbinding(session)  # none yet: opens the transaction, as session.connection() does
    assert session.in_transaction() and verbinding(session) is conn is session.connection()
    with session.begin_nested():  # a savepoint shares its transaction's connection
        assert verbinding(session) is conn
    session.rollback()
    assert verbinding(session) is session.connection()  # a new transaction: its own connection again
    session.rollback()


def test_core_weg_met_returning_zonder_rij(session):
    """An INSERT … ON CONFLICT DO NOTHING RETURNING that Core runs (executemany is planned; here a Python-side
    default forces Core) and that returns no row: no id, no error."""
    from sqlalchemy import Column, Integer, MetaData, String, Table
    from sqlalchemy.dialects.postgresql import insert as pg_insert
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    tabel = Table("rauw_proef", MetaData(), Column("id", Integer, primary_key=True),
                  Column("sleutel", String(20), unique=True), Column("soort", String(10), default=lambda: "x"))
    conn = session.connection()
    tabel.create(conn)
    maak = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
    stmt = maak(tabel).on_conflict_do_nothing(index_elements=["sleutel"]).returning(tabel.c.id)
    eerste = rauw(conn, stmt, {"sleutel": "a"})
    assert len(eerste.rijen) == 1
    tweede = rauw(conn, stmt, {"sleutel": "a"})
    assert tweede.rijen == [] and tweede.lastrowid is None and tweede.scalar() is None
    session.rollback()
