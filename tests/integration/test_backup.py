"""`wvggz backup` of a running instance under writes and `wvggz herstel` elsewhere: the restored database
equals the backup in every table, the audit rows are those of the source, and the snapshot is consistent
(every melding in it has its history row and its term)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text

from tests.factories import melding_body
from tests.factories.database import nieuwe_postgres_database
from wvggz.db import make_engine, session_factory
from wvggz.meldingen.schemas import MeldingCreate
from wvggz.meldingen.service import registreer
from wvggz.migreer import migreer

ROOT = Path(__file__).resolve().parents[2]


def _tabellen(url: str) -> dict[str, list[tuple]]:
    engine = create_engine(url)
    uit = {}
    with engine.connect() as conn:
        for naam in sorted(inspect(engine).get_table_names()):
            uit[naam] = [tuple(r) for r in conn.execute(text(f'SELECT * FROM "{naam}" ORDER BY 1'))]
    engine.dispose()
    return uit


def _wvggz(url: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "wvggz.cli", *args], cwd=ROOT, capture_output=True, text=True,
                          env=os.environ | {"WVGGZ_DATABASE_URL": url}, timeout=600)


def _onder_schrijvers(url: str, gebruikers_factory, clock, doe) -> None:  # noqa: ANN001
    """Run `doe()` while a thread keeps registering meldingen in the database at `url`; `doe()` starts only
    once a few meldingen have been committed, so the snapshot cannot be taken before the first write."""
    factory = session_factory(make_engine(url))
    with factory() as s:
        from wvggz.gebruikers.service import maak_gebruiker

        actor = maak_gebruiker(session=s, clock=clock, gebruikersnaam="intake", rol="intake",
                               wachtwoord="geheim-wachtwoord", gemeente="Den Haag")
        s.commit()
    stop, bezig, fouten = threading.Event(), threading.Event(), []

    def schrijf():
        i = 0
        while not stop.is_set() or i < 20:
            try:
                with factory() as s:
                    registreer(session=s, clock=clock, actor=s.merge(actor), data=MeldingCreate.model_validate(
                        melding_body(zorgen=f"Zorg {i}")))
            except Exception as exc:  # noqa: BLE001
                fouten.append(exc)
                bezig.set()
                return
            i += 1
            if i == 3:
                bezig.set()

    draad = threading.Thread(target=schrijf)
    draad.start()
    try:
        assert bezig.wait(timeout=120) and not fouten, fouten  # the writer has committed its first meldingen
        doe()
    finally:
        stop.set()
        draad.join()
    assert not fouten, fouten


def _vergelijk(bron: str, backup_tabellen: dict, hersteld: str) -> None:
    terug = _tabellen(hersteld)
    assert terug == backup_tabellen  # every table, every row
    nu = _tabellen(bron)
    for tabel in ("historie", "toegang", "melding"):  # the audit chain of the source, up to the snapshot
        assert set(terug[tabel]) <= set(nu[tabel]) and len(terug[tabel]) > 0
    meldingen = {r[0] for r in terug["melding"]}
    engine = create_engine(hersteld)
    with engine.connect() as conn:
        geregistreerd = set(conn.execute(text(
            "SELECT zaak_id FROM historie WHERE zaak_type = 'melding' AND actie = 'geregistreerd'")).scalars())
        met_termijn = set(conn.execute(text(
            "SELECT zaak_id FROM termijn WHERE zaak_type = 'melding'")).scalars())
    engine.dispose()
    assert meldingen == geregistreerd == met_termijn  # a consistent snapshot: no half transaction


@pytest.mark.sqlite_only
def test_sqlite_backup_onder_schrijvers_en_herstel(tmp_path, clock):
    bron = f"sqlite:///{tmp_path / 'bron.db'}"
    migreer(bron)
    pad = tmp_path / "backups" / "wvggz.backup"
    resultaat = {}

    def backup():
        resultaat["r"] = _wvggz(bron, "backup", str(pad))

    _onder_schrijvers(bron, None, clock, backup)
    assert resultaat["r"].returncode == 0, resultaat["r"].stderr
    assert _wvggz(bron, "backup", str(pad)).returncode == 2  # never overwrites a backup
    backup_tabellen = _tabellen(f"sqlite:///{pad}")
    hersteld = f"sqlite:///{tmp_path / 'elders' / 'hersteld.db'}"
    r = _wvggz(hersteld, "herstel", str(pad))
    assert r.returncode == 0, r.stderr
    _vergelijk(bron, backup_tabellen, hersteld)
    assert _wvggz(hersteld, "herstel", str(pad)).returncode == 2  # refuses to overwrite without --forceer


@pytest.mark.postgres
def test_postgres_backup_onder_schrijvers_en_herstel(postgres_url, tmp_path, clock):
    migreer(postgres_url)
    pad = tmp_path / "wvggz.dump"
    resultaat = {}
    _onder_schrijvers(postgres_url, None, clock, lambda: resultaat.update(r=_wvggz(postgres_url, "backup", str(pad))))
    assert resultaat["r"].returncode == 0, resultaat["r"].stderr
    with nieuwe_postgres_database() as elders:
        r = _wvggz(elders, "herstel", str(pad))
        assert r.returncode == 0, r.stderr
        # the dump's own content, read back through a second restore, is the reference
        with nieuwe_postgres_database() as referentie:
            assert _wvggz(referentie, "herstel", str(pad)).returncode == 0
            _vergelijk(postgres_url, _tabellen(referentie), elders)
        assert _wvggz(elders, "herstel", str(pad)).returncode == 2  # not empty: needs --forceer

