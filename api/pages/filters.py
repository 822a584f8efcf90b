"""Saved filters on the werkvoorraad and the escalation list: save the current choices under a name, apply
one (GET: the search term of the session is cleared, then the list opens with the filter), delete one.
A failed save shows the list again with the Dutch message at the name field (422) and saves nothing."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from api.deps import ClockDep, SessionDep, SettingsDep
from api.pages import escalaties, werkvoorraad
from api.pages.deps import pagina_recht
from api.security import check_csrf
from wvggz.errors import MissingField
from wvggz.filters import service
from wvggz.gebruikers.models import Gebruiker

router = APIRouter(include_in_schema=False)
Werkvoorraadlezer = Annotated[Gebruiker, Depends(pagina_recht("melding.lees"))]
Escalatielezer = Annotated[Gebruiker, Depends(pagina_recht("escalatie.lees"))]


async def _formulier(request: Request) -> dict[str, str]:
    form = await request.form()
    check_csrf(request, str(form.get("csrf_token", "")))
    return {k: str(v)[:200] for k, v in form.items() if isinstance(v, str)}


def _open(request: Request, filter_: dict) -> RedirectResponse:
    request.session.pop(werkvoorraad.ZOEK, None)  # a saved filter has no search term: start without one
    return RedirectResponse(filter_["pad"] + (f"?{filter_['query']}" if filter_["query"] else ""), status_code=303)


@router.post("/werkvoorraad/filters", response_class=HTMLResponse)
async def bewaar_werkvoorraad(request: Request, user: Werkvoorraadlezer, session: SessionDep, clock: ClockDep,
                              settings: SettingsDep):  # noqa: ANN201
    """Save the posted filter choices (never the search term) under the posted name."""
    form = await _formulier(request)
    try:
        f = service.bewaar(session=session, clock=clock, actor=user, lijst="werkvoorraad",
                           naam=form.get("naam", ""), waarden=form)
    except MissingField as exc:
        keuzes = werkvoorraad._keuzes(request, form)
        return werkvoorraad.weergave(request, user, session, clock, settings, {exc.veld or "naam": exc.message},
                                     form.get("naam", ""), 422, keuzes)
    request.session["statusbericht"] = f"Filter '{f['naam']}' bewaard."
    return RedirectResponse("/werkvoorraad" + (f"?{f['query']}" if f["query"] else ""), status_code=303)


@router.get("/werkvoorraad/filters/{filter_id:int}")
def open_werkvoorraad(request: Request, filter_id: int, user: Werkvoorraadlezer,
                      session: SessionDep) -> RedirectResponse:
    return _open(request, service.haal(session, user, "werkvoorraad", filter_id))


@router.post("/werkvoorraad/filters/{filter_id:int}/verwijder")
async def verwijder_werkvoorraad(request: Request, filter_id: int, user: Werkvoorraadlezer, session: SessionDep,
                                 clock: ClockDep) -> RedirectResponse:
    await _formulier(request)
    f = service.verwijder(session=session, clock=clock, actor=user, lijst="werkvoorraad", filter_id=filter_id)
    request.session["statusbericht"] = f"Filter '{f['naam']}' verwijderd."
    return RedirectResponse("/werkvoorraad", status_code=303)


@router.post("/escalaties/filters", response_class=HTMLResponse)
async def bewaar_escalaties(request: Request, user: Escalatielezer, session: SessionDep,
                            clock: ClockDep):  # noqa: ANN201
    """Save the posted filter choices of the escalation list under the posted name."""
    form = await _formulier(request)
    try:
        f = service.bewaar(session=session, clock=clock, actor=user, lijst="escalaties",
                           naam=form.get("naam", ""), waarden=form)
    except MissingField as exc:
        return escalaties.weergave(request, user, session, {exc.veld or "naam": exc.message}, form, 422)
    request.session["statusbericht"] = f"Filter '{f['naam']}' bewaard."
    return RedirectResponse("/escalaties" + (f"?{f['query']}" if f["query"] else ""), status_code=303)


@router.get("/escalaties/filters/{filter_id:int}")
def open_escalaties(request: Request, filter_id: int, user: Escalatielezer, session: SessionDep) -> RedirectResponse:
    return _open(request, service.haal(session, user, "escalaties", filter_id))


@router.post("/escalaties/filters/{filter_id:int}/verwijder")
async def verwijder_escalaties(request: Request, filter_id: int, user: Escalatielezer, session: SessionDep,
                               clock: ClockDep) -> RedirectResponse:
    await _formulier(request)
    f = service.verwijder(session=session, clock=clock, actor=user, lijst="escalaties", filter_id=filter_id)
    request.session["statusbericht"] = f"Filter '{f['naam']}' verwijderd."
    return RedirectResponse("/escalaties", status_code=303)


