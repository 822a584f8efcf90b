"""Request body limit (1 MB by default): 413 before the body is read. Document uploads (paths ending in
`/documenten/upload`, and the configured prefixes) have their own, larger limit: the upload size of the
settings plus room for the form; the service refuses a file over the upload size itself with a 422."""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_BYTES = 1024 * 1024


class TeGroot(Exception):
    pass


UPLOAD_RUIMTE = 2 * 1024 * 1024  # multipart framing and form fields around an uploaded file


class BodyLimiet:
    def __init__(self, app: ASGIApp, *, max_bytes: int = MAX_BYTES, uitgezonderd: tuple[str, ...] = (),
                 upload_max_bytes: int | None = None) -> None:
        self.app, self.standaard, self.uitgezonderd = app, max_bytes, uitgezonderd
        self.upload_max = None if upload_max_bytes is None else upload_max_bytes + UPLOAD_RUIMTE

    def _grens(self, pad: str) -> int | None:
        """The limit of this path: None for a configured exception, the upload limit for uploads."""
        if self.uitgezonderd and pad.startswith(self.uitgezonderd):
            return None
        if pad.endswith("/documenten/upload") and self.upload_max is not None:
            return self.upload_max
        return self.standaard

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        grens = self._grens(scope["path"]) if scope["type"] == "http" else None
        if grens is None:
            await self.app(scope, receive, send)
            return
        lengte = dict(scope.get("headers", [])).get(b"content-length")
        if lengte is not None and (not lengte.isdigit() or int(lengte) > grens):
            await self._weiger(scope, send, grens)
            return
        gelezen = 0
        gestart = geweigerd = False

        async def tellend() -> Message:
            nonlocal gelezen, gestart, geweigerd
            message = await receive()
            if message["type"] == "http.request":
                gelezen += len(message.get("body", b""))
                if gelezen > grens:
                    if not gestart:  # answer now: the app may turn the error below into its own 400
                        await self._weiger(scope, send, grens)
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

    async def _weiger(self, scope: Scope, send: Send, grens: int) -> None:
        tekst = f"Het verzoek is te groot (hoogstens {grens // 1024} kB)."
        if scope["path"].startswith("/api/"):
            body = json.dumps({"detail": [{"loc": ["body"], "msg": tekst, "type": "te_groot"}]}).encode()
            soort = b"application/json"
        else:
            body, soort = tekst.encode(), b"text/plain; charset=utf-8"
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", soort), (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})
