"""One row per background process or job: when it last ran and how long it took."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field

from wvggz.tabel import Tabel


class Hartslag(Tabel, table=True):
    __tablename__ = "hartslag"

    naam: str = Field(primary_key=True, max_length=40)  # scheduler | sweep | relay
    laatst_op: datetime
    duur_ms: int | None = None
