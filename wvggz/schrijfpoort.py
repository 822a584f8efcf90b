"""The writer gate of a SQLite file: one writing transaction at a time, handed over without sleeping.

SQLite lets one connection write at a time. A second writer that finds the lock taken waits in SQLite's busy
handler, which sleeps in steps of 1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50 and 100 ms however soon the lock is
freed: under load a write of 4 ms waited 100 ms and more, which made a p99 of seconds (ADR 0022). The gate queues
writers in front of `BEGIN IMMEDIATE` instead:
- within a process on a thread lock: the next writer is woken the moment the lock is freed;
- across processes (web workers, scheduler, CLI) on an flock of `<database>.schrijfpoort`, tried at once and
  then polled at 50 µs growing to 1 ms, so a waiting process is never more than a millisecond late.
A writer waits at most `WACHTTIJD` (the busy timeout) and then gets "database is locked", as before. Readers
never touch the gate. The gate is released when the transaction ends (commit, rollback, or closing the
connection); a process that dies releases its flock with it.
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
import threading
import time

WACHTTIJD = 30.0  # seconds, the same as the connection's busy timeout


class Schrijfpoort:
    """The gate of one database file in this process."""

    def __init__(self, pad: str) -> None:
        self.pad = pad + ".schrijfpoort"
        self._slot = threading.Lock()
        self._fd: int | None = None

    def neem(self, wachttijd: float = WACHTTIJD) -> None:
        """Wait until this thread may write; raises sqlite3.OperationalError after `wachttijd` seconds."""
        eind = time.monotonic() + wachttijd
        if not self._slot.acquire(timeout=wachttijd):
            raise sqlite3.OperationalError("database is locked (schrijfpoort)")
        try:
            if self._fd is None:
                self._fd = os.open(self.pad, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
            pauze = 0.00005
            while True:
                try:
                    fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    return
                except BlockingIOError:
                    if time.monotonic() > eind:
                        raise sqlite3.OperationalError("database is locked (schrijfpoort)") from None
                    time.sleep(pauze)
                    pauze = min(pauze * 2, 0.001)
        except BaseException:
            self._slot.release()
            raise

    def geef(self) -> None:
        """Let the next writer in (this process's first, then the other processes')."""
        try:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
        finally:
            self._slot.release()


_POORTEN: dict[str, Schrijfpoort] = {}
_POORTEN_SLOT = threading.Lock()


def poort(database: str) -> Schrijfpoort:
    """Return this process's gate of the file `database` (one per file, shared by every engine)."""
    pad = os.path.realpath(database)
    with _POORTEN_SLOT:
        return _POORTEN.setdefault(pad, Schrijfpoort(pad))


class PoortVerbinding(sqlite3.Connection):
    """A sqlite3 connection that holds its file's gate from `neem_poort` (before BEGIN IMMEDIATE) until the
    transaction ends: commit, rollback (also the pool's reset) or close."""

    def __init__(self, database, *args, **kwargs) -> None:  # noqa: ANN001, ANN002, ANN003
        super().__init__(database, *args, **kwargs)
        naam = os.fspath(database)
        self._poort = None if naam in ("", ":memory:") or naam.startswith("file:") else poort(naam)
        self._houdt = False

    def neem_poort(self) -> None:
        if self._poort is not None and not self._houdt:
            self._poort.neem()
            self._houdt = True

    def geef_poort(self) -> None:
        if self._houdt:
            self._houdt = False
            self._poort.geef()

    def commit(self) -> None:
        try:
            super().commit()
        finally:
            self.geef_poort()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self.geef_poort()

    def close(self) -> None:
        try:
            super().close()
        finally:
            self.geef_poort()
