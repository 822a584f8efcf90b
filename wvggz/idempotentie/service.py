"""Run a create once per (user, Idempotency-Key): the key row is written in the create's own transaction,
so two concurrent retries cannot both make a case (the unique key stops the second); a retry within 24 h
reads the first case again (a logged read) instead of making another one."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import timedelta
from typing import Any, TypeVar

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from wvggz.clock import Clock
from wvggz.errors import ConflictError, MissingField
from wvggz.gebruikers.models import Gebruiker
from wvggz.idempotentie.models import IdempotentieSleutel

BEWAARTIJD = timedelta(hours=24)
VELD = "Idempotency-Key"
T = TypeVar("T")


def uitvoeren(
    *, session: Session, clock: Clock, actor: Gebruiker, sleutel: str | None, route: str, inhoud: Any,
    maak: Callable[[], tuple[int, T]], toon: Callable[[int], T],
) -> tuple[T, bool]:
    """Return (answer, True) after `maak()` made a case, or (toon(first case id), False) for a repeated key.

    `maak` must commit the session (it carries the key row); `inhoud` is hashed: the same key with another
    body is refused (422 naming the header)."""
    if not sleutel:
        return maak()[1], True
    vingerafdruk = hashlib.sha256(json.dumps(inhoud, sort_keys=True, default=str).encode()).hexdigest()
    now = clock.now()
    bestaand = _zoek(session, actor, sleutel)
    if bestaand is not None and bestaand.aangemaakt_op <= now - BEWAARTIJD:
        session.delete(bestaand)
        session.flush()
        bestaand = None
    if bestaand is not None:
        return _herhaal(bestaand, route, vingerafdruk, toon), False
    rij = IdempotentieSleutel(gebruiker_id=actor.id, sleutel=sleutel, route=route, verzoek_hash=vingerafdruk,
                              aangemaakt_op=now)
    session.add(rij)
    try:
        zaak_id, antwoord = maak()
    except IntegrityError:
        session.rollback()
        bestaand = _zoek(session, actor, sleutel)
        if bestaand is None:
            raise
        return _herhaal(bestaand, route, vingerafdruk, toon), False
    rij.zaak_id = zaak_id
    session.commit()
    return antwoord, True


def _zoek(session: Session, actor: Gebruiker, sleutel: str) -> IdempotentieSleutel | None:
    return session.exec(select(IdempotentieSleutel).where(
        IdempotentieSleutel.gebruiker_id == actor.id, IdempotentieSleutel.sleutel == sleutel)).first()


def _herhaal(rij: IdempotentieSleutel, route: str, vingerafdruk: str, toon: Callable[[int], T]) -> T:
    if rij.route != route or rij.verzoek_hash != vingerafdruk:
        raise MissingField(VELD, "Deze Idempotency-Key is al gebruikt voor een ander verzoek; kies een nieuwe sleutel.")
    if rij.zaak_id is None:
        raise ConflictError("Een verzoek met deze Idempotency-Key is nog in behandeling. Probeer het zo opnieuw.")
    return toon(rij.zaak_id)


def ruim_op(*, session_factory, clock: Clock, settings) -> int:  # noqa: ANN001
    """Delete keys older than 24 hours (scheduler job); returns how many."""
    with session_factory() as s:
        n = s.execute(delete(IdempotentieSleutel).where(
            IdempotentieSleutel.aangemaakt_op <= clock.now() - BEWAARTIJD)).rowcount
        s.commit()
    return n
