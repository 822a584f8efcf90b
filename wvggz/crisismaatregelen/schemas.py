"""Request and response models for crisismaatregelen and beroepen (tables do not validate input)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from wvggz import validatie
from wvggz.crisismaatregelen.models import Aanvrager
from wvggz.meldingen.schemas import ActieIn, BerichtPublic, HistoriePublic, TermijnPublic
from wvggz.personen.schemas import PersoonIn, PersoonKort

__all__ = ["ActieIn", "BeroepPublic", "CrisismaatregelCreate", "CrisismaatregelPublic", "TaakAfrondenIn"]


class CrisismaatregelCreate(BaseModel):
    """A request to the burgemeester for a crisismaatregel."""

    model_config = ConfigDict(extra="forbid")

    betrokkene: PersoonIn | None = Field(
        default=None, description="Verplicht, behalve bij start vanuit een melding (dan diens betrokkene)")
    aangevraagd_door: Aanvrager
    aangevraagd_op: datetime | None = Field(default=None, description="Moment van de aanvraag; standaard nu")
    gemeente_verblijf: str = Field(min_length=2, max_length=80,
                                   description="Gemeente waar betrokkene nu verblijft (bevoegde burgemeester)")
    locatie: str | None = Field(default=None, max_length=200)
    heeft_vertegenwoordiger: bool = Field(default=False, description="Vertegenwoordiger of gezinsvoogd bekend")
    tvz_start: datetime | None = Field(
        default=None, description="Start tijdelijke verplichte zorg (art. 7:3); zonder tijdzone: Europe/Amsterdam")
    melding_id: int | None = Field(default=None, ge=1, le=2**62)
    triage_id: int | None = Field(default=None, ge=1, le=2**62)

    _tekst = field_validator("gemeente_verblijf", "locatie")(validatie.tekst)


class TaakAfrondenIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    toelichting: str | None = Field(default=None, max_length=2000, description="Hoe en aan wie; geen gezondheidsgegevens")

    _tekst = field_validator("toelichting")(validatie.tekst)


class VeldPublic(BaseModel):
    naam: str
    label: str
    soort: str
    verplicht: bool
    keuzes: list[str] = []
    standaard: Any = Field(default=None, description="Waarde die de dienst invult als het veld ontbreekt")


class ActiePublic(BaseModel):
    naam: str
    label: str
    velden: list[VeldPublic]


class TermijnStand(TermijnPublic):
    omschrijving: str
    stand: str = Field(description="Leesbare stand: loopt, verlopen, gehaald, te laat, afgelopen, afgesloten")
    resterend_seconden: int | None
    gesloten_op: datetime | None


class TaakPublic(BaseModel):
    id: int
    soort: str
    omschrijving: str
    ontvanger_rol: str
    uiterlijk_op: datetime | None
    afgerond_op: datetime | None
    afgerond_door: str | None
    toelichting: str | None
    stand: str = Field(description="gedaan, open of te_laat")


class Koppeling(BaseModel):
    id: int
    referentie: str | None = None
    status: str | None = None


class CrisismaatregelPublic(BaseModel):
    id: int
    referentie: str
    status: str
    versie: int
    open: bool
    gemeente: str
    betrokkene: PersoonKort
    aangevraagd_op: datetime
    aangevraagd_door: str
    gemeente_verblijf: str
    locatie: str | None
    heeft_vertegenwoordiger: bool
    geldig_tot: datetime | None
    gegevens: dict[str, Any] = Field(description="Vastgelegde feiten: tvz, medische verklaring, horen, besluit")
    termijnen: list[TermijnStand]
    taken: list[TaakPublic]
    toegestane_acties: list[ActiePublic]
    historie: list[HistoriePublic]
    berichten: list[BerichtPublic]
    melding: Koppeling | None
    triage_id: int | None
    beroep: Koppeling | None


class CrisismaatregelRegel(BaseModel):
    """One running measure with its next clock."""

    id: int
    referentie: str
    status: str
    betrokkene: str
    besloten_op: datetime | None
    volgende_termijn: str | None
    volgende_start: datetime | None
    volgende_eindmoment: datetime | None
    resterend_seconden: int | None
    verlopen: bool
    open_taken: int


class BeroepPublic(BaseModel):
    id: int
    referentie: str
    status: str
    versie: int
    crisismaatregel: Koppeling
    betrokkene: PersoonKort
    bekendmaking_op: datetime
    ingesteld_op: datetime | None
    ingesteld_tijdig: bool | None
    te_laat: bool | None = None  # filed after the window (art. 7:6); admissibility is for the court
    uitkomst: str | None
    uitspraak_op: datetime | None
    schadeclaim_bedrag_cent: int | None
    schadeclaim_uitkomst: str | None
    schadeclaim_op: datetime | None
    termijnen: list[TermijnStand]
    toegestane_acties: list[ActiePublic]
    historie: list[HistoriePublic]


class BeroepRegel(BaseModel):
    id: int
    referentie: str
    status: str
    crisismaatregel_id: int
    crisismaatregel_referentie: str
    bekendmaking_op: datetime
    termijn_eind: datetime | None
    resterend_seconden: int | None
