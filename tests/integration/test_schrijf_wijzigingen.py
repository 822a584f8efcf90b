"""The changed rows of a unit of work as Core UPDATEs (wvggz/rijen.py `schrijf_wijzigingen`): the same rows,
version check and events as the ORM flush, and nothing left for the commit to flush."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from tests.factories import melding_body
from wvggz.errors import ConflictError
from wvggz.meldingen import service
from wvggz.meldingen.models import Melding
from wvggz.meldingen.schemas import MeldingCreate
from wvggz.personen.models import Persoon
from wvggz.zaken.uow import UnitOfWork


def _melding(factory, clock, gebruikers, settings) -> int:  # noqa: ANN001
    with factory() as s:
        return service.registreer(session=s, clock=clock, actor=gebruikers["intake"][0], settings=settings,
                                  data=MeldingCreate.model_validate(melding_body())).id


def test_een_update_met_alleen_de_gewijzigde_kolommen(factory, clock, gebruikers, settings, teller):
    melding_id = _melding(factory, clock, gebruikers, settings)
    with factory() as s:
        m = s.get(Melding, melding_id)
        teller.clear()
        with UnitOfWork(s):
            m.zorgen, m.acuut = "Nieuwe zorgen", m.acuut  # acuut: the same value, not written
            assert m in s.dirty
        updates = [r for r in teller if r.startswith("UPDATE melding")]
        assert len(updates) == 1 and "zorgen" in updates[0] and "acuut" not in updates[0], updates
        assert "versie" in updates[0] and not s.dirty and m.versie == 2
    with factory() as s:
        opgeslagen = s.get(Melding, melding_id)
        assert (opgeslagen.zorgen, opgeslagen.versie) == ("Nieuwe zorgen", 2)


def test_zonder_netto_wijziging_geen_update(factory, clock, gebruikers, settings, teller):
    melding_id = _melding(factory, clock, gebruikers, settings)
    with factory() as s:
        m = s.get(Melding, melding_id)
        teller.clear()
        with UnitOfWork(s):
            m.status = m.status
        assert not [r for r in teller if r.startswith("UPDATE")] and m.versie == 1 and not s.dirty


def test_verouderde_versie_wordt_409(factory, clock, gebruikers, settings):
    melding_id = _melding(factory, clock, gebruikers, settings)
    with factory() as s:
        m = s.get(Melding, melding_id)
        s.commit()
        with factory() as ander, UnitOfWork(ander):  # another writer raised the version meanwhile
            ander.connection().execute(text("UPDATE melding SET versie = versie + 1 WHERE id = :i"), {"i": m.id})
        with pytest.raises(ConflictError), UnitOfWork(s):
            m.zorgen = "Verloren"
    with factory() as s:
        assert s.get(Melding, melding_id).zorgen != "Verloren"


def test_mapper_events_lopen_zoals_bij_een_flush(factory, clock, gebruikers, settings):
    """Persoon's before_update keeps the search form of the name; the document/log guards refuse as before."""
    melding_id = _melding(factory, clock, gebruikers, settings)
    with factory() as s:
        persoon = s.get(Persoon, s.get(Melding, melding_id).betrokkene_id)
        with UnitOfWork(s):
            persoon.achternaam = "De  Vries"
        assert persoon.zoeknaam == "de vries"
    with factory() as s:
        assert s.get(Persoon, persoon.id).zoeknaam == "de vries"
