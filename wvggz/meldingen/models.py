"""The zorgmelding (Wvggz art. 5:2) and its verkennend onderzoek."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Column, Index, Integer
from sqlmodel import Field

from wvggz.tabel import Tabel


class Kanaal(StrEnum):
    TELEFOON = "telefoon"
    EMAIL = "email"
    WEBFORMULIER = "webformulier"
    BALIE = "balie"
    BRIEF = "brief"
    POLITIE = "politie"
    OVP = "ovp"


class Relatie(StrEnum):
    """The melder's relation to the betrokkene; the first group makes a naaste (art. 5:2 lid 5)."""

    PARTNER = "partner"
    OUDER = "ouder"
    KIND = "kind"
    BROER_ZUS = "broer_zus"
    GROOTOUDER = "grootouder"
    KLEINKIND = "kleinkind"
    VERTEGENWOORDIGER = "vertegenwoordiger"
    FAMILIE_OVERIG = "familie_overig"
    BUUR = "buur"
    HUISARTS = "huisarts"
    ZORGVERLENER = "zorgverlener"
    POLITIE = "politie"
    WONINGCORPORATIE = "woningcorporatie"
    OVP = "ovp"
    ANDERS = "anders"


# Art. 5:2 lid 5: the exact list is [U] in the domain reference; this set is the working reading
# (echtgenoot/partner, ouder, kind, broer/zus, grootouder, kleinkind, vertegenwoordiger).
NAASTE_RELATIES = frozenset({
    Relatie.PARTNER, Relatie.OUDER, Relatie.KIND, Relatie.BROER_ZUS, Relatie.GROOTOUDER,
    Relatie.KLEINKIND, Relatie.VERTEGENWOORDIGER,
})

_versie = Column("versie", Integer, nullable=False)


class Melding(Tabel, table=True):
    __tablename__ = "melding"
    __table_args__ = (
        # Covering for the werkvoorraad's sort and filters, the places of residence and the late open terms
        # (ADR 0019, round 4): the open meldingen are read from the index, not the table.
        Index("ix_melding_werkvoorraad", "gemeente", "open", "uiterlijk_besluit_op", "besloten_op", "besluit",
              "betrokkene_id"),
        # Counts of open meldingen per status / behandelaar read only the open ones, already grouped (ADR 0019).
        Index("ix_melding_open_status", "gemeente", "open", "status"),
        Index("ix_melding_open_behandelaar", "gemeente", "open", "behandelaar_id"),
        Index("ix_melding_betrokkene", "betrokkene_id"),
    )
    __mapper_args__ = {"version_id_col": _versie}

    id: int | None = Field(default=None, primary_key=True)
    versie: int = Field(default=1, sa_column=_versie)
    status: str = Field(default="ontvangen", max_length=30, index=True)
    open: bool = True  # false once decided or routed away: the werkvoorraad shows open ones
    gemeente: str = Field(max_length=80)
    ontvangen_op: datetime
    kanaal: str = Field(max_length=20)
    melder_id: int = Field(foreign_key="persoon.id")
    melder_relatie: str = Field(max_length=30)
    melder_is_naaste: bool = False
    anoniem_tov_betrokkene: bool = False
    betrokkene_id: int = Field(foreign_key="persoon.id")
    zorgen: str
    acuut: bool = False
    e33_nummer: str | None = Field(default=None, max_length=30)
    triage_id: int | None = None
    crisismaatregel_id: int | None = None
    behandelaar_id: int | None = Field(default=None, foreign_key="gebruiker.id", index=True)
    uiterlijk_besluit_op: datetime | None = None
    wijkteam_contact: str | None = Field(default=None, max_length=120)
    wijkteam_advies: str | None = None
    medische_expertise: str | None = Field(default=None, max_length=200)
    gesprek_met_betrokkene: bool | None = None
    reden_geen_gesprek: str | None = None
    besluit: str | None = Field(default=None, max_length=20)  # aanvraag | geen_aanvraag
    besloten_op: datetime | None = None
    tijdig_besloten: bool | None = None
    reden_code: str | None = Field(default=None, max_length=40)
    reden: str | None = None
    doorgestuurd_naar: str | None = Field(default=None, max_length=80)
    verwezen_naar: str | None = Field(default=None, max_length=40)
    samengevoegd_met_id: int | None = Field(default=None, foreign_key="melding.id")
    ovj_besluit: str | None = Field(default=None, max_length=30)
    melder_geinformeerd: bool | None = None
    reden_niet_geinformeerd: str | None = None
    afgesloten_op: datetime | None = None
    geanonimiseerd_op: datetime | None = None  # retention passed: free text and persons wiped

    @property
    def referentie(self) -> str:
        """Case reference shown to people and in messages: no names, only the number."""
        return f"M-{self.ontvangen_op.year}-{self.id:06d}"
