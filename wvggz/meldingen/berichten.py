"""Messages a melding causes, enqueued in the outbox with only what the recipient already knows."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam
from sqlmodel import Session, select

from notifications.outbox import invoeging, rij
from wvggz.clock import TZ, Clock
from wvggz.db import rauw, verbinding
from wvggz.meldingen.models import Melding
from wvggz.personen.models import Persoon

ZAAK = "melding"


_EMAIL = select(Persoon.email).where(Persoon.id == bindparam("id"))


def _email(session: Session, persoon_id: int) -> str | None:
    """The melder's e-mail address: from the person in the session (a new melding's), else one column."""
    melder = session.identity_map.get(session.identity_key(Persoon, persoon_id))
    if melder is not None and "email" in melder.__dict__:
        return melder.email
    return rauw(verbinding(session), _EMAIL, {"id": persoon_id}).scalar()


def _gegevens(melding: Melding, referentie: str, extra: dict | None = None) -> dict:
    """What a message to the melder shows: reference, day of receipt, gemeente (no names or health details)."""
    return {"referentie": referentie, "ontvangen_op": melding.ontvangen_op.astimezone(TZ).strftime("%d-%m-%Y"),
            "gemeente": melding.gemeente} | (extra or {})


def _aan_melder(session: Session, clock: Clock, melding: Melding, soort: str, extra: dict) -> None:
    """Enqueue a message to the melder (nothing without an e-mail address)."""
    email = _email(session, melding.melder_id)
    if not email:
        return
    schrijf(session, rij(soort=soort, kanaal="email", ontvanger_rol="melder",
                         gegevens=_gegevens(melding, melding.referentie, extra), dedup_sleutel=_dedup(melding.id, soort),
                         now=clock.now(), zaak_type=ZAAK, zaak_id=melding.id, adres=email))


def schrijf(session: Session, waarden: dict) -> int | None:
    """INSERT one outbox row (`notifications.outbox.rij`) in the caller's transaction, on the driver's cursor;
    its id, or None when its dedup key exists (as `outbox.schrijf_rij`)."""
    conn = verbinding(session)
    return rauw(conn, invoeging(conn.dialect.name), waarden).scalar()


def _dedup(melding_id: int, soort: str) -> str:
    return f"{ZAAK}:{melding_id}:{soort}"


def ontvangstbevestiging_rij(melding: Melding, email: str | None, now: datetime) -> dict | None:
    """Every melder with an e-mail address gets a receipt confirmation (municipal practice): its outbox row for
    a melding not written yet, built before the write transaction (ADR 0023); `met_id` completes it once the
    melding has its id. None without an e-mail address."""
    if not email:
        return None
    return rij(soort="ontvangstbevestiging", kanaal="email", ontvanger_rol="melder",
               gegevens=_gegevens(melding, ""), dedup_sleutel="", now=now, zaak_type=ZAAK, adres=email)


def met_id(waarden: dict, melding: Melding) -> dict:
    """Complete a row of `ontvangstbevestiging_rij` with the melding's id (reference, dedup key, case)."""
    waarden["gegevens"]["referentie"] = melding.referentie
    waarden["dedup_sleutel"], waarden["zaak_id"] = _dedup(melding.id, waarden["soort"]), melding.id
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
