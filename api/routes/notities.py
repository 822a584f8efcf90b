"""JSON API of notes per case: `/api/v1/{kind}/{id}/notities` (GET the notes, POST a new one).

One set of routes per case kind, so that each route declares its own permission (the kind's read or write
permission, from its descriptor) for the permission matrix."""

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path
from pydantic import BaseModel, Field

from api.deps import ClockDep, SessionDep, recht
from api.routes.common import fouten
from wvggz.gebruikers.models import Gebruiker
from wvggz.notities import service
from wvggz.notities.models import MAX_TEKST

Id = Annotated[int, Path(ge=1, le=2**62)]


class NotitieUit(BaseModel):
    id: int
    tekst: str
    gemaakt_op: datetime
    gemaakt_door: str


class NotitieLijst(BaseModel):
    pad: str
    zaak_id: int
    mag_toevoegen: bool
    notities: list[NotitieUit]


class NotitieIn(BaseModel):
    tekst: str = Field(min_length=1, max_length=MAX_TEKST, description="De notitie (nooit in e-mails)")


def _router(pad: str) -> APIRouter:
    soort = service.soort_van(pad)
    router = APIRouter(prefix=f"/api/v1/{pad}", tags=["notities"])
    Lezer = Annotated[Gebruiker, Depends(recht(soort.lees_recht))]  # noqa: N806
    Wijziger = Annotated[Gebruiker, Depends(recht(soort.wijzig_recht))]  # noqa: N806

    @router.get("/{zaak_id}/notities", response_model=NotitieLijst, responses=fouten(403, 404))
    def lijst(zaak_id: Id, session: SessionDep, clock: ClockDep, user: Lezer) -> dict[str, Any]:
        """The notes of one case, newest first (logged as a read)."""
        return service.lijst(session=session, clock=clock, actor=user, pad=pad, zaak_id=zaak_id)

    @router.post("/{zaak_id}/notities", status_code=201, response_model=NotitieUit, responses=fouten(403, 404))
    def voeg_toe(zaak_id: Id, body: NotitieIn, session: SessionDep, clock: ClockDep, user: Wijziger) -> Any:
        """Add a note (who and when are set by the server; a note is never changed or deleted)."""
        n = service.voeg_toe(session=session, clock=clock, actor=user, pad=pad, zaak_id=zaak_id, tekst=body.tekst)
        return {"id": n.id, "tekst": n.tekst, "gemaakt_op": n.gemaakt_op, "gemaakt_door": n.gemaakt_door}

    return router


ROUTERS = [_router(pad) for pad in service.PADEN]
