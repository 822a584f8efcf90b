"""The answer of an action on PostgreSQL reads terms, history, messages and persons in one round trip (psycopg
pipeline, ADR 0025): the same answer as the four SELECTs one by one, and the statement listeners see all four."""

from __future__ import annotations

from tests.factories import melding_body
from wvggz.meldingen import queries, service
from wvggz.meldingen.schemas import MeldingCreate
from wvggz.meldingen.soort import MELDING_ZAAK
from wvggz.zaken import pijplijn


def _melding_met_geschiedenis(session, clock, gebruikers, settings):  # noqa: ANN001, ANN202
    intake = gebruikers["intake"][0]
    m = service.registreer(session=session, clock=clock, actor=intake, settings=settings,
                           data=MeldingCreate.model_validate(melding_body()))
    for actie, velden in (("start_onderzoek", {"behandelaar_id": intake.id}),
                          ("vraag_wijkteam_advies", {"wijkteam_contact": "SPV Laak"})):
        m = pijplijn.voer_actie_uit(session=session, clock=clock, actor=intake, soort=MELDING_ZAAK, zaak_id=m.id,
                                    actie=actie, versie=m.versie, velden=velden, settings=settings)
    return m


def test_antwoord_samen_gelijk_aan_een_voor_een(session, clock, gebruikers, settings, teller, monkeypatch):
    m = _melding_met_geschiedenis(session, clock, gebruikers, settings)
    teller.clear()
    samen = queries.detail(session, m, clock.now())
    gelezen = [r for r in teller if r.startswith("SELECT")]
    pg = session.get_bind().dialect.name == "postgresql"
    assert (queries._lees_samen(session, m) is not None) == pg
    monkeypatch.setattr(queries, "_lees_samen", lambda *_a: None)
    teller.clear()
    los = queries.detail(session, m, clock.now())
    assert samen == los
    assert len(gelezen) == len([r for r in teller if r.startswith("SELECT")]) == 4, (gelezen, list(teller))
    assert len(samen["historie"]) == 3 and len(samen["termijnen"]) == 2
    assert samen["melder"]["naam"] and samen["betrokkene"]["naam"]
