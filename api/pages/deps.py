"""Page dependencies: the logged-in user for the header (name, role, unread count) and a permission check.

Use `PaginaGebruiker` for any logged-in page, or `Depends(pagina_recht("melding.lees"))` for a page that
needs a permission of wvggz/gebruikers/rechten.py: no session sends the browser to /login, a role without
the permission shows the 403 page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Annotated

from fastapi import Depends, Request

from api.deps import SessionDep, sessie_gebruiker
from wvggz.errors import Forbidden
from wvggz.gebruikers.models import Gebruiker
from wvggz.gebruikers.rechten import RECHTEN, mag, rollen
from wvggz.schermen.kop import ongelezen


@dataclass(frozen=True)
class Kopgebruiker:
    """Snapshot of the user for the header: still readable in an error page after the session closed."""

    id: int
    gebruikersnaam: str
    naam: str
    rol: str
    gemeente: str


def pagina_gebruiker(request: Request, session: SessionDep) -> Gebruiker:
    """Return the logged-in user and put a snapshot of it, with the unread count, on `request.state`."""
    gebruiker = sessie_gebruiker(request, session)
    request.state.gebruiker = Kopgebruiker(gebruiker.id, gebruiker.gebruikersnaam, gebruiker.naam, gebruiker.rol,
                                           gebruiker.gemeente)
    request.state.ongelezen = ongelezen(session, gebruiker)
    return gebruiker


PaginaGebruiker = Annotated[Gebruiker, Depends(pagina_gebruiker)]


@cache
def pagina_recht(naam: str) -> Callable[..., Gebruiker]:
    """Return a dependency that admits only users whose role grants `naam` (others get the 403 page).

    The returned function carries `.recht`, so tests read every page's permission off the route itself."""
    if naam not in RECHTEN:
        raise KeyError(f"Onbekend recht {naam!r}: voeg het toe aan wvggz/gebruikers/rechten.py")

    async def toegelaten(gebruiker: PaginaGebruiker) -> Gebruiker:  # no I/O: on the event loop, no thread hop
        if not mag(gebruiker, naam):
            namen = ", ".join(rollen(naam))
            raise Forbidden(f"Deze pagina is voor de rol {namen}; u bent ingelogd als {gebruiker.rol}.")
        return gebruiker

    toegelaten.recht = naam  # type: ignore[attr-defined]
    return toegelaten
