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
from api.pages.deps import rol
from api.pages.formulier import terug_naar
from api.pages.render import lokaal, pagina
from api.security import check_csrf
from wvggz.clock import TZ, Clock
from wvggz.config import Settings
from wvggz.errors import MissingField
from wvggz.gebruikers.models import Gebruiker, Rol
from wvggz.gebruikers.rechten import mag
from wvggz.triage import cijfers as figuren
from wvggz.triage import queries, service
from wvggz.triage.models import GEBRACHT_DOOR_LABELS
from wvggz.triage.queries import UITKOMSTEN
from wvggz.triage.schemas import TriageCreate

router = APIRouter(include_in_schema=False)
Lezer = Annotated[Gebruiker, Depends(rol(Rol.OVP, Rol.PROJECTLEIDER))]
Medewerker = Annotated[Gebruiker, Depends(rol(Rol.OVP))]
TEKSTVAK = frozenset({"bevindingen", "toelichting", "reden_zonder_screening", "zorgen"})
INVOER = {"tekst": "tekst", "keuze": "keuze", "bool": "janee", "datumtijd": "datumtijd", "int": "getal",
          "lijst": "lijst", "datum": "datum"}
KEUZELABELS = {"uitkomst": UITKOMSTEN, "vervolg": {"huisarts": "Huisarts", "wijkteam": "Wijkteam", "fact": "FACT"}}
NIET_DOORGEVEN = frozenset({"csrf_token", "versie", "knop"})
# Default "now" (server time); ovp.js moves it on by the time since the page loaded when the form opens.
NU_VELDEN = frozenset({"vertrokken_op", "tvz_start"})
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


def _standaard(naam: str, user: Gebruiker, clock: Clock) -> str:
    """Return what a field shows before anything is typed: now, the user's name, the own gemeente."""
    if naam in NU_VELDEN:
        return lokaal(clock.now(), "%Y-%m-%dT%H:%M")
    return {"door": user.naam, "gemeente_verblijf": user.gemeente, "locatie": f"OVP {user.gemeente}"}.get(naam, "")


def _veld(v: dict[str, Any], user: Gebruiker, clock: Clock) -> dict[str, Any]:
    labels = KEUZELABELS.get(v["naam"], {})
    invoer = "tekstvak" if v["naam"] in TEKSTVAK else INVOER.get(v["soort"], "tekst")
    keuzes = [(k, labels.get(k, k.replace("_", " "))) for k in v["keuzes"]]
    kort = v["naam"].split(".")[-1]
    return v | {"invoer": invoer, "keuzes": keuzes, "standaard": _standaard(kort, user, clock),
                "attrs": {"data-nu": _standaard(kort, user, clock)} if kort in NU_VELDEN else None}


def _acties(acties: list[dict[str, Any]], user: Gebruiker, clock: Clock) -> list[dict[str, Any]]:
    return [a | {"velden": [_veld(v, user, clock) for v in a["velden"]]} for a in acties]


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


def _bord(session: Session, clock: Clock, user: Gebruiker, settings: Settings) -> dict[str, Any]:
    bord = service.bord(session=session, clock=clock, actor=user, aanwezig=True, settings=settings)
    wijzig = mag(user, "triage.wijzig")
    stappen = {r["id"]: _acties(queries.stappen(r["status"]), user, clock) if wijzig else [] for r in bord["items"]}
    return bord | {"stappen": stappen, "wijzig": wijzig, "bijgewerkt": lokaal(clock.now(), "%H:%M:%S")}


def _bordpagina(request: Request, session: Session, clock: Clock, user: Gebruiker, settings: Settings,
                waarden: dict[str, Any], fouten: dict[str, str], resultaten: list | None, status: int = 200):  # noqa: ANN202
    ctx = _bord(session, clock, user, settings) | {
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
    return pagina(request, "ovp_bord.html", _bord(session, clock, user, settings) | {"stapfout": None})


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
        fouten: dict[str, str] = {}
        for e in exc.errors():
            msg = str(e.get("msg", ""))
            fouten.setdefault(".".join(str(d) for d in e["loc"]),
                              msg.removeprefix("Value error, ") if msg.startswith("Value error, ") else
                              "Dit veld is verplicht." if e["type"] == "missing" else "Ongeldige waarde.")
        return None, fouten


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
            session.rollback()
            fouten = {exc.veld or "algemeen": exc.message}
    if fouten:
        return _bordpagina(request, session, clock, user, settings, form, fouten, None, 422)
    request.session["statusbericht"] = f"Aankomst vastgelegd: {triage.referentie}."
    return RedirectResponse("/ovp", status_code=303)


def _scherm(session: Session, clock: Clock, user: Gebruiker, triage_id: int, settings: Settings) -> dict[str, Any]:
    d = service.detail(session=session, clock=clock, actor=user, triage_id=triage_id, settings=settings)
    wijzig = mag(user, "triage.wijzig")
    tijdlijn = [{"op": h["op"], "soort": "historie", "titel": h["actie"].replace("_", " "), "tekst": h["reden"],
                 "door": h["door"]} for h in d["historie"]]
    return d | {"acties": _acties(d["toegestane_acties"], user, clock) if wijzig else [], "tijdlijn": tijdlijn,
                "diagram": queries.diagram(d["status"]), "uitkomsten": UITKOMSTEN, "stapfout": None}


@router.get("/triages/{triage_id:int}", response_class=HTMLResponse)
def toon(request: Request, triage_id: int, user: Lezer, session: SessionDep, clock: ClockDep,
         settings: SettingsDep) -> HTMLResponse:
    return pagina(request, "triage.html", _scherm(session, clock, user, triage_id, settings))


@router.post("/triages/{triage_id:int}/acties/{actie}", response_class=HTMLResponse)
@router.post("/ovp/triages/{triage_id:int}/acties/{actie}", response_class=HTMLResponse)
def actie(request: Request, triage_id: int, actie: str, user: Medewerker, form: Formulier, session: SessionDep,
          clock: ClockDep, settings: SettingsDep):  # noqa: ANN201
    """Carry out one action; from the board (/ovp/...) back to the board, else back to the triage."""
    check_csrf(request, form.get("csrf_token"))
    actie = actie[:60]
    versie = form.get("versie") if isinstance(form.get("versie"), str) and form["versie"].isdigit() else "0"
    try:
        triage = service.voer_actie_uit(session=session, clock=clock, actor=user, triage_id=triage_id, actie=actie,
                                        versie=int(versie), velden=_velden(form),
                                        settings=settings)
    except MissingField as exc:
        session.rollback()
        scherm = _scherm(session, clock, user, triage_id, settings)
        fout = {"actie": actie, "veld": exc.veld, "bericht": exc.message, "waarden": form}
        return pagina(request, "triage.html", scherm | {"stapfout": fout}, 422)
    request.session["statusbericht"] = f"{triage.referentie}: {queries.actielabel(actie)} vastgelegd."
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
