"""The person page: every melding, triage and crisismaatregel about one person, in time order."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from api.deps import ClockDep, SessionDep
from api.pages.deps import pagina_recht
from api.pages.render import pagina
from wvggz.gebruikers.models import Gebruiker
from wvggz.schermen import persoon

router = APIRouter(include_in_schema=False)
Lezer = Annotated[Gebruiker, Depends(pagina_recht("persoon.lees"))]


@router.get("/personen/{persoon_id:int}", response_class=HTMLResponse)
def toon(request: Request, persoon_id: int, user: Lezer, session: SessionDep,
         clock: ClockDep) -> HTMLResponse:
    data = persoon.scherm(session=session, clock=clock, actor=user, persoon_id=persoon_id)
    return pagina(request, "persoon.html", data)
