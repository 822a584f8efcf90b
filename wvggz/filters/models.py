"""A named filter set of one user on one list. Holds filter choices only, never a search text."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field

from wvggz.tabel import Tabel

MAX_NAAM = 60
MAX_WAARDEN = 1000


class BewaardFilter(Tabel, table=True):
    __tablename__ = "bewaard_filter"
    __table_args__ = (UniqueConstraint("gebruiker_id", "gemeente", "lijst", "sleutel",
                                       name="uq_bewaard_filter_naam"),)

    id: int | None = Field(default=None, primary_key=True)
    gebruiker_id: int = Field(foreign_key="gebruiker.id", index=True)
    gemeente: str = Field(max_length=80)  # the user's scope when saved; another scope does not see it
    lijst: str = Field(max_length=20)  # werkvoorraad | escalaties
    naam: str = Field(max_length=MAX_NAAM)
    sleutel: str = Field(max_length=MAX_NAAM)  # casefolded name: one name once per user and list
    waarden: str = Field(max_length=MAX_WAARDEN)  # JSON object of the list's filter fields (strings)
    gemaakt_op: datetime
