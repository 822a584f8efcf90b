"""Persons: betrokkenen and melders."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index, event
from sqlmodel import Field

from wvggz.tabel import Tabel


class Persoon(Tabel, table=True):
    __tablename__ = "persoon"
    __table_args__ = (
        Index("ix_persoon_naam", "achternaam", "geboortedatum"),
        Index("ix_persoon_zoeknaam", "zoeknaam"),
        Index("ix_persoon_zoekvoornaam", "zoekvoornaam"),
        Index("ix_persoon_geboortedatum", "geboortedatum"),
        Index("ix_persoon_gemeente_zoeknaam", "gemeente", "zoeknaam"),
        Index("ix_persoon_gemeente_geboortedatum", "gemeente", "geboortedatum"),
    )

    id: int | None = Field(default=None, primary_key=True)
    # the gemeente whose case created the person: only its users find, attach or link this person
    gemeente: str = Field(max_length=80)
    voornaam: str | None = Field(default=None, max_length=80)
    achternaam: str = Field(max_length=120)
    geboortedatum: date | None = None
    straat: str | None = Field(default=None, max_length=120)
    huisnummer: str | None = Field(default=None, max_length=16)
    postcode: str | None = Field(default=None, max_length=7)
    woonplaats: str | None = Field(default=None, max_length=80)
    telefoon: str | None = Field(default=None, max_length=20)
    email: str | None = Field(default=None, max_length=254)
    organisatie: str | None = Field(default=None, max_length=120)
    bsn: str | None = Field(default=None, max_length=9)
    aangemaakt_op: datetime
    geanonimiseerd_op: datetime | None = None  # retention passed: name, birth date and address wiped
    # lower-case copies kept by an ORM event, so a name search is an index range scan on any database
    zoeknaam: str = Field(default="", max_length=120)
    zoekvoornaam: str = Field(default="", max_length=80)

    @property
    def volledige_naam(self) -> str:
        return f"{self.voornaam} {self.achternaam}" if self.voornaam else self.achternaam


def zoekvorm(tekst: str | None) -> str:
    """Return the search form of a name: lower case, single spaces."""
    return " ".join((tekst or "").lower().split())


def prefix_voorwaarde(kolom, tekst: str):  # noqa: ANN001, ANN201
    """Return `kolom` starts with `tekst` as an index-friendly range (kolom >= t AND kolom < t+max)."""
    t = zoekvorm(tekst)
    return (kolom >= t) & (kolom < t + "\U0010ffff")


@event.listens_for(Persoon, "before_insert")
@event.listens_for(Persoon, "before_update")
def _zet_zoeknaam(_mapper, _conn, persoon: Persoon) -> None:  # noqa: ANN001
    persoon.zoeknaam = zoekvorm(persoon.achternaam)
    persoon.zoekvoornaam = zoekvorm(persoon.voornaam)
