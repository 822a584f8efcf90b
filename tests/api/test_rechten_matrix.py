"""The permission matrix, derived rather than listed: every API operation and every page route x every role.

Each route declares its permission once, as its dependency (`recht(...)` in api/deps.py, `pagina_recht(...)`
in api/pages/deps.py); the dependency carries the name as `.recht`. This test reads it off the running app's
routes, asks the table (wvggz/gebruikers/rechten.py) which roles hold it, and sends one request per role:
a role without the permission gets 403 (JSON for the API, the 403 page for pages), a role with it does not,
and nobody logged in gets 401 or the login page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Annotated, Any

import pytest
from fastapi import APIRouter, Depends, FastAPI
from fastapi.testclient import TestClient

from api import errors
from api.deps import recht
from api.pages.render import MENU
from tests.factories import auth
from tests.factories.paginas import inloggen
from tests.factories.routes import Eis, eisen
from wvggz.errors import Forbidden
from wvggz.gebruikers.models import Gebruiker, Rol
from wvggz.gebruikers.rechten import RECHTEN

ROLLEN = {"intake": Rol.INTAKE, "pl": Rol.PROJECTLEIDER, "ovp": Rol.OVP, "bm": Rol.BURGEMEESTER,
          "beheer": Rol.BEHEER}  # user of the `gebruikers` fixture -> role
# Routes that deliberately need no permission: logging in and out, the start redirect, static files, docs.
OPEN = {("GET", "/login"), ("POST", "/login"), ("POST", "/logout"), ("GET", "/"), ("GET", "/vendor/{naam}"),
        ("GET", "/docs"), ("GET", "/openapi.json"), ("GET", "/login/tweede-factor"), ("POST", "/login/tweede-factor"),
        ("GET", "/login/oidc"), ("GET", "/login/oidc/terug"),
        ("GET", "/health"), ("GET", "/ready"), ("GET", "/metrics")}  # no personal data; /metrics has its own token
Projectleider = Annotated[Gebruiker, Depends(recht("dashboard.lees"))]  # for the planted routes


Verzoek = Callable[[str | None, Eis], Any]  # (user name or None, route) -> response


def afwijkingen(app: FastAPI, verzoek: Verzoek, gebruikers: dict[str, Rol]) -> list[str]:
    """Return one line per cell of the matrix where the running app disagrees with the table."""
    fouten = []
    for eis in eisen(app):
        if eis.recht is None:
            if (eis.methode, eis.pad) not in OPEN:
                fouten.append(f"{eis.methode} {eis.pad}: declares no permission")
            continue
        for naam, rol in [*gebruikers.items(), (None, None)]:
            r = verzoek(naam, eis)
            mag = rol in RECHTEN[eis.recht]
            cel = f"{eis.methode} {eis.pad} as {naam or 'anonymous'} ({eis.recht}): {r.status_code}"
            if naam is None:
                goed = r.status_code == 401 if eis.api else \
                    (r.headers.get("location") or "").split("?next=")[0] == "/login"  # the deep link survives
            elif mag:
                goed = r.status_code not in (401, 403) and r.status_code < 500 and \
                    r.headers.get("location") != "/login"
            elif eis.api:
                goed = r.status_code == 403 and r.json()["detail"][0]["type"] == "verboden"
            else:
                goed = r.status_code == 403 and "Geen toegang" in r.text
            if not goed:
                fouten.append(cel)
    return fouten


@pytest.fixture
def verzoek(app, client, gebruikers) -> Iterator[Verzoek]:
    """Send a route's request as a user: a Bearer token for the API, a logged-in browser session for pages."""
    sessies: dict[str, tuple[TestClient, str]] = {}
    anoniem = TestClient(app, raise_server_exceptions=False)

    def doe(naam: str | None, eis: Eis) -> Any:
        if eis.api:
            headers = auth(gebruikers, naam) if naam else {}
            body = {"json": {}} if eis.methode in ("POST", "PUT") else {}
            return client.request(eis.methode, eis.voorbeeld, headers=headers, **body)
        if naam is None:
            c, token = anoniem, ""
        else:
            if naam not in sessies:
                c = TestClient(app, raise_server_exceptions=False)
                sessies[naam] = (c, inloggen(c, naam))
            c, token = sessies[naam]
        data = {"data": {"csrf_token": token}} if eis.methode == "POST" else {}
        return c.request(eis.methode, eis.voorbeeld, follow_redirects=False, **data)

    yield doe
    for c, _ in sessies.values():
        c.close()
    anoniem.close()


def test_elke_route_en_elke_rol_volgt_de_rechtentabel(app, verzoek, gebruikers):
    assert afwijkingen(app, verzoek, ROLLEN) == []


def test_de_matrix_dekt_elke_api_operatie_uit_openapi(app):
    """Every operation in the OpenAPI document is a route of the matrix, and has a permission."""
    schema = {(m.upper(), pad) for pad, ops in app.openapi()["paths"].items() for m in ops}
    api = {(e.methode, e.pad): e.recht for e in eisen(app) if e.api}
    assert schema == set(api)
    assert all(api.values())
    pagina = [e for e in eisen(app) if not e.api and e.recht]
    assert len(pagina) >= 30 and {e.recht for e in pagina} >= {"melding.lees", "triage.wijzig", "bericht.beheer"}


def test_elk_menu_item_leidt_naar_een_pagina_die_de_rol_mag_zien(app):
    """A menu entry's roles must all hold the permission of the page it links to: no menu link to a 403."""
    per_pad = {e.pad: e.recht for e in eisen(app) if e.methode == "GET" and not e.api}
    for label, href, recht_ in MENU:
        assert RECHTEN[recht_] <= RECHTEN[per_pad[href]], label


def test_de_matrix_vangt_een_route_die_zijn_recht_niet_volgt(factory, clock, gebruikers, settings):
    """Planted violations: a route without a permission, and one that refuses a role the table admits."""
    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
    app.state.session_factory, app.state.clock, app.state.settings = factory, clock, settings
    router = APIRouter(prefix="/api/v1/proef")

    @router.get("/vergeten")
    def vergeten() -> dict:
        return {}

    @router.get("/te_streng")
    def te_streng(user: Projectleider) -> dict:
        raise Forbidden("altijd nee")

    @router.get("/goed")
    def goed(user: Projectleider) -> dict:
        return {}

    app.include_router(router)
    errors.install(app)
    with TestClient(app, raise_server_exceptions=False) as c:
        def doe(naam: str | None, eis: Eis) -> Any:
            return c.get(eis.voorbeeld, headers=auth(gebruikers, naam) if naam else {})

        fouten = afwijkingen(app, doe, {"pl": Rol.PROJECTLEIDER, "intake": Rol.INTAKE})
    assert fouten == ["GET /api/v1/proef/vergeten: declares no permission",
                      "GET /api/v1/proef/te_streng as pl (dashboard.lees): 403"]

