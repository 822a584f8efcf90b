"""A refused read (403) is in the access log, with user, person, client address and route, in the chain."""

from __future__ import annotations

from sqlmodel import select

from tests.factories import auth, melding_body
from tests.factories.paginas import inloggen
from wvggz.audit.keten import controleer
from wvggz.audit.models import Toegang
from wvggz.meldingen.models import Melding


def _melding(client, gebruikers) -> Melding:
    r = client.post("/api/v1/meldingen", json=melding_body(), headers=auth(gebruikers, "intake"))
    assert r.status_code == 201, r.text
    return r.json()["id"]


def _geweigerd(factory) -> list[Toegang]:
    with factory() as s:
        return list(s.exec(select(Toegang).where(Toegang.handeling == "geweigerd").order_by(Toegang.id)))


def test_geweigerde_api_lezing_wordt_gelogd(client, gebruikers, factory):
    melding_id = _melding(client, gebruikers)
    r = client.get(f"/api/v1/meldingen/{melding_id}", headers=auth(gebruikers, "ovp"))
    assert r.status_code == 403
    [rij] = _geweigerd(factory)
    with factory() as s:
        betrokkene = s.get(Melding, melding_id).betrokkene_id
    assert (rij.gebruiker_id, rij.zaak_type, rij.zaak_id, rij.persoon_id) == (
        gebruikers["ovp"][0].id, "melding", melding_id, betrokkene)
    assert rij.adres == "testclient"
    assert rij.doel == "GET /api/v1/meldingen/{melding_id}"
    assert rij.gemeente == "Den Haag" and rij.hash
    with factory() as s:
        assert controleer(s).in_orde


def test_geweigerde_pagina_wordt_gelogd(client, gebruikers, factory):
    melding_id = _melding(client, gebruikers)
    inloggen(client, "ovp")
    r = client.get(f"/meldingen/{melding_id}")
    assert r.status_code == 403
    [rij] = _geweigerd(factory)
    assert rij.gebruiker_id == gebruikers["ovp"][0].id and rij.zaak_id == melding_id
    assert rij.doel.startswith("GET /meldingen/")


def test_andere_gemeente_geweigerd_komt_in_keten_van_de_zaak(client, gebruikers, factory):
    melding_id = _melding(client, gebruikers)
    r = client.get(f"/api/v1/meldingen/{melding_id}", headers=auth(gebruikers, "rijswijk"))
    assert r.status_code in (403, 404)
    if r.status_code == 403:
        [rij] = _geweigerd(factory)
        assert rij.gebruiker_id == gebruikers["rijswijk"][0].id and rij.gemeente == "Den Haag"


def test_csrf_weigering_zonder_gebruiker_niet_in_toegang(client, gebruikers, factory):
    assert client.post("/login", data={"gebruikersnaam": "ovp", "wachtwoord": "x"}).status_code == 403
    assert _geweigerd(factory) == []
