"""A computed legal term attached to a case, with its inputs and explanation."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, Index, Integer
from sqlmodel import Field

from wvggz.tabel import Tabel

_versie = Column("versie", Integer, nullable=False)


class Termijn(Tabel, table=True):
    __tablename__ = "termijn"
    __table_args__ = (
        Index("ix_termijn_zaak", "zaak_type", "zaak_id"),
        # the claim's order (volgende_trede_op, id) straight from the index: no sort of every due row
        Index("ix_termijn_sweep", "status", "volgende_trede_op", "id"),
        Index("ix_termijn_einde", "status", "einddatum"),  # first/last running end (dashboard, ADR 0019)
    )
    # A user's change (extension, closing) bumps `versie`; the sweep's own bookkeeping of
    # `volgende_trede_op` is a plain UPDATE that does not, so a fired reminder never causes a 409.
    __mapper_args__ = {"version_id_col": _versie}

    id: int | None = Field(default=None, primary_key=True)
    versie: int = Field(default=1, sa_column=_versie)
    soort: str = Field(max_length=40)
    zaak_type: str = Field(max_length=20)
    zaak_id: int
    start: datetime
    einddatum: date | None = None
    eindmoment: datetime
    ruwe_einddatum: date | None = None
    atw_toegepast: bool = False
    grondslag: str = Field(max_length=120)
    zekerheid: str = Field(max_length=4)
    toelichting: str
    status: str = Field(default="lopend", max_length=12)  # lopend | gesloten
    gesloten_op: datetime | None = None
    tijdig: bool | None = None
    volgende_trede_op: datetime | None = None  # next unfired rung (or the lapse check); NULL: nothing left
    verlenging_reden: str | None = None  # only local terms (wijkteam_advies) can be extended
