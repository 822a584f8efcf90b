"""Documents: every kind rendered to PDF and read back, fixed once issued, uploads checked, access logged."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from sqlalchemy import text
from sqlmodel import func, select

from notifications.outbox import Bericht
from tests.factories import auth, melding_body
from tests.factories.crisismaatregel import BESLUIT
from tests.factories.crisismaatregel import actie as cm_actie
from wvggz.audit.models import Historie, Toegang
from wvggz.documenten import render
from wvggz.documenten.models import Document
from wvggz.documenten.soorten import SOORTEN

ZORG, ADVIES, REDEN = "GEHEIMZORG psychose", "GEHEIMADVIES depressie", "GEHEIMREDEN opname eerder"


def tekst(pdf: bytes) -> str:
    return " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(pdf)).pages)


def melding(client, gebruikers, *, relatie="ouder", besluit="dien_aanvraag_in", **over):
    body = melding_body(zorgen=ZORG, **over)
    body["melder"] = body["melder"] | {"relatie": relatie, "straat": "Spui", "huisnummer": "70",
                                       "postcode": "2511BT", "woonplaats": "Den Haag"}
    m = client.post("/api/v1/meldingen", json=body, headers=auth(gebruikers, "intake")).json()

    def act(m, naam, **v):
        r = client.post(f"/api/v1/meldingen/{m['id']}/acties/{naam}", json={"versie": m["versie"], **v},
                        headers=auth(gebruikers, "intake"))
        assert r.status_code == 200, r.text
        return r.json()

    m = act(m, "start_onderzoek", behandelaar_id=gebruikers["intake"][0].id)
    m = act(m, "vraag_wijkteam_advies", wijkteam_contact="Wijkteam Escamp")
    m = act(m, "registreer_wijkteam_advies", advies=ADVIES)
    if besluit == "dien_aanvraag_in":
        return act(m, besluit, gesprek_met_betrokkene=True, medische_expertise="SPV")
    if besluit:
        return act(m, besluit, reden_code="vrijwillige_zorg", reden=REDEN, medische_expertise="SPV",
                   gesprek_met_betrokkene=True)
    return m


def genereer(client, gebruikers, pad, zaak_id, soort, wie="intake", **extra):
    return client.post(f"/api/v1/{pad}/{zaak_id}/documenten", json={"soort": soort, **extra},
                       headers=auth(gebruikers, wie))


def pdf_van(client, gebruikers, pad, zaak_id, doc_id, wie="intake"):
    r = client.get(f"/api/v1/{pad}/{zaak_id}/documenten/{doc_id}", headers=auth(gebruikers, wie))
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/pdf" and r.headers["content-disposition"].startswith("attachment")
    return r.content


def test_elk_sjabloon_print_alleen_zijn_velden():
    for s in SOORTEN.values():
        assert render.gebruikte_velden(s.naam) <= s.alle_velden, s.naam


def test_beschikking_crisismaatregel_met_gronden_zorgvormen_en_rechtsmiddelenclausule(client, gebruikers):
    m = client.post("/api/v1/meldingen", json=melding_body(zorgen=ZORG), headers=auth(gebruikers, "intake")).json()
    cm = client.post("/api/v1/crisismaatregelen", headers=auth(gebruikers, "intake"), json={
        "aangevraagd_door": "huisarts", "gemeente_verblijf": "Den Haag", "locatie": "OVP", "melding_id": m["id"]}).json()
    cm = cm_actie(client, gebruikers, cm, "registreer_medische_verklaring", psychiater="Dr. A. Jansen",
                  psychiater_onafhankelijk=True).json()
    cm = cm_actie(client, gebruikers, cm, "registreer_horen", gehoord=False,
                  reden_niet_gehoord="Betrokkene wilde niet gehoord worden").json()
    r = cm_actie(client, gebruikers, cm, "neem_maatregel", **BESLUIT)
    assert r.status_code == 200, r.text
    assert genereer(client, gebruikers, "crisismaatregelen", cm["id"], "beschikking_crisismaatregel").status_code == 403
    r = genereer(client, gebruikers, "crisismaatregelen", cm["id"], "beschikking_crisismaatregel", wie="bm")
    assert r.status_code == 201, r.text
    doc = r.json()
    t = tekst(pdf_van(client, gebruikers, "crisismaatregelen", cm["id"], doc["id"], wie="bm"))
    assert "Beschikking crisismaatregel" in t and "artikel 7:1" in t and "Jan de Vries" in t
    assert "opname" in t and "medicatie" in t  # the forms of care
    assert "Dr. A. Jansen" in t and "niet gehoord" in t and "Betrokkene wilde niet gehoord worden" in t
    assert "Weigert vrijwillige opname." in t
    # bekendmaking Monday 13-04-2026 + 3 weeks = Monday 04-05-2026 (no Atw shift); the validity: 3 days
    assert "binnen drie weken" in t and "uiterlijk op 04-05-2026" in t and "artikel 7:6" in t
    assert "16-04-2026" in t
    assert ZORG not in t and "GEHEIMZORG" not in t and "Marja" not in t


def test_aanvraag_aan_ovj_met_resultaten_verkennend_onderzoek(client, gebruikers):
    m = melding(client, gebruikers)
    r = genereer(client, gebruikers, "meldingen", m["id"], "aanvraag_zorgmachtiging")
    assert r.status_code == 201, r.text
    t = tekst(pdf_van(client, gebruikers, "meldingen", m["id"], r.json()["id"]))
    assert "artikel 5:3" in t and "verkennend onderzoek" in t and "Jan de Vries" in t and "02-03-1971" in t
    assert ZORG in t and ADVIES in t and "Wijkteam Escamp" in t and "SPV" in t
    assert "Marja Pieters" in t  # not anonymous: the melder may be named to the OvJ


def test_aanvraag_noemt_anonieme_melder_niet(client, gebruikers):
    mm = melding(client, gebruikers, melder=melding_body()["melder"] | {"anoniem_tov_betrokkene": True})
    t = tekst(pdf_van(client, gebruikers, "meldingen", mm["id"],
                      genereer(client, gebruikers, "meldingen", mm["id"], "aanvraag_zorgmachtiging").json()["id"]))
    assert "Pieters" not in t and "niet bekend te worden" in t


def test_brief_naaste_uitkomst_en_eigen_route(client, gebruikers):
    m = melding(client, gebruikers, besluit="besluit_geen_aanvraag")
    r = genereer(client, gebruikers, "meldingen", m["id"], "brief_naaste_uitkomst")
    assert r.status_code == 201, r.text
    t = tekst(pdf_van(client, gebruikers, "meldingen", m["id"], r.json()["id"]))
    assert "Marja Pieters" in t and "Spui 70" in t and "2511 BT Den Haag" in t
    assert "niet te vragen" in t and "eigen route naar de officier van justitie" in t and "artikel 5:2 lid 5" in t
    for geheim in (ZORG, ADVIES, REDEN, "Jan", "Vries", "1971"):
        assert geheim not in t, geheim
    assert genereer(client, gebruikers, "meldingen", m["id"], "brief_melder_afgehandeld").status_code == 422


def test_brief_melder_zonder_naaste_zegt_alleen_afgehandeld(client, gebruikers):
    m = melding(client, gebruikers, relatie="buur", besluit="dien_aanvraag_in")
    r = genereer(client, gebruikers, "meldingen", m["id"], "brief_naaste_uitkomst")
    assert r.status_code == 422 and r.json()["detail"][0]["loc"][-1] == "soort"
    r = genereer(client, gebruikers, "meldingen", m["id"], "brief_melder_afgehandeld")
    assert r.status_code == 201, r.text
    t = tekst(pdf_van(client, gebruikers, "meldingen", m["id"], r.json()["id"]))
    assert "hebben behandeld" in t
    for geheim in (ZORG, ADVIES, "Jan", "Vries", "aanvraag bij", "zorgmachtiging"):
        assert geheim not in t, geheim


def test_ontvangstbevestiging_als_brief(client, gebruikers):
    m = client.post("/api/v1/meldingen", json=melding_body(zorgen=ZORG), headers=auth(gebruikers, "intake")).json()
    r = genereer(client, gebruikers, "meldingen", m["id"], "ontvangstbevestiging_brief")
    assert r.status_code == 201, r.text
    t = tekst(pdf_van(client, gebruikers, "meldingen", m["id"], r.json()["id"]))
    assert "13-04-2026" in t and "Marja Pieters" in t and m["referentie"] in t
    assert ZORG not in t and "Vries" not in t


def test_uitgegeven_is_vast_correctie_is_nieuwe_versie(client, gebruikers, session):
    m = melding(client, gebruikers)
    eerste = genereer(client, gebruikers, "meldingen", m["id"], "aanvraag_zorgmachtiging", verzenden=True).json()
    r = genereer(client, gebruikers, "meldingen", m["id"], "aanvraag_zorgmachtiging")
    assert r.status_code == 409 and "correctie" in r.json()["detail"][0]["msg"]
    r = genereer(client, gebruikers, "meldingen", m["id"], "aanvraag_zorgmachtiging", vervangt_id=eerste["id"])
    assert r.status_code == 422 and r.json()["detail"][0]["loc"][-1] == "reden"
    tweede = genereer(client, gebruikers, "meldingen", m["id"], "aanvraag_zorgmachtiging", vervangt_id=eerste["id"],
                      reden="Adres verbeterd").json()
    assert tweede["vervangt_id"] == eerste["id"] and tweede["bestandsnaam"].endswith("_v2.pdf")
    r = genereer(client, gebruikers, "meldingen", m["id"], "aanvraag_zorgmachtiging", vervangt_id=eerste["id"],
                 reden="nog eens")
    assert r.status_code == 422  # only the current one can be corrected
    lijst = client.get(f"/api/v1/meldingen/{m['id']}/documenten", headers=auth(gebruikers, "intake")).json()
    assert [(d["id"], d["vervangen"]) for d in lijst["documenten"]] == [(eerste["id"], True), (tweede["id"], False)]
    rij = session.get(Document, eerste["id"])
    assert rij.sjabloon_versie == "1" and rij.zaak_status == "aanvraag_ingediend" and len(rij.sha256) == 64
    assert rij.gemaakt_door == "Intake" and rij.inhoud[:5] == b"%PDF-"
    acties = session.exec(select(Historie.actie).where(Historie.zaak_type == "melding",
                                                       Historie.zaak_id == m["id"])).all()
    assert acties.count("document_uitgegeven") == 1 and acties.count("document_gecorrigeerd") == 1
    b = session.exec(select(Bericht).where(Bericht.soort == "document_verzenden")).one()
    assert b.kanaal == "inbox" and b.gegevens["ontvanger"] == "ovj" and "Vries" not in str(b.gegevens)
    for sql in ("UPDATE document SET titel = 'vervalst'", "DELETE FROM document"):
        with pytest.raises(Exception, match="append-only"):
            session.exec(text(sql))
        session.rollback()


def test_rechten_en_bereik(client, gebruikers):
    m = melding(client, gebruikers)
    doc = genereer(client, gebruikers, "meldingen", m["id"], "aanvraag_zorgmachtiging").json()
    assert client.get(f"/api/v1/meldingen/{m['id']}/documenten", headers=auth(gebruikers, "bm")).status_code == 403
    assert client.get(f"/api/v1/meldingen/{m['id']}/documenten/{doc['id']}",
                      headers=auth(gebruikers, "rijswijk")).status_code == 404  # another gemeente: as missing
    assert client.get(f"/api/v1/meldingen/{m['id']}/documenten/{doc['id']}").status_code == 401
    ander = client.post("/api/v1/meldingen", json=melding_body(), headers=auth(gebruikers, "intake")).json()
    assert client.get(f"/api/v1/meldingen/{ander['id']}/documenten/{doc['id']}",
                      headers=auth(gebruikers, "intake")).status_code == 404
    assert client.get(f"/api/v1/zaken/{m['id']}/documenten", headers=auth(gebruikers, "intake")).status_code in (404, 422)
    r = genereer(client, gebruikers, "meldingen", m["id"], "beschikking_crisismaatregel")
    assert r.status_code == 422 and r.json()["detail"][0]["loc"][-1] == "soort"


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 56


def upload(client, gebruikers, m, naam, inhoud, wie="intake"):
    return client.post(f"/api/v1/meldingen/{m['id']}/documenten/upload", headers=auth(gebruikers, wie),
                       files={"bestand": (naam, inhoud, "application/octet-stream")}, data={"titel": "Medische verklaring"})


@pytest.mark.parametrize(("naam", "inhoud", "boodschap"), [
    ("verklaring.exe", PDF, "past niet bij de inhoud (PDF)"),
    ("verklaring.pdf", ELF, "niet aangenomen"),
    ("groot.pdf", PDF + b"0" * (21 * 1024 * 1024), "te groot"),
    ("../../etc/passwd.txt", b"hallo", "geen map of '..'"),
    ("..\\verklaring.pdf", PDF, "geen map of '..'"),
    ("leeg.pdf", b"", "leeg"),
])
def test_upload_geweigerd_en_niets_bewaard(client, gebruikers, session, settings, naam, inhoud, boodschap):
    m = client.post("/api/v1/meldingen", json=melding_body(), headers=auth(gebruikers, "intake")).json()
    r = upload(client, gebruikers, m, naam, inhoud)
    assert r.status_code == 422, r.text
    fout = r.json()["detail"][0]
    assert fout["loc"][-1] == "bestand" and boodschap in fout["msg"]
    assert session.exec(select(func.count()).select_from(Document)).one() == 0
    assert not settings.documenten_map.exists() or not any(p.is_file() for p in settings.documenten_map.rglob("*"))


def test_upload_bewaard_met_hash_buiten_webroot_en_download_gelogd(client, gebruikers, session, settings):
    m = client.post("/api/v1/meldingen", json=melding_body(), headers=auth(gebruikers, "intake")).json()
    r = upload(client, gebruikers, m, "advies wijkteam.txt", b"Advies: ga langs.\n")
    assert r.status_code == 201, r.text
    doc = r.json()
    assert doc["bestandsnaam"] == "advies wijkteam.txt" and doc["mime"].startswith("text/plain")
    bestanden = [p for p in settings.documenten_map.rglob("*") if p.is_file()]
    assert len(bestanden) == 1 and "advies" not in str(bestanden[0])
    r = client.get(f"/api/v1/meldingen/{m['id']}/documenten/{doc['id']}", headers=auth(gebruikers, "intake"))
    assert r.content == b"Advies: ga langs.\n"
    assert "filename*=UTF-8''advies%20wijkteam.txt" in r.headers["content-disposition"]
    doelen = session.exec(select(Toegang.doel).where(Toegang.zaak_id == m["id"])).all()
    assert "document_ontvangen" in doelen and f"document_download:{doc['id']}" in doelen
    session.rollback()  # release SQLite's write lock before the app writes again
    for naam, inhoud in [("foto.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20), ("foto.jpeg", b"\xff\xd8\xff\xe0" + b"0" * 20)]:
        assert upload(client, gebruikers, m, naam, inhoud).status_code == 201
    bestanden[0].write_bytes(b"vervalst")
    r = client.get(f"/api/v1/meldingen/{m['id']}/documenten/{doc['id']}", headers=auth(gebruikers, "intake"))
    assert r.status_code == 500


def test_docx_herkend_zip_niet():
    import zipfile

    from wvggz.documenten.bestanden import DOCX, herken

    def zip_met(*namen):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            for n in namen:
                z.writestr(n, "<x/>")
        return buf.getvalue()

    assert herken(zip_met("[Content_Types].xml", "word/document.xml")) is DOCX
    assert herken(zip_met("iets.txt")) is None


def test_zaakpagina_toont_documenten_en_upload_fout_in_het_nederlands(client, gebruikers):
    m = melding(client, gebruikers)
    genereer(client, gebruikers, "meldingen", m["id"], "aanvraag_zorgmachtiging")
    import re

    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text).group(1)
    r = client.post("/login", data={"gebruikersnaam": "intake", "wachtwoord": "geheim-wachtwoord",
                                    "csrf_token": token}, follow_redirects=True)
    assert r.status_code == 200
    pagina = client.get(f"/meldingen/{m['id']}")
    assert 'id="documenten"' in pagina.text and "Aanvraag voorbereiding zorgmachtiging" in pagina.text
    assert 'media="print"' in pagina.text

    csrf = re.search(r'name="csrf_token" value="([^"]+)"', pagina.text).group(1)
    r = client.post(f"/meldingen/{m['id']}/documenten/upload", data={"csrf_token": csrf},
                    files={"bestand": ("x.pdf", ELF, "application/pdf")})
    assert r.status_code == 422 and "Dit soort bestand wordt niet aangenomen" in r.text
    r = client.post(f"/meldingen/{m['id']}/documenten/upload", data={"csrf_token": csrf},
                    files={"bestand": ("brief.pdf", PDF, "application/pdf")}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/meldingen/{m['id']}#documenten"
    r = client.post(f"/meldingen/{m['id']}/documenten/genereer", data={"csrf_token": csrf,
                    "soort": "ontvangstbevestiging_brief"}, follow_redirects=False)
    assert r.status_code == 303
    pagina = client.get(f"/meldingen/{m['id']}")
    assert "brief.pdf" in pagina.text and "Ontvangstbevestiging (brief)" in pagina.text


def _document_vast_in_database(url: str) -> None:
    from wvggz.db import make_engine
    from wvggz.migreer import migreer

    migreer(url)
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO document (zaak_type, zaak_id, herkomst, soort, titel, bestandsnaam, mime, "
                          "grootte, sha256, zaak_status, gemaakt_op, gemaakt_door) VALUES ('melding', 1, "
                          "'gegenereerd', 'x', 'x', 'x.pdf', 'application/pdf', 1, 'ab', 'ontvangen', "
                          "'2026-04-13 07:00:00', 'systeem')"))
    for sql in ("UPDATE document SET titel = 'vervalst'", "DELETE FROM document"):
        with pytest.raises(Exception, match="append-only"), engine.begin() as conn:
            conn.execute(text(sql))
    engine.dispose()


def test_document_is_vast_na_migratie_sqlite(tmp_path):
    _document_vast_in_database(f"sqlite:///{tmp_path / 'd.db'}")


@pytest.mark.postgres
def test_document_is_vast_na_migratie_postgres(postgres_url):
    _document_vast_in_database(postgres_url)
