"""JSON API for escalations (list, acknowledge) and for extending the local wijkteam_advies term."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Path

from api.deps import ClockDep, SessionDep, SettingsDep, recht
from api.routes.common import fouten
from wvggz.escalaties import queries, service
from wvggz.escalaties.schemas import BevestigIn, EscalatiePublic, TermijnVerlengbaarPublic, VerlengIn
from wvggz.gebruikers.models import Gebruiker

router = APIRouter(prefix="/api/v1", tags=["escalaties"])
Id = Annotated[int, Path(ge=1, le=2**62)]
Lezer = Annotated[Gebruiker, Depends(recht("escalatie.lees"))]
Bevestiger = Annotated[Gebruiker, Depends(recht("escalatie.bevestig"))]
Behandelaar = Annotated[Gebruiker, Depends(recht("melding.wijzig"))]


@router.get("/escalaties", response_model=list[EscalatiePublic], responses=fouten(403))
def lijst(session: SessionDep, user: Lezer, alle: bool = False) -> list[dict[str, Any]]:
    """Escalations of your gemeente, newest first: unacknowledged only, or `alle=true` for every one."""
    return queries.lijst(session, user, alle=alle)


@router.post("/escalaties/{escalatie_id}/bevestiging", response_model=EscalatiePublic,
             responses=fouten(403, 404, 409))
def bevestig(escalatie_id: Id, session: SessionDep, clock: ClockDep, user: Bevestiger,
             body: Annotated[BevestigIn, Body()]) -> dict[str, Any]:
    """Acknowledge an escalation: it stops repeating in the daily digest. Send the `versie` you read."""
    return service.bevestig(session=session, clock=clock, actor=user, escalatie_id=escalatie_id,
                            versie=body.versie, toelichting=body.toelichting)


@router.get("/termijnen/{termijn_id:int}", response_model=TermijnVerlengbaarPublic, responses=fouten(403, 404))
def termijn(termijn_id: Id, session: SessionDep, user: Behandelaar) -> dict[str, Any]:
    """One term of a melding with its `versie` and whether it may be extended."""
    return service.haal_termijn(session=session, actor=user, termijn_id=termijn_id)


@router.post("/termijnen/{termijn_id:int}/verlenging", response_model=TermijnVerlengbaarPublic,
             responses=fouten(403, 404, 409))
def verleng(termijn_id: Id, session: SessionDep, clock: ClockDep, user: Behandelaar, settings: SettingsDep,
            body: Annotated[VerlengIn, Body()]) -> dict[str, Any]:
    """Extend the local wijkteam_advies term by working days with a reason. Legal terms: 409."""
    return service.verleng_termijn(session=session, clock=clock, actor=user, termijn_id=termijn_id,
                                   versie=body.versie, werkdagen=body.werkdagen, reden=body.reden,
                                   settings=settings)
