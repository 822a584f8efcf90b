"""Staff preferences per kind of message (inbox, e-mail or both) and the staff work address."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import UniqueConstraint
from sqlmodel import Field

from wvggz.tabel import Tabel


class Kanaalkeuze(StrEnum):
    INBOX = "inbox"
    EMAIL = "email"
    BEIDE = "beide"


class Voorkeur(Tabel, table=True):
    """How one staff member wants one kind of message; without a row the inbox is used."""

    __tablename__ = "bericht_voorkeur"
    __table_args__ = (UniqueConstraint("gebruiker_id", "soort", name="uq_bericht_voorkeur"),)

    id: int | None = Field(default=None, primary_key=True)
    gebruiker_id: int = Field(foreign_key="gebruiker.id")
    soort: str = Field(max_length=60)
    kanaal: str = Field(max_length=10)  # inbox | email | beide
    gewijzigd_op: datetime


class Werkmail(Tabel, table=True):
    """The work e-mail address a staff member receives notification e-mails on."""

    __tablename__ = "werkmail"

    gebruiker_id: int = Field(primary_key=True, foreign_key="gebruiker.id")
    adres: str = Field(max_length=254)
    gewijzigd_op: datetime
