"""The beroep through the JSON API: window from the bekendmaking, appeal, ruling, damages; parallel to the CM."""

from __future__ import annotations

from tests.factories import auth
from tests.factories.beroep_api import actie, beroep_van
from tests.factories.crisismaatregel import actie as cm_actie
from tests.factories.crisismaatregel import genomen


def test_termijn_vanaf_bekendmaking(client, gebruikers):
    cm = genomen(client, gebruikers)
    b = beroep_van(client, gebruikers, cm)
    assert b["status"] == "termijn_loopt" and b["crisismaatregel"]["id"] == cm["id"]
    [t] = b["termijnen"]
    assert t["soort"] == "beroep_termijn" and t["einddatum"] == "2026-05-04"  # 13-04 + 3 weeks, Atw: Monday
    assert [a["naam"] for a in b["toegestane_acties"]] == ["stel_in"]  # laat_verstrijken is the scheduler's
    assert b["historie"][0]["actie"] == "aangemaakt"
    lijst = client.get("/api/v1/beroepen", headers=auth(gebruikers, "pl")).json()
    assert [r["id"] for r in lijst] == [b["id"]] and lijst[0]["termijn_eind"].startswith("2026-05-04")


def test_beroep_uitspraak_en_schadeverzoek_schorst_niets(client, gebruikers, clock):
    cm = genomen(client, gebruikers)
    b = beroep_van(client, gebruikers, cm)
    clock.advance(days=2)
    r = actie(client, gebruikers, b, "stel_in", ingesteld_op="2026-04-15T08:00")
    assert r.status_code == 200, r.text
    b = r.json()
    assert b["status"] == "ingesteld" and b["ingesteld_tijdig"] is True
    assert b["termijnen"][0]["stand"] == "afgesloten"
    cm_nu = client.get(f"/api/v1/crisismaatregelen/{cm['id']}", headers=auth(gebruikers, "bm")).json()
    assert cm_nu["status"] == "genomen"  # the appeal never suspends the measure
    r = actie(client, gebruikers, b, "doe_uitspraak", uitkomst="gegrond", uitspraak_op="2026-04-14T10:00")
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "uitspraak_op"]
    clock.advance(days=1)
    b = actie(client, gebruikers, b, "doe_uitspraak", uitkomst="gegrond", uitspraak_op=clock.now().isoformat()).json()
    assert b["status"] == "uitspraak_gegrond" and b["uitkomst"] == "gegrond"
    r = actie(client, gebruikers, b, "registreer_schadeclaim", bedrag=-5)
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "bedrag"]
    b = actie(client, gebruikers, b, "registreer_schadeclaim", bedrag=125_050, uitkomst="toegekend").json()
    assert (b["schadeclaim_bedrag_cent"], b["schadeclaim_uitkomst"], b["status"]) == (125_050, "toegekend",
                                                                                      "uitspraak_gegrond")
    assert "EUR 1250,50" in b["historie"][-1]["reden"] and "gemeente" in b["historie"][-1]["reden"]


def test_te_laat_beroep_wordt_vastgelegd(client, gebruikers, clock):
    cm = genomen(client, gebruikers)
    b = beroep_van(client, gebruikers, cm)
    clock.advance(days=25)  # the sweep has not run yet; the appeal came after the window
    b = actie(client, gebruikers, b, "stel_in", ingesteld_op=clock.now().isoformat()).json()
    assert b["ingesteld_tijdig"] is False and b["termijnen"][0]["stand"] == "te laat"


def test_beroep_fouten(client, gebruikers):
    cm = genomen(client, gebruikers)
    b = beroep_van(client, gebruikers, cm)
    assert actie(client, gebruikers, b, "stel_in", wie="pl", ingesteld_op="2026-04-13T10:00").status_code == 403
    assert actie(client, gebruikers, b, "laat_verstrijken").status_code == 403
    r = actie(client, gebruikers, b, "stel_in", ingesteld_op="2026-04-13T08:00")
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "ingesteld_op"]  # before the decision
    assert actie(client, gebruikers, b, "doe_uitspraak", uitkomst="gegrond",
                 uitspraak_op="2026-04-13T09:00").status_code == 409
    assert client.get("/api/v1/beroepen/424242", headers=auth(gebruikers, "bm")).status_code == 404
    assert client.get(f"/api/v1/beroepen/{b['id']}", headers=auth(gebruikers, "intake")).status_code == 403
    assert cm_actie(client, gebruikers, cm, "beeindig", reden="Vrijwillige opname").status_code == 200
    assert beroep_van(client, gebruikers, cm)["status"] == "termijn_loopt"  # the window runs on after the end
