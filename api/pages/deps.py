"""Page dependencies: the logged-in user for the header (name, role, unread count) and a role check.

Use `PaginaGebruiker` for any logged-in page, or `Depends(rol(Rol.X, ...))` for a page of some roles:
no session sends the browser to /login, a wrong role shows the 403 page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from api.deps import SessionDep, sessie_gebruiker
from wvggz.dashboard.kop import ongelezen
from wvggz.errors import Forbidden
from wvggz.gebruikers.models import Gebruiker, Rol


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


def rol(*rollen: Rol) -> Callable[[Gebruiker], Gebruiker]:
    """Return a dependency that admits only users with one of `rollen` (others get the 403 page)."""

    def alleen(gebruiker: PaginaGebruiker) -> Gebruiker:
        if Rol(gebruiker.rol) not in rollen:
            namen = ", ".join(r.value for r in rollen)
            raise Forbidden(f"Deze pagina is voor de rol {namen}; u bent ingelogd als {gebruiker.rol}.")
        return gebruiker

    return alleen
