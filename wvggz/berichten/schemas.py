"""Request and response models of the inbox, the preferences and the beheer list of failed messages."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from wvggz.berichten.models import Kanaalkeuze


class InboxBericht(BaseModel):
    id: int
    soort: str
    onderwerp: str | None
    inhoud: str | None
    zaak_type: str | None
    zaak_id: int | None
    pad: str | None  # the case page in this application
    ontvangen_op: datetime | None
    gelezen_op: datetime | None


class InboxLijst(BaseModel):
    totaal: int
    ongelezen: int
    items: list[InboxBericht]


class Ongelezen(BaseModel):
    ongelezen: int


class Gemarkeerd(BaseModel):
    gemarkeerd: int


class VoorkeurIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kanaal: Kanaalkeuze = Field(description="inbox, email of beide")


class WerkmailIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    adres: str = Field(min_length=3, max_length=254)


class VoorkeurPublic(BaseModel):
    soort: str
    kanaal: Kanaalkeuze


class Voorkeuren(BaseModel):
    werkmail: str | None
    soorten: list[VoorkeurPublic]


class PogingPublic(BaseModel):
    nummer: int
    op: datetime
    kanaal: str
    resultaat: str
    fout: str | None


class BerichtBeheer(BaseModel):
    """A message as beheer sees it: the route and the attempts, the address masked, no content."""

    id: int
    soort: str
    kanaal: str
    ontvanger_rol: str
    adres: str | None
    zaak_type: str | None
    zaak_id: int | None
    status: str
    pogingen: int
    laatste_fout: str | None
    aangemaakt_op: datetime
    mislukt_op: datetime | None
    verzonden_op: datetime | None
    historie: list[PogingPublic]


class BeheerLijst(BaseModel):
    totaal: int
    items: list[BerichtBeheer]
