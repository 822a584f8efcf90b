"""ASGI middleware for server-side sessions (replaces Starlette's signed-cookie sessions).

`request.session` stays a dict. The cookie carries a random key signed with the secret key; the data
lives in the `sessie` table. A changed `gebruiker_id` (login) gets a new key (no session fixation); an
emptied session (logout) deletes the row and the cookie.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from http.cookies import SimpleCookie
from typing import Any

import anyio
from itsdangerous import BadSignature, Signer
from sqlalchemy.exc import DisconnectionError, OperationalError
from starlette.datastructures import MutableHeaders
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from wvggz.db import lees
from wvggz.gebruikers import sessies

COOKIE = "wvggz_sessie"
AANRAKEN_NA = timedelta(seconds=60)
ZONDER_SESSIE = ("/static/", "/vendor/")  # write laatst_gebruikt_op at most once a minute per session


def niet_bereikbaar(scope: Scope) -> Response:
    """503 with Retry-After when the session store (the database) cannot be reached: never a 500."""
    tekst = "De database is tijdelijk niet bereikbaar. Probeer het over een halve minuut opnieuw."
    if scope["path"].startswith("/api/"):
        return JSONResponse({"detail": [{"loc": [], "msg": tekst, "type": "database_niet_bereikbaar"}]},
                            status_code=503, headers={"Retry-After": "30"})
    return HTMLResponse(f"<!doctype html><html lang=\"nl\"><title>Tijdelijk niet beschikbaar</title><p>{tekst}</p>",
                        status_code=503, headers={"Retry-After": "30"})


class ServerSessies:
    def __init__(self, app: ASGIApp, *, state: Any, secret_key: str, max_age: int, inactief: int,
                 https: bool) -> None:
        self.app, self.state = app, state
        self.signer = Signer(secret_key, salt="wvggz-sessie")
        self.levensduur, self.inactief = timedelta(seconds=max_age), timedelta(seconds=inactief)
        self.vlaggen = "; path=/; httponly; samesite=lax" + ("; secure" if https else "")

    def _sleutel(self, scope: Scope) -> str | None:
        for naam, waarde in scope.get("headers", []):
            if naam == b"cookie":
                morsel = SimpleCookie(waarde.decode("latin-1")).get(COOKIE)
                if morsel:
                    try:
                        return self.signer.unsign(morsel.value).decode()
                    except BadSignature:
                        return None
        return None

    def _laad(self, sleutel: str | None) -> tuple[int | None, dict, Any]:
        if not sleutel:
            return None, {}, None
        with self.state.session_factory() as db:
            lees(db)  # a read: no write lock on SQLite (an expired row is deleted in a writer)
            rij = sessies.laad(db, sleutel, self.state.clock.now(), self.inactief)
            return (rij.id, sessies.gegevens(rij), rij.laatst_gebruikt_op) if rij else (None, {}, None)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:  # noqa: C901
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        if scope["path"].startswith(ZONDER_SESSIE):  # static files: no database round trip
            scope["session"] = {}
            await self.app(scope, receive, send)
            return
        sleutel = self._sleutel(scope)
        try:  # no cookie (the JSON API): nothing to look up, no thread hop
            rij_id, begin, laatst = (await anyio.to_thread.run_sync(self._laad, sleutel)) if sleutel else (None, {}, None)
        except (OperationalError, DisconnectionError):
            await niet_bereikbaar(scope)(scope, receive, send)
            return
        data = dict(begin)
        scope["session"] = data
        nu = self.state.clock.now()
        plan: list = []  # [(action, ...)] decided when the response starts
        uitgesteld: list[Message] = []

        async def send_wrapper(message: Message) -> None:
            if message["type"] == "http.response.start":
                stap, cookie = self._plan(rij_id, begin, data, laatst, nu)
                if stap is not None:
                    plan.append(stap)
                if cookie is not None:
                    MutableHeaders(scope=message).append("Set-Cookie", cookie)
            if plan:
                # The request's own database session may still hold SQLite's write lock until the app
                # returns: write the session row then, and only then let the response out.
                uitgesteld.append(message)
                return
            await send(message)

        await self.app(scope, receive, send_wrapper)
        if plan:
            try:
                await anyio.to_thread.run_sync(self._voer_uit, plan[0], nu)
            except (OperationalError, DisconnectionError):
                await niet_bereikbaar(scope)(scope, receive, send)
                return
            for message in uitgesteld:
                await send(message)

    def _plan(self, rij_id: int | None, begin: dict, data: dict, laatst: Any, nu: Any) -> tuple[Any, str | None]:
        """Decide the database step and the Set-Cookie value (None: unchanged)."""
        if not data:
            if rij_id is None:
                return None, None
            return ("beeindig", rij_id), f"{COOKIE}=null; max-age=0{self.vlaggen}"
        if rij_id is None or data.get("gebruiker_id") != begin.get("gebruiker_id"):
            sleutel = secrets.token_urlsafe(32)
            waarde = self.signer.sign(sleutel).decode()
            cookie = f"{COOKIE}={waarde}; max-age={int(self.levensduur.total_seconds())}{self.vlaggen}"
            return ("nieuw", rij_id, sleutel, data), cookie
        if data != begin:
            return ("bewaar", rij_id, data), None
        if laatst is None or nu - laatst >= AANRAKEN_NA:
            return ("raak_aan", rij_id), None
        return None, None

    def _voer_uit(self, stap: tuple, nu: Any) -> None:
        with self.state.session_factory() as db:
            if stap[0] == "beeindig":
                sessies.beeindig(db, stap[1])
            elif stap[0] == "nieuw":
                if stap[1] is not None:
                    sessies.beeindig(db, stap[1])  # login: the old key is worthless (no session fixation)
                sessies.nieuw(db, stap[3], nu, self.levensduur, sleutel=stap[2])
            elif stap[0] == "bewaar":
                sessies.bewaar(db, stap[1], stap[2], nu)
            else:
                sessies.raak_aan(db, stap[1], nu, AANRAKEN_NA)
