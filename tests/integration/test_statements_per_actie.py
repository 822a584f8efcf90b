"""SQL statements per action, counted with SQLAlchemy events: each budget is the work the action must do.

A decision needs: BEGIN, the version check of the case (locked), its open terms, its history row, its
access-log row, ONE UPDATE of the case (`versie` +1) and the UPDATE of the term it closes. The hash chain of
the log tables (wvggz/audit/keten.py, ADR 0017) costs two statements per transaction, whatever it appends:
one read of both heads of the gemeente, one write of the heads it moved (before the commit). Budgets count
everything, the chain included; the first append of a gemeente ever also creates its heads."""

from __future__ import annotations

from tests.factories import melding_body
from wvggz.meldingen import service
from wvggz.meldingen.schemas import MeldingCreate
from wvggz.meldingen.soort import MELDING_ZAAK
from wvggz.zaken import pijplijn

KETEN = 2  # read both heads of the gemeente, write the moved heads
BUDGET = {  # action: (at most statements with the chain, of which UPDATE melding)
    "registreer": (8 + KETEN, 0),  # BEGIN, 2 persons, melding, term, history, access (2 rows, one INSERT), receipt
    "start_onderzoek": (5 + KETEN, 1),  # BEGIN, version check, history, access, UPDATE (the actor takes it:
    # its row was read for the request; another behandelaar costs one read more, see below)
    "vraag_wijkteam_advies": (7 + KETEN, 1),  # + open-question check, new term
    "registreer_wijkteam_advies": (7 + KETEN, 1),  # + the open terms (read once: check and close), term UPDATE
    "besluit_geen_aanvraag": (9 + KETEN, 1),  # BEGIN, version check, open terms, history, access, 2 UPDATEs,
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
    keten = [r.split()[0] for r in regels if "audit_keten" in r]
    assert len(regels) <= maximaal, (naam, len(regels), regels)
    assert keten == ["SELECT", "UPDATE"], (naam, keten)
    assert sum(r.startswith("UPDATE melding") for r in regels) == updates, (naam, regels)
    assert sum(r.startswith(("INSERT INTO historie", "INSERT INTO toegang")) for r in regels) == 2, (naam, regels)


def _registreer(session, clock, intake, settings):  # noqa: ANN001, ANN202
    return service.registreer(session=session, clock=clock, actor=intake,
                              data=MeldingCreate.model_validate(melding_body()), settings=settings)


def test_statements_per_actie_binnen_budget(session, clock, gebruikers, settings, teller):
    intake = gebruikers["intake"][0]
    _registreer(session, clock, intake, settings)  # the gemeente's first log rows ever: the heads are created
    eerste = [r.split()[0] for r in teller if "audit_keten" in r]
    assert eerste == ["SELECT", "INSERT", "SELECT", "UPDATE"], eerste
    teller.clear()
    m = _registreer(session, clock, intake, settings)
    _controleer("registreer", teller)
    for actie, velden in STAPPEN:
        teller.clear()
        vorige = m.versie
        m = pijplijn.voer_actie_uit(session=session, clock=clock, actor=intake, soort=MELDING_ZAAK, zaak_id=m.id,
                                    actie=actie, versie=m.versie, velden=velden(intake), settings=settings)
        _controleer(actie, teller)
        assert m.versie == vorige + 1  # one UPDATE: the version rises by exactly one


def test_verse_sessie_zelfde_budget(factory, clock, gebruikers, settings, teller):
    """A request's own session (the case not yet loaded): the full row is read, locked, nothing more."""
    intake = gebruikers["intake"][0]
    with factory() as s:
        m = _registreer(s, clock, intake, settings)
    for actie, velden in STAPPEN:
        teller.clear()
        with factory() as s:
            m = pijplijn.voer_actie_uit(session=s, clock=clock, actor=intake, soort=MELDING_ZAAK, zaak_id=m.id,
                                        actie=actie, versie=m.versie, velden=velden(intake), settings=settings)
        _controleer(actie, teller)


def test_andere_behandelaar_een_lezing_meer(session, clock, gebruikers, settings, teller):
    """Assigning someone else reads three columns of that user (active, role, gemeente): one statement more."""
    intake, projectleider = gebruikers["intake"][0], gebruikers["pl"][0]
    m = _registreer(session, clock, intake, settings)
    teller.clear()
    m = pijplijn.voer_actie_uit(session=session, clock=clock, actor=projectleider, soort=MELDING_ZAAK, zaak_id=m.id,
                                actie="start_onderzoek", versie=m.versie, velden={"behandelaar_id": intake.id},
                                settings=settings)
    assert m.behandelaar_id == intake.id
    assert len(teller) <= BUDGET["start_onderzoek"][0] + 1, teller  # PostgreSQL sends no BEGIN
    assert sum("FROM gebruiker" in r for r in teller) == 1, teller
