"""Backups while the application runs, and restoring one.

SQLite: the online backup API (`sqlite3.Connection.backup`) copies a consistent snapshot page by page while
writers go on. PostgreSQL: `pg_dump --format=custom` (one consistent snapshot) and `pg_restore --clean
--if-exists --no-owner`; the commands are printed in docs and below, nothing else is needed."""

from __future__ import annotations

import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy.engine import make_url


class BackupFout(Exception):
    """The backup or restore cannot be done as asked (message in Dutch, no personal data)."""


def _sqlite_pad(url: str) -> Path | None:
    u = make_url(url)
    return Path(u.database) if u.get_backend_name() == "sqlite" and u.database else None


def _libpq(url: str) -> str:
    """postgresql+psycopg://… -> postgresql://… (what pg_dump understands)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def pg_dump_opdracht(url: str, pad: Path) -> list[str]:
    return ["pg_dump", "--format=custom", "--no-owner", f"--file={pad}", f"--dbname={_libpq(url)}"]


def pg_restore_opdracht(url: str, pad: Path) -> list[str]:
    return ["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
            f"--dbname={_libpq(url)}", str(pad)]


def maak_backup(url: str, pad: Path) -> Path:
    """Write a consistent copy of the database at `url` to `pad` (must not exist yet); returns `pad`."""
    pad = Path(pad)
    if pad.exists():
        raise BackupFout(f"{pad} bestaat al; kies een nieuw bestand.")
    pad.parent.mkdir(parents=True, exist_ok=True)
    bron = _sqlite_pad(url)
    if bron is not None:
        if not bron.exists():
            raise BackupFout("De database bestaat niet.")
        tijdelijk = pad.with_name(pad.name + ".deel")
        with sqlite3.connect(f"file:{bron}?mode=ro", uri=True, timeout=30) as van, sqlite3.connect(tijdelijk) as naar:
            van.backup(naar, pages=1024)
        van.close()
        naar.close()
        tijdelijk.rename(pad)  # a half-written backup never carries the final name
        return pad
    _draai(pg_dump_opdracht(url, pad))
    return pad


def herstel(url: str, pad: Path, *, forceer: bool = False) -> None:
    """Restore backup `pad` into the database at `url`; refuses a non-empty target unless `forceer`."""
    pad = Path(pad)
    if not pad.exists():
        raise BackupFout(f"{pad} bestaat niet.")
    doel = _sqlite_pad(url)
    if doel is not None:
        if doel.exists() and doel.stat().st_size > 0 and not forceer:
            raise BackupFout("De doeldatabase bestaat al; gebruik --forceer om haar te overschrijven.")
        doel.parent.mkdir(parents=True, exist_ok=True)
        with sqlite3.connect(f"file:{pad}?mode=ro", uri=True) as van, sqlite3.connect(doel, timeout=30) as naar:
            van.backup(naar)
        van.close()
        naar.close()
        return
    if not forceer:
        from sqlalchemy import create_engine, inspect

        engine = create_engine(url)
        try:
            if inspect(engine).get_table_names():
                raise BackupFout("De doeldatabase is niet leeg; gebruik --forceer om haar te overschrijven.")
        finally:
            engine.dispose()
    _draai(pg_restore_opdracht(url, pad))


def _draai(opdracht: list[str]) -> None:
    try:
        r = subprocess.run(opdracht, capture_output=True, text=True, timeout=3600)
    except FileNotFoundError:
        raise BackupFout(f"{opdracht[0]} niet gevonden (installeer de PostgreSQL-clienttools).") from None
    if r.returncode != 0:
        raise BackupFout(f"{opdracht[0]} mislukt (code {r.returncode}): {r.stderr.strip()[-500:]}")
