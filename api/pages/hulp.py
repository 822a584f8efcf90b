"""The help page: keyboard shortcuts and skip links (issue 13.10)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from api.pages.deps import pagina_recht
from api.pages.render import pagina
from wvggz.gebruikers.models import Gebruiker

router = APIRouter(include_in_schema=False)
Ingelogd = Annotated[Gebruiker, Depends(pagina_recht("hulp.lees"))]

# (keys, what they do) on the werkvoorraad; api/static/toetsen.js implements them
SNELTOETSEN = (
    ("j", "Volgende zaak in de lijst"),
    ("k", "Vorige zaak in de lijst"),
    ("Enter", "Open de gekozen zaak"),
    ("o", "Pak de gekozen zaak op (Oppakken of Overnemen); de zaak gaat daarna open"),
    ("/", "Naar het zoekveld"),
    ("?", "Deze hulppagina"),
)


@router.get("/hulp", response_class=HTMLResponse)
def hulp(request: Request, user: Ingelogd) -> HTMLResponse:
    return pagina(request, "hulp.html", {"sneltoetsen": SNELTOETSEN})
