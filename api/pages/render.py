"""Jinja2 environment for the Dutch pages, with filters for dates and time left."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from api.security import csrf_token
from wvggz.clock import TZ

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def lokaal(moment: datetime | date | None, fmt: str = "%d-%m-%Y %H:%M") -> str:
    """Format an instant in Europe/Amsterdam ('' for None)."""
    if moment is None:
        return ""
    if isinstance(moment, datetime):
        return moment.astimezone(TZ).strftime(fmt)
    return moment.strftime("%d-%m-%Y")


def resterend(seconden: int | None) -> str:
    """Return time left in Dutch: '3 d 4 u', '5 u 10 min', 'verlopen 2 d'."""
    if seconden is None:
        return "—"
    teken = "verlopen " if seconden < 0 else ""
    s = abs(seconden)
    d, rest = divmod(s, 86400)
    u, rest = divmod(rest, 3600)
    m = rest // 60
    if d:
        return f"{teken}{d} d {u} u"
    if u:
        return f"{teken}{u} u {m} min"
    return f"{teken}{m} min"


def _env() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["lokaal"] = lokaal
    env.filters["datum"] = lambda d: lokaal(d, "%d-%m-%Y")
    env.filters["resterend"] = resterend
    env.filters["label"] = lambda s: (s or "").replace("_", " ")
    return env


templates = Jinja2Templates(env=_env())


def pagina(request: Request, naam: str, context: dict[str, Any] | None = None, status: int = 200) -> HTMLResponse:
    """Render a page with the layout's common context (user, csrf token, unread count)."""
    ctx = {"gebruiker": getattr(request.state, "gebruiker", None), "csrf": csrf_token(request),
           "ongelezen": getattr(request.state, "ongelezen", 0), "melding_fout": None} | (context or {})
    return templates.TemplateResponse(request, naam, ctx, status_code=status)


def foutpagina(request: Request, status: int, boodschap: str) -> HTMLResponse:
    """Render the error page for 403, 404, 409 and 500."""
    titels = {403: "Geen toegang", 404: "Niet gevonden", 409: "Intussen gewijzigd", 422: "Ongeldige invoer",
              500: "Er ging iets mis"}
    return pagina(request, "fout.html", {"status": status, "titel": titels.get(status, "Fout"),
                                         "boodschap": boodschap}, status=status)
