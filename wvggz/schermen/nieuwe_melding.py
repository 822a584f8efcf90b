"""The new-melding screen: the choices for channel and relation (the search for an existing betrokkene
and the registration that stops on a likely duplicate are in `wvggz.meldingen.registratie`)."""

from __future__ import annotations

from typing import Any

from wvggz.meldingen.models import NAASTE_RELATIES, Kanaal, Relatie

KANAAL_TEKST = {"email": "e-mail", "ovp": "OVP", "webformulier": "webformulier"}
RELATIE_TEKST = {"broer_zus": "broer of zus", "vertegenwoordiger": "(wettelijk) vertegenwoordiger",
                 "familie_overig": "ander familielid", "buur": "buurtbewoner", "ovp": "OVP",
                 "woningcorporatie": "woningcorporatie", "anders": "anders"}


def keuzes() -> dict[str, Any]:
    """Return the select options: channels, and relations split into naasten (art. 5:2 lid 5) and others."""
    return {
        "kanalen": [(k.value, KANAAL_TEKST.get(k.value, k.value)) for k in Kanaal],
        "naaste_relaties": [(r.value, RELATIE_TEKST.get(r.value, r.value)) for r in Relatie if r in NAASTE_RELATIES],
        "overige_relaties": [(r.value, RELATIE_TEKST.get(r.value, r.value)) for r in Relatie
                             if r not in NAASTE_RELATIES],
    }
