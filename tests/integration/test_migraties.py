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
