"""Pages of one melding: the new-melding form, the melding page and its action forms (POST, redirect 303).

A domain error on a form re-renders it with the message next to the field and everything typed kept."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import ValidationError

from api.deps import ClockDep, SessionDep, SettingsDep
from api.pages.deps import pagina_recht
from api.pages.render import lokaal, pagina
from api.security import check_csrf
from wvggz.documenten.service import blok as documenten_blok
from wvggz.errors import MissingField
from wvggz.gebruikers.models import Gebruiker
from wvggz.labels import label
from wvggz.meldingen import formulier as melding_formulier
from wvggz.meldingen import invoercontrole, registratie
from wvggz.meldingen.schemas import MeldingCreate
from wvggz.notities.service import blok as notities_blok
from wvggz.schermen import melding as melding_scherm
from wvggz.schermen import nieuwe_melding
from wvggz.veldfouten import veldfouten

router = APIRouter(include_in_schema=False)
Melder = Annotated[Gebruiker, Depends(pagina_recht("melding.maak"))]
Lezer = Annotated[Gebruiker, Depends(pagina_recht("melding.lees"))]
Behandelaar = Annotated[Gebruiker, Depends(pagina_recht("melding.wijzig"))]
PERSOON = ("voornaam", "achternaam", "geboortedatum", "straat", "huisnummer", "postcode", "woonplaats",
           "telefoon", "email", "organisatie")


async def formulier(request: Request) -> dict[str, Any]:
    """Return the posted form as a dict; a name posted more than once becomes a list."""
    form = await request.form()
    uit: dict[str, Any] = {}
    for naam in form:
        waarden = [w for w in form.getlist(naam) if isinstance(w, str)]
        uit[naam] = waarden if len(waarden) > 1 else (waarden[0] if waarden else "")
    return uit


Formulier = Annotated[dict[str, Any], Depends(formulier)]


def _tekst(form: dict[str, Any], naam: str) -> str | None:
    waarde = form.get(naam)
    return waarde.strip() or None if isinstance(waarde, str) else None


def _melding_uit(form: dict[str, Any]) -> tuple[MeldingCreate | None, dict[str, str]]:
    """Return the MeldingCreate of the posted form, or None and the Dutch messages per field name."""
    melder = {k: v for k in PERSOON if (v := _tekst(form, f"melder.{k}"))}
    melder |= {"relatie": _tekst(form, "melder.relatie"), "anoniem_tov_betrokkene": bool(form.get("melder.anoniem"))}
    keuze = _tekst(form, "betrokkene.persoon_id") or ""
    betrokkene = {"persoon_id": keuze} if keuze.isdigit() else {
        k: v for k in PERSOON if (v := _tekst(form, f"betrokkene.{k}"))}
    body = {"kanaal": _tekst(form, "kanaal"), "ontvangen_op": _tekst(form, "ontvangen_op"), "melder": melder,
            "betrokkene": betrokkene, "zorgen": _tekst(form, "zorgen"), "acuut": bool(form.get("acuut")),
            "e33_nummer": _tekst(form, "e33_nummer")}
    body = {k: v for k, v in body.items() if v is not None}
    try:
        return MeldingCreate.model_validate(body), {}
    except ValidationError as exc:
        return None, veldfouten(exc)


def _datum(tekst: str | None) -> date | None:
    try:
        return date.fromisoformat(tekst) if tekst else None
    except ValueError:
        return None


def _nieuw(request: Request, waarden: dict[str, Any], fouten: dict[str, str], resultaten: list | None,
           status: int = 200) -> HTMLResponse:
    ctx = nieuwe_melding.keuzes() | {"waarden": waarden, "fouten": fouten, "resultaten": resultaten,
                                     "labels": {k: invoercontrole.label(k) for k in fouten}}
    return pagina(request, "melding_nieuw.html", ctx, status)


@router.get("/meldingen/nieuw", response_class=HTMLResponse)
def nieuw(request: Request, user: Melder, clock: ClockDep) -> HTMLResponse:
    return _nieuw(request, {"ontvangen_op": lokaal(clock.now(), "%Y-%m-%dT%H:%M"), "kanaal": "telefoon"}, {}, None)


@router.post("/meldingen/nieuw", response_class=HTMLResponse)
def registreer(request: Request, user: Melder, form: Formulier, session: SessionDep, clock: ClockDep,
               settings: SettingsDep):  # noqa: ANN201
    """'zoek' shows known persons (nothing saved); otherwise register and go to the new melding."""
    check_csrf(request, form.get("csrf_token"))
    if form.get("knop") == "zoek":
        resultaten = registratie.zoek_personen(session=session, clock=clock, actor=user,
                                                  naam=_tekst(form, "zoek_naam"),
                                                  geboortedatum=_datum(_tekst(form, "zoek_geboortedatum")))
        return _nieuw(request, form, {}, resultaten)
    data, fouten = _melding_uit(form)
    extra = invoercontrole.controleer(form, clock.now(), settings)  # everything at once, not one per round
    fouten = fouten | {k: v for k, v in extra.items() if k not in fouten}
    if data is None or fouten:
        return _nieuw(request, form, fouten, None, 422)
    try:
        melding = registratie.registreer(session=session, clock=clock, actor=user, data=data,
                                            nieuw_bevestigd=form.get("betrokkene.persoon_id") == "nieuw",
                                            settings=settings)
    except MissingField as exc:
        resultaten = None
        if exc.veld == "betrokkene.persoon_id":
            resultaten = registratie.zoek_personen(session=session, clock=clock, actor=user,
                                                      naam=data.betrokkene.achternaam,
                                                      geboortedatum=data.betrokkene.geboortedatum)
        return _nieuw(request, form, {exc.veld or "algemeen": exc.message}, resultaten, 422)
    request.session["statusbericht"] = f"Melding {melding.referentie} is geregistreerd."
    return RedirectResponse(f"/meldingen/{melding.id}", status_code=303)


@router.get("/meldingen/{melding_id:int}", response_class=HTMLResponse)
def toon(request: Request, melding_id: int, user: Lezer, session: SessionDep, clock: ClockDep,
         settings: SettingsDep) -> HTMLResponse:
    data = melding_scherm.scherm(session=session, clock=clock, actor=user, melding_id=melding_id,
                                 settings=settings)
    docs = documenten_blok(session=session, actor=user, pad="meldingen", zaak_id=melding_id)
    notes = notities_blok(session=session, actor=user, pad="meldingen", zaak_id=melding_id)
    return pagina(request, "melding.html", data | {"fout": None, "documenten": docs, "notities": notes})


@router.post("/meldingen/{melding_id:int}/acties/{actie}", response_class=HTMLResponse)
def actie(request: Request, melding_id: int, actie: str, user: Behandelaar, form: Formulier,
          session: SessionDep, clock: ClockDep, settings: SettingsDep):  # noqa: ANN201
    """Carry out one action; a missing or wrong field shows the page again with the message at that field."""
    check_csrf(request, form.get("csrf_token"))
    try:
        melding = melding_formulier.voer_uit(session=session, clock=clock, actor=user, melding_id=melding_id,
                                          actie=actie[:60], formulier=form, settings=settings)
    except MissingField as exc:
        data = melding_scherm.scherm(session=session, clock=clock, actor=user, melding_id=melding_id,
                                     settings=settings)
        fout = {"actie": actie, "veld": exc.veld, "bericht": exc.message, "waarden": form}
        return pagina(request, "melding.html", data | {"fout": fout}, 422)
    request.session["statusbericht"] = (f"Opgeslagen: {melding_scherm.actielabel(actie)}. "
                                        f"Status nu: {label(melding.status)}.")
    return RedirectResponse(f"/meldingen/{melding_id}", status_code=303)

