"""Response shapes of the access log."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel


class ToegangPublic(BaseModel):
    op: datetime
    gebruiker_id: int | None
    gebruikersnaam: str
    naam: str
    rol: str
    handeling: str
    zaak_type: str
    zaak_id: int | None
    persoon_id: int | None
    doel: str
    adres: str | None
