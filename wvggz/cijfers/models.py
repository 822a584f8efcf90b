"""One small table of monthly figures per gemeente: how many of a value a month holds (a histogram).

`cijfer` "termijn": the month in which the term of art. 5:2 ended; `waarde` 1 = decided in time, 0 = late.
`cijfer` "doorlooptijd": the month of the decision; `waarde` = microseconds from receipt to decision.
Derived data: `wvggz cijfers herbereken` rebuilds it from the meldingen."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column
from sqlmodel import Field, SQLModel


class Maandcijfer(SQLModel, table=True):
    __tablename__ = "dashboard_maandcijfer"

    gemeente: str = Field(primary_key=True, max_length=80)  # lower case: the figures ignore case like the scope
    maand: str = Field(primary_key=True, max_length=7)  # YYYY-MM, local time (Europe/Amsterdam)
    cijfer: str = Field(primary_key=True, max_length=20)
    waarde: int = Field(sa_column=Column("waarde", BigInteger, primary_key=True, autoincrement=False))
    aantal: int = 0
