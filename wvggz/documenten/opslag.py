"""The file store of incoming documents: a folder outside the web root (default var/documenten).

A file is stored under a random key, never under the name it came with; its SHA-256 is checked when
it is read back.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
from pathlib import Path

_SLEUTEL = re.compile(r"^[0-9a-f]{32}$")


class OpslagFout(Exception):
    """The stored bytes are missing or no longer match their hash."""


class Opslag:
    def __init__(self, map_: Path) -> None:
        self.map = Path(map_)

    def _pad(self, sleutel: str) -> Path:
        if not _SLEUTEL.match(sleutel):
            raise OpslagFout("Ongeldige opslagsleutel.")
        return self.map / sleutel[:2] / sleutel

    def schrijf(self, inhoud: bytes) -> str:
        """Store the bytes under a new random key (written to a temporary name, then renamed)."""
        sleutel = secrets.token_hex(16)
        pad = self._pad(sleutel)
        pad.parent.mkdir(parents=True, exist_ok=True)
        tijdelijk = pad.with_suffix(".deel")
        with open(tijdelijk, "xb") as f:
            f.write(inhoud)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tijdelijk, pad)
        return sleutel

    def lees(self, sleutel: str, sha256: str) -> bytes:
        """Return the stored bytes; raises OpslagFout when missing or when the hash differs."""
        try:
            inhoud = self._pad(sleutel).read_bytes()
        except FileNotFoundError:
            raise OpslagFout("Het bestand ontbreekt in de opslag.") from None
        if hashlib.sha256(inhoud).hexdigest() != sha256:
            raise OpslagFout("Het bestand in de opslag is gewijzigd (hash klopt niet).")
        return inhoud

    def verwijder(self, sleutel: str) -> None:
        """Remove a file whose row was never committed (a failed upload)."""
        self._pad(sleutel).unlink(missing_ok=True)
