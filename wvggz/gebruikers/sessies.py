"""Server-side page sessions: the cookie holds only a random key; the row holds the data.

Logout, deactivation and expiry delete the row, so an old cookie is worth nothing afterwards.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Column, Text, delete
from sqlmodel import Field, Session, select

from wvggz.db import schrijf
from wvggz.tabel import Tabel


class Sessie(Tabel, table=True):
    __tablename__ = "sessie"

    id: int | None = Field(default=None, primary_key=True)
    sleutel_hash: str = Field(index=True, unique=True, max_length=64)
    gebruiker_id: int | None = Field(default=None, foreign_key="gebruiker.id", index=True)
    gegevens: str = Field(sa_column=Column(Text, nullable=False))
    aangemaakt_op: datetime
    laatst_gebruikt_op: datetime
    verloopt_op: datetime = Field(index=True)


def _hash(sleutel: str) -> str:
    return hashlib.sha256(sleutel.encode()).hexdigest()


def laad(session: Session, sleutel: str, now: datetime, inactief: timedelta) -> Sessie | None:
    """Return the live session for `sleutel`; an expired or idle one is deleted and None returned."""
    rij = session.exec(select(Sessie).where(Sessie.sleutel_hash == _hash(sleutel))).first()
    if rij is None:
        return None
    if rij.verloopt_op <= now or rij.laatst_gebruikt_op + inactief <= now:
        schrijf(session)  # the lookup may have been a read (lees): delete in a writer
        session.delete(rij)
        session.commit()
        return None
    return rij


def gegevens(rij: Sessie | None) -> dict[str, Any]:
    return json.loads(rij.gegevens) if rij else {}


def nieuw(session: Session, data: dict[str, Any], now: datetime, levensduur: timedelta,
          sleutel: str | None = None) -> str:
    """Store a new session with `data`; return its key (for the cookie)."""
    sleutel = sleutel or secrets.token_urlsafe(32)
    gebruiker_id = data.get("gebruiker_id")
    session.add(Sessie(sleutel_hash=_hash(sleutel), gebruiker_id=gebruiker_id if isinstance(gebruiker_id, int) else None,
                       gegevens=json.dumps(data), aangemaakt_op=now, laatst_gebruikt_op=now,
                       verloopt_op=now + levensduur))
    session.commit()
    return sleutel


def bewaar(session: Session, rij_id: int, data: dict[str, Any], now: datetime) -> None:
    rij = session.get(Sessie, rij_id)
    if rij is not None:
        rij.gegevens = json.dumps(data)
        rij.laatst_gebruikt_op = now
        session.commit()


def beeindig(session: Session, rij_id: int) -> None:
    session.exec(delete(Sessie).where(Sessie.id == rij_id))
    session.commit()


def beeindig_van_gebruiker(session: Session, gebruiker_id: int) -> int:
    """End every session of a user (deactivation, revocation, password change). Caller commits."""
    return session.exec(delete(Sessie).where(Sessie.gebruiker_id == gebruiker_id)).rowcount


def ruim_op(session: Session, now: datetime) -> int:
    """Delete sessions past their absolute lifetime. Caller commits."""
    return session.exec(delete(Sessie).where(Sessie.verloopt_op <= now)).rowcount


def raak_aan(session: Session, rij_id: int, now: datetime, na: timedelta) -> None:
    """Record activity (idle timeout), at most once per `na`."""
    rij = session.get(Sessie, rij_id)
    if rij is not None and now - rij.laatst_gebruikt_op >= na:
        rij.laatst_gebruikt_op = now
        session.commit()
