"""The shorter intake flow (docs/klikken-intake.md): "Oppakken" on the page of a melding still ontvangen, a
link from an open melding to a crisismaatregel request with the melding filled in, and the decision's reason
shown by its Dutch label instead of its code."""

from __future__ import annotations

import re

from sqlmodel import select

from tests.factories.paginas import inloggen, maak_melding
from wvggz.audit.models import Historie
from wvggz.crisismaatregelen.models import Crisismaatregel
from wvggz.meldingen.models import Melding

OPPAKKEN = 'class="oppakken'
AANVRAGEN = "Vraag een crisismaatregel aan bij de burgemeester"


def test_oppakken_op_de_zaakpagina_start_het_onderzoek(client, gebruikers, session):
    m = maak_melding(client, gebruikers)
    token = inloggen(client, "intake")
    html = client.get(f"/meldingen/{m['id']}").text
    assert OPPAKKEN in html and f'action="/meldingen/{m["id"]}/claim"' in html
    r = client.post(f"/meldingen/{m['id']}/claim", data={"csrf_token": token, "versie": str(m["versie"])},
                    follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/meldingen/{m['id']}"
    html = client.get(f"/meldingen/{m['id']}").text
    assert "opgepakt: u bent nu de behandelaar" in html
    assert OPPAKKEN not in html  # in onderzoek: taking it over stays on the werkvoorraad ("Overnemen")
    session.expire_all()
    melding = session.get(Melding, m["id"])
    assert melding.status == "in_onderzoek" and melding.behandelaar_id == gebruikers["intake"][0].id
    assert session.exec(select(Historie.actie).where(Historie.zaak_id == m["id"]).order_by(Historie.id)).all()[-1] \
        == "start_onderzoek"


def test_oppakken_met_verouderde_versie_is_409_en_verandert_niets(client, gebruikers, session):
    m = maak_melding(client, gebruikers)
    token = inloggen(client, "intake")
    r = client.post(f"/meldingen/{m['id']}/claim", data={"csrf_token": token, "versie": str(m["versie"] + 1)})
    assert r.status_code == 409
    session.expire_all()
    assert session.get(Melding, m["id"]).status == "ontvangen"


def test_link_naar_aanvraag_crisismaatregel_vult_de_melding_in(client, gebruikers, session):
    m = maak_melding(client, gebruikers)
    token = inloggen(client, "intake")
    html = client.get(f"/meldingen/{m['id']}").text
    assert f'href="/crisismaatregelen/nieuw?melding={m["id"]}"' in html and AANVRAGEN in html
    formulier = client.get(f"/crisismaatregelen/nieuw?melding={m['id']}").text
    assert re.search(rf'name="melding_id" type="number" value="{m["id"]}"', formulier)
    assert "laat de betrokkene leeg" in formulier
    for fout in ("abc", "-1", "9" * 20):  # anything but a short number is ignored
        assert 'name="melding_id" type="number" value=""' in client.get(f"/crisismaatregelen/nieuw?melding={fout}").text

    r = client.post("/crisismaatregelen/nieuw", data={"csrf_token": token, "melding_id": str(m["id"]),
                                                      "aangevraagd_door": "crisisdienst", "gemeente_verblijf": "Den Haag"},
                    follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/meldingen/{m['id']}"  # intake may not read measures
    assert AANVRAGEN not in client.get(f"/meldingen/{m['id']}").text  # one request per melding
    cm = session.exec(select(Crisismaatregel)).one()
    assert cm.melding_id == m["id"] and cm.betrokkene_id == m["betrokkene"]["id"]


def test_geen_link_zonder_recht_of_na_afsluiten(client, gebruikers):
    m = maak_melding(client, gebruikers)
    inloggen(client, "ovp")  # may create a melding, may not read one
    assert client.get(f"/meldingen/{m['id']}").status_code == 403
    token = inloggen(client, "intake")
    for actie, velden in (("start_onderzoek", {"behandelaar_id": str(gebruikers["intake"][0].id)}),
                          ("besluit_geen_aanvraag", {"reden_code": "vrijwillige_zorg", "reden": "FACT betrokken",
                                                     "medische_expertise": "SPV", "gesprek_met_betrokkene": "ja"}),
                          ("sluit_af", {"melder_geinformeerd": "ja", "bevestig": "1"})):
        versie = re.search(r'name="versie" value="(\d+)"', client.get(f"/meldingen/{m['id']}").text).group(1)
        r = client.post(f"/meldingen/{m['id']}/acties/{actie}", data={"csrf_token": token, "versie": versie, **velden},
                        follow_redirects=False)
        assert r.status_code == 303, r.text
    html = client.get(f"/meldingen/{m['id']}").text
    assert AANVRAGEN not in html and OPPAKKEN not in html
    assert "Reden geen aanvraag" in html and "Vrijwillige zorg is mogelijk" in html
    assert "vrijwillige_zorg" not in re.sub(r"<pre class=\"mermaid\".*?</pre>", "", html, flags=re.S).replace(
        'value="vrijwillige_zorg"', "")
