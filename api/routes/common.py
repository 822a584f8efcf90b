"""Shared response documentation for the JSON routes."""

from __future__ import annotations

from typing import Annotated

from fastapi import Header
from pydantic import BaseModel

# A client that lost the answer sends the same key again and gets the first case, not a second (24 h).
IdempotencyKey = Annotated[str | None, Header(alias="Idempotency-Key", min_length=1, max_length=200,
                                              description="Optioneel; zelfde sleutel binnen 24 uur: geen tweede zaak")]


class Fout(BaseModel):
    loc: list[str | int]
    msg: str
    type: str


class FoutEnvelope(BaseModel):
    detail: list[Fout]


def fouten(*codes: int) -> dict:
    """Return the `responses=` mapping documenting these error codes with the envelope."""
    return {c: {"model": FoutEnvelope} for c in (401, 422, *codes)}
