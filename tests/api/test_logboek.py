"""Structured logs: a full run through a real server (pages, API, search, errors, sweep, relay) writes one
JSON object per line, each request's lines carry its X-Request-ID, and no line holds a name, birth date,
address or e-mail address of the demo persons."""

from __future__ import annotations

import io
import json
import logging
import threading
import time

import httpx
import pytest
import uvicorn

from api.main import create_app
from tests.factories import auth, melding_body
from tests.factories.browser import vrije_poort
from tests.factories.paginas import WACHTWOORD, csrf
from wvggz import jobs
from wvggz.logging import configure

PERSOONSGEGEVENS = ("Vries", "Pieters", "Marja", "1971-03-02", "02-03-1971", "2511", "marja@example.org",
                    "353 56 50", "Verward gedrag")


@pytest.fixture
def logboek():
    buffer = io.StringIO()
    oud = logging.getLogger().handlers[:], logging.getLogger().level
    configure("INFO")
    logging.getLogger().handlers[0].stream = buffer
    logging.getLogger("httpx").setLevel(logging.WARNING)  # the test's own client, not the application
    yield buffer
    logging.getLogger().handlers[:], lvl = oud
    logging.getLogger().setLevel(lvl)


def test_volledige_run_logt_json_met_request_id_zonder_persoonsgegevens(logboek, settings, factory, clock,
                                                                         gebruikers):
    app = create_app(settings, session_factory_=factory, clock=clock)
    poort = vrije_poort()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=poort, log_config=None, log_level="info"))
    draad = threading.Thread(target=server.run, daemon=True)
    draad.start()
    basis = f"http://127.0.0.1:{poort}"
    for _ in range(100):
        if server.started:
            break
        time.sleep(0.05)
    ids = []
    with httpx.Client(base_url=basis) as c:
        r = c.post("/api/v1/meldingen", json=melding_body(), headers=auth(gebruikers, "intake"))
        assert r.status_code == 201
        m = r.json()
        ids.append(r.headers["x-request-id"])
        c.post("/api/v1/meldingen/zoeken", json={"naam": "de Vries"}, headers=auth(gebruikers, "intake"))
        assert c.get("/api/v1/meldingen/999999", headers=auth(gebruikers, "intake")).status_code == 404
        assert c.post(f"/api/v1/meldingen/{m['id']}/acties/start_onderzoek",
                      json={"versie": 99, "behandelaar_id": gebruikers["intake"][0].id},
                      headers=auth(gebruikers, "intake")).status_code == 409
        token = csrf(c.get("/login").text)
        c.post("/login", data={"gebruikersnaam": "intake", "wachtwoord": WACHTWOORD, "csrf_token": token})
        c.get(f"/meldingen/{m['id']}")
        c.get("/werkvoorraad?zoek=de+Vries")
    clock.advance(days=14)
    jobs.sweep(session_factory=factory, clock=clock, settings=settings)
    jobs.relay(session_factory=factory, clock=clock, settings=settings.model_copy(update={"smtp_port": 1}))
    server.should_exit = True
    draad.join(timeout=10)
    regels = [json.loads(r) for r in logboek.getvalue().splitlines() if r.strip()]
    assert len(regels) > 5
    assert {"ts", "level", "logger", "request_id", "msg"} <= set(regels[0])
    toegang = [r for r in regels if r["logger"] == "uvicorn.access"]
    assert toegang and all(r["request_id"] != "-" for r in toegang)
    assert ids[0] in {r["request_id"] for r in toegang}
    tekst = logboek.getvalue()
    for gegeven in PERSOONSGEGEVENS:
        assert gegeven not in tekst, gegeven
