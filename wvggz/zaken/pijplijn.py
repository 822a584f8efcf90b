"""The one road of every case: load with scope check, permission, workflow, effects, history, access log,
commit, in one unit of work. Pages and the JSON API both call these functions."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlmodel import Session

from workflows.engine import toegestane_acties
from wvggz.audit.service import log_toegang, schrijf_historie
from wvggz.clock import Clock
from wvggz.config import Settings, get_settings
from wvggz.db import lees
from wvggz.errors import ConflictError, Forbidden, MissingField, NotFound
from wvggz.gebruikers.models import Gebruiker
from wvggz.gebruikers.rechten import vereis, vereis_gemeente
from wvggz.gelijktijdig import vergrendel
from wvggz.overgang import voer_uit
from wvggz.zaken.soort import Stap, Zaaksoort
from wvggz.zaken.uow import UnitOfWork

BEVESTIG = "bevestig"


def laad(session: Session, soort: Zaaksoort, actor: Gebruiker, zaak_id: int, *, recht: str,
         voor_update: bool = False) -> Any:
    """Return the case after the permission, gemeente and need-to-know checks; `voor_update` locks the row (PostgreSQL)."""
    vereis(actor, recht)
    zaak = vergrendel(session, soort.model, zaak_id) if voor_update else session.get(soort.model, zaak_id)
    niet_gevonden = f"{soort.titel} {zaak_id} bestaat niet."
    if zaak is None:
        raise NotFound(niet_gevonden)
    vereis_gemeente(actor, zaak.gemeente, niet_gevonden)  # another gemeente's case: the same 404
    if soort.kennis is not None:
        soort.kennis(session, actor, zaak)
    return zaak


def laad_voor_wijziging(session: Session, soort: Zaaksoort, actor: Gebruiker, zaak_id: int, versie: int) -> Any:
    """Return the case locked for this change; a `versie` other than the stored one raises ConflictError."""
    zaak = laad(session, soort, actor, zaak_id, recht=soort.wijzig_recht, voor_update=True)
    if versie != zaak.versie:
        raise ConflictError(soort.gewijzigd)
    return zaak


def haal(*, session: Session, clock: Clock, actor: Gebruiker, soort: Zaaksoort, zaak_id: int,
         doel: str = "inzien") -> Any:
    """Return one case after the permission and scope checks; the read is logged per person shown.
    The case is loaded in a read transaction (no write lock on SQLite); the access row is written and
    committed in its own short writer before the caller shows anything."""
    lees(session)
    try:
        zaak = laad(session, soort, actor, zaak_id, recht=soort.lees_recht)
    except BaseException:
        session.rollback()  # refused or missing: the read ends here, as a failed unit of work would
        raise
    with UnitOfWork(session, soort.gewijzigd):
        log_toegang(session, clock, actor, handeling="lees", zaak_type=soort.naam, zaak_id=zaak.id,
                    persoon_ids=soort.personen(zaak), doel=doel, gemeente=zaak.gemeente)
    lees(session)  # what the caller reads next (the detail) is a read again
    return zaak


def log_getoond(session: Session, clock: Clock, actor: Gebruiker, soort: str, persoon_ids: Iterable[int | None],
                doel: str) -> None:
    """Log (and commit) that a list showed these persons' records; nothing when the list was empty."""
    ids = [p for p in persoon_ids if p is not None]
    if ids:
        with UnitOfWork(session):
            log_toegang(session, clock, actor, handeling="lees", zaak_type=soort, zaak_id=None, persoon_ids=ids,
                        doel=doel)


def zichtbare_acties(soort: Zaaksoort, status: str) -> list[str]:
    """The actions a user may choose in `status`: the table's, without the scheduler's own."""
    return [a for a in toegestane_acties(soort.workflow, status) if not soort.workflow.acties[a].systeem]


def voer_actie_uit(
    *, session: Session, clock: Clock, actor: Gebruiker, soort: Zaaksoort, zaak_id: int, actie: str, versie: int,
    velden: Mapping[str, Any], settings: Settings | None = None,
) -> Any:
    """Carry out one action on one case in one transaction and return the changed case.

    Raises NotFound, Forbidden (role, gemeente, a scheduler-only action), ConflictError (stale `versie`, a lost
    race), InvalidTransition (not allowed in this status) or MissingField (a field); then nothing changed."""
    stap = Stap(session=session, clock=clock, actor=actor, settings=settings or get_settings())
    with UnitOfWork(session, soort.gewijzigd):
        zaak = laad_voor_wijziging(session, soort, actor, zaak_id, versie)
        definitie = soort.workflow.acties.get(actie)
        if definitie is not None and definitie.systeem:
            raise Forbidden("Deze stap zet het systeem zelf wanneer de termijn verstrijkt.")
        van = zaak.status
        with session.no_autoflush:  # the case row is written once, at commit: one UPDATE per action
            waarden = soort.lees_invoer(stap, zaak, actie, velden)
            naar = str(voer_uit(soort.workflow, van, actie, soort.context(stap, zaak, actie) | waarden))
            reden = soort.effecten(stap, zaak, actie, waarden)  # the effects still see the old status
            zaak.status = naar
        schrijf_historie(session, clock, actor, zaak_type=soort.naam, zaak_id=zaak.id, actie=actie, van=van,
                         naar=naar, reden=reden, gemeente=zaak.gemeente)
        log_toegang(session, clock, actor, handeling="schrijf", zaak_type=soort.naam, zaak_id=zaak.id,
                    persoon_ids=soort.betrokkenen(zaak), doel=actie, gemeente=zaak.gemeente)
    return zaak


def voer_formulier_uit(
    *, session: Session, clock: Clock, actor: Gebruiker, soort: Zaaksoort, zaak_id: int, actie: str,
    formulier: Mapping[str, Any], settings: Settings | None = None,
) -> Any:
    """The page door of `voer_actie_uit`: reads `versie` from the form and asks confirmation for a step that
    cannot be undone (the table's `onomkeerbaar`). Returns the changed case; MissingField names the field."""
    versie = str(formulier.get("versie") or "")
    if not versie.isdigit() or len(versie) > 12:
        raise MissingField("versie", "De versie ontbreekt; laad de pagina opnieuw.")
    definitie = soort.workflow.acties.get(actie)
    if definitie is not None and definitie.onomkeerbaar and formulier.get(BEVESTIG) not in ("1", "on", "ja"):
        raise MissingField(BEVESTIG, "Bevestig dat u deze stap wilt zetten: hij is niet terug te draaien.")
    velden = {k: v for k, v in formulier.items() if k not in ("csrf_token", "versie", BEVESTIG)}
    return voer_actie_uit(session=session, clock=clock, actor=actor, soort=soort, zaak_id=zaak_id, actie=actie,
                          versie=int(versie), velden=velden, settings=settings)
