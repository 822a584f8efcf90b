"""The dashboard's monthly figures per gemeente (derived data; `wvggz cijfers herbereken` rebuilds them).

`Maandcijfer`: a few counters per month: "afgelopen" (decided meldingen whose term of art. 5:2 ended that
month), "tijdig" (of those, decided in time) and "besluiten" (decisions taken that month).
`Doorlooptijd`: receipt to decision of each decision in microseconds, indexed per month in order, so a
month's median is two rows found by an index seek (exact, like statistics.median over the meldingen)."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Index
from sqlmodel import Field

from wvggz.tabel import Tabel


class Maandcijfer(Tabel, table=True):
    __tablename__ = "dashboard_maandcijfer"

    gemeente: str = Field(primary_key=True, max_length=80)  # lower case: the figures ignore case like the scope
    maand: str = Field(primary_key=True, max_length=7)  # YYYY-MM, local time (Europe/Amsterdam)
    cijfer: str = Field(primary_key=True, max_length=20)
    aantal: int = 0


class Doorlooptijd(Tabel, table=True):
    __tablename__ = "dashboard_doorlooptijd"
    __table_args__ = (Index("ix_doorlooptijd_maand", "gemeente", "maand", "microseconden"),)

    melding_id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    gemeente: str = Field(max_length=80)  # lower case
    maand: str = Field(max_length=7)  # of the decision
    microseconden: int = Field(sa_column=Column("microseconden", BigInteger, nullable=False))
