"""Users, their role and scope (gemeente), and API tokens."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlmodel import Field

from wvggz.tabel import Tabel


class Rol(StrEnum):
    INTAKE = "intake"
    PROJECTLEIDER = "projectleider"
    OVP = "ovp"
    BURGEMEESTER = "burgemeester"  # covers a mandated wethouder and the back office
    BEHEER = "beheer"
    FG = "fg"  # functionaris gegevensbescherming: reads the access log, answers AVG art. 15 requests


class Gebruiker(Tabel, table=True):
    __tablename__ = "gebruiker"

    id: int | None = Field(default=None, primary_key=True)
    gebruikersnaam: str = Field(index=True, unique=True, max_length=64)
    naam: str = Field(max_length=120)
    rol: str = Field(max_length=20)
    gemeente: str = Field(max_length=80)
    wachtwoord_hash: str = Field(max_length=200)
    actief: bool = True
    aangemaakt_op: datetime
    mislukte_pogingen: int = 0  # wrong passwords since the last good login (lockout, see inloggen.py)
    geblokkeerd_tot: datetime | None = None
    totp_geheim: str | None = Field(default=None, max_length=64)  # optional second factor (RFC 6238)
    extern_id: str | None = Field(default=None, max_length=300, index=True, unique=True)  # OIDC issuer + subject


class ApiToken(Tabel, table=True):
    __tablename__ = "api_token"

    id: int | None = Field(default=None, primary_key=True)
    gebruiker_id: int = Field(foreign_key="gebruiker.id", index=True)
    token_hash: str = Field(index=True, unique=True, max_length=64)
    aangemaakt_op: datetime
    verloopt_op: datetime
    ingetrokken_op: datetime | None = None
    laatst_gebruikt: datetime | None = None
