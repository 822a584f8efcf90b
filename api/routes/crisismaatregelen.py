"""JSON API for crisismaatregelen: start, running list, detail, actions, completing a duty."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Path, Response

from api.deps import ClockDep, SessionDep, SettingsDep, recht
from api.routes.common import IdempotencyKey, fouten
from wvggz.crisismaatregelen import queries, service
from wvggz.crisismaatregelen.schemas import (
    ActieIn,
    CrisismaatregelCreate,
    CrisismaatregelPublic,
    CrisismaatregelRegel,
    TaakAfrondenIn,
)
from wvggz.crisismaatregelen.soort import CRISISMAATREGEL_ZAAK
from wvggz.gebruikers.models import Gebruiker
from wvggz.idempotentie import service as idempotentie
from wvggz.zaken import afscherming, pijplijn

router = APIRouter(prefix="/api/v1/crisismaatregelen", tags=["crisismaatregelen"])
Id = Annotated[int, Path(ge=1, le=2**62)]
Maker = Annotated[Gebruiker, Depends(recht("crisismaatregel.maak"))]
Lezer = Annotated[Gebruiker, Depends(recht("crisismaatregel.lees"))]
Wijziger = Annotated[Gebruiker, Depends(recht("crisismaatregel.wijzig"))]


@router.post("", status_code=201, response_model=CrisismaatregelPublic, responses=fouten(403, 409))
def maak(data: CrisismaatregelCreate, session: SessionDep, clock: ClockDep, user: Maker,
         settings: SettingsDep, response: Response, sleutel: IdempotencyKey = None) -> dict[str, Any]:
    """Register a request for a crisismaatregel; `tvz_start` opens the 18-hour cap (art. 7:3)."""

    def nieuw_() -> tuple[int, dict[str, Any]]:
        cm = service.start(session=session, clock=clock, actor=user, data=data, settings=settings)
        return cm.id, afscherming.crisismaatregel(user, queries.detail(session, cm, clock.now()))

    def toon(id_: int) -> dict[str, Any]:
        cm = service.haal(session=session, clock=clock, actor=user, crisismaatregel_id=id_, doel="herhaald verzoek")
        return afscherming.crisismaatregel(user, queries.detail(session, cm, clock.now()))

    antwoord, nieuw = idempotentie.uitvoeren(session=session, clock=clock, actor=user, sleutel=sleutel,
                                             route="POST /api/v1/crisismaatregelen",
                                             inhoud=data.model_dump(mode="json"), maak=nieuw_, toon=toon)
    if not nieuw:
        response.headers["Idempotent-Replayed"] = "true"
    return antwoord


@router.get("", response_model=list[CrisismaatregelRegel], responses=fouten(403))
def lijst(session: SessionDep, clock: ClockDep, user: Lezer) -> list[dict[str, Any]]:
    """Running measures of your gemeente, the one whose next clock ends first on top."""
    return service.lopende(session=session, clock=clock, actor=user)


@router.get("/{crisismaatregel_id}", response_model=CrisismaatregelPublic, responses=fouten(403, 404))
def toon(crisismaatregel_id: Id, session: SessionDep, clock: ClockDep, user: Lezer) -> dict[str, Any]:
    """One measure with its terms, duties, allowed actions, history and links."""
    cm = service.haal(session=session, clock=clock, actor=user, crisismaatregel_id=crisismaatregel_id)
    return afscherming.crisismaatregel(user, queries.detail(session, cm, clock.now()))


@router.post("/{crisismaatregel_id}/acties/{actie}", response_model=CrisismaatregelPublic,
             responses=fouten(403, 404, 409))
def actie(
    crisismaatregel_id: Id, actie: Annotated[str, Path(max_length=60)], session: SessionDep, clock: ClockDep,
    user: Wijziger, settings: SettingsDep, body: Annotated[ActieIn, Body()],
) -> dict[str, Any]:
    """Carry out a workflow action. Send the `versie` you read; a stale one gives 409."""
    cm = pijplijn.voer_actie_uit(session=session, clock=clock, actor=user, soort=CRISISMAATREGEL_ZAAK,
                                 zaak_id=crisismaatregel_id, actie=actie, versie=body.versie,
                                 velden=dict(body.model_extra or {}), settings=settings)
    return afscherming.crisismaatregel(user, queries.detail(session, cm, clock.now()))


@router.post("/{crisismaatregel_id}/taken/{taak_id}/afronden", response_model=CrisismaatregelPublic,
             responses=fouten(403, 404, 409))
def rond_taak_af(
    crisismaatregel_id: Id, taak_id: Id, session: SessionDep, clock: ClockDep, user: Wijziger,
    settings: SettingsDep, body: Annotated[TaakAfrondenIn, Body()],
) -> dict[str, Any]:
    """Mark a duty (notice, copy, execution) done by you now; a duty with a legal term closes it."""
    cm = service.rond_taak_af(session=session, clock=clock, actor=user, crisismaatregel_id=crisismaatregel_id,
                              taak_id=taak_id, toelichting=body.toelichting, settings=settings)
    return afscherming.crisismaatregel(user, queries.detail(session, cm, clock.now()))
