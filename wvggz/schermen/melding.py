"""The melding screen: facts, open terms with time left and the Atw explanation, one timeline,
the actions allowed now with the fields each needs, and the workflow diagram (the form POST is in
`wvggz.meldingen.formulier`)."""

from __future__ import annotations

import re
from typing import Any

from sqlmodel import Session, select

from workflows.engine import Workflow, blokkade, mermaid
from workflows.melding import MELDING
from wvggz.clock import Clock
from wvggz.config import Settings
from wvggz.gebruikers.models import Gebruiker
from wvggz.gebruikers.rechten import mag
from wvggz.labels import label
from wvggz.meldingen import queries, service
from wvggz.meldingen.models import Melding
from wvggz.meldingen.soort import volledige_context
from wvggz.schermen.tijd import bijna_grens, tijd_over
from wvggz.schermen.tijdlijn import tijdlijn
from wvggz.schermen.werkvoorraad import behandelaars, gebruikersnamen
from wvggz.termijnen.service import kalender, regels
from wvggz.triage.models import Triage
from wvggz.zaken.soort import Stap

ZAAK = "melding"
GEGEVEN_LABELS = {
    "wijkteam_contact": "Contactpersoon ggz-wijkteam", "wijkteam_advies": "Advies ggz-wijkteam",
    "medische_expertise": "Ggz-deskundige", "gesprek_met_betrokkene": "Met betrokkene gesproken",
    "reden_geen_gesprek": "Reden geen gesprek", "reden_code": "Reden geen aanvraag", "reden": "Toelichting reden",
    "doorgestuurd_naar": "Doorgestuurd naar gemeente", "verwezen_naar": "Verwezen naar",
    "samengevoegd_met_id": "Samengevoegd met melding", "ovj_besluit": "Besluit OvJ",
    "melder_geinformeerd": "Melder geïnformeerd", "reden_niet_geinformeerd": "Reden melder niet geïnformeerd",
    "afgesloten_op": "Afgesloten op", "e33_nummer": "E33-nummer politie", "triage_id": "OVP-triage",
    "crisismaatregel_id": "Crisismaatregel", "anoniem_tov_betrokkene": "Melder anoniem tegenover betrokkene",
}
# Stored codes among the facts: shown by their Dutch label (issue 13.5).
CODES = frozenset({"reden_code", "verwezen_naar", "ovj_besluit"})
# Text fields that take a sentence or more get a textarea; the others a single line.
KORTE_TEKST = frozenset({"gemeente", "wijkteam_contact", "medische_expertise"})


def scherm(*, session: Session, clock: Clock, actor: Gebruiker, melding_id: int, settings: Settings) -> dict[str, Any]:
    """Return everything the melding page shows; reading it is logged as access to both persons."""
    melding = service.haal(session=session, clock=clock, actor=actor, melding_id=melding_id)
    now, kal = clock.now(), kalender(settings)
    d = queries.detail(session, melding, now)
    tabel = regels(settings)
    for t in d["termijnen"]:
        lopend = t["status"] == "lopend"
        t["tijd"] = tijd_over(t["eindmoment"] if lopend else None, now, kal, _bijna(t["soort"]), t["soort"])
        t["omschrijving"] = tabel[t["soort"]].omschrijving if t["soort"] in tabel else t["soort"]
    namen = gebruikersnamen(session, {melding.behandelaar_id} if melding.behandelaar_id else set())
    d["behandelaar"] = namen.get(melding.behandelaar_id)
    context = volledige_context(Stap(session=session, clock=clock, actor=actor, settings=settings), melding)
    d["acties"] = [_actie(a, session, actor, melding) | {"geblokkeerd": geblokkeerd(melding.status, a["naam"], context)}
                   for a in d["toegestane_acties"]]
    for a in d["acties"]:
        if a["naam"] == "voeg_samen" and not a["geblokkeerd"] and not a["velden"][0]["keuzes"]:
            a["geblokkeerd"] = "er is geen andere open melding over dezelfde betrokkene"
    d["tijdlijn"] = tijdlijn(session, ZAAK, melding.id, d["historie"], d["berichten"])
    d["diagram"] = leesbaar(mermaid(MELDING, huidige=melding.status), MELDING)
    d["open"] = melding.open
    d["nu"] = now
    d["toewijzen"] = ([(b.id, b.naam) for b in behandelaars(session, actor.gemeente)]
                      if melding.status in TOEWIJSBAAR and mag(actor, "melding.toewijzen") else [])
    d["triage"] = _triage(session, d["gegevens"].pop("triage_id", None))
    d["oppakken"] = (melding.status == "ontvangen" and mag(actor, "melding.wijzig")  # the claim button
                     and mag(actor, "melding.behandel"))
    d["crisismaatregel_aanvragen"] = (melding.open and melding.crisismaatregel_id is None
                                      and mag(actor, "crisismaatregel.maak"))
    d["gegevens"] = [(GEGEVEN_LABELS.get(k, label(k).capitalize()), label(v) if k in CODES and isinstance(v, str) else v)
                     for k, v in d["gegevens"].items()]
    return d


def _triage(session: Session, triage_id: int | None) -> dict[str, Any] | None:
    """The OVP triage this melding came from (number and case number; the page links it for who may read it)."""
    triage = session.get(Triage, triage_id) if triage_id else None
    return {"id": triage.id, "referentie": triage.referentie} if triage else None


TOEWIJSBAAR = ("ontvangen", "in_onderzoek")  # wijs_toe starts the onderzoek or changes the behandelaar


def _bijna(soort: str) -> int:
    try:
        return bijna_grens(soort)
    except KeyError:
        return 0


_STAAT = re.compile(r'^(\s*state )"([^"]+)"( as \S+)$')
_PIJL = re.compile(r"^(\s*\S+ --> \S+): (.+)$")


def leesbaar(tekst: str, wf: Workflow) -> str:
    """Return the Mermaid text with readable labels: statuses with spaces, actions by their Dutch label.

    Only labels change; states, edges and styling stay exactly as the engine generated them."""
    def actie(m: re.Match) -> str:
        naam = m.group(0)
        return wf.acties[naam].label.replace(":", " -") if naam in wf.acties else label(naam)

    regels = []
    for regel in tekst.splitlines():
        if m := _STAAT.match(regel):
            regel = f'{m.group(1)}"{label(m.group(2))}"{m.group(3)}'
        elif m := _PIJL.match(regel):
            regel = f"{m.group(1)}: {re.sub(r'[a-z]+(?:_[a-z]+)+', actie, m.group(2))}"
        regels.append(regel)
    return "\n".join(regels)


def geblokkeerd(status: str, actie: str, context: dict[str, Any]) -> str | None:
    """Return why the table's conditions on the case's own facts block `actie` now (None: not blocked)."""
    return blokkade(MELDING, status, actie, context)


def _actie(actie: dict[str, Any], session: Session, actor: Gebruiker, melding: Melding) -> dict[str, Any]:
    """Return the action with, per field, how to show it (input kind and choices) and the confirm flag."""
    velden = [_veld(v, session, actor, melding) for v in actie["velden"]]
    definitie = MELDING.acties.get(actie["naam"])
    return actie | {"velden": velden, "onomkeerbaar": bool(definitie and definitie.onomkeerbaar)}


def _veld(veld: dict[str, Any], session: Session, actor: Gebruiker, melding: Melding) -> dict[str, Any]:
    keuzes = [(k, label(k)) for k in veld["keuzes"]]
    invoer = {"tekst": "tekst" if veld["naam"] in KORTE_TEKST else "tekstvak", "keuze": "keuze", "bool": "janee",
              "datumtijd": "datumtijd", "int": "getal", "lijst": "lijst"}[veld["soort"]]
    if veld["naam"] == "behandelaar_id":
        invoer, keuzes = "keuze", [(str(b.id), b.naam) for b in behandelaars(session, actor.gemeente)]
    elif veld["naam"] == "samenvoegen_met":
        invoer, keuzes = "keuze", _samenvoegkandidaten(session, melding)
    huidig = getattr(melding, veld["naam"], None)
    waarde = str(huidig) if isinstance(huidig, str | int) and not isinstance(huidig, bool) else ""
    if veld["naam"] == "behandelaar_id" and not waarde and (str(actor.id), actor.naam) in keuzes:
        waarde = str(actor.id)  # the behandelaar defaults to the current user (issue 13.8)
    return veld | {"invoer": invoer, "keuzes": keuzes, "waarde": waarde}


def _samenvoegkandidaten(session: Session, melding: Melding) -> list[tuple[str, str]]:
    """Return the other open meldingen about the same betrokkene as (id, 'reference, received')."""
    stmt = select(Melding).where(Melding.betrokkene_id == melding.betrokkene_id, Melding.open.is_(True),
                                 Melding.id != melding.id).order_by(Melding.id)
    return [(str(m.id), f"{m.referentie} ({label(m.status)})") for m in session.exec(stmt)]


def actielabel(actie: str) -> str:
    """Return the Dutch button text of a melding action (the code itself when unknown)."""
    return MELDING.acties[actie].label if actie in MELDING.acties else actie
