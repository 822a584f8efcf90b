"""Login with throttling and lockout (ASVS 2.2): per client address and per account a rate limit
(`limits`, moving window, in memory per process), and after `max_pogingen` wrong passwords in a row the
account is locked until `blokkade_minuten` have passed or beheer releases it (`wvggz gebruiker deblokkeer`,
/beheer/gebruikers). Optional TOTP (RFC 6238) as a second factor."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pyotp
from limits import parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter
from sqlmodel import Session, select

from wvggz.audit.service import schrijf_historie
from wvggz.clock import Clock
from wvggz.config import Settings
from wvggz.gebruikers.models import Gebruiker
from wvggz.gebruikers.service import controleer_wachtwoord


class Rem:
    """Rate limits for login attempts, one per app instance."""

    def __init__(self, settings: Settings) -> None:
        self.limiter = MovingWindowRateLimiter(MemoryStorage())
        self.per_adres = parse(settings.inlog_per_adres)
        self.per_account = parse(settings.inlog_per_account)

    def toegestaan(self, adres: str, gebruikersnaam: str) -> bool:
        """Count one attempt; False when the address or the account is over its limit."""
        adres_ok = self.limiter.hit(self.per_adres, "adres", adres)
        account_ok = self.limiter.hit(self.per_account, "account", gebruikersnaam.strip().lower()[:64])
        return adres_ok and account_ok


@dataclass(frozen=True)
class Uitslag:
    gebruiker: Gebruiker | None
    tweede_factor: bool = False


def log_in(session: Session, clock: Clock, settings: Settings, gebruikersnaam: str, wachtwoord: str) -> Uitslag:
    """Check the password under the lockout rules; counts failures and commits them."""
    nu = clock.now()
    bekend = session.exec(select(Gebruiker).where(Gebruiker.gebruikersnaam == gebruikersnaam)).first()
    geblokkeerd = bekend is not None and bekend.geblokkeerd_tot is not None and bekend.geblokkeerd_tot > nu
    gebruiker = controleer_wachtwoord(session, gebruikersnaam, wachtwoord)  # same work when locked
    if bekend is None or geblokkeerd:
        return Uitslag(None)
    if gebruiker is None:
        bekend.mislukte_pogingen += 1
        if bekend.mislukte_pogingen >= settings.inlog_max_pogingen:
            bekend.geblokkeerd_tot = nu + timedelta(minutes=settings.inlog_blokkade_minuten)
            bekend.mislukte_pogingen = 0
            schrijf_historie(session, clock, None, zaak_type="gebruiker", zaak_id=bekend.id, actie="geblokkeerd",
                             van=None, naar=None, reden=f"{settings.inlog_max_pogingen} onjuiste wachtwoorden")
        session.commit()
        return Uitslag(None)
    if gebruiker.mislukte_pogingen or gebruiker.geblokkeerd_tot:
        gebruiker.mislukte_pogingen, gebruiker.geblokkeerd_tot = 0, None
        session.commit()
    return Uitslag(gebruiker, tweede_factor=gebruiker.totp_geheim is not None)


def nieuw_totp_geheim() -> str:
    return pyotp.random_base32()


def totp_uri(geheim: str, gebruikersnaam: str) -> str:
    return pyotp.TOTP(geheim).provisioning_uri(name=gebruikersnaam, issuer_name="Wvggz-meldingen")


def controleer_totp(geheim: str, code: str, clock: Clock) -> bool:
    """True when `code` is the current (or the adjacent 30-second) TOTP code."""
    code = code.strip().replace(" ", "")
    return code.isdigit() and len(code) == 6 and pyotp.TOTP(geheim).verify(code, for_time=clock.now(),
                                                                            valid_window=1)
