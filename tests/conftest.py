"""Shared fixtures: a fresh SQLite database per test, a FixedClock, users with tokens, an API client."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime

import pytest
from fastapi.testclient import TestClient
from hypothesis import settings as hypothesis_settings
from sqlmodel import SQLModel

import wvggz.models  # noqa: F401
from api.main import create_app
from tests.factories import TEST_SLEUTEL, WACHTWOORD
from tests.factories.database import OP_POSTGRES, nieuwe_postgres_database, verse_database
from wvggz.clock import TZ, FixedClock
from wvggz.config import Settings
from wvggz.db import make_engine, session_factory
from wvggz.gebruikers.service import maak_gebruiker, maak_token

# Outside ontwikkeling a loopback WVGGZ_BASIS_URL stops the app (wvggz/basis_url.py): tests run as production
# with an address of their own unless a test sets another.
os.environ.setdefault("WVGGZ_BASIS_URL", "https://wvggz.test.example")

# CI replays the same examples every run (a red build must be reproducible); locally Hypothesis explores.
hypothesis_settings.register_profile("ci", derandomize=True, database=None, deadline=None)
hypothesis_settings.register_profile("lokaal", deadline=None)
hypothesis_settings.load_profile("ci" if os.environ.get("CI") else "lokaal")


@pytest.fixture(autouse=True, scope="session")
def _snelle_wachtwoordhash():
    """Argon2 with small cost parameters in tests (production keeps the library defaults)."""
    from argon2 import PasswordHasher

    import wvggz.gebruikers.service as svc

    origineel = svc._hasher
    svc._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    yield
    svc._hasher = origineel


# `make test-postgres` sets WVGGZ_TEST_DATABASE=postgres: every test then gets a fresh PostgreSQL database
# where it would get a fresh SQLite file; tests marked sqlite_only are skipped.


def pytest_collection_modifyitems(config, items):
    if not OP_POSTGRES:
        return
    overslaan = pytest.mark.skip(reason="alleen SQLite (WVGGZ_TEST_DATABASE=postgres)")
    for item in items:
        if "sqlite_only" in item.keywords:
            item.add_marker(overslaan)


@pytest.fixture
def database_url(tmp_path) -> Iterator[str]:
    with verse_database(tmp_path / "test.db") as url:
        yield url


@pytest.fixture
def settings(database_url, tmp_path) -> Settings:
    return Settings(database_url=database_url, gemeente="Den Haag", secret_key=TEST_SLEUTEL, https=False,
                    smtp_tls=False, documenten_map=tmp_path / "documenten")


@pytest.fixture
def engine(settings):
    engine = make_engine(settings.database_url)
    SQLModel.metadata.create_all(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def factory(engine):
    return session_factory(engine)


@pytest.fixture
def session(factory):
    with factory() as s:
        yield s


@pytest.fixture
def clock() -> FixedClock:
    # Monday 13 April 2026 09:00 Amsterdam: 14 days later is Koningsdag.
    return FixedClock(datetime(2026, 4, 13, 9, 0, tzinfo=TZ))


class Gebruikers(dict):
    """rol -> (Gebruiker, token)"""


@pytest.fixture
def gebruikers(factory, clock) -> Gebruikers:
    uit = Gebruikers()
    with factory() as s:
        for naam, rol, gemeente in [("intake", "intake", "Den Haag"), ("intake2", "intake", "Den Haag"),
                                    ("pl", "projectleider", "Den Haag"), ("ovp", "ovp", "Den Haag"),
                                    ("bm", "burgemeester", "Den Haag"), ("beheer", "beheer", "Den Haag"),
                                    ("rijswijk", "intake", "Rijswijk")]:
            g = maak_gebruiker(session=s, clock=clock, gebruikersnaam=naam, rol=rol, wachtwoord=WACHTWOORD,
                               gemeente=gemeente, naam=naam.title())
            uit[naam] = (g, maak_token(session=s, clock=clock, gebruiker=g))
        s.commit()
    return uit


@pytest.fixture
def app(settings, factory, clock):
    return create_app(settings, session_factory_=factory, clock=clock)


@pytest.fixture
def client(app):
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


@pytest.fixture
def postgres_url():
    """A fresh, empty PostgreSQL database for one test (CI starts the server; locally skipped)."""
    with nieuwe_postgres_database() as url:
        yield url
