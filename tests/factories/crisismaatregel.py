"""Builders for the crisismaatregel through the JSON API: a request, an action, ready for and taken the decision."""

from __future__ import annotations

from tests.factories import auth

AANVRAAG = {"betrokkene": {"voornaam": "Jan", "achternaam": "de Vries", "geboortedatum": "1971-03-02"},
            "aangevraagd_door": "crisisdienst", "gemeente_verblijf": "Den Haag", "locatie": "OVP"}


BESLUIT = {"zorgvormen": ["opname", "medicatie"], "motivering_minder_ingrijpend": "Weigert vrijwillige opname.",
           "bekendmaking_op": "2026-04-13T09:00:00+02:00"}


def maak(client, gebruikers, wie="bm", **over):
    r = client.post("/api/v1/crisismaatregelen", json=AANVRAAG | over, headers=auth(gebruikers, wie))
    assert r.status_code == 201, r.text
    return r.json()


def actie(client, gebruikers, cm, naam, wie="bm", **velden):
    return client.post(f"/api/v1/crisismaatregelen/{cm['id']}/acties/{naam}",
                       json={"versie": cm["versie"], **velden}, headers=auth(gebruikers, wie))


def klaar(client, gebruikers, **over):
    cm = maak(client, gebruikers, **over)
    cm = actie(client, gebruikers, cm, "registreer_medische_verklaring", psychiater="Dr. A. Jansen",
               psychiater_onafhankelijk=True).json()
    return actie(client, gebruikers, cm, "registreer_horen", gehoord=False,
                 reden_niet_gehoord="Betrokkene wilde niet gehoord worden").json()


def genomen(client, gebruikers, **over):
    r = actie(client, gebruikers, klaar(client, gebruikers, **over), "neem_maatregel", **BESLUIT)
    assert r.status_code == 200, r.text
    return r.json()
