"""The case kinds documents attach to, by URL segment; loading goes through the one pipeline's descriptors.

Each entry says which model a kind is, its `zaak_type` in history and access log, the permissions to
read and to write its documents, which persons its record is about, and where its page is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, SQLModel

from wvggz.crisismaatregelen.models import Beroep, Crisismaatregel
from wvggz.errors import NotFound
from wvggz.gebruikers.models import Gebruiker
from wvggz.meldingen.models import Melding
from wvggz.triage.models import Triage
from wvggz.zaken import pijplijn
from wvggz.zaken.soorten import SOORTEN


@dataclass(frozen=True)
class Zaaksoort:
    pad: str  # URL segment: /api/v1/{pad}/{id}/documenten and the page /{pagina}/{id}
    zaak_type: str
    model: type[SQLModel]
    lees: str
    wijzig: str
    personen: Callable[[Any], list[int | None]]
    pagina: str
    naam: str  # Dutch, for messages

    def laad(self, session: Session, actor: Gebruiker, zaak_id: int, *, schrijven: bool = False) -> Any:
        """Return the case after the permission and gemeente checks of the one pipeline (wvggz.zaken)."""
        return pijplijn.laad(session, SOORTEN[self.zaak_type], actor, zaak_id,
                             recht=self.wijzig if schrijven else self.lees)

    def paginapad(self, zaak_id: int) -> str:
        return f"/{self.pagina}/{zaak_id}"


ZAAKSOORTEN: dict[str, Zaaksoort] = {z.pad: z for z in (
    Zaaksoort("meldingen", "melding", Melding, "melding.lees", "melding.wijzig",
              lambda m: [m.betrokkene_id, m.melder_id], "meldingen", "melding"),
    Zaaksoort("crisismaatregelen", "crisismaatregel", Crisismaatregel, "crisismaatregel.lees",
              "crisismaatregel.wijzig", lambda c: [c.betrokkene_id], "crisismaatregelen", "crisismaatregel"),
    Zaaksoort("beroepen", "beroep", Beroep, "crisismaatregel.lees", "crisismaatregel.wijzig",
              lambda b: [b.betrokkene_id], "beroepen", "beroep"),
    Zaaksoort("triages", "triage", Triage, "triage.lees", "triage.wijzig",
              lambda t: [t.persoon_id], "triages", "triage"),
)}
PER_TYPE: dict[str, Zaaksoort] = {z.zaak_type: z for z in ZAAKSOORTEN.values()}


def zaaksoort(pad: str) -> Zaaksoort:
    """Return the case kind of a URL segment; NotFound for anything else."""
    try:
        return ZAAKSOORTEN[pad]
    except KeyError:
        raise NotFound(f"Onbekende zaaksoort {pad!r}.") from None
