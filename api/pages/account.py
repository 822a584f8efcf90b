"""The own account: change the password (ends every session, log in again) and turn the optional
second factor (TOTP) on or off."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from api.deps import ClockDep, SessionDep
from api.pages.deps import pagina_recht
from api.pages.render import pagina
from api.security import check_csrf
from wvggz.audit.service import schrijf_historie
from wvggz.errors import MissingField
from wvggz.gebruikers import inloggen, sessies
from wvggz.gebruikers.models import Gebruiker
from wvggz.gebruikers.service import controleer_wachtwoord, zet_wachtwoord

Eigen = Annotated[Gebruiker, Depends(pagina_recht("account.eigen"))]
router = APIRouter(include_in_schema=False)
Veld = Annotated[str, Form(max_length=200)]


def _pagina(request: Request, user: Gebruiker, fouten: dict[str, str] | None = None, status: int = 200):  # noqa: ANN202
    nieuw = request.session.get("totp_nieuw")
    return pagina(request, "account.html", {
        "fouten": fouten or {}, "tweede_factor": user.totp_geheim is not None, "totp_nieuw": nieuw,
        "totp_uri": inloggen.totp_uri(nieuw, user.gebruikersnaam) if nieuw else None}, status)


@router.get("/account", response_class=HTMLResponse)
def account(request: Request, user: Eigen) -> HTMLResponse:
    return _pagina(request, user)


@router.post("/account/wachtwoord", response_class=HTMLResponse)
def wachtwoord(request: Request, user: Eigen, session: SessionDep, clock: ClockDep,
               huidig: Veld = "", nieuw: Veld = "", herhaal: Veld = "", csrf_token: Annotated[str, Form()] = ""):  # noqa: ANN201
    check_csrf(request, csrf_token)
    if controleer_wachtwoord(session, user.gebruikersnaam, huidig) is None:
        return _pagina(request, user, {"huidig": "Het huidige wachtwoord klopt niet."}, 422)
    if nieuw != herhaal:
        return _pagina(request, user, {"herhaal": "De twee nieuwe wachtwoorden verschillen."}, 422)
    try:
        zet_wachtwoord(user, nieuw)
    except MissingField as exc:
        session.rollback()
        return _pagina(request, user, {exc.veld or "nieuw": exc.message}, 422)
    schrijf_historie(session, clock, user, zaak_type="gebruiker", zaak_id=user.id, actie="wachtwoord_gewijzigd",
                     van=None, naar=None)
    sessies.beeindig_van_gebruiker(session, user.id)  # every session, this one too: log in again
    session.commit()
    request.session.clear()
    return RedirectResponse("/login?gewijzigd=1", status_code=303)


@router.post("/account/tweede-factor/start", response_class=HTMLResponse)
def tweede_factor_start(request: Request, user: Eigen, csrf_token: Annotated[str, Form()] = ""):  # noqa: ANN201
    check_csrf(request, csrf_token)
    request.session["totp_nieuw"] = inloggen.nieuw_totp_geheim()
    return RedirectResponse("/account", status_code=303)


@router.post("/account/tweede-factor/bevestig", response_class=HTMLResponse)
def tweede_factor_bevestig(request: Request, user: Eigen, session: SessionDep, clock: ClockDep,
                           code: Annotated[str, Form(max_length=12)] = "",
                           csrf_token: Annotated[str, Form()] = ""):  # noqa: ANN201
    check_csrf(request, csrf_token)
    geheim = request.session.get("totp_nieuw")
    if not geheim or not inloggen.controleer_totp(geheim, code, clock):
        return _pagina(request, user, {"code": "Onjuiste code; probeer de volgende code uit de app."}, 422)
    user.totp_geheim = geheim
    schrijf_historie(session, clock, user, zaak_type="gebruiker", zaak_id=user.id, actie="tweede_factor_aan",
                     van=None, naar=None)
    session.commit()
    request.session.pop("totp_nieuw", None)
    request.session["statusbericht"] = "De tweede factor staat aan."
    return RedirectResponse("/account", status_code=303)


@router.post("/account/tweede-factor/uit", response_class=HTMLResponse)
def tweede_factor_uit(request: Request, user: Eigen, session: SessionDep, clock: ClockDep,
                      huidig: Veld = "", csrf_token: Annotated[str, Form()] = ""):  # noqa: ANN201
    check_csrf(request, csrf_token)
    if controleer_wachtwoord(session, user.gebruikersnaam, huidig) is None:
        return _pagina(request, user, {"uit_huidig": "Het huidige wachtwoord klopt niet."}, 422)
    user.totp_geheim = None
    schrijf_historie(session, clock, user, zaak_type="gebruiker", zaak_id=user.id, actie="tweede_factor_uit",
                     van=None, naar=None)
    session.commit()
    request.session["statusbericht"] = "De tweede factor staat uit."
    return RedirectResponse("/account", status_code=303)
