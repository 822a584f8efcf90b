"""The person page: every melding, triage and crisismaatregel about one person, in time order."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from api.deps import ClockDep, SessionDep
from api.pages.deps import PaginaGebruiker
from api.pages.render import pagina
from wvggz.schermen import persoon

router = APIRouter(include_in_schema=False)


@router.get("/personen/{persoon_id:int}", response_class=HTMLResponse)
def toon(request: Request, persoon_id: int, user: PaginaGebruiker, session: SessionDep,
         clock: ClockDep) -> HTMLResponse:
    data = persoon.scherm(session=session, clock=clock, actor=user, persoon_id=persoon_id)
    return pagina(request, "persoon.html", data)
