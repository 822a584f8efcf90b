"""Use cases of the beroep against a crisismaatregel (art. 7:6): a parallel track that never
suspends the measure. Damages (art. 10:12) are claimed from the gemeente, not the burgemeester."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, select

from workflows.beroep import BEROEP
from wvggz.audit.service import log_toegang, schrijf_historie
from wvggz.clock import Clock
from wvggz.config import Settings, get_settings
from wvggz.crisismaatregelen import tijd
from wvggz.crisismaatregelen.models import ZAAK_BEROEP, Beroep, Crisismaatregel
from wvggz.errors import ConflictError, Forbidden, NotFound
from wvggz.gebruikers.models import Gebruiker
from wvggz.gebruikers.rechten import vereis, vereis_gemeente
from wvggz.gelijktijdig import vergrendel
from wvggz.overgang import voer_uit
from wvggz.termijnen.service import open_termijn, open_termijn_van, sluit_termijn
from wvggz.velden import lees_velden

SYSTEEMACTIES = {"laat_verstrijken"}
GEWIJZIGD = "Dit beroep is intussen door iemand anders gewijzigd. Laad de pagina opnieuw."


def maak_beroep(session: Session, clock: Clock, actor: Gebruiker | None, cm: Crisismaatregel,
                settings: Settings) -> Beroep:
    """Create the beroep record of a taken measure and open the appeal window from the bekendmaking."""
    beroep = Beroep(crisismaatregel_id=cm.id, gemeente=cm.gemeente, betrokkene_id=cm.betrokkene_id,
                    bekendmaking_op=cm.bekendmaking_op)
    session.add(beroep)
    session.flush()
    termijn = open_termijn(session, soort="beroep_termijn", zaak_type=ZAAK_BEROEP, zaak_id=beroep.id,
                           start=cm.bekendmaking_op, settings=settings)
    schrijf_historie(session, clock, actor, zaak_type=ZAAK_BEROEP, zaak_id=beroep.id, actie="aangemaakt",
                     van=None, naar=beroep.status,
                     reden=f"beroepstermijn loopt tot en met {termijn.einddatum:%d-%m-%Y} (art. 7:6)")
    return beroep


def beroep_van(session: Session, crisismaatregel_id: int) -> Beroep | None:
    """Return the beroep of a measure, if it was taken."""
    return session.exec(select(Beroep).where(Beroep.crisismaatregel_id == crisismaatregel_id)).first()


def haal(*, session: Session, clock: Clock, actor: Gebruiker, beroep_id: int, doel: str = "inzien") -> Beroep:
    """Return the beroep after checking role and scope; logs the read."""
    vereis(actor, "crisismaatregel.lees")
    beroep = session.get(Beroep, beroep_id)
    if beroep is None:
        raise NotFound(f"Beroep {beroep_id} bestaat niet.")
    vereis_gemeente(actor, beroep.gemeente)
    log_toegang(session, clock, actor, handeling="lees", zaak_type=ZAAK_BEROEP, zaak_id=beroep.id,
                persoon_ids=[beroep.betrokkene_id], doel=doel)
    session.commit()
    return beroep


def voer_actie_uit(
    *, session: Session, clock: Clock, actor: Gebruiker, beroep_id: int, actie: str, versie: int,
    velden: dict[str, Any], settings: Settings | None = None,
) -> Beroep:
    """Carry out one beroep action with its fields in one transaction; returns the changed beroep."""
    settings = settings or get_settings()
    vereis(actor, "crisismaatregel.wijzig")
    beroep = vergrendel(session, Beroep, beroep_id)
    if beroep is None:
        raise NotFound(f"Beroep {beroep_id} bestaat niet.")
    vereis_gemeente(actor, beroep.gemeente)
    if actie in SYSTEEMACTIES:
        raise Forbidden("Deze actie voert het systeem uit wanneer de beroepstermijn verstrijkt.")
    if versie != beroep.versie:
        raise ConflictError(GEWIJZIGD)
    waarden = lees_velden(BEROEP.acties[actie], velden) if actie in BEROEP.acties else {}
    waarden = tijd.controleer(waarden, clock.now(), settings)
    van = beroep.status
    naar = voer_uit(BEROEP, van, actie, {"ingesteld_op": beroep.ingesteld_op} | waarden)
    reden = _HANDLERS[actie](session, clock, beroep, waarden)
    beroep.status = naar
    schrijf_historie(session, clock, actor, zaak_type=ZAAK_BEROEP, zaak_id=beroep.id, actie=actie, van=van,
                     naar=naar, reden=reden)
    log_toegang(session, clock, actor, handeling="schrijf", zaak_type=ZAAK_BEROEP, zaak_id=beroep.id,
                persoon_ids=[beroep.betrokkene_id], doel=actie)
    try:
        session.commit()
    except StaleDataError:
        session.rollback()
        raise ConflictError(GEWIJZIGD) from None
    return beroep


def _stel_in(session: Session, clock: Clock, beroep: Beroep, w: dict) -> str:
    cm = session.get(Crisismaatregel, beroep.crisismaatregel_id)
    tijd.niet_voor("ingesteld_op", w["ingesteld_op"], cm.besloten_op if cm else None,
                   "Het beroep ligt vóór het besluit tot de crisismaatregel.")
    beroep.ingesteld_op = w["ingesteld_op"]
    termijn = open_termijn_van(session, ZAAK_BEROEP, beroep.id, "beroep_termijn")
    if termijn is not None:
        sluit_termijn(termijn, op=beroep.ingesteld_op)
        beroep.ingesteld_tijdig = termijn.tijdig
    if beroep.ingesteld_tijdig is False:
        return "beroep ingesteld na afloop van de beroepstermijn (art. 7:6; verschoonbaarheid oordeelt de rechter)"
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
    from wvggz.crisismaatregelen import berichten

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
    from wvggz.crisismaatregelen.queries import lopende_beroepen

    vereis(actor, "crisismaatregel.lees")
    regels = lopende_beroepen(session, actor.gemeente, clock.now())
    if regels:
        ids = [r["id"] for r in regels]
        personen = session.exec(select(Beroep.betrokkene_id).where(Beroep.id.in_(ids))).all()
        log_toegang(session, clock, actor, handeling="lees", zaak_type=ZAAK_BEROEP, zaak_id=None,
                    persoon_ids=list(personen), doel="lopende beroepen")
        session.commit()
    return regels
