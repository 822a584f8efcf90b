"""Every route of the running app against every way of (not) being logged in: each JSON API operation
answers 401 without a bearer token, also with a valid page session or a forged cookie; each page route
sends a visitor without a session to /login; the new beheer/account pages per role."""

from __future__ import annotations

import re

import pytest
from fastapi.routing import APIRoute

from tests.factories import auth
from tests.factories.paginas import inloggen

OPENBAAR = {"/login", "/login/tweede-factor", "/login/oidc", "/login/oidc/terug", "/docs", "/openapi.json",
            "/vendor/{naam}", "/logout", "/health", "/ready", "/metrics"}  # /metrics: its own token


def _pad(route: APIRoute) -> str:
    return re.sub(r"\{[^}]+\}", "1", route.path)


def _alle(routes) -> list:  # noqa: ANN001
    """Flatten included routers (FastAPI wraps them) into their routes."""
    uit = []
    for route in routes:
        binnen = getattr(route, "original_router", None)
        uit.extend(_alle(binnen.routes) if binnen is not None else [route])
    return uit


def _routes(app, api: bool) -> list[tuple[str, str]]:  # noqa: ANN001
    uit = []
    for route in _alle(app.routes):
        if isinstance(route, APIRoute) and route.path.startswith("/api/") == api and route.path not in OPENBAAR:
            uit.extend((methode, _pad(route)) for methode in sorted(route.methods - {"HEAD"}))
    return uit


def test_elke_api_operatie_vraagt_een_bearer_token(app, client, gebruikers):
    operaties = _routes(app, api=True)
    assert len(operaties) > 20
    inloggen(client, "beheer")  # a valid page session must not open the API
    for methode, pad in operaties:
        r = client.request(methode, pad, json={})
        assert r.status_code == 401, (methode, pad, r.status_code)
        r = client.request(methode, pad, json={}, headers={"Authorization": "Bearer vervalst"})
        assert r.status_code == 401, (methode, pad, r.status_code)


def test_elke_pagina_vraagt_een_sessie(app, client, gebruikers):
    paginas = _routes(app, api=False)
    assert len(paginas) > 20
    for methode, pad in paginas:
        r = client.request(methode, pad, headers=auth(gebruikers, "beheer"), follow_redirects=False)
        # a bearer token does not open pages; a POST without session fails on the CSRF check first
        assert (r.status_code == 303 and r.headers["location"].split("?next=")[0] == "/login") or (
            methode == "POST" and r.status_code == 403), (methode, pad, r.status_code)


@pytest.mark.parametrize("naam,beheer_status", [("intake", 403), ("pl", 403), ("ovp", 403), ("bm", 403),
                                                ("beheer", 200)])
def test_account_en_gebruikersbeheer_per_rol(client, gebruikers, naam, beheer_status):
    inloggen(client, naam)
    assert client.get("/account").status_code == 200
    assert client.get("/beheer/gebruikers").status_code == beheer_status
