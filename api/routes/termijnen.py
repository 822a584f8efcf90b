"""JSON API: compute a legal term with its explanation."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from api.deps import SettingsDep, recht
from api.routes.common import fouten
from wvggz.gebruikers.models import Gebruiker
from wvggz.termijnen import service

router = APIRouter(prefix="/api/v1/termijnen", tags=["termijnen"])
Rekenaar = Annotated[Gebruiker, Depends(recht("termijn.bereken"))]


@router.get("/bereken", responses=fouten(403))
def bereken(
    user: Rekenaar, settings: SettingsDep,
    soort: Annotated[str, Query(max_length=40, description="Code uit de regeltabel, bijv. melding_beslissing")],
    start: Annotated[str, Query(max_length=40, description="Datum (dagtermijnen) of ISO-datumtijd (uurtermijnen)")],
) -> dict[str, Any]:
    """Return einddatum, eindmoment, grondslag, zekerheid and toelichting of one term."""
    return service.bereken_voor_api(soort, start, settings)


@router.get("/regels")
def regels(user: Rekenaar, settings: SettingsDep) -> list[dict[str, Any]]:
    """The rules table as built: every term with its length, unit, Atw and legal basis."""
    return service.regels_tabel(settings)
