"""The OVP board shows the risk flags of the screenings (agressie, suïcidaliteit, intoxicatie) to OVP staff."""

from __future__ import annotations

from tests.factories.paginas import inloggen
from tests.factories.triage import maak, stap


def test_bord_toont_risicovlaggen_aan_ovp(client, gebruikers):
    t = maak(client, gebruikers)
    t = stap(client, gebruikers, t, "registreer_somatische_screening", door="Arts Jansen",
             bevindingen="Alcohol", vlaggen=["intoxicatie", "letsel"])
    stap(client, gebruikers, t, "registreer_psychiatrische_screening", door="Psychiater De Wit",
         bevindingen="Dreigend", vlaggen=["agressie", "suicidaliteit", "verwardheid"])
    inloggen(client, "ovp")
    html = client.get("/ovp/bord").text
    assert html.count('class="badge rood risico"') == 3
    for label in ("agressie", "suïcidaliteit", "intoxicatie"):
        assert f'<span class="badge rood risico">{label}</span>' in html
    inloggen(client, "pl")  # no names, no health flags on the projectleider's view of the board
    assert "badge rood risico" not in client.get("/ovp/bord").text
