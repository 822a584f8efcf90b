"""Dependencies: session, clock, settings, the current user (API: Bearer token; pages: server session) and
the permission a route needs: `Depends(recht("melding.lees"))`, looked up in wvggz/gebruikers/rechten.py."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from functools import cache
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from wvggz.clock import Clock
from wvggz.config import Settings
from wvggz.db import houd_geschreven_vast, lees, leessessie, leest, schrijf
from wvggz.gebruikers.models import Gebruiker
from wvggz.gebruikers.rechten import RECHTEN, vereis
from wvggz.gebruikers.service import gebruiker_bij_token


class NietIngelogd(Exception):
    """No valid credentials: 401 for the API, a redirect to the login page for pages."""


LEESMETHODEN = ("GET", "HEAD")  # these requests read; an access-log row gets its own short writer (ADR 0018)


async def get_session(request: Request) -> AsyncIterator[Session]:
    """The request's session. Dependencies that do no I/O are `async` (run on the event loop, no thread hop:
    ADR 0022); opening a session does none, and closing one without a transaction neither. A transaction
    still open at the end (a GET's read, a POST's answer) ends by closing the session (the pool rolls the
    connection back; no snapshot of loaded objects is restored as `Session.rollback` would): on the loop for
    SQLite (in-process, microseconds), in a worker thread for a server database."""
    session = request.app.state.session_factory()
    if request.method in LEESMETHODEN:
        leessessie(session)
    else:
        houd_geschreven_vast(session)
    try:
        yield session
    finally:
        if not session.in_transaction() or _op_de_lus(session):
            session.close()
        else:
            await run_in_threadpool(_sluit, session)


def _op_de_lus(session: Session) -> bool:
    """True for SQLite: ending its transaction (the connection's rollback on return to the pool) is in-process."""
    return session.get_bind().dialect.name == "sqlite"


def _sluit(session: Session) -> None:
    """Close a server database's session. A read transaction (`lees`: nothing can have been written in it) ends
    with COMMIT rather than ROLLBACK: psycopg answers every ROLLBACK with a second round trip (DEALLOCATE ALL)
    that throws away the connection's prepared statements (ADR 0025)."""
    try:
        if leest(session) and not (session.new or session.dirty or session.deleted):
            session.commit()
    except Exception:  # noqa: BLE001, S110 -- a broken read (database gone: answered already); close ends it
        pass
    finally:
        session.close()


async def get_clock(request: Request) -> Clock:
    return request.app.state.clock


async def get_settings_dep(request: Request) -> Settings:
    return request.app.state.settings


SessionDep = Annotated[Session, Depends(get_session)]
ClockDep = Annotated[Clock, Depends(get_clock)]
SettingsDep = Annotated[Settings, Depends(get_settings_dep)]


bearer = HTTPBearer(auto_error=False, description="API-token van `wvggz gebruiker maak`")


def current_user(
    request: Request, session: SessionDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)] = None,
) -> Gebruiker:
    """Return the user of the Bearer token (the JSON API takes nothing else); raise NietIngelogd otherwise."""
    auth = request.headers.get("authorization", "")
    gebruiker = None
    if auth.lower().startswith("bearer "):
        leest_door = request.method in LEESMETHODEN or _op_de_lus(session)
        if leest_door:
            lees(session)  # the lookup is a read: on SQLite it never takes the write lock
        # PostgreSQL, a change: the lookup opens the handler's writer (no COMMIT and BEGIN between them, ADR 0025)
        gebruiker = gebruiker_bij_token(session, auth[7:].strip(), clock=request.app.state.clock)
        if request.method not in LEESMETHODEN and leest_door:
            schrijf(session)  # end that read; the handler opens its own writer (a GET reads on)
    if gebruiker is None:
        raise NietIngelogd()
    request.state.gebruiker_id = gebruiker.id  # for the access log of a refused request (api/errors.py)
    return gebruiker


def sessie_gebruiker(request: Request, session: SessionDep) -> Gebruiker:
    """Return the active user of the server-side page session; raise NietIngelogd otherwise."""
    gebruiker_id = request.session.get("gebruiker_id") if "session" in request.scope else None
    lees(session)  # the lookup is a read: on SQLite it never takes the write lock
    gebruiker = session.get(Gebruiker, gebruiker_id) if isinstance(gebruiker_id, int) else None
    if request.method not in LEESMETHODEN:
        schrijf(session)  # end that read; the handler opens its own writer (a GET reads on)
    if gebruiker is None or not gebruiker.actief:
        raise NietIngelogd()
    request.state.gebruiker_id = gebruiker.id  # for the access log of a refused request (api/errors.py)
    return gebruiker


UserDep = Annotated[Gebruiker, Depends(current_user)]


@cache
def recht(naam: str) -> Callable[..., Gebruiker]:
    """Return the dependency that admits the current user when the role grants `naam`, else 403.

    The returned function carries `.recht`, so tests read every route's permission off the route itself."""
    if naam not in RECHTEN:
        raise KeyError(f"Onbekend recht {naam!r}: voeg het toe aan wvggz/gebruikers/rechten.py")

    async def toegelaten(gebruiker: UserDep) -> Gebruiker:  # no I/O: on the event loop, no thread hop
        vereis(gebruiker, naam)
        return gebruiker

    toegelaten.recht = naam  # type: ignore[attr-defined]
    return toegelaten
