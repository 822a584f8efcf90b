"""Hash chain on historie and toegang: filled on every write, verified, breaks named, no fork under load."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import text
from sqlmodel import SQLModel, select

import wvggz.models  # noqa: F401
from tests.factories import auth, melding_body
from wvggz.audit.keten import controleer
from wvggz.audit.models import Historie, Toegang
from wvggz.audit.service import log_toegang, schrijf_historie
from wvggz.cli import main
from wvggz.db import make_engine, session_factory, transaction


def _meldingen(client, gebruikers, n=2):
    for _ in range(n):
        r = client.post("/api/v1/meldingen", json=melding_body(), headers=auth(gebruikers, "intake"))
        assert r.status_code == 201, r.text
        client.get(f"/api/v1/meldingen/{r.json()['id']}", headers=auth(gebruikers, "intake"))


def test_elke_logrij_krijgt_gemeente_volgnummer_en_hash(client, gebruikers, factory):
    _meldingen(client, gebruikers)
    with factory() as s:
        for model in (Historie, Toegang):
            rijen = list(s.exec(select(model).order_by(model.id)))
            assert rijen and all(r.gemeente == "Den Haag" and len(r.hash) == 64 for r in rijen)
            assert [r.volgnummer for r in rijen] == list(range(1, len(rijen) + 1))
        uitslag = controleer(s)
    assert uitslag.in_orde, uitslag.breuken
    assert uitslag.gecontroleerd >= 4


def test_ketens_per_gemeente(factory, clock, gebruikers):
    with transaction(factory) as s:
        for naam in ("intake", "rijswijk", "intake"):
            log_toegang(s, clock, gebruikers[naam][0], handeling="lees", zaak_type="persoon", zaak_id=None,
                        persoon_ids=[1], doel="test")
    with factory() as s:
        rijen = list(s.exec(select(Toegang).order_by(Toegang.id)))
        assert [(r.gemeente, r.volgnummer) for r in rijen] == [("Den Haag", 1), ("Rijswijk", 1), ("Den Haag", 2)]
        assert controleer(s).in_orde


def _sqlite_zonder_triggers(factory):
    with factory() as s:
        for tabel in ("historie", "toegang"):
            for op in ("update", "delete"):
                s.connection().exec_driver_sql(f"DROP TRIGGER {tabel}_geen_{op}")
        s.commit()


@pytest.mark.sqlite_only  # DROP TRIGGER as on SQLite; PostgreSQL: the rights test refuses the same attacks
@pytest.mark.parametrize("vervalsing, verwacht", [
    ("UPDATE historie SET reden = 'niets aan de hand' WHERE volgnummer = 2", "hash klopt niet"),
    ("DELETE FROM historie WHERE volgnummer = 2", "volgnummer 2 ontbreekt"),
    ("DELETE FROM historie WHERE volgnummer = (SELECT max(volgnummer) FROM historie)", "aan het eind verwijderd"),
    ("DELETE FROM historie", "aan het eind verwijderd"),
    ("UPDATE historie SET hash = NULL WHERE volgnummer = 3", "zonder keten-hash"),
])
def test_drop_trigger_en_wijziging_worden_ontdekt(client, gebruikers, factory, settings, monkeypatch, capsys,
                                                  vervalsing, verwacht):
    _meldingen(client, gebruikers, n=3)
    _sqlite_zonder_triggers(factory)
    with factory() as s:
        rij_id = s.connection().exec_driver_sql("SELECT id FROM historie WHERE volgnummer = 2").scalar_one()
        s.connection().exec_driver_sql(vervalsing)
        s.commit()
    with factory() as s:
        uitslag = controleer(s)
    assert not uitslag.in_orde
    breuk = uitslag.breuken[0]
    assert breuk.tabel == "historie" and verwacht in breuk.reden
    if "volgnummer = 2" in vervalsing and "UPDATE" in vervalsing:
        assert breuk.rij_id == rij_id and breuk.volgnummer == 2
    # the command names the same row and fails
    monkeypatch.setenv("WVGGZ_DATABASE_URL", settings.database_url)
    from wvggz.config import get_settings

    get_settings.cache_clear()
    try:
        assert main(["audit", "controleer"]) == 1
    finally:
        get_settings.cache_clear()
    assert verwacht in capsys.readouterr().err


def test_controleer_commando_in_orde(client, gebruikers, settings, monkeypatch, capsys):
    _meldingen(client, gebruikers)
    monkeypatch.setenv("WVGGZ_DATABASE_URL", settings.database_url)
    from wvggz.config import get_settings

    get_settings.cache_clear()
    try:
        assert main(["audit", "controleer"]) == 0
    finally:
        get_settings.cache_clear()
    assert "keten in orde" in capsys.readouterr().out


def _gelijktijdig(factory, clock, actor, schrijvers=4, per=15):
    fouten: list[BaseException] = []
    start = threading.Barrier(schrijvers)

    def schrijf(i):
        try:
            start.wait()
            for j in range(per):
                with transaction(factory) as s:
                    schrijf_historie(s, clock, actor, zaak_type="melding", zaak_id=10_000 + i, actie=f"t{j}",
                                     van=None, naar=None)
                    log_toegang(s, clock, actor, handeling="lees", zaak_type="melding", zaak_id=i,
                                persoon_ids=[i + 1], doel="test")
        except BaseException as exc:  # noqa: BLE001
            fouten.append(exc)

    threads = [threading.Thread(target=schrijf, args=(i,)) for i in range(schrijvers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not fouten, fouten
    with factory() as s:
        nummers = list(s.exec(select(Historie.volgnummer).where(Historie.gemeente == "Den Haag")
                              .order_by(Historie.volgnummer)))
        assert nummers == list(range(1, schrijvers * per + 1))
        uitslag = controleer(s)
        assert uitslag.in_orde, uitslag.breuken


def test_twee_schrijvers_tegelijk_geen_vork_sqlite(factory, clock, gebruikers):
    _gelijktijdig(factory, clock, gebruikers["intake"][0])


@pytest.mark.postgres
def test_twee_schrijvers_tegelijk_geen_vork_postgres(postgres_url, clock):
    from wvggz.gebruikers.service import maak_gebruiker

    engine = make_engine(postgres_url)
    SQLModel.metadata.create_all(engine)
    factory = session_factory(engine)
    with transaction(factory) as s:
        actor = maak_gebruiker(session=s, clock=clock, gebruikersnaam="x", rol="intake", wachtwoord="geheim-wachtwoord",
                               gemeente="Den Haag", naam="X")
    try:
        _gelijktijdig(factory, clock, actor)
        with factory() as s:
            assert s.execute(text("SELECT volgnummer FROM audit_keten WHERE tabel = 'historie'")).scalar_one() == 60
    finally:
        engine.dispose()
