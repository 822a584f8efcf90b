"""JSON API for messages: the staff inbox, channel preferences, and beheer of failed messages."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query

from api.deps import ClockDep, SessionDep, recht
from api.routes.common import fouten
from wvggz.berichten import service
from wvggz.berichten.schemas import (
    BeheerLijst,
    BerichtBeheer,
    Gemarkeerd,
    InboxBericht,
    InboxLijst,
    Ongelezen,
    Voorkeuren,
    VoorkeurIn,
    WerkmailIn,
)
from wvggz.gebruikers.models import Gebruiker

router = APIRouter(prefix="/api/v1/berichten", tags=["berichten"])
Id = Annotated[int, Path(ge=1, le=2**62)]
Pagina = Annotated[int, Query(ge=1, le=100_000)]
Medewerker = Annotated[Gebruiker, Depends(recht("bericht.inbox"))]
Beheerder = Annotated[Gebruiker, Depends(recht("bericht.beheer"))]


@router.get("/inbox", response_model=InboxLijst, responses=fouten(403))
def inbox(session: SessionDep, user: Medewerker, alleen_ongelezen: bool = False, pagina: Pagina = 1) -> dict[str, Any]:
    """Your in-app messages, newest first, with the unread count."""
    return service.inbox(session=session, actor=user, alleen_ongelezen=alleen_ongelezen, pagina=pagina)


@router.get("/inbox/ongelezen", response_model=Ongelezen, responses=fouten())
def ongelezen(session: SessionDep, user: Medewerker) -> dict[str, int]:
    """The number of unread messages (the page header shows it)."""
    return {"ongelezen": service.ongelezen(session, user.id)}


@router.post("/inbox/gelezen", response_model=Gemarkeerd, responses=fouten(403))
def alles_gelezen(session: SessionDep, clock: ClockDep, user: Medewerker) -> dict[str, int]:
    """Mark all your unread messages read."""
    return {"gemarkeerd": service.markeer_alles_gelezen(session=session, clock=clock, actor=user)}


@router.post("/inbox/{bericht_id}/gelezen", response_model=InboxBericht, responses=fouten(403, 404))
def gelezen(bericht_id: Id, session: SessionDep, clock: ClockDep, user: Medewerker) -> dict[str, Any]:
    """Mark one of your messages read (again is harmless)."""
    bericht = service.markeer_gelezen(session=session, clock=clock, actor=user, bericht_id=bericht_id)
    return service.inbox_dict(bericht)


@router.get("/voorkeuren", response_model=Voorkeuren, responses=fouten(403))
def voorkeuren(session: SessionDep, user: Medewerker) -> dict[str, Any]:
    """Your work address and the channel (inbox, email, beide) per kind of staff message."""
    return service.voorkeuren(session=session, actor=user)


@router.put("/voorkeuren/{soort}", response_model=Voorkeuren, responses=fouten(403))
def zet_voorkeur(soort: Annotated[str, Path(max_length=60)], body: VoorkeurIn, session: SessionDep,
                 clock: ClockDep, user: Medewerker) -> dict[str, Any]:
    """Choose the channel for one kind; e-mail needs your work address first."""
    return service.zet_voorkeur(session=session, clock=clock, actor=user, soort=soort, kanaal=body.kanaal.value)


@router.put("/werkmail", response_model=Voorkeuren, responses=fouten(403))
def zet_werkmail(body: WerkmailIn, session: SessionDep, clock: ClockDep, user: Medewerker) -> dict[str, Any]:
    """Set the work e-mail address your notification e-mails go to."""
    return service.zet_werkmail(session=session, clock=clock, actor=user, adres=body.adres)


@router.get("/mislukt", response_model=BeheerLijst, responses=fouten(403))
def mislukt(session: SessionDep, user: Beheerder, pagina: Pagina = 1) -> dict[str, Any]:
    """Failed messages with every attempt and its reason (role beheer)."""
    return service.mislukte(session=session, actor=user, pagina=pagina)


@router.post("/{bericht_id}/opnieuw", response_model=BerichtBeheer, responses=fouten(403, 404, 409))
def opnieuw(bericht_id: Id, session: SessionDep, clock: ClockDep, user: Beheerder) -> dict[str, Any]:
    """Queue a failed message for a new round of attempts (role beheer); 409 when it is not failed."""
    return service.opnieuw(session=session, clock=clock, actor=user, bericht_id=bericht_id)
