"""Need to know within the own gemeente: which crisismaatregelen and beroepen a role may open.

The burgemeester and the projectleider (`crisismaatregel.alle`) see every measure of their gemeente; a role
that reads measures only for its own work (the OVP) sees the measures that came out of a triage of its
gemeente, and the beroepen against those. Checked by the pipeline's `laad` (Zaaksoort.kennis) and applied to
the lists, so a detail page, its actions, documents and the running lists agree."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlmodel import Session, select

from wvggz.crisismaatregelen.models import Beroep, Crisismaatregel
from wvggz.errors import Forbidden
from wvggz.gebruikers.models import Gebruiker
from wvggz.gebruikers.rechten import mag
from wvggz.triage.models import Triage

ALLE = "crisismaatregel.alle"
NIET_VAN_OVP = "Deze crisismaatregel komt niet uit een triage van de OVP; u ziet alleen de maatregelen van uw triages."


def _uit_eigen_triage(session: Session, cm: Crisismaatregel) -> bool:
    if cm.triage_id is None:
        return False
    triage = session.get(Triage, cm.triage_id)
    return triage is not None and triage.gemeente.casefold() == cm.gemeente.casefold()


def crisismaatregel(session: Session, actor: Gebruiker, cm: Crisismaatregel) -> None:
    """Raise Forbidden unless the actor sees every measure or this one came out of a triage of the gemeente."""
    if not mag(actor, ALLE) and not _uit_eigen_triage(session, cm):
        raise Forbidden(NIET_VAN_OVP)


def beroep(session: Session, actor: Gebruiker, b: Beroep) -> None:
    """Raise Forbidden unless the actor may see the measure the beroep is against."""
    if mag(actor, ALLE):
        return
    cm = session.get(Crisismaatregel, b.crisismaatregel_id)
    if cm is None or not _uit_eigen_triage(session, cm):
        raise Forbidden("Dit beroep hoort bij een crisismaatregel die niet uit een triage van de OVP komt.")


def zichtbare_maatregelen(session: Session, actor: Gebruiker, ids: Iterable[int]) -> set[int]:
    """Return those of the measure `ids` the actor may open."""
    ids = list(ids)
    if mag(actor, ALLE) or not ids:
        return set(ids)
    stmt = (select(Crisismaatregel.id).join(Triage, Triage.id == Crisismaatregel.triage_id)
            .where(Crisismaatregel.id.in_(ids), Triage.gemeente == Crisismaatregel.gemeente))
    return set(session.exec(stmt).all())


def filter_maatregelen(session: Session, actor: Gebruiker, regels: list[dict[str, Any]],
                       sleutel: str = "id") -> list[dict[str, Any]]:
    """Return the list rows whose measure (`sleutel`) the actor may open."""
    zichtbaar = zichtbare_maatregelen(session, actor, [r[sleutel] for r in regels])
    return [r for r in regels if r[sleutel] in zichtbaar]


def filter_beroepen(session: Session, actor: Gebruiker, regels: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return the beroep list rows whose measure the actor may open."""
    if mag(actor, ALLE) or not regels:
        return regels
    paren = dict(session.exec(select(Beroep.id, Beroep.crisismaatregel_id)
                              .where(Beroep.id.in_([r["id"] for r in regels]))).all())
    zichtbaar = zichtbare_maatregelen(session, actor, paren.values())
    return [r for r in regels if paren.get(r["id"]) in zichtbaar]
