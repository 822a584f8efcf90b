"""JSON API for the beroep against a crisismaatregel (art. 7:6): pending list, detail, actions."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Path

from api.deps import ClockDep, SessionDep, SettingsDep, recht
from api.routes.common import fouten
from wvggz.crisismaatregelen import beroepen, queries
from wvggz.crisismaatregelen.schemas import ActieIn, BeroepPublic, BeroepRegel
from wvggz.crisismaatregelen.soort import BEROEP_ZAAK
from wvggz.gebruikers.models import Gebruiker
from wvggz.zaken import afscherming, pijplijn

router = APIRouter(prefix="/api/v1/beroepen", tags=["beroepen"])
Id = Annotated[int, Path(ge=1, le=2**62)]
Lezer = Annotated[Gebruiker, Depends(recht("crisismaatregel.lees"))]
Wijziger = Annotated[Gebruiker, Depends(recht("crisismaatregel.wijzig"))]


@router.get("", response_model=list[BeroepRegel], responses=fouten(403))
def lijst(session: SessionDep, clock: ClockDep, user: Lezer) -> list[dict[str, Any]]:
    """Beroepen of your gemeente whose window runs or whose appeal awaits a ruling."""
    return beroepen.lopende(session=session, clock=clock, actor=user)


@router.get("/{beroep_id}", response_model=BeroepPublic, responses=fouten(403, 404))
def toon(beroep_id: Id, session: SessionDep, clock: ClockDep, user: Lezer) -> dict[str, Any]:
    """One beroep with its window, allowed actions and history."""
    beroep = pijplijn.haal(session=session, clock=clock, actor=user, soort=BEROEP_ZAAK, zaak_id=beroep_id)
    return afscherming.beroep(user, queries.beroep_detail(session, beroep, clock.now()))


@router.post("/{beroep_id}/acties/{actie}", response_model=BeroepPublic, responses=fouten(403, 404, 409))
def actie(
    beroep_id: Id, actie: Annotated[str, Path(max_length=60)], session: SessionDep, clock: ClockDep,
    user: Wijziger, settings: SettingsDep, body: Annotated[ActieIn, Body()],
) -> dict[str, Any]:
    """Carry out a beroep action (stel_in, doe_uitspraak, registreer_schadeclaim) with the `versie` you read."""
    beroep = pijplijn.voer_actie_uit(session=session, clock=clock, actor=user, soort=BEROEP_ZAAK, zaak_id=beroep_id,
                                     actie=actie, versie=body.versie, velden=dict(body.model_extra or {}),
                                     settings=settings)
    return afscherming.beroep(user, queries.beroep_detail(session, beroep, clock.now()))
