"""Crisismaatregel workflow: exhaustive table, required fields, legal rules, stateful test."""

from datetime import UTC, datetime, timedelta
from itertools import product
from zoneinfo import ZoneInfo

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from workflows.crisismaatregel import CRISISMAATREGEL, ZORGVORMEN
from workflows.engine import OngeldigeOvergang, OntbrekendVeld, alle_paren, toegestane_acties, vuur

CM = CRISISMAATREGEL
T0 = datetime(2026, 4, 23, 22, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))  # a Thursday evening
UUR, DAG = timedelta(hours=1), timedelta(days=1)

STATUSSEN = (
    "aangevraagd beoordeling genomen afgewezen voortzetting_verzocht voortgezet zm_verzocht vervallen beeindigd"
).split()
ACTIES = (
    "start_tvz registreer_psychiatrisch_onderzoek registreer_medische_verklaring registreer_horen neem_maatregel "
    "wijs_af registreer_voortzettingsverzoek verleen_voortzetting weiger_voortzetting registreer_zm_verzoek "
    "laat_vervallen beeindig"
).split()
EINDSTATUSSEN = {"afgewezen", "vervallen", "beeindigd"}

VERWACHT = {
    ("aangevraagd", "start_tvz"): "aangevraagd",
    ("aangevraagd", "registreer_psychiatrisch_onderzoek"): "aangevraagd",
    ("aangevraagd", "registreer_medische_verklaring"): "beoordeling",
    ("aangevraagd", "wijs_af"): "afgewezen",
    ("beoordeling", "start_tvz"): "beoordeling",
    ("beoordeling", "registreer_psychiatrisch_onderzoek"): "beoordeling",
    ("beoordeling", "registreer_horen"): "beoordeling",
    ("beoordeling", "neem_maatregel"): "genomen",
    ("beoordeling", "wijs_af"): "afgewezen",
    ("genomen", "registreer_voortzettingsverzoek"): "voortzetting_verzocht",
    ("genomen", "laat_vervallen"): "vervallen",
    ("genomen", "beeindig"): "beeindigd",
    ("voortzetting_verzocht", "verleen_voortzetting"): "voortgezet",
    ("voortzetting_verzocht", "weiger_voortzetting"): "beeindigd",
    ("voortzetting_verzocht", "beeindig"): "beeindigd",
    ("voortzetting_verzocht", "laat_vervallen"): "vervallen",  # art. 7:8: the court missed its 3 days
    ("voortgezet", "registreer_zm_verzoek"): "zm_verzocht",
    ("voortgezet", "laat_vervallen"): "vervallen",
    ("voortgezet", "beeindig"): "beeindigd",
    ("zm_verzocht", "laat_vervallen"): "vervallen",
    ("zm_verzocht", "beeindig"): "beeindigd",
}

MAATREGEL = {
    "zorgvormen": ["opname", "medicatie"],
    "motivering_minder_ingrijpend": "Vrijwillige opname geweigerd; ambulante zorg onvoldoende",
    "gemeente_verblijf": "Den Haag",
    "besluit_door_rol": "burgemeester",
    "besloten_op": T0 + 3 * UUR,
    "bekendmaking_op": T0 + 4 * UUR,
    "psychiater": "Dr. A. Jansen",
    "gehoord": True,
    "eigen_gemeente": "den haag",
}
GELDIG = {
    "start_tvz": {"tvz_start": T0},
    "registreer_psychiatrisch_onderzoek": {"onderzoek_op": T0 + UUR},
    "registreer_medische_verklaring": {"psychiater": "Dr. A. Jansen", "psychiater_onafhankelijk": True},
    "registreer_horen": {"gehoord": True, "gehoord_door": "Wethouder namens de burgemeester"},
    "neem_maatregel": MAATREGEL,
    "wijs_af": {"reden": "Geen onmiddellijk dreigend ernstig nadeel"},
    "registreer_voortzettingsverzoek": {"verzoek_ontvangen_op": T0 + DAG, "besloten_op": T0 + 3 * UUR},
    "verleen_voortzetting": {"beslist_op": T0 + 5 * DAG, "verzoek_ontvangen_op": T0 + DAG},
    "weiger_voortzetting": {"beslist_op": T0 + 5 * DAG, "verzoek_ontvangen_op": T0 + DAG},
    "registreer_zm_verzoek": {"zm_verzoek_op": T0 + 20 * DAG, "geldig_tot": T0 + 26 * DAG},
    "laat_vervallen": {"now": T0 + 4 * DAG, "geldig_tot": T0 + 3 * DAG},
    "beeindig": {"reden": "Zorgmachtiging verleend"},
}
VERPLICHT = {
    "start_tvz": ["tvz_start"],
    "registreer_psychiatrisch_onderzoek": ["onderzoek_op"],
    "registreer_medische_verklaring": ["psychiater", "psychiater_onafhankelijk"],
    "registreer_horen": ["gehoord"],
    "neem_maatregel": list(MAATREGEL),
    "wijs_af": ["reden"],
    "registreer_voortzettingsverzoek": ["verzoek_ontvangen_op", "besloten_op"],
    "verleen_voortzetting": ["beslist_op", "verzoek_ontvangen_op"],
    "weiger_voortzetting": ["beslist_op", "verzoek_ontvangen_op"],
    "registreer_zm_verzoek": ["zm_verzoek_op", "geldig_tot"],
    "laat_vervallen": ["now", "geldig_tot"],
    "beeindig": ["reden"],
}


def bron(actie):
    return next(s for (s, a) in VERWACHT if a == actie)


def fout(actie, context, status=None):
    with pytest.raises(OntbrekendVeld) as exc:
        vuur(CM, status or bron(actie), actie, context)
    return exc.value


def test_paren_zijn_alle_combinaties():
    assert set(alle_paren(CM)) == set(product(STATUSSEN, ACTIES))
    assert CM.eindstatussen == EINDSTATUSSEN


@pytest.mark.parametrize(("status", "actie"), list(product(STATUSSEN, ACTIES)))
def test_elk_paar(status, actie):
    if (status, actie) in VERWACHT:
        assert vuur(CM, status, actie, GELDIG[actie]) == VERWACHT[(status, actie)]
        return
    with pytest.raises(OngeldigeOvergang) as exc:
        vuur(CM, status, actie, GELDIG[actie])
    assert exc.value.toegestaan == toegestane_acties(CM, status)


@pytest.mark.parametrize("status", STATUSSEN)
def test_toegestane_acties_volgen_de_tabel(status):
    acties = toegestane_acties(CM, status)
    assert len(acties) == len(set(acties))
    assert set(acties) == {a for (s, a) in VERWACHT if s == status}


@pytest.mark.parametrize(("actie", "veld"), [(a, v) for a, velden in VERPLICHT.items() for v in velden])
def test_ontbrekend_verplicht_veld(actie, veld):
    assert fout(actie, {k: w for k, w in GELDIG[actie].items() if k != veld}).veld == veld


@pytest.mark.parametrize("actie", ACTIES)
def test_verplichte_velden_van_de_code_staan_in_de_lijst(actie):
    assert {v.naam for v in CM.acties[actie].velden if v.verplicht} <= set(VERPLICHT[actie])


def test_psychiater_moet_onafhankelijk_zijn():
    f = fout("registreer_medische_verklaring", {"psychiater": "Dr. B", "psychiater_onafhankelijk": False})
    assert (f.veld, f.melding) == (
        "psychiater_onafhankelijk",
        "De psychiater moet onafhankelijk zijn van de behandeling",
    )


def test_niet_gehoord_vraagt_een_reden():
    # Art. 7:1 lid 3, HR 2020:1806: the decision states why betrokkene was not heard.
    assert fout("registreer_horen", {"gehoord": False}).veld == "reden_niet_gehoord"
    assert vuur(CM, "beoordeling", "registreer_horen", {"gehoord": False, "reden_niet_gehoord": "Weigert"})
    assert fout("neem_maatregel", {**MAATREGEL, "gehoord": False}).veld == "reden_niet_gehoord"
    zonder_horen = {k: w for k, w in MAATREGEL.items() if k != "gehoord"}
    assert vuur(
        CM, "beoordeling", "neem_maatregel", {**zonder_horen, "reden_niet_gehoord": "Niet aanspreekbaar"}
    )


@pytest.mark.parametrize(
    ("wijziging", "veld"),
    [
        ({"bekendmaking_op": T0 + 2 * UUR}, "bekendmaking_op"),
        ({"besluit_door_rol": "wethouder"}, "besluit_door_rol"),
        ({"zorgvormen": []}, "zorgvormen"),
        ({"zorgvormen": ["opname", "politiecel"]}, "zorgvormen"),
        ({"zorgvormen": "opname"}, "zorgvormen"),
        ({"gemeente_verblijf": "Haarlem"}, "gemeente_verblijf"),  # ECLI:NL:PHR:2025:1357
        ({"besloten_op": datetime(2026, 4, 24, 1, 0)}, "besloten_op"),  # naive datetime
        ({"besloten_op": "2026-04-24T01:00+02:00"}, "besloten_op"),
    ],
)
def test_neem_maatregel_ongeldig(wijziging, veld):
    assert fout("neem_maatregel", {**MAATREGEL, **wijziging}).veld == veld


def test_bekendmaking_gelijk_aan_besluit_mag():
    assert vuur(
        CM, "beoordeling", "neem_maatregel", {**MAATREGEL, "bekendmaking_op": MAATREGEL["besloten_op"]}
    )


def test_alle_zorgvormen_zijn_toegestaan():
    assert (
        vuur(CM, "beoordeling", "neem_maatregel", {**MAATREGEL, "zorgvormen": list(ZORGVORMEN)}) == "genomen"
    )


def test_tvz_start_maar_een_keer():
    # Art. 7:3: the 18-hour cap does not restart.
    f = fout("start_tvz", {"tvz_start": T0, "tvz_gestart_op": T0 - UUR})
    assert f.veld == "tvz_start"


@pytest.mark.parametrize(
    ("actie", "wijziging", "veld"),
    [
        ("registreer_voortzettingsverzoek", {"verzoek_ontvangen_op": T0}, "verzoek_ontvangen_op"),
        ("verleen_voortzetting", {"beslist_op": T0}, "beslist_op"),
        ("weiger_voortzetting", {"beslist_op": T0}, "beslist_op"),
        ("registreer_zm_verzoek", {"zm_verzoek_op": T0 + 27 * DAG}, "zm_verzoek_op"),
        ("laat_vervallen", {"now": T0 + 2 * DAG}, "geldig_tot"),
    ],
)
def test_tijdsvolgorde(actie, wijziging, veld):
    assert fout(actie, {**GELDIG[actie], **wijziging}).veld == veld


def test_vervallen_precies_op_het_einde():
    assert vuur(CM, "genomen", "laat_vervallen", {"now": T0, "geldig_tot": T0.astimezone(UTC)}) == "vervallen"


def test_voortzetting_verzocht_vervalt_pas_na_de_termijn_van_de_rechter():
    # Art. 7:7: a pending request keeps the CM alive until the court decides; art. 7:8: only when the
    # court's 3 days (the sweep passes their end as geldig_tot) have passed does it lapse.
    with pytest.raises(OntbrekendVeld) as exc:
        vuur(CM, "voortzetting_verzocht", "laat_vervallen", {"now": T0, "geldig_tot": T0 + DAG})
    assert exc.value.veld == "geldig_tot"
    assert vuur(CM, "voortzetting_verzocht", "laat_vervallen", {"now": T0 + DAG, "geldig_tot": T0 + DAG}) == "vervallen"


def kies_actie(status):
    """Any action, but mostly an allowed one that does not end the case, to get deep into the flow."""
    toegestaan = [a for (s, a) in VERWACHT if s == status]
    verder = [a for (s, a), doel in VERWACHT.items() if s == status and doel not in EINDSTATUSSEN]
    kansen = [st.sampled_from(ACTIES)] + [st.sampled_from(toegestaan)] * bool(toegestaan)
    return st.one_of(*kansen, *[st.sampled_from(verder)] * (2 * bool(verder)))


tekst = st.text(alphabet="abcdefghij ëé-", min_size=1, max_size=20).filter(str.strip)
offset = st.integers(0, 10 * 24 * 60).map(lambda m: timedelta(minutes=m))


class CrisismaatregelModel(RuleBasedStateMachine):
    """Plays the service: keeps the case dates it recorded and feeds them back as context."""

    def __init__(self):
        super().__init__()
        self.status, self.zaak, self.klok = "aangevraagd", {"eigen_gemeente": "Den Haag"}, T0

    def tijd(self, data):
        self.klok += data.draw(offset)
        return self.klok

    def context(self, actie, data):
        maak = {
            "start_tvz": lambda: {"tvz_start": self.tijd(data)},
            "registreer_psychiatrisch_onderzoek": lambda: {"onderzoek_op": self.tijd(data)},
            "registreer_medische_verklaring": lambda: {
                "psychiater": data.draw(tekst),
                "psychiater_onafhankelijk": True,
            },
            "registreer_horen": lambda: data.draw(
                st.one_of(
                    st.just({"gehoord": True}),
                    st.fixed_dictionaries({"gehoord": st.just(False), "reden_niet_gehoord": tekst}),
                )
            ),
            "neem_maatregel": lambda: {
                **{k: w for k, w in MAATREGEL.items() if k not in ("gehoord", "psychiater")},
                "zorgvormen": data.draw(st.lists(st.sampled_from(ZORGVORMEN), min_size=1, unique=True)),
                "besloten_op": self.tijd(data),
                "bekendmaking_op": self.tijd(data),
            },
            "registreer_voortzettingsverzoek": lambda: {"verzoek_ontvangen_op": self.tijd(data)},
            "verleen_voortzetting": lambda: {"beslist_op": self.tijd(data)},
            "weiger_voortzetting": lambda: {"beslist_op": self.tijd(data)},
            "registreer_zm_verzoek": lambda: {
                "zm_verzoek_op": self.tijd(data),
                "geldig_tot": self.klok + 3 * DAG,
            },
            "laat_vervallen": lambda: {"now": self.tijd(data), "geldig_tot": T0 + data.draw(offset)},
        }
        return {**self.zaak, **maak.get(actie, lambda: {"reden": data.draw(tekst)})()}

    @rule(data=st.data())
    def vuur_een_actie(self, data):
        actie = data.draw(kies_actie(self.status))
        context = self.context(actie, data)
        doel = VERWACHT.get((self.status, actie))
        if doel is None:
            with pytest.raises(OngeldigeOvergang) as exc:
                vuur(CM, self.status, actie, context)
            assert set(exc.value.toegestaan) == {a for (s, a) in VERWACHT if s == self.status}
            return
        if self.weigert(actie, context):
            with pytest.raises(OntbrekendVeld):
                vuur(CM, self.status, actie, context)
            return
        self.status = vuur(CM, self.status, actie, context)
        assert self.status == doel
        self.onthoud(actie, context)

    def weigert(self, actie, context):
        """The reference's own reading of the guards (art. 7:3, 7:1 lid 3, 7:7)."""
        if actie == "start_tvz":
            return "tvz_gestart_op" in self.zaak
        if actie == "neem_maatregel":
            return not (self.zaak.get("gehoord") is True or self.zaak.get("reden_niet_gehoord"))
        return actie == "laat_vervallen" and context["now"] < context["geldig_tot"]

    def onthoud(self, actie, context):
        bewaar = {
            "start_tvz": {"tvz_gestart_op": context.get("tvz_start")},
            "registreer_medische_verklaring": {"psychiater": context.get("psychiater")},
            "registreer_horen": {k: context.get(k) for k in ("gehoord", "reden_niet_gehoord")},
            "neem_maatregel": {"besloten_op": context.get("besloten_op")},
            "registreer_voortzettingsverzoek": {"verzoek_ontvangen_op": context.get("verzoek_ontvangen_op")},
        }
        self.zaak.update(bewaar.get(actie, {}))

    @invariant()
    def status_is_bekend(self):
        assert self.status in STATUSSEN
        assert (toegestane_acties(CM, self.status) == []) == (self.status in EINDSTATUSSEN)
        if self.status in {"genomen", "voortzetting_verzocht", "voortgezet", "zm_verzocht"}:
            assert self.zaak.get("psychiater") and "besloten_op" in self.zaak


CrisismaatregelModel.TestCase.settings = settings(max_examples=150, stateful_step_count=30, deadline=None)
TestCrisismaatregelModel = CrisismaatregelModel.TestCase
