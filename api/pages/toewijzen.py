"""The projectleider assigns meldingen to a behandelaar: one from its case page, many from the werkvoorraad
or the escalation list.

Each melding is assigned in its own transaction through `meldingen.service.wijs_toe` (history, access log,
version check): a melding someone else changed meanwhile is skipped and named, the others are assigned."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse
from sqlmodel import Session

from api.deps import ClockDep, SessionDep, SettingsDep
from api.pages.deps import pagina_recht
from api.pages.formulier import getal, terug_naar
from api.security import check_csrf
from wvggz.clock import Clock
from wvggz.config import Settings
from wvggz.errors import DomainError
from wvggz.gebruikers.models import Gebruiker
from wvggz.meldingen import service

router = APIRouter(include_in_schema=False)
Projectleider = Annotated[Gebruiker, Depends(pagina_recht("melding.toewijzen"))]
MAX_BULK = 100


def _tekst(waarde: object) -> str:
    return waarde if isinstance(waarde, str) else ""


@router.post("/meldingen/{melding_id:int}/toewijzen")
async def toewijzen(request: Request, melding_id: int, user: Projectleider, session: SessionDep,
                    clock: ClockDep, settings: SettingsDep) -> RedirectResponse:
    """Assign one melding from its case page; back to the case with a message."""
    form = await request.form()
    check_csrf(request, _tekst(form.get("csrf_token")))
    m = service.wijs_toe(session=session, clock=clock, actor=user, melding_id=melding_id,
                         versie=getal(_tekst(form.get("versie")), "versie"),
                         behandelaar_id=getal(_tekst(form.get("behandelaar_id")), "behandelaar_id"), settings=settings)
    request.session["statusbericht"] = f"{m.referentie} is toegewezen."
    return RedirectResponse(f"/meldingen/{m.id}", status_code=303)


@router.post("/werkvoorraad/toewijzen")
async def bulk(request: Request, user: Projectleider, session: SessionDep, clock: ClockDep,
               settings: SettingsDep) -> RedirectResponse:
    """Assign the chosen rows (`zaak` = "id:versie", repeated) to one behandelaar; back to the list."""
    form = await request.form()
    check_csrf(request, _tekst(form.get("csrf_token")))
    terug = _tekst(form.get("terug"))
    keuzes = [_tekst(z) for z in form.getlist("zaak")][:MAX_BULK]
    _wijs_reeks_toe(request, user, session, clock, settings, keuzes, _tekst(form.get("behandelaar_id")))
    return terug_naar(terug, "/werkvoorraad", "/werkvoorraad")


@router.post("/escalaties/toewijzen")
async def bulk_escalaties(request: Request, user: Projectleider, session: SessionDep, clock: ClockDep,
                          settings: SettingsDep) -> RedirectResponse:
    """Assign the meldingen of the cases chosen on the escalation list to one behandelaar. A checkbox holds
    "<escalaties>|<melding id>:<versie>"; a chosen case that is no assignable melding is named and skipped."""
    form = await request.form()
    check_csrf(request, _tekst(form.get("csrf_token")))
    gekozen = [_tekst(z) for z in form.getlist("escalaties")][:MAX_BULK]
    keuzes = [z.partition("|")[2] for z in gekozen if z.partition("|")[2]]
    overgeslagen = len(gekozen) - len(keuzes)
    _wijs_reeks_toe(request, user, session, clock, settings, keuzes, _tekst(form.get("behandelaar_id")))
    if overgeslagen and keuzes:
        request.session["statusbericht"] += (f" {overgeslagen} gekozen zaak{'' if overgeslagen == 1 else 'en'} "
                                             "zonder toe te wijzen melding overgeslagen.")
    return RedirectResponse("/escalaties", status_code=303)


def _wijs_reeks_toe(request: Request, user: Gebruiker, session: Session, clock: Clock, settings: Settings,
                    keuzes: list[str], behandelaar: str) -> None:
    """Assign each "id:versie" in its own transaction; the outcome (and what was skipped) as status message."""
    if not keuzes:
        request.session["statusbericht"] = "Kies eerst een of meer meldingen om toe te wijzen."
        return
    behandelaar_id = getal(behandelaar, "behandelaar_id")
    gelukt, mislukt = 0, []
    for keuze in keuzes:
        zaak_id, _, versie = keuze.partition(":")
        if not (zaak_id.isdigit() and versie.isdigit() and len(zaak_id) < 12 and len(versie) < 12):
            continue
        try:
            service.wijs_toe(session=session, clock=clock, actor=user, melding_id=int(zaak_id), versie=int(versie),
                             behandelaar_id=behandelaar_id, settings=settings)
            gelukt += 1
        except DomainError as fout:
            session.rollback()
            mislukt.append((zaak_id, fout.message))
    bericht = f"{gelukt} melding{'' if gelukt == 1 else 'en'} toegewezen."
    if mislukt:
        namen = ", ".join(f"melding {z}" for z, _ in mislukt)
        bericht += f" Niet toegewezen: {namen} ({mislukt[0][1]})"
    request.session["statusbericht"] = bericht
