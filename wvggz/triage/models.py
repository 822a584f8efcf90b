"""The OVP triage (opvang verwarde personen, domain §8): arrival, screenings, outcome, departure."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, Column, Index, Integer
from sqlmodel import Field

from wvggz.clock import TZ
from wvggz.tabel import Tabel


class GebrachtDoor(StrEnum):
    POLITIE = "politie"
    AMBULANCE = "ambulance"
    ZELF = "zelf"
    ANDERS = "anders"


GEBRACHT_DOOR_LABELS = {
    GebrachtDoor.POLITIE: "Politie", GebrachtDoor.AMBULANCE: "Ambulance", GebrachtDoor.ZELF: "Zelf gekomen",
    GebrachtDoor.ANDERS: "Anders",
}

_versie = Column("versie", Integer, nullable=False)


class Triage(Tabel, table=True):
    __tablename__ = "triage"
    __table_args__ = (
        Index("ix_triage_bord", "gemeente", "status", "aangekomen_op"),
        Index("ix_triage_periode", "gemeente", "aangekomen_op"),
        Index("ix_triage_persoon", "persoon_id"),
    )
    __mapper_args__ = {"version_id_col": _versie}

    id: int | None = Field(default=None, primary_key=True)
    versie: int = Field(default=1, sa_column=_versie)
    status: str = Field(default="binnengebracht", max_length=30)
    gemeente: str = Field(max_length=80)
    geregistreerd_door_id: int | None = Field(default=None, foreign_key="gebruiker.id")
    # Arrival
    aangekomen_op: datetime
    gebracht_door: str = Field(max_length=20)
    gebracht_door_toelichting: str | None = Field(default=None, max_length=200)
    e33_nummer: str | None = Field(default=None, max_length=30)
    verdacht_van_strafbaar_feit: bool = False
    persoon_id: int | None = Field(default=None, foreign_key="persoon.id")  # unknown on arrival: None
    signalement: str | None = Field(default=None, max_length=200)  # to recognise an unknown person
    # Screenings: by whom (free text: the screener need not be a user), when, findings, flags
    somatisch_door: str | None = Field(default=None, max_length=120)
    somatisch_op: datetime | None = None
    somatisch_bevindingen: str | None = None
    somatisch_vlaggen: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    psychiatrisch_door: str | None = Field(default=None, max_length=120)
    psychiatrisch_op: datetime | None = None
    psychiatrisch_bevindingen: str | None = None
    psychiatrisch_vlaggen: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    # Outcome (codes: workflows.triage.UITKOMSTEN)
    uitkomst: str | None = Field(default=None, max_length=40, index=True)
    uitkomst_op: datetime | None = None
    vervolg: str | None = Field(default=None, max_length=20)
    uitkomst_toelichting: str | None = None
    reden_zonder_screening: str | None = None
    melding_wvggz: bool | None = None
    vertrokken_op: datetime | None = None
    # Hand-over: both records carry the link
    melding_id: int | None = Field(default=None, foreign_key="melding.id")
    crisismaatregel_id: int | None = None

    @property
    def referentie(self) -> str:
        """Case reference shown to people: no names, only the year of arrival and the number."""
        return f"T-{self.aangekomen_op.astimezone(TZ).year}-{self.id:06d}"

    @property
    def aanwezig(self) -> bool:
        return self.status != "vertrokken"
