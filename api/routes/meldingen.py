"""JSON API for meldingen: create, list (werkvoorraad), detail, actions."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Path, Query, Response

from api.deps import ClockDep, SessionDep, SettingsDep, recht
from api.routes.common import IdempotencyKey, fouten
from wvggz.db import GESCHREVEN, lees
from wvggz.gebruikers.models import Gebruiker
from wvggz.idempotentie import service as idempotentie
from wvggz.meldingen import queries, service
from wvggz.meldingen.models import Melding
from wvggz.meldingen.schemas import ActieIn, MeldingCreate, MeldingLijst, MeldingPublic, MeldingZoek
from wvggz.meldingen.soort import MELDING_ZAAK
from wvggz.zaken import pijplijn

router = APIRouter(prefix="/api/v1/meldingen", tags=["meldingen"])
Id = Annotated[int, Path(ge=1, le=2**62)]
Maker = Annotated[Gebruiker, Depends(recht("melding.maak"))]
Lezer = Annotated[Gebruiker, Depends(recht("melding.lees"))]
Wijziger = Annotated[Gebruiker, Depends(recht("melding.wijzig"))]


@router.post("", status_code=201, response_model=MeldingPublic, responses=fouten(403))
def maak_melding(data: MeldingCreate, session: SessionDep, clock: ClockDep, user: Maker,
                 settings: SettingsDep, response: Response, sleutel: IdempotencyKey = None) -> dict[str, Any]:
    """Register a zorgmelding; the 14-day term (art. 5:2) opens from `ontvangen_op`."""

    def maak() -> tuple[int, Melding]:
        melding = service.registreer(session=session, clock=clock, actor=user, data=data, settings=settings)
        return melding.id, melding

    def toon(id_: int) -> Melding:
        return service.haal(session=session, clock=clock, actor=user, melding_id=id_, doel="herhaald verzoek")

    melding, nieuw = idempotentie.uitvoeren(session=session, clock=clock, actor=user, sleutel=sleutel,
                                            route="POST /api/v1/meldingen", inhoud=data.model_dump(mode="json") if sleutel else None,
                                            maak=maak, toon=toon)
    if not nieuw:
        response.headers["Idempotent-Replayed"] = "true"
    lees(session)  # committed: what is not in hand is read after the write, without SQLite's write lock
    return queries.detail(session, melding, clock.now(), geschreven=session.info.get(GESCHREVEN) if nieuw else None)


@router.get("", response_model=MeldingLijst, responses=fouten(403))
def lijst(
    session: SessionDep, clock: ClockDep, user: Lezer,
    status: Annotated[str | None, Query(max_length=30)] = None,
    behandelaar_id: Annotated[int | None, Query(ge=1, le=2**62)] = None,
    mijn: bool = False, zonder_behandelaar: bool = False, verlopen: bool = False,
    gemeente: Annotated[str | None, Query(max_length=80, description="Woonplaats van betrokkene")] = None,
    pagina: Annotated[int, Query(ge=1, le=100_000)] = 1,
    per_pagina: Annotated[int, Query(ge=1, le=200)] = 25,
) -> dict[str, Any]:
    """The werkvoorraad: open meldingen sorted by time left, overdue first. To search by name or date of
    birth use POST /zoeken: names never travel in a URL."""
    f = queries.Filter(status=status, behandelaar_id=behandelaar_id, mijn=mijn,
                       zonder_behandelaar=zonder_behandelaar, verlopen=verlopen, woonplaats=gemeente,
                       pagina=pagina, per_pagina=per_pagina)
    return service.werkvoorraad(session=session, clock=clock, actor=user, filter_=f)


@router.post("/zoeken", response_model=MeldingLijst, responses=fouten(403))
def zoeken(body: MeldingZoek, session: SessionDep, clock: ClockDep, user: Lezer) -> dict[str, Any]:
    """Search the werkvoorraad by name, date of birth (JJJJ-MM-DD) or case number, with the same filters."""
    f = queries.Filter(**body.model_dump())
    return service.werkvoorraad(session=session, clock=clock, actor=user, filter_=f)


@router.get("/{melding_id}", response_model=MeldingPublic, responses=fouten(403, 404))
def toon(melding_id: Id, session: SessionDep, clock: ClockDep, user: Lezer) -> dict[str, Any]:
    """One melding with its terms, allowed actions and history."""
    melding = service.haal(session=session, clock=clock, actor=user, melding_id=melding_id)
    return queries.detail(session, melding, clock.now())


@router.post("/{melding_id}/acties/{actie}", response_model=MeldingPublic, responses=fouten(403, 404, 409))
def actie(
    melding_id: Id, actie: Annotated[str, Path(max_length=60)], session: SessionDep, clock: ClockDep,
    user: Wijziger, settings: SettingsDep, body: Annotated[ActieIn, Body()],
) -> dict[str, Any]:
    """Carry out a workflow action. Send the `versie` you read; a stale one gives 409."""
    velden = {k: v for k, v in (body.model_extra or {}).items()}
    melding = pijplijn.voer_actie_uit(session=session, clock=clock, actor=user, soort=MELDING_ZAAK,
                                      zaak_id=melding_id, actie=actie, versie=body.versie, velden=velden,
                                      settings=settings)
    lees(session)  # committed: the answer is read after the write, without SQLite's write lock
    return queries.detail(session, melding, clock.now())
