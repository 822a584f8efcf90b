"""Refused reads (403) in the access log: who tried, which case or person, from where, for what.

Services raise Forbidden and know nothing of requests; the web layer's error handler calls
`log_weigering` with what the request says, in a transaction of its own (the request's is rolled back).
"""

from __future__ import annotations

import logging

from wvggz.audit.keten import zaak_model
from wvggz.audit.models import Toegang
from wvggz.clock import Clock
from wvggz.db import SessionFactory, transaction
from wvggz.gebruikers.models import Gebruiker
from wvggz.personen.models import Persoon

log = logging.getLogger("wvggz.audit")

# path parameter -> case type; the first one present names what was asked for
PARAMETERS = {"melding_id": "melding", "triage_id": "triage", "crisismaatregel_id": "crisismaatregel",
              "beroep_id": "beroep", "persoon_id": "persoon"}
BETROKKENE = {"melding": "betrokkene_id", "triage": "persoon_id", "crisismaatregel": "betrokkene_id",
              "beroep": "betrokkene_id"}


def log_weigering(
    factory: SessionFactory, clock: Clock, *, gebruiker_id: int | None, parameters: dict[str, object],
    adres: str | None, doel: str,
) -> Toegang | None:
    """Append one 'geweigerd' access row; the case's gemeente and person when the case exists. Never raises."""
    zaak_type, zaak_id = next(((t, parameters[p]) for p, t in PARAMETERS.items() if p in parameters),
                              ("pagina", None))
    zaak_id = int(zaak_id) if isinstance(zaak_id, int) or (isinstance(zaak_id, str) and zaak_id.isascii()
                                                           and zaak_id.isdigit() and len(zaak_id) < 10) else None
    try:
        with transaction(factory) as session:
            gebruiker = session.get(Gebruiker, gebruiker_id) if gebruiker_id else None
            persoon_id, gemeente = None, gebruiker.gemeente if gebruiker else ""
            if zaak_type == "persoon":
                persoon_id = zaak_id
                persoon = session.get(Persoon, zaak_id) if zaak_id is not None else None
                gemeente = persoon.gemeente if persoon is not None else gemeente
            elif (model := zaak_model(zaak_type)) is not None and zaak_id is not None:
                zaak = session.get(model, zaak_id)
                if zaak is not None:
                    persoon_id, gemeente = getattr(zaak, BETROKKENE[zaak_type], None), zaak.gemeente
            rij = Toegang(op=clock.now(), gebruiker_id=gebruiker_id, handeling="geweigerd", zaak_type=zaak_type,
                          zaak_id=zaak_id, persoon_id=persoon_id, doel=doel[:60], adres=(adres or "")[:64] or None,
                          gemeente=gemeente)
            session.add(rij)
        return rij
    except Exception:  # the refusal itself must still reach the user
        log.exception("weigering niet gelogd")
        return None
