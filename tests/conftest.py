"""Shared fixtures: a fresh SQLite database per test, a FixedClock, users with tokens, an API client."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import settings as hypothesis_settings
from sqlalchemy.pool import NullPool
from sqlmodel import SQLModel

import wvggz.models  # noqa: F401
from api.main import create_app
from wvggz.clock import TZ, FixedClock
from wvggz.config import Settings
from wvggz.db import make_engine, session_factory
from wvggz.gebruikers.service import maak_gebruiker, maak_token

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
OP_POSTGRES = os.environ.get("WVGGZ_TEST_DATABASE", "sqlite").lower() == "postgres"


def pytest_collection_modifyitems(config, items):
    if not OP_POSTGRES:
        return
    overslaan = pytest.mark.skip(reason="alleen SQLite (WVGGZ_TEST_DATABASE=postgres)")
    for item in items:
        if "sqlite_only" in item.keywords:
            item.add_marker(overslaan)


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


@pytest.fixture
def database_url(tmp_path) -> Iterator[str]:
    with verse_database(tmp_path / "test.db") as url:
        yield url


@pytest.fixture
def settings(database_url) -> Settings:
    return Settings(database_url=database_url, gemeente="Den Haag", secret_key="test-secret")


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
            g = maak_gebruiker(session=s, clock=clock, gebruikersnaam=naam, rol=rol, wachtwoord="geheim-wachtwoord",
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


def auth(gebruikers: Gebruikers, naam: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {gebruikers[naam][1]}"}


def melding_body(**over) -> dict:
    body = {
        "kanaal": "telefoon",
        "melder": {"voornaam": "Marja", "achternaam": "Pieters", "relatie": "ouder",
                   "email": "marja@example.org", "telefoon": "070 353 56 50"},
        "betrokkene": {"voornaam": "Jan", "achternaam": "de Vries", "geboortedatum": "1971-03-02",
                       "postcode": "2511ab", "woonplaats": "Den Haag"},
        "zorgen": "Verward gedrag, slaapt niet, vervuilde woning.",
    }
    body.update(over)
    return body


@pytest.fixture
def postgres_url():
    """A fresh, empty PostgreSQL database for one test (CI starts the server; locally skipped)."""
    with nieuwe_postgres_database() as url:
        yield url
