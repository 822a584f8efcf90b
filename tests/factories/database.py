"""Fresh databases for tests: a SQLite file, or in PostgreSQL mode (WVGGZ_TEST_DATABASE=postgres) a new
PostgreSQL database per test that is dropped afterwards."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy.pool import NullPool

OP_POSTGRES = os.environ.get("WVGGZ_TEST_DATABASE", "sqlite").lower() == "postgres"


@contextmanager
def verse_database(pad: Path) -> Iterator[str]:
    """Yield the URL of a fresh, empty database: a SQLite file at `pad`, or in PostgreSQL mode a new
    PostgreSQL database that is dropped afterwards."""
    if not OP_POSTGRES:
        yield f"sqlite:///{pad}"
        return
    with nieuwe_postgres_database() as url:
        yield url


@contextmanager
def nieuwe_postgres_database() -> Iterator[str]:
    import uuid

    from sqlalchemy import create_engine, text

    base = os.environ.get("WVGGZ_TEST_POSTGRES_URL")
    if not base:
        if os.environ.get("CI") or OP_POSTGRES:
            pytest.fail("zet WVGGZ_TEST_POSTGRES_URL (zie .ci/run)")
        pytest.skip("geen PostgreSQL (WVGGZ_TEST_POSTGRES_URL niet gezet)")
    naam = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{naam}"'))
    try:
        yield base.rsplit("/", 1)[0] + f"/{naam}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{naam}" WITH (FORCE)'))
        admin.dispose()
