"""JSON API for the OVP triage: log an arrival, the board, one triage, actions, figures and CSV."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Path, Query
from fastapi.responses import Response

from api.deps import ClockDep, SessionDep, SettingsDep, recht
from api.routes.common import IdempotencyKey, fouten
from wvggz.gebruikers.models import Gebruiker
from wvggz.idempotentie import service as idempotentie
from wvggz.triage import queries, service
from wvggz.triage.schemas import ActieIn, Cijfers, TriageCreate, TriageLijst, TriagePublic
from wvggz.triage.soort import TRIAGE_ZAAK
from wvggz.zaken import pijplijn

router = APIRouter(prefix="/api/v1/triages", tags=["triages"])
Id = Annotated[int, Path(ge=1, le=2**62)]
Lezer = Annotated[Gebruiker, Depends(recht("triage.lees"))]
Medewerker = Annotated[Gebruiker, Depends(recht("triage.wijzig"))]
Van = Annotated[date, Query(description="Eerste dag (lokale tijd)")]
Tot = Annotated[date, Query(description="Laatste dag, inbegrepen (lokale tijd)")]


@router.post("", status_code=201, response_model=TriagePublic, responses=fouten(403))
def registreer(data: TriageCreate, session: SessionDep, clock: ClockDep, user: Medewerker,
               settings: SettingsDep, response: Response, sleutel: IdempotencyKey = None) -> dict[str, Any]:
    """Log an arrival at the OVP (status `binnengebracht`)."""

    def maak() -> tuple[int, dict[str, Any]]:
        triage = service.registreer(session=session, clock=clock, actor=user, data=data, settings=settings)
        return triage.id, queries.detail(session, triage, clock.now(), settings)

    def toon(id_: int) -> dict[str, Any]:
        triage = service.haal(session=session, clock=clock, actor=user, triage_id=id_, doel="herhaald verzoek")
        return queries.detail(session, triage, clock.now(), settings)

    antwoord, nieuw = idempotentie.uitvoeren(session=session, clock=clock, actor=user, sleutel=sleutel,
                                             route="POST /api/v1/triages", inhoud=data.model_dump(mode="json"),
                                             maak=maak, toon=toon)
    if not nieuw:
        response.headers["Idempotent-Replayed"] = "true"
    return antwoord


@router.get("", response_model=TriageLijst, responses=fouten(403))
def lijst(
    session: SessionDep, clock: ClockDep, user: Lezer, settings: SettingsDep,
    aanwezig: Annotated[bool | None, Query(description="true: het bord; false: vertrokken; leeg: alle")] = None,
    pagina: Annotated[int, Query(ge=1, le=100_000)] = 1,
    per_pagina: Annotated[int, Query(ge=1, le=200)] = 100,
) -> dict[str, Any]:
    """The board: who is present, since when, the open step and warnings (`aanwezig=true`)."""
    return service.bord(session=session, clock=clock, actor=user, aanwezig=aanwezig, pagina=pagina,
                        per_pagina=per_pagina, settings=settings)


@router.get("/cijfers", response_model=Cijfers, responses=fouten(403))
def cijfers(van: Van, tot: Tot, session: SessionDep, user: Lezer) -> dict[str, Any]:
    """Arrivals per day and hour, outcome shares and median durations for a period; no names."""
    return service.cijfers(session=session, actor=user, van=van, tot=tot)


@router.get("/export.csv", response_class=Response, responses=fouten(403))
def export(van: Van, tot: Tot, session: SessionDep, user: Lezer) -> Response:
    """CSV of the period's triages: ids, times, brought-by, outcome code and durations only."""
    tekst = service.csv_export(session=session, actor=user, van=van, tot=tot)
    naam = f"ovp-triages-{van.isoformat()}-{tot.isoformat()}.csv"
    return Response(tekst, media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{naam}"'})


@router.get("/{triage_id}", response_model=TriagePublic, responses=fouten(403, 404))
def toon(triage_id: Id, session: SessionDep, clock: ClockDep, user: Lezer, settings: SettingsDep) -> dict[str, Any]:
    """One triage with its screenings, outcome, links, warnings, allowed actions and history."""
    return service.detail(session=session, clock=clock, actor=user, triage_id=triage_id, settings=settings)


@router.post("/{triage_id}/acties/{actie}", response_model=TriagePublic, responses=fouten(403, 404, 409))
def actie(
    triage_id: Id, actie: Annotated[str, Path(max_length=60)], session: SessionDep, clock: ClockDep,
    user: Medewerker, settings: SettingsDep, body: Annotated[ActieIn, Body()],
) -> dict[str, Any]:
    """Carry out an action: a workflow step, `koppel_persoon`, `wijzig_aankomst`, or the hand-over
    `maak_melding` / `start_crisismaatregel`. Send the `versie` you read; a stale one gives 409.
    `leg_uitkomst_vast` takes an optional `melding` (the fields of `maak_melding`): with the outcome
    "melding Wvggz" the zorgmelding is created in the same transaction."""
    velden = dict(body.model_extra or {})
    triage = pijplijn.voer_actie_uit(session=session, clock=clock, actor=user, soort=TRIAGE_ZAAK, zaak_id=triage_id,
                                     actie=actie, versie=body.versie, velden=velden, settings=settings)
    return queries.detail(session, triage, clock.now(), settings)
