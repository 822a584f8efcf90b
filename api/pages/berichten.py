"""Pages: the staff inbox with channel preferences, and beheer's list of failed messages with retry."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.concurrency import run_in_threadpool

from api.deps import ClockDep, SessionDep
from api.pages.deps import pagina_recht
from api.pages.formulier import getal
from api.pages.render import pagina
from api.security import check_csrf
from wvggz.berichten import service
from wvggz.errors import MissingField
from wvggz.gebruikers.models import Gebruiker
from wvggz.schermen import inbox as inbox_scherm

router = APIRouter(include_in_schema=False)
Beheerder = Annotated[Gebruiker, Depends(pagina_recht("bericht.beheer"))]
InboxGebruiker = Annotated[Gebruiker, Depends(pagina_recht("bericht.inbox"))]
Csrf = Annotated[str, Form()]
KANAALLABELS = {"inbox": "alleen inbox", "email": "alleen e-mail", "beide": "inbox en e-mail"}


def _paginanummer(request: Request) -> int:
    """Return the ?pagina= number, 1 when missing or odd, at most 100,000."""
    tekst = request.query_params.get("pagina", "1")
    return min(max(int(tekst), 1), 100_000) if tekst.isdigit() and len(tekst) < 7 else 1


def _inbox(request: Request, session, user: Gebruiker, fouten: dict[str, str] | None = None,  # noqa: ANN001
           waarden: dict[str, str] | None = None, status: int = 200) -> HTMLResponse:
    ongelezen = request.query_params.get("ongelezen") == "1"
    pagina_nr = _paginanummer(request)
    data = inbox_scherm.scherm(session=session, actor=user, alleen_ongelezen=ongelezen, pagina=pagina_nr)
    return pagina(request, "inbox.html", data | {
        "alleen_ongelezen": ongelezen, "pagina_nr": pagina_nr, "labels": KANAALLABELS,
        "fouten": fouten or {}, "waarden": waarden or {}}, status)


@router.get("/inbox", response_class=HTMLResponse)
def inbox(request: Request, user: InboxGebruiker, session: SessionDep) -> HTMLResponse:
    return _inbox(request, session, user)


@router.post("/inbox/gelezen")
def alles_gelezen(request: Request, user: InboxGebruiker, session: SessionDep, clock: ClockDep,
                  csrf_token: Csrf = "") -> RedirectResponse:
    check_csrf(request, csrf_token)
    aantal = service.markeer_alles_gelezen(session=session, clock=clock, actor=user)
    request.session["statusbericht"] = f"{aantal} bericht{'' if aantal == 1 else 'en'} als gelezen gemarkeerd."
    return RedirectResponse("/inbox", status_code=303)


@router.post("/inbox/{bericht_id}/gelezen")
def gelezen(request: Request, bericht_id: int, user: InboxGebruiker, session: SessionDep, clock: ClockDep,
            csrf_token: Csrf = "") -> RedirectResponse:
    check_csrf(request, csrf_token)
    service.markeer_gelezen(session=session, clock=clock, actor=user, bericht_id=getal(str(bericht_id), "bericht"))
    return RedirectResponse("/inbox", status_code=303)


@router.post("/inbox/{bericht_id}/open")
def open_zaak(request: Request, bericht_id: int, user: InboxGebruiker, session: SessionDep, clock: ClockDep,
              csrf_token: Csrf = "") -> RedirectResponse:
    """Mark the message read and open its case (the inbox when it has none)."""
    check_csrf(request, csrf_token)
    bericht = service.markeer_gelezen(session=session, clock=clock, actor=user,
                                      bericht_id=getal(str(bericht_id), "bericht"))
    return RedirectResponse(service.inbox_dict(bericht)["pad"] or "/inbox", status_code=303)


@router.post("/inbox/voorkeuren", response_class=HTMLResponse)
async def voorkeuren(request: Request, user: InboxGebruiker, session: SessionDep, clock: ClockDep):  # noqa: ANN201
    """The form has one field per staff kind, so it is read whole; the work runs in the thread pool."""
    form = await request.form()
    waarden = {k: str(v)[:254] for k, v in form.items() if k != "csrf_token"}
    return await run_in_threadpool(_bewaar_voorkeuren, request, user, session, clock,
                                   str(form.get("csrf_token") or ""), waarden)


def _bewaar_voorkeuren(request: Request, user: Gebruiker, session, clock, csrf_token: str,  # noqa: ANN001
                       waarden: dict[str, str]):  # noqa: ANN202
    check_csrf(request, csrf_token)
    keuzes = {s: waarden[f"kanaal_{s}"] for s in service.voorkeur_sleutels() if waarden.get(f"kanaal_{s}")}
    try:
        service.zet_voorkeuren(session=session, clock=clock, actor=user, werkmail=waarden.get("werkmail"),
                               keuzes=keuzes)
    except MissingField as exc:
        return _inbox(request, session, user, {exc.veld or "werkmail": exc.message}, waarden, 422)
    request.session["statusbericht"] = "Uw voorkeuren zijn opgeslagen."
    return RedirectResponse("/inbox", status_code=303)


@router.get("/beheer/berichten", response_class=HTMLResponse)
def beheer(request: Request, user: Beheerder, session: SessionDep) -> HTMLResponse:
    data = service.mislukte(session=session, actor=user, pagina=_paginanummer(request))
    return pagina(request, "beheer_berichten.html", data)


@router.post("/beheer/berichten/{bericht_id}/opnieuw")
def opnieuw(request: Request, bericht_id: int, user: Beheerder, session: SessionDep, clock: ClockDep,
            csrf_token: Csrf = "") -> RedirectResponse:
    check_csrf(request, csrf_token)
    service.opnieuw(session=session, clock=clock, actor=user, bericht_id=getal(str(bericht_id), "bericht"))
    request.session["statusbericht"] = f"Bericht {bericht_id} staat weer in de wachtrij."
    return RedirectResponse("/beheer/berichten", status_code=303)
