"""Fire one step of a term in the caller's transaction: the escalation row (its unique key makes it
once-only), the case history, and the messages through the outbox."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session

from notifications.outbox import plaats
from wvggz.audit.service import schrijf_historie
from wvggz.clock import TZ, Clock
from wvggz.config import Settings
from wvggz.escalaties.models import Escalatie
from wvggz.escalaties.verlopen import Handler
from wvggz.escalaties.zaken import Ontvangers, ZaakInfo
from wvggz.termijnen.models import Termijn
from wvggz.termijnen.regels import Trede
from wvggz.termijnen.service import VERLOPEN, regels

# The sweep runs every minute: a step fired more than this after its moment was caught up (late).
TE_LAAT_NA = timedelta(minutes=5)
KANAAL = "inbox"  # staff messages; the notifications layer may add e-mail per the user's preference


@dataclass
class Run:
    """One sweep batch: its session, clock, settings, the instant the sweep started, a recipient cache."""

    session: Session
    clock: Clock
    settings: Settings
    now: datetime
    ontvangers: Ontvangers
    zaken: list[Any] = field(default_factory=list)  # the batch's case rows, held so the session keeps them


def _lokaal(moment: datetime) -> str:
    return moment.astimezone(TZ).strftime("%d-%m-%Y %H:%M")


class AlGevuurd(Exception):
    """The rung's row exists already: another sweep fired it (the unique key (termijn_id, trede))."""


_ESCALATIE = Escalatie.__table__


def _escalatie(run: Run, termijn: Termijn, info: ZaakInfo, code: str, moment: datetime, **extra: Any) -> Escalatie:
    """Insert the rung's row with everything known up front (one INSERT, no UPDATE after it); the unique
    key (termijn_id, trede) with ON CONFLICT DO NOTHING stops a second firing here, before any effect."""
    rij = Escalatie(
        termijn_id=termijn.id, trede=code, termijn_soort=termijn.soort, zaak_type=termijn.zaak_type,
        zaak_id=termijn.zaak_id, referentie=info.referentie, pad=info.pad, gemeente=info.gemeente,
        gepland_op=moment, gevuurd_op=run.now, te_laat=run.now - moment > TE_LAAT_NA, **extra,
    )
    insert = pg_insert if run.session.get_bind().dialect.name == "postgresql" else sqlite_insert
    stmt = (insert(_ESCALATIE).values(**rij.model_dump(exclude={"id"}))
            .on_conflict_do_nothing(index_elements=["termijn_id", "trede"]).returning(_ESCALATIE.c.id))
    rij.id = run.session.connection().execute(stmt).scalar()
    if rij.id is None:
        raise AlGevuurd(f"termijn {termijn.id}: {code}")
    return rij  # a detached snapshot: the row is written, the object is not tracked by the session


def _werk_bij(run: Run, rij: Escalatie, **waarden: Any) -> None:
    """Correct a just-inserted rung row (only when the outcome differs from what was known up front)."""
    run.session.connection().execute(update(_ESCALATIE).where(_ESCALATIE.c.id == rij.id).values(**waarden))
    for naam, waarde in waarden.items():
        setattr(rij, naam, waarde)


def gegevens(termijn: Termijn, info: ZaakInfo, trede: Trede, moment: datetime, te_laat: bool,
             settings: Settings) -> dict[str, Any]:
    """Return the message snapshot: case reference and link, the term and the rung; no names, no health."""
    regel = regels(settings).get(termijn.soort)
    return {
        "referentie": info.referentie, "pad": info.pad, "zaak_type": termijn.zaak_type,
        "termijn": termijn.soort, "termijn_omschrijving": regel.omschrijving if regel else termijn.soort,
        "grondslag": termijn.grondslag, "trede": trede.code, "omschrijving": trede.omschrijving,
        "ontvanger": trede.ontvanger,
        "einddatum": termijn.einddatum.strftime("%d-%m-%Y") if termijn.einddatum else None,
        "eindmoment": _lokaal(termijn.eindmoment), "gepland_op": _lokaal(moment), "te_laat": te_laat,
    }


def vuur_trede(run: Run, termijn: Termijn, info: ZaakInfo, trede: Trede, moment: datetime, *,
               overgeslagen: list[str] | None = None) -> dict[str, Any]:
    """Fire one rung: escalation row, one message per recipient, history (naming the earlier rungs it
    overtook, which are not sent). Returns what fired."""
    rol, ids = run.ontvangers.voor(trede.ontvanger, info)
    rij = _escalatie(run, termijn, info, trede.code, moment, ontvanger=trede.ontvanger,
                     herhaal_in_digest=trede.herhaal_in_digest, aantal_berichten=len(ids))
    snapshot = gegevens(termijn, info, trede, moment, rij.te_laat, run.settings)
    geplaatst = 0
    for gebruiker_id in ids:
        sleutel = f"termijn:{termijn.id}:{trede.code}:{gebruiker_id if gebruiker_id is not None else rol}"
        bericht = plaats(run.session, soort=trede.code, kanaal=KANAAL, ontvanger_rol=rol, gegevens=snapshot,
                         dedup_sleutel=sleutel, now=run.now, zaak_type=termijn.zaak_type, zaak_id=termijn.zaak_id,
                         gebruiker_id=gebruiker_id)
        geplaatst += bericht is not None
    if geplaatst != rij.aantal_berichten:  # a message of this rung existed already (not in normal operation)
        _werk_bij(run, rij, aantal_berichten=geplaatst)
    schrijf_historie(run.session, run.clock, None, zaak_type=termijn.zaak_type, zaak_id=termijn.zaak_id,
                     actie=f"{trede.code}_verstuurd", van=None, naar=None,
                     reden=historie_reden(trede, termijn, rol, rij.te_laat, overgeslagen or []))
    return _verslag(termijn, info, rij) | {"ontvanger": rol, "berichten": rij.aantal_berichten,
                                           "overgeslagen": list(overgeslagen or [])}


def historie_reden(trede: Trede, termijn: Termijn, rol: str, te_laat: bool, overgeslagen: list[str]) -> str:
    """Return the history reason of a fired rung (late, and the earlier rungs it overtook)."""
    laat = "; te laat verstuurd (ingehaald na uitval)" if te_laat else ""
    if overgeslagen:
        laat += f"; eerdere treden niet meer verstuurd (ingehaald door deze trede): {', '.join(overgeslagen)}"
    return f"{trede.omschrijving} (termijn {termijn.soort}, aan {rol}){laat}"


def vuur_verlopen(run: Run, termijn: Termijn, info: ZaakInfo, moment: datetime, handler: Handler) -> dict[str, Any]:
    """Record the lapse (once), call the soort's lapse handler and write the history. Returns what fired."""
    rij = _escalatie(run, termijn, info, VERLOPEN, moment)
    uitkomst = handler(run.session, run.clock, termijn)
    if uitkomst:
        _werk_bij(run, rij, uitkomst=uitkomst[:300])
    reden = f"termijn {termijn.soort} verstreken ({_lokaal(termijn.eindmoment)})"
    schrijf_historie(run.session, run.clock, None, zaak_type=termijn.zaak_type, zaak_id=termijn.zaak_id,
                     actie="termijn_verstreken", van=None, naar=None,
                     reden=f"{reden}; {uitkomst}" if uitkomst else reden)
    return _verslag(termijn, info, rij) | {"uitkomst": rij.uitkomst}


def _verslag(termijn: Termijn, info: ZaakInfo, rij: Escalatie) -> dict[str, Any]:
    return {"termijn_id": termijn.id, "soort": termijn.soort, "zaak_type": termijn.zaak_type,
            "zaak_id": termijn.zaak_id, "referentie": info.referentie, "trede": rij.trede,
            "gepland_op": rij.gepland_op.isoformat(), "gevuurd_op": rij.gevuurd_op.isoformat(),
            "te_laat": rij.te_laat}
