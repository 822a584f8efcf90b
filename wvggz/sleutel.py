"""The secret key: required and strong outside ontwikkeling; generated and kept under var/ in ontwikkeling."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from wvggz.config import ROOT, Settings

MIN_LENGTE = 32
BEKEND_ZWAK = frozenset({"", "dev-only-change-me", "changeme", "secret", "geheim"})
SLEUTELBESTAND = ROOT / "var" / "secret_key"


class ZwakkeSleutel(RuntimeError):
    """The app refuses to start: no strong WVGGZ_SECRET_KEY outside ontwikkeling."""


def is_sterk(sleutel: str) -> bool:
    return len(sleutel) >= MIN_LENGTE and sleutel not in BEKEND_ZWAK and len(set(sleutel)) >= 10


def geheime_sleutel(settings: Settings, bestand: Path = SLEUTELBESTAND) -> str:
    """Return the key to use, or raise ZwakkeSleutel. In ontwikkeling a missing key is generated once."""
    if is_sterk(settings.secret_key):
        return settings.secret_key
    if not settings.ontwikkeling:
        raise ZwakkeSleutel(
            "WVGGZ_SECRET_KEY ontbreekt of is zwak (minstens 32 willekeurige tekens nodig, bijvoorbeeld "
            "`python -c 'import secrets; print(secrets.token_urlsafe(48))'`). Alleen met "
            "WVGGZ_OMGEVING=ontwikkeling start de app zonder.")
    if settings.secret_key:
        return settings.secret_key  # ontwikkeling: a developer's own key is accepted
    if bestand.exists():
        return bestand.read_text().strip()
    bestand.parent.mkdir(parents=True, exist_ok=True)
    sleutel = secrets.token_urlsafe(48)
    fd = os.open(bestand, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(sleutel + "\n")
    return sleutel
