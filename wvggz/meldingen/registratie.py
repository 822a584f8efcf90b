"""A new melding from the page: the search for an existing betrokkene (each person shown is logged) and
registration that stops on a likely duplicate person until the user chooses."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session, func, select

from wvggz.audit.service import log_toegang
from wvggz.clock import Clock
from wvggz.config import Settings
from wvggz.gebruikers.models import Gebruiker
from wvggz.gebruikers.rechten import vereis
from wvggz.meldingen import service
from wvggz.meldingen.models import Melding
from wvggz.meldingen.schemas import MeldingCreate
from wvggz.personen.service import zoek


def zoek_personen(
    *, session: Session, clock: Clock, actor: Gebruiker, naam: str | None, geboortedatum: date | None,
) -> list[dict[str, Any]]:
    """Return the gemeente's persons matching surname prefix and/or birth date, with their number of
    meldingen in the user's gemeente; the persons shown are written to the access log."""
    vereis(actor, "persoon.lees")
    if not (naam and naam.strip()) and geboortedatum is None:
        return []
    personen = zoek(session, gemeente=actor.gemeente, naam=naam, geboortedatum=geboortedatum, limiet=20)
    if not personen:
        return []
    ids = [p.id for p in personen]
    aantallen = dict(session.exec(
        select(Melding.betrokkene_id, func.count()).where(Melding.betrokkene_id.in_(ids),
                                                         Melding.gemeente == actor.gemeente)
        .group_by(Melding.betrokkene_id)
    ).all())
    log_toegang(session, clock, actor, handeling="lees", zaak_type="persoon", zaak_id=None, persoon_ids=ids,
                doel="zoeken_bij_nieuwe_melding")
    session.commit()
    return [{"id": p.id, "naam": p.volledige_naam, "geboortedatum": p.geboortedatum, "woonplaats": p.woonplaats,
             "meldingen": aantallen.get(p.id, 0)} for p in personen]


def registreer(
    *, session: Session, clock: Clock, actor: Gebruiker, data: MeldingCreate, nieuw_bevestigd: bool,
    settings: Settings,
) -> Melding:
    """Register the melding; the service stops a new betrokkene who matches a known person of the gemeente
    unless the user chose 'nieuwe persoon' (`nieuw_bevestigd`)."""
    if nieuw_bevestigd:
        data = data.model_copy(update={"betrokkene": data.betrokkene.model_copy(
            update={"nieuwe_persoon_bevestigd": True})})
    return service.registreer(session=session, clock=clock, actor=actor, data=data, settings=settings)
