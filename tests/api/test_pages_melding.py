"""The new-melding form and the melding page: POST then redirect, CSRF, errors next to the field with
what was typed kept, confirmation of irreversible steps, the 409 page, the diagram."""

from __future__ import annotations

import re

from sqlmodel import func, select

from tests.factories.paginas import formulier, inloggen, maak_melding
from wvggz.audit.models import Historie, Toegang
from wvggz.meldingen.models import Melding
from wvggz.personen.models import Persoon


def aantal(session, model) -> int:  # noqa: ANN001
    return session.exec(select(func.count()).select_from(model)).one()


def test_elk_invoerveld_heeft_een_label(client, gebruikers):
    inloggen(client, "intake")
    html = client.get("/meldingen/nieuw").text
    ids = re.findall(r'<(?:input|select|textarea)[^>]*\bid="([^"]+)"', html)
    assert len(ids) > 15
    for veld_id in ids:
        assert f'for="{veld_id}"' in html, veld_id
    zonder_id = [t for t in re.findall(r"<(?:input|select|textarea)[^>]*>", html)
                 if 'type="hidden"' not in t and 'type="radio"' not in t and " id=" not in t]
    assert zonder_id == []


def test_registreren_post_dan_redirect_naar_melding_met_termijn(client, gebruikers, session):
    token = inloggen(client, "intake")
    r = client.post("/meldingen/nieuw", data=formulier(csrf_token=token), follow_redirects=False)
    assert r.status_code == 303 and re.fullmatch(r"/meldingen/\d+", r.headers["location"])
    html = client.get(r.headers["location"]).text
    assert "is geregistreerd" in html
    assert "Koningsdag, verschoven naar 28-04-2026 (Atw art. 1)" in html  # the deadline and its explanation
    assert "Wvggz art. 5:2" in html and "Naaste" in html
    assert client.get(r.headers["location"]).text.count("is geregistreerd") == 0  # the message shows once
    melding = session.exec(select(Melding)).one()
    assert melding.melder_is_naaste and melding.kanaal == "telefoon"


def test_fouten_naast_het_veld_en_invoer_blijft_staan(client, gebruikers, session):
    token = inloggen(client, "intake")
    data = formulier(csrf_token=token, **{"melder.email": "geen-adres", "betrokkene.postcode": "12345", "zorgen": ""})
    r = client.post("/meldingen/nieuw", data=data)
    assert r.status_code == 422
    html = r.text
    assert re.search(r'id="melder-email-fout">Geen geldig e-mailadres', html)
    assert re.search(r'id="betrokkene-postcode-fout">Postcode moet de vorm', html)
    assert re.search(r'id="zorgen-fout">Dit veld is verplicht', html)
    assert 'aria-describedby="melder-email-fout"' in html and 'aria-invalid="true"' in html
    assert 'value="geen-adres"' in html and 'value="Hendriks"' in html and 'value="Pieters"' in html
    assert '<option value="ouder" selected>' in html
    assert aantal(session, Melding) == 0 and aantal(session, Persoon) == 0


def test_domeinfout_van_de_service_staat_ook_bij_het_veld(client, gebruikers, session):
    token = inloggen(client, "intake")
    r = client.post("/meldingen/nieuw", data=formulier(csrf_token=token, ontvangen_op="2026-05-01T09:00"))
    assert r.status_code == 422
    assert re.search(r'id="ontvangen-op-fout">Ontvangstmoment ligt in de toekomst', r.text)
    assert aantal(session, Melding) == 0


def test_zonder_csrf_403_en_niets_opgeslagen(client, gebruikers, session):
    inloggen(client, "intake")
    r = client.post("/meldingen/nieuw", data=formulier(csrf_token="vervalst"))
    assert r.status_code == 403 and "CSRF" in r.text
    assert aantal(session, Melding) == 0


def test_zoek_bestaande_persoon_slaat_niets_op_en_logt_de_inzage(client, gebruikers, session):
    maak_melding(client, gebruikers)
    token = inloggen(client, "intake")
    r = client.post("/meldingen/nieuw", data=formulier(csrf_token=token, knop="zoek", zoek_naam="de vr"))
    assert r.status_code == 200
    assert "Jan de Vries" in r.text and "(1 eerdere melding)" in r.text
    assert 'value="Hendriks"' in r.text  # what was typed stays
    assert aantal(session, Melding) == 1
    doelen = session.exec(select(Toegang.doel)).all()
    assert "zoeken_bij_nieuwe_melding" in doelen


def test_mogelijke_dubbele_persoon_vraagt_een_keuze(client, gebruikers, session):
    eerste = maak_melding(client, gebruikers)
    bestaand = eerste["betrokkene"]["id"]
    token = inloggen(client, "intake")
    dubbel = {"betrokkene.voornaam": "Jan", "betrokkene.achternaam": "de Vries", "betrokkene.geboortedatum": "1971-03-02"}
    r = client.post("/meldingen/nieuw", data=formulier(csrf_token=token, **dubbel))
    assert r.status_code == 422 and "Er is al een persoon met deze achternaam en geboortedatum" in r.text
    assert f'name="betrokkene.persoon_id" value="{bestaand}"' in r.text
    r = client.post("/meldingen/nieuw", data=formulier(csrf_token=token, **dubbel,
                                                         **{"betrokkene.persoon_id": str(bestaand)}),
                    follow_redirects=False)
    assert r.status_code == 303
    nieuw = session.get(Melding, int(r.headers["location"].rsplit("/", 1)[1]))
    assert nieuw.betrokkene_id == bestaand
    session.rollback()  # end the read transaction: SQLite takes the write lock at BEGIN
    r = client.post("/meldingen/nieuw", data=formulier(csrf_token=token, **dubbel, **{"betrokkene.persoon_id": "nieuw"}),
                    follow_redirects=False)
    assert r.status_code == 303
    assert session.exec(select(func.count()).select_from(Persoon).where(Persoon.achternaam == "de Vries")).one() == 2


def test_melding_pagina_toont_acties_tijdlijn_en_diagram(client, gebruikers):
    m = maak_melding(client, gebruikers)
    inloggen(client, "intake")
    html = client.get(f"/meldingen/{m['id']}").text
    for label in ("Start verkennend onderzoek", "Stuur door naar andere gemeente", "Verwijs door"):
        assert f"<summary>{label}</summary>" in html
    assert "Voeg samen met andere melding</span>" in html and "geen andere open melding" in html  # blocked, with reason
    assert "geregistreerd" in html and "ontvangstbevestiging aan de melder" in html  # timeline
    diagram = re.search(r'<pre class="mermaid"[^>]*>(.*?)</pre>', html, re.S).group(1)
    assert "stateDiagram-v2" in diagram and "Class ontvangen s_active" in diagram
    # behandelaar choice, the current user chosen by default (issue 13.8)
    assert '<option value="{}" selected>Intake</option>'.format(gebruikers["intake"][0].id) in html


def post_actie(client, token, m, actie, versie=None, **velden):  # noqa: ANN001, ANN201
    data = {"csrf_token": token, "versie": str(versie or m["versie"]), **velden}
    return client.post(f"/meldingen/{m['id']}/acties/{actie}", data=data, follow_redirects=False)


def test_actie_post_dan_redirect_en_historie(client, gebruikers, session):
    m = maak_melding(client, gebruikers)
    token = inloggen(client, "intake")
    r = post_actie(client, token, m, "start_onderzoek", behandelaar_id=str(gebruikers["intake"][0].id))
    assert r.status_code == 303 and r.headers["location"] == f"/meldingen/{m['id']}"
    html = client.get(r.headers["location"]).text
    assert "Opgeslagen: Start verkennend onderzoek. Status nu: in onderzoek." in html
    assert session.get(Melding, m["id"]).status == "in_onderzoek"
    assert session.exec(select(Historie.actie).order_by(Historie.id)).all()[-1] == "start_onderzoek"


def test_actie_met_fout_toont_bericht_bij_het_veld_en_houdt_invoer(client, gebruikers, session):
    m = maak_melding(client, gebruikers)
    token = inloggen(client, "intake")
    post_actie(client, token, m, "start_onderzoek", behandelaar_id=str(gebruikers["intake"][0].id))
    r = post_actie(client, token, m, "dien_aanvraag_in", versie=2, medische_expertise="SPV Escamp",
                   reden_geen_gesprek="")
    assert r.status_code == 422
    blok = r.text[r.text.index('id="actie-dien_aanvraag_in"'):]
    blok = blok[:blok.index("</details>")]
    assert " open>" in blok.split("\n")[0]  # the form of that action is open again
    assert "Leg vast dat met betrokkene is gesproken, of waarom niet" in blok
    assert 'id="dien-aanvraag-in-gesprek-met-betrokkene-fout"' in blok
    assert 'value="SPV Escamp"' in blok
    assert session.get(Melding, m["id"]).status == "in_onderzoek"


def test_onomkeerbare_stap_vraagt_bevestiging(client, gebruikers, session):
    m = maak_melding(client, gebruikers)
    token = inloggen(client, "intake")
    r = post_actie(client, token, m, "stuur_door", gemeente="Rijswijk")
    assert r.status_code == 422 and "niet terug te draaien" in r.text
    assert 'id="stuur-door-bevestig-fout"' in r.text and 'value="Rijswijk"' in r.text
    assert session.get(Melding, m["id"]).status == "ontvangen"
    session.rollback()
    r = post_actie(client, token, m, "stuur_door", gemeente="Rijswijk", bevestig="1")
    assert r.status_code == 303
    session.expire_all()
    assert session.get(Melding, m["id"]).status == "doorgestuurd"


def test_verouderde_versie_geeft_409_pagina_met_herlaadlink(client, gebruikers, session):
    m = maak_melding(client, gebruikers)
    token = inloggen(client, "intake")
    assert post_actie(client, token, m, "start_onderzoek", behandelaar_id=str(gebruikers["intake"][0].id)).status_code == 303
    r = post_actie(client, token, m, "vraag_wijkteam_advies", versie=1, wijkteam_contact="Wijkteam Laak")
    assert r.status_code == 409 and "Intussen gewijzigd" in r.text
    assert f'href="/meldingen/{m["id"]}"' in r.text and "Laad opnieuw" in r.text
    assert session.get(Melding, m["id"]).wijkteam_contact is None


def test_actie_zonder_csrf_403(client, gebruikers, session):
    m = maak_melding(client, gebruikers)
    inloggen(client, "intake")
    r = post_actie(client, "fout", m, "start_onderzoek", behandelaar_id=str(gebruikers["intake"][0].id))
    assert r.status_code == 403
    assert session.get(Melding, m["id"]).status == "ontvangen"


def test_persoonspagina_toont_zaken_op_tijd_en_logt(client, gebruikers, session, clock):
    eerste = maak_melding(client, gebruikers, ontvangen_op="2026-04-01T10:00:00+02:00")
    tweede = maak_melding(client, gebruikers, betrokkene={"persoon_id": eerste["betrokkene"]["id"]})
    inloggen(client, "intake")
    html = client.get(f"/personen/{eerste['betrokkene']['id']}").text
    assert html.index(eerste["referentie"]) < html.index(tweede["referentie"])
    assert "Jan de Vries" in html
    assert "persoonsoverzicht" in session.exec(select(Toegang.doel)).all()
    session.rollback()
    inloggen(client, "rijswijk")
    assert client.get(f"/personen/{eerste['betrokkene']['id']}").status_code == 404  # another gemeente: as missing
