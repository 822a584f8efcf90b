"""The duties a crisismaatregel creates when it is taken, as Taak rows, and what completing one changes.

Domain §4.4: advocaat via the Raad voor Rechtsbijstand within 24 hours; copies of the decision and the
medische verklaring to betrokkene (with the appeal information), advocaat, geneesheer-directeur,
inspectie (IGJ), OvJ and any vertegenwoordiger; personal data to the PVP; execution within 24 hours.
The statutory term of the copies is [U] ("onverwijld"); they get the 24-hour advocaat moment as their
deadline, as the issue asks ("notices within 24 hours"), without closing that term.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from wvggz.clock import Clock
from wvggz.config import Settings
from wvggz.crisismaatregelen.models import ZAAK, Crisismaatregel
from wvggz.taken.models import Taak
from wvggz.taken.service import maak_taken
from wvggz.termijnen.models import Termijn
from wvggz.termijnen.service import open_termijn, sluit_termijn

ROL = "burgemeester"  # the back office carries out every duty


@dataclass(frozen=True)
class Plicht:
    soort: str
    partij: str  # role of the receiving party, never a name
    omschrijving: str
    termijn: str  # the term whose end is the deadline
    sluit_termijn: bool = False  # completing the task meets that term
    alleen_met_vertegenwoordiger: bool = False
    kennisgeving: bool = True  # a notice or copy to a party (reminded in the inbox)


_AFSCHRIFT = "Afschrift van de crisismaatregel en de medische verklaring aan"
PLICHTEN = (
    Plicht("kennisgeving_rvr", "rvr", "Melding aan de Raad voor Rechtsbijstand: advocaat toevoegen",
           "cm_advocaat", sluit_termijn=True),
    Plicht("tenuitvoerlegging", "tenuitvoerlegging", "Crisismaatregel ten uitvoer leggen",
           "cm_tenuitvoerlegging", sluit_termijn=True, kennisgeving=False),
    Plicht("afschrift_betrokkene", "betrokkene",
           f"{_AFSCHRIFT} betrokkene, met uitleg over het beroep (art. 7:6)", "cm_advocaat"),
    Plicht("afschrift_advocaat", "advocaat", f"{_AFSCHRIFT} de advocaat", "cm_advocaat"),
    Plicht("afschrift_geneesheer_directeur", "geneesheer_directeur", f"{_AFSCHRIFT} de geneesheer-directeur",
           "cm_advocaat"),
    Plicht("afschrift_inspectie", "inspectie", f"{_AFSCHRIFT} de inspectie (IGJ)", "cm_advocaat"),
    Plicht("afschrift_ovj", "ovj", f"{_AFSCHRIFT} de officier van justitie (start termijn verzoek voortzetting)",
           "cm_advocaat"),
    Plicht("afschrift_vertegenwoordiger", "vertegenwoordiger",
           f"{_AFSCHRIFT} de vertegenwoordiger of gezinsvoogdijwerker", "cm_advocaat",
           alleen_met_vertegenwoordiger=True),
    Plicht("gegevens_pvp", "pvp", "Persoonsgegevens van betrokkene aan de patiëntenvertrouwenspersoon",
           "cm_advocaat"),
)
PER_SOORT = {p.soort: p for p in PLICHTEN}


def maak_plichten(session: Session, clock: Clock, cm: Crisismaatregel,
                  termijnen: dict[str, Termijn]) -> list[tuple[Taak, Plicht]]:
    """Create the duty tasks of a taken measure (one INSERT for all); returns them with their definition."""
    plichten = [p for p in PLICHTEN if cm.heeft_vertegenwoordiger or not p.alleen_met_vertegenwoordiger]
    taken = maak_taken(session, clock, zaak_type=ZAAK, zaak_id=cm.id, taken=[
        {"soort": p.soort, "omschrijving": p.omschrijving, "ontvanger_rol": ROL,
         "uiterlijk_op": termijnen[p.termijn].eindmoment,
         "termijn_id": termijnen[p.termijn].id if p.sluit_termijn else None} for p in plichten])
    return list(zip(taken, plichten, strict=True))


def na_afronden(session: Session, clock: Clock, cm: Crisismaatregel, taak: Taak,
                settings: Settings) -> str | None:
    """Apply what a completed duty changes on the measure; returns a note for the history, if any."""
    now = clock.now()
    if taak.termijn_id is not None:
        termijn = session.get(Termijn, taak.termijn_id)
        if termijn is not None and termijn.status == "lopend":
            sluit_termijn(termijn, op=now)
    if taak.soort == "tenuitvoerlegging":
        cm.ten_uitvoer_gelegd_op = now
    if taak.soort == "afschrift_ovj":
        cm.ovj_ontvangen_op = now
        if cm.status == "genomen":
            t = open_termijn(session, soort="voortzetting_verzoek", zaak_type=ZAAK, zaak_id=cm.id, start=now,
                             settings=settings)
            return f"OvJ heeft de crisismaatregel ontvangen; verzoek tot voortzetting uiterlijk {_dag(t)} (art. 7:7)"
    return None


def _dag(t: Termijn) -> str:
    return t.einddatum.strftime("%d-%m-%Y") if t.einddatum else ""
