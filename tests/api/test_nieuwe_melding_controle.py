"""Issue 13 point 3: the new-melding form shows every problem in one round, names the field in the
summary (which takes the focus), speaks of the melder for the melder, refuses an empty "Ontvangen op",
and asks for confirmation when the receipt moment means the 14-day term has already passed."""

from __future__ import annotations

import re

from sqlmodel import func, select

from tests.factories.paginas import formulier, inloggen
from wvggz.meldingen.models import Melding


def aantal(session) -> int:
    n = session.exec(select(func.count()).select_from(Melding)).one()
    session.rollback()  # end the read (SQLite: BEGIN IMMEDIATE holds the write lock)
    return n


def samenvatting(html: str) -> list[str]:
    blok = html[html.index('id="foutsamenvatting"'):html.index("</div>", html.index('id="foutsamenvatting"'))]
    return [re.sub(r"\s+", " ", t).strip() for t in re.findall(r"<li><a [^>]*>(.*?)</a></li>", blok, re.S)]


def test_alle_fouten_in_een_keer_met_het_veld_in_de_samenvatting(client, gebruikers, session):
    token = inloggen(client, "intake")
    leeg = {"ontvangen_op": "", "kanaal": "", "melder.achternaam": "", "betrokkene.achternaam": "", "zorgen": "",
            "melder.email": "geen-adres"}
    r = client.post("/meldingen/nieuw", data=formulier(csrf_token=token, **leeg))
    assert r.status_code == 422
    regels = samenvatting(r.text)
    assert "Ontvangen op: Vul in wanneer de melding is ontvangen (datum en tijd)." in regels
    assert "Achternaam van de melder: Vul de achternaam van de melder in." in regels
    assert ("Achternaam van de betrokkene: Vul de achternaam van de betrokkene in, of kies een bekende persoon."
            in regels)
    assert "E-mail van de melder: Geen geldig e-mailadres." in regels
    assert any(r_.startswith("Kanaal: ") for r_ in regels) and any(r_.startswith("Zorgen: ") for r_ in regels)
    assert len(regels) == 6 and "6 punten om te verbeteren" in r.text
    assert not any("betrokkene" in r_ for r_ in regels if r_.startswith("Achternaam van de melder"))
    assert re.search(r'id="foutsamenvatting" tabindex="-1" autofocus', r.text)  # focus moves to the summary
    assert 'href="#melder-achternaam"' in r.text and 'id="melder-achternaam"' in r.text
    assert aantal(session) == 0


def test_ontvangstdatum_waarvan_de_termijn_verstreken_is_vraagt_bevestiging(client, gebruikers, session):
    token = inloggen(client, "intake")
    te_laat = formulier(csrf_token=token, ontvangen_op="2026-02-10T09:00")  # two months back (clock: 13-04)
    r = client.post("/meldingen/nieuw", data=te_laat)
    assert r.status_code == 422
    assert any(r_.startswith("Ontvangstdatum bevestigen: Met dit ontvangstmoment is de beslistermijn")
               for r_ in samenvatting(r.text))
    assert 'id="bevestig-verstreken"' in r.text and 'value="2026-02-10T09:00"' in r.text
    assert aantal(session) == 0
    r = client.post("/meldingen/nieuw", data=te_laat | {"bevestig_verstreken": "1"}, follow_redirects=False)
    assert r.status_code == 303, r.text
    assert aantal(session) == 1
    # a recent receipt needs no confirmation
    r = client.post("/meldingen/nieuw", data=formulier(csrf_token=token, ontvangen_op="2026-04-10T09:00",
                                                       **{"betrokkene.achternaam": "Verbeek"}),
                    follow_redirects=False)
    assert r.status_code == 303
