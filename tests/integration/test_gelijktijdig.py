"""Concurrent edits of one melding: one wins, the other gets a conflict (409), nothing half-written."""

from __future__ import annotations

import threading

import pytest
from sqlmodel import func, select

from tests.factories import auth, melding_body
from wvggz.audit.models import Historie
from wvggz.errors import ConflictError
from wvggz.meldingen.models import Melding
from wvggz.meldingen.soort import MELDING_ZAAK
from wvggz.zaken import pijplijn


def test_verouderde_schrijver_krijgt_conflict_op_databaseniveau(client, gebruikers, factory, clock):
    """Both writers read versie 1 and pass the explicit check; the version column stops the second."""
    m = client.post("/api/v1/meldingen", json=melding_body(), headers=auth(gebruikers, "intake")).json()
    intake = gebruikers["intake"][0]
    a, b = factory(), factory()
    rij_a, rij_b = a.get(Melding, m["id"]), None
    a.commit()  # end the read transaction (SQLite takes the write lock at BEGIN)
    rij_b = b.get(Melding, m["id"])
    b.commit()
    assert rij_a.versie == rij_b.versie == 1
    rij_a.behandelaar_id = intake.id
    a.commit()
    rij_b.behandelaar_id = gebruikers["intake2"][0].id
    with pytest.raises(Exception) as exc:
        b.commit()
    assert "StaleData" in type(exc.value).__name__
    a.close()
    b.close()


def test_twee_gelijktijdige_acties_een_wint(client, gebruikers, factory, clock):
    m = client.post("/api/v1/meldingen", json=melding_body(), headers=auth(gebruikers, "intake")).json()
    intake, intake2 = gebruikers["intake"][0], gebruikers["intake2"][0]
    start = threading.Barrier(2)
    uitkomst: list[str] = []

    def claim(wie):
        with factory() as s:
            actor = s.get(type(wie), wie.id)
            s.commit()  # end the read transaction before both race for the write
            start.wait()
            try:
                pijplijn.voer_actie_uit(session=s, clock=clock, actor=actor, soort=MELDING_ZAAK, zaak_id=m["id"],
                                       actie="start_onderzoek", versie=1, velden={"behandelaar_id": wie.id})
                uitkomst.append("ok")
            except ConflictError:
                uitkomst.append("409")

    draden = [threading.Thread(target=claim, args=(w,)) for w in (intake, intake2)]
    for d in draden:
        d.start()
    for d in draden:
        d.join()
    assert sorted(uitkomst) == ["409", "ok"]
    with factory() as s:
        assert s.get(Melding, m["id"]).versie == 2
        acties = s.exec(select(func.count()).select_from(Historie).where(Historie.actie == "start_onderzoek")).one()
        assert acties == 1
