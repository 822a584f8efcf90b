"""HTML pages: login/logout, the start page per role and the long-cached vendored scripts.
Forms POST, then redirect 303."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse

from api.deps import SessionDep, UserDep
from api.pages.render import pagina
from api.security import check_csrf
from wvggz.errors import NotFound
from wvggz.gebruikers.models import Rol
from wvggz.gebruikers.service import controleer_wachtwoord

router = APIRouter(include_in_schema=False)

STARTPAGINA = {Rol.INTAKE: "/werkvoorraad", Rol.PROJECTLEIDER: "/dashboard", Rol.OVP: "/ovp",
               Rol.BURGEMEESTER: "/crisismaatregelen", Rol.BEHEER: "/beheer/berichten",
               Rol.FG: "/toegang"}
VENDOR = Path(__file__).resolve().parent.parent / "static" / "vendor"
# Versioned file names: a new version gets a new name, so browsers may keep these for a year.
VENDOR_BESTANDEN = frozenset({"mermaid-12.3.0.min.js"})


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request) -> HTMLResponse:
    return pagina(request, "login.html", {"gebruikersnaam": "", "fout": None})


@router.post("/login", response_class=HTMLResponse)
def login(
    request: Request, session: SessionDep, gebruikersnaam: Annotated[str, Form(max_length=64)] = "",
    wachtwoord: Annotated[str, Form(max_length=200)] = "", csrf_token: Annotated[str, Form()] = "",
):  # noqa: ANN201
    check_csrf(request, csrf_token)
    gebruiker = controleer_wachtwoord(session, gebruikersnaam, wachtwoord)
    if gebruiker is None:
        return pagina(request, "login.html", {"gebruikersnaam": gebruikersnaam,
                                              "fout": "Onbekende gebruikersnaam of onjuist wachtwoord."}, 400)
    request.session.clear()
    request.session["gebruiker_id"] = gebruiker.id
    return RedirectResponse(STARTPAGINA.get(Rol(gebruiker.rol), "/"), status_code=303)


@router.post("/logout")
def logout(request: Request, csrf_token: Annotated[str, Form()] = "") -> RedirectResponse:
    check_csrf(request, csrf_token)
    request.session.clear()
    return RedirectResponse("/login", status_code=303)


@router.get("/")
def start(request: Request, user: UserDep) -> RedirectResponse:
    return RedirectResponse(STARTPAGINA.get(Rol(user.rol), "/login"), status_code=303)


@router.get("/vendor/{naam}")
def vendor(naam: str) -> FileResponse:
    """Serve a vendored script with a long cache lifetime (the rest of the app sends no-store)."""
    if naam not in VENDOR_BESTANDEN:
        raise NotFound("Onbekend bestand.")
    return FileResponse(VENDOR / naam, media_type="text/javascript",
                        headers={"Cache-Control": "public, max-age=31536000, immutable"})
