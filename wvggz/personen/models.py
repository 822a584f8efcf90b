"""Persons: betrokkenen and melders."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel


class Persoon(SQLModel, table=True):
    __tablename__ = "persoon"
    __table_args__ = (Index("ix_persoon_naam", "achternaam", "geboortedatum"),)

    id: int | None = Field(default=None, primary_key=True)
    voornaam: str | None = Field(default=None, max_length=80)
    achternaam: str = Field(max_length=120)
    geboortedatum: date | None = None
    straat: str | None = Field(default=None, max_length=120)
    huisnummer: str | None = Field(default=None, max_length=16)
    postcode: str | None = Field(default=None, max_length=7)
    woonplaats: str | None = Field(default=None, max_length=80)
    telefoon: str | None = Field(default=None, max_length=20)
    email: str | None = Field(default=None, max_length=254)
    organisatie: str | None = Field(default=None, max_length=120)
    bsn: str | None = Field(default=None, max_length=9)
    aangemaakt_op: datetime

    @property
    def volledige_naam(self) -> str:
        return f"{self.voornaam} {self.achternaam}" if self.voornaam else self.achternaam
