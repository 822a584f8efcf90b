"""Saved filters per user on the werkvoorraad and the escalation list (issue 13, point 9): save, list, apply,
delete; Dutch messages at the name; never another user's filter; never a search text."""

from __future__ import annotations

import re

import pytest
from sqlmodel import select

from tests.factories.paginas import inloggen, maak_melding
from wvggz.audit.models import Historie
from wvggz.errors import Forbidden, MissingField, NotFound
from wvggz.escalaties.sweep import sweep
from wvggz.filters import service
from wvggz.filters.models import BewaardFilter


def _bewaar(session, clock, gebruikers, wie="intake", naam="Mijn open", lijst="werkvoorraad", **waarden):
    return service.bewaar(session=session, clock=clock, actor=gebruikers[wie][0], lijst=lijst, naam=naam,
                          waarden=waarden)


def test_bewaren_tonen_en_verwijderen_alleen_eigen(session, clock, gebruikers):
    f = _bewaar(session, clock, gebruikers, mijn="on", status="in_onderzoek", zoek="Eva Smit", pagina="3",
                onbekend="x")
    assert f["waarden"] == {"mijn": "1", "status": "in_onderzoek"} and f["query"] == "mijn=1&status=in_onderzoek"
    rij = session.exec(select(BewaardFilter)).one()
    assert "Eva" not in rij.waarden and "\"zoek\"" not in rij.waarden  # a search text is never saved
    intake, intake2 = gebruikers["intake"][0], gebruikers["intake2"][0]
    assert [x["naam"] for x in service.lijst(session, intake, "werkvoorraad")] == ["Mijn open"]
    assert service.lijst(session, intake2, "werkvoorraad") == []
    assert service.lijst(session, gebruikers["rijswijk"][0], "werkvoorraad") == []
    with pytest.raises(NotFound):
        service.haal(session, intake2, "werkvoorraad", f["id"])
    with pytest.raises(NotFound):
        service.verwijder(session=session, clock=clock, actor=intake2, lijst="werkvoorraad", filter_id=f["id"])
    with pytest.raises(NotFound):  # the same id on the other list is not the same filter
        service.haal(session, gebruikers["pl"][0], "escalaties", f["id"])
    assert service.haal(session, intake, "werkvoorraad", f["id"])["naam"] == "Mijn open"
    service.verwijder(session=session, clock=clock, actor=intake, lijst="werkvoorraad", filter_id=f["id"])
    assert session.exec(select(BewaardFilter)).all() == []
    acties = [(h.actie, h.zaak_type, h.reden) for h in session.exec(select(Historie).order_by(Historie.id))]
    assert acties == [("filter_bewaard", "gebruiker", f"filter {f['id']} bij werkvoorraad"),
                      ("filter_verwijderd", "gebruiker", f"filter {f['id']} bij werkvoorraad")]  # no name


@pytest.mark.parametrize(("naam", "bericht"), [
    ("   ", "Geef het filter een naam."),
    ("x" * 61, "De naam is te lang: hoogstens 60 tekens."),
    ("mijn  OPEN", "U hebt al een filter met deze naam; kies een andere naam."),
])
def test_naam_leeg_te_lang_of_dubbel_verandert_niets(session, clock, gebruikers, naam, bericht):
    _bewaar(session, clock, gebruikers)
    with pytest.raises(MissingField) as fout:
        _bewaar(session, clock, gebruikers, naam=naam, verlopen="1")
    assert (fout.value.veld, fout.value.message) == ("naam", bericht)
    assert len(session.exec(select(BewaardFilter)).all()) == 1
    _bewaar(session, clock, gebruikers, wie="intake2", naam="Mijn open")  # another user may use the name


def test_ander_bereik_en_gelijktijdig_dezelfde_naam(session, clock, gebruikers, monkeypatch):
    intake = gebruikers["intake"][0]
    session.add(BewaardFilter(gebruiker_id=intake.id, gemeente="Rijswijk", lijst="werkvoorraad", naam="Mijn open",
                              sleutel="mijn open", waarden="{}", gemaakt_op=clock.now()))
    session.commit()
    assert service.lijst(session, intake, "werkvoorraad") == []  # a filter of an earlier scope stays out
    _bewaar(session, clock, gebruikers)  # the same name in the current scope is allowed
    # a second save of the same name that the check did not see yet (saved at the same moment)
    echte_eigen = service._eigen
    monkeypatch.setattr(service, "_eigen", lambda s, a, lijst=None: echte_eigen(s, a, lijst).where(False))
    with pytest.raises(MissingField, match="U hebt al een filter met deze naam"):
        _bewaar(session, clock, gebruikers)
    assert len(session.exec(select(BewaardFilter)).all()) == 2


def test_hoogstens_25_per_lijst_en_alleen_met_leesrecht(session, clock, gebruikers):
    for i in range(service.MAX_PER_LIJST):
        _bewaar(session, clock, gebruikers, naam=f"f{i}")
    with pytest.raises(MissingField, match="verwijder er eerst een"):
        _bewaar(session, clock, gebruikers, naam="nog een")
    with pytest.raises(MissingField, match="te lang"):
        _bewaar(session, clock, gebruikers, wie="intake2", gemeente="x" * 81)
    with pytest.raises(Forbidden):
        _bewaar(session, clock, gebruikers, wie="ovp")
    with pytest.raises(Forbidden):
        _bewaar(session, clock, gebruikers, lijst="escalaties")  # intake may not read the escalation list


def test_werkvoorraad_filter_bewaren_en_toepassen_via_de_pagina(client, gebruikers):
    eigen = maak_melding(client, gebruikers)
    token = inloggen(client, "intake")
    r = client.post("/werkvoorraad/filter", data={"csrf_token": token, "zoek": "de Vries", "verlopen": "1"},
                    follow_redirects=False)
    html = client.get(r.headers["location"]).text
    assert "Nog geen bewaarde filters" in html and "De zoektekst wordt niet bewaard." in html
    verborgen = dict(re.findall(r'<input type="hidden" name="(verlopen|status|mijn|zoek)" value="([^"]*)"', html))
    assert verborgen == {"verlopen": "1"}  # the save form carries the choices, not the search text
    r = client.post("/werkvoorraad/filters", data={"csrf_token": token, "naam": "Te laat", **verborgen},
                    follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/werkvoorraad?verlopen=1"
    html = client.get("/werkvoorraad?verlopen=1").text
    [(fid, naam)] = re.findall(r'href="/werkvoorraad/filters/(\d+)" aria-current="true">([^<]+)</a>', html)
    assert naam == "Te laat" and "Filter &#39;Te laat&#39; bewaard." in html
    r = client.post("/werkvoorraad/filters", data={"csrf_token": token, "naam": "te laat", "verlopen": "1"})
    assert r.status_code == 422 and "U hebt al een filter met deze naam" in r.text
    assert 'aria-invalid="true"' in r.text and 'value="te laat"' in r.text
    r = client.get(f"/werkvoorraad/filters/{fid}", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/werkvoorraad?verlopen=1"
    html = client.get("/werkvoorraad").text  # applying a saved filter cleared the search term
    assert 'id="zoek" name="zoek" value=""' in html and eigen["referentie"] in html

    inloggen(client, "intake2")
    assert client.get(f"/werkvoorraad/filters/{fid}", follow_redirects=False).status_code == 404
    token2 = inloggen(client, "intake2")
    assert client.post(f"/werkvoorraad/filters/{fid}/verwijder", data={"csrf_token": token2}).status_code == 404
    assert "Te laat" not in client.get("/werkvoorraad").text

    token = inloggen(client, "intake")
    r = client.post(f"/werkvoorraad/filters/{fid}/verwijder", data={"csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303
    assert "Te laat</a>" not in client.get("/werkvoorraad").text


def test_escalatielijst_filteren_en_filter_bewaren(client, gebruikers, factory, clock, settings):
    m = maak_melding(client, gebruikers)
    for _ in range(16):
        clock.advance(days=1)
        sweep(session_factory=factory, clock=clock, settings=settings)
    token = inloggen(client, "pl")
    assert m["referentie"] in client.get("/escalaties?zaak=melding&trede=escalatie").text
    html = client.get("/escalaties?zaak=crisismaatregel").text
    assert m["referentie"] not in html and "Geen escalaties met deze filters." in html
    r = client.post("/escalaties/filters", data={"csrf_token": token, "naam": "Meldingen", "zaak": "melding",
                                                 "trede": "escalatie"}, follow_redirects=False)
    assert r.headers["location"] == "/escalaties?trede=escalatie&zaak=melding"
    html = client.get("/escalaties").text
    [fid] = re.findall(r'href="/escalaties/filters/(\d+)"', html)
    assert client.get(f"/escalaties/filters/{fid}", follow_redirects=False).headers["location"] == \
        "/escalaties?trede=escalatie&zaak=melding"
    assert client.post("/escalaties/filters", data={"csrf_token": token, "naam": ""}).status_code == 422
    inloggen(client, "intake")
    assert client.get(f"/escalaties/filters/{fid}", follow_redirects=False).status_code == 403
