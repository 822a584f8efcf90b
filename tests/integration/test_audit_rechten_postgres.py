"""PostgreSQL: the application login can only read and append the log tables (migration 0004)."""

from __future__ import annotations

import os
import uuid

import pytest
from sqlalchemy import create_engine, text
from sqlmodel import select

import wvggz.models  # noqa: F401
from wvggz.audit.keten import controleer
from wvggz.audit.models import Historie
from wvggz.audit.service import schrijf_historie
from wvggz.db import make_engine, session_factory, transaction
from wvggz.migreer import migreer

pytestmark = pytest.mark.postgres


@pytest.fixture
def twee_logins():
    """A fresh database owned by a migration login, and an application login; unique role names per test."""
    base = os.environ.get("WVGGZ_TEST_POSTGRES_URL")
    if not base:
        if os.environ.get("CI"):
            pytest.fail("CI moet WVGGZ_TEST_POSTGRES_URL zetten (zie .ci/run)")
        pytest.skip("geen PostgreSQL (WVGGZ_TEST_POSTGRES_URL niet gezet)")
    tag = uuid.uuid4().hex[:10]
    db, mig, app, eig = f"t_{tag}", f"mig_{tag}", f"app_{tag}", f"eig_{tag}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE ROLE {mig} LOGIN CREATEROLE PASSWORD 'mig-{tag}'"))
        conn.execute(text(f"CREATE ROLE {app} LOGIN PASSWORD 'app-{tag}'"))
        conn.execute(text(f'CREATE DATABASE "{db}" OWNER {mig}'))
    server = base.split("://", 1)[1].split("@", 1)[1].rsplit("/", 1)[0]
    urls = {"mig": f"postgresql+psycopg://{mig}:mig-{tag}@{server}/{db}",
            "app": f"postgresql+psycopg://{app}:app-{tag}@{server}/{db}", "app_rol": app, "eigenaar_rol": eig}
    yield urls
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)'))
        for rol in (app, eig, mig):
            conn.execute(text(f"DROP ROLE IF EXISTS {rol}"))
    admin.dispose()


AANVALLEN = [
    "TRUNCATE historie",
    "TRUNCATE toegang",
    "ALTER TABLE historie DISABLE TRIGGER ALL",
    "ALTER TABLE historie DISABLE TRIGGER historie_append_only",
    "DROP TRIGGER historie_append_only ON historie",
    "UPDATE historie SET reden = 'vervalst'",
    "DELETE FROM historie",
    "DELETE FROM toegang",
    "DROP TABLE toegang",
    "DELETE FROM audit_keten",
    "SELECT setval('historie_id_seq', 1)",
]


@pytest.mark.parametrize("aanval", AANVALLEN)
def test_applicatierol_kan_log_niet_wissen(twee_logins, clock, aanval):
    migreer(twee_logins["mig"], app_rol=twee_logins["app_rol"], eigenaar_rol=twee_logins["eigenaar_rol"])
    engine = make_engine(twee_logins["app"])
    factory = session_factory(engine)
    try:
        with transaction(factory) as s:  # the application still appends (chain head included) and reads
            schrijf_historie(s, clock, None, zaak_type="melding", zaak_id=1, actie="test", van=None, naar=None,
                             reden="eerste")
            schrijf_historie(s, clock, None, zaak_type="melding", zaak_id=1, actie="test", van=None, naar=None)
        with pytest.raises(Exception, match="permission denied|must be owner|append-only"), engine.begin() as c:
            c.execute(text(aanval))
        with factory() as s:
            assert len(list(s.exec(select(Historie)))) == 2
            assert controleer(s).in_orde
    finally:
        engine.dispose()


def test_applicatierol_werkt_gewoon_op_zaaktabellen(twee_logins, clock):
    from wvggz.gebruikers.service import maak_gebruiker

    migreer(twee_logins["mig"], app_rol=twee_logins["app_rol"], eigenaar_rol=twee_logins["eigenaar_rol"])
    engine = make_engine(twee_logins["app"])
    try:
        with transaction(session_factory(engine)) as s:
            g = maak_gebruiker(session=s, clock=clock, gebruikersnaam="a", rol="intake",
                               wachtwoord="geheim-wachtwoord", gemeente="Den Haag", naam="A")
        with engine.begin() as c:
            c.execute(text("UPDATE gebruiker SET naam = 'B' WHERE id = :i"), {"i": g.id})
            eigenaar = c.execute(text("SELECT tableowner FROM pg_tables WHERE tablename = 'toegang'")).scalar_one()
        assert eigenaar == twee_logins["eigenaar_rol"]
    finally:
        engine.dispose()
