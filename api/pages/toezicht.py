"""Pages of the privacy officer: the access log with filters and CSV, and the AVG art. 15 export download.
Filters are ids, codes and dates only (GET is fine: no names in the URL)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import HTMLResponse, JSONResponse, Response

from api.deps import ClockDep, SessionDep
from api.pages.deps import pagina_recht
from api.pages.render import pagina
from wvggz.errors import MissingField
from wvggz.gebruikers.models import Gebruiker
from wvggz.toezicht.service import HANDELINGEN, ToegangFilter, als_csv, inzage, toegang

router = APIRouter(include_in_schema=False)
Fg = Annotated[Gebruiker, Depends(pagina_recht("toegang.lees"))]
Inzage = Annotated[Gebruiker, Depends(pagina_recht("persoon.inzage"))]
VELDEN = ("persoon_id", "gebruiker_id", "handeling", "zaak_type", "van", "tot")


def _filter(waarden: dict[str, str]) -> ToegangFilter:
    """Read the filter form; raise MissingField naming the field with a Dutch message."""
    uit: dict[str, Any] = {}
    for veld in ("persoon_id", "gebruiker_id"):
        if tekst := waarden.get(veld, "").strip():
            if not (tekst.isascii() and tekst.isdigit() and len(tekst) < 12):
                raise MissingField(veld, "Vul een nummer in.")
            uit[veld] = int(tekst)
    if handeling := waarden.get("handeling", "").strip():
        uit["handeling"] = handeling
    if zaak_type := waarden.get("zaak_type", "").strip():
        if not (zaak_type.isascii() and zaak_type.replace("_", "").isalpha() and len(zaak_type) <= 20):
            raise MissingField("zaak_type", "Onbekend zaaktype.")
        uit["zaak_type"] = zaak_type
    for veld in ("van", "tot"):
        if tekst := waarden.get(veld, "").strip():
            try:
                uit[veld] = date.fromisoformat(tekst)
            except ValueError:
                raise MissingField(veld, "Vul een datum in als jjjj-mm-dd.") from None
    return ToegangFilter(**uit)


@router.get("/toegang", response_class=HTMLResponse)
def lijst(request: Request, user: Fg, session: SessionDep, clock: ClockDep) -> HTMLResponse:
    waarden = {v: request.query_params.get(v, "")[:40] for v in VELDEN}
    try:
        filter_ = _filter(waarden)
    except MissingField as exc:
        return pagina(request, "toegang.html", {"waarden": waarden, "rijen": [], "fouten": {exc.veld: exc.message},
                                                "handelingen": HANDELINGEN, "query": "", "persoon_id": None}, status=422)
    rijen = toegang(session=session, clock=clock, actor=user, filter_=filter_)
    query = request.url.query
    return pagina(request, "toegang.html", {"waarden": waarden, "rijen": rijen, "fouten": {},
                                            "handelingen": HANDELINGEN, "query": query,
                                            "persoon_id": filter_.persoon_id})


@router.get("/toegang.csv")
def lijst_csv(request: Request, user: Fg, session: SessionDep, clock: ClockDep) -> Response:
    filter_ = _filter({v: request.query_params.get(v, "")[:40] for v in VELDEN})
    rijen = toegang(session=session, clock=clock, actor=user, filter_=filter_)
    return Response(als_csv(rijen), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="toegangslog.csv"'})


@router.get("/personen/{persoon_id:int}/inzage.json")
def avg_inzage(persoon_id: int, user: Inzage, session: SessionDep, clock: ClockDep) -> JSONResponse:
    data = inzage(session=session, clock=clock, actor=user, persoon_id=persoon_id)
    return JSONResponse(jsonable_encoder(data), headers={
        "Content-Disposition": f'attachment; filename="avg-inzage-persoon-{persoon_id}.json"'})
