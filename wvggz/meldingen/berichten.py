"""Messages a melding causes, enqueued in the outbox with only what the recipient already knows."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam
from sqlmodel import Session, select

from notifications.outbox import plaats, rij, zet_klaar
from wvggz.clock import TZ, Clock
from wvggz.meldingen.models import Melding
from wvggz.personen.models import Persoon

ZAAK = "melding"


_EMAIL = select(Persoon.email).where(Persoon.id == bindparam("id"))


def _email(session: Session, persoon_id: int) -> str | None:
    """The melder's e-mail address: from the person in the session (a new melding's), else one column."""
    melder = session.identity_map.get(session.identity_key(Persoon, persoon_id))
    if melder is not None and "email" in melder.__dict__:
        return melder.email
    return session.connection().execute(_EMAIL, {"id": persoon_id}).scalar()


def _aan_melder(session: Session, clock: Clock, melding: Melding, soort: str, extra: dict, *,
                in_hand: bool = False) -> None:
    """Enqueue a message to the melder (nothing without an e-mail address). `in_hand`: keep the Bericht object
    in the session (a new melding's answer is built from what it wrote, ADR 0018); else only the row."""
    email = _email(session, melding.melder_id)
    if not email:
        return
    gegevens = {
        "referentie": melding.referentie,
        "ontvangen_op": melding.ontvangen_op.astimezone(TZ).strftime("%d-%m-%Y"),
        "gemeente": melding.gemeente,
    } | extra
    (plaats if in_hand else zet_klaar)(
        session, soort=soort, kanaal="email", ontvanger_rol="melder", gegevens=gegevens,
        dedup_sleutel=f"{ZAAK}:{melding.id}:{soort}", now=clock.now(), zaak_type=ZAAK, zaak_id=melding.id,
        adres=email)


def ontvangstbevestiging(session: Session, clock: Clock, melding: Melding) -> None:
    """Every melder gets a receipt confirmation (municipal practice)."""
    _aan_melder(session, clock, melding, "ontvangstbevestiging", {}, in_hand=True)


ONTVANGST = "ontvangstbevestiging"


def ontvangstbevestiging_rij(melding: Melding, email: str | None, now: datetime) -> dict | None:
    """The receipt's outbox row (as `ontvangstbevestiging` writes it) for a melding not written yet, built
    before the write transaction (ADR 0023); `met_id` completes it once the melding has its id. None without
    an e-mail address."""
    if not email:
        return None
    gegevens = {"referentie": "", "ontvangen_op": melding.ontvangen_op.astimezone(TZ).strftime("%d-%m-%Y"),
                "gemeente": melding.gemeente}
    return rij(soort=ONTVANGST, kanaal="email", ontvanger_rol="melder", gegevens=gegevens, dedup_sleutel="",
               now=now, zaak_type=ZAAK, adres=email)


def met_id(waarden: dict, melding: Melding) -> dict:
    """Complete a row of `ontvangstbevestiging_rij` with the melding's id (reference, dedup key, case)."""
    waarden["gegevens"]["referentie"] = melding.referentie
    waarden["dedup_sleutel"], waarden["zaak_id"] = f"{ZAAK}:{melding.id}:{waarden['soort']}", melding.id
    return waarden


def doorzendbericht(session: Session, clock: Clock, melding: Melding) -> None:
    """Tell the melder the melding went to the competent gemeente (Awb art. 2:3)."""
    _aan_melder(session, clock, melding, "doorzending", {"naar_gemeente": melding.doorgestuurd_naar})


def uitkomst_aan_naaste(session: Session, clock: Clock, melding: Melding) -> None:
    """Only a naaste-melder hears whether an aanvraag was filed (art. 5:2)."""
    if melding.melder_is_naaste:
        _aan_melder(session, clock, melding, "uitkomst_naaste", {"aanvraag": melding.besluit == "aanvraag"})


def ovj_uitkomst(session: Session, clock: Clock, melding: Melding) -> None:
    """Pass the OvJ's decision to a naaste-melder (art. 5:16 lid 2)."""
    if melding.melder_is_naaste:
        _aan_melder(session, clock, melding, "ovj_uitkomst_naaste",
                    {"verzoekschrift": melding.ovj_besluit == "verzoekschrift"})
