"""Benchmark: the werkvoorraad page and the JSON list with 100,000 meldingen in the database.

Seeds 100,000 meldingen (and their betrokkenen) with bulk inserts: received over ten years, about 470
still open (the last weeks, some overdue), the rest decided or closed. Then it measures the median and
the 95th percentile of ~50 requests each, in-process through the ASGI app (no network), and prints ms.
Run: `make bench`, or `.venv/bin/python tests/benchmarks/bench_werkvoorraad.py`."""

from __future__ import annotations

import random
import re
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import insert
from sqlmodel import SQLModel

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import wvggz.models  # noqa: E402, F401
from api.main import create_app  # noqa: E402
from tests.factories import TEST_SLEUTEL  # noqa: E402
from wvggz.clock import TZ, FixedClock  # noqa: E402
from wvggz.config import Settings  # noqa: E402
from wvggz.db import make_engine, session_factory  # noqa: E402
from wvggz.gebruikers.service import maak_gebruiker, maak_token  # noqa: E402
from wvggz.meldingen.models import Melding  # noqa: E402
from wvggz.personen.models import Persoon, zoekvorm  # noqa: E402
from wvggz.termijnen.service import bereken_termijn  # noqa: E402

pytestmark = pytest.mark.bench

AANTAL = 100_000
OPEN_DAGEN = 30  # meldingen received in the last month are mostly still open
JAREN = 6  # received over six years (the Wvggz took effect on 1 January 2020)
NU = datetime(2026, 4, 13, 9, 0, tzinfo=TZ)
HERHALINGEN = 50
ACHTERNAMEN = ["de Vries", "Jansen", "Bakker", "Visser", "Smit", "Mulder", "de Graaf", "Bouzid", "Yilmaz", "El Amrani",
               "Meijer", "de Boer", "Peters", "Hendriks", "van Dijk", "Dekker", "Brouwer", "de Wit", "Dijkstra", "Kok"]


def _deadline_per_dag(start: datetime, dagen: int) -> dict:
    """Return receipt date -> deadline moment for every day in the window (the Atw rule, computed once per day)."""
    uit = {}
    for i in range(dagen + 1):
        d = (start + timedelta(days=i)).astimezone(TZ).date()
        uit[d] = bereken_termijn("melding_beslissing", d.isoformat()).eindmoment.astimezone(UTC)
    return uit


def _rijen(intake_ids: list[int]) -> tuple[list[dict], list[dict]]:
    """Return (personen, meldingen) rows: one betrokkene per melding, 5,000 shared melders."""
    rnd = random.Random(2026)
    begin = NU - timedelta(days=JAREN * 365)
    deadlines = _deadline_per_dag(begin, JAREN * 365 + 2)
    personen = [{"id": i, "voornaam": f"Voornaam{i}", "achternaam": f"{rnd.choice(ACHTERNAMEN)} {i}",
                 "geboortedatum": datetime(1940 + i % 65, 1 + i % 12, 1 + i % 28).date(), "woonplaats": "Den Haag", "gemeente": "Den Haag",
                 "aangemaakt_op": NU} for i in range(1, AANTAL + 5_001)]
    for p in personen:  # bulk inserts bypass the ORM event that keeps the search columns
        p["zoeknaam"], p["zoekvoornaam"] = zoekvorm(p["achternaam"]), zoekvorm(p["voornaam"])
    meldingen = []
    for i in range(1, AANTAL + 1):
        ontvangen = (begin + timedelta(seconds=rnd.uniform(0, JAREN * 365 * 86400))).astimezone(UTC)
        uiterlijk = deadlines[ontvangen.astimezone(TZ).date()]
        recent = (NU - ontvangen).days < OPEN_DAGEN
        open_ = recent and rnd.random() < 0.55
        besloten = None if open_ or rnd.random() < 0.1 else ontvangen + timedelta(days=rnd.uniform(3, 20))
        status = ("ontvangen" if rnd.random() < 0.3 else "in_onderzoek") if open_ else (
            "afgesloten" if besloten else rnd.choice(["doorgestuurd", "doorverwezen"]))
        meldingen.append({
            "id": i, "versie": 1, "status": status, "open": open_, "gemeente": "Den Haag", "ontvangen_op": ontvangen,
            "kanaal": "telefoon", "melder_id": AANTAL + 1 + i % 5_000, "melder_relatie": "buur",
            "melder_is_naaste": False, "anoniem_tov_betrokkene": False, "betrokkene_id": i, "zorgen": "Zorgen.",
            "acuut": False, "behandelaar_id": rnd.choice(intake_ids) if status == "in_onderzoek" else None,
            "uiterlijk_besluit_op": uiterlijk, "besloten_op": besloten,
            "besluit": "geen_aanvraag" if besloten else None,
            "tijdig_besloten": (besloten <= uiterlijk) if besloten else None,
        })
    return personen, meldingen


def _seed(settings: Settings):  # noqa: ANN202
    engine = make_engine(settings.database_url)
    SQLModel.metadata.create_all(engine)
    factory = session_factory(engine)
    klok = FixedClock(NU)
    with factory() as s:
        intake = [maak_gebruiker(session=s, clock=klok, gebruikersnaam=f"intake{i}", rol="intake",
                                 wachtwoord="bench-wachtwoord", gemeente="Den Haag", naam=f"Intake {i}")
                  for i in range(5)]
        token = maak_token(session=s, clock=klok, gebruiker=intake[0])
        maak_gebruiker(session=s, clock=klok, gebruikersnaam="pl", rol="projectleider", wachtwoord="bench-wachtwoord",
                       gemeente="Den Haag", naam="Projectleider")
        s.commit()
        personen, meldingen = _rijen([g.id for g in intake])
        begin = time.perf_counter()
        for tabel, rijen in ((Persoon.__table__, personen), (Melding.__table__, meldingen)):
            for i in range(0, len(rijen), 10_000):
                s.execute(insert(tabel), rijen[i:i + 10_000])
        s.commit()
        print(f"\n  seeded {len(meldingen):,} meldingen, {len(personen):,} personen in "
              f"{time.perf_counter() - begin:.1f} s; open: {sum(m['open'] for m in meldingen):,}")
    return engine, factory, klok, token


def _login(client: TestClient, naam: str) -> None:
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text).group(1)
    r = client.post("/login", data={"gebruikersnaam": naam, "wachtwoord": "bench-wachtwoord", "csrf_token": csrf},
                    follow_redirects=False)
    assert r.status_code == 303, r.text[:300]


def _meet(client: TestClient, pad: str, zoek: str | None = None, **kwargs) -> tuple[float, float]:  # noqa: ANN003
    """Return (median, p95) in ms of HERHALINGEN requests of `pad` after 3 warm-up requests
    (a GET, or a POST with {"zoek": ...} for the search)."""
    def vraag():
        return client.post(pad, json={"zoek": zoek}, **kwargs) if zoek else client.get(pad, **kwargs)

    for _ in range(3):
        assert vraag().status_code == 200
    tijden = []
    for _ in range(HERHALINGEN):
        begin = time.perf_counter()
        r = vraag()
        tijden.append((time.perf_counter() - begin) * 1000)
        assert r.status_code == 200, r.text[:300]
    return statistics.median(tijden), statistics.quantiles(tijden, n=20)[-1]


def meet_alles() -> dict[str, tuple[float, float]]:
    """Seed a fresh database and measure the page and the API; prints and returns the figures."""
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(database_url=f"sqlite:///{tmp}/bench.db", gemeente="Den Haag", secret_key=TEST_SLEUTEL, https=False)
        engine, factory, klok, token = _seed(settings)
        app = create_app(settings, session_factory_=factory, clock=klok)
        uitslag = {}
        with TestClient(app) as client:
            _login(client, "intake0")
            api = {"headers": {"Authorization": f"Bearer {token}"}}
            gevallen = {
                "pagina /werkvoorraad": ("/werkvoorraad", {}),
                "pagina /werkvoorraad?verlopen=1": ("/werkvoorraad?verlopen=1", {}),
                "api POST /api/v1/meldingen/zoeken jansen": ("/api/v1/meldingen/zoeken", api | {"zoek": "jansen"}),
                "pagina /werkvoorraad?pagina=20": ("/werkvoorraad?pagina=20", {}),
                "api /api/v1/meldingen": ("/api/v1/meldingen", api),
            }
            for naam, (pad, extra) in gevallen.items():
                uitslag[naam] = _meet(client, pad, **extra)
        with TestClient(app) as client:
            _login(client, "pl")
            uitslag["pagina /dashboard (projectleider)"] = _meet(client, "/dashboard")
        for naam, (med, p95) in uitslag.items():
            print(f"  {naam:40} median {med:7.1f} ms   p95 {p95:7.1f} ms   ({HERHALINGEN} requests)")
        engine.dispose()
        return uitslag


def test_werkvoorraad_met_100000_meldingen():
    uitslag = meet_alles()
    assert set(uitslag) >= {"pagina /werkvoorraad", "api /api/v1/meldingen"}


if __name__ == "__main__":
    meet_alles()
