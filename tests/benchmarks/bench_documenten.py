"""Rendering benchmark: every document kind from template to PDF (Jinja2 + WeasyPrint), 10 times each.

Printed per kind: median and worst wall-clock time, and the size of the PDF."""

from __future__ import annotations

import statistics

from wvggz.clock import monotonic
from wvggz.documenten import render
from wvggz.documenten.soorten import SOORTEN

RONDES = 10
WAARDEN = {
    "aan_naam": "Marja Pieters", "aan_straat": "Spui 70", "aan_postcode": "2511 BT", "aan_woonplaats": "Den Haag",
    "betrokkene_naam": "Jan de Vries", "betrokkene_geboortedatum": "02-03-1971",
    "betrokkene_adres": "Laan 1, 2511 AB, Den Haag", "zorgvormen": ["opname", "medicatie", "toezicht"],
    "psychiater_onafhankelijk": True, "gehoord": False, "aanvraag": False, "beslist": True, "naaste_route": True,
    "melder_is_naaste": True, "acuut": False, "gesprek_met_betrokkene": True,
}


def context(naam: str) -> dict:
    s = SOORTEN[naam]
    uit = {v: WAARDEN.get(v, "Voorbeeldtekst van enige lengte voor " + v.replace("_", " ") + ".")
           for v in s.alle_velden}
    return uit | {"titel": s.titel, "referentie": "CM-2026-000001", "gemeente": "Den Haag",
                  "datum_uitgifte": "13-04-2026"}


def test_rendertijd_per_documentsoort():
    render.pdf(render.html(SOORTEN["ontvangstbevestiging_brief"], context("ontvangstbevestiging_brief")))  # warm-up
    print()
    for naam, s in SOORTEN.items():
        tijden, grootte = [], 0
        for _ in range(RONDES):
            start = monotonic()
            pdf = render.pdf(render.html(s, context(naam)))
            tijden.append(monotonic() - start)
            grootte = len(pdf)
        assert pdf.startswith(b"%PDF-")
        print(f"{naam:32s} mediaan {statistics.median(tijden) * 1000:6.0f} ms  "
              f"max {max(tijden) * 1000:6.0f} ms  PDF {grootte / 1024:5.1f} kB")
