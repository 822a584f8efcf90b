"""The projectleider assigns meldingen to a behandelaar: one from its case page, many from the werkvoorraad.

Each melding is assigned in its own transaction through `meldingen.service.wijs_toe` (history, access log,
version check): a melding someone else changed meanwhile is skipped and named, the others are assigned."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse

from api.deps import ClockDep, SessionDep, SettingsDep
from api.pages.deps import pagina_recht
from api.pages.formulier import getal, terug_naar
from api.security import check_csrf
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
    if not keuzes:
        request.session["statusbericht"] = "Kies eerst een of meer meldingen om toe te wijzen."
        return terug_naar(terug, "/werkvoorraad", "/werkvoorraad")
    behandelaar_id = getal(_tekst(form.get("behandelaar_id")), "behandelaar_id")
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
    return terug_naar(terug, "/werkvoorraad", "/werkvoorraad")
