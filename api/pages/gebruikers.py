"""Beheer page for users and API tokens of the own gemeente: deactivate, activate, release a lockout,
revoke one token or all of a user's access. Forms POST and redirect (303)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from api.deps import ClockDep, SessionDep
from api.pages.deps import pagina_recht
from api.pages.render import pagina
from api.security import check_csrf
from wvggz.clock import Clock
from wvggz.errors import Forbidden, NotFound
from wvggz.gebruikers import beheer
from wvggz.gebruikers.models import ApiToken, Gebruiker

router = APIRouter(include_in_schema=False)
Beheerder = Annotated[Gebruiker, Depends(pagina_recht("gebruiker.beheer"))]
Csrf = Annotated[str, Form()]
HANDELINGEN = {"deactiveer": "gedeactiveerd", "activeer": "weer actief", "deblokkeer": "gedeblokkeerd",
               "intrekken": "alle tokens en sessies ingetrokken"}


def _eigen(session, user: Gebruiker, gebruiker_id: int) -> Gebruiker:  # noqa: ANN001
    """The user, if of the beheerder's gemeente; another gemeente's user answers as not found."""
    gebruiker = session.get(Gebruiker, gebruiker_id)
    if gebruiker is None or gebruiker.gemeente != user.gemeente:
        raise NotFound("Gebruiker niet gevonden.")
    return gebruiker


@router.get("/beheer/gebruikers", response_class=HTMLResponse)
def lijst(request: Request, user: Beheerder, session: SessionDep, clock: ClockDep) -> HTMLResponse:
    return pagina(request, "beheer_gebruikers.html",
                  {"gebruikers": beheer.overzicht(session, clock, gemeente=user.gemeente)})


@router.post("/beheer/gebruikers/{gebruiker_id}/{handeling}")
def wijzig(request: Request, gebruiker_id: int, handeling: str, user: Beheerder, session: SessionDep,
           clock: ClockDep, csrf_token: Csrf = "") -> RedirectResponse:
    check_csrf(request, csrf_token)
    if handeling not in HANDELINGEN:
        raise NotFound("Onbekende handeling.")
    gebruiker = _eigen(session, user, gebruiker_id)
    if gebruiker.id == user.id and handeling in ("deactiveer", "intrekken"):
        raise Forbidden("U kunt uw eigen toegang hier niet intrekken.")
    _voer_uit(session, clock, user, gebruiker, handeling)
    session.commit()
    request.session["statusbericht"] = f"{gebruiker.gebruikersnaam}: {HANDELINGEN[handeling]}."
    return RedirectResponse("/beheer/gebruikers", status_code=303)


def _voer_uit(session, clock: Clock, user: Gebruiker, gebruiker: Gebruiker, handeling: str) -> None:  # noqa: ANN001
    {"deactiveer": beheer.deactiveer, "activeer": beheer.activeer, "deblokkeer": beheer.deblokkeer,
     "intrekken": beheer.trek_tokens_in}[handeling](session, clock, user, gebruiker)


@router.post("/beheer/tokens/{token_id}/intrekken")
def token_intrekken(request: Request, token_id: int, user: Beheerder, session: SessionDep, clock: ClockDep,
                    csrf_token: Csrf = "") -> RedirectResponse:
    check_csrf(request, csrf_token)
    token = session.get(ApiToken, token_id)
    if token is None:
        raise NotFound("Token niet gevonden.")
    _eigen(session, user, token.gebruiker_id)
    beheer.trek_token_in(session, clock, user, token_id)
    session.commit()
    request.session["statusbericht"] = f"Token {token_id} ingetrokken."
    return RedirectResponse("/beheer/gebruikers", status_code=303)
