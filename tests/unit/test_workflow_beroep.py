"""Beroep workflow (art. 7:6): exhaustive table, required fields, stateful test."""

from datetime import UTC, datetime, timedelta
from itertools import product

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from workflows.beroep import BEROEP
from workflows.engine import OngeldigeOvergang, OntbrekendVeld, alle_paren, toegestane_acties, vuur

T0 = datetime(2026, 4, 24, 10, 0, tzinfo=UTC)
DAG = timedelta(days=1)

STATUSSEN = ["termijn_loopt", "ingesteld", "uitspraak_gegrond", "uitspraak_ongegrond", "termijn_verstreken"]
ACTIES = ["stel_in", "doe_uitspraak", "laat_verstrijken", "registreer_schadeclaim"]
EINDSTATUSSEN = {"uitspraak_gegrond", "uitspraak_ongegrond"}  # a late appeal may still be registered

VERWACHT = {
    ("termijn_loopt", "stel_in"): "ingesteld",
    ("termijn_loopt", "laat_verstrijken"): "termijn_verstreken",
    ("termijn_verstreken", "stel_in"): "ingesteld",  # filed late, or registered after the sweep (issue 12.4)
    ("ingesteld", "doe_uitspraak"): "uitspraak_gegrond",  # with uitkomst "gegrond", see UITSPRAAK
    ("ingesteld", "registreer_schadeclaim"): "ingesteld",
    ("uitspraak_gegrond", "registreer_schadeclaim"): "uitspraak_gegrond",
    ("uitspraak_ongegrond", "registreer_schadeclaim"): "uitspraak_ongegrond",
}
UITSPRAAK = {"gegrond": "uitspraak_gegrond", "ongegrond": "uitspraak_ongegrond"}

GELDIG = {
    "stel_in": {"ingesteld_op": T0 + 5 * DAG},
    "doe_uitspraak": {"uitkomst": "gegrond", "uitspraak_op": T0 + 30 * DAG, "ingesteld_op": T0 + 5 * DAG},
    "laat_verstrijken": {"now": T0 + 22 * DAG, "termijn_eind": T0 + 21 * DAG},
    "registreer_schadeclaim": {"bedrag": 50_000, "uitkomst": "aanhangig"},
}
VERPLICHT = {
    "stel_in": ["ingesteld_op"],
    "doe_uitspraak": ["uitkomst", "uitspraak_op", "ingesteld_op"],
    "laat_verstrijken": ["now", "termijn_eind"],
    "registreer_schadeclaim": ["bedrag"],
}


def bron(actie):
    return next(s for (s, a) in VERWACHT if a == actie)


def fout(actie, context):
    with pytest.raises(OntbrekendVeld) as exc:
        vuur(BEROEP, bron(actie), actie, context)
    return exc.value


def test_paren_zijn_alle_combinaties():
    assert set(alle_paren(BEROEP)) == set(product(STATUSSEN, ACTIES))
    assert BEROEP.eindstatussen == EINDSTATUSSEN


@pytest.mark.parametrize(("status", "actie"), list(product(STATUSSEN, ACTIES)))
def test_elk_paar(status, actie):
    if (status, actie) in VERWACHT:
        assert vuur(BEROEP, status, actie, GELDIG[actie]) == VERWACHT[(status, actie)]
        return
    with pytest.raises(OngeldigeOvergang) as exc:
        vuur(BEROEP, status, actie, GELDIG[actie])
    assert exc.value.toegestaan == toegestane_acties(BEROEP, status)


@pytest.mark.parametrize("status", STATUSSEN)
def test_toegestane_acties_volgen_de_tabel(status):
    acties = toegestane_acties(BEROEP, status)
    assert len(acties) == len(set(acties))
    assert set(acties) == {a for (s, a) in VERWACHT if s == status}


def test_doe_uitspraak_staat_een_keer_in_de_lijst():
    assert toegestane_acties(BEROEP, "ingesteld") == ["doe_uitspraak", "registreer_schadeclaim"]


@pytest.mark.parametrize(("uitkomst", "doel"), sorted(UITSPRAAK.items()))
def test_uitkomst_kiest_de_bestemming(uitkomst, doel):
    assert (
        vuur(BEROEP, "ingesteld", "doe_uitspraak", {**GELDIG["doe_uitspraak"], "uitkomst": uitkomst}) == doel
    )


@pytest.mark.parametrize(("actie", "veld"), [(a, v) for a, velden in VERPLICHT.items() for v in velden])
def test_ontbrekend_verplicht_veld(actie, veld):
    assert fout(actie, {k: w for k, w in GELDIG[actie].items() if k != veld}).veld == veld


@pytest.mark.parametrize("actie", ACTIES)
def test_verplichte_velden_van_de_code_staan_in_de_lijst(actie):
    assert {v.naam for v in BEROEP.acties[actie].velden if v.verplicht} <= set(VERPLICHT[actie])


@pytest.mark.parametrize(
    ("actie", "wijziging", "veld"),
    [
        ("doe_uitspraak", {"uitkomst": "niet_ontvankelijk"}, "uitkomst"),
        ("doe_uitspraak", {"uitspraak_op": T0}, "uitspraak_op"),
        ("laat_verstrijken", {"now": T0 + 20 * DAG}, "termijn_eind"),
        ("registreer_schadeclaim", {"bedrag": -1}, "bedrag"),
        ("registreer_schadeclaim", {"bedrag": 12.5}, "bedrag"),
        ("registreer_schadeclaim", {"uitkomst": "gegrond"}, "uitkomst"),
    ],
)
def test_ongeldige_waarden(actie, wijziging, veld):
    assert fout(actie, {**GELDIG[actie], **wijziging}).veld == veld


def test_schadeclaim_zonder_uitkomst_en_nul_euro():
    assert vuur(BEROEP, "uitspraak_gegrond", "registreer_schadeclaim", {"bedrag": 0}) == "uitspraak_gegrond"


def test_termijn_verstrijkt_precies_op_het_einde():
    assert (
        vuur(BEROEP, "termijn_loopt", "laat_verstrijken", {"now": T0, "termijn_eind": T0})
        == "termijn_verstreken"
    )


def kies_actie(status):
    toegestaan = [a for (s, a) in VERWACHT if s == status]
    return st.sampled_from(ACTIES) | st.sampled_from(toegestaan) if toegestaan else st.sampled_from(ACTIES)


minuten = st.integers(0, 60 * 24 * 40).map(lambda m: timedelta(minutes=m))


class BeroepModel(RuleBasedStateMachine):
    """Plays the service; the appeal never touches the crisismaatregel, so only this status moves."""

    def __init__(self):
        super().__init__()
        self.status, self.ingesteld_op = "termijn_loopt", None

    def context(self, actie, data):
        if actie == "stel_in":
            return {"ingesteld_op": T0 + data.draw(minuten)}
        if actie == "doe_uitspraak":
            begin = self.ingesteld_op or T0
            return {
                "uitkomst": data.draw(st.sampled_from(sorted(UITSPRAAK))),
                "ingesteld_op": begin,
                "uitspraak_op": begin + data.draw(minuten),
            }
        if actie == "laat_verstrijken":
            return {"now": T0 + data.draw(minuten), "termijn_eind": T0 + 21 * DAG}
        return {
            "bedrag": data.draw(st.integers(0, 10**7)),
            "uitkomst": data.draw(
                st.sampled_from(["aanhangig", "toegekend", "deels_toegekend", "afgewezen"])
            ),
        }

    @rule(data=st.data())
    def vuur_een_actie(self, data):
        actie = data.draw(kies_actie(self.status))
        context = self.context(actie, data)
        doel = VERWACHT.get((self.status, actie))
        if doel is None:
            with pytest.raises(OngeldigeOvergang) as exc:
                vuur(BEROEP, self.status, actie, context)
            assert set(exc.value.toegestaan) == {a for (s, a) in VERWACHT if s == self.status}
            return
        if actie == "laat_verstrijken" and context["now"] < context["termijn_eind"]:
            with pytest.raises(OntbrekendVeld) as exc:
                vuur(BEROEP, self.status, actie, context)
            assert exc.value.veld == "termijn_eind"
            return
        self.status = vuur(BEROEP, self.status, actie, context)
        assert self.status == (UITSPRAAK[context["uitkomst"]] if actie == "doe_uitspraak" else doel)
        self.ingesteld_op = context.get("ingesteld_op", self.ingesteld_op)

    @invariant()
    def status_is_bekend(self):
        assert self.status in STATUSSEN
        # No edge leaves a final status; only the damages claim may still be registered.
        assert set(toegestane_acties(BEROEP, self.status)) <= (
            {"registreer_schadeclaim"} if self.status in EINDSTATUSSEN else set(ACTIES)
        )


BeroepModel.TestCase.settings = settings(max_examples=150, stateful_step_count=20, deadline=None)
TestBeroepModel = BeroepModel.TestCase
