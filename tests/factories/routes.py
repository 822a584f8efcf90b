"""The routes of the running app with the permission each declares, for the permission matrices.

Each route declares its permission once, as its dependency (`recht(...)` in api/deps.py, `pagina_recht(...)` in
api/pages/deps.py); the dependency carries the name as `.recht`. `eisen` reads it off the app's routes."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI
from fastapi.routing import iter_route_contexts

GEEN_ID = "999999999"  # a valid id that no case has: a permitted role gets 404 or 422, never 403


@dataclass(frozen=True)
class Eis:
    methode: str
    pad: str  # as declared, e.g. /api/v1/meldingen/{melding_id}
    recht: str | None
    api: bool
    voorbeeld: str  # the path with every parameter filled in


def _rechten_van(dependant: Any) -> list[str]:
    """Return every permission declared by the dependencies of `dependant`, depth first."""
    gevonden: list[str] = []
    for sub in dependant.dependencies:
        if hasattr(sub.call, "recht"):
            gevonden.append(sub.call.recht)
        gevonden += _rechten_van(sub)
    return gevonden


def eisen(app: FastAPI) -> Iterator[Eis]:
    """Yield (method, path, permission) of every route of `app` (static mounts excepted)."""
    for route in iter_route_contexts(app.routes):
        if not getattr(route, "methods", None) or route.path_format.startswith("/static"):
            continue
        dependant = getattr(route, "dependant", None)
        gevonden = _rechten_van(dependant) if dependant is not None else []
        assert len(set(gevonden)) <= 1, f"{route.path_format} declares more than one permission: {gevonden}"
        voorbeeld = route.path_format
        for param in dependant.path_params if dependant is not None else []:
            waarde = GEEN_ID if param.field_info.annotation is int else "x"
            voorbeeld = voorbeeld.replace("{" + param.name + "}", waarde)
        for methode in sorted(route.methods - {"HEAD"}):
            yield Eis(methode, route.path_format, gevonden[0] if gevonden else None,
                      route.path_format.startswith("/api/"), voorbeeld)
