"""The crisismaatregel of the burgemeester (Wvggz hoofdstuk 7) and the beroep against it (art. 7:6).

The duties that follow the decision (notices, copies, execution) are `wvggz.taken` Taak rows of the
case; the legal clocks are `wvggz.termijnen` Termijn rows. Both tables carry a `versie` column for
optimistic locking (a stale write is a 409, never a silent overwrite).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, Column, Index, Integer
from sqlmodel import Field

from wvggz.tabel import Tabel

ZAAK = "crisismaatregel"
ZAAK_BEROEP = "beroep"


class Aanvrager(StrEnum):
    """Who asked the burgemeester for the measure."""

    CRISISDIENST = "crisisdienst"
    PSYCHIATER = "psychiater"
    OVP = "ovp"
    POLITIE = "politie"
    HUISARTS = "huisarts"
    OVERIG = "overig"


_cm_versie = Column("versie", Integer, nullable=False)


class Crisismaatregel(Tabel, table=True):
    __tablename__ = "crisismaatregel"
    __table_args__ = (
        Index("ix_crisismaatregel_lopend", "gemeente", "open"),
        Index("ix_crisismaatregel_betrokkene", "betrokkene_id"),
    )
    __mapper_args__ = {"version_id_col": _cm_versie}

    id: int | None = Field(default=None, primary_key=True)
    versie: int = Field(default=1, sa_column=_cm_versie)
    status: str = Field(default="aangevraagd", max_length=30, index=True)
    open: bool = True  # false once afgewezen, vervallen or beeindigd
    gemeente: str = Field(max_length=80)  # the burgemeester's gemeente (scope of the back office)
    betrokkene_id: int = Field(foreign_key="persoon.id")
    aangevraagd_op: datetime
    aangevraagd_door: str = Field(max_length=20)
    gemeente_verblijf: str = Field(max_length=80)  # where betrokkene is now: the competent burgemeester
    locatie: str | None = Field(default=None, max_length=200)
    heeft_vertegenwoordiger: bool = False
    melding_id: int | None = Field(default=None, foreign_key="melding.id")
    triage_id: int | None = None
    # Art. 7:3 tijdelijke verplichte zorg and the psychiatric examination.
    tvz_gestart_op: datetime | None = None
    onderzoek_op: datetime | None = None
    # Art. 7:1: medische verklaring of an independent psychiatrist; hoorplicht (lid 3).
    psychiater: str | None = Field(default=None, max_length=120)
    psychiater_onafhankelijk: bool | None = None
    medische_verklaring_op: datetime | None = None
    gehoord: bool | None = None
    reden_niet_gehoord: str | None = None
    gehoord_door: str | None = Field(default=None, max_length=120)
    # The decision (art. 7:2): forms of care, why less is not enough, who decided, when made known.
    zorgvormen: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    motivering_minder_ingrijpend: str | None = None
    besloten_op: datetime | None = None
    bekendmaking_op: datetime | None = None
    besluit_door_id: int | None = Field(default=None, foreign_key="gebruiker.id")
    besluit_door_naam: str | None = Field(default=None, max_length=120)
    ten_uitvoer_gelegd_op: datetime | None = None
    # Art. 7:7-7:11: continuation by the court on the OvJ's request.
    ovj_ontvangen_op: datetime | None = None
    voortzetting_verzocht_op: datetime | None = None
    voortzetting_beslist_op: datetime | None = None
    voortzetting_verleend: bool | None = None
    zm_verzoek_op: datetime | None = None
    geldig_tot: datetime | None = None  # current end of validity; None while a court decision is pending
    reden: str | None = None  # why afgewezen or beeindigd
    afgesloten_op: datetime | None = None

    @property
    def referentie(self) -> str:
        """Case reference shown to people and in messages: no names, only the number."""
        return f"CM-{self.aangevraagd_op.year}-{self.id:06d}"


_b_versie = Column("versie", Integer, nullable=False)


class Beroep(Tabel, table=True):
    """The appeal window and the appeal against one crisismaatregel, with a damages claim (art. 10:12)."""

    __tablename__ = "beroep"
    __table_args__ = (Index("ix_beroep_gemeente", "gemeente", "status"),)
    __mapper_args__ = {"version_id_col": _b_versie}

    id: int | None = Field(default=None, primary_key=True)
    versie: int = Field(default=1, sa_column=_b_versie)
    status: str = Field(default="termijn_loopt", max_length=30, index=True)
    crisismaatregel_id: int = Field(foreign_key="crisismaatregel.id", unique=True)
    gemeente: str = Field(max_length=80)
    betrokkene_id: int = Field(foreign_key="persoon.id")
    bekendmaking_op: datetime
    ingesteld_op: datetime | None = None
    ingesteld_tijdig: bool | None = None
    uitkomst: str | None = Field(default=None, max_length=20)  # gegrond | ongegrond
    uitspraak_op: datetime | None = None
    schadeclaim_bedrag_cent: int | None = None  # claimed from the gemeente, not the burgemeester
    schadeclaim_uitkomst: str | None = Field(default=None, max_length=20)
    schadeclaim_op: datetime | None = None

    @property
    def referentie(self) -> str:
        """Case reference: no names, only the number."""
        return f"B-{self.bekendmaking_op.year}-{self.id:06d}"
