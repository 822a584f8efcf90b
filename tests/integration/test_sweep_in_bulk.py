"""The sweep writes a batch in bulk (one INSERT each for escalation rows, messages and history rows, no
savepoint per term): a batch costs the same statements as one rung, writes the same rows as the term-by-term
path, keeps the audit chain intact, skips a rung another sweep fired, and falls back to term by term (each in
a savepoint) when the bulk write fails. Runs on PostgreSQL too (`make test-postgres`)."""

from __future__ import annotations

import logging
from datetime import datetime

import pytest
from sqlalchemy import text
from sqlmodel import SQLModel, func, select

from notifications.outbox import Bericht, plaats
from tests.factories.bulk import START_T1, T1, meldingen, termijnen
from tests.factories.sweep import registreer
from wvggz.audit.keten import controleer
from wvggz.audit.models import Historie
from wvggz.clock import TZ
from wvggz.config import Settings
from wvggz.db import make_engine
from wvggz.escalaties import bulk
from wvggz.escalaties import sweep as sweep_module
from wvggz.escalaties.models import Escalatie
from wvggz.escalaties.sweep import claim_stmt, sweep, voer_uit
from wvggz.taken.models import Taak
from wvggz.termijnen.models import Termijn

HERINNERING = datetime(2026, 4, 20, 8, 1, tzinfo=TZ)  # dag 7 08:00 of a melding of 13-04 09:00
NA_VERLOOP = datetime(2026, 4, 29, 10, 0, tzinfo=TZ)
# claim, the cases, the fired rungs, the behandelaars, escalatie, bericht, historie, the pointers; plus the
# audit chain's SELECT and UPDATE of the heads (and SQLite's BEGIN). The same for one rung and for a batch.
# PostgreSQL writes escalatie, bericht, historie and the pointers in ONE statement (rijen_pg): 5 (was 8).
BUDGET = {"sqlite": 8, "postgresql": 5}


def _meldingen(factory, clock, gebruikers, settings, aantal: int) -> list[int]:
    return [registreer(factory, clock, gebruikers, settings, behandelaar=("intake", "intake2")[i % 2])
            for i in range(aantal)]


def _rijen(factory) -> dict[str, list]:
    with factory() as s:
        return {"escalatie": s.exec(select(Escalatie).order_by(Escalatie.id)).all(),
                "bericht": s.exec(select(Bericht).where(Bericht.kanaal == "inbox").order_by(Bericht.id)).all(),
                "historie": s.exec(select(Historie).where(Historie.actie.like("%_verstuurd"))
                                   .order_by(Historie.id)).all()}


@pytest.mark.parametrize("aantal", [1, 6])
def test_een_batch_kost_evenveel_statements_als_een_trede(factory, clock, gebruikers, settings, teller, aantal):
    _meldingen(factory, clock, gebruikers, settings, aantal)
    clock.set(HERINNERING)
    teller.clear()
    gevuurd = sweep(session_factory=factory, clock=clock, settings=settings)
    assert [f["trede"] for f in gevuurd] == ["herinnering"] * aantal
    keten = [r.split()[0] for r in teller if "audit_keten" in r]
    werk = [r for r in teller if "audit_keten" not in r and not r.startswith("BEGIN")]
    assert keten == ["SELECT", "UPDATE"], keten
    postgres = settings.database_url.startswith("postgresql")
    assert len(werk) == BUDGET["postgresql" if postgres else "sqlite"], werk
    assert not [r for r in werk if "SAVEPOINT" in r or r.startswith(("UPDATE escalatie", "UPDATE bericht"))]
    assert sum(r.startswith("WITH e AS (INSERT INTO escalatie" if postgres else "INSERT INTO historie")
               for r in werk) == 1


def test_in_bulk_dezelfde_rijen_als_per_termijn_en_terugval_bij_een_fout(factory, clock, gebruikers, settings,
                                                                      monkeypatch, caplog):
    """Batch 1 is written in bulk; the bulk write of batch 2 fails, so batch 2 is rolled back and done term by
    term: both give the same rows, each rung once, and the chain verifies."""
    a, b = _meldingen(factory, clock, gebruikers, settings, 2)
    echte, aanroepen = bulk.schrijf, []

    def tweede_faalt(run, klaar):
        aanroepen.append(len(klaar))
        echte(run, klaar)  # the rows are written …
        if len(aanroepen) == 2:
            raise RuntimeError("schijf vol")  # … and then the batch fails

    monkeypatch.setattr(bulk, "schrijf", tweede_faalt)
    clock.set(HERINNERING)
    with caplog.at_level(logging.WARNING, logger="wvggz.sweep"):
        uitslag = voer_uit(session_factory=factory, clock=clock, settings=settings, batch=1)
    assert "per termijn" in caplog.text and "schijf vol" in caplog.text
    assert aanroepen == [1, 1] and uitslag.mislukt == []
    assert [(f["zaak_id"], f["trede"], f["berichten"]) for f in uitslag.gevuurd] == [
        (a, "herinnering", 1), (b, "herinnering", 1)]
    rijen = _rijen(factory)
    assert [len(v) for v in rijen.values()] == [2, 2, 2]
    eigen = {"id", "termijn_id", "zaak_id", "referentie", "pad", "dedup_sleutel", "volgnummer", "hash",
             "ontvanger_gebruiker_id", "gegevens"}
    for soort, (x, y) in rijen.items():
        assert x.model_dump(exclude=eigen) == y.model_dump(exclude=eigen), soort
    gx, gy = (r.gegevens for r in rijen["bericht"])
    assert {k: v for k, v in gx.items() if k not in ("referentie", "pad")} == {
        k: v for k, v in gy.items() if k not in ("referentie", "pad")}
    with factory() as s:
        assert controleer(s).in_orde
        termijnen = s.exec(select(Termijn).where(Termijn.soort == "melding_beslissing")).all()
        assert len({t.volgende_trede_op for t in termijnen}) == 1  # both pointers moved on alike
    assert sweep(session_factory=factory, clock=clock, settings=settings) == []


def test_trede_die_een_andere_sweep_al_vuurde_wordt_overgeslagen(factory, clock, gebruikers, settings,
                                                               monkeypatch, caplog):
    """Another sweep fired one rung after our read of the fired rungs: the bulk INSERT finds it, the batch is
    done again term by term, that term gets no message and no history from us, the others do; the next sweep
    moves its pointer on without firing."""
    ids = _meldingen(factory, clock, gebruikers, settings, 3)
    clock.set(HERINNERING)
    with factory() as s:
        termijn = s.exec(select(Termijn).where(Termijn.zaak_id == ids[1],
                                               Termijn.soort == "melding_beslissing")).one()
        s.add(Escalatie(termijn_id=termijn.id, trede="herinnering", termijn_soort=termijn.soort,
                        zaak_type="melding", zaak_id=ids[1], referentie="x", pad="/", gemeente="Den Haag",
                        gepland_op=clock.now(), gevuurd_op=clock.now()))
        s.commit()
    monkeypatch.setattr(sweep_module, "_gevuurd", lambda session, termijn_ids: {})  # read before it was there
    with caplog.at_level(logging.INFO, logger="wvggz.sweep"):
        uitslag = voer_uit(session_factory=factory, clock=clock, settings=settings)
    assert "per termijn" in caplog.text and "al gevuurd" in caplog.text
    assert [f["zaak_id"] for f in uitslag.gevuurd] == [ids[0], ids[2]] and uitslag.mislukt == [termijn.id]
    with factory() as s:
        assert s.exec(select(func.count()).select_from(Bericht).where(Bericht.zaak_id == ids[1],
                                                                      Bericht.soort == "herinnering")).one() == 0
    monkeypatch.undo()
    assert sweep(session_factory=factory, clock=clock, settings=settings) == []  # fired once, by the other
    with factory() as s:
        assert s.get(Termijn, termijn.id).volgende_trede_op > HERINNERING
        assert s.exec(select(func.count()).select_from(Escalatie)).one() == 3
        assert controleer(s).in_orde


def test_bericht_dat_al_bestond_telt_niet_mee(factory, clock, gebruikers, settings):
    ids = _meldingen(factory, clock, gebruikers, settings, 2)
    with factory() as s:
        termijn = s.exec(select(Termijn).where(Termijn.zaak_id == ids[0],
                                               Termijn.soort == "melding_beslissing")).one()
        plaats(s, soort="herinnering", kanaal="inbox", ontvanger_rol="behandelaar", gegevens={},
               dedup_sleutel=f"termijn:{termijn.id}:herinnering:{gebruikers['intake'][0].id}", now=clock.now())
        s.commit()
    clock.set(HERINNERING)
    gevuurd = sweep(session_factory=factory, clock=clock, settings=settings)
    assert [(f["zaak_id"], f["berichten"]) for f in gevuurd] == [(ids[0], 0), (ids[1], 1)]
    with factory() as s:
        assert dict(s.exec(select(Escalatie.zaak_id, Escalatie.aantal_berichten)).all()) == {ids[0]: 0, ids[1]: 1}


def test_batch_met_verlopen_en_treden_houdt_de_volgorde(factory, clock, gebruikers, settings):
    """A lapsed term (its lapse hook runs in a savepoint) and rung-only terms in one batch."""
    oud = registreer(factory, clock, gebruikers, settings)  # 13-04: lapsed by 29-04
    clock.set(datetime(2026, 4, 22, 9, 0, tzinfo=TZ))
    nieuw = _meldingen(factory, clock, gebruikers, settings, 2)  # 22-04: herinnering on 29-04 08:00
    clock.set(NA_VERLOOP)
    gevuurd = sweep(session_factory=factory, clock=clock, settings=settings)
    assert [(f["zaak_id"], f["trede"]) for f in gevuurd] == [
        (oud, "escalatie"), (oud, "verlopen"), (nieuw[0], "herinnering"), (nieuw[1], "herinnering")]
    assert sweep(session_factory=factory, clock=clock, settings=settings) == []
    with factory() as s:
        assert s.exec(select(func.count()).select_from(Taak)).one() == 1  # the naaste route of the old one
        assert controleer(s).in_orde


@pytest.mark.postgres
def test_claim_op_postgres_leest_een_batch_uit_de_index_zonder_sortering(postgres_url):
    """Every due term at the same moment (all herinneringen at 08:00): the claim's order (moment, id) comes
    from ix_termijn_sweep, so PostgreSQL locks one batch of rows and sorts nothing (it sorted every due row)."""
    settings = Settings(database_url=postgres_url, gemeente="Den Haag")
    engine = make_engine(postgres_url)
    try:
        SQLModel.metadata.create_all(engine)
        termijnen(engine, settings, meldingen(engine, settings, [START_T1] * 3000), START_T1)
        sql = str(claim_stmt(T1, 25).compile(engine, compile_kwargs={"literal_binds": True}))
        with engine.connect() as conn:
            conn.execute(text("ANALYZE termijn"))
            plan = "\n".join(r[0] for r in conn.execute(text("EXPLAIN (ANALYZE, COSTS OFF) " + sql)))
            conn.rollback()
        assert "Index Scan using ix_termijn_sweep" in plan and "Sort" not in plan, plan
        assert "rows=25 loops=1" in plan.splitlines()[2], plan  # the index scan stops after one batch
    finally:
        engine.dispose()
