"""Pages of the burgemeester's back office: running measures, a new request, one measure with its
duties and actions, one beroep. Forms POST, then redirect 303; a wrong field re-renders the page with
the Dutch message next to it."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import ValidationError

from api.deps import ClockDep, SessionDep, SettingsDep
from api.pages.deps import pagina_recht
from api.pages.meldingen import Formulier
from api.pages.render import lokaal, pagina
from api.security import check_csrf
from workflows.beroep import BEROEP
from workflows.crisismaatregel import CRISISMAATREGEL
from wvggz.crisismaatregelen import formulier as cm_formulier
from wvggz.crisismaatregelen import service
from wvggz.crisismaatregelen.models import Aanvrager
from wvggz.crisismaatregelen.schemas import CrisismaatregelCreate
from wvggz.documenten.service import blok as documenten_blok
from wvggz.errors import MissingField
from wvggz.gebruikers.models import Gebruiker
from wvggz.gebruikers.rechten import mag
from wvggz.labels import label
from wvggz.notities.service import blok as notities_blok
from wvggz.schermen import crisismaatregel as scherm
from wvggz.veldfouten import veldfouten

router = APIRouter(include_in_schema=False)
Lezer = Annotated[Gebruiker, Depends(pagina_recht("crisismaatregel.lees"))]
Aanvrager_ = Annotated[Gebruiker, Depends(pagina_recht("crisismaatregel.maak"))]
Burgemeester = Annotated[Gebruiker, Depends(pagina_recht("crisismaatregel.wijzig"))]
AANVRAGERS = [(a.value, label(a.value)) for a in Aanvrager]


@router.get("/crisismaatregelen", response_class=HTMLResponse)
def lijst(request: Request, user: Lezer, session: SessionDep, clock: ClockDep, settings: SettingsDep) -> HTMLResponse:
    return pagina(request, "crisismaatregelen.html", scherm.lijst(session=session, clock=clock, actor=user,
                                                                  settings=settings))


def _nieuw(request: Request, waarden: dict[str, Any], fouten: dict[str, str], status: int = 200) -> HTMLResponse:
    return pagina(request, "crisismaatregel_nieuw.html", {"waarden": waarden, "fouten": fouten,
                                                          "aanvragers": AANVRAGERS}, status)


@router.get("/crisismaatregelen/nieuw", response_class=HTMLResponse)
def nieuw(request: Request, user: Aanvrager_, clock: ClockDep, melding: str = "") -> HTMLResponse:
    """The empty request form; `?melding=ID` (the link on a melding page) fills in the melding it comes from."""
    waarden = {"aangevraagd_op": lokaal(clock.now(), "%Y-%m-%dT%H:%M"), "gemeente_verblijf": user.gemeente}
    if melding.isdigit() and len(melding) < 12:
        waarden["melding_id"] = melding
    return _nieuw(request, waarden, {})


def _tekst(form: dict[str, Any], naam: str) -> str | None:
    waarde = form.get(naam)
    return (waarde.strip() or None) if isinstance(waarde, str) else None


def _aanvraag_uit(form: dict[str, Any]) -> tuple[CrisismaatregelCreate | None, dict[str, str]]:
    """Return the request of the posted form, or None and the Dutch message per field."""
    persoon = _tekst(form, "betrokkene.persoon_id")
    betrokkene = {"persoon_id": persoon} if persoon else {
        k: v for k in ("voornaam", "achternaam", "geboortedatum") if (v := _tekst(form, f"betrokkene.{k}"))}
    body = {"aangevraagd_door": _tekst(form, "aangevraagd_door"), "aangevraagd_op": _tekst(form, "aangevraagd_op"),
            "gemeente_verblijf": _tekst(form, "gemeente_verblijf"), "locatie": _tekst(form, "locatie"),
            "tvz_start": _tekst(form, "tvz_start"), "melding_id": _tekst(form, "melding_id"),
            "triage_id": _tekst(form, "triage_id"),
            "heeft_vertegenwoordiger": bool(form.get("heeft_vertegenwoordiger")),
            "betrokkene": betrokkene or None}
    try:
        return CrisismaatregelCreate.model_validate({k: v for k, v in body.items() if v is not None}), {}
    except ValidationError as exc:
        return None, veldfouten(exc)


@router.post("/crisismaatregelen/nieuw", response_class=HTMLResponse)
def maak(request: Request, user: Aanvrager_, form: Formulier, session: SessionDep, clock: ClockDep,
         settings: SettingsDep):  # noqa: ANN201
    check_csrf(request, form.get("csrf_token"))
    data, fouten = _aanvraag_uit(form)
    if data is None:
        return _nieuw(request, form, fouten, 422)
    try:
        cm = service.start(session=session, clock=clock, actor=user, data=data, settings=settings)
    except MissingField as exc:
        return _nieuw(request, form, {exc.veld or "algemeen": exc.message}, 422)
    request.session["statusbericht"] = f"Aanvraag {cm.referentie} is vastgelegd."
    if mag(user, "crisismaatregel.lees"):
        return RedirectResponse(f"/crisismaatregelen/{cm.id}", status_code=303)
    return RedirectResponse(f"/meldingen/{cm.melding_id}" if cm.melding_id else "/", status_code=303)


@router.get("/crisismaatregelen/{crisismaatregel_id:int}", response_class=HTMLResponse)
def toon(request: Request, crisismaatregel_id: int, user: Lezer, session: SessionDep, clock: ClockDep,
         settings: SettingsDep) -> HTMLResponse:
    data = scherm.scherm(session=session, clock=clock, actor=user, crisismaatregel_id=crisismaatregel_id,
                         settings=settings)
    docs = documenten_blok(session=session, actor=user, pad="crisismaatregelen", zaak_id=crisismaatregel_id)
    notes = notities_blok(session=session, actor=user, pad="crisismaatregelen", zaak_id=crisismaatregel_id)
    return pagina(request, "crisismaatregel.html", data | {"fout": None, "documenten": docs, "notities": notes})


@router.post("/crisismaatregelen/{crisismaatregel_id:int}/acties/{actie}", response_class=HTMLResponse)
def actie(request: Request, crisismaatregel_id: int, actie: str, user: Burgemeester, form: Formulier,
          session: SessionDep, clock: ClockDep, settings: SettingsDep):  # noqa: ANN201
    """Carry out one action; a missing or wrong field shows the page again with the message at that field."""
    check_csrf(request, form.get("csrf_token"))
    try:
        cm = cm_formulier.voer_uit(session=session, clock=clock, actor=user, crisismaatregel_id=crisismaatregel_id,
                             actie=actie[:60], formulier=form, settings=settings)
    except MissingField as exc:
        data = scherm.scherm(session=session, clock=clock, actor=user, crisismaatregel_id=crisismaatregel_id,
                             settings=settings)
        fout = {"actie": actie, "veld": exc.veld, "bericht": exc.message, "waarden": form}
        return pagina(request, "crisismaatregel.html", data | {"fout": fout}, 422)
    request.session["statusbericht"] = (f"Opgeslagen: {scherm.actielabel(CRISISMAATREGEL, actie)}. "
                                        f"Status nu: {label(cm.status)}.")
    return RedirectResponse(f"/crisismaatregelen/{crisismaatregel_id}", status_code=303)


@router.post("/crisismaatregelen/{crisismaatregel_id:int}/taken/{taak_id:int}/afronden")
def rond_taak_af(request: Request, crisismaatregel_id: int, taak_id: int, user: Burgemeester, form: Formulier,
                 session: SessionDep, clock: ClockDep, settings: SettingsDep) -> RedirectResponse:
    check_csrf(request, form.get("csrf_token"))
    cm_formulier.rond_taak_af(session=session, clock=clock, actor=user, crisismaatregel_id=crisismaatregel_id,
                        taak_id=taak_id, formulier=form, settings=settings)
    request.session["statusbericht"] = "De plicht is als gedaan vastgelegd."
    return RedirectResponse(f"/crisismaatregelen/{crisismaatregel_id}#kop-plichten", status_code=303)


@router.get("/beroepen/{beroep_id:int}", response_class=HTMLResponse)
def beroep(request: Request, beroep_id: int, user: Lezer, session: SessionDep, clock: ClockDep,
           settings: SettingsDep) -> HTMLResponse:
    data = scherm.beroep_scherm(session=session, clock=clock, actor=user, beroep_id=beroep_id, settings=settings)
    docs = documenten_blok(session=session, actor=user, pad="beroepen", zaak_id=beroep_id)
    notes = notities_blok(session=session, actor=user, pad="beroepen", zaak_id=beroep_id)
    return pagina(request, "beroep.html", data | {"fout": None, "documenten": docs, "notities": notes})


@router.post("/beroepen/{beroep_id:int}/acties/{actie}", response_class=HTMLResponse)
def beroep_actie(request: Request, beroep_id: int, actie: str, user: Burgemeester, form: Formulier,
                 session: SessionDep, clock: ClockDep, settings: SettingsDep):  # noqa: ANN201
    check_csrf(request, form.get("csrf_token"))
    try:
        b = cm_formulier.voer_beroep_uit(session=session, clock=clock, actor=user, beroep_id=beroep_id, actie=actie[:60],
                                   formulier=form, settings=settings)
    except MissingField as exc:
        data = scherm.beroep_scherm(session=session, clock=clock, actor=user, beroep_id=beroep_id, settings=settings)
        fout = {"actie": actie, "veld": exc.veld, "bericht": exc.message, "waarden": form}
        return pagina(request, "beroep.html", data | {"fout": fout}, 422)
    request.session["statusbericht"] = (f"Opgeslagen: {scherm.actielabel(BEROEP, actie)}. "
                                        f"Status nu: {label(b.status)}.")
    return RedirectResponse(f"/beroepen/{beroep_id}", status_code=303)
