"""A document of a case: generated (bytes kept in the row) or incoming (bytes in the file store).

Issued means fixed: a row is never updated or deleted (ORM and database triggers refuse it); a
correction is a new row whose `vervangt_id` points to the one it replaces.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Index, LargeBinary, event
from sqlmodel import Field

from wvggz.audit.models import _maak_triggers, _weiger
from wvggz.tabel import Tabel

GEGENEREERD, INKOMEND = "gegenereerd", "inkomend"


class Document(Tabel, table=True):
    __tablename__ = "document"
    __table_args__ = (
        Index("ix_document_zaak", "zaak_type", "zaak_id", "id"),
        # one version n of a kind per case: two simultaneous issues cannot both be version 1
        Index("ux_document_versie", "zaak_type", "zaak_id", "soort", "volgnummer", unique=True),
    )

    id: int | None = Field(default=None, primary_key=True)
    zaak_type: str = Field(max_length=20)
    zaak_id: int
    herkomst: str = Field(max_length=12)  # gegenereerd | inkomend
    soort: str = Field(max_length=60)  # document kind (sjabloon) or 'bijlage' for an incoming file
    titel: str = Field(max_length=200)
    bestandsnaam: str = Field(max_length=255)  # shown and offered on download; never used as a path
    mime: str = Field(max_length=100)
    grootte: int
    sha256: str = Field(max_length=64)
    inhoud: bytes | None = Field(default=None, sa_column=Column(LargeBinary, nullable=True))  # generated
    opslag_sleutel: str | None = Field(default=None, max_length=80)  # incoming: random name in the store
    volgnummer: int | None = None  # generated: 1, 2, ... per kind and case; incoming: None
    sjabloon_versie: str | None = Field(default=None, max_length=20)
    zaak_status: str = Field(max_length=40)  # the case state it was made in or received in
    vervangt_id: int | None = Field(default=None, foreign_key="document.id")
    reden: str | None = None  # why a correction replaces its predecessor
    gemaakt_op: datetime
    gemaakt_door_id: int | None = Field(default=None, foreign_key="gebruiker.id")
    gemaakt_door: str = Field(max_length=120)


event.listen(Document, "before_update", _weiger)
event.listen(Document, "before_delete", _weiger)
event.listen(Document.__table__, "after_create", _maak_triggers)
