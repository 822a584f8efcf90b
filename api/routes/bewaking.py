"""/health (process alive), /ready (can serve: database, migrations, scheduler, outbox) and /metrics."""

from __future__ import annotations

import hmac
import time

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST

from wvggz.bewaking import gereed
from wvggz.bewaking.metrics import tekst

router = APIRouter(tags=["bewaking"], include_in_schema=False)


@router.get("/health")
def health() -> dict[str, str]:
    """The process answers; nothing else is checked."""
    return {"status": "ok"}


@router.get("/ready")
def ready(request: Request) -> JSONResponse:
    """200 when every check is ok, else 503 with Retry-After; names the failing checks, no personal data."""
    s = request.app.state
    checks = gereed.controleer(s.session_factory, s.clock, s.settings)
    klaar = all(v == "ok" for v in checks.values()) and len(checks) == 4
    resp = JSONResponse({"status": "ok" if klaar else "niet gereed", "checks": checks},
                        status_code=200 if klaar else 503)
    if not klaar:
        resp.headers["Retry-After"] = "30"
    return resp


@router.get("/metrics")
def metrics(request: Request) -> Response:
    """Prometheus text format; off (404) unless WVGGZ_METRICS_TOKEN is set, then that bearer token is needed."""
    token = request.app.state.settings.metrics_token
    if not token:
        return Response(status_code=404)
    gegeven = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
    if not hmac.compare_digest(gegeven.encode(), token.encode()):
        return Response(status_code=401, headers={"WWW-Authenticate": "Bearer"})
    return Response(tekst(request.app.state.metrics_registry), media_type=CONTENT_TYPE_LATEST)


class Meten:
    """ASGI middleware: count requests and latency per route template (never the raw path: no ids in labels)."""

    def __init__(self, app, verzoeken) -> None:  # noqa: ANN001
        self.app, self.verzoeken = app, verzoeken

    async def __call__(self, scope, receive, send) -> None:  # noqa: ANN001
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        begin, status = time.perf_counter(), [500]

        async def stuur(bericht) -> None:  # noqa: ANN001
            if bericht["type"] == "http.response.start":
                status[0] = bericht["status"]
            await send(bericht)

        try:
            await self.app(scope, receive, stuur)
        finally:
            route = scope.get("route")
            pad = getattr(route, "path", None) or ("/static" if scope["path"].startswith("/static") else "onbekend")
            self.verzoeken.tel(scope["method"], pad, status[0], time.perf_counter() - begin)
