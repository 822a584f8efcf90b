"""One door for every case: the one pipeline serves the four case kinds with the same rules."""

from __future__ import annotations

import pytest
from sqlmodel import func, select

from tests.factories import auth, melding_body
from workflows.engine import mermaid, toegestane_acties
from wvggz.audit.models import Historie, Toegang
from wvggz.errors import ConflictError, Forbidden, MissingField
from wvggz.meldingen import service as meldingen
from wvggz.meldingen.models import Melding
from wvggz.meldingen.schemas import MeldingCreate
from wvggz.zaken import pijplijn
from wvggz.zaken.soorten import SOORTEN, zaaksoort


def tel(session, model, **waar) -> int:
    stmt = select(func.count()).select_from(model)
    for k, v in waar.items():
        stmt = stmt.where(getattr(model, k) == v)
    return session.exec(stmt).one()


def nieuwe_melding(session, clock, gebruikers, settings) -> Melding:
    return meldingen.registreer(session=session, clock=clock, actor=gebruikers["intake"][0],
                                data=MeldingCreate.model_validate(melding_body()), settings=settings)


def test_een_voer_actie_uit_voor_alle_soorten():
    """The pipeline is the only place that carries out an action; every kind is a descriptor of it."""
    import ast
    import pathlib

    gevonden = []
    for pad in pathlib.Path("wvggz").rglob("*.py"):
        for knoop in ast.walk(ast.parse(pad.read_text())):
            if isinstance(knoop, ast.FunctionDef) and knoop.name == "voer_actie_uit":
                gevonden.append(str(pad))
    assert gevonden == ["wvggz/zaken/pijplijn.py"]
    assert set(SOORTEN) == {"melding", "crisismaatregel", "beroep", "triage"}
    assert {s.prefix for s in SOORTEN.values()} == {"M", "CM", "B", "T"}


@pytest.mark.parametrize("naam", sorted(SOORTEN))
def test_systeemacties_zijn_verboden_voor_gebruikers(naam):
    """Scheduler-only actions are a property of the action in the table; the pipeline refuses them."""
    soort = zaaksoort(naam)
    systeem = [a for a, d in soort.workflow.acties.items() if d.systeem]
    assert systeem == {"crisismaatregel": ["laat_vervallen"], "beroep": ["laat_verstrijken"]}.get(naam, [])
    for status in soort.workflow.statussen:
        assert not set(systeem) & set(pijplijn.zichtbare_acties(soort, status))


def test_systeemactie_via_de_pijplijn_geeft_403_en_verandert_niets(session, clock, gebruikers, settings):
    from tests.factories.crisismaatregel_service import genomen

    cm = genomen(session, clock, gebruikers, settings)
    historie = tel(session, Historie)
    with pytest.raises(Forbidden):
        pijplijn.voer_actie_uit(session=session, clock=clock, actor=gebruikers["bm"][0],
                                soort=zaaksoort("crisismaatregel"), zaak_id=cm.id, actie="laat_vervallen",
                                versie=cm.versie, velden={}, settings=settings)
    assert tel(session, Historie) == historie


@pytest.mark.parametrize("actie", ["stuur_door", "verwijs_door", "voeg_samen", "sluit_af"])
def test_onomkeerbare_stap_vraagt_bevestiging(session, clock, gebruikers, settings, actie):
    soort = zaaksoort("melding")
    assert soort.workflow.acties[actie].onomkeerbaar
    m = nieuwe_melding(session, clock, gebruikers, settings)
    with pytest.raises(MissingField) as fout:
        pijplijn.voer_formulier_uit(session=session, clock=clock, actor=gebruikers["intake"][0], soort=soort,
                                    zaak_id=m.id, actie=actie, formulier={"versie": str(m.versie)})
    assert fout.value.veld == "bevestig"


def test_fout_in_de_effecten_rolt_alles_terug(session, clock, gebruikers, settings):
    """The workflow allows start_onderzoek, the effects refuse another gemeente's behandelaar: nothing stays."""
    m = nieuwe_melding(session, clock, gebruikers, settings)
    historie, toegang = tel(session, Historie), tel(session, Toegang)
    with pytest.raises(MissingField) as fout:
        pijplijn.voer_actie_uit(session=session, clock=clock, actor=gebruikers["intake"][0],
                                soort=zaaksoort("melding"), zaak_id=m.id, actie="start_onderzoek", versie=m.versie,
                                velden={"behandelaar_id": gebruikers["rijswijk"][0].id}, settings=settings)
    assert fout.value.veld == "behandelaar_id"
    session.expire_all()
    opnieuw = session.get(Melding, m.id)
    assert (opnieuw.status, opnieuw.versie, opnieuw.behandelaar_id) == ("ontvangen", 1, None)
    assert (tel(session, Historie), tel(session, Toegang)) == (historie, toegang)


def test_verouderde_versie_is_409_voor_elke_soort(session, clock, gebruikers, settings):
    m = nieuwe_melding(session, clock, gebruikers, settings)
    with pytest.raises(ConflictError, match="Deze melding is intussen"):
        pijplijn.voer_actie_uit(session=session, clock=clock, actor=gebruikers["intake"][0],
                                soort=zaaksoort("melding"), zaak_id=m.id, actie="start_onderzoek", versie=7,
                                velden={"behandelaar_id": gebruikers["intake"][0].id}, settings=settings)


def test_zijstappen_van_de_triage_staan_in_de_tabel_en_het_diagram():
    triage = zaaksoort("triage").workflow
    for actie in ("koppel_persoon", "wijzig_aankomst", "maak_melding", "start_crisismaatregel"):
        assert actie in triage.acties and actie in mermaid(triage)
    assert "start_crisismaatregel" in toegestane_acties(triage, "uitkomst_vastgelegd")
    assert "start_crisismaatregel" not in toegestane_acties(triage, "vertrokken")


def test_zijstap_geblokkeerd_door_opgeslagen_feit_is_409(client, gebruikers):
    r = client.post("/api/v1/triages", json={"gebracht_door": "politie", "persoon": {"achternaam": "Appel"}},
                    headers=auth(gebruikers, "ovp"))
    assert r.status_code == 201, r.text
    t = r.json()
    assert "koppel_persoon" not in [a["naam"] for a in t["toegestane_acties"]]
    r = client.post(f"/api/v1/triages/{t['id']}/acties/koppel_persoon",
                    json={"versie": t["versie"], "persoon": {"achternaam": "X"}}, headers=auth(gebruikers, "ovp"))
    assert r.status_code == 409
    assert "al een persoon gekoppeld" in r.json()["detail"][0]["msg"]


def test_psychiatrisch_onderzoek_eenmaal_is_een_voorwaarde_in_de_tabel(session, clock, gebruikers, settings):
    from tests.factories.crisismaatregel_service import actie, start

    rijen = [r for r in zaaksoort("crisismaatregel").workflow.overgangen
             if r["trigger"] == "registreer_psychiatrisch_onderzoek"]
    assert all(any(v.naam == "onderzoek_niet_vastgelegd" for v in r["conditions"]) for r in rijen)
    cm = start(session, clock, gebruikers, settings)
    cm = actie(session, clock, gebruikers, settings, cm, "registreer_psychiatrisch_onderzoek",
               onderzoek_op=clock.now().isoformat())
    with pytest.raises(MissingField) as fout:
        actie(session, clock, gebruikers, settings, cm, "registreer_psychiatrisch_onderzoek",
              onderzoek_op=clock.now().isoformat())
    assert fout.value.veld == "onderzoek_op"
