"""Who changed a case last: what the 409 page tells a user whose edit came too late (issue 13.8)."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, select

from wvggz.audit.models import Historie
from wvggz.gebruikers.rechten import HeeftRol, mag
from wvggz.labels import label
from wvggz.zaken.soorten import SOORTEN

# URL segment of a case page -> case kind
PADEN = {"meldingen": "melding", "crisismaatregelen": "crisismaatregel", "beroepen": "beroep", "triages": "triage"}
NIET_WIJZIGEND = ("notitie",)  # history rows that do not change the case (its version)


def laatste_wijziging(session: Session, gebruiker: HeeftRol, gemeente: str, pad: str,
                      zaak_id: int) -> dict[str, Any] | None:
    """Return {door, op, actie} of the case's latest change, or None when the user may not read the case (role
    or gemeente), the segment is no case kind or the case has no history. A read of staff names and times only:
    no person's record is shown, so nothing is logged."""
    soort = SOORTEN.get(PADEN.get(pad, ""))
    if soort is None or not mag(gebruiker, soort.lees_recht):
        return None
    zaak = session.get(soort.model, zaak_id)
    if zaak is None or zaak.gemeente != gemeente:
        return None
    rij = session.exec(select(Historie).where(
        Historie.zaak_type == soort.naam, Historie.zaak_id == zaak_id,
        Historie.actie.not_in(NIET_WIJZIGEND),  # type: ignore[union-attr]
    ).order_by(Historie.id.desc()).limit(1)).first()  # type: ignore[union-attr]
    if rij is None:
        return None
    actie = soort.workflow.acties.get(rij.actie)
    return {"door": rij.door, "op": rij.op, "actie": actie.label if actie else label(rij.actie)}
