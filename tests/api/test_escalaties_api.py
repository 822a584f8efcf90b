"""Escalations through the JSON API and the projectleider's page: list, acknowledge (with versie, 409 on a
stale or second one), extend the wijkteam term; bad input is 422 naming the field and changes nothing."""

from __future__ import annotations

import re
from datetime import datetime

from sqlmodel import select

from tests.factories import auth, melding_body
from wvggz.audit.models import Historie
from wvggz.escalaties.models import Escalatie
from wvggz.escalaties.sweep import sweep
from wvggz.gebruikers.service import maak_gebruiker, maak_token
from wvggz.termijnen.models import Termijn


def maak_melding(client, gebruikers, **over) -> dict:
    r = client.post("/api/v1/meldingen", json=melding_body(**over), headers=auth(gebruikers, "intake"))
    assert r.status_code == 201, r.text
    return r.json()


def actie(client, gebruikers, m, naam, **velden) -> dict:
    r = client.post(f"/api/v1/meldingen/{m['id']}/acties/{naam}", json={"versie": m["versie"], **velden},
                    headers=auth(gebruikers, "intake"))
    assert r.status_code == 200, r.text
    return r.json()


def verlopen_melding(client, gebruikers, factory, clock, settings) -> dict:
    """A melding whose four rungs were each sent on time (20-04, 23-04, 28-04) and whose escalation was
    caught up late on 29-04 10:00."""
    m = maak_melding(client, gebruikers)
    for dag, uur in ((20, 8), (23, 8), (28, 8), (29, 10)):
        clock.set(datetime(2026, 4, dag, uur, 0))
        sweep(session_factory=factory, clock=clock, settings=settings)
    return m


def lijst(client, gebruikers, wie="pl", **params):
    return client.get("/api/v1/escalaties", params=params, headers=auth(gebruikers, wie))


def test_lijst_toont_escalaties_van_de_eigen_gemeente(client, gebruikers, factory, clock, settings, session):
    m = verlopen_melding(client, gebruikers, factory, clock, settings)
    r = lijst(client, gebruikers)
    assert r.status_code == 200, r.text
    items = r.json()
    assert [e["trede"] for e in items] == ["escalatie", "alert", "waarschuwing", "herinnering"]
    e = items[0]
    assert e["referentie"] == m["referentie"] and e["pad"] == f"/meldingen/{m['id']}"
    assert e["te_laat"] is True and e["termijn_open"] is True and e["bevestigd_op"] is None
    assert e["herhaal_in_digest"] is True and e["einddatum"] == "2026-04-28"
    assert "Vries" not in r.text and "Marja" not in r.text  # no names
    rijswijk = maak_gebruiker(session=session, clock=clock, gebruikersnaam="pl-rijswijk", rol="projectleider",
                              wachtwoord="geheim-wachtwoord", gemeente="Rijswijk")
    token = maak_token(session=session, clock=clock, gebruiker=rijswijk)
    session.commit()
    assert client.get("/api/v1/escalaties", headers={"Authorization": f"Bearer {token}"}).json() == []


def test_alleen_de_projectleider(client, gebruikers, factory, clock, settings):
    verlopen_melding(client, gebruikers, factory, clock, settings)
    assert client.get("/api/v1/escalaties").status_code == 401
    assert lijst(client, gebruikers, "intake").status_code == 403
    assert lijst(client, gebruikers, "bm").status_code == 403
    esc = lijst(client, gebruikers).json()[0]
    r = client.post(f"/api/v1/escalaties/{esc['id']}/bevestiging", json={"versie": esc["versie"]},
                    headers=auth(gebruikers, "intake"))
    assert r.status_code == 403


def test_bevestigen_eenmaal_met_versie(client, gebruikers, factory, clock, settings, session):
    verlopen_melding(client, gebruikers, factory, clock, settings)
    esc = lijst(client, gebruikers).json()[0]
    pad = f"/api/v1/escalaties/{esc['id']}/bevestiging"
    r = client.post(pad, json={"versie": esc["versie"] + 1}, headers=auth(gebruikers, "pl"))
    assert r.status_code == 409 and r.json()["detail"][0]["type"] == "conflict"
    r = client.post(pad, json={"versie": esc["versie"], "toelichting": "Besproken met teamleider"},
                    headers=auth(gebruikers, "pl"))
    assert r.status_code == 200, r.text
    assert r.json()["bevestigd_door"] == "Pl" and r.json()["versie"] == esc["versie"] + 1
    r = client.post(pad, json={"versie": esc["versie"] + 1}, headers=auth(gebruikers, "pl"))
    assert r.status_code == 409 and "al bevestigd" in r.json()["detail"][0]["msg"]
    assert [e["id"] for e in lijst(client, gebruikers).json()].count(esc["id"]) == 0
    assert esc["id"] in [e["id"] for e in lijst(client, gebruikers, alle="true").json()]
    [h] = session.exec(select(Historie).where(Historie.actie == "escalatie_bevestigd")).all()
    assert h.zaak_type == esc["zaak_type"] and h.zaak_id == esc["zaak_id"] and h.door == "Pl"


def test_bevestigen_foute_invoer(client, gebruikers, factory, clock, settings, session):
    verlopen_melding(client, gebruikers, factory, clock, settings)
    esc = lijst(client, gebruikers).json()[0]
    pad = f"/api/v1/escalaties/{esc['id']}/bevestiging"
    for body, loc in [({}, ["body", "versie"]), ({"versie": 0}, ["body", "versie"]),
                      ({"versie": 1, "toelichting": "x" * 1001}, ["body", "toelichting"]),
                      ({"versie": 1, "toelichting": "a\x00b"}, ["body", "toelichting"]),
                      ({"versie": 1, "extra": 1}, ["body", "extra"])]:
        r = client.post(pad, json=body, headers=auth(gebruikers, "pl"))
        assert r.status_code == 422 and r.json()["detail"][0]["loc"] == loc, (body, r.text)
    assert client.post("/api/v1/escalaties/999999/bevestiging", json={"versie": 1},
                       headers=auth(gebruikers, "pl")).status_code == 404
    verlopen_id = session.exec(select(Escalatie.id).where(Escalatie.trede == "verlopen")).one()
    session.rollback()  # end the read: SQLite's BEGIN IMMEDIATE would hold the write lock
    assert client.post(f"/api/v1/escalaties/{verlopen_id}/bevestiging", json={"versie": 1},
                       headers=auth(gebruikers, "pl")).status_code == 404  # the lapse record is no rung
    assert all(e.bevestigd_op is None for e in session.exec(select(Escalatie)))


def test_wijkteam_termijn_verlengen_via_api(client, gebruikers, clock, session):
    m = maak_melding(client, gebruikers)
    m = actie(client, gebruikers, m, "start_onderzoek", behandelaar_id=gebruikers["intake"][0].id)
    clock.set(datetime(2026, 4, 21, 10, 0))
    m = actie(client, gebruikers, m, "vraag_wijkteam_advies", wijkteam_contact="Wijkteam Escamp")
    wijk = next(t for t in m["termijnen"] if t["soort"] == "wijkteam_advies")
    wet = next(t for t in m["termijnen"] if t["soort"] == "melding_beslissing")
    t = client.get(f"/api/v1/termijnen/{wijk['id']}", headers=auth(gebruikers, "intake")).json()
    assert t["verlengbaar"] is True and t["einddatum"] == "2026-04-29" and t["versie"] == 1
    pad = f"/api/v1/termijnen/{wijk['id']}/verlenging"
    for body, loc in [({"versie": 1, "werkdagen": 2}, ["body", "reden"]),
                      ({"versie": 1, "werkdagen": 0, "reden": "Huisbezoek"}, ["body", "werkdagen"]),
                      ({"versie": 1, "werkdagen": 21, "reden": "Huisbezoek"}, ["body", "werkdagen"]),
                      ({"versie": 1, "werkdagen": 2, "reden": "   "}, ["body", "reden"]),
                      ({"werkdagen": 2, "reden": "Huisbezoek"}, ["body", "versie"])]:
        r = client.post(pad, json=body, headers=auth(gebruikers, "intake"))
        assert r.status_code == 422 and r.json()["detail"][0]["loc"] == loc, (body, r.text)
    r = client.post(f"/api/v1/termijnen/{wet['id']}/verlenging", json={"versie": 1, "werkdagen": 2,
                    "reden": "Meer tijd nodig"}, headers=auth(gebruikers, "intake"))
    assert r.status_code == 409 and "wettelijk" in r.json()["detail"][0]["msg"]
    assert client.post(pad, json={"versie": 1, "werkdagen": 2, "reden": "Huisbezoek"},
                       headers=auth(gebruikers, "rijswijk")).status_code == 404  # another gemeente: as missing
    assert client.post(pad, json={"versie": 1, "werkdagen": 2, "reden": "Huisbezoek"},
                       headers=auth(gebruikers, "pl")).status_code == 200
    r = client.post(pad, json={"versie": 1, "werkdagen": 2, "reden": "Huisbezoek"}, headers=auth(gebruikers, "intake"))
    assert r.status_code == 409  # stale versie: a double click does not extend twice
    rij = session.get(Termijn, wijk["id"])
    assert rij.einddatum.isoformat() == "2026-05-01" and rij.verlenging_reden == "Huisbezoek"
    assert session.get(Termijn, wet["id"]).versie == 1


def csrf_van(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def _login(client, naam: str) -> None:
    r = client.post("/login", data={"gebruikersnaam": naam, "wachtwoord": "geheim-wachtwoord",
                                    "csrf_token": csrf_van(client.get("/login").text)}, follow_redirects=False)
    assert r.status_code == 303, r.text


def test_pagina_toont_escalaties_en_bevestigt_met_csrf(client, gebruikers, factory, clock, settings):
    m = verlopen_melding(client, gebruikers, factory, clock, settings)
    _login(client, "pl")
    r = client.get("/escalaties")
    csrf = csrf_van(r.text)
    assert r.status_code == 200 and m["referentie"] in r.text and f'href="/meldingen/{m["id"]}"' in r.text
    assert "te laat verstuurd" in r.text and "Vries" not in r.text
    assert r.text.count('href="/meldingen/') == 1  # one row per case, with its highest rung
    assert "Bevestig alle 3" in r.text and "(3 treden)" in r.text  # the behandelaar's herinnering is not here
    waarde = re.search(r'name="escalaties" value="([\d:,|]+)"', r.text).group(1)
    assert len(waarde.split(",")) == 3
    r = client.post("/escalaties/bevestig", data={"escalaties": waarde}, follow_redirects=False)
    assert r.status_code == 403  # no CSRF token
    r = client.post("/escalaties/bevestig", data={"escalaties": waarde, "csrf_token": csrf, "toelichting": "Gebeld"},
                    follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/escalaties"
    assert [e["trede"] for e in lijst(client, gebruikers).json()] == ["herinnering"]  # the behandelaar's
    r = client.get("/escalaties")
    assert "Geen openstaande escalaties" in r.text and "bevestigd" in r.text
    assert "door Pl" in client.get("/escalaties?alle=1").text
    r = client.post("/escalaties/bevestig", data={"escalaties": waarde, "csrf_token": csrf})
    assert r.status_code == 409  # already acknowledged: nothing changes twice


def test_pagina_bevestigt_een_selectie_van_zaken_alles_of_niets(client, gebruikers, factory, clock, settings,
                                                                session):
    a = maak_melding(client, gebruikers)
    b = maak_melding(client, gebruikers)
    c = maak_melding(client, gebruikers)
    clock.set(datetime(2026, 4, 20, 8, 0))
    sweep(session_factory=factory, clock=clock, settings=settings)  # the behandelaar's "dag 7" reminders
    _login(client, "pl")
    assert "Geen openstaande escalaties" in client.get("/escalaties").text  # not in the projectleider's list
    clock.set(datetime(2026, 4, 23, 8, 0))
    sweep(session_factory=factory, clock=clock, settings=settings)  # waarschuwing to the projectleider
    _login(client, "pl")  # the session of three days ago has expired
    r = client.get("/escalaties")
    csrf = csrf_van(r.text)
    vakjes = re.findall(r'type="checkbox" form="selectie" name="escalaties" value="([\d:,|]+)"', r.text)
    assert len(vakjes) == 3
    r = client.post("/escalaties/bevestig", data={"escalaties": vakjes[:2], "csrf_token": csrf},
                    follow_redirects=False)
    assert r.status_code == 303
    assert "bij 2 zaken" in client.get("/escalaties").text
    open_ = {e["referentie"] for e in lijst(client, gebruikers).json() if e["trede"] == "waarschuwing"}
    assert len(open_) == 1 and open_ <= {a["referentie"], b["referentie"], c["referentie"]}
    historie = session.exec(select(Historie).where(Historie.actie == "escalatie_bevestigd")).all()
    assert len(historie) == 2 and all("waarschuwing" in h.reden for h in historie)
    session.rollback()  # end the read transaction (SQLite: BEGIN IMMEDIATE holds the write lock)
    # a stale selection (one already acknowledged) changes nothing at all
    r = client.post("/escalaties/bevestig", data={"escalaties": vakjes, "csrf_token": csrf})
    assert r.status_code == 409
    assert len([e for e in lijst(client, gebruikers).json() if e["trede"] == "waarschuwing"]) == 1
    r = client.post("/escalaties/bevestig", data={"csrf_token": csrf})
    assert r.status_code == 422 and "Kies ten minste één zaak" in r.text
    r = client.post("/escalaties/bevestig", data={"escalaties": "12;x", "csrf_token": csrf})
    assert r.status_code == 422 and "ongeldig" in r.text


def test_pagina_alleen_voor_projectleider(client, gebruikers):
    assert client.get("/escalaties", follow_redirects=False).status_code == 303  # to /login
    _login(client, "intake")
    assert client.get("/escalaties").status_code == 403


def test_verlengformulier_toont_fout_bij_het_veld_en_verlengt(client, gebruikers, clock, session):
    m = maak_melding(client, gebruikers)
    m = actie(client, gebruikers, m, "start_onderzoek", behandelaar_id=gebruikers["intake"][0].id)
    m = actie(client, gebruikers, m, "vraag_wijkteam_advies", wijkteam_contact="Wijkteam Escamp")
    wijk = next(t for t in m["termijnen"] if t["soort"] == "wijkteam_advies")
    _login(client, "intake")
    pad = f"/termijnen/{wijk['id']}/verlenging"
    r = client.get(pad)
    assert r.status_code == 200 and "Wijkteam Escamp" not in r.text
    csrf = csrf_van(r.text)
    r = client.post(pad, data={"versie": 1, "werkdagen": "2", "reden": "", "csrf_token": csrf})
    assert r.status_code == 422 and 'id="reden-fout"' in r.text and 'value="2"' in r.text
    assert session.exec(select(Termijn.versie).where(Termijn.id == wijk["id"])).one() == 1
    session.rollback()
    r = client.post(pad, data={"versie": 1, "werkdagen": "2", "reden": "Huisbezoek volgende week", "csrf_token": csrf},
                    follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/meldingen/{m['id']}"
    assert session.exec(select(Termijn.verlenging_reden).where(Termijn.id == wijk["id"])).one() == \
        "Huisbezoek volgende week"
    session.rollback()
    wet = next(t for t in m["termijnen"] if t["soort"] == "melding_beslissing")
    assert "wettelijke termijn" in client.get(f"/termijnen/{wet['id']}/verlenging").text
