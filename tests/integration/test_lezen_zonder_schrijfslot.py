"""A read transaction (wvggz.db.lees) never takes SQLite's write lock: with a reader open, a writer on
another connection commits at once; a writer (the default BEGIN IMMEDIATE) still blocks a second writer."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import text
from sqlmodel import select

from wvggz.db import LEZEN, lees, schrijf
from wvggz.gebruikers.models import Gebruiker


def _schrijver(pad: str) -> sqlite3.Connection:
    conn = sqlite3.connect(pad, timeout=0.2, isolation_level=None)
    conn.execute("PRAGMA busy_timeout=200")
    return conn


@pytest.mark.sqlite_only  # SQLite's write lock itself
def test_leestransactie_blokkeert_geen_schrijver(factory, settings, gebruikers):
    pad = settings.database_url.removeprefix("sqlite:///")
    with factory() as s:
        lees(s)
        assert s.exec(select(Gebruiker)).all()  # the read transaction is open and has read
        assert s.connection().get_execution_options().get(LEZEN)
        anders = _schrijver(pad)
        anders.execute("BEGIN IMMEDIATE")  # would fail with 'database is locked' if the reader held the lock
        anders.execute("UPDATE gebruiker SET naam = 'Ander' WHERE gebruikersnaam = 'pl'")
        anders.execute("COMMIT")
        anders.close()
        schrijf(s)  # ends the read; the next transaction is a writer again
        assert not s.in_transaction()
        s.connection()
        assert not s.connection().get_execution_options().get(LEZEN)
        assert s.exec(text("SELECT naam FROM gebruiker WHERE gebruikersnaam = 'pl'")).one()[0] == "Ander"
        s.rollback()


@pytest.mark.sqlite_only  # SQLite's write lock itself
def test_schrijftransactie_houdt_het_slot(factory, settings, gebruikers):
    pad = settings.database_url.removeprefix("sqlite:///")
    with factory() as s:
        s.exec(select(Gebruiker)).all()  # default: BEGIN IMMEDIATE, the write lock is held
        anders = _schrijver(pad)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            anders.execute("BEGIN IMMEDIATE")
        anders.close()
        s.rollback()
