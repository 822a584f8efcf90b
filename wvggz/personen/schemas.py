"""Input and output models for persons."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, EmailStr, Field, field_validator

from wvggz import validatie


class PersoonIn(BaseModel):
    """A person as entered: an existing one by id, or new details."""

    model_config = ConfigDict(extra="forbid")

    persoon_id: int | None = Field(default=None, ge=1, description="Bestaande persoon (voorkomt dubbelen)")
    voornaam: str | None = Field(default=None, max_length=80)
    achternaam: str | None = Field(default=None, min_length=1, max_length=120)
    geboortedatum: date | None = None
    straat: str | None = Field(default=None, max_length=120)
    huisnummer: str | None = Field(default=None, max_length=16)
    postcode: str | None = Field(default=None, max_length=7)
    woonplaats: str | None = Field(default=None, max_length=80)
    telefoon: str | None = Field(default=None, max_length=20)
    email: EmailStr | None = None
    organisatie: str | None = Field(default=None, max_length=120)
    bsn: str | None = Field(default=None, max_length=9)
    nieuwe_persoon_bevestigd: bool = Field(
        default=False, description="Nieuwe persoon, ook al is er een met dezelfde achternaam en geboortedatum")

    _tekst = field_validator("voornaam", "achternaam", "straat", "huisnummer", "woonplaats", "organisatie")(
        validatie.tekst
    )
    _naam = field_validator("voornaam", "achternaam", "straat", "woonplaats", "organisatie")(validatie.naam)
    _postcode = field_validator("postcode")(validatie.postcode)
    _telefoon = field_validator("telefoon")(validatie.telefoon)
    _bsn = field_validator("bsn")(validatie.bsn)


class PersoonKort(BaseModel):
    id: int
    naam: str
    geboortedatum: date | None = None
    woonplaats: str | None = None
