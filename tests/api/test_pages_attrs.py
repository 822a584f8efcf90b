"""Extra field attributes are rendered as real, escaped attributes."""

from __future__ import annotations

from tests.factories.paginas import inloggen


def test_autocomplete_uit_als_echt_attribuut(client, gebruikers):
    inloggen(client, "intake")
    html = client.get("/meldingen/nieuw").text
    assert 'autocomplete="off"' in html and "&#34;" not in html


def test_ovp_nu_veld_krijgt_data_nu(client, gebruikers):
    inloggen(client, "ovp")
    html = client.get("/ovp").text
    assert 'data-nu="2026-04-13T09:00"' in html
