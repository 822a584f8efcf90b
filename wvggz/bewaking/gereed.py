"""Readiness: database reachable, migrations current, scheduler heartbeat fresh, outbox backlog below a
threshold. Each check answers 'ok' or a short reason, never personal data."""

from __future__ import annotations

from datetime import timedelta
from functools import lru_cache

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import func, select

from notifications.outbox import WACHTEND, Bericht
from wvggz.bewaking.models import Hartslag
from wvggz.clock import Clock
from wvggz.config import Settings
from wvggz.db import SessionFactory


@lru_cache
def migratie_koppen() -> frozenset[str]:
    """The head revision(s) of the migration scripts."""
    from alembic.script import ScriptDirectory

    from wvggz.migreer import alembic_config

    return frozenset(ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads())


def controleer(factory: SessionFactory, clock: Clock, settings: Settings) -> dict[str, str]:
    """Return check name -> 'ok' or the reason it is not ready."""
    uit: dict[str, str] = {}
    try:
        with factory() as s:
            s.execute(text("SELECT 1"))
            uit["database"] = "ok"
            try:
                versies = set(s.execute(text("SELECT version_num FROM alembic_version")).scalars())
            except SQLAlchemyError:
                s.rollback()
                versies = set()
            uit["migraties"] = "ok" if versies == migratie_koppen() else "niet bijgewerkt"
            now = clock.now()
            slag = s.get(Hartslag, "scheduler")
            if slag is None:
                uit["scheduler"] = "geen hartslag"
            elif now - slag.laatst_op > timedelta(seconds=settings.ready_hartslag_seconden):
                uit["scheduler"] = f"laatste hartslag {int((now - slag.laatst_op).total_seconds())} s geleden"
            else:
                uit["scheduler"] = "ok"
            achterstand = s.exec(select(func.count()).select_from(Bericht).where(
                Bericht.status == WACHTEND, Bericht.volgende_poging_op <= now)).one()
            uit["outbox"] = ("ok" if achterstand <= settings.ready_outbox_drempel
                             else f"achterstand {achterstand} > {settings.ready_outbox_drempel}")
            s.rollback()
    except SQLAlchemyError as exc:
        uit["database"] = f"niet bereikbaar ({type(exc).__name__})"
    return uit
