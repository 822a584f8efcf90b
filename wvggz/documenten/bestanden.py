"""Checks on an incoming file before anything is stored: name, size, and type from the content."""

from __future__ import annotations

import io
import unicodedata
import zipfile
from dataclasses import dataclass

from wvggz.errors import MissingField

VELD = "bestand"


@dataclass(frozen=True)
class Type:
    naam: str
    mime: str
    extensies: tuple[str, ...]


PDF = Type("PDF", "application/pdf", (".pdf",))
PNG = Type("PNG", "image/png", (".png",))
JPEG = Type("JPEG", "image/jpeg", (".jpg", ".jpeg"))
DOCX = Type("DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",))
TEKST = Type("platte tekst", "text/plain; charset=utf-8", (".txt",))
TYPES = (PDF, PNG, JPEG, DOCX, TEKST)
TOEGESTAAN = "PDF, PNG, JPEG, DOCX of platte tekst (.txt)"


def herken(inhoud: bytes) -> Type | None:
    """Return the type the bytes are, judged from their content alone; None when not accepted."""
    if inhoud.startswith(b"%PDF-"):
        return PDF
    if inhoud.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if inhoud.startswith(b"\xff\xd8\xff"):
        return JPEG
    if inhoud.startswith(b"PK\x03\x04"):
        return DOCX if _is_docx(inhoud) else None
    return TEKST if _is_tekst(inhoud) else None


def _is_docx(inhoud: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(inhoud)) as z:
            namen = set(z.namelist())
            return "[Content_Types].xml" in namen and "word/document.xml" in namen
    except (zipfile.BadZipFile, ValueError, OSError):
        return False


def _is_tekst(inhoud: bytes) -> bool:
    try:
        tekst = inhoud.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return not any(unicodedata.category(c) == "Cc" and c not in "\t\n\r\f" for c in tekst)


def controleer_naam(naam: str | None) -> str:
    """Return the name as given, or raise MissingField with a Dutch message; it is never used as a path."""
    naam = (naam or "").strip()
    if not naam:
        raise MissingField(VELD, "Het bestand heeft geen naam.")
    if len(naam) > 255:
        raise MissingField(VELD, "De bestandsnaam is te lang (meer dan 255 tekens).")
    if "/" in naam or "\\" in naam or naam in (".", "..") or ".." in naam.split("."):
        raise MissingField(VELD, "De bestandsnaam mag geen map of '..' bevatten; geef alleen de naam van het bestand.")
    if any(unicodedata.category(c) in ("Cc", "Cf") for c in naam):
        raise MissingField(VELD, "De bestandsnaam bevat onzichtbare of stuurtekens.")
    return naam


def controleer(naam: str | None, inhoud: bytes, max_bytes: int) -> tuple[str, Type]:
    """Return the checked name and the type of an incoming file, or raise MissingField (field 'bestand')."""
    naam = controleer_naam(naam)
    if not inhoud:
        raise MissingField(VELD, "Het bestand is leeg (0 bytes).")
    if len(inhoud) > max_bytes:
        raise MissingField(VELD, f"Het bestand is te groot: {_mb(len(inhoud))}; de grens is {_mb(max_bytes)}.")
    soort = herken(inhoud)
    if soort is None:
        raise MissingField(VELD, f"Dit soort bestand wordt niet aangenomen. Toegestaan: {TOEGESTAAN}.")
    extensie = "." + naam.rsplit(".", 1)[-1].lower() if "." in naam else ""
    if extensie not in soort.extensies:
        raise MissingField(VELD, f"De extensie '{extensie or '(geen)'}' past niet bij de inhoud ({soort.naam}); "
                                 f"gebruik {' of '.join(soort.extensies)}.")
    return naam, soort


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB".replace(".", ",")
