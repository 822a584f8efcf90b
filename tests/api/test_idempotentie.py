"""Idempotency-Key on every create: a retry gets the first case (201, Idempotent-Replayed), never a second
case or a second receipt; another body with the same key is 422 naming the header; keys last 24 hours."""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from sqlmodel import func, select

from notifications.outbox import Bericht
from tests.factories import auth, melding_body
from tests.factories import crisismaatregel as cm_api
from tests.factories import triage as triage_api
from wvggz.crisismaatregelen.models import Crisismaatregel
from wvggz.meldingen.models import Melding
from wvggz.triage.models import Triage

CREATES = {
    "melding": ("/api/v1/meldingen", "intake", Melding, melding_body),
    "crisismaatregel": ("/api/v1/crisismaatregelen", "bm", Crisismaatregel, lambda **o: cm_api.AANVRAAG | o),
    "triage": ("/api/v1/triages", "ovp", Triage, triage_api.aankomst),
}


def aantal(factory, model) -> int:
    with factory() as s:
        return s.exec(select(func.count()).select_from(model)).one()


@pytest.mark.parametrize("soort", list(CREATES))
def test_zelfde_sleutel_geeft_dezelfde_zaak(soort, client, gebruikers, factory):
    pad, wie, model, body = CREATES[soort]
    kop = auth(gebruikers, wie) | {"Idempotency-Key": "verzoek-0001"}
    eerste = client.post(pad, json=body(), headers=kop)
    assert eerste.status_code == 201 and "Idempotent-Replayed" not in eerste.headers
    berichten = aantal(factory, Bericht)
    tweede = client.post(pad, json=body(), headers=kop)
    assert tweede.status_code == 201, tweede.text
    assert tweede.headers["Idempotent-Replayed"] == "true"
    assert tweede.json()["id"] == eerste.json()["id"] and tweede.json()["referentie"] == eerste.json()["referentie"]
    assert aantal(factory, model) == 1 and aantal(factory, Bericht) == berichten
    anders = client.post(pad, json=body(), headers=auth(gebruikers, wie) | {"Idempotency-Key": "verzoek-0002"})
    assert anders.status_code == 201 and aantal(factory, model) == 2  # a new key is a new request
    zonder = client.post(pad, json=body(), headers=auth(gebruikers, wie))
    assert zonder.status_code == 201 and aantal(factory, model) == 3  # without a key nothing changes


def test_zelfde_sleutel_ander_verzoek_is_422(client, gebruikers, factory):
    kop = auth(gebruikers, "intake") | {"Idempotency-Key": "k1"}
    assert client.post("/api/v1/meldingen", json=melding_body(), headers=kop).status_code == 201
    r = client.post("/api/v1/meldingen", json=melding_body(zorgen="Iets anders."), headers=kop)
    assert r.status_code == 422 and r.json()["detail"][0]["loc"][-1] == "Idempotency-Key"
    assert aantal(factory, Melding) == 1


def test_sleutel_hoort_bij_de_gebruiker_en_verloopt_na_24_uur(client, gebruikers, factory, clock):
    for wie in ("intake", "intake2"):
        r = client.post("/api/v1/meldingen", json=melding_body(), headers=auth(gebruikers, wie) | {"Idempotency-Key": "k"})
        assert r.status_code == 201
    assert aantal(factory, Melding) == 2
    clock.advance(hours=24)
    r = client.post("/api/v1/meldingen", json=melding_body(), headers=auth(gebruikers, "intake") | {"Idempotency-Key": "k"})
    assert r.status_code == 201 and "Idempotent-Replayed" not in r.headers and aantal(factory, Melding) == 3


def test_opruimen_na_24_uur(client, gebruikers, factory, clock, settings):
    from wvggz.idempotentie.models import IdempotentieSleutel
    from wvggz.idempotentie.service import ruim_op

    client.post("/api/v1/meldingen", json=melding_body(), headers=auth(gebruikers, "intake") | {"Idempotency-Key": "k"})
    assert ruim_op(session_factory=factory, clock=clock, settings=settings) == 0
    clock.advance(hours=24, seconds=1)
    assert ruim_op(session_factory=factory, clock=clock, settings=settings) == 1
    assert aantal(factory, IdempotentieSleutel) == 0


def test_gelijktijdige_herhalingen_maken_een_zaak(client, gebruikers, factory):
    """Ten copies of one request at once: one case; the others get it back (201) or 409 while it is in flight."""
    kop = auth(gebruikers, "intake") | {"Idempotency-Key": "tegelijk"}
    start, codes, slot = threading.Barrier(10), [], threading.Lock()

    def een():
        start.wait()
        r = client.post("/api/v1/meldingen", json=melding_body(), headers=kop)
        with slot:
            codes.append(r.status_code)

    draden = [threading.Thread(target=een) for _ in range(10)]
    for d in draden:
        d.start()
    for d in draden:
        d.join()
    telling = Counter(codes)
    assert set(telling) <= {201, 409} and telling[201] >= 1, telling
    assert aantal(factory, Melding) == 1
    assert aantal(factory, Bericht) == 1  # one receipt
