"""Random fields on the actions of real measures and beroepen in every early state: never a 500.

The schemathesis fuzz only reaches 404s for these routes (its database holds no measure); this one
builds cases in aangevraagd, beoordeling and genomen and sends any action with arbitrary values."""

from __future__ import annotations

from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import auth
from tests.factories.crisismaatregel import genomen, klaar, maak
from workflows.beroep import BEROEP
from workflows.crisismaatregel import CRISISMAATREGEL

WAARDEN = st.one_of(
    st.none(), st.booleans(), st.integers(-2**70, 2**70), st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=30), st.lists(st.text(max_size=5), max_size=3),
    st.sampled_from(["2026-04-13T09:00", "0001-01-01T00:00", "9999-12-31T23:59:59+14:00",
                     "2026-04-13T09:00:00-12:00", "ja", "opname", "gegrond"]),
)
ACTIES = sorted(set(CRISISMAATREGEL.acties) | set(BEROEP.acties))
VELDEN = sorted({v.naam for wf in (CRISISMAATREGEL, BEROEP) for a in wf.acties.values() for v in a.velden})


def test_geen_500_bij_willekeurige_velden(app, gebruikers):
    with TestClient(app, raise_server_exceptions=False) as client:
        ids = [maak(client, gebruikers)["id"], klaar(client, gebruikers)["id"], genomen(client, gebruikers)["id"]]
        kop = auth(gebruikers, "bm")

        @settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
        @given(st.sampled_from(ids), st.sampled_from(ACTIES), st.dictionaries(st.sampled_from(VELDEN), WAARDEN, max_size=6),
               st.booleans())
        def stuur(cm_id, actie, velden, juiste_versie):
            cm = client.get(f"/api/v1/crisismaatregelen/{cm_id}", headers=kop).json()
            versie = cm["versie"] if juiste_versie else 0
            r = client.post(f"/api/v1/crisismaatregelen/{cm_id}/acties/{actie}", json={"versie": versie, **velden},
                            headers=kop)
            assert r.status_code < 500, (actie, velden, r.text)
            if cm["beroep"]:
                b = client.get(f"/api/v1/beroepen/{cm['beroep']['id']}", headers=kop).json()
                r = client.post(f"/api/v1/beroepen/{b['id']}/acties/{actie}",
                                json={"versie": b["versie"] if juiste_versie else 0, **velden}, headers=kop)
                assert r.status_code < 500, (actie, velden, r.text)

        stuur()
