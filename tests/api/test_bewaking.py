"""/health, /ready (503 when the scheduler stops, migrations lag or the outbox backs up), /metrics, and 503
with Retry-After when the database is down."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from api.main import create_app
from tests.factories import TEST_SLEUTEL, auth, melding_body
from wvggz.bewaking import hartslag
from wvggz.config import Settings
from wvggz.db import make_engine, session_factory
from wvggz.migreer import migreer


@pytest.fixture
def gemigreerd(settings, gebruikers):
    """The test database with alembic_version stamped as the migrations leave it (the tables came from the models)."""
    from alembic import command

    from wvggz.migreer import alembic_config

    command.stamp(alembic_config(settings.database_url), "heads")
    return settings


def test_health_antwoordt_altijd(client):
    r = client.get("/health")
    assert r.status_code == 200 and r.json() == {"status": "ok"}


def test_ready_volgt_hartslag_van_de_scheduler(gemigreerd, client, factory, clock):
    r = client.get("/ready")
    assert r.status_code == 503 and r.json()["checks"]["scheduler"] == "geen hartslag"
    hartslag.scheduler(session_factory=factory, clock=clock, settings=gemigreerd)
    r = client.get("/ready")
    assert r.status_code == 200, r.text
    assert r.json() == {"status": "ok", "checks": {"database": "ok", "migraties": "ok", "scheduler": "ok",
                                                    "outbox": "ok"}}
    clock.advance(seconds=119)
    assert client.get("/ready").status_code == 200
    clock.advance(seconds=2)  # the scheduler stopped: no heartbeat for more than two minutes
    r = client.get("/ready")
    assert r.status_code == 503 and r.headers["Retry-After"] == "30"
    assert r.json()["checks"]["scheduler"].startswith("laatste hartslag 121 s")


def test_ready_zonder_migraties_niet_gereed(client, factory, clock, settings):
    hartslag.scheduler(session_factory=factory, clock=clock, settings=settings)
    r = client.get("/ready")  # tables made by create_all: no alembic_version
    assert r.status_code == 503 and r.json()["checks"]["migraties"] == "niet bijgewerkt"


def test_ready_outbox_achterstand(gemigreerd, factory, clock, gebruikers):
    app = create_app(gemigreerd.model_copy(update={"ready_outbox_drempel": 0}), session_factory_=factory, clock=clock)
    with TestClient(app) as c:
        hartslag.scheduler(session_factory=factory, clock=clock, settings=gemigreerd)
        assert c.get("/ready").status_code == 200
        c.post("/api/v1/meldingen", json=melding_body(), headers=auth(gebruikers, "intake"))  # a receipt, due now
        r = c.get("/ready")
        assert r.status_code == 503 and r.json()["checks"]["outbox"] == "achterstand 1 > 0"


def test_metrics_beschermd_en_zonder_persoonsgegevens(settings, factory, clock, gebruikers):
    uit = TestClient(create_app(settings, session_factory_=factory, clock=clock))
    assert uit.get("/metrics").status_code == 404  # off unless a token is set
    app = create_app(settings.model_copy(update={"metrics_token": "scrape-geheim"}), session_factory_=factory,
                     clock=clock)
    with TestClient(app) as c:
        m = c.post("/api/v1/meldingen", json=melding_body(), headers=auth(gebruikers, "intake")).json()
        c.get(f"/api/v1/meldingen/{m['id']}", headers=auth(gebruikers, "intake"))
        hartslag.klop(factory, clock, "sweep", 42)
        assert c.get("/metrics").status_code == 401
        assert c.get("/metrics", headers={"Authorization": "Bearer fout"}).status_code == 401
        r = c.get("/metrics", headers={"Authorization": "Bearer scrape-geheim"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/plain")
    body = r.text
    assert 'wvggz_zaken_open{soort="melding",status="ontvangen"} 1.0' in body
    assert 'wvggz_outbox_berichten{kanaal="email",status="wachtend"} 1.0' in body
    assert 'wvggz_outbox_achterstand{kanaal="email"} 1.0' in body
    assert 'wvggz_job_duur_seconden{job="sweep"} 0.042' in body
    assert 'wvggz_http_verzoeken_total{methode="GET",route="/api/v1/meldingen/{melding_id}",status="200"} 1.0' in body
    assert "wvggz_escalaties_onbevestigd 0.0" in body
    for naam in ("Vries", "Pieters", "Marja", "example.org", f"/api/v1/meldingen/{m['id']}\""):
        assert naam not in body


def test_database_weg_geeft_503_met_retry_after(clock, gebruikers):
    weg = Settings(database_url="postgresql+psycopg://niemand@127.0.0.1:1/weg", secret_key=TEST_SLEUTEL, https=False)
    app = create_app(weg, session_factory_=session_factory(make_engine(weg.database_url)), clock=clock)
    with TestClient(app, raise_server_exceptions=False) as c:
        r = c.get("/api/v1/meldingen", headers=auth(gebruikers, "intake"))
        assert r.status_code == 503 and r.headers["Retry-After"] == "30"
        assert r.json()["detail"][0]["type"] == "database_niet_bereikbaar"
        r = c.get("/login")  # the login form keeps its CSRF token in a server-side session: database too
        assert r.status_code == 503 and r.headers["Retry-After"] == "30"
        assert "tijdelijk niet bereikbaar" in r.text and "Tijdelijk niet beschikbaar" in r.text
        assert c.get("/health").status_code == 200
        r = c.get("/ready")
        assert r.status_code == 503 and r.json()["checks"]["database"].startswith("niet bereikbaar")


@pytest.mark.postgres
def test_postgres_weg_en_terug_herstelt_vanzelf(postgres_url, clock):
    """PostgreSQL refuses connections for a while: 503 with Retry-After, then the same app serves again."""
    settings = Settings(database_url=postgres_url, secret_key=TEST_SLEUTEL, https=False)
    migreer(postgres_url)
    factory = session_factory(make_engine(postgres_url))
    from wvggz.gebruikers.service import maak_gebruiker, maak_token

    with factory() as s:
        g = maak_gebruiker(session=s, clock=clock, gebruikersnaam="intake", rol="intake",
                           wachtwoord="geheim-wachtwoord", gemeente="Den Haag")
        token = maak_token(session=s, clock=clock, gebruiker=g)
        s.commit()
    kop = {"Authorization": f"Bearer {token}"}
    naam = postgres_url.rsplit("/", 1)[1]
    beheer = create_engine(postgres_url.rsplit("/", 1)[0] + "/postgres", isolation_level="AUTOCOMMIT")
    app = create_app(settings, session_factory_=factory, clock=clock)
    with TestClient(app, raise_server_exceptions=False) as c:
        assert c.get("/api/v1/meldingen", headers=kop).status_code == 200
        with beheer.connect() as conn:
            conn.execute(text(f'ALTER DATABASE "{naam}" ALLOW_CONNECTIONS false'))
            conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"),
                         {"n": naam})
        r = c.get("/api/v1/meldingen", headers=kop)
        assert r.status_code == 503 and r.headers["Retry-After"] == "30"
        with beheer.connect() as conn:
            conn.execute(text(f'ALTER DATABASE "{naam}" ALLOW_CONNECTIONS true'))
        assert c.get("/api/v1/meldingen", headers=kop).status_code == 200
    beheer.dispose()
