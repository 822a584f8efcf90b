"""Request body limit (1 MB by default; upload paths excepted): 413 before the body is read."""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_BYTES = 1024 * 1024


class TeGroot(Exception):
    pass


class BodyLimiet:
    def __init__(self, app: ASGIApp, *, max_bytes: int = MAX_BYTES, uitgezonderd: tuple[str, ...] = ()) -> None:
        self.app, self.max_bytes, self.uitgezonderd = app, max_bytes, uitgezonderd

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or (self.uitgezonderd and scope["path"].startswith(self.uitgezonderd)):
            await self.app(scope, receive, send)
            return
        lengte = dict(scope.get("headers", [])).get(b"content-length")
        if lengte is not None and (not lengte.isdigit() or int(lengte) > self.max_bytes):
            await self._weiger(scope, send)
            return
        gelezen = 0
        gestart = geweigerd = False

        async def tellend() -> Message:
            nonlocal gelezen, gestart, geweigerd
            message = await receive()
            if message["type"] == "http.request":
                gelezen += len(message.get("body", b""))
                if gelezen > self.max_bytes:
                    if not gestart:  # answer now: the app may turn the error below into its own 400
                        await self._weiger(scope, send)
                        gestart = geweigerd = True
                    raise TeGroot()
            return message

        async def send_wrapper(message: Message) -> None:
            nonlocal gestart
            if geweigerd:
                return
            gestart = gestart or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, tellend, send_wrapper)
        except TeGroot:
            pass

    async def _weiger(self, scope: Scope, send: Send) -> None:
        tekst = f"Het verzoek is te groot (hoogstens {self.max_bytes // 1024} kB)."
        if scope["path"].startswith("/api/"):
            body = json.dumps({"detail": [{"loc": ["body"], "msg": tekst, "type": "te_groot"}]}).encode()
            soort = b"application/json"
        else:
            body, soort = tekst.encode(), b"text/plain; charset=utf-8"
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", soort), (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})
