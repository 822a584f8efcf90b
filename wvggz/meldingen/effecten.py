"""What each melding action changes besides the status: fields, terms, messages.

Every function runs inside the caller's transaction and returns a short reason for the history row."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlmodel import Session

from workflows.engine import eindigt
from workflows.melding import MELDING, REDEN_GEEN_NAASTE
from wvggz.cijfers.service import tel_besluit
from wvggz.clock import Clock
from wvggz.config import Settings
from wvggz.db import verbinding
from wvggz.meldingen.models import Melding
from wvggz.personen.models import Persoon
from wvggz.termijnen.service import open_termijn, open_termijn_van, open_termijnen, sluit_termijn

ZAAK = "melding"


def na_registratie(melding: Melding, melder: Persoon, now: datetime) -> list[dict[str, Any]]:
    """What follows registration: the outbox rows (the receipt confirmation), built before the melding is
    written and completed with its id by `berichten.met_id` (ADR 0023)."""
    from wvggz.meldingen import berichten

    return [r for r in (berichten.ontvangstbevestiging_rij(melding, melder.email, now),) if r is not None]


def pas_toe(
    session: Session, clock: Clock, melding: Melding, actie: str, w: dict[str, Any], *, settings: Settings,
) -> str | None:
    """Apply the action's effects to `melding`; returns the reason for the history row."""
    handler = _HANDLERS.get(actie)
    reden = handler(session, clock, melding, w, settings) if handler else None
    if eindigt(MELDING, actie):
        melding.open = False
    return reden


def _sluit_beslistermijn(session: Session, clock: Clock, melding: Melding) -> None:
    """Close the 14-day term (recording whether the decision was in time) and a running wijkteam question."""
    for termijn in open_termijnen(session, ZAAK, melding.id):  # read once per transaction, open ones only
        if termijn.soort not in ("melding_beslissing", "wijkteam_advies"):
            continue
        sluit_termijn(termijn, op=clock.now())
        if termijn.soort == "melding_beslissing":
            melding.tijdig_besloten = termijn.tijdig


def _start_onderzoek(session, clock, melding, w, settings) -> str:  # noqa: ANN001
    melding.behandelaar_id = w["behandelaar_id"]
    return "behandelaar toegewezen"


def _vraag_advies(session, clock, melding, w, settings) -> str:  # noqa: ANN001
    melding.wijkteam_contact = w["wijkteam_contact"]
    open_termijn(session, soort="wijkteam_advies", zaak_type=ZAAK, zaak_id=melding.id, start=clock.now(),
                 settings=settings)
    return "advies gevraagd aan ggz-wijkteam"


def _registreer_advies(session, clock, melding, w, settings) -> str:  # noqa: ANN001
    melding.wijkteam_advies = w["advies"]
    if not melding.medische_expertise:
        melding.medische_expertise = f"ggz-wijkteam ({melding.wijkteam_contact})"
    termijn = open_termijn_van(session, ZAAK, melding.id, "wijkteam_advies")
    if termijn is not None:
        sluit_termijn(termijn, op=clock.now())
    return "advies ggz-wijkteam ontvangen"


def _besluit(soort: str) -> Callable:
    def handler(session, clock, melding, w, settings) -> str:  # noqa: ANN001
        melding.medische_expertise = w.get("medische_expertise") or melding.medische_expertise
        melding.gesprek_met_betrokkene = w.get("gesprek_met_betrokkene", False)
        melding.reden_geen_gesprek = w.get("reden_geen_gesprek")
        if soort == "geen_aanvraag":
            melding.reden_code, melding.reden = w["reden_code"], w["reden"]
        melding.besluit, melding.besloten_op = soort, clock.now()
        _sluit_beslistermijn(session, clock, melding)
        tel_besluit(verbinding(session), melding)  # the dashboard's monthly figures, same transaction
        tijdig = "binnen" if melding.tijdig_besloten else "na"
        return f"besluit: {soort.replace('_', ' ')} ({tijdig} de termijn van art. 5:2)"

    return handler


def _stuur_door(session, clock, melding, w, settings) -> str:  # noqa: ANN001
    melding.doorgestuurd_naar = w["gemeente"]
    _sluit_beslistermijn(session, clock, melding)
    from wvggz.meldingen import berichten

    berichten.doorzendbericht(session, clock, melding)
    return f"doorgestuurd naar gemeente {w['gemeente']} (Awb art. 2:3)"


def _verwijs_door(session, clock, melding, w, settings) -> str:  # noqa: ANN001
    melding.verwezen_naar, melding.reden = w["verwezen_naar"], w.get("reden")
    _sluit_beslistermijn(session, clock, melding)
    return f"doorverwezen naar {w['verwezen_naar']}"


def _voeg_samen(session, clock, melding, w, settings) -> str:  # noqa: ANN001
    melding.samengevoegd_met_id = w["samenvoegen_met"]
    _sluit_beslistermijn(session, clock, melding)
    return f"samengevoegd met melding {w['samenvoegen_met']}"


def _ovj_besluit(session, clock, melding, w, settings) -> str:  # noqa: ANN001
    melding.ovj_besluit = w["ovj_besluit"]
    from wvggz.meldingen import berichten

    berichten.ovj_uitkomst(session, clock, melding)
    return f"besluit OvJ: {w['ovj_besluit'].replace('_', ' ')} (art. 5:16)"


def _sluit_af(session, clock, melding, w, settings) -> str:  # noqa: ANN001
    melding.melder_geinformeerd = w.get("melder_geinformeerd", False)
    melding.reden_niet_geinformeerd = w.get("reden_niet_geinformeerd")
    if not melding.melder_is_naaste and not melding.reden_niet_geinformeerd:
        melding.reden_niet_geinformeerd = REDEN_GEEN_NAASTE
    melding.afgesloten_op = clock.now()
    zonder_ovj = _zonder_ovj_besluit(session, clock, melding, w.get("reden_zonder_ovj_besluit"))
    if melding.melder_geinformeerd:
        from wvggz.meldingen import berichten

        berichten.uitkomst_aan_naaste(session, clock, melding)
        return f"afgesloten; melder (naaste) geïnformeerd{zonder_ovj}"
    return f"afgesloten; melder niet geïnformeerd: {melding.reden_niet_geinformeerd}{zonder_ovj}"


OVJ_TAAK = ("Informeer de melder (naaste) over het besluit van de officier van justitie zodra dat bekend is "
            "(art. 5:16 lid 2): de melding is afgesloten vóór dat besluit.")


def _zonder_ovj_besluit(session: Session, clock: Clock, melding: Melding, reden: str | None) -> str:
    """Closing after an aanvraag without the OvJ's decision: log the reason; a naaste-melder still has to hear
    that decision (art. 5:16 lid 2), so the behandelaar gets a task. Returns the history suffix."""
    if melding.besluit != "aanvraag" or melding.ovj_besluit is not None:
        return ""
    uit = f"; afgesloten vóór het besluit van de OvJ: {reden}"
    if melding.melder_is_naaste:
        from wvggz.taken.service import maak_taak

        maak_taak(session, clock, zaak_type=ZAAK, zaak_id=melding.id, soort="naaste_ovj_besluit",
                  omschrijving=OVJ_TAAK, ontvanger_rol="behandelaar")
        uit += "; taak: naaste informeren over het besluit van de OvJ (art. 5:16 lid 2)"
    return uit


_HANDLERS: dict[str, Callable] = {
    "start_onderzoek": _start_onderzoek,
    "vraag_wijkteam_advies": _vraag_advies,
    "registreer_wijkteam_advies": _registreer_advies,
    "dien_aanvraag_in": _besluit("aanvraag"),
    "besluit_geen_aanvraag": _besluit("geen_aanvraag"),
    "stuur_door": _stuur_door,
    "verwijs_door": _verwijs_door,
    "voeg_samen": _voeg_samen,
    "registreer_ovj_besluit": _ovj_besluit,
    "sluit_af": _sluit_af,
}
