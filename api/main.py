"""create_app: wires settings, database, clock, routes, pages and error mapping."""

from __future__ import annotations

import gc
import logging
from pathlib import Path

from anyio import to_thread
from asgi_correlation_id import CorrelationIdMiddleware
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from api import errors
from api.limiet import BodyLimiet
from api.pages import account as account_paginas
from api.pages import berichten as berichten_paginas
from api.pages import crisismaatregelen as crisismaatregel_paginas
from api.pages import dashboard as dashboard_paginas
from api.pages import documenten as documenten_paginas
from api.pages import escalaties as escalatie_paginas
from api.pages import filters as filter_paginas
from api.pages import gebruikers as gebruiker_paginas
from api.pages import hulp as hulp_paginas
from api.pages import meldingen as melding_paginas
from api.pages import notities as notities_paginas
from api.pages import oidc as oidc_paginas
from api.pages import ovp as ovp_paginas
from api.pages import personen as persoon_paginas
from api.pages import routes as pages
from api.pages import toewijzen as toewijzen_paginas
from api.pages import toezicht as toezicht_paginas
from api.pages import werkvoorraad as werkvoorraad_paginas
from api.routes import (
    berichten,
    beroepen,
    bewaking,
    crisismaatregelen,
    docs,
    escalaties,
    meldingen,
    termijnen,
    triages,
)
from api.routes import documenten as documenten_api
from api.routes import notities as notities_api
from api.routes import toezicht as toezicht_api
from api.security import SecurityHeaders
from api.sessies import ServerSessies
from wvggz.basis_url import controleer_basis_url
from wvggz.bewaking.metrics import registry_voor
from wvggz.clock import Clock, SystemClock
from wvggz.config import Settings, get_settings
from wvggz.db import SessionFactory, make_engine, session_factory
from wvggz.sleutel import geheime_sleutel

STATIC = Path(__file__).parent / "static"


class ZonderQuery(logging.Filter):
    """Drop query strings from access-log lines: no search terms or other personal data in logs."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and len(record.args) >= 3 and isinstance(record.args[2], str):
            record.args = (*record.args[:2], record.args[2].split("?", 1)[0], *record.args[3:])
        return True


def create_app(
    settings: Settings | None = None, *, session_factory_: SessionFactory | None = None,
    clock: Clock | None = None,
) -> FastAPI:
    """Return the ASGI app. Tests pass their own session factory and a FixedClock.
    Raises ZwakkeSleutel outside ontwikkeling without a strong WVGGZ_SECRET_KEY, LokaleBasisUrl with a
    loopback WVGGZ_BASIS_URL."""
    settings = settings or get_settings()
    sleutel = geheime_sleutel(settings)
    controleer_basis_url(settings)
    app = FastAPI(
        title="Wvggz-meldingen", version="0.1.0",
        description="Zorgmeldingen, crisismaatregelen en OVP-triage onder de Wet verplichte ggz.",
        docs_url=None, redoc_url=None,  # /docs is served from vendored swagger-ui (api/routes/docs.py)
    )
    app.state.settings = settings
    app.state.clock = clock or SystemClock()
    app.state.session_factory = session_factory_ or session_factory(make_engine(settings.database_url))
    app.add_middleware(SecurityHeaders, hsts=settings.via_https)
    app.add_middleware(BodyLimiet, max_bytes=settings.max_body_bytes, uitgezonderd=tuple(settings.upload_paden),
                       upload_max_bytes=settings.upload_max_bytes)
    app.add_middleware(CorrelationIdMiddleware, header_name="X-Request-ID")  # request id: log lines, error pages
    app.state.metrics_registry, verzoeken = registry_voor(app.state.session_factory, app.state.clock)
    app.add_middleware(bewaking.Meten, verzoeken=verzoeken)
    app.add_middleware(
        ServerSessies, state=app.state, secret_key=sleutel, max_age=settings.session_max_age,
        inactief=settings.sessie_inactief_seconden, https=settings.via_https,
    )
    for router in (meldingen.router, termijnen.router, triages.router, berichten.router, berichten_paginas.router, pages.router,
                   melding_paginas.router, werkvoorraad_paginas.router, persoon_paginas.router,
                   dashboard_paginas.router, escalaties.router, escalatie_paginas.router, ovp_paginas.router,
                   crisismaatregelen.router, beroepen.router, crisismaatregel_paginas.router, docs.router,
                   toezicht_api.router, toezicht_paginas.router, *documenten_api.ROUTERS,
                   *documenten_paginas.ROUTERS, *notities_api.ROUTERS, *notities_paginas.ROUTERS,
                   toewijzen_paginas.router, hulp_paginas.router, filter_paginas.router,
                   gebruiker_paginas.router, account_paginas.router,
                   oidc_paginas.router, bewaking.router):
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    errors.install(app)
    access = logging.getLogger("uvicorn.access")
    if not any(isinstance(f, ZonderQuery) for f in access.filters):
        access.addFilter(ZonderQuery())
    return app


class Draden:
    """Pure ASGI: when the worker's event loop starts (the lifespan scope), cap the thread pool that runs sync
    endpoints and dependencies at `n` threads (ADR 0026). Requests beyond `n` wait their turn on the loop."""

    def __init__(self, app: ASGIApp, *, n: int) -> None:
        self.app, self.n = app, n

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            to_thread.current_default_thread_limiter().total_tokens = self.n
        await self.app(scope, receive, send)


def create_server_app() -> FastAPI:
    """The app of a `wvggz serve` worker: `create_app` with its thread pool capped (`Draden`), then the objects
    it made (routes, schemas, mappers, templates: ~200,000) moved out of the collector's reach (`gc.freeze`), so
    a full collection while serving scans only what requests made instead of stalling a request for ~120 ms
    (ADR 0022)."""
    app = create_app()
    app.add_middleware(Draden, n=app.state.settings.draden_per_werker)
    gc.collect()
    gc.freeze()
    return app
