"""Melding workflow: exhaustive (status, actie) table, required fields, rules, stateful test."""

from itertools import product

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from workflows.engine import OngeldigeOvergang, OntbrekendVeld, alle_paren, toegestane_acties, vuur
from workflows.melding import MELDING, REDEN_GEEN_NAASTE

STATUSSEN = (
    "ontvangen in_onderzoek aanvraag_ingediend geen_aanvraag doorgestuurd doorverwezen samengevoegd afgesloten"
).split()
ACTIES = (
    "start_onderzoek vraag_wijkteam_advies registreer_wijkteam_advies dien_aanvraag_in besluit_geen_aanvraag "
    "stuur_door verwijs_door voeg_samen registreer_ovj_besluit sluit_af"
).split()
REDEN_CODES = "vrijwillige_zorg geen_ernstig_nadeel geen_psychische_stoornis al_in_zorg overig".split()
VERWIJZINGEN = "crisisdienst meldpunt_niet_acuut veilig_thuis cjg wzd overig".split()
EINDSTATUSSEN = {"doorgestuurd", "doorverwezen", "samengevoegd", "afgesloten"}

# The reference table, written by hand: (status, actie) -> destination.
VERWACHT = {
    ("ontvangen", "start_onderzoek"): "in_onderzoek",
    ("ontvangen", "stuur_door"): "doorgestuurd",
    ("ontvangen", "verwijs_door"): "doorverwezen",
    ("ontvangen", "voeg_samen"): "samengevoegd",
    ("in_onderzoek", "vraag_wijkteam_advies"): "in_onderzoek",
    ("in_onderzoek", "registreer_wijkteam_advies"): "in_onderzoek",
    ("in_onderzoek", "dien_aanvraag_in"): "aanvraag_ingediend",
    ("in_onderzoek", "besluit_geen_aanvraag"): "geen_aanvraag",
    ("in_onderzoek", "stuur_door"): "doorgestuurd",
    ("in_onderzoek", "verwijs_door"): "doorverwezen",
    ("in_onderzoek", "voeg_samen"): "samengevoegd",
    ("aanvraag_ingediend", "registreer_ovj_besluit"): "aanvraag_ingediend",
    ("aanvraag_ingediend", "sluit_af"): "afgesloten",
    ("geen_aanvraag", "sluit_af"): "afgesloten",
}

GELDIG = {
    "start_onderzoek": {"behandelaar_id": 7},
    "vraag_wijkteam_advies": {"wijkteam_contact": "Wijkteam Escamp, J. de Vries"},
    "registreer_wijkteam_advies": {"advies": "Vrijwillige hulp via FACT", "wijkteam_advies_open": True},
    "dien_aanvraag_in": {"medische_expertise": "SPV meldpunt", "gesprek_met_betrokkene": True},
    "besluit_geen_aanvraag": {
        "reden_code": "vrijwillige_zorg",
        "reden": "Zorg vrijwillig geaccepteerd",
        "medische_expertise": "SPV meldpunt",
        "gesprek_met_betrokkene": True,
    },
    "stuur_door": {"gemeente": "Rijswijk", "eigen_gemeente": "Den Haag"},
    "verwijs_door": {"verwezen_naar": "veilig_thuis", "reden": "Huiselijk geweld"},
    "voeg_samen": {"samenvoegen_met": 42, "kandidaten_samenvoegen": [41, 42]},
    "registreer_ovj_besluit": {"ovj_besluit": "verzoekschrift"},
    "sluit_af": {"melder_is_naaste": True, "melder_geinformeerd": True},
}

VERPLICHT = {
    "start_onderzoek": ["behandelaar_id"],
    "vraag_wijkteam_advies": ["wijkteam_contact"],
    "registreer_wijkteam_advies": ["advies"],
    "dien_aanvraag_in": ["medische_expertise", "gesprek_met_betrokkene"],
    "besluit_geen_aanvraag": ["reden_code", "reden", "medische_expertise", "gesprek_met_betrokkene"],
    "stuur_door": ["gemeente", "eigen_gemeente"],
    "verwijs_door": ["verwezen_naar", "reden"],
    "voeg_samen": ["samenvoegen_met"],
    "registreer_ovj_besluit": ["ovj_besluit"],
    "sluit_af": ["melder_is_naaste", "melder_geinformeerd"],
}


def bron(actie):
    return next(s for (s, a) in VERWACHT if a == actie)


def fout(status, actie, context):
    with pytest.raises(OntbrekendVeld) as exc:
        vuur(MELDING, status, actie, context)
    return exc.value


def test_paren_zijn_alle_combinaties():
    assert set(alle_paren(MELDING)) == set(product(STATUSSEN, ACTIES))
    assert MELDING.eindstatussen == EINDSTATUSSEN
    assert MELDING.begin == "ontvangen"


@pytest.mark.parametrize(("status", "actie"), list(product(STATUSSEN, ACTIES)))
def test_elk_paar(status, actie):
    if (status, actie) in VERWACHT:
        assert vuur(MELDING, status, actie, GELDIG[actie]) == VERWACHT[(status, actie)]
        return
    with pytest.raises(OngeldigeOvergang) as exc:
        vuur(MELDING, status, actie, GELDIG[actie])
    assert exc.value.toegestaan == toegestane_acties(MELDING, status)
    assert actie not in exc.value.toegestaan


@pytest.mark.parametrize("status", STATUSSEN)
def test_toegestane_acties_volgen_de_tabel(status):
    acties = toegestane_acties(MELDING, status)
    assert len(acties) == len(set(acties))
    assert set(acties) == {a for (s, a) in VERWACHT if s == status}
    assert (acties == []) == (status in EINDSTATUSSEN)


def test_volgorde_is_tabelvolgorde():
    assert toegestane_acties(MELDING, "ontvangen") == [
        "start_onderzoek",
        "stuur_door",
        "verwijs_door",
        "voeg_samen",
    ]


@pytest.mark.parametrize(("actie", "veld"), [(a, v) for a, velden in VERPLICHT.items() for v in velden])
def test_ontbrekend_verplicht_veld(actie, veld):
    context = {k: w for k, w in GELDIG[actie].items() if k != veld}
    assert fout(bron(actie), actie, context).veld == veld


@pytest.mark.parametrize("actie", ACTIES)
def test_verplichte_velden_van_de_code_staan_in_de_lijst(actie):
    assert {v.naam for v in MELDING.acties[actie].velden if v.verplicht} <= set(VERPLICHT[actie])


def test_geen_tweede_adviesvraag():
    context = {**GELDIG["vraag_wijkteam_advies"], "wijkteam_advies_open": True}
    f = fout("in_onderzoek", "vraag_wijkteam_advies", context)
    assert (f.veld, f.melding) == ("wijkteam_contact", "Er loopt al een adviesvraag aan het wijkteam")


def test_advies_zonder_adviesvraag():
    f = fout("in_onderzoek", "registreer_wijkteam_advies", {"advies": "x"})
    assert (f.veld, f.melding) == ("advies", "Er is geen adviesvraag uitgezet")


@pytest.mark.parametrize("actie", ["dien_aanvraag_in", "besluit_geen_aanvraag"])
def test_gesprek_of_reden(actie):
    zonder = {k: w for k, w in GELDIG[actie].items() if k != "gesprek_met_betrokkene"}
    assert (
        fout("in_onderzoek", actie, {**zonder, "gesprek_met_betrokkene": False}).veld == "reden_geen_gesprek"
    )
    assert vuur(MELDING, "in_onderzoek", actie, {**zonder, "reden_geen_gesprek": "Weigert contact"})
    assert (
        fout("in_onderzoek", actie, {**GELDIG[actie], "medische_expertise": "  "}).veld
        == "medische_expertise"
    )


def test_niet_doorsturen_naar_eigen_gemeente():
    assert (
        fout("ontvangen", "stuur_door", {"gemeente": " den HAAG ", "eigen_gemeente": "Den Haag"}).veld
        == "gemeente"
    )


def test_samenvoegen_alleen_met_kandidaat():
    assert fout("ontvangen", "voeg_samen", {"samenvoegen_met": 9, "kandidaten_samenvoegen": [41]}).veld == (
        "samenvoegen_met"
    )
    assert fout("ontvangen", "voeg_samen", {"samenvoegen_met": 9}).veld == "samenvoegen_met"


@pytest.mark.parametrize(
    ("context", "veld"),
    [
        ({"behandelaar_id": True}, "behandelaar_id"),
        ({"behandelaar_id": "7"}, "behandelaar_id"),
        ({"behandelaar_id": 0}, "behandelaar_id"),
    ],
)
def test_ongeldige_behandelaar(context, veld):
    assert fout("ontvangen", "start_onderzoek", context).veld == veld


@pytest.mark.parametrize(
    ("actie", "veld"),
    [
        ("verwijs_door", "verwezen_naar"),
        ("besluit_geen_aanvraag", "reden_code"),
        ("registreer_ovj_besluit", "ovj_besluit"),
    ],
)
def test_onbekende_keuze(actie, veld):
    assert fout(bron(actie), actie, {**GELDIG[actie], veld: "iets_anders"}).veld == veld


def test_sluit_af_melder_geen_naaste():
    # Art. 5:2: a melder who is no naaste may not hear the outcome; the reason then defaults.
    assert vuur(MELDING, "geen_aanvraag", "sluit_af", {"melder_is_naaste": False}) == "afgesloten"
    f = fout("geen_aanvraag", "sluit_af", {"melder_is_naaste": False, "melder_geinformeerd": True})
    assert f.veld == "melder_geinformeerd"
    assert "art. 5:2" in REDEN_GEEN_NAASTE


def test_sluit_af_naaste():
    assert vuur(
        MELDING,
        "aanvraag_ingediend",
        "sluit_af",
        {"melder_is_naaste": True, "reden_niet_geinformeerd": "Onbereikbaar"},
    )
    f = fout("aanvraag_ingediend", "sluit_af", {"melder_is_naaste": True, "melder_geinformeerd": False})
    assert f.veld == "reden_niet_geinformeerd"


def kies_actie(status):
    """Any action, but mostly an allowed one that does not end the case, to get deep into the flow."""
    toegestaan = [a for (s, a) in VERWACHT if s == status]
    verder = [a for (s, a), doel in VERWACHT.items() if s == status and doel not in EINDSTATUSSEN]
    kansen = [st.sampled_from(ACTIES)] + [st.sampled_from(toegestaan)] * bool(toegestaan)
    return st.one_of(*kansen, *[st.sampled_from(verder)] * (2 * bool(verder)))


tekst = st.text(alphabet="abcdefghij ëé-", min_size=1, max_size=20).filter(str.strip)


def samen(*delen):
    return st.tuples(*delen).map(lambda ds: {k: v for d in ds for k, v in d.items()})


gesprek = st.one_of(
    st.just({"gesprek_met_betrokkene": True}),
    st.fixed_dictionaries({"gesprek_met_betrokkene": st.just(False), "reden_geen_gesprek": tekst}),
    st.fixed_dictionaries({"reden_geen_gesprek": tekst}),
)
CONTEXTEN = {
    "start_onderzoek": st.fixed_dictionaries({"behandelaar_id": st.integers(1, 10**6)}),
    "vraag_wijkteam_advies": st.fixed_dictionaries({"wijkteam_contact": tekst}),
    "registreer_wijkteam_advies": st.fixed_dictionaries({"advies": tekst}),
    "dien_aanvraag_in": samen(st.fixed_dictionaries({"medische_expertise": tekst}), gesprek),
    "besluit_geen_aanvraag": samen(
        st.fixed_dictionaries(
            {
                "reden_code": st.sampled_from(REDEN_CODES),
                "reden": tekst,
                "medische_expertise": tekst,
            }
        ),
        gesprek,
    ),
    "stuur_door": st.fixed_dictionaries({"gemeente": st.sampled_from(["Rijswijk", "Wassenaar", "Delft"])}),
    "verwijs_door": st.fixed_dictionaries(
        {
            "verwezen_naar": st.sampled_from(VERWIJZINGEN),
            "reden": tekst,
        }
    ),
    "voeg_samen": st.fixed_dictionaries({"samenvoegen_met": st.sampled_from([41, 42])}),
    "registreer_ovj_besluit": st.fixed_dictionaries(
        {"ovj_besluit": st.sampled_from(["verzoekschrift", "geen_verzoekschrift"])}
    ),
    "sluit_af": st.fixed_dictionaries({"melder_geinformeerd": st.just(True)}),
}


class MeldingModel(RuleBasedStateMachine):
    """Plays the service: keeps status and case data, checks every answer against VERWACHT."""

    def __init__(self):
        super().__init__()
        self.status = "ontvangen"
        self.advies_open = False

    def zaak(self):
        return {
            "wijkteam_advies_open": self.advies_open,
            "eigen_gemeente": "Den Haag",
            "kandidaten_samenvoegen": [41, 42],
            "melder_is_naaste": True,
        }

    @rule(data=st.data())
    def vuur_een_actie(self, data):
        actie = data.draw(kies_actie(self.status))
        context = {**self.zaak(), **data.draw(CONTEXTEN[actie])}
        doel = VERWACHT.get((self.status, actie))
        if doel is None:
            with pytest.raises(OngeldigeOvergang) as exc:
                vuur(MELDING, self.status, actie, context)
            assert set(exc.value.toegestaan) == {a for (s, a) in VERWACHT if s == self.status}
            return
        weigert = {
            "vraag_wijkteam_advies": self.advies_open,
            "registreer_wijkteam_advies": not self.advies_open,
        }
        if weigert.get(actie):
            with pytest.raises(OntbrekendVeld):
                vuur(MELDING, self.status, actie, context)
            return
        self.status = vuur(MELDING, self.status, actie, context)
        assert self.status == doel
        if actie in weigert:
            self.advies_open = actie == "vraag_wijkteam_advies"

    @rule(data=st.data())
    def vuur_zonder_verplicht_veld(self, data):
        acties = [a for (s, a) in VERWACHT if s == self.status]
        if not acties:
            return
        actie = data.draw(st.sampled_from(acties))
        veld = data.draw(st.sampled_from(VERPLICHT[actie]))
        context = {
            **self.zaak(),
            **GELDIG[actie],
            "wijkteam_advies_open": actie == "registreer_wijkteam_advies",
        }
        del context[veld]
        with pytest.raises(OntbrekendVeld) as exc:
            vuur(MELDING, self.status, actie, context)
        assert exc.value.veld == veld

    @invariant()
    def status_is_bekend(self):
        assert self.status in STATUSSEN
        assert (toegestane_acties(MELDING, self.status) == []) == (self.status in EINDSTATUSSEN)


MeldingModel.TestCase.settings = settings(max_examples=150, stateful_step_count=30, deadline=None)
TestMeldingModel = MeldingModel.TestCase
