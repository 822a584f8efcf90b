"""SQL statements for a crisismaatregel decision, a triage step and one swept rung, counted with SQLAlchemy
events; each budget is the work the action must do, plus the audit hash chain's two statements per transaction
(read the gemeente's heads, write the moved heads; as in test_statements_per_actie.py)."""

from __future__ import annotations

from datetime import datetime

from tests.factories.crisismaatregel_service import voorbereid
from tests.factories.sweep import registreer
from tests.factories.triage import SCREENING, aankomst
from wvggz.clock import TZ
from wvggz.crisismaatregelen.soort import CRISISMAATREGEL_ZAAK
from wvggz.escalaties.sweep import sweep
from wvggz.triage import service as triage_service
from wvggz.triage.schemas import TriageCreate
from wvggz.triage.soort import TRIAGE_ZAAK
from wvggz.zaken import pijplijn


def _werk(regels: list[str], maximaal: int) -> list[str]:
    keten = [r.split()[0] for r in regels if "audit_keten" in r]
    werk = [r for r in regels if "audit_keten" not in r]
    assert len(werk) <= maximaal, (len(werk), werk)
    assert keten == ["SELECT", "UPDATE"], keten
    return werk


def test_besluit_crisismaatregel_binnen_budget(session, clock, gebruikers, settings, teller):
    cm = voorbereid(session, clock, gebruikers, settings)
    teller.clear()
    vorige = cm.versie
    cm = pijplijn.voer_actie_uit(
        session=session, clock=clock, actor=gebruikers["bm"][0], soort=CRISISMAATREGEL_ZAAK, zaak_id=cm.id,
        actie="neem_maatregel", versie=cm.versie, settings=settings,
        velden={"zorgvormen": ["opname", "medicatie"], "besloten_op": clock.now().isoformat(),
                "motivering_minder_ingrijpend": "Vrijwillige opname geweigerd; ambulant onvoldoende.",
                "bekendmaking_op": clock.now().isoformat()})
    werk = _werk(teller, BUDGET_CM)
    assert sum(r.startswith("UPDATE crisismaatregel") for r in werk) == 1, werk
    assert sum(r.startswith(("INSERT INTO taak", "INSERT INTO bericht")) for r in werk) == 2, werk
    assert cm.versie == vorige + 1


def test_triagestap_binnen_budget(session, clock, gebruikers, settings, teller):
    ovp = gebruikers["ovp"][0]
    t = triage_service.registreer(session=session, clock=clock, actor=ovp,
                                  data=TriageCreate.model_validate(aankomst()), settings=settings)
    clock.advance(minutes=20)
    teller.clear()
    t = pijplijn.voer_actie_uit(session=session, clock=clock, actor=ovp, soort=TRIAGE_ZAAK, zaak_id=t.id,
                                actie="registreer_somatische_screening", versie=t.versie, velden=dict(SCREENING),
                                settings=settings)
    werk = _werk(teller, BUDGET_TRIAGE)
    assert sum(r.startswith("UPDATE triage") for r in werk) == 1, werk


def test_een_gesweepte_trede_binnen_budget(factory, clock, gebruikers, settings, teller):
    """One due rung (herinnering to the behandelaar): claim, the batch's cases and fired rungs, the rung's
    row, its message, its history row, the pointer; no UPDATE of a row the sweep has just inserted."""
    registreer(factory, clock, gebruikers, settings)
    clock.set(datetime(2026, 4, 20, 8, 1, tzinfo=TZ))
    teller.clear()
    [gevuurd] = sweep(session_factory=factory, clock=clock, settings=settings)
    assert gevuurd["trede"] == "herinnering"
    werk = _werk(teller, BUDGET_TREDE)
    assert not [r for r in werk if r.startswith(("UPDATE escalatie", "UPDATE bericht")) or "SAVEPOINT" in r], werk


# BEGIN, version check, the open terms (read once per transaction), 4 new terms, the 8 duty tasks (one INSERT),
# the beroep, the back office (read once), its 8 outbox rows (one INSERT), 2 history rows, 1 access row, ONE
# UPDATE of the measure (was 58 with 3 UPDATEs, then 33 + up to 6 for the chain, then 29)
BUDGET_CM = 15
BUDGET_TRIAGE = 5  # BEGIN, version check, history, access, one UPDATE of the triage
# BEGIN, claim, case, fired rungs, recipient, escalatie, bericht, historie, pointer (was 11 with a SAVEPOINT
# and RELEASE per term; a whole batch costs the same: tests/integration/test_sweep_in_bulk.py)
BUDGET_TREDE = 9
