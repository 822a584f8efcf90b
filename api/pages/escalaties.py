"""Pages: the projectleider's escalation list with an acknowledge button, and the extension form of the
local wijkteam_advies term. Forms POST, then redirect 303; bad input shows the form again."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlmodel import Session

from api.deps import ClockDep, SessionDep, SettingsDep
from api.pages.deps import pagina_recht
from api.pages.formulier import getal
from api.pages.render import pagina
from api.security import check_csrf
from wvggz.errors import MissingField
from wvggz.escalaties import service
from wvggz.filters import service as filters
from wvggz.gebruikers.models import Gebruiker
from wvggz.schermen import escalaties as escalatie_scherm

router = APIRouter(include_in_schema=False)
Projectleider = Annotated[Gebruiker, Depends(pagina_recht("escalatie.lees"))]
Bevestiger = Annotated[Gebruiker, Depends(pagina_recht("escalatie.bevestig"))]
Behandelaar = Annotated[Gebruiker, Depends(pagina_recht("melding.wijzig"))]


def weergave(request: Request, user: Gebruiker, session: Session, fouten: dict[str, str] | None = None,
             waarden: Mapping[str, Any] | None = None, status: int = 200) -> HTMLResponse:
    """The list with the filter of `waarden` (default: the URL's) and the user's saved filters."""
    keuzes = escalatie_scherm.Keuzes.uit(request.query_params if waarden is None else waarden)
    data = escalatie_scherm.scherm(session, user, keuzes)
    return pagina(request, "escalaties.html", data | {
        "fouten": fouten or {}, "bewaard": filters.lijst(session, user, "escalaties"),
        "filterwaarden": filters.keuzes("escalaties", asdict(keuzes)), "naam_invoer": (waarden or {}).get("naam", "")},
        status=status)


@router.get("/escalaties", response_class=HTMLResponse)
def lijst(request: Request, user: Projectleider, session: SessionDep) -> HTMLResponse:
    return weergave(request, user, session)


@router.post("/escalaties/bevestig", response_class=HTMLResponse)
def bevestig_meerdere(request: Request, user: Bevestiger, session: SessionDep, clock: ClockDep,
                      csrf_token: Annotated[str, Form()] = "",
                      escalaties: Annotated[list[str] | None, Form(max_length=4000)] = None,
                      toelichting: Annotated[str, Form(max_length=1000)] = ""):  # noqa: ANN201
    """Acknowledge every open rung of one case (its button) or of the selected cases (the checkboxes)."""
    check_csrf(request, csrf_token)
    try:
        paren = service.lees_selectie(escalaties or [])
        rijen = service.bevestig_meerdere(session=session, clock=clock, actor=user, escalaties=paren,
                                          toelichting=toelichting)
    except MissingField as exc:
        return weergave(request, user, session, {exc.veld: exc.message}, status=422)
    zaken = sorted({r["referentie"] for r in rijen})
    request.session["statusbericht"] = (f"Escalaties bevestigd bij {zaken[0]}." if len(zaken) == 1
                                        else f"Escalaties bevestigd bij {len(zaken)} zaken.")
    return RedirectResponse("/escalaties", status_code=303)


@router.post("/escalaties/{escalatie_id}/bevestig")
def bevestig(request: Request, escalatie_id: int, user: Bevestiger, session: SessionDep, clock: ClockDep,
             csrf_token: Annotated[str, Form()] = "", versie: Annotated[str, Form()] = "",
             toelichting: Annotated[str, Form(max_length=1000)] = "") -> RedirectResponse:
    """Acknowledge one escalation and go back to the list."""
    check_csrf(request, csrf_token)
    escalatie = service.bevestig(session=session, clock=clock, actor=user, escalatie_id=escalatie_id,
                                 versie=getal(versie, "versie"), toelichting=toelichting)
    request.session["statusbericht"] = f"Escalatie bij {escalatie['referentie']} bevestigd."
    return RedirectResponse("/escalaties", status_code=303)


def _formulier(request: Request, termijn: dict, waarden: dict, fouten: dict, status: int = 200) -> HTMLResponse:
    return pagina(request, "escalaties_verlenging.html",
                  {"termijn": termijn, "waarden": waarden, "fouten": fouten}, status=status)


@router.get("/termijnen/{termijn_id}/verlenging", response_class=HTMLResponse)
def verlenging(request: Request, termijn_id: int, user: Behandelaar, session: SessionDep) -> HTMLResponse:
    termijn = service.haal_termijn(session=session, actor=user, termijn_id=termijn_id)
    return _formulier(request, termijn, {"werkdagen": "", "reden": ""}, {})


@router.post("/termijnen/{termijn_id}/verlenging", response_class=HTMLResponse)
def verleng(request: Request, termijn_id: int, user: Behandelaar, session: SessionDep, clock: ClockDep,
            settings: SettingsDep, csrf_token: Annotated[str, Form()] = "", versie: Annotated[str, Form()] = "",
            werkdagen: Annotated[str, Form(max_length=4)] = "", reden: Annotated[str, Form(max_length=1000)] = "",
            ):  # noqa: ANN201
    """Extend the wijkteam term; on bad input show the form again with the message at the field."""
    check_csrf(request, csrf_token)
    try:
        termijn = service.verleng_termijn(
            session=session, clock=clock, actor=user, termijn_id=termijn_id, versie=getal(versie, "versie"),
            werkdagen=int(werkdagen) if werkdagen.strip().isdigit() else 0, reden=reden, settings=settings)
    except MissingField as exc:
        huidig = service.haal_termijn(session=session, actor=user, termijn_id=termijn_id)
        return _formulier(request, huidig, {"werkdagen": werkdagen, "reden": reden},
                          {exc.veld: exc.message}, status=422)
    request.session["statusbericht"] = (f"Termijn verlengd tot {termijn['einddatum']:%d-%m-%Y} "
                                        f"({termijn['referentie']}).")
    return RedirectResponse(termijn["pad"], status_code=303)
