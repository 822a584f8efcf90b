"""Jinja2 environment for the Dutch pages: filters for dates and time left, the menu by permission and
`mag(recht)` for templates."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context, select_autoescape
from jinja2.runtime import Context
from markupsafe import Markup

from api.security import csrf_token
from wvggz import labels
from wvggz.clock import TZ
from wvggz.gebruikers import rechten
from wvggz.schermen.tijd import lengte_tekst

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"

# The main menu in display order: (label, path, permission). A user sees the entries the role's permissions
# allow (wvggz/gebruikers/rechten.py); the first one is the start page after login.
MENU: tuple[tuple[str, str, str], ...] = (
    ("Dashboard", "/dashboard", "dashboard.lees"),
    ("Werkvoorraad", "/werkvoorraad", "melding.lees"),
    ("Nieuwe melding", "/meldingen/nieuw", "menu.nieuwe_melding"),
    ("Escalaties", "/escalaties", "escalatie.lees"),
    ("OVP-bord", "/ovp", "menu.ovp"),
    ("Cijfers", "/ovp/cijfers", "menu.ovp"),
    ("Crisismaatregelen", "/crisismaatregelen", "menu.crisismaatregelen"),
    ("Personen", "/personen/zoeken", "persoon.lees"),  # after each role's home page (the first item)
    ("Berichten", "/beheer/berichten", "bericht.beheer"),
    ("Gebruikers", "/beheer/gebruikers", "gebruiker.beheer"),
    ("Toegangslog", "/toegang", "toegang.lees"),
    ("Inbox", "/inbox", "bericht.inbox"),
)
TITELS = {403: "Geen toegang", 404: "Niet gevonden", 409: "Intussen gewijzigd", 422: "Ongeldige invoer",
          500: "Er ging iets mis", 503: "Tijdelijk niet beschikbaar"}
_ZAAKPAD = re.compile(r"^(/[a-z-]+/\d+)(?:/|$)")


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


def ja_nee(waarde: Any) -> str:
    """Return 'ja', 'nee' or '' for a boolean (None stays empty)."""
    return "" if waarde is None else ("ja" if waarde else "nee")


def getal(waarde: float | int | None) -> str:
    """Return a number the Dutch way ('13', '12,5'); '—' for None."""
    if waarde is None:
        return "—"
    if float(waarde).is_integer():
        return str(int(waarde))
    return f"{waarde:.1f}".replace(".", ",")


def menu_items(gebruiker: Any) -> list[tuple[str, str]]:
    """Return (label, path) of the menu entries the user may see, in menu order."""
    return [(label, href) for label, href, recht in MENU if rechten.mag(gebruiker, recht)]


def menu(request: Request, gebruiker: Any) -> list[dict[str, Any]]:
    """Return the menu items of the user's permissions, the current one marked."""
    if gebruiker is None:
        return []
    pad = request.url.path
    items = menu_items(gebruiker)
    past = [href for _, href in items if pad == href or pad.startswith(href + "/")]
    huidig = max(past, key=len) if past else None  # the most specific item only (/ovp/cijfers, not /ovp)
    return [{"label": label, "href": href, "huidig": href == huidig} for label, href in items]


@pass_context
def mag(context: Context, recht: str) -> bool:
    """Template global: whether the page's user may `recht` (False without a user)."""
    gebruiker = context.get("gebruiker")
    return gebruiker is not None and rechten.mag(gebruiker, recht)


def _env() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["lokaal"] = lokaal
    env.filters["datum"] = lambda d: lokaal(d, "%d-%m-%Y")
    env.filters["resterend"] = resterend
    env.filters["termijnlengte"] = lengte_tekst
    env.filters["label"] = labels.label
    env.filters["zekerheid"] = labels.zekerheid
    env.filters["codes"] = labels.codes
    env.filters["zonder_herhaling"] = labels.zonder_herhaling
    env.filters["euro"] = labels.euro
    env.filters["ja_nee"] = ja_nee
    env.filters["getal"] = getal
    env.filters["svg"] = Markup  # SVG built by wvggz.schermen.grafieken, every text in it escaped there
    env.globals["rolnaam"] = rechten.rolnaam
    env.globals["mag"] = mag
    return env


templates = Jinja2Templates(env=_env())


def pagina(request: Request, naam: str, context: dict[str, Any] | None = None, status: int = 200) -> HTMLResponse:
    """Render a page with the layout's common context (user, menu, csrf token, unread count)."""
    gebruiker = getattr(request.state, "gebruiker", None)
    bericht = request.session.pop("statusbericht", None) if "session" in request.scope else None
    ctx = {"gebruiker": gebruiker, "menu": menu(request, gebruiker), "csrf": csrf_token(request),
           "ongelezen": getattr(request.state, "ongelezen", 0), "melding_fout": None,
           "statusbericht": bericht} | (context or {})
    return templates.TemplateResponse(request, naam, ctx, status_code=status)


def foutpagina(request: Request, status: int, boodschap: str) -> HTMLResponse:
    """Render the error page for 403, 404, 409, 422 and 500; a 409 links back to the case to reload it."""
    zaak = _ZAAKPAD.match(request.url.path)
    herlaad = zaak.group(1) if status == 409 and zaak else None
    return pagina(request, "fout.html", {"status": status, "titel": TITELS.get(status, "Fout"),
                                         "boodschap": boodschap, "herlaad": herlaad,
                                         "wijziging": _wijziging(request, herlaad)}, status=status)


def _wijziging(request: Request, zaakpad: str | None) -> dict[str, Any] | None:
    """Who changed the case last, for the 409 page (only for a user who may read the case)."""
    gebruiker = getattr(request.state, "gebruiker", None)
    if not zaakpad or gebruiker is None:
        return None
    from wvggz.schermen.wijziging import laatste_wijziging

    _, pad, zaak_id = zaakpad.split("/")
    with request.app.state.session_factory() as session:
        return laatste_wijziging(session, gebruiker, gebruiker.gemeente, pad, int(zaak_id))
