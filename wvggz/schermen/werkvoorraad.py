"""The werkvoorraad screen: the queue page of `meldingen.service.werkvoorraad` with time left in
working days, behandelaar names, versions for claim/release and the filter choices."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, select

from workflows.melding import MELDING, MeldingStatus
from wvggz.clock import Clock
from wvggz.config import Settings
from wvggz.gebruikers.models import Gebruiker
from wvggz.gebruikers.rechten import met_recht
from wvggz.meldingen import service
from wvggz.meldingen.queries import Filter, woonplaatsen
from wvggz.schermen.tijd import tijd_over
from wvggz.termijnen.service import kalender

PER_PAGINA = 25
_NL_DATUM = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})")
ALLE_STATUSSEN = tuple(s.value for s in MeldingStatus)
# Statuses in which a melding stays in the queue: every status that is not final in the workflow.
OPEN_STATUSSEN = tuple(s for s in ALLE_STATUSSEN if s not in MELDING.eindstatussen)


@dataclass
class Keuzes:
    """The filter as the page submits it (strings), read leniently: a bad value means 'no filter'."""

    status: str = ""
    behandelaar: str = ""
    mijn: str = ""
    zonder: str = ""
    verlopen: str = ""
    alles: str = ""
    zoek: str = ""
    gemeente: str = ""
    pagina: str = "1"

    def als_filter(self) -> Filter:
        """Return the query Filter; a closed status or 'alles' also shows closed meldingen."""
        status = self.status if self.status in ALLE_STATUSSEN else None
        return Filter(
            status=status, behandelaar_id=_getal(self.behandelaar), mijn=bool(self.mijn),
            zonder_behandelaar=bool(self.zonder), verlopen=bool(self.verlopen),
            zoek=_zoekterm(self.zoek), woonplaats=self.gemeente.strip() or None, pagina=min(_getal(self.pagina) or 1, 100_000),
            per_pagina=PER_PAGINA, alleen_open=not (self.alles or (status and status not in OPEN_STATUSSEN)),
        )


def _zoekterm(tekst: str) -> str | None:
    """Return the search text; a date typed as dd-mm-jjjj becomes ISO so the query reads it as a birth date."""
    tekst = (tekst or "").strip()[:80]
    if m := _NL_DATUM.fullmatch(tekst):
        return f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}"
    return tekst or None


def _getal(tekst: str) -> int | None:
    tekst = (tekst or "").strip()
    return int(tekst) if tekst.isdigit() and 0 < int(tekst) < 2**62 else None


def behandelaars(session: Session, gemeente: str) -> list[Gebruiker]:
    """Return the active users who may handle a melding in `gemeente` (intake and projectleider)."""
    stmt = select(Gebruiker).where(Gebruiker.gemeente == gemeente, Gebruiker.actief.is_(True),
                                   met_recht("melding.behandel"))
    return list(session.exec(stmt.order_by(Gebruiker.naam)))


def gebruikersnamen(session: Session, ids: set[int]) -> dict[int, str]:
    """Return id -> display name of the given users."""
    if not ids:
        return {}
    return dict(session.exec(select(Gebruiker.id, Gebruiker.naam).where(Gebruiker.id.in_(ids))).all())


def scherm(*, session: Session, clock: Clock, actor: Gebruiker, keuzes: Keuzes, settings: Settings) -> dict[str, Any]:
    """Return everything the werkvoorraad page shows: rows with time left, counts, filter choices."""
    f = keuzes.als_filter()
    lijst = service.werkvoorraad(session=session, clock=clock, actor=actor, filter_=f)
    kiesbaar = [(b.id, b.naam) for b in behandelaars(session, actor.gemeente)]
    namen = dict(kiesbaar)  # a behandelaar no longer active is looked up by id
    namen |= gebruikersnamen(session, {r["behandelaar_id"] for r in lijst["items"] if r["behandelaar_id"]} - set(namen))
    kal, now = kalender(settings), clock.now()
    for rij in lijst["items"]:
        rij["behandelaar"] = namen.get(rij["behandelaar_id"]) if rij["behandelaar_id"] else None
        rij["tijd"] = tijd_over(rij["uiterlijk_besluit_op"] if rij["resterend_seconden"] is not None else None,
                                now, kal)
        if rij["resterend_seconden"] is None and rij["status"] not in ("ontvangen", "in_onderzoek"):
            rij["tijd"]["tekst"] = "besluit genomen"
        rij["kan_claimen"] = rij["status"] == "ontvangen" or (
            rij["status"] == "in_onderzoek" and rij["behandelaar_id"] != actor.id)
        rij["kan_vrijgeven"] = rij["status"] == "in_onderzoek" and rij["behandelaar_id"] is not None
    paginas = max(1, -(-lijst["totaal"] // f.per_pagina))
    return lijst | {
        "keuzes": keuzes, "filter": f, "paginas": paginas, "gemeente": actor.gemeente,
        "behandelaars": kiesbaar,
        "woonplaatsen": woonplaatsen(session, actor.gemeente),
        "statussen": ALLE_STATUSSEN, "open_statussen": OPEN_STATUSSEN,
    }
