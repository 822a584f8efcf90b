"""Every case kind by name: what features written once for all cases (notes, documents, assignment) look up."""

from __future__ import annotations

from wvggz.crisismaatregelen.soort import BEROEP_ZAAK, CRISISMAATREGEL_ZAAK
from wvggz.errors import NotFound
from wvggz.meldingen.soort import MELDING_ZAAK
from wvggz.triage.soort import TRIAGE_ZAAK
from wvggz.zaken.soort import Zaaksoort

SOORTEN: dict[str, Zaaksoort] = {s.naam: s for s in (MELDING_ZAAK, CRISISMAATREGEL_ZAAK, BEROEP_ZAAK, TRIAGE_ZAAK)}


def zaaksoort(naam: str) -> Zaaksoort:
    """Return the case kind called `naam`; NotFound for any other name."""
    try:
        return SOORTEN[naam]
    except KeyError:
        raise NotFound(f"Onbekende zaaksoort '{naam}'.") from None
