"""Migrations build exactly the schema the models describe, on SQLite (and PostgreSQL in CI)."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

import wvggz.models  # noqa: F401
from wvggz.db import make_engine
from wvggz.migreer import migreer


def _verschillen(url: str) -> list:
    migreer(url)
    engine = make_engine(url)
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        return compare_metadata(ctx, SQLModel.metadata)


def test_migraties_sqlite_gelijk_aan_modellen(tmp_path):
    assert _verschillen(f"sqlite:///{tmp_path / 'm.db'}") == []


@pytest.mark.postgres
def test_migraties_postgres_gelijk_aan_modellen(postgres_url):
    assert _verschillen(postgres_url) == []


def _weigert_wijzigen(url: str, via_migratie: bool) -> None:
    from sqlalchemy import text

    from wvggz.audit.models import append_only_ddl  # noqa: F401

    engine = make_engine(url)
    if via_migratie:
        migreer(url)
    else:
        SQLModel.metadata.create_all(engine)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO historie (zaak_type, zaak_id, op, door, actie) "
                          "VALUES ('melding', 1, '2026-04-13 07:00:00', 'systeem', 'test')"))
    for sql in ("UPDATE historie SET actie = 'vervalst'", "DELETE FROM historie"):
        with pytest.raises(Exception, match="append-only"), engine.begin() as conn:
            conn.execute(text(sql))
    engine.dispose()


@pytest.mark.parametrize("via_migratie", [True, False])
def test_historie_is_append_only_in_de_database_sqlite(tmp_path, via_migratie):
    _weigert_wijzigen(f"sqlite:///{tmp_path / 'a.db'}", via_migratie)


@pytest.mark.postgres
def test_historie_is_append_only_in_de_database_postgres(postgres_url):
    _weigert_wijzigen(postgres_url, via_migratie=True)
