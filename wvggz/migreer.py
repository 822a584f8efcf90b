"""Run Alembic migrations programmatically (no alembic.ini needed)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(url: str, *, app_rol: str | None = None, eigenaar_rol: str | None = None) -> Config:
    cfg = Config()
    cfg.attributes.update(app_rol=app_rol, eigenaar_rol=eigenaar_rol)  # PostgreSQL log-table rights (0004)
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def migreer(url: str, *, app_rol: str | None = None, eigenaar_rol: str | None = None) -> None:
    """Bring the database at `url` to the newest revision; on PostgreSQL `app_rol` (default: the user of
    WVGGZ_DATABASE_URL) gets only SELECT and INSERT on the log tables, owned by `eigenaar_rol`."""
    command.upgrade(alembic_config(url, app_rol=app_rol, eigenaar_rol=eigenaar_rol), "head")


def nieuwe_revisie(url: str, bericht: str) -> None:
    """Autogenerate a revision from the difference between the models and the database."""
    command.revision(alembic_config(url), message=bericht, autogenerate=True)
