"""Create users, check passwords, issue and resolve API tokens."""

from __future__ import annotations

import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import Session, select

from wvggz.clock import Clock
from wvggz.errors import ConflictError, MissingField
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
    if len(wachtwoord) < 8:
        raise MissingField("wachtwoord", "Het wachtwoord moet ten minste 8 tekens hebben.")
    if session.exec(select(Gebruiker).where(Gebruiker.gebruikersnaam == gebruikersnaam)).first():
        raise ConflictError(f"Gebruiker '{gebruikersnaam}' bestaat al.")
    gebruiker = Gebruiker(
        gebruikersnaam=gebruikersnaam, naam=naam or gebruikersnaam, rol=rol, gemeente=gemeente,
        wachtwoord_hash=_hasher.hash(wachtwoord), aangemaakt_op=clock.now(),
    )
    session.add(gebruiker)
    session.flush()
    return gebruiker


def maak_token(*, session: Session, clock: Clock, gebruiker: Gebruiker) -> str:
    """Issue a new API token for the user; only its hash is stored. Returns the token."""
    token = secrets.token_urlsafe(32)
    session.add(ApiToken(gebruiker_id=gebruiker.id, token_hash=_token_hash(token), aangemaakt_op=clock.now()))
    session.flush()
    return token


def gebruiker_bij_token(session: Session, token: str) -> Gebruiker | None:
    """Return the active user owning `token`, or None."""
    stmt = select(Gebruiker).join(ApiToken).where(ApiToken.token_hash == _token_hash(token))
    gebruiker = session.exec(stmt).first()
    return gebruiker if gebruiker and gebruiker.actief else None


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
