"""The engine itself, on a toy workflow, plus checks that hold for every real workflow."""

import ast
import pickle
import sys
from enum import StrEnum
from pathlib import Path

import pytest

from workflows import engine
from workflows.beroep import BEROEP
from workflows.crisismaatregel import CRISISMAATREGEL
from workflows.engine import (
    Actie,
    OngeldigeOvergang,
    OntbrekendVeld,
    Veld,
    Voorwaarde,
    WorkflowFout,
    alle_paren,
    maak_workflow,
    mermaid,
    toegestane_acties,
    vuur,
)
from workflows.melding import MELDING
from workflows.triage import TRIAGE

WORKFLOWS = [MELDING, CRISISMAATREGEL, BEROEP, TRIAGE]


class Lamp(StrEnum):
    UIT = "uit"
    AAN = "aan"
    KAPOT = "kapot"


HEEL = Voorwaarde("heel", "reden", "Een kapotte lamp gaat niet aan", lambda c: c["reden"] != "kapot")

LAMP = maak_workflow(
    naam="lamp",
    statussen=Lamp,
    begin=Lamp.UIT,
    overgangen=[
        {"trigger": "zet_aan", "source": Lamp.UIT, "dest": Lamp.AAN, "conditions": [HEEL]},
        {"trigger": "zet_uit", "source": Lamp.AAN, "dest": Lamp.UIT},
        {"trigger": "breek", "source": [Lamp.UIT, Lamp.AAN], "dest": Lamp.KAPOT},
        {"trigger": "zet_uit", "source": Lamp.KAPOT, "dest": Lamp.KAPOT},
    ],
    acties=[
        Actie("zet_aan", "Zet aan", (Veld("reden", "Reden", "tekst"),)),
        Actie("zet_uit", "Zet uit"),
        Actie("breek", "Breek", (Veld("keer", "Aantal keer", "int"),)),
    ],
    eindstatussen=[Lamp.KAPOT],
    regels={"breek": lambda c: [] if c["keer"] > 0 else [("keer", "Minstens een keer")]},
)


def test_vuur_geeft_de_nieuwe_status_als_enum():
    nieuw = vuur(LAMP, "uit", "zet_aan", {"reden": "donker"})
    assert nieuw == "aan" and nieuw is Lamp.AAN
    assert vuur(LAMP, Lamp.AAN, "zet_uit") == "uit"


def test_ongeldige_overgang_noemt_de_toegestane_acties():
    with pytest.raises(OngeldigeOvergang) as exc:
        vuur(LAMP, "aan", "zet_aan", {"reden": "x"})
    fout = exc.value
    assert isinstance(fout, WorkflowFout)
    assert fout.toegestaan == ["zet_uit", "breek"] == toegestane_acties(LAMP, "aan")
    assert (
        str(fout)
        == "Actie 'zet_aan' is niet toegestaan voor lamp in status 'aan'. Toegestaan: zet_uit, breek."
    )


def test_onbekende_actie_is_ongeldige_overgang():
    with pytest.raises(OngeldigeOvergang):
        vuur(LAMP, "uit", "vlieg")


def test_machine_error_ontsnapt_nooit(monkeypatch):
    monkeypatch.setattr(engine, "toegestane_acties", lambda wf, status: list(wf.acties))
    with pytest.raises(OngeldigeOvergang):
        vuur(LAMP, "kapot", "breek", {"keer": 1})


def test_onbekende_status():
    with pytest.raises(WorkflowFout, match="Onbekende status"):
        vuur(LAMP, "gesmolten", "zet_uit")
    with pytest.raises(WorkflowFout):
        toegestane_acties(LAMP, "gesmolten")


def test_eerst_de_tabel_dan_de_velden_dan_de_voorwaarden():
    with pytest.raises(OngeldigeOvergang):
        vuur(LAMP, "kapot", "breek", {})  # missing field, but not allowed anyway
    with pytest.raises(OntbrekendVeld) as exc:
        vuur(LAMP, "uit", "zet_aan", {})
    assert (exc.value.veld, exc.value.melding) == ("reden", "Reden ontbreekt")
    with pytest.raises(OntbrekendVeld) as exc:
        vuur(LAMP, "uit", "zet_aan", {"reden": "kapot"})  # fields fine, condition fails
    assert (exc.value.veld, exc.value.melding) == ("reden", "Een kapotte lamp gaat niet aan")
    assert str(exc.value) == "reden: Een kapotte lamp gaat niet aan"


def test_regel_na_de_velden():
    assert LAMP.controleer("breek", {"keer": "twee"}) == [("keer", "Aantal keer moet een geheel getal zijn")]
    assert LAMP.controleer("breek", {"keer": 0}) == [("keer", "Minstens een keer")]
    assert LAMP.controleer("breek", {"keer": 2}) == []
    assert LAMP.controleer("vlieg", {}) == [("actie", "Onbekende actie 'vlieg'")]


def test_eindstatus_zonder_acties_melding():
    with pytest.raises(OngeldigeOvergang) as exc:
        vuur(MELDING, "afgesloten", "sluit_af", {})
    assert exc.value.toegestaan == []
    assert "geen acties meer mogelijk" in str(exc.value)


def test_fouten_overleven_pickle():
    fout = pickle.loads(pickle.dumps(OngeldigeOvergang("lamp", "aan", "zet_aan", ["zet_uit"])))
    assert (fout.toegestaan, str(fout)) == (
        ["zet_uit"],
        str(OngeldigeOvergang("lamp", "aan", "zet_aan", ["zet_uit"])),
    )
    veld = pickle.loads(pickle.dumps(OntbrekendVeld("reden", "ontbreekt")))
    assert (veld.veld, veld.melding) == ("reden", "ontbreekt")


def test_toegestane_acties_zonder_dubbelen_in_tabelvolgorde():
    assert toegestane_acties(LAMP, "uit") == ["zet_aan", "breek"]
    assert toegestane_acties(LAMP, "kapot") == ["zet_uit"]


def test_alle_paren():
    assert list(alle_paren(LAMP)) == [
        (s, a) for s in ("uit", "aan", "kapot") for a in ("zet_aan", "zet_uit", "breek")
    ]


@pytest.mark.parametrize(
    ("overgangen", "acties", "fout"),
    [
        ([{"trigger": "x", "source": "uit", "dest": "aan"}], [], ValueError),  # undeclared action
        ([{"trigger": "x", "source": "uit", "dest": "weg"}], [Actie("x", "X")], ValueError),  # unknown status
        ([{"trigger": "x", "source": "uit", "dest": "aan"}], [Actie("x", "X"), Actie("y", "Y")], ValueError),
        ([{"trigger": "x", "source": "*", "dest": "aan"}], [Actie("x", "X")], ValueError),  # no wildcard
        (
            [{"trigger": "x", "source": "uit", "dest": "aan", "conditions": [lambda e: True]}],
            [Actie("x", "X")],
            TypeError,
        ),
    ],
)
def test_maak_workflow_weigert_een_foute_tabel(overgangen, acties, fout):
    with pytest.raises(fout):
        maak_workflow(
            naam="f", statussen=Lamp, begin="uit", overgangen=overgangen, acties=acties, eindstatussen=[]
        )


def test_veld_kent_alleen_bekende_soorten():
    with pytest.raises(ValueError):
        Veld("x", "X", "getal")


@pytest.mark.parametrize("wf", WORKFLOWS, ids=lambda wf: wf.naam)
def test_mermaid_bevat_elke_status_en_markeert_de_huidige(wf):
    kaal = mermaid(wf)
    assert kaal.lstrip("-\n").startswith(wf.naam) and "stateDiagram-v2" in kaal
    assert " s_active" not in kaal.replace("classDef s_active", "")
    assert f"[*] --> {wf.begin}" in kaal
    for status in wf.statussen:
        tekst = mermaid(wf, status.value)
        for andere in wf.statussen:
            assert f'state "{andere.value}" as {andere.value}' in tekst
            stijl = "s_active" if andere == status else "s_default"
            assert f"Class {andere.value} {stijl}" in tekst
    for rij in wf.overgangen:
        for bron in rij["source"]:
            assert f"{bron} --> {rij['dest']}: " in kaal
    for eind in wf.eindstatussen:
        assert f"{eind} --> [*]" in kaal


def test_mermaid_toont_voorwaarden():
    assert "ingesteld --> uitspraak_gegrond: doe_uitspraak [gegrond]" in mermaid(BEROEP)


@pytest.mark.parametrize("wf", WORKFLOWS, ids=lambda wf: wf.naam)
def test_geen_model_blijft_aan_de_machine_hangen(wf):
    paren = list(alle_paren(wf))
    for i in range(1000):
        status, actie = paren[i % len(paren)]
        try:
            vuur(wf, status, actie, {})
        except (OngeldigeOvergang, OntbrekendVeld):
            pass
        if i % 100 == 0:
            mermaid(wf, status)
    assert len(wf.machine.models) == 0
    assert not getattr(wf.machine, "model_graphs", {})


@pytest.mark.parametrize("wf", WORKFLOWS, ids=lambda wf: wf.naam)
def test_tabel_en_machine_kloppen(wf):
    assert not wf.machine.auto_transitions
    assert set(wf.machine.events) == set(wf.acties)
    assert set(wf.machine.states) == {s.value for s in wf.statussen}
    assert wf.begin in wf.machine.states and wf.eindstatussen <= set(wf.machine.states)
    for eind in wf.eindstatussen:  # nothing leaves a final status (self-loops may still record data)
        assert all(r["dest"] == eind for r in wf.overgangen if eind in r["source"])
    for actie in wf.acties.values():
        assert actie.label and all(v.label for v in actie.velden)


def test_workflows_importeren_alleen_stdlib_en_transitions():
    toegestaan = set(sys.stdlib_module_names) | {"transitions", "workflows", "__future__"}
    for pad in Path(engine.__file__).parent.glob("*.py"):
        for knoop in ast.walk(ast.parse(pad.read_text())):
            if isinstance(knoop, ast.Import):
                namen = [a.name for a in knoop.names]
            elif isinstance(knoop, ast.ImportFrom) and knoop.level == 0:
                namen = [knoop.module]
            else:
                continue
            assert {n.split(".")[0] for n in namen} <= toegestaan, (pad.name, namen)


def test_blokkade_noemt_de_reden_uit_de_opgeslagen_feiten():
    from datetime import UTC, datetime

    from workflows.crisismaatregel import CRISISMAATREGEL
    from workflows.engine import blokkade
    from workflows.melding import MELDING

    gestart = {"tvz_gestart_op": datetime(2026, 4, 13, 9, tzinfo=UTC)}
    assert "al gestart" in blokkade(CRISISMAATREGEL, "aangevraagd", "start_tvz", gestart)
    assert blokkade(CRISISMAATREGEL, "aangevraagd", "start_tvz", {"tvz_gestart_op": None}) is None
    assert blokkade(MELDING, "in_onderzoek", "registreer_wijkteam_advies", {"wijkteam_advies_open": False})
    assert blokkade(MELDING, "in_onderzoek", "registreer_wijkteam_advies", {"wijkteam_advies_open": True}) is None
    # A condition on a form field (beroep: uitkomst) never blocks: the form decides it.
    from workflows.beroep import BEROEP

    assert blokkade(BEROEP, "ingesteld", "doe_uitspraak", {}) is None


@pytest.mark.parametrize("wf", WORKFLOWS, ids=lambda wf: wf.naam)
def test_vuur_loopt_de_tabel_zoals_de_machine(wf, monkeypatch):
    """`vuur` walks the table's rows itself; for every allowed pair and every outcome of its conditions it ends
    where transitions' own trigger ends (or fails where the trigger fails)."""
    for status in wf.statussen:
        for actie in toegestane_acties(wf, status):
            rijen = [r for r in wf.overgangen if status.value in r["source"] and r["trigger"] == actie]
            voorwaarden = list(dict.fromkeys(v for r in rijen for v in r.get("conditions", ())))
            for masker in range(2 ** len(voorwaarden)):
                uitkomst = {id(v): bool(masker >> i & 1) for i, v in enumerate(voorwaarden)}
                monkeypatch.setattr(Voorwaarde, "geldt", lambda self, _ctx, u=uitkomst: u[id(self)])
                zaak = engine._Zaak(status.value, {})
                verwacht = zaak.status if wf.machine.events[actie].trigger(zaak) else None
                assert engine._volgende(wf, status.value, actie, {}) == verwacht, (status, actie, masker)
