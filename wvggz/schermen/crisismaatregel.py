"""The back-office screens of the burgemeester: running measures with their next clock, one measure
with its duties checklist, clocks, allowed actions and timeline, one beroep (the form POSTs are in
`wvggz.crisismaatregelen.formulier`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session

from workflows.beroep import BEROEP
from workflows.crisismaatregel import CRISISMAATREGEL
from workflows.engine import Workflow, blokkade, mermaid
from wvggz.clock import Clock
from wvggz.config import Settings
from wvggz.crisismaatregelen import beroepen, queries, service
from wvggz.crisismaatregelen.models import ZAAK
from wvggz.crisismaatregelen.soort import BEROEP_ZAAK, context_voor
from wvggz.gebruikers.models import Gebruiker
from wvggz.gebruikers.rechten import mag
from wvggz.labels import label
from wvggz.schermen.melding import leesbaar
from wvggz.schermen.tijd import tijd_over
from wvggz.schermen.tijdlijn import tijdlijn
from wvggz.termijnen.kalender import AtwKalender
from wvggz.termijnen.regels import Eenheid
from wvggz.termijnen.service import kalender, regels
from wvggz.triage.models import Triage
from wvggz.zaken import afscherming, pijplijn

KORTE_TEKST = frozenset({"psychiater", "gehoord_door", "gemeente_verblijf"})
INVOER = {"tekst": "tekstvak", "keuze": "keuze", "bool": "janee", "datumtijd": "datumtijd", "int": "getal",
          "lijst": "lijst"}
STAND = {"gedaan": "gedaan", "open": "open", "te_laat": "te laat"}


def lijst(*, session: Session, clock: Clock, actor: Gebruiker, settings: Settings) -> dict[str, Any]:
    """Return the running measures (next clock first, overdue marked) and the pending beroepen."""
    now, kal = clock.now(), kalender(settings)
    regels = service.lopende(session=session, clock=clock, actor=actor)
    for r in regels:
        r["tijd"] = tijd(r["volgende_termijn"], r["volgende_start"], r["volgende_eindmoment"], now, kal)
        r["volgende_omschrijving"] = queries.omschrijving(r["volgende_termijn"])
    return {"items": regels, "beroepen": beroepen.lopende(session=session, clock=clock, actor=actor),
            "gemeente": actor.gemeente}


def tijd(soort: str | None, start: datetime | None, eind: datetime | None, now: datetime,
         kal: AtwKalender) -> dict[str, Any]:
    """Return {seconden, tekst, klasse} of a clock. Day and week terms count in their own unit (amber on
    the last day); hour terms count hours and turn amber at the ladder's warning (three quarters of it)."""
    regel = regels().get(soort or "")
    if eind is None or start is None or regel is None or regel.eenheid is not Eenheid.UREN:
        return tijd_over(eind, now, kal, 0, soort)
    seconden = int((eind - now).total_seconds())
    fractie = next((t.fractie for t in regel.ladder if t.code == "waarschuwing" and t.fractie), 1.0)
    if seconden < 0:
        return {"seconden": seconden, "tekst": f"{_uren(-seconden)} te laat", "klasse": "verlopen"}
    klasse = "bijna" if now >= start + (eind - start) * fractie else ""
    return {"seconden": seconden, "tekst": f"nog {_uren(seconden)}", "klasse": klasse}


def _uren(seconden: int) -> str:
    uren, rest = divmod(seconden, 3600)
    return f"{uren} u {rest // 60} min"


def _termijnen(termijnen: list[dict[str, Any]], now: datetime, settings: Settings) -> list[dict[str, Any]]:
    kal = kalender(settings)
    return [t | {"tijd": tijd(t["soort"], t["start"], t["eindmoment"] if t["status"] == "lopend" else None, now,
                              kal)} for t in termijnen]


def _veld(v: dict[str, Any], waarde: Any) -> dict[str, Any]:
    invoer = "tekst" if v["naam"] in KORTE_TEKST else INVOER[v["soort"]]
    keuzes = [(k, label(k)) for k in v["keuzes"]]
    return v | {"invoer": invoer, "keuzes": keuzes, "waarde": waarde if isinstance(waarde, str) else ""}


def _acties(acties: list[dict[str, Any]], wf: Workflow, status: str,
            context: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """The allowed actions as small forms; one blocked by the case's own facts is shown greyed out."""
    return [a | {"velden": [_veld(v, v["standaard"]) for v in a["velden"]], "onomkeerbaar": False,
                "geblokkeerd": blokkade(wf, status, a["naam"], context) if context is not None else None}
            for a in acties]


def scherm(*, session: Session, clock: Clock, actor: Gebruiker, crisismaatregel_id: int,
           settings: Settings) -> dict[str, Any]:
    """Return everything the measure page shows; reading it is logged as access to the person."""
    cm = service.haal(session=session, clock=clock, actor=actor, crisismaatregel_id=crisismaatregel_id)
    now = clock.now()
    d = afscherming.crisismaatregel(actor, queries.detail(session, cm, now))
    d["termijnen"] = _termijnen(d["termijnen"], now, settings)
    d["acties"] = _acties(d["toegestane_acties"], CRISISMAATREGEL, cm.status, context_voor(session, cm, now))
    d["plichten"] = [t | {"stand_tekst": STAND[t["stand"]]} for t in d["taken"]]
    d["tijdlijn"] = tijdlijn(session, ZAAK, cm.id, d["historie"], d["berichten"])
    d["diagram"] = leesbaar(mermaid(CRISISMAATREGEL, huidige=cm.status), CRISISMAATREGEL)
    d["mag_wijzigen"] = mag(actor, "crisismaatregel.wijzig")
    triage = session.get(Triage, cm.triage_id) if d.get("triage_id") else None
    d["triage_referentie"] = triage.referentie if triage else None
    return d


def beroep_scherm(*, session: Session, clock: Clock, actor: Gebruiker, beroep_id: int,
                  settings: Settings) -> dict[str, Any]:
    """Return everything the beroep page shows; reading it is logged."""
    beroep = pijplijn.haal(session=session, clock=clock, actor=actor, soort=BEROEP_ZAAK, zaak_id=beroep_id)
    now = clock.now()
    d = afscherming.beroep(actor, queries.beroep_detail(session, beroep, now))
    d["termijnen"] = _termijnen(d["termijnen"], now, settings)
    d["acties"] = _acties(d["toegestane_acties"], BEROEP, beroep.status)
    d["diagram"] = leesbaar(mermaid(BEROEP, huidige=beroep.status), BEROEP)
    d["mag_wijzigen"] = mag(actor, "crisismaatregel.wijzig")
    return d


def actielabel(wf: Workflow, actie: str) -> str:
    """Return the Dutch button text of an action (the code itself when unknown)."""
    return wf.acties[actie].label if actie in wf.acties else actie
