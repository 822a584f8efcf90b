"""The crisismaatregel and its beroep as case kinds of the one pipeline (wvggz.zaken)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session

from workflows.beroep import BEROEP
from workflows.crisismaatregel import CRISISMAATREGEL
from wvggz.crisismaatregelen import beroepen, effecten, kennis, tijd
from wvggz.crisismaatregelen.models import ZAAK, ZAAK_BEROEP, Beroep, Crisismaatregel
from wvggz.gebruikers.rechten import vereis
from wvggz.termijnen.service import open_termijn_van
from wvggz.velden import lees_velden
from wvggz.zaken.soort import Stap, Zaaksoort


def context_voor(session: Session, cm: Crisismaatregel, now: datetime) -> dict[str, Any]:
    """Return every stored fact the workflow's conditions read, derived from the stored case."""
    geldig = (open_termijn_van(session, ZAAK, cm.id, "voortzetting_geldigheid")
              or open_termijn_van(session, ZAAK, cm.id, "cm_geldigheid"))
    return {
        "now": now, "eigen_gemeente": cm.gemeente, "gemeente_verblijf": cm.gemeente_verblijf,
        "tvz_gestart_op": cm.tvz_gestart_op, "onderzoek_vastgelegd_op": cm.onderzoek_op,
        "psychiater": cm.psychiater, "gehoord": cm.gehoord, "reden_niet_gehoord": cm.reden_niet_gehoord,
        "besloten_op": cm.besloten_op, "verzoek_ontvangen_op": cm.voortzetting_verzocht_op,
        "geldig_tot": geldig.eindmoment if geldig is not None else cm.geldig_tot,
    }


def _context(stap: Stap, cm: Crisismaatregel, actie: str) -> dict[str, Any]:
    """The stored facts, minus the action's own fields: those must come from the user, never from the file."""
    eigen = {v.naam for v in CRISISMAATREGEL.acties[actie].velden} if actie in CRISISMAATREGEL.acties else set()
    return {k: v for k, v in context_voor(stap.session, cm, stap.clock.now()).items() if k not in eigen}


def _lees(stap: Stap, cm: Crisismaatregel, actie: str, ruw: dict[str, Any]) -> dict[str, Any]:
    """Typed values; the deciding official is the acting user, the decision moment and gemeente default to now
    and the request; every moment is checked for plausibility."""
    now = stap.clock.now()
    waarden = lees_velden(CRISISMAATREGEL.acties[actie], ruw) if actie in CRISISMAATREGEL.acties else {}
    if actie == "neem_maatregel":  # the burgemeester's own decision (art. 7:1): a permission in the table
        vereis(stap.actor, "crisismaatregel.besluit")
        waarden = ({"gemeente_verblijf": cm.gemeente_verblijf, "besloten_op": now} | waarden
                   | {"besluit_door_rol": "burgemeester"})
    return tijd.controleer(waarden, now, stap.settings)


def _effecten(stap: Stap, cm: Crisismaatregel, actie: str, waarden: dict[str, Any]) -> str | None:
    if actie == "neem_maatregel":  # a moment the workflow cannot see: the decision before the request
        tijd.niet_voor("besloten_op", waarden["besloten_op"], cm.aangevraagd_op, "Het besluit ligt vóór de aanvraag.")
    return effecten.pas_toe(stap, cm, actie, waarden)


def _lees_beroep(stap: Stap, beroep: Beroep, actie: str, ruw: dict[str, Any]) -> dict[str, Any]:
    waarden = lees_velden(BEROEP.acties[actie], ruw) if actie in BEROEP.acties else {}
    return tijd.controleer(waarden, stap.clock.now(), stap.settings)


CRISISMAATREGEL_ZAAK = Zaaksoort(
    naam=ZAAK, model=Crisismaatregel, workflow=CRISISMAATREGEL, prefix="CM", recht="crisismaatregel",
    titel="Crisismaatregel", lidwoord="Deze crisismaatregel", context=_context, effecten=_effecten, lees=_lees,
    personen=lambda cm: [cm.betrokkene_id], betrokkenen=lambda cm: [cm.betrokkene_id],
    kennis=kennis.crisismaatregel,
)

BEROEP_ZAAK = Zaaksoort(
    naam=ZAAK_BEROEP, model=Beroep, workflow=BEROEP, prefix="B", recht="crisismaatregel", titel="Beroep",
    lidwoord="Dit beroep", context=lambda stap, b, actie: {"ingesteld_op": b.ingesteld_op},
    effecten=lambda stap, b, actie, w: beroepen.pas_toe(stap.session, stap.clock, b, actie, w), lees=_lees_beroep,
    personen=lambda b: [b.betrokkene_id], betrokkenen=lambda b: [b.betrokkene_id],
    kennis=kennis.beroep,
)
