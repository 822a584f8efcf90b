"""Request and response models for the OVP triage (tables do not validate input; these do)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from wvggz import validatie
from wvggz.meldingen.schemas import ActiePublic, HistoriePublic, TermijnPublic
from wvggz.personen.schemas import PersoonIn, PersoonKort
from wvggz.triage.models import GebrachtDoor

INCIDENTNUMMER = r"^[A-Za-z0-9\-/]+$"


class TriageCreate(BaseModel):
    """Arrival at the OVP. `persoon` may be left out when the person is not (yet) known."""

    model_config = ConfigDict(extra="forbid")

    aangekomen_op: datetime | None = Field(default=None, description="Binnengebracht op; standaard nu")
    gebracht_door: GebrachtDoor
    gebracht_door_toelichting: str | None = Field(default=None, max_length=200,
                                                  description="Verplicht bij gebracht_door 'anders'")
    e33_nummer: str | None = Field(default=None, max_length=30, pattern=INCIDENTNUMMER,
                                   description="Incidentnummer van de politie (E33)")
    verdacht_van_strafbaar_feit: bool = False
    persoon: PersoonIn | None = Field(default=None, description="Bestaande persoon (persoon_id) of nieuwe gegevens")
    signalement: str | None = Field(default=None, max_length=200,
                                    description="Herkenning van een (nog) onbekende persoon")

    _tekst = field_validator("gebracht_door_toelichting", "signalement")(validatie.tekst)


class ActieIn(BaseModel):
    """Body of POST /triages/{id}/acties/{actie}: the version read plus the action's fields."""

    model_config = ConfigDict(extra="allow")

    versie: int = Field(ge=1)


class KoppelPersoonIn(BaseModel):
    """Fields of the action `koppel_persoon`."""

    model_config = ConfigDict(extra="forbid")

    persoon: PersoonIn


class WijzigAankomstIn(BaseModel):
    """Fields of the action `wijzig_aankomst`: facts that often become known after arrival."""

    model_config = ConfigDict(extra="forbid")

    e33_nummer: str | None = Field(default=None, max_length=30, pattern=INCIDENTNUMMER)
    verdacht_van_strafbaar_feit: bool | None = None
    signalement: str | None = Field(default=None, max_length=200)

    _tekst = field_validator("signalement")(validatie.tekst)


class MaakMeldingIn(BaseModel):
    """Fields of the action `maak_melding`: the warm hand-over to the Wvggz meldpunt."""

    model_config = ConfigDict(extra="forbid")

    zorgen: str = Field(min_length=3, max_length=10_000)
    acuut: bool = False
    betrokkene: PersoonIn | None = Field(default=None, description="Alleen als de persoon nog niet bekend is")

    _zorgen = field_validator("zorgen")(validatie.tekst)


class StartCrisismaatregelIn(BaseModel):
    """Fields of the action `start_crisismaatregel`."""

    model_config = ConfigDict(extra="forbid")

    gemeente_verblijf: str | None = Field(default=None, min_length=2, max_length=80,
                                          description="Standaard de eigen gemeente")
    locatie: str | None = Field(default=None, max_length=200, description="Standaard 'OVP <gemeente>'")
    tvz_start: datetime | None = Field(
        default=None, description="Begin tijdelijke verplichte zorg (art. 7:3); verplicht bij die uitkomst")
    betrokkene: PersoonIn | None = Field(default=None, description="Alleen als de persoon nog niet bekend is")

    _tekst = field_validator("gemeente_verblijf", "locatie")(validatie.tekst)


class ScreeningPublic(BaseModel):
    door: str
    op: datetime
    bevindingen: str
    vlaggen: list[str]


class UitkomstPublic(BaseModel):
    code: str
    label: str
    op: datetime
    vervolg: str | None
    toelichting: str | None
    reden_zonder_screening: str | None
    melding_wvggz: bool | None


class KoppelingPublic(BaseModel):
    id: int
    referentie: str | None = None


class WaarschuwingPublic(BaseModel):
    soort: str = Field(description="verblijf | crisismaatregel_termijn")
    tekst: str
    eindmoment: datetime | None = None


class TriagePublic(BaseModel):
    id: int
    referentie: str
    status: str
    versie: int
    gemeente: str
    aangekomen_op: datetime
    gebracht_door: str
    gebracht_door_toelichting: str | None
    e33_nummer: str | None
    verdacht_van_strafbaar_feit: bool
    persoon: PersoonKort | None
    signalement: str | None
    somatische_screening: ScreeningPublic | None
    psychiatrische_screening: ScreeningPublic | None
    uitkomst: UitkomstPublic | None
    vertrokken_op: datetime | None
    verblijf_minuten: int
    melding: KoppelingPublic | None
    crisismaatregel: KoppelingPublic | None
    waarschuwingen: list[WaarschuwingPublic]
    termijnen: list[TermijnPublic] = Field(description="Termijnen van de gekoppelde crisismaatregel")
    toegestane_acties: list[ActiePublic]
    historie: list[HistoriePublic]


class BordRegel(BaseModel):
    """One row of the OVP board (or of the list of departed triages)."""

    id: int
    referentie: str
    status: str
    versie: int
    persoon: str | None = Field(description="Naam, alleen voor OVP-medewerkers; anders null")
    persoon_id: int | None
    signalement: str | None
    gebracht_door: str
    e33_nummer: str | None
    verdacht_van_strafbaar_feit: bool
    aangekomen_op: datetime
    vertrokken_op: datetime | None
    verblijf_minuten: int
    open_stap: str | None
    uitkomst: str | None
    waarschuwingen: list[WaarschuwingPublic]


class TriageLijst(BaseModel):
    totaal: int
    waarschuwing_na_uren: int
    items: list[BordRegel]


class Cijfers(BaseModel):
    van: date
    tot: date
    aantal: int
    per_dag: dict[str, int] = Field(description="Aankomsten per dag (JJJJ-MM-DD, lokale tijd)")
    per_uur: dict[str, int] = Field(description="Aankomsten per uur van de dag (0-23, lokale tijd)")
    per_gebracht_door: dict[str, int]
    uitkomsten: list[dict[str, Any]] = Field(description="code, label, aantal, aandeel")
    mediaan_minuten_tot_uitkomst: float | None
    mediaan_minuten_verblijf: float | None
    zonder_uitkomst: int
