"""OVP triage workflow: exhaustive table, outcome codes, required fields, stateful test."""

from datetime import UTC, datetime, timedelta
from itertools import product

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from workflows.engine import OngeldigeOvergang, OntbrekendVeld, alle_paren, toegestane_acties, vuur
from workflows.triage import CM_UITKOMSTEN, TRIAGE, UITKOMSTEN, ZIJSTAPPEN

T0 = datetime(2026, 5, 5, 23, 30, tzinfo=UTC)
MIN = timedelta(minutes=1)

STATUSSEN = [
    "binnengebracht",
    "somatische_screening",
    "psychiatrische_screening",
    "uitkomst_vastgelegd",
    "vertrokken",
]
ACTIES = [
    "registreer_somatische_screening",
    "registreer_psychiatrische_screening",
    "leg_uitkomst_vast",
    "vertrek",
    "koppel_persoon",
    "wijzig_aankomst",
    "maak_melding",
    "start_crisismaatregel",
]
VROEG = {"binnengebracht", "somatische_screening"}  # an outcome here needs reden_zonder_screening

VERWACHT = {
    ("binnengebracht", "registreer_somatische_screening"): "somatische_screening",
    ("binnengebracht", "leg_uitkomst_vast"): "uitkomst_vastgelegd",
    ("somatische_screening", "registreer_psychiatrische_screening"): "psychiatrische_screening",
    ("somatische_screening", "leg_uitkomst_vast"): "uitkomst_vastgelegd",
    ("psychiatrische_screening", "leg_uitkomst_vast"): "uitkomst_vastgelegd",
    ("uitkomst_vastgelegd", "vertrek"): "vertrokken",
    # Side actions never change the status; stored facts decide them (see ZIJ below).
    **{(s, "koppel_persoon"): s for s in STATUSSEN},
    **{(s, "wijzig_aankomst"): s for s in STATUSSEN if s != "vertrokken"},
    ("uitkomst_vastgelegd", "maak_melding"): "uitkomst_vastgelegd",
    ("vertrokken", "maak_melding"): "vertrokken",
    ("uitkomst_vastgelegd", "start_crisismaatregel"): "uitkomst_vastgelegd",
}
# The stored facts under which every side action is allowed.
ZIJ = {"persoon_gekoppeld": False, "melding_gemaakt": False, "vastgelegde_uitkomst": "crisismaatregel",
       "crisismaatregel_gestart": False}
CODES = (
    "naar_huis_zonder_vervolg naar_huis_met_vervolg vrijwillige_opname_ggz beoordeling_crisisdienst verslavingszorg "
    "somatisch_ziekenhuis maatschappelijke_opvang wzd_route tvz_voor_crisismaatregel crisismaatregel politiecel "
    "zorg_geweigerd_vrijgelaten onttrokken overig"
).split()
EXTRA = {  # what some outcome codes need on top of the code itself
    "naar_huis_met_vervolg": {"vervolg": "wijkteam"},
    "politiecel": {"verdacht_van_strafbaar_feit": True},
    "overig": {"toelichting": "Opgehaald door familie"},
}
SCREENING = {"door": "SPV OVP", "bevindingen": "Alcohol, geen letsel", "vlaggen": ["intoxicatie"]}
GELDIG = {
    "registreer_somatische_screening": SCREENING,
    "registreer_psychiatrische_screening": SCREENING,
    "leg_uitkomst_vast": {"uitkomst": "vrijwillige_opname_ggz"},
    "vertrek": {"vertrokken_op": T0 + 90 * MIN, "aangekomen_op": T0},
    **{a: ZIJ for a in ZIJSTAPPEN},
}
VERPLICHT = {
    "registreer_somatische_screening": ["door", "bevindingen"],
    "registreer_psychiatrische_screening": ["door", "bevindingen"],
    "leg_uitkomst_vast": ["uitkomst"],
    "vertrek": ["vertrokken_op", "aangekomen_op"],
    **{a: [] for a in ZIJSTAPPEN},
}


def geldig(status, actie):
    extra = {"reden_zonder_screening": "Onttrokken"} if status in VROEG else {}
    return {**GELDIG[actie], **extra}


def fout(status, actie, context):
    with pytest.raises(OntbrekendVeld) as exc:
        vuur(TRIAGE, status, actie, context)
    return exc.value


@pytest.mark.parametrize(("actie", "feit", "waarde"), [
    ("koppel_persoon", "persoon_gekoppeld", True), ("maak_melding", "melding_gemaakt", True),
    ("start_crisismaatregel", "crisismaatregel_gestart", True),
    ("start_crisismaatregel", "vastgelegde_uitkomst", "vrijwillige_opname_ggz"),
])
def test_zijstap_geblokkeerd_door_opgeslagen_feit(actie, feit, waarde):
    """A side action blocked by a stored fact is a conflict with the case's state: 409, not 422."""
    with pytest.raises(OngeldigeOvergang) as exc:
        vuur(TRIAGE, "uitkomst_vastgelegd", actie, {**ZIJ, feit: waarde})
    assert exc.value.reden and actie not in exc.value.toegestaan


def test_paren_zijn_alle_combinaties():
    assert set(alle_paren(TRIAGE)) == set(product(STATUSSEN, ACTIES))
    assert TRIAGE.eindstatussen == {"vertrokken"}


def test_uitkomstenlijst():
    assert list(UITKOMSTEN) == CODES
    assert all(label.strip() for label in UITKOMSTEN.values())
    assert TRIAGE.acties["leg_uitkomst_vast"].velden[0].keuzes == tuple(CODES)


@pytest.mark.parametrize(("status", "actie"), list(product(STATUSSEN, ACTIES)))
def test_elk_paar(status, actie):
    if (status, actie) in VERWACHT:
        assert vuur(TRIAGE, status, actie, geldig(status, actie)) == VERWACHT[(status, actie)]
        return
    with pytest.raises(OngeldigeOvergang) as exc:
        vuur(TRIAGE, status, actie, geldig(status, actie))
    assert exc.value.toegestaan == toegestane_acties(TRIAGE, status)


@pytest.mark.parametrize("status", STATUSSEN)
def test_toegestane_acties_volgen_de_tabel(status):
    acties = toegestane_acties(TRIAGE, status)
    assert len(acties) == len(set(acties))
    assert set(acties) == {a for (s, a) in VERWACHT if s == status}


@pytest.mark.parametrize(
    ("status", "actie", "veld"), [(s, a, v) for (s, a) in VERWACHT for v in VERPLICHT[a]]
)
def test_ontbrekend_verplicht_veld(status, actie, veld):
    context = {k: w for k, w in geldig(status, actie).items() if k != veld}
    assert fout(status, actie, context).veld == veld


@pytest.mark.parametrize("status", sorted(VROEG))
def test_uitkomst_zonder_screening_vraagt_een_reden(status):
    f = fout(status, "leg_uitkomst_vast", {"uitkomst": "onttrokken", "reden_zonder_screening": " "})
    assert f.veld == "reden_zonder_screening"


@pytest.mark.parametrize("code", CODES)
def test_elke_uitkomst(code):
    context = {"uitkomst": code, **EXTRA.get(code, {})}
    assert vuur(TRIAGE, "psychiatrische_screening", "leg_uitkomst_vast", context) == "uitkomst_vastgelegd"


@pytest.mark.parametrize(("code", "veld"), [("naar_huis_met_vervolg", "vervolg"), ("overig", "toelichting")])
def test_uitkomst_zonder_aanvulling(code, veld):
    assert fout("psychiatrische_screening", "leg_uitkomst_vast", {"uitkomst": code}).veld == veld


@pytest.mark.parametrize("verdacht", [None, False])
def test_politiecel_alleen_bij_verdenking(verdacht):
    context = {"uitkomst": "politiecel", "verdacht_van_strafbaar_feit": verdacht}
    assert fout("psychiatrische_screening", "leg_uitkomst_vast", context).veld == "uitkomst"


@pytest.mark.parametrize(
    ("actie", "wijziging", "veld"),
    [
        ("registreer_somatische_screening", {"vlaggen": ["intoxicatie", "vrolijk"]}, "vlaggen"),
        ("leg_uitkomst_vast", {"uitkomst": "HOME_NO_FOLLOWUP"}, "uitkomst"),
        ("leg_uitkomst_vast", {"uitkomst": "naar_huis_met_vervolg", "vervolg": "buurman"}, "vervolg"),
        ("vertrek", {"vertrokken_op": T0 - MIN}, "vertrokken_op"),
    ],
)
def test_ongeldige_waarden(actie, wijziging, veld):
    status = next(s for (s, a) in VERWACHT if a == actie)
    assert fout(status, actie, {**geldig(status, actie), **wijziging}).veld == veld


def kies_actie(status):
    toegestaan = [a for (s, a) in VERWACHT if s == status]
    return st.sampled_from(ACTIES) | st.sampled_from(toegestaan) if toegestaan else st.sampled_from(ACTIES)


tekst = st.text(alphabet="abcdefghij ëé-", min_size=1, max_size=20).filter(str.strip)


class TriageModel(RuleBasedStateMachine):
    """Plays the OVP desk: random outcomes, sometimes without screening, suspect or not."""

    def __init__(self):
        super().__init__()
        self.status = "binnengebracht"

    def context(self, actie, data):
        if actie in ZIJSTAPPEN:
            return {"persoon_gekoppeld": data.draw(st.booleans()), "melding_gemaakt": data.draw(st.booleans()),
                    "vastgelegde_uitkomst": data.draw(st.sampled_from(CODES)),
                    "crisismaatregel_gestart": data.draw(st.booleans())}
        if actie.startswith("registreer_"):
            return {
                "door": data.draw(tekst),
                "bevindingen": data.draw(tekst),
                "vlaggen": data.draw(st.lists(st.sampled_from(["intoxicatie", "letsel", "agressie"]))),
            }
        if actie == "vertrek":
            return {"aangekomen_op": T0, "vertrokken_op": T0 + MIN * data.draw(st.integers(0, 600))}
        code = data.draw(st.sampled_from(CODES))
        return {
            "uitkomst": code,
            **EXTRA.get(code, {}),
            "verdacht_van_strafbaar_feit": data.draw(st.booleans()),
            "reden_zonder_screening": data.draw(st.one_of(st.none(), tekst)),
        }

    @staticmethod
    def geblokkeerd(actie, c):
        """Expected refusal of a side action by the triage's stored facts."""
        return {"koppel_persoon": c.get("persoon_gekoppeld"), "maak_melding": c.get("melding_gemaakt"),
                "start_crisismaatregel": c.get("crisismaatregel_gestart")
                or c.get("vastgelegde_uitkomst") not in CM_UITKOMSTEN}.get(actie, False)

    def weigert(self, actie, context):
        """Expected refusal: field rules are checked before the table's conditions."""
        if actie != "leg_uitkomst_vast":
            return None
        if context["uitkomst"] == "politiecel" and not context["verdacht_van_strafbaar_feit"]:
            return "uitkomst"
        if self.status in VROEG and not context["reden_zonder_screening"]:
            return "reden_zonder_screening"
        return None

    @rule(data=st.data())
    def vuur_een_actie(self, data):
        actie = data.draw(kies_actie(self.status))
        context = self.context(actie, data)
        doel = VERWACHT.get((self.status, actie))
        if doel is None:
            with pytest.raises(OngeldigeOvergang) as exc:
                vuur(TRIAGE, self.status, actie, context)
            assert set(exc.value.toegestaan) <= {a for (s, a) in VERWACHT if s == self.status}
            return
        if self.geblokkeerd(actie, context):
            with pytest.raises(OngeldigeOvergang):
                vuur(TRIAGE, self.status, actie, context)
            return
        veld = self.weigert(actie, context)
        if veld:
            assert fout(self.status, actie, context).veld == veld
            return
        self.status = vuur(TRIAGE, self.status, actie, context)
        assert self.status == doel

    @invariant()
    def status_is_bekend(self):
        assert self.status in STATUSSEN
        stappen = [a for a in toegestane_acties(TRIAGE, self.status) if a not in ZIJSTAPPEN]
        assert (stappen == []) == (self.status == "vertrokken")


TriageModel.TestCase.settings = settings(max_examples=150, stateful_step_count=20, deadline=None)
TestTriageModel = TriageModel.TestCase
