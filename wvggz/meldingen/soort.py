"""The melding as a case kind of the one pipeline (wvggz.zaken)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import bindparam
from sqlmodel import select

from workflows.melding import MELDING
from wvggz.errors import MissingField
from wvggz.gebruikers.models import Gebruiker
from wvggz.gebruikers.rechten import mag
from wvggz.meldingen import effecten
from wvggz.meldingen.models import Melding
from wvggz.termijnen.service import open_termijn_van
from wvggz.zaken.soort import Stap, Zaaksoort

ZAAK = "melding"
_WIJKTEAM = frozenset({"vraag_wijkteam_advies", "registreer_wijkteam_advies"})


def samenvoegkandidaten(stap: Stap, melding: Melding) -> list[int]:
    """Return the ids of the other open meldingen about the same betrokkene."""
    stmt = select(Melding.id).where(Melding.betrokkene_id == melding.betrokkene_id, Melding.open.is_(True),
                                    Melding.id != melding.id)
    return list(stap.session.exec(stmt).all())


def context(stap: Stap, melding: Melding, actie: str) -> dict[str, Any]:
    """Return the stored facts the conditions of `actie` read; the queries only for the actions that need them."""
    uit: dict[str, Any] = {
        "now": stap.clock.now(), "eigen_gemeente": stap.settings.gemeente,
        "medische_expertise": melding.medische_expertise, "melder_is_naaste": melding.melder_is_naaste,
        "aanvraag_ingediend": melding.status == "aanvraag_ingediend",
        "ovj_besluit_vastgelegd": melding.ovj_besluit is not None,
    }
    if actie in _WIJKTEAM:
        uit["wijkteam_advies_open"] = open_termijn_van(stap.session, ZAAK, melding.id, "wijkteam_advies") is not None
    if actie == "voeg_samen":
        uit["kandidaten_samenvoegen"] = samenvoegkandidaten(stap, melding)
    return uit


def volledige_context(stap: Stap, melding: Melding) -> dict[str, Any]:
    """Every stored fact any action reads (for screens that grey out blocked actions)."""
    return context(stap, melding, "vraag_wijkteam_advies") | context(stap, melding, "voeg_samen")


_BEHANDELAAR = select(Gebruiker.actief, Gebruiker.rol, Gebruiker.gemeente).where(Gebruiker.id == bindparam("id"))


def controleer_behandelaar(stap: Stap, behandelaar_id: int) -> None:
    """Raise MissingField unless the behandelaar is an active intake or projectleider user of the actor's gemeente.
    The actor taking the melding itself was read (and found active) for this request: no statement; another
    user: three columns of its row (no ORM object)."""
    if stap.actor is not None and behandelaar_id == stap.actor.id:
        behandelaar = stap.actor
    else:
        behandelaar = stap.session.connection().execute(_BEHANDELAAR, {"id": behandelaar_id}).first()
    if (
        behandelaar is None or not behandelaar.actief
        or not mag(behandelaar, "melding.behandel")
        or behandelaar.gemeente.casefold() != stap.actor.gemeente.casefold()
    ):
        raise MissingField("behandelaar_id", "Kies een actieve behandelaar (intake of projectleider) van uw gemeente.")


def _effecten(stap: Stap, melding: Melding, actie: str, waarden: dict[str, Any]) -> str | None:
    if actie == "start_onderzoek":
        controleer_behandelaar(stap, waarden["behandelaar_id"])
    return effecten.pas_toe(stap.session, stap.clock, melding, actie, waarden, settings=stap.settings)


MELDING_ZAAK = Zaaksoort(
    naam=ZAAK, model=Melding, workflow=MELDING, prefix="M", recht="melding", titel="Melding",
    lidwoord="Deze melding", context=context, effecten=_effecten,
    personen=lambda m: [m.betrokkene_id, m.melder_id], betrokkenen=lambda m: [m.betrokkene_id],
)
