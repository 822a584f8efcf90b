"""Several tasks or messages of one action in one INSERT each: a key that exists already stays as it was."""

from __future__ import annotations

from sqlmodel import select

from notifications.outbox import Bericht, zet_klaar_veel
from wvggz.taken.models import Taak
from wvggz.taken.service import maak_taak, maak_taken


def test_taken_in_een_insert_en_bestaande_blijft(session, clock, teller):
    oud = maak_taak(session, clock, zaak_type="crisismaatregel", zaak_id=7, soort="b", omschrijving="oud",
                    ontvanger_rol="burgemeester")
    session.commit()
    teller.clear()
    taken = maak_taken(session, clock, zaak_type="crisismaatregel", zaak_id=7, taken=[
        {"soort": s, "omschrijving": f"taak {s}", "ontvanger_rol": "burgemeester"} for s in ("a", "b", "c")])
    assert [t.soort for t in taken] == ["a", "b", "c"] and taken[1].id == oud.id
    assert taken[1].omschrijving == "oud"  # the stored task, not the new text
    assert sum(r.startswith("INSERT INTO taak") for r in teller) == 1, teller
    session.commit()
    rijen = session.exec(select(Taak).where(Taak.zaak_id == 7).order_by(Taak.id)).all()
    assert [(t.id, t.soort, t.dedup_sleutel) for t in rijen] == [(t.id, t.soort, t.dedup_sleutel) for t in
                                                                 sorted(taken, key=lambda t: t.id)]


def test_berichten_in_een_insert_en_dubbele_sleutel_niet(session, clock, teller):
    basis = {"kanaal": "inbox", "ontvanger_rol": "burgemeester", "gegevens": {"referentie": "C-1"},
             "now": clock.now(), "zaak_type": "crisismaatregel", "zaak_id": 1}
    eerste = zet_klaar_veel(session, [basis | {"soort": "x", "dedup_sleutel": "k1"}])
    teller.clear()
    ids = zet_klaar_veel(session, [basis | {"soort": s, "dedup_sleutel": k} for s, k in
                                   (("x", "k1"), ("y", "k2"), ("z", "k3"))])
    assert sorted(ids) == ["k2", "k3"] and len(teller) == 1, teller
    session.commit()
    rijen = session.exec(select(Bericht).order_by(Bericht.id)).all()
    assert [(b.id, b.dedup_sleutel, b.soort, b.status) for b in rijen] == [
        (eerste["k1"], "k1", "x", "wachtend"), (ids["k2"], "k2", "y", "wachtend"), (ids["k3"], "k3", "z", "wachtend")]
