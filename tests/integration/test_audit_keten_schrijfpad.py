"""The hash chain written with Core (ADR 0017): heads read once per transaction, written once before the commit,
and a rolled-back savepoint or transaction leaves no gap and no fork."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlmodel import SQLModel, select

import wvggz.models  # noqa: F401
from wvggz.audit.keten import controleer
from wvggz.audit.models import Historie, Toegang
from wvggz.audit.service import log_toegang, schrijf_historie
from wvggz.db import make_engine, session_factory, transaction


def _historie(s, clock, actor, actie: str) -> None:  # noqa: ANN001
    schrijf_historie(s, clock, actor, zaak_type="melding", zaak_id=999_999, actie=actie, van=None, naar=None)


def _nummers(factory) -> list[tuple[str, int]]:  # noqa: ANN001
    with factory() as s:
        return [(r.actie, r.volgnummer) for r in s.exec(select(Historie).order_by(Historie.volgnummer))]


def _kop(factory, tabel: str) -> int:  # noqa: ANN001
    with factory() as s:
        return s.execute(text("SELECT volgnummer FROM audit_keten WHERE tabel = :t"), {"t": tabel}).scalar_one()


def _savepoints(factory, clock, actor) -> None:  # noqa: ANN001
    with transaction(factory) as s:
        _historie(s, clock, actor, "voor")
        with pytest.raises(RuntimeError), s.begin_nested():
            _historie(s, clock, actor, "in_savepoint_terug")
            raise RuntimeError
        with s.begin_nested():
            _historie(s, clock, actor, "in_savepoint_bewaard")
        _historie(s, clock, actor, "na")
    assert _nummers(factory) == [("voor", 1), ("in_savepoint_bewaard", 2), ("na", 3)]
    assert _kop(factory, "historie") == 3
    with pytest.raises(RuntimeError), transaction(factory) as s:  # a rolled-back transaction leaves nothing
        _historie(s, clock, actor, "terug")
        raise RuntimeError
    with transaction(factory) as s:
        with pytest.raises(RuntimeError), s.begin_nested():  # heads first read inside a rolled-back savepoint
            _historie(s, clock, actor, "weg")
            raise RuntimeError
        _historie(s, clock, actor, "daarna")
    assert _nummers(factory)[-1] == ("daarna", 4)
    with factory() as s:
        uitslag = controleer(s)
    assert uitslag.in_orde, uitslag.breuken


def test_savepoint_terug_geen_gat_sqlite(factory, clock, gebruikers):
    _savepoints(factory, clock, gebruikers["intake"][0])


@pytest.mark.postgres
def test_savepoint_terug_geen_gat_postgres(postgres_url, clock):
    from wvggz.gebruikers.service import maak_gebruiker

    engine = make_engine(postgres_url)
    SQLModel.metadata.create_all(engine)
    factory = session_factory(engine)
    with transaction(factory) as s:
        actor = maak_gebruiker(session=s, clock=clock, gebruikersnaam="x", rol="intake", wachtwoord="geheim-wachtwoord",
                               gemeente="Den Haag", naam="X")
    try:
        _savepoints(factory, clock, actor)
    finally:
        engine.dispose()


def test_koppen_een_keer_gelezen_en_een_keer_geschreven(factory, clock, gebruikers, teller):
    """Several appends to both chains in one transaction: one head read, one head write, one INSERT each."""
    actor = gebruikers["intake"][0]
    with transaction(factory) as s:  # the heads exist from here on
        _historie(s, clock, actor, "eerste")
    teller.clear()
    with transaction(factory) as s:
        for i in range(3):
            _historie(s, clock, actor, f"stap{i}")
            log_toegang(s, clock, actor, handeling="lees", zaak_type="persoon", zaak_id=None, persoon_ids=[i, i + 10],
                        doel="test")
    keten = [r for r in teller if "audit_keten" in r]
    assert [r.split()[0] for r in keten] == ["SELECT", "UPDATE"], keten
    # the rows are held back until the commit: one INSERT per table (executemany), after the heads' read (ADR 0025)
    assert sum(r.startswith("INSERT INTO historie") for r in teller) == 1
    assert sum(r.startswith("INSERT INTO toegang") for r in teller) == 1
    log = [r.split()[0] for r in teller if r.startswith(("INSERT INTO historie", "INSERT INTO toegang"))
           or "audit_keten" in r]
    assert log == ["SELECT", "INSERT", "INSERT", "UPDATE"], teller  # the heads are read after all the work
    with factory() as s:
        assert [r.volgnummer for r in s.exec(select(Toegang).order_by(Toegang.id))] == list(range(1, 7))
        assert controleer(s).in_orde
