"""Small helpers for HTML forms: read a posted number, a safe local redirect target."""

from __future__ import annotations

from fastapi.responses import RedirectResponse

from wvggz.errors import MissingField


def getal(tekst: str | None, veld: str) -> int:
    """Return the posted positive integer, or raise MissingField naming `veld`."""
    tekst = (tekst or "").strip()
    if not tekst.isdigit() or not 0 < int(tekst) < 2**62:
        raise MissingField(veld, "Ongeldig nummer; laad de pagina opnieuw.")
    return int(tekst)


def terug_naar(doel: str | None, standaard: str, *toegestaan: str) -> RedirectResponse:
    """Redirect (303) to `doel` when it is a local path under one of `toegestaan`, else to `standaard`."""
    doel = doel or ""
    veilig = doel.startswith("/") and not doel.startswith("//") and "\\" not in doel
    if not (veilig and any(doel == p or doel.startswith(p + "?") or doel.startswith(p + "/") for p in toegestaan)):
        doel = standaard
    return RedirectResponse(doel, status_code=303)
