"""The OVP triage as a case kind of the one pipeline (wvggz.zaken)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from workflows.triage import TRIAGE, ZIJSTAPPEN
from wvggz.errors import MissingField
from wvggz.triage import effecten, overdracht
from wvggz.triage.models import Triage
from wvggz.velden import lees_velden
from wvggz.zaken.soort import Stap, Zaaksoort

ZAAK = "triage"
UITKOMST = "leg_uitkomst_vast"
MELDING = "melding"  # the outcome's optional hand-over: create the zorgmelding in the same transaction


def context(stap: Stap | None, triage: Triage, actie: str = "") -> dict[str, Any]:
    """Return the stored facts the table's conditions read (the same for every action)."""
    return {
        "verdacht_van_strafbaar_feit": triage.verdacht_van_strafbaar_feit, "aangekomen_op": triage.aangekomen_op,
        "persoon_gekoppeld": triage.persoon_id is not None, "melding_gemaakt": triage.melding_id is not None,
        "vastgelegde_uitkomst": triage.uitkomst, "crisismaatregel_gestart": triage.crisismaatregel_id is not None,
    }


def _lees(stap: Stap, triage: Triage, actie: str, ruw: Mapping[str, Any]) -> dict[str, Any]:
    """Typed values: a side action's fields through its schema (kept whole as `invoer`), a step's from the table;
    the outcome may carry `melding` (the hand-over's fields) to create the zorgmelding in the same step."""
    if actie in ZIJSTAPPEN:
        return {"invoer": overdracht.lees(actie, dict(ruw))}
    if actie == UITKOMST and ruw.get(MELDING) is not None:
        waarden = lees_velden(TRIAGE.acties[actie], {k: v for k, v in ruw.items() if k != MELDING})
        return waarden | {MELDING: overdracht.lees_melding_bij_uitkomst(waarden, ruw[MELDING])}
    return lees_velden(TRIAGE.acties[actie], ruw) if actie in TRIAGE.acties else {}


def _effecten(stap: Stap, triage: Triage, actie: str, waarden: dict[str, Any]) -> str | None:
    if actie in ZIJSTAPPEN:
        return overdracht.voer_uit(stap, triage, actie, waarden["invoer"])
    now = stap.clock.now()
    if actie == "vertrek" and waarden["vertrokken_op"] > now + timedelta(minutes=stap.settings.klokafwijking_minuten):
        raise MissingField("vertrokken_op", "Het vertrekmoment ligt in de toekomst.")
    reden = effecten.pas_toe(triage, actie, waarden, now)
    if actie == UITKOMST and MELDING in waarden:
        try:
            reden = f"{reden}; {overdracht.voer_uit(stap, triage, 'maak_melding', waarden[MELDING])}"
        except MissingField as exc:  # name the field inside the outcome's `melding`
            exc.veld = f"{MELDING}.{exc.veld}" if exc.veld else MELDING
            raise
    return reden


TRIAGE_ZAAK = Zaaksoort(
    naam=ZAAK, model=Triage, workflow=TRIAGE, prefix="T", recht="triage", titel="Triage", lidwoord="Deze triage",
    context=context, effecten=_effecten, lees=_lees,
    personen=lambda t: [t.persoon_id], betrokkenen=lambda t: [t.persoon_id],
)
