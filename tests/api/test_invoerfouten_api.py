"""One text per problem through every door: the JSON envelope uses the same Dutch field messages as the
pages (wvggz/veldfouten.py), and the moments of all three case kinds get the same plausibility checks
(wvggz/tijdcontrole.py). Nothing is stored on a 422."""

from __future__ import annotations

import pytest
from sqlmodel import func, select

from tests.factories import auth, melding_body
from wvggz.crisismaatregelen.models import Crisismaatregel
from wvggz.meldingen.models import Melding
from wvggz.triage.models import Triage

ARRIVAL = {"gebracht_door": "politie", "verdacht_van_strafbaar_feit": False}
CM = {"aangevraagd_door": "politie", "gemeente_verblijf": "Den Haag",
      "betrokkene": {"voornaam": "Jan", "achternaam": "Bakker", "geboortedatum": "1970-01-01"}}


def aantal(factory, model) -> int:
    with factory() as s:
        return s.exec(select(func.count()).select_from(model)).one()


def fout(r) -> tuple[list, str]:  # noqa: ANN001
    assert r.status_code == 422, r.text
    d = r.json()["detail"][0]
    return d["loc"], d["msg"]


def test_envelop_geeft_de_nederlandse_veldtekst(client, gebruikers, factory):
    body = melding_body()
    del body["zorgen"]
    r = client.post("/api/v1/meldingen", json=body, headers=auth(gebruikers, "intake"))
    assert fout(r) == (["body", "zorgen"], "Dit veld is verplicht.")
    r = client.post("/api/v1/meldingen", json=melding_body(kanaal="duif"), headers=auth(gebruikers, "intake"))
    assert fout(r) == (["body", "kanaal"], "Kies een waarde uit de lijst.")
    assert aantal(factory, Melding) == 0


@pytest.mark.parametrize(("pad", "wie", "body", "model", "verwacht"), [
    ("/api/v1/meldingen", "intake", melding_body(ontvangen_op="2026-04-13T09:20:00+02:00"), Melding,
     (["body", "ontvangen_op"], "Ontvangstmoment ligt in de toekomst.")),
    ("/api/v1/meldingen", "intake", melding_body(ontvangen_op="2025-04-01T09:00:00+02:00"), Melding,
     (["body", "ontvangen_op"], "Ontvangstmoment ligt meer dan een jaar terug.")),
    ("/api/v1/triages", "ovp", ARRIVAL | {"aangekomen_op": "2026-04-13T09:20:00"}, Triage,
     (["body", "aangekomen_op"], "Het aankomstmoment ligt in de toekomst.")),
    ("/api/v1/triages", "ovp", ARRIVAL | {"aangekomen_op": "2026-04-05T09:00:00"}, Triage,
     (["body", "aangekomen_op"], "Het aankomstmoment ligt meer dan 7 dagen terug.")),
    ("/api/v1/crisismaatregelen", "bm", CM | {"aangevraagd_op": "2026-04-13T09:20:00"}, Crisismaatregel,
     (["body", "aangevraagd_op"], "Dit tijdstip ligt in de toekomst.")),
    ("/api/v1/crisismaatregelen", "bm", CM | {"aangevraagd_op": "2025-04-01T09:00:00"}, Crisismaatregel,
     (["body", "aangevraagd_op"], "Dit tijdstip ligt meer dan een jaar terug.")),
])
def test_tijdstippen_van_alle_zaaksoorten(client, gebruikers, factory, pad, wie, body, model, verwacht):
    """The clock stands at Monday 13 April 2026 09:00 Amsterdam; the allowed skew is 10 minutes."""
    r = client.post(pad, json=body, headers=auth(gebruikers, wie))
    assert fout(r) == verwacht
    assert aantal(factory, model) == 0


def test_binnen_de_klokafwijking_wordt_vastgelegd(client, gebruikers, factory):
    r = client.post("/api/v1/triages", json=ARRIVAL | {"aangekomen_op": "2026-04-13T09:09:00"},
                    headers=auth(gebruikers, "ovp"))
    assert r.status_code == 201, r.text
    assert aantal(factory, Triage) == 1
