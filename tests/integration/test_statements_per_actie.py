"""SQL statements per action, counted with SQLAlchemy events: each budget is the work the action must do.

A decision needs: BEGIN, load the case, read its open terms, close the term, its history row, its access-log
row and one UPDATE of the case. The case row is written once per action (one UPDATE, `versie` +1). The hash
chain of the log tables (wvggz/audit/keten.py) costs at most 3 statements per log table written (create the
head once, lock and read it, move it), counted apart."""

from __future__ import annotations

from tests.factories import melding_body
from wvggz.meldingen import service
from wvggz.meldingen.schemas import MeldingCreate
from wvggz.meldingen.soort import MELDING_ZAAK
from wvggz.zaken import pijplijn

BUDGET = {  # action: (at most statements, of which UPDATE melding)
    "registreer": (9, 0),  # BEGIN, 2 persons, melding, term, history, 2 access rows, receipt (INSERT ON CONFLICT)
    "start_onderzoek": (6, 1),  # BEGIN, load, the behandelaar, history, access, UPDATE
    "vraag_wijkteam_advies": (7, 1),  # + open-question check, new term
    "registreer_wijkteam_advies": (8, 1),  # + open-question check, the term to close, its UPDATE
    "besluit_geen_aanvraag": (9, 1),  # BEGIN, load, open terms, close term, history, access, UPDATE,
    # + the dashboard's monthly figures: counter upsert, duration row (ADR 0019)
}
STAPPEN = [
    ("start_onderzoek", lambda u: {"behandelaar_id": u.id}),
    ("vraag_wijkteam_advies", lambda u: {"wijkteam_contact": "SPV Laak"}),
    ("registreer_wijkteam_advies", lambda u: {"advies": "Zorgen terecht"}),
    ("besluit_geen_aanvraag", lambda u: {"reden_code": "vrijwillige_zorg", "reden": "Gaat akkoord met zorg",
                                         "gesprek_met_betrokkene": True}),
]


def _controleer(naam: str, regels: list[str]) -> None:
    maximaal, updates = BUDGET[naam]
    keten = [r for r in regels if "audit_keten" in r]
    werk = [r for r in regels if "audit_keten" not in r]
    assert len(werk) <= maximaal, (naam, werk)
    assert len(keten) <= 3 * 2, (naam, keten)  # historie and toegang
    assert sum(r.startswith("UPDATE melding") for r in regels) == updates, (naam, regels)


def test_statements_per_actie_binnen_budget(session, clock, gebruikers, settings, teller):
    intake = gebruikers["intake"][0]
    m = service.registreer(session=session, clock=clock, actor=intake,
                           data=MeldingCreate.model_validate(melding_body()), settings=settings)
    _controleer("registreer", teller)
    for actie, velden in STAPPEN:
        teller.clear()
        vorige = m.versie
        m = pijplijn.voer_actie_uit(session=session, clock=clock, actor=intake, soort=MELDING_ZAAK, zaak_id=m.id,
                                    actie=actie, versie=m.versie, velden=velden(intake), settings=settings)
        _controleer(actie, teller)
        assert m.versie == vorige + 1  # one UPDATE: the version rises by exactly one
