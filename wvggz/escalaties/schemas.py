"""Request and response models of the escalation API (tables do not validate input; these do)."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

from wvggz import validatie


class EscalatiePublic(BaseModel):
    id: int
    versie: int
    trede: str = Field(description="herinnering | waarschuwing | alert | escalatie")
    omschrijving: str
    termijn_id: int
    termijn_soort: str
    zaak_type: str
    zaak_id: int
    referentie: str
    pad: str = Field(description="Pad van de zaakpagina, bijv. /meldingen/12")
    ontvanger: str | None
    gepland_op: datetime
    gevuurd_op: datetime
    te_laat: bool = Field(description="Ingehaald na uitval: later verstuurd dan gepland")
    herhaal_in_digest: bool
    aantal_berichten: int
    einddatum: date | None
    eindmoment: datetime
    termijn_open: bool = Field(description="De termijn loopt nog (zaak niet afgerond)")
    bevestigd_op: datetime | None
    bevestigd_door: str | None
    toelichting: str | None


class BevestigIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    versie: int = Field(ge=1, le=2**31)
    toelichting: str | None = Field(default=None, max_length=1000)

    _toelichting = field_validator("toelichting")(validatie.tekst)


class VerlengIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    versie: int = Field(ge=1, le=2**31)
    werkdagen: int = Field(ge=1, le=20, description="Aantal werkdagen (Atw-kalender) waarmee de termijn verschuift")
    reden: str = Field(min_length=3, max_length=1000, description="Waarom het wijkteam meer tijd krijgt")

    _reden = field_validator("reden")(validatie.tekst)


class TermijnVerlengbaarPublic(BaseModel):
    id: int
    versie: int
    soort: str
    status: str
    einddatum: date | None
    eindmoment: datetime
    toelichting: str
    verlenging_reden: str | None
    volgende_trede_op: datetime | None
    verlengbaar: bool
    referentie: str
    pad: str
