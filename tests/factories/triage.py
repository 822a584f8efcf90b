"""Builders for the OVP triage through the JSON API: an arrival, a step, the two screenings, row reads."""

from __future__ import annotations

from sqlmodel import func, select

from tests.factories import auth

SCREENING = {"door": "SPV Jansen", "bevindingen": "Alcohol op, geen letsel", "vlaggen": ["intoxicatie"]}


def aankomst(**over) -> dict:
    body = {"gebracht_door": "politie", "e33_nummer": "2026041300123", "verdacht_van_strafbaar_feit": False,
            "persoon": {"voornaam": "Karel", "achternaam": "Appel", "geboortedatum": "1980-02-01"}}
    body.update(over)
    return body


def maak(client, gebruikers, **over):
    r = client.post("/api/v1/triages", json=aankomst(**over), headers=auth(gebruikers, "ovp"))
    assert r.status_code == 201, r.text
    return r.json()


def actie(client, gebruikers, t, naam, wie="ovp", **velden):
    return client.post(f"/api/v1/triages/{t['id']}/acties/{naam}", json={"versie": t["versie"], **velden},
                       headers=auth(gebruikers, wie))


def stap(client, gebruikers, t, naam, **velden):
    r = actie(client, gebruikers, t, naam, **velden)
    assert r.status_code == 200, r.text
    return r.json()


def aantal(session, model) -> int:
    """Count rows, then end the read: every SQLite transaction here takes the write lock (BEGIN IMMEDIATE)."""
    uit = session.exec(select(func.count()).select_from(model)).one()
    session.rollback()
    return uit


def rij(session, model, id_):
    """Return a detached copy of one row and end the read transaction."""
    obj = session.get(model, id_)
    session.expunge(obj)
    session.rollback()
    return obj


def gescreend(client, gebruikers, clock, **over):
    t = maak(client, gebruikers, **over)
    clock.advance(minutes=20)
    t = stap(client, gebruikers, t, "registreer_somatische_screening", **SCREENING)
    clock.advance(minutes=40)
    return stap(client, gebruikers, t, "registreer_psychiatrische_screening", door="Psychiater De Wit",
                bevindingen="Psychotisch, geen acuut gevaar", vlaggen=["verwardheid"])
