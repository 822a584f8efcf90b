"""Append-only rows: case history (who, when, from, to, why) and the access log of person records."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, event
from sqlmodel import Field

from wvggz.tabel import Tabel


class Historie(Tabel, table=True):
    """One change of a case. Never updated, never deleted."""

    __tablename__ = "historie"
    __table_args__ = (Index("ix_historie_zaak", "zaak_type", "zaak_id", "id"),
                      Index("ix_historie_keten", "gemeente", "volgnummer", unique=True))

    id: int | None = Field(default=None, primary_key=True)
    zaak_type: str = Field(max_length=20)
    zaak_id: int
    op: datetime
    door_id: int | None = Field(default=None, foreign_key="gebruiker.id")
    door: str = Field(max_length=120)  # display name snapshot, "systeem" for the scheduler
    actie: str = Field(max_length=60)
    van_status: str | None = Field(default=None, max_length=40)
    naar_status: str | None = Field(default=None, max_length=40)
    reden: str | None = None
    # hash chain per gemeente (wvggz/audit/keten.py); filled when the row is flushed
    gemeente: str | None = Field(default=None, max_length=80)
    volgnummer: int | None = None
    hash: str | None = Field(default=None, max_length=64)


class Toegang(Tabel, table=True):
    """One read or write of a person's record (AVG art. 9 data): who, when, what, which case."""

    __tablename__ = "toegang"
    __table_args__ = (Index("ix_toegang_persoon", "persoon_id", "op"),
                      Index("ix_toegang_keten", "gemeente", "volgnummer", unique=True))

    id: int | None = Field(default=None, primary_key=True)
    op: datetime
    gebruiker_id: int | None = Field(default=None, foreign_key="gebruiker.id")
    handeling: str = Field(max_length=10)  # "lees" | "schrijf" | "geweigerd"
    zaak_type: str = Field(max_length=20)
    zaak_id: int | None = None
    persoon_id: int | None = None
    doel: str = Field(max_length=60)
    adres: str | None = Field(default=None, max_length=64)  # client address (refused reads, web requests)
    gemeente: str | None = Field(default=None, max_length=80)
    volgnummer: int | None = None
    hash: str | None = Field(default=None, max_length=64)


class AppendOnly(Exception):
    pass


def append_only_ddl(tabel: str, dialect: str) -> list[str]:
    """Return the statements that make the database itself refuse UPDATE and DELETE on `tabel`."""
    if dialect == "sqlite":
        return [f"CREATE TRIGGER IF NOT EXISTS {tabel}_geen_{op.lower()} BEFORE {op} ON {tabel} "
                f"BEGIN SELECT RAISE(ABORT, '{tabel} is append-only'); END" for op in ("UPDATE", "DELETE")]
    if dialect == "postgresql":
        return [
            f"CREATE OR REPLACE FUNCTION {tabel}_append_only() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN RAISE EXCEPTION '{tabel} is append-only'; END $$",
            f"CREATE TRIGGER {tabel}_append_only BEFORE UPDATE OR DELETE ON {tabel} "
            f"FOR EACH ROW EXECUTE FUNCTION {tabel}_append_only()",
        ]
    return []


def _maak_triggers(target, connection, **_kw) -> None:  # noqa: ANN001
    for statement in append_only_ddl(target.name, connection.dialect.name):
        connection.exec_driver_sql(statement)


def _weiger(_mapper, _conn, target) -> None:  # noqa: ANN001
    raise AppendOnly(f"{type(target).__name__} is append-only")


APPEND_ONLY = (Historie, Toegang)
for _model in APPEND_ONLY:
    event.listen(_model, "before_update", _weiger)
    event.listen(_model, "before_delete", _weiger)
    event.listen(_model.__table__, "after_create", _maak_triggers)
