"""Use cases: the projectleider acknowledges an escalation; a local term (wijkteam_advies) is extended
with a reason. Legal terms have no pause, resume or extension (art. 5:2 has none)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, select

from wvggz import validatie
from wvggz.audit.service import log_toegang, schrijf_historie
from wvggz.clock import Clock
from wvggz.config import Settings, get_settings
from wvggz.errors import ConflictError, MissingField, NotFound
from wvggz.escalaties.models import Escalatie
from wvggz.escalaties.queries import escalatie_dict
from wvggz.gebruikers.models import Gebruiker
from wvggz.gebruikers.rechten import vereis, vereis_gemeente
from wvggz.meldingen.models import Melding
from wvggz.termijnen.models import Termijn
from wvggz.termijnen.service import VERLENGBAAR, VERLOPEN, verleng, volgende_trede

GEWIJZIGD = "Deze gegevens zijn intussen door iemand anders gewijzigd. Laad de pagina opnieuw."
MAX_WERKDAGEN = 20


def _commit(session: Session) -> None:
    try:
        session.commit()
    except StaleDataError:
        session.rollback()
        raise ConflictError(GEWIJZIGD) from None


def _tekst(waarde: str | None, veld: str, maximaal: int = 1000) -> str | None:
    """Return the stripped text (None when empty); MissingField on control characters or excess length."""
    try:
        tekst = validatie.tekst(waarde)
    except ValueError as exc:
        raise MissingField(veld, str(exc)) from None
    if tekst and len(tekst) > maximaal:
        raise MissingField(veld, f"Tekst is te lang (meer dan {maximaal} tekens).")
    return tekst


def bevestig(
    *, session: Session, clock: Clock, actor: Gebruiker, escalatie_id: int, versie: int,
    toelichting: str | None = None,
) -> dict[str, Any]:
    """Acknowledge an escalation (stops its repeat in the digest), write the case history and commit;
    returns the escalation."""
    vereis(actor, "escalatie.bevestig")
    rij = session.get(Escalatie, escalatie_id)
    if rij is None or rij.trede == VERLOPEN:
        raise NotFound(f"Escalatie {escalatie_id} bestaat niet.")
    vereis_gemeente(actor, rij.gemeente, f"Escalatie {escalatie_id} bestaat niet.")
    if rij.bevestigd_op is not None:
        raise ConflictError("Deze escalatie is al bevestigd.")
    if versie != rij.versie:
        raise ConflictError(GEWIJZIGD)
    rij.bevestigd_door_id, rij.bevestigd_op = actor.id, clock.now()
    rij.toelichting = _tekst(toelichting, "toelichting")
    schrijf_historie(session, clock, actor, zaak_type=rij.zaak_type, zaak_id=rij.zaak_id,
                     actie="escalatie_bevestigd", van=None, naar=None,
                     reden=f"{rij.trede} van termijn {rij.termijn_soort} bevestigd")
    _commit(session)
    return escalatie_dict(rij, session.get(Termijn, rij.termijn_id), actor.naam)


def _termijn_van_melding(session: Session, actor: Gebruiker, termijn_id: int) -> tuple[Termijn, Melding]:
    vereis(actor, "melding.wijzig")
    termijn = session.get(Termijn, termijn_id)
    melding = session.get(Melding, termijn.zaak_id) if termijn and termijn.zaak_type == "melding" else None
    if termijn is None or melding is None:
        raise NotFound(f"Termijn {termijn_id} bestaat niet of hoort niet bij een melding.")
    vereis_gemeente(actor, melding.gemeente, f"Termijn {termijn_id} bestaat niet of hoort niet bij een melding.")
    return termijn, melding


def termijn_dict(termijn: Termijn, melding: Melding) -> dict[str, Any]:
    """Return the public shape of a term that may be extended (with its versie and case link)."""
    return {
        "id": termijn.id, "versie": termijn.versie, "soort": termijn.soort, "status": termijn.status,
        "einddatum": termijn.einddatum, "eindmoment": termijn.eindmoment, "toelichting": termijn.toelichting,
        "verlenging_reden": termijn.verlenging_reden, "volgende_trede_op": termijn.volgende_trede_op,
        "verlengbaar": termijn.soort in VERLENGBAAR and termijn.status == "lopend",
        "referentie": melding.referentie, "pad": f"/meldingen/{melding.id}",
    }


def haal_termijn(*, session: Session, actor: Gebruiker, termijn_id: int) -> dict[str, Any]:
    """Return a term of a melding of the user's gemeente (for the extension form)."""
    termijn, melding = _termijn_van_melding(session, actor, termijn_id)
    return termijn_dict(termijn, melding)


def verleng_termijn(
    *, session: Session, clock: Clock, actor: Gebruiker, termijn_id: int, versie: int, werkdagen: int,
    reden: str, settings: Settings | None = None,
) -> dict[str, Any]:
    """Extend the open wijkteam_advies term by `werkdagen` working days with a reason: the end and the next
    unfired rung move, the reason is stored and written to the history. Commits; returns the term."""
    settings = settings or get_settings()
    termijn, melding = _termijn_van_melding(session, actor, termijn_id)
    if termijn.soort not in VERLENGBAAR:
        raise ConflictError(f"Termijn {termijn.soort} is wettelijk: pauzeren, hervatten of verlengen kan niet.")
    if termijn.status != "lopend":
        raise ConflictError("Deze termijn is al gesloten.")
    if versie != termijn.versie:
        raise ConflictError(GEWIJZIGD)
    if not 1 <= werkdagen <= MAX_WERKDAGEN:
        raise MissingField("werkdagen", f"Verleng met 1 tot {MAX_WERKDAGEN} werkdagen.")
    reden = _tekst(reden, "reden") or ""
    if len(reden) < 3:
        raise MissingField("reden", "Geef de reden van de verlenging.")
    gevuurd = set(session.exec(select(Escalatie.trede).where(Escalatie.termijn_id == termijn.id)))
    verleng(termijn, werkdagen=werkdagen, settings=settings)
    termijn.verlenging_reden = reden
    termijn.volgende_trede_op = volgende_trede(termijn, None, settings, gevuurd=gevuurd)
    schrijf_historie(session, clock, actor, zaak_type="melding", zaak_id=melding.id, actie="termijn_verlengd",
                     van=None, naar=None, reden=f"{termijn.soort} verlengd met {werkdagen} werkdag(en) tot "
                                                f"{termijn.einddatum:%d-%m-%Y}: {reden}")
    log_toegang(session, clock, actor, handeling="schrijf", zaak_type="melding", zaak_id=melding.id,
                persoon_ids=[melding.betrokkene_id], doel="termijn_verlengd")
    _commit(session)
    return termijn_dict(termijn, melding)


def lees_selectie(waarden: list[str]) -> list[tuple[int, int]]:
    """Return (id, versie) pairs from form values like "12:1,13:2"; MissingField("escalaties") when none
    or malformed."""
    paren: list[tuple[int, int]] = []
    for waarde in waarden:  # after a "|" the list's checkbox carries the melding for assignment: not read here
        for deel in filter(None, (d.strip() for d in waarde.partition("|")[0].split(","))):
            id_, _, versie = deel.partition(":")
            if not (id_.isdigit() and versie.isdigit()) or len(deel) > 30:
                raise MissingField("escalaties", "Deze selectie is ongeldig. Laad de pagina opnieuw.")
            paren.append((int(id_), int(versie)))
    if not paren:
        raise MissingField("escalaties", "Kies ten minste één zaak om te bevestigen.")
    if len(paren) > 500:
        raise MissingField("escalaties", "Bevestig hoogstens 500 escalaties tegelijk.")
    return paren


def bevestig_meerdere(
    *, session: Session, clock: Clock, actor: Gebruiker, escalaties: list[tuple[int, int]],
    toelichting: str | None = None,
) -> list[dict[str, Any]]:
    """Acknowledge several escalations (all rungs of a case, or a selection of cases) all-or-nothing:
    one history row per case, one commit; 409 when any of them changed or was acknowledged meanwhile."""
    vereis(actor, "escalatie.bevestig")
    tekst = _tekst(toelichting, "toelichting")
    now = clock.now()
    rijen = {e.id: e for e in session.exec(select(Escalatie).where(Escalatie.id.in_([i for i, _ in escalaties])))}
    for escalatie_id, versie in escalaties:  # check every one before changing any
        rij = rijen.get(escalatie_id)
        if rij is None or rij.trede == VERLOPEN:
            raise NotFound(f"Escalatie {escalatie_id} bestaat niet.")
        vereis_gemeente(actor, rij.gemeente, f"Escalatie {escalatie_id} bestaat niet.")
        if rij.bevestigd_op is not None or versie != rij.versie:
            raise ConflictError(GEWIJZIGD)
    per_zaak: dict[tuple[str, int], list[Escalatie]] = {}
    for rij in rijen.values():
        rij.bevestigd_door_id, rij.bevestigd_op, rij.toelichting = actor.id, now, tekst
        per_zaak.setdefault((rij.zaak_type, rij.zaak_id), []).append(rij)
    for (zaak_type, zaak_id), rijen in per_zaak.items():
        treden = ", ".join(f"{r.trede} ({r.termijn_soort})" for r in rijen)
        schrijf_historie(session, clock, actor, zaak_type=zaak_type, zaak_id=zaak_id,
                         actie="escalatie_bevestigd", van=None, naar=None, reden=f"bevestigd: {treden}")
    _commit(session)
    return [escalatie_dict(r, session.get(Termijn, r.termijn_id), actor.naam)
            for rijen in per_zaak.values() for r in rijen]
