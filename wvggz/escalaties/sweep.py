"""The sweep: claim the terms whose next step is due, fire every due step once, move the pointer on.

Cost grows with the due items, not with the table: the claim reads the index (status, volgende_trede_op).
On PostgreSQL due rows are claimed with FOR UPDATE SKIP LOCKED, so any number of scheduler processes
share the work; on SQLite the connection's BEGIN IMMEDIATE serialises sweeps. Either way the unique key
(termijn_id, trede) of the escalation row makes each step fire at most once, also after a crash. One bad
item is rolled back to its savepoint, logged and retried by the next sweep; it never stops the others.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, select

import wvggz.models  # noqa: F401  (every case table known, for the case lookup)
from wvggz.clock import Clock
from wvggz.config import Settings
from wvggz.db import SessionFactory
from wvggz.escalaties.models import Escalatie
from wvggz.escalaties.verlopen import handler_voor, laad_handlers
from wvggz.escalaties.vuur import Run, vuur_trede, vuur_verlopen
from wvggz.escalaties.zaken import Ontvangers, zaakinfo
from wvggz.termijnen.models import Termijn
from wvggz.termijnen.service import tredeplan, volgende_trede

log = logging.getLogger("wvggz.sweep")
BATCH = 200


@dataclass
class Uitslag:
    """What one sweep did: the fired steps and the terms that failed (retried by the next sweep)."""

    gevuurd: list[dict[str, Any]] = field(default_factory=list)
    mislukt: list[int] = field(default_factory=list)


def sweep(*, session_factory: SessionFactory, clock: Clock, settings: Settings, batch: int = BATCH,
          ) -> list[dict[str, Any]]:
    """Fire every due step of every open term once; returns what fired (case, termijn, trede, te_laat)."""
    return voer_uit(session_factory=session_factory, clock=clock, settings=settings, batch=batch).gevuurd


def voer_uit(*, session_factory: SessionFactory, clock: Clock, settings: Settings, batch: int = BATCH) -> Uitslag:
    """Run the sweep in batches of `batch` terms, one transaction per batch; returns the Uitslag."""
    now = clock.now()
    laad_handlers()
    uitslag = Uitslag()
    while True:
        with session_factory() as session:
            termijnen = claim(session, now, batch, uitsluiten=uitslag.mislukt)
            if not termijnen:
                return uitslag
            run = Run(session, clock, settings, now, Ontvangers(session))
            al_gevuurd = _gevuurd(session, [t.id for t in termijnen])
            for termijn in termijnen:
                _verwerk_veilig(run, termijn, al_gevuurd.get(termijn.id, set()), uitslag)
            session.commit()


def claim_stmt(now: datetime, batch: int, *, uitsluiten: Sequence[int] = ()) -> Select:
    """Return the claim statement: up to `batch` open terms whose next step is due, oldest first, with
    FOR UPDATE SKIP LOCKED (PostgreSQL skips rows another sweep holds; SQLite drops the clause)."""
    stmt = select(Termijn).where(Termijn.status == "lopend", Termijn.volgende_trede_op <= now)
    if uitsluiten:
        stmt = stmt.where(Termijn.id.not_in(uitsluiten))
    return stmt.order_by(Termijn.volgende_trede_op, Termijn.id).limit(batch).with_for_update(skip_locked=True)


def claim(session: Session, now: datetime, batch: int, *, uitsluiten: Sequence[int] = ()) -> list[Termijn]:
    """Return the due terms, locked for this transaction (see claim_stmt)."""
    return list(session.exec(claim_stmt(now, batch, uitsluiten=uitsluiten)))


def _gevuurd(session: Session, termijn_ids: list[int]) -> dict[int, set[str]]:
    """Return the steps already fired per term."""
    uit: dict[int, set[str]] = {}
    rijen = session.exec(select(Escalatie.termijn_id, Escalatie.trede).where(Escalatie.termijn_id.in_(termijn_ids)))
    for termijn_id, trede in rijen:
        uit.setdefault(termijn_id, set()).add(trede)
    return uit


def _verwerk_veilig(run: Run, termijn: Termijn, gevuurd: set[str], uitslag: Uitslag) -> None:
    """Process one term inside a savepoint; on error roll it back, log it and remember its id."""
    termijn_id = termijn.id
    try:
        with run.session.begin_nested():
            uitslag.gevuurd += verwerk(run, termijn, gevuurd)
    except IntegrityError:
        log.info("termijn %s: stap al gevuurd door een andere sweep; overgeslagen", termijn_id)
        uitslag.mislukt.append(termijn_id)
    except Exception:
        log.exception("termijn %s: sweep mislukt; de volgende sweep probeert het opnieuw", termijn_id)
        uitslag.mislukt.append(termijn_id)


def verwerk(run: Run, termijn: Termijn, gevuurd: set[str]) -> list[dict[str, Any]]:
    """Fire every due, unfired step of `termijn` in order and move its pointer; returns what fired."""
    info = zaakinfo(run.session, termijn.zaak_type, termijn.zaak_id, run.settings.gemeente)
    uit: list[dict[str, Any]] = []
    for code, moment, trede in tredeplan(termijn, run.settings):
        if moment > run.now or termijn.status != "lopend":
            break
        if code in gevuurd:
            continue
        if trede is not None:
            uit.append(vuur_trede(run, termijn, info, trede, moment))
        elif (handler := handler_voor(termijn.soort)) is not None:
            uit.append(vuur_verlopen(run, termijn, info, moment, handler))
        gevuurd.add(code)
    if termijn.status == "lopend":  # a lapse handler that closed the term has cleared the pointer itself
        _zet_volgende(run.session, termijn, volgende_trede(termijn, run.now, run.settings, gevuurd=gevuurd))
    return uit


def _zet_volgende(session: Session, termijn: Termijn, volgende: datetime | None) -> None:
    """Move the pointer with a plain UPDATE: scheduler bookkeeping, so the row's versie stays."""
    session.execute(update(Termijn).where(Termijn.id == termijn.id).values(volgende_trede_op=volgende),
                    execution_options={"synchronize_session": False})
    set_committed_value(termijn, "volgende_trede_op", volgende)
