"""Which case a (user, Idempotency-Key) made, kept for 24 hours."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field

from wvggz.tabel import Tabel


class IdempotentieSleutel(Tabel, table=True):
    __tablename__ = "idempotentie_sleutel"
    __table_args__ = (UniqueConstraint("gebruiker_id", "sleutel", name="uq_idempotentie_gebruiker_sleutel"),)

    id: int | None = Field(default=None, primary_key=True)
    gebruiker_id: int = Field(foreign_key="gebruiker.id")
    sleutel: str = Field(max_length=200)
    route: str = Field(max_length=200)  # method and path template, no ids or names
    verzoek_hash: str = Field(max_length=64)  # sha256 of the body: the same key with another body is 422
    zaak_id: int | None = None  # the case made; a retry is answered by reading it again (logged, no copy kept)
    aangemaakt_op: datetime = Field(index=True)
