"""Lapse handlers, called once by the sweep when a still-open term's end has passed.

`cm_geldigheid` (art. 7:7: 3 days without a request for voortzetting), `voortzetting_beslissing` (art. 7:8:
the court did not decide within its 3 days, so the measure ends), `voortzetting_geldigheid`
(art. 7:9: 3 weeks without a timely ZM request) and `zm_beslissing` (art. 6:2, 7:11: no ZM decision within
3 weeks of the request) move the measure to `vervallen`; `beroep_termijn`
(art. 7:6) moves the beroep to `termijn_verstreken`. Each runs in the sweep's transaction, writes the
history as "systeem" and returns the reason, or None when there is nothing (left) to do.
"""

from __future__ import annotations

from sqlmodel import Session

from workflows.crisismaatregel import CRISISMAATREGEL
from wvggz.audit.service import schrijf_historie
from wvggz.clock import Clock
from wvggz.config import get_settings
from wvggz.crisismaatregelen import beroepen, effecten
from wvggz.crisismaatregelen.models import ZAAK, Beroep, Crisismaatregel
from wvggz.escalaties.verlopen import bij_verlopen
from wvggz.overgang import voer_uit
from wvggz.termijnen.models import Termijn

# The status each validity term keeps alive; any other status means the term was superseded.
GELDIG_IN = {"cm_geldigheid": "genomen", "voortzetting_beslissing": "voortzetting_verzocht",
             "voortzetting_geldigheid": "voortgezet", "zm_beslissing": "zm_verzocht"}


def _vervallen(session: Session, clock: Clock, termijn: Termijn) -> str | None:
    """Move the measure to `vervallen` via the workflow's `laat_vervallen`; returns the reason."""
    cm = session.get(Crisismaatregel, termijn.zaak_id)
    if cm is None or termijn.status != "lopend" or cm.status != GELDIG_IN[termijn.soort]:
        return None
    if clock.now() < termijn.eindmoment:
        return None
    van = cm.status
    naar = voer_uit(CRISISMAATREGEL, van, "laat_vervallen", {"now": clock.now(), "geldig_tot": termijn.eindmoment})
    stap = effecten.Stap(session=session, clock=clock, actor=None, settings=get_settings())
    reden = effecten.vervallen(stap, cm, termijn)
    cm.status = naar
    schrijf_historie(session, clock, None, zaak_type=ZAAK, zaak_id=cm.id, actie="laat_vervallen", van=van,
                     naar=naar, reden=reden)
    return reden


@bij_verlopen("cm_geldigheid")
def cm_geldigheid(session: Session, clock: Clock, termijn: Termijn) -> str | None:
    """Art. 7:7: the 3-day validity ended without a request for voortzetting."""
    return _vervallen(session, clock, termijn)


@bij_verlopen("voortzetting_beslissing")
def voortzetting_beslissing(session: Session, clock: Clock, termijn: Termijn) -> str | None:
    """Art. 7:8: the court did not decide on the request within its 3 days; the measure ends."""
    return _vervallen(session, clock, termijn)


@bij_verlopen("voortzetting_geldigheid")
def voortzetting_geldigheid(session: Session, clock: Clock, termijn: Termijn) -> str | None:
    """Art. 7:9: the 3-week machtiging tot voortzetting ended without a timely ZM request."""
    return _vervallen(session, clock, termijn)


@bij_verlopen("zm_beslissing")
def zm_beslissing(session: Session, clock: Clock, termijn: Termijn) -> str | None:
    """Art. 6:2, 7:11: no decision on the ZM request within 3 weeks; the voortzetting ends."""
    return _vervallen(session, clock, termijn)


@bij_verlopen("beroep_termijn")
def beroep_termijn(session: Session, clock: Clock, termijn: Termijn) -> str | None:
    """Art. 7:6: the appeal window closed unused."""
    beroep = session.get(Beroep, termijn.zaak_id)
    if beroep is None or termijn.status != "lopend" or beroep.status != "termijn_loopt":
        return None
    if clock.now() < termijn.eindmoment:
        return None
    return beroepen.laat_verstrijken(session, clock, beroep, termijn)
