"""Single sign-on: /login/oidc sends the browser to the gemeente's identity provider (with state, nonce
and a PKCE challenge kept in the server-side session); /login/oidc/terug checks everything and logs in."""

from __future__ import annotations

import secrets

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool

from api.deps import ClockDep, SessionDep, SettingsDep
from api.pages.render import pagina
from api.pages.routes import startpagina
from wvggz.db import schrijf
from wvggz.errors import NotFound
from wvggz.gebruikers import oidc

router = APIRouter(include_in_schema=False)
SLEUTEL = "oidc"


def _provider(request: Request, settings) -> oidc.Provider:  # noqa: ANN001
    if not settings.oidc_issuer:
        raise NotFound("Inloggen via de gemeente is niet ingesteld.")
    state = request.app.state
    if getattr(state, "oidc_provider", None) is None:
        state.oidc_provider = oidc.provider(settings)
    return state.oidc_provider


def _fout(request: Request, tekst: str):  # noqa: ANN202
    return pagina(request, "login.html", {"gebruikersnaam": "", "fout": tekst}, 403)


@router.get("/login/oidc")
async def begin(request: Request, settings: SettingsDep):  # noqa: ANN201
    try:
        prov = await run_in_threadpool(_provider, request, settings)
    except NotFound:
        raise
    except Exception:  # noqa: BLE001 - provider unreachable
        return _fout(request, "De identiteitsprovider is niet bereikbaar. Probeer het later opnieuw.")
    url, staat = oidc.begin(settings, prov)
    request.session[SLEUTEL] = staat
    return RedirectResponse(url, status_code=303)


@router.get("/login/oidc/terug")
def terug(request: Request, session: SessionDep, clock: ClockDep, settings: SettingsDep,
          code: str = "", state: str = ""):  # noqa: ANN201
    staat = request.session.pop(SLEUTEL, None)
    if not isinstance(staat, dict) or not state or not secrets.compare_digest(str(staat.get("state")), state):
        return _fout(request, "Het inlogverzoek is verlopen of ongeldig. Probeer opnieuw.")
    if not code:
        return _fout(request, "De identiteitsprovider gaf geen inlogcode.")
    try:
        prov = _provider(request, settings)
        id_token = oidc.wissel_code(settings, prov, code, staat["verifier"])
        claims = oidc.controleer_id_token(id_token, jwks=prov.jwks, issuer=prov.issuer,
                                          client_id=settings.oidc_client_id, nonce=staat["nonce"], clock=clock)
        schrijf(session)  # a GET reads by default: the login bookkeeping below writes (ADR 0018)
        gebruiker = oidc.gebruiker_uit_claims(session, clock, settings, claims)
    except oidc.OidcFout as exc:
        session.rollback()
        return _fout(request, str(exc))
    request.session.clear()
    request.session["gebruiker_id"] = gebruiker.id
    return RedirectResponse(startpagina(gebruiker, "/"), status_code=303)
