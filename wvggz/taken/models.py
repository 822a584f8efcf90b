"""A task for staff that belongs to a case: a duty to notify, to inform a naaste, to follow up."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index
from sqlmodel import Field

from wvggz.tabel import Tabel


class Taak(Tabel, table=True):
    __tablename__ = "taak"
    __table_args__ = (
        Index("ix_taak_zaak", "zaak_type", "zaak_id"),
        Index("ix_taak_open", "ontvanger_rol", "afgerond_op"),
    )

    id: int | None = Field(default=None, primary_key=True)
    zaak_type: str = Field(max_length=20)
    zaak_id: int
    soort: str = Field(max_length=60)  # e.g. "naaste_route", "afschrift_ovj", "advocaat_rvr"
    omschrijving: str = Field(max_length=300)  # Dutch; no names or health details
    ontvanger_rol: str = Field(max_length=40)  # who should do it (role)
    uiterlijk_op: datetime | None = None  # deadline, when the law sets one
    termijn_id: int | None = Field(default=None, foreign_key="termijn.id")
    aangemaakt_op: datetime
    afgerond_op: datetime | None = None
    afgerond_door_id: int | None = Field(default=None, foreign_key="gebruiker.id")
    toelichting: str | None = None
    dedup_sleutel: str = Field(max_length=200, unique=True)
