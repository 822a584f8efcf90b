"""The projectleider's dashboard and its CSV export (figures only, no names)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.deps import ClockDep, SessionDep, SettingsDep
from api.pages.deps import pagina_recht
from api.pages.render import pagina
from api.security import check_csrf
from wvggz.csvbestand import MEDIA_TYPE, bijlage_kop
from wvggz.escalaties import service as escalatie_service
from wvggz.gebruikers.models import Gebruiker
from wvggz.schermen import export, overzicht

router = APIRouter(include_in_schema=False)
Projectleider = Annotated[Gebruiker, Depends(pagina_recht("dashboard.lees"))]
Bevestiger = Annotated[Gebruiker, Depends(pagina_recht("escalatie.bevestig"))]


@router.get("/dashboard", response_class=HTMLResponse)
def toon(request: Request, user: Projectleider, session: SessionDep, clock: ClockDep,
         settings: SettingsDep) -> HTMLResponse:
    data = overzicht.dashboard(session=session, clock=clock, actor=user, settings=settings)
    return pagina(request, "dashboard.html", data)


@router.get("/dashboard/cijfers.csv")
def csv(user: Projectleider, session: SessionDep, clock: ClockDep,
        tabel: Annotated[Literal[export.TABELLEN], Query()] = "per-maand") -> Response:  # type: ignore[valid-type]
    """One table per file: per-maand (default), open-per-status or open-per-behandelaar."""
    tekst = export.csv_export(session=session, clock=clock, actor=user, tabelnaam=tabel)
    datum = clock.now().strftime("%Y%m%d")
    naam = "wvggz-cijfers" if tabel == "per-maand" else f"wvggz-{tabel}"
    return Response(tekst, media_type=MEDIA_TYPE, headers=bijlage_kop(f"{naam}-{datum}.csv"))


@router.post("/dashboard/escalaties/bevestig")
def bevestig(request: Request, user: Bevestiger, session: SessionDep, clock: ClockDep,
             csrf_token: Annotated[str, Form()] = "",
             escalaties: Annotated[str, Form(max_length=4000)] = "") -> RedirectResponse:
    """Acknowledge every open rung of one case from the dashboard (all-or-nothing) and come back to it."""
    check_csrf(request, csrf_token)
    rijen = escalatie_service.bevestig_meerdere(session=session, clock=clock, actor=user,
                                                escalaties=escalatie_service.lees_selectie([escalaties]))
    request.session["statusbericht"] = f"Escalaties bij {rijen[0]['referentie']} bevestigd."
    return RedirectResponse("/dashboard#escalaties", status_code=303)
