"""The sweep: claim the terms whose next step is due, fire the highest due rung once, move the pointer on.

Cost grows with the due items, not with the table: the claim reads the index (status, volgende_trede_op).
On PostgreSQL due rows are claimed with FOR UPDATE SKIP LOCKED, so any number of scheduler processes
share the work; on SQLite the connection's BEGIN IMMEDIATE serialises sweeps. Either way the unique key
(termijn_id, trede) of the escalation row makes each step fire at most once, also after a crash.

A batch is prepared first and then written in bulk (`bulk`: one INSERT each for the escalation rows, the
messages and the history rows; no savepoint per term). A term that cannot be prepared is logged, left out
and retried by the next sweep; a term whose lapse handler must run goes through `verwerk` in a savepoint.
Should the bulk write fail, the batch is rolled back and done again term by term, each in a savepoint, so
one bad item never stops the others.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, select

import wvggz.models  # noqa: F401  (every case table known, for the case lookup)
from wvggz.clock import Clock
from wvggz.config import Settings
from wvggz.db import SessionFactory
from wvggz.escalaties import bulk
from wvggz.escalaties.models import Escalatie
from wvggz.escalaties.verlopen import handler_voor, laad_handlers
from wvggz.escalaties.vuur import AlGevuurd, Run, vuur_trede, vuur_verlopen
from wvggz.escalaties.zaken import Ontvangers, laad_zaken, zaakinfo
from wvggz.termijnen.models import Termijn
from wvggz.termijnen.regels import Trede
from wvggz.termijnen.service import tredeplan, volgende_trede

log = logging.getLogger("wvggz.sweep")
# Small batches: a term (and a user waiting on it) is locked for one short transaction. SQLite's BEGIN IMMEDIATE
# holds the whole file's write lock for a batch, so it stays at 25 (~6 ms); PostgreSQL locks only the batch's term
# rows (the chain head only from the history write to the commit, ~2 ms), so it takes 50 (~15 ms on a quiet
# machine) and pays its per-batch round trips and ORM reads half as often (ADR 0021, round 5).
BATCH = 25
BATCH_POSTGRES = 50


def batchgrootte(dialect: str) -> int:
    """The number of terms one sweep transaction claims on this database (see BATCH)."""
    return BATCH_POSTGRES if dialect == "postgresql" else BATCH


@dataclass
class Uitslag:
    """What one sweep did: the fired steps and the terms that failed (retried by the next sweep)."""

    gevuurd: list[dict[str, Any]] = field(default_factory=list)
    mislukt: list[int] = field(default_factory=list)


def sweep(*, session_factory: SessionFactory, clock: Clock, settings: Settings, batch: int | None = None,
          ) -> list[dict[str, Any]]:
    """Fire every due step of every open term once; returns what fired (case, termijn, trede, te_laat)."""
    return voer_uit(session_factory=session_factory, clock=clock, settings=settings, batch=batch).gevuurd


def voer_uit(*, session_factory: SessionFactory, clock: Clock, settings: Settings, batch: int | None = None,
             ) -> Uitslag:
    """Run the sweep in batches of `batch` terms (default: `batchgrootte` of the database), one transaction per
    batch; returns the Uitslag."""
    now = clock.now()
    laad_handlers()
    uitslag = Uitslag()
    per_rol: dict[tuple[str, str], list[int]] = {}  # recipients per (permission, gemeente), for this run
    with _een_verbinding(session_factory) as (sessie, dialect):
        return _batches(sessie, clock, settings, now, batch or batchgrootte(dialect), uitslag, per_rol)


@contextmanager
def _een_verbinding(session_factory: SessionFactory) -> Iterator[tuple[SessionFactory, str]]:
    """Yield (a session factory whose sessions all use ONE connection, held for the whole run, and the name of
    its dialect): the connection is taken from the pool (and, on PostgreSQL, pinged) once instead of once per
    batch. Each batch is still its own transaction, begun and committed by its session. A factory whose sessions
    are not bound to an engine is used as it is."""
    with session_factory() as proef:
        bind = proef.get_bind()
    if not isinstance(bind, Engine):
        yield session_factory, bind.dialect.name
        return
    with bind.connect() as conn:
        def sessie() -> Session:
            session = session_factory()
            session.bind = conn
            return session

        yield sessie, bind.dialect.name


def _batches(session_factory: SessionFactory, clock: Clock, settings: Settings, now: datetime, batch: int,
             uitslag: Uitslag, per_rol: dict[tuple[str, str], list[int]]) -> Uitslag:
    while True:
        with session_factory() as session:
            termijnen = claim(session, now, batch, uitsluiten=uitslag.mislukt)
            if not termijnen:
                return uitslag
            try:
                deel = _batch(session, clock, settings, now, termijnen, per_rol, in_bulk=True)
                session.commit()
            except Exception as fout:  # roll the batch back and do it again, term by term in savepoints
                if isinstance(fout, bulk.AlGeschreven):  # another sweep was first: `vuur_trede` sorts it out
                    log.info("sweep: %s; de batch opnieuw, per termijn", fout)
                else:
                    log.warning("sweep: batch van %s termijnen in een keer mislukt; opnieuw, per termijn",
                                len(termijnen), exc_info=True)
                session.rollback()
                opnieuw = claim(session, now, batch, alleen=[t.id for t in termijnen])
                deel = _batch(session, clock, settings, now, opnieuw, per_rol, in_bulk=False)
                session.commit()
            uitslag.gevuurd += deel.gevuurd
            uitslag.mislukt += deel.mislukt
            if len(termijnen) < batch:  # the claim found fewer than a batch: nothing else is due
                return uitslag


def claim_stmt(now: datetime, batch: int, *, uitsluiten: Sequence[int] = (), alleen: Sequence[int] = ()) -> Select:
    """Return the claim statement: up to `batch` open terms whose next step is due, oldest first, with
    FOR UPDATE SKIP LOCKED (PostgreSQL skips rows another sweep holds; SQLite drops the clause).
    `alleen`: only these terms (the retry of a batch)."""
    stmt = select(Termijn).where(Termijn.status == "lopend", Termijn.volgende_trede_op <= now)
    if uitsluiten:
        stmt = stmt.where(Termijn.id.not_in(uitsluiten))
    if alleen:
        stmt = stmt.where(Termijn.id.in_(alleen))
    return stmt.order_by(Termijn.volgende_trede_op, Termijn.id).limit(batch).with_for_update(skip_locked=True)


def claim(session: Session, now: datetime, batch: int, *, uitsluiten: Sequence[int] = (),
          alleen: Sequence[int] = ()) -> list[Termijn]:
    """Return the due terms, locked for this transaction (see claim_stmt)."""
    return list(session.exec(claim_stmt(now, batch, uitsluiten=uitsluiten, alleen=alleen)))


def _batch(session: Session, clock: Clock, settings: Settings, now: datetime, termijnen: list[Termijn],
           per_rol: dict[tuple[str, str], list[int]], *, in_bulk: bool) -> Uitslag:
    """Process the claimed terms in the session's transaction (the caller commits): prepared and written in
    bulk, or (`in_bulk` False: the retry) each term in its own savepoint. Returns what this batch did."""
    deel = Uitslag()
    if not termijnen:
        return deel
    zaken = laad_zaken(session, [(t.zaak_type, t.zaak_id) for t in termijnen])
    behandelaars = {b for z in zaken if (b := getattr(z, "behandelaar_id", None)) is not None}
    run = Run(session, clock, settings, now, Ontvangers(session, behandelaars, per_rol), zaken)
    al_gevuurd = _gevuurd(session, [t.id for t in termijnen])
    if in_bulk:
        wijzers = _in_bulk(run, termijnen, al_gevuurd, deel)
    else:
        wijzers = [w for t in termijnen if (w := _verwerk_veilig(run, t, al_gevuurd.get(t.id, set()), deel))]
    bulk.zet_wijzers(session, wijzers)
    return deel


def _in_bulk(run: Run, termijnen: list[Termijn], al_gevuurd: dict[int, set[str]], deel: Uitslag,
             ) -> list[dict[str, Any]]:
    """Prepare every term, write the rungs in bulk (with their terms' pointers), then the terms with a lapse
    handler one by one (each in a savepoint). Fills `deel` in claim order; returns the pointers still to write
    (of terms without a rung to write, and of those done by `verwerk`)."""
    klaar: list[bulk.Klaar] = []
    wijzers: dict[int, dict[str, Any]] = {}
    los: list[dict[str, Any]] = []  # the pointers of terms without a rung to write
    via_verwerk: list[Termijn] = []
    for termijn in termijnen:
        try:
            bereid = _bereid(run, termijn, set(al_gevuurd.get(termijn.id, ())))
        except Exception:
            log.exception("termijn %s: sweep mislukt; de volgende sweep probeert het opnieuw", termijn.id)
            deel.mislukt.append(termijn.id)
            continue
        if bereid is None:
            via_verwerk.append(termijn)
            continue
        wijzer = {"t_id": termijn.id, "volgende": bereid[1]}
        if bereid[0]:  # at most one rung: it carries the pointer (written with it)
            bereid[0][-1].wijzer = wijzer
        else:
            los.append(wijzer)
        klaar += bereid[0]
        wijzers[termijn.id] = wijzer
    bulk.schrijf(run, klaar)
    per_termijn: dict[int, list[dict[str, Any]]] = {}
    for k in klaar:
        per_termijn.setdefault(k.termijn_id, []).append(k.verslag)
    for termijn in termijnen:
        if termijn.id in wijzers:
            set_committed_value(termijn, "volgende_trede_op", wijzers[termijn.id]["volgende"])
    for termijn in via_verwerk:
        eigen = Uitslag()
        if (w := _verwerk_veilig(run, termijn, set(al_gevuurd.get(termijn.id, ())), eigen)) is not None:
            los.append(w)
        per_termijn[termijn.id] = eigen.gevuurd
        deel.mislukt += eigen.mislukt
    deel.gevuurd += [f for t in termijnen for f in per_termijn.get(t.id, [])]
    return los


def _gevuurd(session: Session, termijn_ids: list[int]) -> dict[int, set[str]]:
    """Return the steps already fired per term."""
    uit: dict[int, set[str]] = {}
    rijen = session.exec(select(Escalatie.termijn_id, Escalatie.trede).where(Escalatie.termijn_id.in_(termijn_ids)))
    for termijn_id, trede in rijen:
        uit.setdefault(termijn_id, set()).add(trede)
    return uit


def _verwerk_veilig(run: Run, termijn: Termijn, gevuurd: set[str], uitslag: Uitslag) -> dict[str, Any] | None:
    """Process one term inside a savepoint; returns its new pointer, or None when the term was closed or
    failed (then it is rolled back to the savepoint, logged, and retried by the next sweep)."""
    termijn_id = termijn.id
    try:
        with run.session.begin_nested():
            gevuurd_nu = verwerk(run, termijn, gevuurd)
            open_ = termijn.status == "lopend"  # a lapse handler that closed the term cleared the pointer
    except (AlGevuurd, IntegrityError):
        log.info("termijn %s: stap al gevuurd door een andere sweep; overgeslagen", termijn_id)
        uitslag.mislukt.append(termijn_id)
        return None
    except Exception:
        log.exception("termijn %s: sweep mislukt; de volgende sweep probeert het opnieuw", termijn_id)
        uitslag.mislukt.append(termijn_id)
        return None
    uitslag.gevuurd += gevuurd_nu
    if not open_:
        return None
    volgende = volgende_trede(termijn, run.now, run.settings, gevuurd=gevuurd)
    set_committed_value(termijn, "volgende_trede_op", volgende)
    return {"t_id": termijn_id, "volgende": volgende}


@dataclass(frozen=True)
class Stap:
    """A due, unfired step of a term: skip it (`overslaan`), fire its rung, or run the lapse check."""

    code: str
    moment: datetime
    trede: Trede | None
    overslaan: bool
    overgeslagen: tuple[str, ...]  # the rungs this rung overtook (named in its history)


def stappen(run: Run, termijn: Termijn, gevuurd: set[str], plan: list | None = None) -> list[Stap]:
    """Return the due, unfired steps of `termijn` in order (`plan`: its `tredeplan`, when known).

    A rung that a later rung has overtaken is skipped, not sent: after downtime only the highest due rung
    fires (and its history names the skipped ones), and a rung before one already fired never fires. The
    lapse check always runs."""
    plan = tredeplan(termijn, run.settings) if plan is None else plan
    ladder = [i for i, (_, _, trede) in enumerate(plan) if trede is not None]
    laatst_gevuurd = max((i for i in ladder if plan[i][0] in gevuurd), default=-1)
    hoogste = max((i for i in ladder if plan[i][1] <= run.now), default=-1)
    uit: list[Stap] = []
    overgeslagen: list[str] = []
    for i, (code, moment, trede) in enumerate(plan):
        if moment > run.now:
            break
        if code in gevuurd:
            continue
        if trede is not None and i < laatst_gevuurd:
            uit.append(Stap(code, moment, trede, True, ()))  # overtaken by a rung sent earlier (named then)
        elif trede is not None and i < max(hoogste, laatst_gevuurd):
            overgeslagen.append(code)  # overtaken by the later rung that is due now
            uit.append(Stap(code, moment, trede, True, ()))
        else:
            uit.append(Stap(code, moment, trede, False, tuple(overgeslagen)))
    return uit


def verwerk(run: Run, termijn: Termijn, gevuurd: set[str]) -> list[dict[str, Any]]:
    """Fire the due, unfired steps of `termijn` in order (adds them to `gevuurd`); returns what fired.
    A lapse handler that closes the term ends the walk."""
    info = zaakinfo(run.session, termijn.zaak_type, termijn.zaak_id, run.settings.gemeente)
    uit: list[dict[str, Any]] = []
    for stap in stappen(run, termijn, gevuurd):
        if termijn.status != "lopend":
            break
        if stap.overslaan:
            pass
        elif stap.trede is not None:
            uit.append(vuur_trede(run, termijn, info, stap.trede, stap.moment, overgeslagen=list(stap.overgeslagen)))
        elif (handler := handler_voor(termijn.soort)) is not None:
            uit.append(vuur_verlopen(run, termijn, info, stap.moment, handler))
        gevuurd.add(stap.code)
    return uit


def _bereid(run: Run, termijn: Termijn, gevuurd: set[str]) -> tuple[list[bulk.Klaar], datetime | None] | None:
    """Prepare what `verwerk` would write for `termijn`, writing nothing: its rungs and its next pointer (as
    `volgende_trede` computes it). None when a lapse handler must run or more than one rung is due (then
    `verwerk` does the term)."""
    info = zaakinfo(run.session, termijn.zaak_type, termijn.zaak_id, run.settings.gemeente)
    plan = tredeplan(termijn, run.settings)
    te_doen = stappen(run, termijn, gevuurd, plan)
    vuren = [s for s in te_doen if not s.overslaan and s.trede is not None]
    if len(vuren) > 1 or any(s.trede is None and handler_voor(termijn.soort) is not None for s in te_doen):
        return None
    klaar = [bulk.bereid(run, termijn, info, s.trede, s.moment, list(s.overgeslagen)) for s in vuren if s.trede]
    gevuurd.update(s.code for s in te_doen)
    volgende = min((m for code, m, _ in plan if code not in gevuurd and m > run.now), default=None)
    return klaar, volgende
