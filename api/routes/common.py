"""Shared response documentation for the JSON routes."""

from __future__ import annotations

from pydantic import BaseModel


class Fout(BaseModel):
    loc: list[str | int]
    msg: str
    type: str


class FoutEnvelope(BaseModel):
    detail: list[Fout]


def fouten(*codes: int) -> dict:
    """Return the `responses=` mapping documenting these error codes with the envelope."""
    return {c: {"model": FoutEnvelope} for c in (401, 422, *codes)}
