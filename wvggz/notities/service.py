"""Use cases of notes: list and add, for every case kind through its descriptor (wvggz.zaken.soorten).

Reading needs the kind's read permission, adding its write permission; both check the gemeente scope through
the pipeline's `laad`, write `toegang` rows, and adding writes a `historie` row. A note never goes into a
message: nothing here touches the outbox."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, select

from wvggz.audit.service import log_toegang, schrijf_historie
from wvggz.clock import Clock
from wvggz.errors import MissingField, NotFound
from wvggz.gebruikers.models import Gebruiker
from wvggz.gebruikers.rechten import mag
from wvggz.notities.models import MAX_TEKST, Notitie
from wvggz.zaken import pijplijn
from wvggz.zaken.soort import Zaaksoort
from wvggz.zaken.soorten import SOORTEN
from wvggz.zaken.uow import UnitOfWork

# URL segment of each case kind: /api/v1/{pad}/{id}/notities and the page /{pad}/{id}
PADEN: dict[str, str] = {"meldingen": "melding", "crisismaatregelen": "crisismaatregel", "beroepen": "beroep",
                         "triages": "triage"}
ACTIE = "notitie"


def soort_van(pad: str) -> Zaaksoort:
    """Return the case kind of a URL segment; NotFound for anything else."""
    if pad not in PADEN:
        raise NotFound(f"Onbekende zaaksoort {pad!r}.")
    return SOORTEN[PADEN[pad]]


def notities_van(session: Session, zaak_type: str, zaak_id: int) -> list[Notitie]:
    stmt = select(Notitie).where(Notitie.zaak_type == zaak_type, Notitie.zaak_id == zaak_id)
    return list(session.exec(stmt.order_by(Notitie.id.desc())))  # type: ignore[union-attr]


def _kort(n: Notitie) -> dict[str, Any]:
    return {"id": n.id, "tekst": n.tekst, "gemaakt_op": n.gemaakt_op, "gemaakt_door": n.gemaakt_door}


def overzicht(session: Session, actor: Gebruiker, pad: str, zaak: Any) -> dict[str, Any]:
    """The note block of a loaded case, newest first (no access logging: the caller loaded and logged it)."""
    soort = soort_van(pad)
    return {"pad": pad, "zaak_id": zaak.id, "mag_toevoegen": mag(actor, soort.wijzig_recht),
            "notities": [_kort(n) for n in notities_van(session, soort.naam, zaak.id)]}


def lijst(*, session: Session, clock: Clock, actor: Gebruiker, pad: str, zaak_id: int) -> dict[str, Any]:
    """Return the notes of one case; logs the read per person of the case."""
    soort = soort_van(pad)
    with UnitOfWork(session, soort.gewijzigd):
        zaak = pijplijn.laad(session, soort, actor, zaak_id, recht=soort.lees_recht)
        log_toegang(session, clock, actor, handeling="lees", zaak_type=soort.naam, zaak_id=zaak.id,
                    persoon_ids=soort.personen(zaak), doel="notities")
        uit = overzicht(session, actor, pad, zaak)
    return uit


def blok(*, session: Session, actor: Gebruiker, pad: str, zaak_id: int) -> dict[str, Any]:
    """The note block of a case page (the page itself has loaded and logged the case)."""
    soort = soort_van(pad)
    return overzicht(session, actor, pad, pijplijn.laad(session, soort, actor, zaak_id, recht=soort.lees_recht))


def lees_tekst(ruw: object) -> str:
    """Return the note text, trimmed; MissingField('tekst') when empty or too long."""
    tekst = ruw.strip() if isinstance(ruw, str) else ""
    if not tekst:
        raise MissingField("tekst", "Schrijf de notitie: het veld Notitie is leeg.")
    if len(tekst) > MAX_TEKST:
        raise MissingField("tekst", f"De notitie is te lang: hooguit {MAX_TEKST} tekens.")
    return tekst


def voeg_toe(*, session: Session, clock: Clock, actor: Gebruiker, pad: str, zaak_id: int, tekst: object) -> Notitie:
    """Add a note to a case in one transaction: the note, a history row and an access-log row. The case
    itself (status, version) does not change, so a note never makes someone else's edit stale."""
    soort = soort_van(pad)
    with UnitOfWork(session, soort.gewijzigd):
        zaak = pijplijn.laad(session, soort, actor, zaak_id, recht=soort.wijzig_recht)
        notitie = Notitie(zaak_type=soort.naam, zaak_id=zaak.id, tekst=lees_tekst(tekst), gemaakt_op=clock.now(),
                          gemaakt_door_id=actor.id, gemaakt_door=actor.naam)
        session.add(notitie)
        schrijf_historie(session, clock, actor, zaak_type=soort.naam, zaak_id=zaak.id, actie=ACTIE,
                         van=zaak.status, naar=zaak.status, reden="Notitie toegevoegd")
        log_toegang(session, clock, actor, handeling="schrijf", zaak_type=soort.naam, zaak_id=zaak.id,
                    persoon_ids=soort.betrokkenen(zaak), doel=ACTIE)
    session.refresh(notitie)
    return notitie
