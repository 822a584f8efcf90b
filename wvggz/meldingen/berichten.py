"""Messages a melding causes, enqueued in the outbox with only what the recipient already knows."""

from __future__ import annotations

from sqlmodel import Session

from notifications.outbox import plaats
from wvggz.clock import TZ, Clock
from wvggz.meldingen.models import Melding
from wvggz.personen.models import Persoon

ZAAK = "melding"


def _aan_melder(session: Session, clock: Clock, melding: Melding, soort: str, extra: dict) -> None:
    melder = session.get(Persoon, melding.melder_id)
    if melder is None or not melder.email:
        return
    gegevens = {
        "referentie": melding.referentie,
        "ontvangen_op": melding.ontvangen_op.astimezone(TZ).strftime("%d-%m-%Y"),
        "gemeente": melding.gemeente,
    } | extra
    plaats(session, soort=soort, kanaal="email", ontvanger_rol="melder", gegevens=gegevens,
           dedup_sleutel=f"{ZAAK}:{melding.id}:{soort}", now=clock.now(), zaak_type=ZAAK,
           zaak_id=melding.id, adres=melder.email)


def ontvangstbevestiging(session: Session, clock: Clock, melding: Melding) -> None:
    """Every melder gets a receipt confirmation (municipal practice)."""
    _aan_melder(session, clock, melding, "ontvangstbevestiging", {})


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
