"""Keyboard (issue 13.10): skip link to the actions on every case page, the help page lists the werkvoorraad
shortcuts that toetsen.js implements, the script is served and loaded everywhere."""

from __future__ import annotations

import re
from pathlib import Path

from api.pages.hulp import SNELTOETSEN
from tests.factories.crisismaatregel import maak as maak_cm
from tests.factories.paginas import inloggen, maak_melding
from tests.factories.triage import maak as maak_triage

JS = Path(__file__).resolve().parents[2] / "api" / "static" / "toetsen.js"


def test_sprong_naar_de_acties_op_elke_zaakpagina(client, gebruikers):
    m = maak_melding(client, gebruikers)
    t = maak_triage(client, gebruikers)
    cm = maak_cm(client, gebruikers)
    for wie, pad in (("intake", f"/meldingen/{m['id']}"), ("ovp", f"/triages/{t['id']}"),
                     ("bm", f"/crisismaatregelen/{cm['id']}")):
        inloggen(client, wie)
        html = client.get(pad).text
        assert '<a class="skip" href="#kop-acties">Naar de acties</a>' in html, pad
        assert 'id="kop-acties" tabindex="-1"' in html, pad
        assert '<script src="/static/toetsen.js" defer></script>' in html


def test_hulppagina_noemt_de_sneltoetsen_die_het_script_kent(client, gebruikers):
    inloggen(client, "intake")
    assert 'href="/hulp#sneltoetsen"' in client.get("/werkvoorraad").text
    html = client.get("/hulp").text
    js = client.get("/static/toetsen.js")
    assert js.status_code == 200 and js.text == JS.read_text()
    for toets, wat in SNELTOETSEN:
        assert f"<kbd>{toets}</kbd>" in html and wat in html
        if toets != "Enter":  # Enter on a focused link is the browser's own
            assert re.search(rf'e\.key === "{re.escape(toets)}"', js.text), toets


def test_hulp_vraagt_een_sessie(client, gebruikers):
    r = client.get("/hulp", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login?next=/hulp"
