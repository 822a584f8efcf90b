"""20 writers with the same `versie` on one case, on PostgreSQL, through the API: one wins, every loser 409.

Before the case row was locked at read time, an autoflush inside the effects hit the winner's row lock and
raised StaleDataError outside the commit's handler (500), or read the winner's rows and failed a check (422).
Run with -s to see the table (2xx/409/other per action)."""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from sqlmodel import func, select

from tests.factories import TEST_SLEUTEL, beroep_api, melding_api
from tests.factories import crisismaatregel as cm_api
from tests.factories import triage as triage_api
from wvggz.audit.models import Historie
from wvggz.config import Settings

pytestmark = pytest.mark.postgres
SCHRIJVERS = 20


@pytest.fixture
def settings(postgres_url) -> Settings:
    return Settings(database_url=postgres_url, gemeente="Den Haag", secret_key=TEST_SLEUTEL, https=False)


def _race(doe) -> Counter:
    """Run `doe()` (one HTTP call) in SCHRIJVERS threads released together; count the status codes."""
    start = threading.Barrier(SCHRIJVERS)
    codes: list[int] = []
    slot = threading.Lock()

    def een():
        start.wait()
        code = doe().status_code
        with slot:
            codes.append(code)

    draden = [threading.Thread(target=een) for _ in range(SCHRIJVERS)]
    for d in draden:
        d.start()
    for d in draden:
        d.join()
    return Counter(codes)


def _melding_in_onderzoek(client, gebruikers):
    m = melding_api.maak(client, gebruikers)
    return melding_api.actie(client, gebruikers, m, "start_onderzoek",
                             behandelaar_id=gebruikers["intake"][0].id).json()


ACTIES = {
    "stuur_door": (
        "melding", melding_api.maak,
        lambda c, g, m: melding_api.actie(c, g, m, "stuur_door", gemeente="Rijswijk")),
    "besluit_geen_aanvraag": (
        "melding", _melding_in_onderzoek,
        lambda c, g, m: melding_api.actie(c, g, m, "besluit_geen_aanvraag", reden_code="vrijwillige_zorg",
                                          reden="FACT", medische_expertise="SPV", gesprek_met_betrokkene=True)),
    "start_onderzoek": (
        "melding", melding_api.maak,
        lambda c, g, m: melding_api.actie(c, g, m, "start_onderzoek", behandelaar_id=g["intake"][0].id)),
    "neem_maatregel": (
        "crisismaatregel", cm_api.klaar,
        lambda c, g, cm: cm_api.actie(c, g, cm, "neem_maatregel", **cm_api.BESLUIT)),
    "registreer_somatische_screening": (
        "triage", triage_api.maak,
        lambda c, g, t: triage_api.actie(c, g, t, "registreer_somatische_screening", **triage_api.SCREENING)),
    "stel_in": (
        "beroep", lambda c, g: beroep_api.beroep_van(c, g, cm_api.genomen(c, g)),
        lambda c, g, b: beroep_api.actie(c, g, b, "stel_in", ingesteld_op="2026-04-13T10:00")),
}


@pytest.mark.parametrize("naam", list(ACTIES))
def test_twintig_schrijvers_een_wint_rest_409(naam, client, gebruikers, factory, clock):
    zaak_type, maak, doe = ACTIES[naam]
    zaak = maak(client, gebruikers)
    if naam == "stel_in":
        clock.advance(hours=1)
    telling = _race(lambda: doe(client, gebruikers, zaak))
    print(f"\n{naam:35s} 2xx={sum(v for k, v in telling.items() if k < 300):2d} 409={telling[409]:2d} "
          f"anders={sum(v for k, v in telling.items() if k >= 300 and k != 409):2d} {dict(telling)}")
    assert telling == Counter({200: 1, 409: SCHRIJVERS - 1}), dict(telling)
    with factory() as s:
        n = s.exec(select(func.count()).select_from(Historie).where(
            Historie.zaak_type == zaak_type, Historie.zaak_id == zaak["id"], Historie.actie == naam)).one()
    assert n == 1
