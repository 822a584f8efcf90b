"""Request and response models for meldingen (tables do not validate input; these do)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from wvggz import validatie
from wvggz.meldingen.models import Kanaal, Relatie
from wvggz.personen.schemas import PersoonIn, PersoonKort


class MelderIn(PersoonIn):
    relatie: Relatie = Field(description="Relatie tot betrokkene; bepaalt of de melder naaste is (art. 5:2 lid 5)")
    anoniem_tov_betrokkene: bool = False


class MeldingCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    ontvangen_op: datetime | None = Field(default=None, description="Ontvangstmoment; standaard nu")
    kanaal: Kanaal
    melder: MelderIn
    betrokkene: PersoonIn
    zorgen: str = Field(min_length=3, max_length=10_000)
    acuut: bool = False
    e33_nummer: str | None = Field(default=None, max_length=30, pattern=r"^[A-Za-z0-9\-/]+$")

    _zorgen = field_validator("zorgen")(validatie.tekst)


class ActieIn(BaseModel):
    """Body of POST /meldingen/{id}/acties/{actie}: the version read plus the action's fields."""

    model_config = ConfigDict(extra="allow")

    versie: int = Field(ge=1)


class VeldPublic(BaseModel):
    naam: str
    label: str
    soort: str
    verplicht: bool
    keuzes: list[str] = []


class ActiePublic(BaseModel):
    naam: str
    label: str
    velden: list[VeldPublic]


class TermijnPublic(BaseModel):
    id: int
    soort: str
    start: datetime
    einddatum: date | None
    eindmoment: datetime
    grondslag: str
    zekerheid: str
    atw_toegepast: bool
    toelichting: str
    status: str
    tijdig: bool | None = Field(description="Na sluiten: binnen de termijn gehaald; open: null")
    verlopen: bool


class HistoriePublic(BaseModel):
    op: datetime
    door: str
    actie: str
    van_status: str | None
    naar_status: str | None
    reden: str | None


class BerichtPublic(BaseModel):
    soort: str
    ontvanger_rol: str
    status: str
    aangemaakt_op: datetime
    verzonden_op: datetime | None


class MelderPublic(PersoonKort):
    relatie: str
    is_naaste: bool


class MeldingPublic(BaseModel):
    id: int
    referentie: str
    status: str
    versie: int
    gemeente: str
    ontvangen_op: datetime
    kanaal: str
    melder: MelderPublic
    betrokkene: PersoonKort
    zorgen: str
    acuut: bool
    behandelaar_id: int | None
    uiterlijk_besluit_op: datetime | None
    besluit: str | None
    besloten_op: datetime | None
    tijdig_besloten: bool | None
    gegevens: dict[str, Any] = Field(description="Vastgelegde gegevens van het onderzoek en besluit")
    termijnen: list[TermijnPublic]
    toegestane_acties: list[ActiePublic]
    historie: list[HistoriePublic]
    berichten: list[BerichtPublic]


class MeldingRegel(BaseModel):
    """One row of the werkvoorraad."""

    id: int
    referentie: str
    status: str
    betrokkene: str
    ontvangen_op: datetime
    behandelaar_id: int | None
    uiterlijk_besluit_op: datetime | None
    resterend_seconden: int | None
    verlopen: bool


class MeldingLijst(BaseModel):
    totaal: int
    per_status: dict[str, int]
    items: list[MeldingRegel]


class MeldingZoek(BaseModel):
    """Body of POST /meldingen/zoeken: the search text plus the list filters."""

    model_config = ConfigDict(extra="forbid")

    zoek: str = Field(min_length=1, max_length=80, description="Naam (begin), geboortedatum JJJJ-MM-DD of zaaknummer")
    status: str | None = Field(default=None, max_length=30)
    behandelaar_id: int | None = Field(default=None, ge=1, le=2**62)
    mijn: bool = False
    zonder_behandelaar: bool = False
    verlopen: bool = False
    woonplaats: str | None = Field(default=None, max_length=80)
    alleen_open: bool = True
    pagina: int = Field(default=1, ge=1, le=100_000)
    per_pagina: int = Field(default=25, ge=1, le=200)

    _zoek = field_validator("zoek")(validatie.tekst)
