"""Create users, check passwords, issue and resolve API tokens."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import bindparam
from sqlmodel import Session, select

from wvggz.clock import Clock
from wvggz.db import schrijf
from wvggz.errors import ConflictError, MissingField
from wvggz.gebruikers import wachtwoordbeleid
from wvggz.gebruikers.models import ApiToken, Gebruiker, Rol
from wvggz.gebruikers.rechten import bekende_rol

_hasher = PasswordHasher()


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def maak_gebruiker(
    *, session: Session, clock: Clock, gebruikersnaam: str, rol: str, wachtwoord: str,
    gemeente: str, naam: str | None = None,
) -> Gebruiker:
    """Create a user with an argon2 password hash; raises on a bad role or a taken name."""
    if not bekende_rol(rol):
        raise MissingField("rol", f"Onbekende rol '{rol}'; kies uit {', '.join(r.value for r in Rol)}.")
    wachtwoordbeleid.controleer(wachtwoord, gebruikersnaam)
    if session.exec(select(Gebruiker).where(Gebruiker.gebruikersnaam == gebruikersnaam)).first():
        raise ConflictError(f"Gebruiker '{gebruikersnaam}' bestaat al.")
    gebruiker = Gebruiker(
        gebruikersnaam=gebruikersnaam, naam=naam or gebruikersnaam, rol=rol, gemeente=gemeente,
        wachtwoord_hash=_hasher.hash(wachtwoord), aangemaakt_op=clock.now(),
    )
    session.add(gebruiker)
    session.flush()
    return gebruiker


def maak_token(*, session: Session, clock: Clock, gebruiker: Gebruiker, geldig_dagen: int = 90) -> str:
    """Issue a new API token for the user, valid `geldig_dagen`; only its hash is stored. Returns the token."""
    token = secrets.token_urlsafe(32)
    nu = clock.now()
    session.add(ApiToken(gebruiker_id=gebruiker.id, token_hash=_token_hash(token), aangemaakt_op=nu,
                         verloopt_op=nu + timedelta(days=geldig_dagen)))
    session.flush()
    return token


# the token joined to its user: one indexed read, built once (every API request runs it)
_BIJ_TOKEN = (select(ApiToken, Gebruiker).join(Gebruiker, Gebruiker.id == ApiToken.gebruiker_id)
              .where(ApiToken.token_hash == bindparam("h")))


def gebruiker_bij_token(session: Session, token: str, *, clock: Clock) -> Gebruiker | None:
    """Return the active user owning `token` when it is neither expired nor revoked, else None.
    Records `laatst_gebruikt` (at most once a minute) and commits it."""
    gevonden = session.exec(_BIJ_TOKEN, params={"h": _token_hash(token)}).first()
    if gevonden is None:
        return None
    rij, gebruiker = gevonden
    nu = clock.now()
    if rij.ingetrokken_op is not None or rij.verloopt_op <= nu or not gebruiker.actief:
        return None
    if rij.laatst_gebruikt is None or nu - rij.laatst_gebruikt >= timedelta(minutes=1):
        schrijf(session)  # the lookup may have been a read transaction (lees): write in a fresh writer
        rij.laatst_gebruikt = nu
        session.commit()
    return gebruiker


def controleer_wachtwoord(session: Session, gebruikersnaam: str, wachtwoord: str) -> Gebruiker | None:
    """Return the active user when the password matches, else None."""
    gebruiker = session.exec(select(Gebruiker).where(Gebruiker.gebruikersnaam == gebruikersnaam)).first()
    if gebruiker is None or not gebruiker.actief:
        _hasher.hash(wachtwoord)  # same work either way: no timing hint about existing names
        return None
    try:
        _hasher.verify(gebruiker.wachtwoord_hash, wachtwoord)
    except (VerificationError, InvalidHashError):
        return None
    return gebruiker


def zet_wachtwoord(gebruiker: Gebruiker, wachtwoord: str) -> None:
    """Set a new password after the policy check (raises MissingField 'nieuw')."""
    wachtwoordbeleid.controleer(wachtwoord, gebruiker.gebruikersnaam, veld="nieuw")
    gebruiker.wachtwoord_hash = _hasher.hash(wachtwoord)
