"""The base URL of links in messages: outside ontwikkeling it must be an address others can reach."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from wvggz.config import Settings


class LokaleBasisUrl(RuntimeError):
    """The app refuses to start: WVGGZ_BASIS_URL points at this machine outside ontwikkeling."""


def is_lokaal(url: str) -> bool:
    """Return whether `url` has no host or a loopback/unspecified one (127.0.0.0/8, ::1, 0.0.0.0, localhost)."""
    try:
        host = (urlsplit(url.strip()).hostname or "").rstrip(".").lower()
    except ValueError:
        return True
    if not host or host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        adres = ipaddress.ip_address(host)
    except ValueError:
        return False
    return adres.is_loopback or adres.is_unspecified


def controleer_basis_url(settings: Settings) -> None:
    """Raise LokaleBasisUrl when links in messages would lead to this machine; ontwikkeling keeps the default."""
    if settings.ontwikkeling or not is_lokaal(settings.basis_url):
        return
    raise LokaleBasisUrl(
        f"WVGGZ_BASIS_URL ({settings.basis_url or 'leeg'}) wijst naar deze machine: links in berichten zouden "
        "voor ontvangers nergens heen leiden. Stel het adres in waarop medewerkers de applicatie openen, "
        "bijvoorbeeld https://wvggz.gemeente.nl. Alleen met WVGGZ_OMGEVING=ontwikkeling start de app zonder.")
