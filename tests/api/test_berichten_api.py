"""Messages through the API and the pages: the inbox (unread count, mark read), channel preferences,
and beheer's failed messages with retry. Bad input: 422 naming the field, and nothing changes."""

from __future__ import annotations

import re

from sqlmodel import select

from notifications.outbox import Bericht, plaats
from tests.factories import auth
from tests.factories.paginas import maak_melding
from wvggz.berichten.models import Voorkeur, Werkmail
from wvggz.berichten.relay import relay

STAF = {"referentie": "M-2026-000012", "pad": "/meldingen/12", "termijn": "melding_beslissing",
        "omschrijving": "Driekwart van de termijn is verstreken", "einddatum": "28-04-2026"}


def bezorg(factory, clock, settings, gebruiker, *soorten: str) -> None:
    """Enqueue one inbox message per kind for `gebruiker` (as the sweep does) and run the relay."""
    with factory() as s:
        for soort in soorten:
            plaats(s, soort=soort, kanaal="inbox", ontvanger_rol="behandelaar", gegevens=STAF,
                   dedup_sleutel=f"t:{gebruiker.id}:{soort}", now=clock.now(), zaak_type="melding", zaak_id=12,
                   gebruiker_id=gebruiker.id)
        s.commit()
    relay(session_factory=factory, clock=clock, settings=settings)


def mislukt_bericht(factory, clock, zaak_id: int) -> int:
    """A failed e-mail about melding `zaak_id` (it must exist: beheer sees the messages of its own gemeente)."""
    with factory() as s:
        b = plaats(s, soort="ontvangstbevestiging", kanaal="email", ontvanger_rol="melder", dedup_sleutel="fout",
                   gegevens={"referentie": "M-2026-000003", "ontvangen_op": "13-04-2026", "gemeente": "Den Haag"},
                   now=clock.now(), zaak_type="melding", zaak_id=zaak_id, adres="melder@example.org")
        b.status, b.mislukt_op, b.laatste_fout, b.pogingen = "mislukt", clock.now(), "Na 8 pogingen opgegeven", 8
        s.commit()
        return b.id


def test_inbox_toont_berichten_en_telt_ongelezen(client, gebruikers, factory, clock, settings):
    intake = gebruikers["intake"][0]
    bezorg(factory, clock, settings, intake, "herinnering", "alert")
    h = auth(gebruikers, "intake")
    assert client.get("/api/v1/berichten/inbox/ongelezen", headers=h).json() == {"ongelezen": 2}
    inbox = client.get("/api/v1/berichten/inbox", headers=h).json()
    assert inbox["totaal"] == 2 and inbox["ongelezen"] == 2
    eerste = inbox["items"][0]
    assert eerste["pad"] == "/meldingen/12" and eerste["onderwerp"].endswith("M-2026-000012")
    assert "Driekwart" in eerste["inhoud"] and eerste["gelezen_op"] is None
    r = client.post(f"/api/v1/berichten/inbox/{eerste['id']}/gelezen", headers=h)
    assert r.status_code == 200 and r.json()["gelezen_op"] is not None
    assert client.post(f"/api/v1/berichten/inbox/{eerste['id']}/gelezen", headers=h).status_code == 200  # again
    assert client.get("/api/v1/berichten/inbox/ongelezen", headers=h).json() == {"ongelezen": 1}
    assert client.get("/api/v1/berichten/inbox?alleen_ongelezen=true", headers=h).json()["totaal"] == 1
    assert client.post("/api/v1/berichten/inbox/gelezen", headers=h).json() == {"gemarkeerd": 1}
    assert client.get("/api/v1/berichten/inbox/ongelezen", headers=h).json() == {"ongelezen": 0}


def test_berichten_van_een_ander_zijn_niet_te_zien_of_te_markeren(client, gebruikers, factory, clock, settings):
    bezorg(factory, clock, settings, gebruikers["intake"][0], "alert")
    with factory() as s:
        bericht_id = s.exec(select(Bericht.id)).one()
    ander = auth(gebruikers, "intake2")
    assert client.get("/api/v1/berichten/inbox", headers=ander).json()["totaal"] == 0
    r = client.post(f"/api/v1/berichten/inbox/{bericht_id}/gelezen", headers=ander)
    assert r.status_code == 404
    with factory() as s:
        assert s.get(Bericht, bericht_id).gelezen_op is None
    assert client.get("/api/v1/berichten/inbox").status_code == 401


def test_voorkeuren_per_soort_en_fouten_noemen_het_veld(client, gebruikers, factory):
    h = auth(gebruikers, "pl")
    start = client.get("/api/v1/berichten/voorkeuren", headers=h).json()
    assert start["werkmail"] is None and {v["kanaal"] for v in start["soorten"]} == {"inbox"}
    r = client.put("/api/v1/berichten/voorkeuren/alert", json={"kanaal": "email"}, headers=h)
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "kanaal"]  # no address yet
    r = client.put("/api/v1/berichten/werkmail", json={"adres": "geen adres"}, headers=h)
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "adres"]
    r = client.put("/api/v1/berichten/voorkeuren/alert", json={"kanaal": "fax"}, headers=h)
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "kanaal"]
    r = client.put("/api/v1/berichten/voorkeuren/verjaardag", json={"kanaal": "inbox"}, headers=h)
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "soort"]
    with factory() as s:
        assert s.exec(select(Voorkeur)).all() == [] and s.exec(select(Werkmail)).all() == []
    assert client.put("/api/v1/berichten/werkmail", json={"adres": "petra@denhaag.example"},
                      headers=h).status_code == 200
    r = client.put("/api/v1/berichten/voorkeuren/alert", json={"kanaal": "beide"}, headers=h)
    assert r.status_code == 200
    keuzes = {v["soort"]: v["kanaal"] for v in r.json()["soorten"]}
    assert keuzes["alert"] == "beide" and keuzes["herinnering"] == "inbox" and r.json()["werkmail"] == \
        "petra@denhaag.example"


def test_beheer_ziet_mislukte_berichten_en_zet_ze_opnieuw_klaar(client, gebruikers, factory, clock):
    bericht_id = mislukt_bericht(factory, clock, maak_melding(client, gebruikers)["id"])
    assert client.get("/api/v1/berichten/mislukt", headers=auth(gebruikers, "intake")).status_code == 403
    assert client.post(f"/api/v1/berichten/{bericht_id}/opnieuw", headers=auth(gebruikers, "pl")).status_code == 403
    h = auth(gebruikers, "beheer")
    lijst = client.get("/api/v1/berichten/mislukt", headers=h).json()
    assert lijst["totaal"] == 1
    rij = lijst["items"][0]
    assert rij["adres"] == "m•••@example.org" and rij["laatste_fout"].startswith("Na 8 pogingen")
    assert "melder@example.org" not in str(lijst)
    r = client.post(f"/api/v1/berichten/{bericht_id}/opnieuw", headers=h)
    assert r.status_code == 200 and r.json()["status"] == "wachtend" and r.json()["pogingen"] == 0
    assert client.post(f"/api/v1/berichten/{bericht_id}/opnieuw", headers=h).status_code == 409
    assert client.post("/api/v1/berichten/999999/opnieuw", headers=h).status_code == 404
    assert client.get("/api/v1/berichten/mislukt", headers=h).json()["totaal"] == 0


def csrf_van(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def login(client, naam: str) -> None:
    r = client.post("/login", data={"gebruikersnaam": naam, "wachtwoord": "geheim-wachtwoord",
                                    "csrf_token": csrf_van(client.get("/login").text)}, follow_redirects=False)
    assert r.status_code == 303, r.text


def test_inboxpagina_markeert_gelezen_en_bewaart_voorkeuren(client, gebruikers, factory, clock, settings):
    bezorg(factory, clock, settings, gebruikers["intake"][0], "waarschuwing")
    login(client, "intake")
    pagina = client.get("/inbox")
    assert pagina.status_code == 200
    assert "Waarschuwing termijn M-2026-000012" in pagina.text and "1 ongelezen" in pagina.text
    assert 'href="/meldingen/12"' in pagina.text
    csrf = csrf_van(pagina.text)
    with factory() as s:
        bericht_id = s.exec(select(Bericht.id)).one()
    assert client.post(f"/inbox/{bericht_id}/gelezen", data={}, follow_redirects=False).status_code == 403
    r = client.post(f"/inbox/{bericht_id}/gelezen", data={"csrf_token": csrf}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/inbox"
    assert "0 ongelezen" in client.get("/inbox").text
    for rare in ("99999999999999999999", "-1", "abc"):  # odd page numbers: the first page, never a 500
        assert client.get(f"/inbox?pagina={rare}").status_code == 200

    r = client.post("/inbox/voorkeuren", data={"csrf_token": csrf, "werkmail": "geen-adres",
                                               "kanaal_alert": "email"})
    assert r.status_code == 422 and "Ongeldig e-mailadres" in r.text and 'value="geen-adres"' in r.text
    with factory() as s:
        assert s.exec(select(Voorkeur)).all() == []
    r = client.post("/inbox/voorkeuren", data={"csrf_token": csrf, "werkmail": "ilse@denhaag.example",
                                               "kanaal_alert": "email", "kanaal_dagoverzicht": "beide"},
                    follow_redirects=False)
    assert r.status_code == 303
    assert "Uw voorkeuren zijn opgeslagen" in client.get("/inbox").text
    with factory() as s:
        assert {v.soort: v.kanaal for v in s.exec(select(Voorkeur))} == {"alert": "email", "dagoverzicht": "beide"}


def test_beheerpagina_toont_mislukte_en_zet_opnieuw_klaar(client, gebruikers, factory, clock):
    bericht_id = mislukt_bericht(factory, clock, maak_melding(client, gebruikers)["id"])
    login(client, "intake")
    assert client.get("/beheer/berichten").status_code == 403
    client.post("/logout", data={"csrf_token": csrf_van(client.get("/inbox").text)})
    login(client, "beheer")
    pagina = client.get("/beheer/berichten")
    assert pagina.status_code == 200 and "Na 8 pogingen opgegeven" in pagina.text
    assert "m•••@example.org" in pagina.text and "melder@example.org" not in pagina.text
    r = client.post(f"/beheer/berichten/{bericht_id}/opnieuw", data={"csrf_token": "vervalst"},
                    follow_redirects=False)
    assert r.status_code == 403
    with factory() as s:
        assert s.get(Bericht, bericht_id).status == "mislukt"
    r = client.post(f"/beheer/berichten/{bericht_id}/opnieuw", data={"csrf_token": csrf_van(pagina.text)},
                    follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/beheer/berichten"
    assert "weer in de wachtrij" in client.get("/beheer/berichten").text
    with factory() as s:
        assert s.get(Bericht, bericht_id).status == "wachtend"
