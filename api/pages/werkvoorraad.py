"""The werkvoorraad page and the claim / release buttons on it (POST, then redirect 303)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlmodel import Session

from api.deps import ClockDep, SessionDep, SettingsDep
from api.pages.deps import pagina_recht
from api.pages.formulier import getal, terug_naar
from api.pages.render import pagina
from api.security import check_csrf
from wvggz.clock import Clock
from wvggz.config import Settings
from wvggz.filters import service as filters
from wvggz.gebruikers.models import Gebruiker
from wvggz.meldingen import service
from wvggz.schermen import werkvoorraad

router = APIRouter(include_in_schema=False)
Lezer = Annotated[Gebruiker, Depends(pagina_recht("melding.lees"))]
Behandelaar = Annotated[Gebruiker, Depends(pagina_recht("melding.wijzig"))]
TERUG = ("/werkvoorraad", "/meldingen")


ZOEK = "werkvoorraad_zoek"  # the search term lives in the session: names never go into a URL or a log


def _keuzes(request: Request, waarden: Any = None) -> werkvoorraad.Keuzes:  # noqa: ANN401
    """The filter of the URL (or of `waarden`) with the search term of the session."""
    q = request.query_params if waarden is None else waarden
    velden = [k for k in werkvoorraad.Keuzes.__dataclass_fields__ if k != "zoek"]
    waarden = {k: q.get(k, "")[:80] for k in velden if q.get(k)}
    return werkvoorraad.Keuzes(**waarden, zoek=str(request.session.get(ZOEK, ""))[:80])


@router.post("/werkvoorraad/filter")
async def filter_(request: Request, user: Lezer) -> RedirectResponse:
    """Keep the search term in the session and redirect to the list with the other filters in the URL."""
    form = await request.form()
    check_csrf(request, str(form.get("csrf_token", "")))
    if form.get("wis"):
        request.session.pop(ZOEK, None)
        return RedirectResponse("/werkvoorraad", status_code=303)
    request.session[ZOEK] = str(form.get("zoek", "")).strip()[:80]
    velden = ("status", "behandelaar", "gemeente", "mijn", "zonder", "verlopen", "alles")
    query = urlencode({k: str(form.get(k))[:80] for k in velden if form.get(k)})
    return RedirectResponse("/werkvoorraad" + (f"?{query}" if query else ""), status_code=303)


def weergave(request: Request, user: Gebruiker, session: Session, clock: Clock, settings: Settings,
             fouten: dict[str, str] | None = None, naam: str = "", status: int = 200,
             keuzes: werkvoorraad.Keuzes | None = None) -> HTMLResponse:
    """The list with the URL's filter (or `keuzes`), the user's saved filters and, after a failed save, the
    message at the name field."""
    data = werkvoorraad.scherm(session=session, clock=clock, actor=user, keuzes=keuzes or _keuzes(request),
                               settings=settings)
    filterquery = urlencode({k: v for k, v in asdict(data["keuzes"]).items() if v and k not in ("pagina", "zoek")})
    hier = (request.url.path + (f"?{request.url.query}" if request.url.query else "") if keuzes is None
            else "/werkvoorraad" + (f"?{filterquery}" if filterquery else ""))
    return pagina(request, "werkvoorraad.html", data | {
        "hier": hier, "filterquery": filterquery, "bewaard": filters.lijst(session, user, "werkvoorraad"),
        "filterwaarden": filters.keuzes("werkvoorraad", asdict(data["keuzes"])), "fouten": fouten or {},
        "naam_invoer": naam}, status=status)


@router.get("/werkvoorraad", response_class=HTMLResponse)
def toon(request: Request, user: Lezer, session: SessionDep, clock: ClockDep,
         settings: SettingsDep) -> HTMLResponse:
    return weergave(request, user, session, clock, settings)


@router.post("/meldingen/{melding_id}/claim")
def claim(request: Request, melding_id: int, user: Behandelaar, session: SessionDep, clock: ClockDep,
          settings: SettingsDep, csrf_token: Annotated[str, Form()] = "", versie: Annotated[str, Form()] = "",
          terug: Annotated[str, Form()] = "") -> RedirectResponse:
    """Take the melding (start the onderzoek with yourself, or take it over when already in onderzoek), say so
    and open the case."""
    check_csrf(request, csrf_token)
    m = service.wijs_toe(session=session, clock=clock, actor=user, melding_id=melding_id,
                         versie=getal(versie, "versie"), behandelaar_id=user.id, settings=settings)
    request.session["statusbericht"] = f"U hebt {m.referentie} opgepakt: u bent nu de behandelaar."
    return RedirectResponse(f"/meldingen/{m.id}", status_code=303)


@router.post("/meldingen/{melding_id}/vrijgeven")
def vrijgeven(request: Request, melding_id: int, user: Behandelaar, session: SessionDep, clock: ClockDep,
              csrf_token: Annotated[str, Form()] = "", versie: Annotated[str, Form()] = "",
              terug: Annotated[str, Form()] = "") -> RedirectResponse:
    """Release the melding so that another behandelaar can take it."""
    check_csrf(request, csrf_token)
    service.geef_vrij(session=session, clock=clock, actor=user, melding_id=melding_id,
                      versie=getal(versie, "versie"))
    return terug_naar(terug, "/werkvoorraad", *TERUG)
