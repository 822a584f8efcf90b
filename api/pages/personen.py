"""The person page: every melding, triage and crisismaatregel about one person, in time order; and the one
person search over meldingen, triages and measures (POST: a name never goes into a URL)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse

from api.deps import ClockDep, SessionDep
from api.pages.deps import pagina_recht
from api.pages.render import pagina
from api.security import check_csrf
from wvggz.errors import MissingField
from wvggz.gebruikers.models import Gebruiker
from wvggz.personen import zoeken
from wvggz.schermen import persoon

router = APIRouter(include_in_schema=False)
Lezer = Annotated[Gebruiker, Depends(pagina_recht("persoon.lees"))]


@router.get("/personen/{persoon_id:int}", response_class=HTMLResponse)
def toon(request: Request, persoon_id: int, user: Lezer, session: SessionDep,
         clock: ClockDep) -> HTMLResponse:
    data = persoon.scherm(session=session, clock=clock, actor=user, persoon_id=persoon_id)
    return pagina(request, "persoon.html", data)


@router.get("/personen/zoeken", response_class=HTMLResponse)
def zoekformulier(request: Request, user: Lezer) -> HTMLResponse:
    return pagina(request, "personen_zoeken.html", {"zoek": "", "fouten": {}, "uitslag": None})


@router.post("/personen/zoeken", response_class=HTMLResponse)
def zoek(request: Request, user: Lezer, session: SessionDep, clock: ClockDep,
         csrf_token: Annotated[str, Form()] = "", zoek: Annotated[str, Form(max_length=200)] = "") -> HTMLResponse:
    """Show the persons found (each one logged as read); a bad search shows the form again with the message."""
    check_csrf(request, csrf_token)
    try:
        uitslag = zoeken.zoek(session=session, clock=clock, actor=user, tekst=zoek)
    except MissingField as exc:
        return pagina(request, "personen_zoeken.html", {"zoek": zoek[:80], "fouten": {exc.veld: exc.message},
                                                        "uitslag": None}, status=422)
    return pagina(request, "personen_zoeken.html", {"zoek": zoek[:80], "fouten": {}, "uitslag": uitslag})
