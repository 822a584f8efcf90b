"""One error envelope: {"detail": [{"loc": [...], "msg": "...", "type": "..."}]}."""

from __future__ import annotations

import logging
import uuid

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.deps import NietIngelogd
from wvggz.errors import (
    BuitenGemeente,
    ConflictError,
    DomainError,
    Forbidden,
    InvalidTransition,
    MissingField,
    MogelijkeDubbele,
    NotFound,
)
from wvggz.veldfouten import tekst

log = logging.getLogger("wvggz.api")

STATUS = {NotFound: 404, Forbidden: 403, InvalidTransition: 409, ConflictError: 409, MissingField: 422}
TYPE = {NotFound: "niet_gevonden", Forbidden: "verboden", InvalidTransition: "ongeldige_overgang",
        ConflictError: "conflict", MissingField: "ongeldig_veld"}


def is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def envelope(status: int, loc: list, msg: str, type_: str, **extra) -> JSONResponse:  # noqa: ANN003
    return JSONResponse({"detail": [{"loc": loc, "msg": msg, "type": type_, **extra}]}, status_code=status)


def domain_error(request: Request, exc: DomainError) -> JSONResponse:
    klasse = next((k for k in STATUS if isinstance(exc, k)), None)
    status = STATUS.get(klasse, 400)
    loc = ["body", *exc.veld.split(".")] if exc.veld else []
    extra = {"toegestaan": exc.toegestaan} if isinstance(exc, InvalidTransition) else {}
    if isinstance(exc, MogelijkeDubbele):
        extra = {"kandidaten": exc.kandidaten}
    if isinstance(exc, Forbidden | BuitenGemeente) and getattr(request.state, "gebruiker_id", None):
        _log_weigering(request)
    if not is_api(request):
        from api.pages.render import foutpagina

        return foutpagina(request, status, exc.message)
    return envelope(status, loc, exc.message, TYPE.get(klasse, "fout"), **extra)


def _log_weigering(request: Request) -> None:
    """Put the refused request in the access log: user, case from the path, client address, route."""
    from wvggz.audit.weigering import log_weigering

    route = request.scope.get("route")
    log_weigering(request.app.state.session_factory, request.app.state.clock,
                  gebruiker_id=getattr(request.state, "gebruiker_id", None), parameters=dict(request.path_params),
                  adres=request.client.host if request.client else None,
                  doel=f"{request.method} {getattr(route, 'path', request.url.path)}")


def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    detail = [{"loc": list(e.get("loc", [])), "msg": tekst(e, standaard=None), "type": e.get("type", "ongeldig")}
              for e in exc.errors()]
    return JSONResponse({"detail": detail}, status_code=422)


def niet_ingelogd(request: Request, _exc: NietIngelogd):  # noqa: ANN201
    if is_api(request):
        resp = envelope(401, [], "Niet ingelogd: stuur 'Authorization: Bearer <token>'.", "niet_ingelogd")
        resp.headers["WWW-Authenticate"] = "Bearer"
        return resp
    if request.method == "GET":
        from api.pages.volgende import login_url

        return RedirectResponse(login_url(request.url.path, request.url.query), status_code=303)
    return RedirectResponse("/login", status_code=303)


def onverwacht(request: Request, exc: Exception) -> JSONResponse:
    from asgi_correlation_id.context import correlation_id

    correlatie = correlation_id.get() or uuid.uuid4().hex[:12]  # the request id of every log line
    log.exception("onverwachte fout %s op %s %s", correlatie, request.method, request.url.path)
    if not is_api(request):
        from api.pages.render import foutpagina

        return foutpagina(request, 500, f"Er ging iets mis. Kenmerk: {correlatie}.")
    return envelope(500, [], f"Interne fout. Kenmerk: {correlatie}.", "interne_fout", correlatie=correlatie)


def database_weg(request: Request, exc: Exception) -> JSONResponse:
    """The database cannot be reached (or stays locked): 503 with Retry-After; the processes recover by themselves."""
    log.warning("database niet bereikbaar op %s %s: %s", request.method, request.url.path, type(exc).__name__)
    msg = "De database is tijdelijk niet bereikbaar. Probeer het over een halve minuut opnieuw."
    if not is_api(request):
        from api.pages.render import foutpagina

        resp = foutpagina(request, 503, msg)
    else:
        resp = envelope(503, [], msg, "database_niet_bereikbaar")
    resp.headers["Retry-After"] = "30"
    return resp


async def http_fout(request: Request, exc: StarletteHTTPException):  # noqa: ANN201
    """An unknown page outside /api gets the HTML 404 page; the API keeps its JSON answer."""
    if exc.status_code == 404 and not is_api(request):
        from api.pages.render import foutpagina

        return foutpagina(request, 404, "Deze pagina bestaat niet. Controleer het adres of ga naar de startpagina.")
    return await http_exception_handler(request, exc)


def install(app: FastAPI) -> None:
    from sqlalchemy.exc import DisconnectionError, OperationalError

    app.add_exception_handler(OperationalError, database_weg)
    app.add_exception_handler(DisconnectionError, database_weg)
    app.add_exception_handler(StarletteHTTPException, http_fout)
    app.add_exception_handler(DomainError, domain_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(NietIngelogd, niet_ingelogd)
    app.add_exception_handler(Exception, onverwacht)
