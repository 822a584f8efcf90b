"""The OVP screens: the board with the quick step forms per row, and one triage with its allowed actions,
timeline and diagram. Fields carry how to show them (input kind, Dutch choices) and what they show
before anything is typed (now, the user's name, the own gemeente)."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from workflows.triage import TRIAGE
from wvggz.clock import TZ, Clock
from wvggz.config import Settings
from wvggz.gebruikers.models import Gebruiker
from wvggz.gebruikers.rechten import mag
from wvggz.labels import label
from wvggz.schermen.melding import leesbaar
from wvggz.triage import queries, service
from wvggz.triage.queries import UITKOMSTEN
from wvggz.triage.soort import UITKOMST

TEKSTVAK = frozenset({"bevindingen", "toelichting", "reden_zonder_screening", "zorgen"})
INVOER = {"tekst": "tekst", "keuze": "keuze", "bool": "janee", "datumtijd": "datumtijd", "int": "getal",
          "lijst": "lijst", "datum": "datum"}
KEUZELABELS = {"uitkomst": UITKOMSTEN, "vervolg": {"huisarts": "Huisarts", "wijkteam": "Wijkteam", "fact": "FACT"}}
# Default "now" (server time); ovp.js moves it on by the time since the page loaded when the form opens.
NU_VELDEN = frozenset({"vertrokken_op", "tvz_start"})
INVOERMOMENT = "%Y-%m-%dT%H:%M"


def nu_invoer(clock: Clock, fmt: str = INVOERMOMENT) -> str:
    """Return now in local time as a datetime-local input value (or in `fmt`)."""
    return clock.now().astimezone(TZ).strftime(fmt)


def standaard(naam: str, user: Gebruiker, clock: Clock) -> str:
    """Return what a field shows before anything is typed: now, the user's name, the own gemeente."""
    if naam in NU_VELDEN:
        return nu_invoer(clock)
    return {"door": user.naam, "gemeente_verblijf": user.gemeente, "locatie": f"OVP {user.gemeente}"}.get(naam, "")


def _veld(v: dict[str, Any], user: Gebruiker, clock: Clock) -> dict[str, Any]:
    labels = KEUZELABELS.get(v["naam"], {})
    invoer = "tekstvak" if v["naam"] in TEKSTVAK else INVOER.get(v["soort"], "tekst")
    keuzes = [(k, labels.get(k, label(k))) for k in v["keuzes"]]
    kort = v["naam"].split(".")[-1]
    return v | {"invoer": invoer, "keuzes": keuzes, "standaard": standaard(kort, user, clock),
                "attrs": {"data-nu": standaard(kort, user, clock)} if kort in NU_VELDEN else None}


def _invoer(naam: str, label_: str, invoer: str, verplicht: bool = False) -> dict[str, Any]:
    return {"naam": naam, "label": label_, "invoer": invoer, "verplicht": verplicht, "keuzes": [],
            "standaard": "", "attrs": None}


def melding_velden(persoon_bekend: bool) -> list[dict[str, Any]]:
    """The outcome form's offer to create the zorgmelding in the same step (the hand-over `maak_melding`):
    tick, the concerns, acute, the person when still unknown, and the confirmation."""
    persoon = [] if persoon_bekend else [
        _invoer("melding.betrokkene.voornaam", "Voornaam betrokkene", "tekst"),
        _invoer("melding.betrokkene.achternaam", "Achternaam betrokkene", "tekst", True),
        _invoer("melding.betrokkene.geboortedatum", "Geboortedatum betrokkene", "datum")]
    return [_invoer("melding.maak", "Maak nu ook de zorgmelding aan bij het Wvggz-meldpunt", "vinkje"),
            _invoer("melding.zorgen", "Zorgen (kort, voor het meldpunt)", "tekstvak", True),
            _invoer("melding.acuut", "Acuut", "janee"), *persoon,
            _invoer("melding.bevestig", "Ik bevestig: met de uitkomst gaat de zorgmelding direct naar het meldpunt; "
                    "dat is niet terug te draaien.", "vinkje", True)]


def acties(lijst: list[dict[str, Any]], user: Gebruiker, clock: Clock,
           persoon_bekend: bool | None = None) -> list[dict[str, Any]]:
    """Return the actions with their fields ready for the form; with `persoon_bekend` given, the outcome form
    offers to create the zorgmelding in the same step (to users who may make a melding)."""
    uit = [a | {"velden": [_veld(v, user, clock) for v in a["velden"]]} for a in lijst]
    if persoon_bekend is not None and mag(user, "melding.maak"):
        for a in uit:
            if a["naam"] == UITKOMST:
                a["melding_velden"] = melding_velden(persoon_bekend)
    return uit


def bord(session: Session, clock: Clock, user: Gebruiker, settings: Settings) -> dict[str, Any]:
    """Return the board of persons present with, for a user who may act, the step forms per row."""
    gegevens = service.bord(session=session, clock=clock, actor=user, aanwezig=True, settings=settings)
    wijzig = mag(user, "triage.wijzig")
    stappen = {r["id"]: acties(queries.stappen(r["status"]), user, clock, r["persoon_id"] is not None)
               if wijzig else [] for r in gegevens["items"]}
    return gegevens | {"stappen": stappen, "wijzig": wijzig, "bijgewerkt": nu_invoer(clock, "%H:%M:%S")}


def scherm(session: Session, clock: Clock, user: Gebruiker, triage_id: int, settings: Settings) -> dict[str, Any]:
    """Return everything the triage page shows; reading it is logged by the service."""
    d = service.detail(session=session, clock=clock, actor=user, triage_id=triage_id, settings=settings)
    wijzig = mag(user, "triage.wijzig")
    tijdlijn = [{"op": h["op"], "soort": "historie", "titel": label(h["actie"]), "tekst": h["reden"],
                 "door": h["door"]} for h in d["historie"]]
    persoon_bekend = d["persoon"] is not None or d.get("afgeschermd", False)
    return d | {"acties": acties(d["toegestane_acties"], user, clock, persoon_bekend) if wijzig else [],
                "tijdlijn": tijdlijn,
                "diagram": leesbaar(queries.diagram(d["status"]), TRIAGE), "uitkomsten": UITKOMSTEN, "stapfout": None}
