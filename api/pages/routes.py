"""HTML pages: login/logout, the start page (first menu entry) and the long-cached vendored scripts.
Forms POST, then redirect 303."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse

from api.deps import ClockDep, SessionDep, SettingsDep
from api.pages.deps import PaginaGebruiker
from api.pages.render import menu_items, pagina
from api.pages.volgende import veilig_pad
from api.security import check_csrf
from wvggz.errors import Forbidden, NotFound
from wvggz.gebruikers import inloggen
from wvggz.gebruikers.models import Gebruiker

router = APIRouter(include_in_schema=False)
ONJUIST = "Onbekende gebruikersnaam of onjuist wachtwoord."
TE_VEEL = "Te veel inlogpogingen. Wacht een minuut en probeer het opnieuw."


def rem(request: Request) -> inloggen.Rem:
    """The app's login rate limits (created on first use)."""
    state = request.app.state
    if getattr(state, "inlogrem", None) is None:
        state.inlogrem = inloggen.Rem(state.settings)
    return state.inlogrem


def client_adres(request: Request) -> str:
    return request.client.host if request.client else "onbekend"

VENDOR = Path(__file__).resolve().parent.parent / "static" / "vendor"
# Versioned file names: a new version gets a new name, so browsers may keep these for a year.
VENDOR_BESTANDEN = frozenset({"mermaid-12.3.0.min.js"})


def startpagina(gebruiker: Gebruiker, anders: str) -> str:
    """Return the user's start page: the first menu entry the role may see, else `anders`."""
    return next((href for _, href in menu_items(gebruiker)), anders)


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, settings: SettingsDep) -> HTMLResponse:
    return pagina(request, "login.html", {"gebruikersnaam": "", "fout": None, "oidc_aan": bool(settings.oidc_issuer),
                                          "lokaal": settings.lokaal_inloggen,
                                          "gewijzigd": request.query_params.get("gewijzigd") == "1",
                                          "volgende": veilig_pad(request.query_params.get("next"))})


@router.post("/login", response_class=HTMLResponse)
def login(
    request: Request, session: SessionDep, clock: ClockDep, settings: SettingsDep,
    gebruikersnaam: Annotated[str, Form(max_length=64)] = "",
    wachtwoord: Annotated[str, Form(max_length=200)] = "", csrf_token: Annotated[str, Form()] = "",
    volgende: Annotated[str, Form(alias="next", max_length=1000)] = "",
):  # noqa: ANN201
    check_csrf(request, csrf_token)
    doel = veilig_pad(volgende)
    if not settings.lokaal_inloggen:
        raise Forbidden("Inloggen gaat via de identiteitsprovider van uw gemeente.")
    if not rem(request).toegestaan(client_adres(request), gebruikersnaam):
        return pagina(request, "login.html", {"gebruikersnaam": gebruikersnaam, "fout": TE_VEEL, "volgende": doel}, 429)
    uitslag = inloggen.log_in(session, clock, settings, gebruikersnaam, wachtwoord)
    if uitslag.gebruiker is None:
        return pagina(request, "login.html", {"gebruikersnaam": gebruikersnaam, "fout": ONJUIST, "volgende": doel},
                      400)
    request.session.clear()
    if uitslag.tweede_factor:
        request.session["tweede_factor_id"] = uitslag.gebruiker.id
        if doel:
            request.session["volgende"] = doel
        return RedirectResponse("/login/tweede-factor", status_code=303)
    request.session["gebruiker_id"] = uitslag.gebruiker.id
    return RedirectResponse(doel or startpagina(uitslag.gebruiker, "/"), status_code=303)


@router.get("/login/tweede-factor", response_class=HTMLResponse)
def tweede_factor_form(request: Request):  # noqa: ANN201
    if not isinstance(request.session.get("tweede_factor_id"), int):
        return RedirectResponse("/login", status_code=303)
    return pagina(request, "login_tweede_factor.html", {"fout": None})


@router.post("/login/tweede-factor", response_class=HTMLResponse)
def tweede_factor(
    request: Request, session: SessionDep, clock: ClockDep, code: Annotated[str, Form(max_length=12)] = "",
    csrf_token: Annotated[str, Form()] = "",
):  # noqa: ANN201
    check_csrf(request, csrf_token)
    gebruiker_id = request.session.get("tweede_factor_id")
    gebruiker = session.get(Gebruiker, gebruiker_id) if isinstance(gebruiker_id, int) else None
    if gebruiker is None or not gebruiker.actief or not gebruiker.totp_geheim:
        request.session.clear()
        return RedirectResponse("/login", status_code=303)
    if not rem(request).toegestaan(client_adres(request), gebruiker.gebruikersnaam):
        return pagina(request, "login_tweede_factor.html", {"fout": TE_VEEL}, 429)
    if not inloggen.controleer_totp(gebruiker.totp_geheim, code, clock):
        return pagina(request, "login_tweede_factor.html", {"fout": "Onjuiste code."}, 400)
    doel = veilig_pad(request.session.get("volgende"))
    request.session.clear()
    request.session["gebruiker_id"] = gebruiker.id
    return RedirectResponse(doel or startpagina(gebruiker, "/"), status_code=303)


@router.post("/logout")
def logout(request: Request, csrf_token: Annotated[str, Form()] = "") -> RedirectResponse:
    check_csrf(request, csrf_token)
    request.session.clear()
    return RedirectResponse("/login", status_code=303)


@router.get("/")
def start(request: Request, user: PaginaGebruiker) -> RedirectResponse:
    return RedirectResponse(startpagina(user, "/login"), status_code=303)


@router.get("/vendor/{naam}")
def vendor(naam: str) -> FileResponse:
    """Serve a vendored script with a long cache lifetime (the rest of the app sends no-store)."""
    if naam not in VENDOR_BESTANDEN:
        raise NotFound("Onbekend bestand.")
    return FileResponse(VENDOR / naam, media_type="text/javascript",
                        headers={"Cache-Control": "public, max-age=31536000, immutable"})
