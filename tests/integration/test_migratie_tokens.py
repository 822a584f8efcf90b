"""Migration 0003 gives tokens issued before expiry existed a lifetime instead of leaving them eternal."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import text

from wvggz.db import make_engine
from wvggz.migreer import alembic_config


def _bestaand_token_krijgt_verloopdatum(url: str) -> None:
    command.upgrade(alembic_config(url), "0001")
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO gebruiker (gebruikersnaam, naam, rol, gemeente, wachtwoord_hash, actief, "
                          "aangemaakt_op) VALUES ('oud', 'Oud', 'intake', 'Den Haag', 'x', true, "
                          "'2026-01-01 00:00:00')"))
        conn.execute(text("INSERT INTO api_token (gebruiker_id, token_hash, aangemaakt_op) "
                          "SELECT id, 'h', '2026-01-01 00:00:00' FROM gebruiker"))
    command.upgrade(alembic_config(url), "head")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT verloopt_op FROM api_token")).scalar_one() is not None
        assert conn.execute(text("SELECT mislukte_pogingen FROM gebruiker")).scalar_one() == 0
    engine.dispose()


def test_bestaande_tokens_sqlite(tmp_path):
    _bestaand_token_krijgt_verloopdatum(f"sqlite:///{tmp_path / 'm.db'}")


@pytest.mark.postgres
def test_bestaande_tokens_postgres(postgres_url):
    _bestaand_token_krijgt_verloopdatum(postgres_url)
