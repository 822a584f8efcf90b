"""JSON API of the privacy officer (role fg): the access log, as JSON or CSV, and the AVG art. 15 export."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse, Response

from api.deps import ClockDep, SessionDep, recht
from api.routes.common import fouten
from wvggz.gebruikers.models import Gebruiker
from wvggz.toezicht.schemas import ToegangPublic
from wvggz.toezicht.service import ToegangFilter, als_csv, inzage, toegang

router = APIRouter(prefix="/api/v1", tags=["toezicht"])
Id = Annotated[int, Path(ge=1, le=2**62)]
QId = Annotated[int | None, Query(ge=1, le=2**62)]
Lezer = Annotated[Gebruiker, Depends(recht("toegang.lees"))]
Inzage = Annotated[Gebruiker, Depends(recht("persoon.inzage"))]


def toegang_filter(persoon_id: QId = None, gebruiker_id: QId = None,
                   handeling: Annotated[Literal["lees", "schrijf", "geweigerd"] | None, Query()] = None,
                   zaak_type: Annotated[str | None, Query(max_length=20, pattern=r"^[a-z_]+$")] = None,
                   van: Annotated[date | None, Query(description="vanaf (datum, inclusief)")] = None,
                   tot: Annotated[date | None, Query(description="tot en met (datum)")] = None) -> ToegangFilter:
    return ToegangFilter(persoon_id=persoon_id, gebruiker_id=gebruiker_id, handeling=handeling,
                         zaak_type=zaak_type, van=van, tot=tot)


FilterDep = Annotated[ToegangFilter, Depends(toegang_filter)]


@router.get("/toegang", response_model=list[ToegangPublic], responses=fouten(403))
def lijst(session: SessionDep, clock: ClockDep, user: Lezer, filter_: FilterDep) -> list[dict[str, Any]]:
    """Who looked at which person's record, when and why (your gemeente, newest first, at most 5000 rows)."""
    return toegang(session=session, clock=clock, actor=user, filter_=filter_)


@router.get("/toegang.csv", response_class=Response, responses={**fouten(403), 200: {"content": {"text/csv": {}}}})
def lijst_csv(session: SessionDep, clock: ClockDep, user: Lezer, filter_: FilterDep) -> Response:
    """The same rows as CSV (';'-separated, UTF-8)."""
    rijen = toegang(session=session, clock=clock, actor=user, filter_=filter_)
    return Response(als_csv(rijen), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="toegangslog.csv"'})


@router.get("/personen/{persoon_id}/inzage", responses=fouten(403, 404))
def avg_inzage(persoon_id: Id, session: SessionDep, clock: ClockDep, user: Inzage) -> JSONResponse:
    """AVG art. 15: the person's data, the cases about them with their history, and who accessed their record."""
    data = inzage(session=session, clock=clock, actor=user, persoon_id=persoon_id)
    return JSONResponse(jsonable_encoder(data), headers={
        "Content-Disposition": f'attachment; filename="avg-inzage-persoon-{persoon_id}.json"'})
