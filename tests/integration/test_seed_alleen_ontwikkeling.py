"""Issue 11 point 5: demo users (published passwords) only in ontwikkeling, never on PostgreSQL unforced."""

from __future__ import annotations

import pytest
from sqlmodel import SQLModel, func, select

from wvggz.db import make_engine, session_factory
from wvggz.gebruikers.models import Gebruiker
from wvggz.seed import seed_als_leeg


def _aantal(url: str) -> int:
    with session_factory(make_engine(url))() as s:
        return s.exec(select(func.count()).select_from(Gebruiker)).one()


def test_seed_weigert_buiten_ontwikkeling(settings, engine, capsys):
    assert seed_als_leeg(settings) == 3
    assert seed_als_leeg(settings, forceer=True) == 3
    assert "GEWEIGERD" in capsys.readouterr().err
    assert _aantal(settings.database_url) == 0


@pytest.mark.sqlite_only  # seeding SQLite (PostgreSQL: the test below)
def test_seed_in_ontwikkeling_op_sqlite(settings, engine, capsys):
    assert seed_als_leeg(settings.model_copy(update={"omgeving": "ontwikkeling"})) == 0
    assert "gepubliceerde wachtwoorden" in capsys.readouterr().out
    assert _aantal(settings.database_url) > 0


@pytest.mark.postgres
def test_seed_weigert_postgres_zonder_forceer(settings, postgres_url, capsys):
    SQLModel.metadata.create_all(make_engine(postgres_url))
    dev = settings.model_copy(update={"omgeving": "ontwikkeling", "database_url": postgres_url})
    assert seed_als_leeg(dev) == 3
    assert "PostgreSQL" in capsys.readouterr().err
    assert _aantal(postgres_url) == 0
