"""Use cases of the beroep against a crisismaatregel (art. 7:6): a parallel track that never
suspends the measure. Damages (art. 10:12) are claimed from the gemeente, not the burgemeester."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, select

from workflows.beroep import BEROEP
from wvggz.audit.service import schrijf_historie
from wvggz.clock import Clock
from wvggz.config import Settings
from wvggz.crisismaatregelen import berichten, kennis, tijd
from wvggz.crisismaatregelen.models import ZAAK_BEROEP, Beroep, Crisismaatregel
from wvggz.crisismaatregelen.queries import beroep_van, lopende_beroepen
from wvggz.gebruikers.models import Gebruiker
from wvggz.gebruikers.rechten import vereis
from wvggz.overgang import voer_uit
from wvggz.rijen import voeg_in
from wvggz.termijnen.service import open_termijn, open_termijn_van, sluit_termijn, termijnen_van
from wvggz.zaken import afscherming
from wvggz.zaken.pijplijn import log_getoond

__all__ = ["beroep_van", "laat_verstrijken", "lopende", "maak_beroep", "pas_toe"]


def maak_beroep(session: Session, clock: Clock, actor: Gebruiker | None, cm: Crisismaatregel,
                settings: Settings) -> Beroep:
    """Create the beroep record of a taken measure and open the appeal window from the bekendmaking."""
    beroep = Beroep(crisismaatregel_id=cm.id, gemeente=cm.gemeente, betrokkene_id=cm.betrokkene_id,
                    bekendmaking_op=cm.bekendmaking_op)
    voeg_in(session, beroep)  # one INSERT now (for its id): the measure's row is written once, at commit
    termijn = open_termijn(session, soort="beroep_termijn", zaak_type=ZAAK_BEROEP, zaak_id=beroep.id,
                           start=cm.bekendmaking_op, settings=settings)
    schrijf_historie(session, clock, actor, zaak_type=ZAAK_BEROEP, zaak_id=beroep.id, actie="aangemaakt",
                     van=None, naar=beroep.status,
                     reden=f"beroepstermijn loopt tot en met {termijn.einddatum:%d-%m-%Y} (art. 7:6)")
    return beroep


def pas_toe(session: Session, clock: Clock, beroep: Beroep, actie: str, w: dict[str, Any]) -> str:
    """Apply a user's beroep action to `beroep`; returns the reason for the history row."""
    return _HANDLERS[actie](session, clock, beroep, w)


def _stel_in(session: Session, clock: Clock, beroep: Beroep, w: dict) -> str:
    cm = session.get(Crisismaatregel, beroep.crisismaatregel_id)
    tijd.niet_voor("ingesteld_op", w["ingesteld_op"], cm.besloten_op if cm else None,
                   "Het beroep ligt vóór het besluit tot de crisismaatregel.")
    beroep.ingesteld_op = w["ingesteld_op"]
    termijn = open_termijn_van(session, ZAAK_BEROEP, beroep.id, "beroep_termijn")
    if termijn is not None:
        sluit_termijn(termijn, op=beroep.ingesteld_op)
        beroep.ingesteld_tijdig = termijn.tijdig
    else:  # registered after the sweep closed the window: the window's end decides, its lapse stays in history
        verstreken = next((t for t in termijnen_van(session, ZAAK_BEROEP, beroep.id)
                           if t.soort == "beroep_termijn"), None)
        beroep.ingesteld_tijdig = None if verstreken is None else beroep.ingesteld_op <= verstreken.eindmoment
    if beroep.ingesteld_tijdig is False:
        reden = w.get("reden_te_laat")
        opgegeven = f"; opgegeven reden: {reden}" if reden else "; geen reden opgegeven"
        return ("beroep ingesteld na afloop van de beroepstermijn, te laat (art. 7:6; of dat verschoonbaar is "
                f"oordeelt de rechter){opgegeven}")
    if beroep.status == "termijn_verstreken":
        return ("beroep binnen de beroepstermijn ingesteld, na het verstrijken ervan geregistreerd (art. 7:6); "
                "schorst de crisismaatregel niet")
    return "beroep ingesteld binnen de beroepstermijn (art. 7:6); schorst de crisismaatregel niet"


def _uitspraak(session: Session, clock: Clock, beroep: Beroep, w: dict) -> str:
    beroep.uitkomst, beroep.uitspraak_op = w["uitkomst"], w["uitspraak_op"]
    return f"uitspraak: beroep {w['uitkomst']}"


def _schadeclaim(session: Session, clock: Clock, beroep: Beroep, w: dict) -> str:
    beroep.schadeclaim_bedrag_cent = w["bedrag"]
    beroep.schadeclaim_uitkomst = w.get("uitkomst") or beroep.schadeclaim_uitkomst or "aanhangig"
    beroep.schadeclaim_op = clock.now()
    euro = f"{w['bedrag'] // 100},{w['bedrag'] % 100:02d}"
    return f"schadeverzoek tegen de gemeente: EUR {euro}, {beroep.schadeclaim_uitkomst.replace('_', ' ')} (art. 10:12)"


def laat_verstrijken(session: Session, clock: Clock, beroep: Beroep, termijn) -> str:  # noqa: ANN001
    """Scheduler: the appeal window closed unused; moves the beroep to termijn_verstreken."""
    van = beroep.status
    beroep.status = voer_uit(BEROEP, van, "laat_verstrijken", {"now": clock.now(), "termijn_eind": termijn.eindmoment})
    sluit_termijn(termijn, op=termijn.eindmoment)
    reden = (f"beroepstermijn (art. 7:6) verstreken op {tijd.lokaal(termijn.eindmoment)} zonder dat beroep "
             "is ingesteld")
    schrijf_historie(session, clock, None, zaak_type=ZAAK_BEROEP, zaak_id=beroep.id, actie="laat_verstrijken",
                     van=van, naar=beroep.status, reden=reden)
    berichten.beroep_termijn_verstreken(session, clock, beroep)
    return reden


_HANDLERS = {"stel_in": _stel_in, "doe_uitspraak": _uitspraak, "registreer_schadeclaim": _schadeclaim}


def lopende(*, session: Session, clock: Clock, actor: Gebruiker) -> list[dict[str, Any]]:
    """Return the pending beroepen of the user's gemeente (see queries.lopende_beroepen); logs the read."""
    vereis(actor, "crisismaatregel.lees")
    regels = afscherming.regels(actor, kennis.filter_beroepen(
        session, actor, lopende_beroepen(session, actor.gemeente, clock.now())))
    if regels:
        ids = [r["id"] for r in regels]
        personen = session.exec(select(Beroep.betrokkene_id).where(Beroep.id.in_(ids))).all()
        log_getoond(session, clock, actor, ZAAK_BEROEP, personen, "lopende beroepen")
    return regels
