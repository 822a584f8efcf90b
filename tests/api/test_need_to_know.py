"""Need to know (issue 11.6): another gemeente's case looks missing, the OVP sees the measures of its own
triages, the projectleider sees case numbers but no names or findings outside meldingen, beheer sees the
failed messages of its own gemeente only."""

from __future__ import annotations

from sqlmodel import select

from notifications.outbox import Bericht, plaats
from tests.factories import auth, melding_body
from tests.factories import crisismaatregel as cmf
from tests.factories import triage as tf
from tests.factories.paginas import inloggen, maak_melding
from wvggz.audit.models import Toegang
from wvggz.zaken.afscherming import AFGESCHERMD


def test_zaak_van_een_andere_gemeente_antwoordt_als_een_ontbrekende_en_wordt_gelogd(client, gebruikers, factory):
    m = maak_melding(client, gebruikers)
    h = auth(gebruikers, "rijswijk")
    vreemd = client.get(f"/api/v1/meldingen/{m['id']}", headers=h)
    leeg = client.get("/api/v1/meldingen/999999", headers=h)
    assert vreemd.status_code == leeg.status_code == 404
    assert vreemd.json()["detail"][0]["msg"] == f"Melding {m['id']} bestaat niet."
    assert leeg.json()["detail"][0]["msg"] == "Melding 999999 bestaat niet."
    assert vreemd.json()["detail"][0]["type"] == leeg.json()["detail"][0]["type"] == "niet_gevonden"
    with factory() as s:
        rijen = s.exec(select(Toegang).where(Toegang.handeling == "geweigerd")).all()
    # the hidden attempt on the existing case is in Den Haag's log, with the person
    assert [(t.zaak_id, t.gemeente, t.persoon_id is not None) for t in rijen] == [(m["id"], "Den Haag", True)]


def test_persoon_van_een_andere_gemeente_antwoordt_als_een_ontbrekende(client, gebruikers):
    m = maak_melding(client, gebruikers)
    h = auth(gebruikers, "rijswijk")
    inloggen(client, "rijswijk")
    vreemd, leeg = client.get(f"/personen/{m['betrokkene']['id']}"), client.get("/personen/999999")
    assert vreemd.status_code == leeg.status_code == 404
    assert f"Persoon {m['betrokkene']['id']} bestaat niet." in vreemd.text
    assert client.get(f"/api/v1/meldingen/{m['id']}", headers=h).status_code == 404


def test_ovp_ziet_alleen_maatregelen_uit_de_eigen_triages(client, gebruikers):
    eigen_triage = tf.maak(client, gebruikers)
    uit_triage = cmf.maak(client, gebruikers, wie="ovp", triage_id=eigen_triage["id"])
    los = cmf.genomen(client, gebruikers)  # the burgemeester's own measure, not through the OVP; its beroep runs
    h = auth(gebruikers, "ovp")
    assert client.get(f"/api/v1/crisismaatregelen/{uit_triage['id']}", headers=h).status_code == 200
    r = client.get(f"/api/v1/crisismaatregelen/{los['id']}", headers=h)
    assert r.status_code == 403 and "triage" in r.json()["detail"][0]["msg"]
    assert client.get(f"/api/v1/beroepen/{los['beroep']['id']}", headers=h).status_code == 403
    assert client.get(f"/api/v1/crisismaatregelen/{los['id']}/documenten", headers=h).status_code == 403
    assert [r["id"] for r in client.get("/api/v1/crisismaatregelen", headers=h).json()] == [uit_triage["id"]]
    assert client.get("/api/v1/beroepen", headers=h).json() == []
    bm = auth(gebruikers, "bm")  # the burgemeester and the projectleider see every measure of the gemeente
    assert {r["id"] for r in client.get("/api/v1/crisismaatregelen", headers=bm).json()} == {uit_triage["id"], los["id"]}
    assert client.get(f"/api/v1/beroepen/{los['beroep']['id']}", headers=auth(gebruikers, "pl")).status_code == 200


def test_projectleider_ziet_nummers_maar_geen_namen_of_bevindingen(client, gebruikers):
    t = tf.stap(client, gebruikers, tf.maak(client, gebruikers), "registreer_somatische_screening", **tf.SCREENING)
    t = tf.stap(client, gebruikers, t, "registreer_psychiatrische_screening", door="Psychiater De Wit",
                bevindingen="Psychotisch, geen acuut gevaar", vlaggen=["verwardheid"])
    cm = cmf.genomen(client, gebruikers, triage_id=t["id"])
    pl, ovp, bm = auth(gebruikers, "pl"), auth(gebruikers, "ovp"), auth(gebruikers, "bm")
    voor_pl = client.get(f"/api/v1/triages/{t['id']}", headers=pl).json()
    assert voor_pl["referentie"] == t["referentie"] and voor_pl["persoon"] is None
    assert voor_pl["psychiatrische_screening"]["bevindingen"] == AFGESCHERMD
    assert "Psychotisch" not in str(voor_pl) and "Appel" not in str(voor_pl)
    voor_ovp = client.get(f"/api/v1/triages/{t['id']}", headers=ovp).json()
    assert "Appel" in voor_ovp["persoon"]["naam"] and "Psychotisch" in str(voor_ovp)
    cm_pl = client.get(f"/api/v1/crisismaatregelen/{cm['id']}", headers=pl).json()
    assert cm_pl["referentie"] == cm["referentie"] and cm_pl["betrokkene"]["naam"] == AFGESCHERMD
    assert "Weigert vrijwillige opname" not in str(cm_pl) and "Jansen" not in str(cm_pl)
    assert cm_pl["termijnen"] and cm_pl["gegevens"]["besloten_op"]
    assert "Weigert vrijwillige opname" in str(client.get(f"/api/v1/crisismaatregelen/{cm['id']}", headers=bm).json())
    beroep = client.get(f"/api/v1/beroepen/{cm['beroep']['id']}", headers=pl).json()
    assert beroep["betrokkene"]["naam"] == AFGESCHERMD
    assert {r["betrokkene"] for r in client.get("/api/v1/crisismaatregelen", headers=pl).json()} == {AFGESCHERMD}
    inloggen(client, "pl")
    for pad in (f"/triages/{t['id']}", f"/crisismaatregelen/{cm['id']}", f"/beroepen/{cm['beroep']['id']}",
                "/crisismaatregelen"):
        r = client.get(pad)
        assert r.status_code == 200, pad
        assert "Appel" not in r.text and "Psychotisch" not in r.text and "Weigert vrijwillige" not in r.text, pad


def test_beheer_ziet_alleen_mislukte_berichten_van_de_eigen_gemeente(client, gebruikers, factory, clock):
    haags = maak_melding(client, gebruikers)
    rijswijks = client.post("/api/v1/meldingen", headers=auth(gebruikers, "rijswijk"),
                            json=melding_body()).json()
    ids = {}
    with factory() as s:
        for naam, zaak_id in (("dh", haags["id"]), ("rw", rijswijks["id"]), ("wees", None)):
            b = plaats(s, soort="ontvangstbevestiging", kanaal="email", ontvanger_rol="melder", dedup_sleutel=naam,
                       gegevens={"referentie": "M", "ontvangen_op": "13-04-2026", "gemeente": "x"}, now=clock.now(),
                       zaak_type="melding" if zaak_id else None, zaak_id=zaak_id, adres="melder@example.org")
            b.status, b.mislukt_op, b.pogingen = "mislukt", clock.now(), 8
            s.flush()
            ids[naam] = b.id
        s.commit()
    h = auth(gebruikers, "beheer")
    # the own gemeente's message and the system message without case or colleague; not Rijswijk's
    assert {r["id"] for r in client.get("/api/v1/berichten/mislukt", headers=h).json()["items"]} == {
        ids["dh"], ids["wees"]}
    r = client.post(f"/api/v1/berichten/{ids['rw']}/opnieuw", headers=h)
    assert r.status_code == 404 and r.json()["detail"][0]["msg"] == f"Bericht {ids['rw']} bestaat niet."
    with factory() as s:
        assert s.get(Bericht, ids["rw"]).status == "mislukt"
