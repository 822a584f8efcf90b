"""The deep link that survives the login: `/login?next=/meldingen/12` leads to the case after logging in.

Only a local path of this app is followed (no scheme, no host, no `//` or backslash, no login pages, no API);
anything else falls back to the user's start page, so the parameter cannot send anyone elsewhere."""

from __future__ import annotations

from urllib.parse import quote, urlsplit

MAX_LENGTE = 1000
_NIET = ("/login", "/logout", "/api/", "/static/")


def veilig_pad(waarde: object) -> str | None:
    """Return `waarde` when it is a safe local path of this app, else None."""
    if not isinstance(waarde, str) or not waarde.startswith("/") or len(waarde) > MAX_LENGTE:
        return None
    if waarde.startswith("//") or "\\" in waarde or any(ord(c) < 33 or ord(c) == 127 for c in waarde):
        return None
    delen = urlsplit(waarde)
    if delen.scheme or delen.netloc or any(delen.path.startswith(n) for n in _NIET) or delen.path == "/login":
        return None
    return waarde


def login_url(pad: str, query: str = "") -> str:
    """The login page that returns to `pad` (with its query) afterwards; plain /login when that is not safe."""
    doel = veilig_pad(f"{pad}?{query}" if query else pad)
    return f"/login?next={quote(doel, safe='/')}" if doel and doel != "/" else "/login"
