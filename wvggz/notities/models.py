"""A note on a case. Never updated, never deleted (ORM and database triggers refuse it)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, event
from sqlmodel import Field

from wvggz.audit.models import _maak_triggers, _weiger
from wvggz.tabel import Tabel

MAX_TEKST = 4000


class Notitie(Tabel, table=True):
    __tablename__ = "notitie"
    __table_args__ = (Index("ix_notitie_zaak", "zaak_type", "zaak_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    zaak_type: str = Field(max_length=20)
    zaak_id: int
    tekst: str = Field(max_length=MAX_TEKST)
    gemaakt_op: datetime
    gemaakt_door_id: int | None = Field(default=None, foreign_key="gebruiker.id")
    gemaakt_door: str = Field(max_length=120)  # display name snapshot


event.listen(Notitie, "before_update", _weiger)
event.listen(Notitie, "before_delete", _weiger)
event.listen(Notitie.__table__, "after_create", _maak_triggers)
