"""Inbox notices to the burgemeester's back office, through the outbox in the caller's transaction.

Message data carry only the case reference, ids, moments and the role of a party: no names and no
health details. Kinds: `cm_genomen`, `cm_kennisgeving_<partij>` (one reminder per duty task),
`cm_vervallen`, `beroep_termijn_verstreken`.
"""

from __future__ import annotations

from sqlmodel import Session, select

from notifications.outbox import plaats, zet_klaar_veel
from wvggz.clock import Clock
from wvggz.crisismaatregelen.models import ZAAK, ZAAK_BEROEP, Beroep, Crisismaatregel
from wvggz.crisismaatregelen.plichten import Plicht
from wvggz.crisismaatregelen.tijd import lokaal
from wvggz.gebruikers.models import Gebruiker
from wvggz.gebruikers.rechten import met_recht
from wvggz.taken.models import Taak


def backoffice(session: Session, gemeente: str) -> list[Gebruiker]:
    """Return the active users of `gemeente` who receive the burgemeester's signals (the back office)."""
    stmt = select(Gebruiker).where(met_recht("signaal.burgemeester"), Gebruiker.actief.is_(True))
    return [g for g in session.exec(stmt.order_by(Gebruiker.id)) if g.gemeente.casefold() == gemeente.casefold()]


def _aan_backoffice(session: Session, clock: Clock, gemeente: str, soort: str, sleutel: str,
                    zaak: tuple[str, int], gegevens: dict, ontvangers: list[Gebruiker] | None = None) -> None:
    for g in backoffice(session, gemeente) if ontvangers is None else ontvangers:
        plaats(session, soort=soort, kanaal="inbox", ontvanger_rol="burgemeester", gegevens=gegevens,
               dedup_sleutel=f"{sleutel}:{g.id}", now=clock.now(), zaak_type=zaak[0], zaak_id=zaak[1],
               gebruiker_id=g.id)


def _basis(cm: Crisismaatregel) -> dict:
    return {"referentie": cm.referentie, "crisismaatregel_id": cm.id, "pad": f"/crisismaatregelen/{cm.id}"}


def cm_genomen(session: Session, clock: Clock, cm: Crisismaatregel, taken: list[tuple[Taak, Plicht]]) -> None:
    """Tell the back office the measure was taken, and remind them of each duty with its deadline (every
    message of the decision in one INSERT)."""
    gegevens = _basis(cm) | {"besloten_op": lokaal(cm.besloten_op), "geldig_tot": lokaal(cm.geldig_tot)}
    soorten = [("cm_genomen", gegevens)] + [
        (f"cm_kennisgeving_{plicht.partij}", _basis(cm) | {"taak_id": taak.id, "partij": plicht.partij,
                                                           "uiterlijk_op": lokaal(taak.uiterlijk_op)})
        for taak, plicht in taken if plicht.kennisgeving]
    now, ontvangers = clock.now(), backoffice(session, cm.gemeente)
    zet_klaar_veel(session, [
        {"soort": soort, "kanaal": "inbox", "ontvanger_rol": "burgemeester", "gegevens": g,
         "dedup_sleutel": f"{ZAAK}:{cm.id}:{soort}:{o.id}", "now": now, "zaak_type": ZAAK, "zaak_id": cm.id,
         "gebruiker_id": o.id}
        for soort, g in soorten for o in ontvangers])


def cm_vervallen(session: Session, clock: Clock, cm: Crisismaatregel, geldig_tot: str) -> None:
    """Tell the back office the measure lapsed (no request for continuation, or validity over)."""
    _aan_backoffice(session, clock, cm.gemeente, "cm_vervallen", f"{ZAAK}:{cm.id}:cm_vervallen:{cm.status}",
                    (ZAAK, cm.id), _basis(cm) | {"geldig_tot": geldig_tot})


def beroep_termijn_verstreken(session: Session, clock: Clock, beroep: Beroep) -> None:
    """Tell the back office the appeal window closed unused."""
    gegevens = {"referentie": beroep.referentie, "beroep_id": beroep.id,
                "crisismaatregel_id": beroep.crisismaatregel_id, "pad": f"/beroepen/{beroep.id}"}
    _aan_backoffice(session, clock, beroep.gemeente, "beroep_termijn_verstreken",
                    f"{ZAAK_BEROEP}:{beroep.id}:termijn_verstreken", (ZAAK_BEROEP, beroep.id), gegevens)
