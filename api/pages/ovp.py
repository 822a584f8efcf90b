"""OVP pages: the board (/ovp) with the arrival form and quick step forms, one triage (/triages/{id})
and the figures (/ovp/cijfers). Forms POST, then redirect 303; a domain error shows the form again
with the message at the field and everything typed kept."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlmodel import Session

from api.deps import ClockDep, SessionDep, SettingsDep
from api.pages.deps import pagina_recht
from api.pages.formulier import terug_naar
from api.pages.render import lokaal, pagina
from api.security import check_csrf
from wvggz.clock import TZ, Clock
from wvggz.config import Settings
from wvggz.documenten.service import blok as documenten_blok
from wvggz.errors import MissingField
from wvggz.gebruikers.models import Gebruiker
from wvggz.notities.service import blok as notities_blok
from wvggz.schermen import triage as triage_scherm
from wvggz.triage import cijfers as figuren
from wvggz.triage import queries, service
from wvggz.triage.models import GEBRACHT_DOOR_LABELS
from wvggz.triage.schemas import TriageCreate
from wvggz.triage.soort import TRIAGE_ZAAK, UITKOMST
from wvggz.veldfouten import veldfouten
from wvggz.zaken import pijplijn

router = APIRouter(include_in_schema=False)
Lezer = Annotated[Gebruiker, Depends(pagina_recht("triage.lees"))]
Medewerker = Annotated[Gebruiker, Depends(pagina_recht("triage.wijzig"))]
NIET_DOORGEVEN = frozenset({"csrf_token", "versie", "knop"})
JANEE = frozenset({"acuut", "verdacht_van_strafbaar_feit", "melding_wvggz"})  # rendered as ja/nee radios
PERSOON = ("persoon_id", "voornaam", "achternaam", "geboortedatum")


async def formulier(request: Request) -> dict[str, Any]:
    """Return the posted form as a dict; a name posted more than once becomes a list."""
    form = await request.form()
    uit: dict[str, Any] = {}
    for naam in form:
        waarden = [w for w in form.getlist(naam) if isinstance(w, str)]
        uit[naam] = waarden if len(waarden) > 1 else (waarden[0] if waarden else "")
    return uit


Formulier = Annotated[dict[str, Any], Depends(formulier)]


def _velden(form: dict[str, Any]) -> dict[str, Any]:
    """Turn the posted form into the action's fields: nested 'a.b' names, ja/nee as booleans, empty left out."""
    uit: dict[str, Any] = {}
    for naam, waarde in form.items():
        if naam in NIET_DOORGEVEN or waarde in ("", []):
            continue
        if naam in JANEE:
            waarde = waarde in ("1", "ja")
        hoofd, _, sub = naam.partition(".")
        if sub:
            uit.setdefault(hoofd, {})[sub] = waarde
        else:
            uit[naam] = waarde
    return uit


def _met_melding(form: dict[str, Any], velden: dict[str, Any]) -> dict[str, Any]:
    """The outcome form's hand-over: with 'melding.maak' ticked and confirmed, the fields of the zorgmelding
    go along as `melding` (created in the same transaction); unticked, the part is ignored."""
    velden = {k: v for k, v in velden.items() if k != "melding"}
    if not form.get("melding.maak"):
        return velden
    if form.get("melding.bevestig") not in ("1", "on", "ja"):
        raise MissingField("melding.bevestig", "Bevestig dat de zorgmelding nu naar het meldpunt gaat.")
    melding: dict[str, Any] = {"zorgen": form.get("melding.zorgen") or ""}
    if form.get("melding.acuut"):
        melding["acuut"] = form["melding.acuut"] in ("1", "ja")
    betrokkene = {k: w for k in PERSOON[1:] if isinstance(w := form.get(f"melding.betrokkene.{k}"), str) and w}
    if betrokkene:
        melding["betrokkene"] = betrokkene
    return velden | {"melding": melding}


def _bordpagina(request: Request, session: Session, clock: Clock, user: Gebruiker, settings: Settings,
                waarden: dict[str, Any], fouten: dict[str, str], resultaten: list | None, status: int = 200):  # noqa: ANN202
    ctx = triage_scherm.bord(session, clock, user, settings) | {
        "waarden": waarden, "fouten": fouten, "resultaten": resultaten, "stapfout": None,
        "gebracht_door": [(k.value, v) for k, v in GEBRACHT_DOOR_LABELS.items()]}
    return pagina(request, "ovp.html", ctx, status)


@router.get("/ovp", response_class=HTMLResponse)
def bord(request: Request, user: Lezer, session: SessionDep, clock: ClockDep, settings: SettingsDep) -> HTMLResponse:
    waarden = {"aangekomen_op": lokaal(clock.now(), "%Y-%m-%dT%H:%M"), "gebracht_door": "politie"}
    return _bordpagina(request, session, clock, user, settings, waarden, {}, None)


@router.get("/ovp/bord", response_class=HTMLResponse)
def bord_fragment(request: Request, user: Lezer, session: SessionDep, clock: ClockDep,
                  settings: SettingsDep) -> HTMLResponse:
    """The board table alone: ovp.js fetches it every 30 seconds."""
    return pagina(request, "ovp_bord.html", triage_scherm.bord(session, clock, user, settings) | {"stapfout": None})


def _aankomst_uit(form: dict[str, Any]) -> tuple[TriageCreate | None, dict[str, str]]:
    """Return the TriageCreate of the posted arrival form, or None and Dutch messages per field name."""
    def tekst(naam: str) -> str | None:
        waarde = form.get(naam)
        return waarde.strip() or None if isinstance(waarde, str) else None

    keuze = tekst("persoon.persoon_id") or ""
    persoon = {"persoon_id": keuze} if keuze.isdigit() else {
        k: v for k in PERSOON[1:] if (v := tekst(f"persoon.{k}"))}
    body = {k: tekst(k) for k in ("aangekomen_op", "gebracht_door", "gebracht_door_toelichting", "e33_nummer",
                                  "signalement")}
    body = {k: v for k, v in body.items() if v is not None} | {
        "verdacht_van_strafbaar_feit": bool(form.get("verdacht_van_strafbaar_feit")), "persoon": persoon or None}
    try:
        return TriageCreate.model_validate(body), {}
    except ValidationError as exc:
        return None, veldfouten(exc)


@router.post("/ovp/aankomst", response_class=HTMLResponse)
def aankomst(request: Request, user: Medewerker, form: Formulier, session: SessionDep, clock: ClockDep,
             settings: SettingsDep):  # noqa: ANN201
    """'zoek' lists known persons to link (nothing saved); otherwise log the arrival."""
    check_csrf(request, form.get("csrf_token"))
    if form.get("knop") == "zoek":
        try:
            geboren = date.fromisoformat(form.get("persoon.geboortedatum") or "")
        except ValueError:
            geboren = None
        resultaten = service.zoek_personen(session=session, clock=clock, actor=user,
                                           naam=form.get("persoon.achternaam"), geboortedatum=geboren)
        return _bordpagina(request, session, clock, user, settings, form, {}, resultaten)
    data, fouten = _aankomst_uit(form)
    if data is not None:
        try:
            triage = service.registreer(session=session, clock=clock, actor=user, data=data, settings=settings)
        except MissingField as exc:
            fouten = {exc.veld or "algemeen": exc.message}
    if fouten:
        return _bordpagina(request, session, clock, user, settings, form, fouten, None, 422)
    request.session["statusbericht"] = f"Aankomst vastgelegd: {triage.referentie}."
    return RedirectResponse("/ovp", status_code=303)


@router.get("/triages/{triage_id:int}", response_class=HTMLResponse)
def toon(request: Request, triage_id: int, user: Lezer, session: SessionDep, clock: ClockDep,
         settings: SettingsDep) -> HTMLResponse:
    docs = documenten_blok(session=session, actor=user, pad="triages", zaak_id=triage_id)
    notes = notities_blok(session=session, actor=user, pad="triages", zaak_id=triage_id)
    return pagina(request, "triage.html", triage_scherm.scherm(session, clock, user, triage_id, settings) | {"documenten": docs, "notities": notes})


@router.post("/triages/{triage_id:int}/acties/{actie}", response_class=HTMLResponse)
@router.post("/ovp/triages/{triage_id:int}/acties/{actie}", response_class=HTMLResponse)
def actie(request: Request, triage_id: int, actie: str, user: Medewerker, form: Formulier, session: SessionDep,
          clock: ClockDep, settings: SettingsDep):  # noqa: ANN201
    """Carry out one action; from the board (/ovp/...) back to the board, else back to the triage."""
    check_csrf(request, form.get("csrf_token"))
    actie = actie[:60]
    versie = form.get("versie") if isinstance(form.get("versie"), str) and form["versie"].isdigit() else "0"
    try:
        velden = _met_melding(form, _velden(form)) if actie == UITKOMST else _velden(form)
        triage = pijplijn.voer_actie_uit(session=session, clock=clock, actor=user, soort=TRIAGE_ZAAK,
                                         zaak_id=triage_id, actie=actie, versie=int(versie), velden=velden,
                                         settings=settings)
    except MissingField as exc:
        scherm = triage_scherm.scherm(session, clock, user, triage_id, settings)
        fout = {"actie": actie, "veld": exc.veld, "bericht": exc.message, "waarden": form}
        return pagina(request, "triage.html", scherm | {"stapfout": fout}, 422)
    request.session["statusbericht"] = f"{triage.referentie}: opgeslagen: {queries.actielabel(actie)}." + (
        " De zorgmelding is gemaakt." if actie == UITKOMST and "melding" in velden else "")
    vanaf_bord = request.url.path.startswith("/ovp/")
    return terug_naar("/ovp" if vanaf_bord else f"/triages/{triage_id}", "/ovp", "/ovp", "/triages")


@router.get("/ovp/cijfers", response_class=HTMLResponse)
def cijfers(request: Request, user: Lezer, session: SessionDep, clock: ClockDep,
            van: Annotated[date | None, Query()] = None, tot: Annotated[date | None, Query()] = None) -> HTMLResponse:
    """Figures for a period (default: the last 30 days) with a CSV link; no names."""
    vandaag = clock.now().astimezone(TZ).date()
    tot = tot or vandaag
    van = van or tot - timedelta(days=29)
    data = service.cijfers(session=session, actor=user, van=van, tot=tot)
    return pagina(request, "ovp_cijfers.html", data | {"grafiek_uur": figuren.uurgrafiek(data["per_uur"])})


@router.get("/ovp/cijfers.csv")
def cijfers_csv(user: Lezer, session: SessionDep, van: Annotated[date, Query()], tot: Annotated[date, Query()]) -> Response:
    """The figures page's CSV (no names) with the page session: the JSON API takes bearer tokens only."""
    tekst = service.csv_export(session=session, actor=user, van=van, tot=tot)
    return Response(tekst, media_type="text/csv; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="ovp-triages-{van.isoformat()}-{tot.isoformat()}.csv"'})
