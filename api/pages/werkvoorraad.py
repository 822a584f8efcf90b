"""The werkvoorraad page and the claim / release buttons on it (POST, then redirect 303)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from api.deps import ClockDep, SessionDep, SettingsDep
from api.pages.deps import pagina_recht
from api.pages.formulier import getal, terug_naar
from api.pages.render import pagina
from api.security import check_csrf
from wvggz.gebruikers.models import Gebruiker
from wvggz.meldingen import service
from wvggz.schermen import werkvoorraad

router = APIRouter(include_in_schema=False)
Lezer = Annotated[Gebruiker, Depends(pagina_recht("melding.lees"))]
Behandelaar = Annotated[Gebruiker, Depends(pagina_recht("melding.wijzig"))]
TERUG = ("/werkvoorraad", "/meldingen")


ZOEK = "werkvoorraad_zoek"  # the search term lives in the session: names never go into a URL or a log


def _keuzes(request: Request) -> werkvoorraad.Keuzes:
    q = request.query_params
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


@router.get("/werkvoorraad", response_class=HTMLResponse)
def toon(request: Request, user: Lezer, session: SessionDep, clock: ClockDep,
         settings: SettingsDep) -> HTMLResponse:
    data = werkvoorraad.scherm(session=session, clock=clock, actor=user, keuzes=_keuzes(request),
                               settings=settings)
    hier = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    filterquery = urlencode({k: v for k, v in asdict(data["keuzes"]).items() if v and k not in ("pagina", "zoek")})
    return pagina(request, "werkvoorraad.html", data | {"hier": hier, "filterquery": filterquery})


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
