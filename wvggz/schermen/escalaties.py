"""The escalation list screen: one row per case (`escalaties.queries.per_zaak`) narrowed by the filter
choices (kind of case, term, highest rung, also acknowledged) and the choices the filter form offers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, select

from wvggz.escalaties import queries
from wvggz.gebruikers.models import Gebruiker
from wvggz.gebruikers.rechten import mag
from wvggz.labels import label
from wvggz.meldingen.models import Melding
from wvggz.schermen.melding import TOEWIJSBAAR
from wvggz.schermen.werkvoorraad import behandelaars
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


def _toewijsbaar(session: Session, rijen: list[dict[str, Any]]) -> None:
    """Give each row of a melding that can still be assigned its "id:versie" (`melding_keuze`), else ''."""
    ids = [r["zaak_id"] for r in rijen if r["zaak_type"] == "melding"]
    stand = {i: (v, s) for i, v, s in session.exec(
        select(Melding.id, Melding.versie, Melding.status).where(Melding.id.in_(ids)))} if ids else {}
    for r in rijen:
        versie, status = stand.get(r["zaak_id"], (None, None)) if r["zaak_type"] == "melding" else (None, None)
        r["melding_keuze"] = f"{r['zaak_id']}:{versie}" if status in TOEWIJSBAAR else ""


def scherm(session: Session, actor: Gebruiker, keuzes: Keuzes) -> dict[str, Any]:
    """Return the rows that match `keuzes` and the filter form's choices (Dutch labels)."""
    rijen = queries.per_zaak(session, actor, alle=bool(keuzes.alle))
    if keuzes.zaak:
        rijen = [r for r in rijen if r["zaak_type"] == keuzes.zaak]
    if keuzes.termijn:
        rijen = [r for r in rijen if r["termijn_soort"] == keuzes.termijn]
    if keuzes.trede:
        rijen = [r for r in rijen if r["trede"] == keuzes.trede]
    _toewijsbaar(session, rijen)
    return {
        "items": rijen, "alle": bool(keuzes.alle), "keuzes": keuzes,
        "gefilterd": bool(keuzes.zaak or keuzes.termijn or keuzes.trede),
        "zaaksoorten": [(s.naam, s.titel) for s in SOORTEN.values()],
        "termijnsoorten": sorted(((code, label(code)) for code, r in regels().items() if r.ladder),
                                 key=lambda p: p[1]),
        "treden": [(t, label(t)) for t in TREDEN],
        "behandelaars": [(b.id, b.naam) for b in behandelaars(session, actor.gemeente)]
        if mag(actor, "melding.toewijzen") else [],
    }
