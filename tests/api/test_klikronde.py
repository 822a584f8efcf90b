"""What clicking through as intake, projectleider, OVP and burgemeester found (issue 13, point 5): no stored
codes on screen, and no link to a page the reader may not open."""

from __future__ import annotations

from tests.factories.paginas import inloggen, maak_melding
from tests.factories.triage import gescreend, stap
from wvggz.labels import label
from wvggz.meldingen.models import Melding


def test_redencode_en_berichtsoort_als_nederlandse_tekst(client, gebruikers, factory):
    m = maak_melding(client, gebruikers)
    with factory() as s:
        s.get(Melding, m["id"]).reden_code = "vrijwillige_zorg"
        s.commit()
    inloggen(client, "intake")
    html = client.get(f"/meldingen/{m['id']}").text
    assert "<dt>Reden geen aanvraag</dt><dd>Vrijwillige zorg is mogelijk</dd>" in html and "vrijwillige_zorg</dd>" not in html
    assert label("cm_kennisgeving_ovj") == "kennisgeving aan de officier van justitie"
    assert label("cm_mededeling_betrokkene") == "mededeling aan de betrokkene"


def test_crisismaatregel_linkt_de_triage_alleen_voor_wie_hem_mag_lezen(client, gebruikers, clock):
    t = gescreend(client, gebruikers, clock)
    t = stap(client, gebruikers, t, "leg_uitkomst_vast", uitkomst="crisismaatregel")
    t = stap(client, gebruikers, t, "start_crisismaatregel")
    cm_id = t["crisismaatregel"]["id"]
    inloggen(client, "bm")
    html = client.get(f"/crisismaatregelen/{cm_id}").text
    assert f"<dt>OVP-triage</dt><dd>{t['referentie']}</dd>" in html and f'href="/triages/{t["id"]}"' not in html
    inloggen(client, "pl")
    html = client.get(f"/crisismaatregelen/{cm_id}").text
    assert f'<a href="/triages/{t["id"]}">{t["referentie"]}</a>' in html
    assert client.get(f"/triages/{t['id']}").status_code == 200
