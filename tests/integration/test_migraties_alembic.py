"""The standard `alembic upgrade head` works from the project folder (alembic.ini); a downgrade to base
leaves nothing behind on PostgreSQL (no tables, no append-only functions)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text

from wvggz.bewaking.gereed import migratie_koppen

ROOT = Path(__file__).resolve().parents[2]


def _alembic(url: str, *args: str) -> subprocess.CompletedProcess:
    env = os.environ | {"WVGGZ_DATABASE_URL": url}
    return subprocess.run([sys.executable, "-m", "alembic", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)


def test_alembic_upgrade_head_met_alembic_ini(tmp_path):
    url = f"sqlite:///{tmp_path / 'a.db'}"
    r = _alembic(url, "upgrade", "head")
    assert r.returncode == 0, r.stderr
    engine = create_engine(url)
    with engine.connect() as conn:
        assert set(conn.execute(text("SELECT version_num FROM alembic_version")).scalars()) == migratie_koppen()
    assert {"melding", "historie", "hartslag", "idempotentie_sleutel"} <= set(inspect(engine).get_table_names())
    engine.dispose()


@pytest.mark.postgres
def test_downgrade_laat_niets_achter_op_postgres(postgres_url):
    assert _alembic(postgres_url, "upgrade", "head").returncode == 0
    r = _alembic(postgres_url, "downgrade", "base")
    assert r.returncode == 0, r.stderr
    engine = create_engine(postgres_url)
    with engine.connect() as conn:
        functies = conn.execute(text("SELECT proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
                                     "WHERE n.nspname = 'public'")).scalars().all()
    assert functies == []
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    engine.dispose()
    assert _alembic(postgres_url, "upgrade", "head").returncode == 0  # and up again from nothing
