"""One fired rung of a term's escalation ladder, or its lapse check: at most one row per (termijn, trede)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Index, Integer, UniqueConstraint
from sqlmodel import Field

from wvggz.tabel import Tabel

_versie = Column("versie", Integer, nullable=False)


class Escalatie(Tabel, table=True):
    """Fired once, by the sweep. The case reference, link path and gemeente are a snapshot of the case,
    so lists and the digest need no join with domain tables of every case type."""

    __tablename__ = "escalatie"
    __table_args__ = (
        # Exactly once: two sweeps at the same time, or one run again after a crash, cannot both insert.
        UniqueConstraint("termijn_id", "trede", name="uq_escalatie_termijn_trede"),
        Index("ix_escalatie_lijst", "gemeente", "bevestigd_op", "gevuurd_op"),
        Index("ix_escalatie_zaak", "zaak_type", "zaak_id"),
    )
    __mapper_args__ = {"version_id_col": _versie}

    id: int | None = Field(default=None, primary_key=True)
    versie: int = Field(default=1, sa_column=_versie)
    termijn_id: int = Field(foreign_key="termijn.id")
    trede: str = Field(max_length=20)  # herinnering | waarschuwing | alert | escalatie | verlopen
    termijn_soort: str = Field(max_length=40)
    zaak_type: str = Field(max_length=20)
    zaak_id: int
    referentie: str = Field(max_length=40)  # case reference only: no names
    pad: str = Field(max_length=80)  # link path of the case page, e.g. /meldingen/12
    gemeente: str = Field(max_length=80)
    ontvanger: str | None = Field(default=None, max_length=20)  # role of the ladder; None for 'verlopen'
    gepland_op: datetime  # the rung's moment
    gevuurd_op: datetime
    te_laat: bool = False  # caught up after its moment (the sweep did not run in time)
    herhaal_in_digest: bool = False
    aantal_berichten: int = 0
    uitkomst: str | None = Field(default=None, max_length=300)  # what the lapse hook did
    bevestigd_door_id: int | None = Field(default=None, foreign_key="gebruiker.id")
    bevestigd_op: datetime | None = None
    toelichting: str | None = Field(default=None, max_length=1000)
