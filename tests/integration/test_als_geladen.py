"""A registration's written rows join the session as `make_transient_to_detached` + `Session.add` would put
them there (`rijen.ingevoegd`, `rijen.geladen`): persistent, clean, in the identity map, with the session's
attach events (so `GESCHREVEN` keeps them for the answer), the same values as a read of the row; and no session
transaction is left open after the registration (the answer's read opens its own, without SQLite's write lock)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import event, inspect
from sqlmodel import select

from notifications.outbox import Bericht
from tests.factories import melding_body
from tests.factories.melding_api import maak
from wvggz.audit.models import Historie
from wvggz.db import GESCHREVEN, houd_geschreven_vast
from wvggz.meldingen import service
from wvggz.meldingen.models import Melding
from wvggz.meldingen.schemas import MeldingCreate
from wvggz.personen.models import Persoon
from wvggz.rijen import geladen
from wvggz.termijnen.models import Termijn


def _kolommen(obj) -> dict:  # noqa: ANN001
    return {k: getattr(obj, k) for k in inspect(type(obj)).column_attrs.keys()}


def test_registratie_laat_geladen_rijen_achter(factory, clock, gebruikers, settings):
    intake = gebruikers["intake"][0]
    gezien = []
    with factory() as s:
        houd_geschreven_vast(s)
        event.listen(s, "detached_to_persistent", lambda _s, obj: gezien.append(obj))
        m = service.registreer(session=s, clock=clock, actor=intake, settings=settings,
                               data=MeldingCreate.model_validate(melding_body()))
        assert not s.in_transaction()
        geschreven = [o for o in s.info[GESCHREVEN] if not isinstance(o, Historie)]  # (a copy, not attached)
        soorten = {type(o) for o in geschreven}
        assert soorten == {Persoon, Melding, Termijn, Bericht}
        assert {id(o) for o in gezien} == {id(o) for o in geschreven}
        for obj in geschreven:
            staat = inspect(obj)
            assert staat.persistent and not staat.modified and not staat.expired_attributes
            assert s.identity_map.get(staat.key) is obj
        in_hand = {(type(o), o.id): _kolommen(o) for o in geschreven}
    with factory() as s:
        for (model, obj_id), waarden in in_hand.items():
            assert _kolommen(s.exec(select(model).where(model.id == obj_id)).one()) == waarden
    with factory() as s:  # a change to a row in hand is written as any other (one UPDATE, its version)
        m = service.registreer(session=s, clock=clock, actor=intake, settings=settings,
                               data=MeldingCreate.model_validate(melding_body()))
        bericht = s.exec(select(Bericht).where(Bericht.zaak_id == m.id)).one()
        assert inspect(bericht).persistent and bericht in s
        bericht.volgende_poging_op = clock.now() + timedelta(hours=1)
        assert bericht in s.dirty
        s.commit()
    with factory() as s:
        assert s.get(Bericht, bericht.id).volgende_poging_op == clock.now() + timedelta(hours=1)


def test_geladen_zonder_alle_kolommen_bouwt_niets(session, clock):
    assert geladen(session, Bericht, {"soort": "x"}, 1) is None
    assert not session.identity_map


def test_antwoord_op_post_leest_niets_terug(client, gebruikers, teller):
    """POST /api/v1/meldingen answers with the melding's terms, history and messages from the rows in hand:
    after the registration's INSERTs no statement reads a case table again (ADR 0018, 0023)."""
    eerst = maak(client, gebruikers)  # the chain heads and the token's user exist from here on
    teller.clear()
    m = maak(client, gebruikers)
    assert m["id"] == eerst["id"] + 1
    assert [t["soort"] for t in m["termijnen"]] == ["melding_beslissing"]
    assert [b["soort"] for b in m["berichten"]] == ["ontvangstbevestiging"]
    assert [h["actie"] for h in m["historie"]] == ["geregistreerd"]
    na_schrijven = teller[max(i for i, r in enumerate(teller) if r.startswith("INSERT INTO melding")):]
    gelezen = [r for r in na_schrijven if r.lstrip().startswith("SELECT")
               and any(f"FROM {t}" in r for t in ("melding", "termijn", "historie", "bericht", "persoon"))]
    assert gelezen == [], gelezen
