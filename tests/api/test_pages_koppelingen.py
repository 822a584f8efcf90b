"""The screens with the other packages: escalations on the dashboard (acknowledge from there) and in the
melding timeline, running crisismaatregelen and beroepen, and the person page with triages and measures."""

from __future__ import annotations

import re

from tests.factories.crisismaatregel import genomen
from tests.factories.paginas import inloggen, maak_melding
from tests.factories.triage import maak as maak_triage
from wvggz.escalaties.sweep import sweep


def test_escalatie_op_dashboard_bevestigen_en_in_tijdlijn(client, gebruikers, factory, clock, settings):
    m = maak_melding(client, gebruikers)
    gevuurd = []
    for _ in range(16):  # day by day past the end of the term (28-04): each rung fires in its turn
        clock.advance(days=1)
        gevuurd += sweep(session_factory=factory, clock=clock, settings=settings)
    assert any(g["trede"] == "escalatie" for g in gevuurd)
    token = inloggen(client, "pl")
    html = client.get("/dashboard").text
    blok = html[html.index('id="escalaties"'):html.index("</section>", html.index('id="escalaties"'))]
    assert m["referentie"] in blok and "Termijn van 14 dagen verstreken zonder beslissing" in blok
    assert blok.count(f">{m['referentie']}</a>") == 1  # one row per case, the highest rung
    assert "<strong>escalatie</strong>" in blok and "herinnering" not in blok
    [selectie] = re.findall(r'name="escalaties" value="([\d:,]+)"', blok)
    assert len(selectie.split(",")) >= 2 and "Bevestig alle" in blok  # every open rung of the case at once
    assert "zaken met onbevestigde escalaties" in html
    r = client.post("/dashboard/escalaties/bevestig", data={"csrf_token": token, "escalaties": selectie},
                    follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/dashboard#escalaties"
    html = client.get("/dashboard").text
    assert f"Escalaties bij {m['referentie']} bevestigd." in html and "Geen onbevestigde escalaties." in html
    assert client.post("/dashboard/escalaties/bevestig",
                       data={"csrf_token": token, "escalaties": selectie}).status_code == 409
    assert client.post("/dashboard/escalaties/bevestig",
                       data={"csrf_token": token, "escalaties": "x"}).status_code == 422
    melding = client.get(f"/meldingen/{m['id']}").text
    assert "ESCALATIE" not in melding and "tl-escalatie" in melding and "bevestigd door Pl" in melding


def test_crisismaatregelen_en_beroepen_op_dashboard_zonder_namen(client, gebruikers, clock):
    cm = genomen(client, gebruikers)
    inloggen(client, "pl")
    html = client.get("/dashboard").text
    blok = html[html.index('id="crisismaatregelen"'):]
    assert cm["referentie"] in blok and "Geen lopende crisismaatregelen" not in blok
    assert re.search(r'href="/beroepen/\d+">B-2026-', blok)
    assert "de Vries" not in blok


def test_persoonspagina_met_triage_en_crisismaatregel_in_tijdsvolgorde(client, gebruikers, clock):
    triage = maak_triage(client, gebruikers, persoon={"voornaam": "Jan", "achternaam": "de Vries",
                                                      "geboortedatum": "1971-03-02"})
    persoon_id = triage["persoon"]["id"]
    cm = genomen(client, gebruikers, betrokkene={"persoon_id": persoon_id})
    clock.advance(days=1)
    melding = maak_melding(client, gebruikers, betrokkene={"persoon_id": persoon_id})
    inloggen(client, "pl")
    html = client.get(f"/personen/{persoon_id}").text
    volgorde = [html.index(triage["referentie"]), html.index(cm["referentie"]), html.index(melding["referentie"])]
    assert volgorde == sorted(volgorde)
    assert f'href="/triages/{triage["id"]}"' in html and f'href="/crisismaatregelen/{cm["id"]}"' in html
    inloggen(client, "intake")  # intake may read meldingen only
    html = client.get(f"/personen/{persoon_id}").text
    assert melding["referentie"] in html and cm["referentie"] not in html and triage["referentie"] not in html
