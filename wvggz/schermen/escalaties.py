"""The escalation list screen: one row per case (`escalaties.queries.per_zaak`) narrowed by the filter
choices (kind of case, term, highest rung, also acknowledged) and the choices the filter form offers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from wvggz.escalaties import queries
from wvggz.gebruikers.models import Gebruiker
from wvggz.labels import label
from wvggz.termijnen.service import regels
from wvggz.zaken.soorten import SOORTEN

TREDEN = ("herinnering", "waarschuwing", "alert", "escalatie")


@dataclass
class Keuzes:
    """The filter as the page submits it (strings), read leniently: an unknown value means 'no filter'."""

    zaak: str = ""
    termijn: str = ""
    trede: str = ""
    alle: str = ""

    @classmethod
    def uit(cls, waarden: Any) -> Keuzes:  # noqa: ANN401 - a Mapping of query parameters
        return cls(**{k: str(waarden.get(k) or "")[:80] for k in cls.__dataclass_fields__})


def scherm(session: Session, actor: Gebruiker, keuzes: Keuzes) -> dict[str, Any]:
    """Return the rows that match `keuzes` and the filter form's choices (Dutch labels)."""
    rijen = queries.per_zaak(session, actor, alle=bool(keuzes.alle))
    if keuzes.zaak:
        rijen = [r for r in rijen if r["zaak_type"] == keuzes.zaak]
    if keuzes.termijn:
        rijen = [r for r in rijen if r["termijn_soort"] == keuzes.termijn]
    if keuzes.trede:
        rijen = [r for r in rijen if r["trede"] == keuzes.trede]
    return {
        "items": rijen, "alle": bool(keuzes.alle), "keuzes": keuzes,
        "gefilterd": bool(keuzes.zaak or keuzes.termijn or keuzes.trede),
        "zaaksoorten": [(s.naam, s.titel) for s in SOORTEN.values()],
        "termijnsoorten": sorted(((code, label(code)) for code, r in regels().items() if r.ladder),
                                 key=lambda p: p[1]),
        "treden": [(t, label(t)) for t in TREDEN],
    }
