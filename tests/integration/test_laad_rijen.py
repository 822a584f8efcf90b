"""`rijen.laad_rijen` makes Core rows into the session's objects as the ORM's loader does: persistent, clean,
in the identity map, the same values as an ORM query gives; a row already in the session is that object; a
change to a loaded object is written (and versioned) like any other."""

from __future__ import annotations

from sqlalchemy import inspect
from sqlmodel import select

from tests.factories import melding_body
from wvggz.meldingen import service
from wvggz.meldingen.schemas import MeldingCreate
from wvggz.rijen import laad_rijen, schrijf_wijzigingen
from wvggz.termijnen.models import Termijn
from wvggz.termijnen.service import _OPEN_RIJEN


def test_geladen_als_door_de_orm(factory, clock, gebruikers, settings):
    intake = gebruikers["intake"][0]
    with factory() as s:
        m = service.registreer(session=s, clock=clock, actor=intake, settings=settings,
                               data=MeldingCreate.model_validate(melding_body()))
    params = {"t": "melding", "z": m.id}
    with factory() as s:
        [t] = laad_rijen(s, Termijn, _OPEN_RIJEN, params)
        staat = inspect(t)
        assert staat.persistent and not staat.modified and t in s and s.identity_map.get(staat.key) is t
        assert s.get(Termijn, t.id) is t  # no second object, no statement needed
        assert laad_rijen(s, Termijn, _OPEN_RIJEN, params) == [t]  # in the session already: that object
    with factory() as s:
        [orm] = s.exec(select(Termijn).where(Termijn.zaak_id == m.id)).all()
        waarden_orm = {k: getattr(orm, k) for k in inspect(Termijn).column_attrs.keys()}
    assert {k: getattr(t, k) for k in waarden_orm} == waarden_orm
    with factory() as s:
        [t] = laad_rijen(s, Termijn, _OPEN_RIJEN, params)
        versie = t.versie
        t.status = "gesloten"
        assert inspect(t).modified and t in s.dirty
        schrijf_wijzigingen(s)
        s.commit()
    with factory() as s:
        opnieuw = s.get(Termijn, t.id)
        assert (opnieuw.status, opnieuw.versie) == ("gesloten", versie + 1)
        assert laad_rijen(s, Termijn, _OPEN_RIJEN, params) == []
