"""Revision 0002a gives every existing person the gemeente of the first case that references it; a
person no case references gets '' and is found by nobody."""

from __future__ import annotations

from datetime import datetime

import pytest
from alembic import command
from sqlalchemy import insert, text

from tests.factories.bulk import rij_van
from wvggz.clock import TZ
from wvggz.crisismaatregelen.models import Crisismaatregel
from wvggz.db import make_engine
from wvggz.meldingen.models import Melding
from wvggz.migreer import alembic_config
from wvggz.triage.models import Triage

NU = datetime(2026, 4, 13, 9, 0, tzinfo=TZ)


def _rij(conn, obj) -> dict:
    """The object's column values, limited to the columns the table has at revision 0001."""
    from sqlalchemy import inspect

    bestaand = {c["name"] for c in inspect(conn).get_columns(type(obj).__tablename__)}
    return {k: v for k, v in rij_van(obj).items() if k in bestaand}


def _controleer(url: str) -> None:
    command.upgrade(alembic_config(url), "0001")
    engine = make_engine(url)
    with engine.begin() as conn:
        for i, naam in enumerate(("Betrokkene", "Melder", "Triage", "Maatregel", "Wees"), start=1):
            conn.execute(text("INSERT INTO persoon (id, achternaam, aangemaakt_op, zoeknaam, zoekvoornaam) "
                              "VALUES (:i, :n, :op, :z, '')"), {"i": i, "n": naam, "op": NU, "z": naam.lower()})
        conn.execute(insert(Melding.__table__), _rij(conn, Melding(
            gemeente="Den Haag", ontvangen_op=NU, kanaal="telefoon", melder_id=2, melder_relatie="ouder",
            melder_is_naaste=True, betrokkene_id=1, zorgen="zorgen", uiterlijk_besluit_op=NU)))
        conn.execute(insert(Triage.__table__), _rij(conn, Triage(
            gemeente="Rijswijk", aangekomen_op=NU, gebracht_door="zelf", persoon_id=3)))
        conn.execute(insert(Triage.__table__), _rij(conn, Triage(  # a later case elsewhere does not move the person
            gemeente="Delft", aangekomen_op=NU, gebracht_door="zelf", persoon_id=1)))
        conn.execute(insert(Crisismaatregel.__table__), _rij(conn, Crisismaatregel(
            gemeente="Wassenaar", betrokkene_id=4, aangevraagd_op=NU, aangevraagd_door="politie",
            gemeente_verblijf="Wassenaar")))
    command.upgrade(alembic_config(url), "head")
    with engine.connect() as conn:
        rijen = dict(conn.execute(text("SELECT achternaam, gemeente FROM persoon")).all())
    engine.dispose()
    assert rijen == {"Betrokkene": "Den Haag", "Melder": "Den Haag", "Triage": "Rijswijk",
                     "Maatregel": "Wassenaar", "Wees": ""}


def test_bestaande_personen_krijgen_de_gemeente_van_hun_eerste_zaak_sqlite(tmp_path):
    _controleer(f"sqlite:///{tmp_path / 'm.db'}")


@pytest.mark.postgres
def test_bestaande_personen_krijgen_de_gemeente_van_hun_eerste_zaak_postgres(postgres_url):
    _controleer(postgres_url)
