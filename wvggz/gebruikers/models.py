"""Users, their role and scope (gemeente), and API tokens."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlmodel import Field, SQLModel


class Rol(StrEnum):
    INTAKE = "intake"
    PROJECTLEIDER = "projectleider"
    OVP = "ovp"
    BURGEMEESTER = "burgemeester"  # covers a mandated wethouder and the back office
    BEHEER = "beheer"
    FG = "fg"  # functionaris gegevensbescherming: reads the access log, answers AVG art. 15 requests


class Gebruiker(SQLModel, table=True):
    __tablename__ = "gebruiker"

    id: int | None = Field(default=None, primary_key=True)
    gebruikersnaam: str = Field(index=True, unique=True, max_length=64)
    naam: str = Field(max_length=120)
    rol: str = Field(max_length=20)
    gemeente: str = Field(max_length=80)
    wachtwoord_hash: str = Field(max_length=200)
    actief: bool = True
    aangemaakt_op: datetime


class ApiToken(SQLModel, table=True):
    __tablename__ = "api_token"

    id: int | None = Field(default=None, primary_key=True)
    gebruiker_id: int = Field(foreign_key="gebruiker.id", index=True)
    token_hash: str = Field(index=True, unique=True, max_length=64)
    aangemaakt_op: datetime
