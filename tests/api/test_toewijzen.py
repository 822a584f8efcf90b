"""Assignment (issue 13.8/9): the behandelaar defaults to the current user, "Oppakken" opens the case, the
projectleider reassigns one melding from its page or many from the werkvoorraad; stale rows are skipped."""

from __future__ import annotations

import re

from sqlmodel import select

from tests.factories import auth
from tests.factories.paginas import csrf, inloggen, maak_melding
from wvggz.audit.models import Historie
from wvggz.meldingen.models import Melding


def _melding(factory, melding_id):
    with factory() as s:
        return s.get(Melding, melding_id)


def test_behandelaar_staat_standaard_op_de_huidige_gebruiker(client, gebruikers):
    m = maak_melding(client, gebruikers)
    inloggen(client, "intake2")
    html = client.get(f"/meldingen/{m['id']}").text
    eigen = gebruikers["intake2"][0].id
    assert re.search(rf'<option value="{eigen}"\s+selected>Intake2</option>', html), "default: the current user"


def test_projectleider_wijst_toe_vanaf_de_zaak(client, gebruikers, factory):
    m = maak_melding(client, gebruikers)
    token = inloggen(client, "pl")
    html = client.get(f"/meldingen/{m['id']}").text
    assert f'action="/meldingen/{m["id"]}/toewijzen"' in html
    doel = gebruikers["intake2"][0].id
    r = client.post(f"/meldingen/{m['id']}/toewijzen", data={"csrf_token": csrf(html), "versie": str(m["versie"]),
                                                               "behandelaar_id": str(doel)}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/meldingen/{m['id']}"
    assert (_melding(factory, m["id"]).behandelaar_id, _melding(factory, m["id"]).status) == (doel, "in_onderzoek")
    # stale version: 409 page, nothing changed
    r = client.post(f"/meldingen/{m['id']}/toewijzen", data={"csrf_token": token, "versie": str(m["versie"]),
                                                               "behandelaar_id": str(gebruikers["intake"][0].id)})
    assert r.status_code == 409 and _melding(factory, m["id"]).behandelaar_id == doel


def test_intake_mag_niet_toewijzen(client, gebruikers):
    m = maak_melding(client, gebruikers)
    token = inloggen(client, "intake")
    assert "/toewijzen" not in client.get(f"/meldingen/{m['id']}").text
    assert "bulk-toewijzen" not in client.get("/werkvoorraad").text
    r = client.post(f"/meldingen/{m['id']}/toewijzen", data={"csrf_token": token, "versie": "1",
                                                               "behandelaar_id": str(gebruikers["intake"][0].id)})
    assert r.status_code == 403
    assert client.post("/werkvoorraad/toewijzen", data={"csrf_token": token, "zaak": f"{m['id']}:1",
                                                        "behandelaar_id": "1"}).status_code == 403


def test_bulk_toewijzen_slaat_gewijzigde_over(client, gebruikers, factory):
    a, b, c = (maak_melding(client, gebruikers) for _ in range(3))
    # c is changed by someone else after the list was shown
    client.post(f"/api/v1/meldingen/{c['id']}/acties/start_onderzoek", headers=auth(gebruikers, "intake"),
                json={"versie": c["versie"], "behandelaar_id": gebruikers["intake"][0].id})
    inloggen(client, "pl")
    html = client.get("/werkvoorraad").text
    assert 'id="bulk-toewijzen"' in html and f'value="{a["id"]}:{a["versie"]}"' in html
    doel = gebruikers["intake2"][0].id
    r = client.post("/werkvoorraad/toewijzen", data={
        "csrf_token": csrf(html), "behandelaar_id": str(doel), "terug": "/werkvoorraad?zonder=1",
        "zaak": [f"{a['id']}:{a['versie']}", f"{b['id']}:{b['versie']}", f"{c['id']}:{c['versie']}", "x:y"]},
        follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/werkvoorraad?zonder=1"
    assert [_melding(factory, z["id"]).behandelaar_id for z in (a, b, c)] == [doel, doel, gebruikers["intake"][0].id]
    pagina = client.get("/werkvoorraad").text
    assert "2 meldingen toegewezen." in pagina and f"Niet toegewezen: melding {c['id']}" in pagina
    with factory() as s:
        rijen = s.exec(select(Historie).where(Historie.actie == "start_onderzoek", Historie.door == "Pl")).all()
        assert sorted(h.zaak_id for h in rijen) == sorted([a["id"], b["id"]])


def test_bulk_zonder_keuze_zegt_dat(client, gebruikers):
    maak_melding(client, gebruikers)
    token = inloggen(client, "pl")
    r = client.post("/werkvoorraad/toewijzen", data={"csrf_token": token, "behandelaar_id": "1"})
    assert r.status_code == 200 and "Kies eerst een of meer meldingen" in r.text


def test_wijkteamtermijn_linkt_naar_zijn_verlenging(client, gebruikers, factory):
    from wvggz.termijnen.models import Termijn

    m = maak_melding(client, gebruikers)
    for naam, velden in (("start_onderzoek", {"behandelaar_id": gebruikers["intake"][0].id}),
                         ("vraag_wijkteam_advies", {"wijkteam_contact": "Wijkteam Laak"})):
        r = client.post(f"/api/v1/meldingen/{m['id']}/acties/{naam}", headers=auth(gebruikers, "intake"),
                        json={"versie": m["versie"], **velden})
        assert r.status_code == 200, r.text
        m = r.json()
    with factory() as s:
        termijn = s.exec(select(Termijn).where(Termijn.zaak_id == m["id"], Termijn.soort == "wijkteam_advies")).one()
    inloggen(client, "intake")
    html = client.get(f"/meldingen/{m['id']}").text
    assert f'<a href="/termijnen/{termijn.id}/verlenging">Termijn wijkteamadvies verlengen</a>' in html
    assert client.get(f"/termijnen/{termijn.id}/verlenging").status_code == 200


def test_bulk_toewijzen_vanaf_de_escalatielijst(client, gebruikers, factory, clock, settings):
    from wvggz.escalaties.sweep import sweep

    a, b = maak_melding(client, gebruikers), maak_melding(client, gebruikers)
    for _ in range(16):  # both terms pass their end: each case gets escalation rows
        clock.advance(days=1)
        sweep(session_factory=factory, clock=clock, settings=settings)
    inloggen(client, "pl")
    html = client.get("/escalaties").text
    vakjes = re.findall(r'name="escalaties" value="([^"]+)" id="kies-', html)
    assert len(vakjes) == 2 and all("|" in v for v in vakjes)
    assert 'formaction="/escalaties/toewijzen"' in html
    doel = gebruikers["intake2"][0].id
    r = client.post("/escalaties/toewijzen", data={"csrf_token": csrf(html), "behandelaar_id": str(doel),
                                                   "escalaties": vakjes}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/escalaties"
    assert [_melding(factory, z["id"]).behandelaar_id for z in (a, b)] == [doel, doel]
    html = client.get("/escalaties").text
    assert "2 meldingen toegewezen." in html
    assert len(re.findall(r'name="escalaties" value="[^"]+" id="kies-', html)) == 2  # still to acknowledge
    # the same selection acknowledges: the part after "|" is not read there
    r = client.post("/escalaties/bevestig", data={"csrf_token": csrf(html), "escalaties": re.findall(
        r'name="escalaties" value="([^"]+)" id="kies-', html)}, follow_redirects=False)
    assert r.status_code == 303 and "Geen openstaande escalaties." in client.get("/escalaties").text
    inloggen(client, "intake")
    assert client.post("/escalaties/toewijzen", data={"csrf_token": csrf(client.get("/werkvoorraad").text),
                                                      "escalaties": vakjes}).status_code == 403
