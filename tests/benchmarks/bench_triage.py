"""Benchmark: a year of the OVP (2,000 triages) logged through the JSON API, then the board with 50 present.

Every triage runs the full flow over HTTP (in-process ASGI, TestClient) on a SQLite file: arrival, somatic
and psychiatric screening, outcome, departure; about 1 in 20 is handed over to a zorgmelding and 1 in 40
to a crisismaatregel (half with tijdelijke verplichte zorg). Arrivals are spread over the year with a
FixedClock. Prints the time per triage (mean, median, p95), per request, and the board's response time
(median and p95 of 50 requests; each request also writes one access row per person shown).
Run: `make bench`, or `.venv/bin/python tests/benchmarks/bench_triage.py`."""

from __future__ import annotations

import random
import re
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import SQLModel

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import wvggz.models  # noqa: E402, F401
from api.main import create_app  # noqa: E402
from tests.factories import TEST_SLEUTEL  # noqa: E402
from wvggz.clock import TZ, FixedClock  # noqa: E402
from wvggz.config import Settings  # noqa: E402
from wvggz.db import make_engine, session_factory  # noqa: E402
from wvggz.gebruikers.service import maak_gebruiker, maak_token  # noqa: E402

pytestmark = pytest.mark.bench

AANTAL = 2_000
AANWEZIG = 50
HERHALINGEN = 50
BEGIN = datetime(2025, 4, 13, 0, 0, tzinfo=TZ)
UITKOMSTEN = [("naar_huis_zonder_vervolg", 20), ("naar_huis_met_vervolg", 20), ("vrijwillige_opname_ggz", 25),
              ("beoordeling_crisisdienst", 8), ("verslavingszorg", 5), ("somatisch_ziekenhuis", 4),
              ("maatschappelijke_opvang", 4), ("zorg_geweigerd_vrijgelaten", 6), ("onttrokken", 3),
              ("politiecel", 3), ("overig", 2)]
SCREENING = {"door": "SPV OVP", "bevindingen": "Geen letsel, licht geïntoxiceerd", "vlaggen": ["intoxicatie"]}


class Api:
    """Posts with the OVP token and counts requests and their time."""

    def __init__(self, client: TestClient, token: str) -> None:
        self.client, self.kop, self.tijden = client, {"Authorization": f"Bearer {token}"}, []

    def post(self, pad: str, body: dict) -> dict:
        begin = time.perf_counter()
        r = self.client.post(pad, json=body, headers=self.kop)
        self.tijden.append(time.perf_counter() - begin)
        assert r.status_code in (200, 201), r.text[:300]
        return r.json()

    def stap(self, t: dict, actie: str, **velden) -> dict:  # noqa: ANN003
        return self.post(f"/api/v1/triages/{t['id']}/acties/{actie}", {"versie": t["versie"], **velden})


def _aankomst(api: Api, rnd: random.Random, i: int) -> dict:
    politie = rnd.random() < 0.8
    body = {"gebracht_door": "politie" if politie else rnd.choice(["ambulance", "zelf"]),
            "verdacht_van_strafbaar_feit": rnd.random() < 0.25}
    if politie:
        body["e33_nummer"] = f"E33-{2025_000_000 + i}"
    if rnd.random() < 0.9:
        body["persoon"] = {"voornaam": f"Voornaam{i}", "achternaam": f"Achternaam {i}", "geboortedatum": "1980-01-01"}
    else:
        body["signalement"] = "Onbekend, ca. 40 jaar"
    return api.post("/api/v1/triages", body)


def _uitkomst(rnd: random.Random, t: dict, i: int) -> dict:
    if i % 40 == 0:
        return {"uitkomst": "tvz_voor_crisismaatregel" if i % 80 == 0 else "crisismaatregel"}
    code = rnd.choices([c for c, _ in UITKOMSTEN], weights=[w for _, w in UITKOMSTEN])[0]
    if code == "politiecel" and not t["verdacht_van_strafbaar_feit"]:
        code = "zorg_geweigerd_vrijgelaten"
    extra = {"naar_huis_met_vervolg": {"vervolg": "wijkteam"}, "overig": {"toelichting": "Opgehaald door familie"}}
    return {"uitkomst": code, **extra.get(code, {})}


def _volledig(api: Api, klok: FixedClock, rnd: random.Random, i: int) -> None:
    """One triage from arrival to departure, with the hand-over where the outcome asks for it."""
    t = _aankomst(api, rnd, i)
    klok.advance(minutes=15)
    t = api.stap(t, "registreer_somatische_screening", **SCREENING)
    klok.advance(minutes=40)
    t = api.stap(t, "registreer_psychiatrische_screening", **SCREENING)
    klok.advance(minutes=20)
    t = api.stap(t, "leg_uitkomst_vast", **_uitkomst(rnd, t, i))
    if i % 20 == 0:
        t = api.stap(t, "maak_melding", zorgen="Herhaaldelijk binnengebracht; zorgen over de woonsituatie.",
                     **({} if t["persoon"] else {"betrokkene": {"achternaam": f"Later bekend {i}"}}))
    if t["uitkomst"]["code"] in ("tvz_voor_crisismaatregel", "crisismaatregel"):
        tvz = {"tvz_start": klok.now().isoformat()} if t["uitkomst"]["code"] == "tvz_voor_crisismaatregel" else {}
        t = api.stap(t, "start_crisismaatregel", **tvz,
                     **({} if t["persoon"] else {"betrokkene": {"achternaam": f"Later bekend {i}"}}))
    klok.advance(minutes=10)
    api.stap(t, "vertrek", vertrokken_op=klok.now().isoformat())


def _jaar(api: Api, klok: FixedClock) -> list[float]:
    """Log AANTAL triages spread over a year; returns the seconds per full triage."""
    rnd = random.Random(2026)
    stap = timedelta(days=365) / AANTAL
    per_triage = []
    for i in range(1, AANTAL + 1):
        klok.set(BEGIN + stap * i)
        begin = time.perf_counter()
        _volledig(api, klok, rnd, i)
        per_triage.append(time.perf_counter() - begin)
    return per_triage


def _meet(client: TestClient, pad: str, **kwargs) -> tuple[float, float]:  # noqa: ANN003
    """Return (median, p95) in ms of HERHALINGEN GETs of `pad` after 3 warm-up requests."""
    for _ in range(3):
        assert client.get(pad, **kwargs).status_code == 200
    tijden = []
    for _ in range(HERHALINGEN):
        begin = time.perf_counter()
        r = client.get(pad, **kwargs)
        tijden.append((time.perf_counter() - begin) * 1000)
        assert r.status_code == 200, r.text[:300]
    return statistics.median(tijden), statistics.quantiles(tijden, n=20)[-1]


def _bord(api: Api, klok: FixedClock) -> None:
    """Put AANWEZIG people on the board, in every step, over the last 16 hours."""
    rnd = random.Random(7)
    nu = BEGIN + timedelta(days=366)
    for i in range(AANWEZIG):
        klok.set(nu - timedelta(minutes=20 * (AANWEZIG - i)))
        t = _aankomst(api, rnd, AANTAL + 1 + i)
        if i % 3:
            t = api.stap(t, "registreer_somatische_screening", **SCREENING)
        if i % 3 == 2:
            t = api.stap(t, "registreer_psychiatrische_screening", **SCREENING)
    klok.set(nu)


def _login(client: TestClient) -> None:
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text).group(1)
    r = client.post("/login", data={"gebruikersnaam": "ovp", "wachtwoord": "bench-wachtwoord", "csrf_token": csrf},
                    follow_redirects=False)
    assert r.status_code == 303, r.text[:300]


def meet_alles() -> dict[str, float]:
    """Run the year and the board measurements on a fresh SQLite file; prints and returns the figures."""
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(database_url=f"sqlite:///{tmp}/bench.db", gemeente="Den Haag", secret_key=TEST_SLEUTEL, https=False,
                            basis_url="https://wvggz.bench.example")
        engine = make_engine(settings.database_url)
        SQLModel.metadata.create_all(engine)
        factory, klok = session_factory(engine), FixedClock(BEGIN)
        with factory() as s:
            ovp = maak_gebruiker(session=s, clock=klok, gebruikersnaam="ovp", rol="ovp", wachtwoord="bench-wachtwoord",
                                 gemeente="Den Haag", naam="OVP")
            token = maak_token(session=s, clock=klok, gebruiker=ovp, geldig_dagen=400)  # the whole simulated year
            s.commit()
        uitslag: dict[str, float] = {}
        with TestClient(create_app(settings, session_factory_=factory, clock=klok)) as client:
            api = Api(client, token)
            begin = time.perf_counter()
            per_triage = _jaar(api, klok)
            totaal = time.perf_counter() - begin
            uitslag |= {"triages": AANTAL, "requests": len(api.tijden), "totaal_s": totaal,
                        "per_triage_ms": totaal / AANTAL * 1000,
                        "per_triage_median_ms": statistics.median(per_triage) * 1000,
                        "per_triage_p95_ms": statistics.quantiles(per_triage, n=20)[-1] * 1000,
                        "per_request_median_ms": statistics.median(api.tijden) * 1000}
            _bord(api, klok)
            kop = {"headers": api.kop}
            bord = client.get("/api/v1/triages?aanwezig=true", **kop).json()
            assert bord["totaal"] == AANWEZIG and len(bord["items"]) == AANWEZIG
            uitslag["bord_api_median_ms"], uitslag["bord_api_p95_ms"] = _meet(
                client, "/api/v1/triages?aanwezig=true", **kop)
            jaar = f"van={BEGIN.date()}&tot={(BEGIN + timedelta(days=366)).date()}"
            uitslag["cijfers_jaar_median_ms"], _ = _meet(client, f"/api/v1/triages/cijfers?{jaar}", **kop)
            uitslag["csv_jaar_median_ms"], _ = _meet(client, f"/api/v1/triages/export.csv?{jaar}", **kop)
            _login(client)
            uitslag["bord_pagina_median_ms"], uitslag["bord_pagina_p95_ms"] = _meet(client, "/ovp")
            uitslag["bord_fragment_median_ms"], _ = _meet(client, "/ovp/bord")
        engine.dispose()
    _druk(uitslag)
    return uitslag


def _druk(u: dict[str, float]) -> None:
    print(f"\n  {u['triages']:,} triages, {u['requests']:,} API requests in {u['totaal_s']:.1f} s")
    print(f"  per triage (full flow): mean {u['per_triage_ms']:.1f} ms, median {u['per_triage_median_ms']:.1f} ms, "
          f"p95 {u['per_triage_p95_ms']:.1f} ms; per request median {u['per_request_median_ms']:.1f} ms")
    print(f"  board, {AANWEZIG} present: api median {u['bord_api_median_ms']:.1f} ms, p95 {u['bord_api_p95_ms']:.1f} ms; "
          f"page /ovp median {u['bord_pagina_median_ms']:.1f} ms, p95 {u['bord_pagina_p95_ms']:.1f} ms; "
          f"fragment /ovp/bord median {u['bord_fragment_median_ms']:.1f} ms")
    print(f"  figures for the year: cijfers median {u['cijfers_jaar_median_ms']:.1f} ms, "
          f"csv median {u['csv_jaar_median_ms']:.1f} ms")


def test_een_jaar_ovp_en_het_bord():
    uitslag = meet_alles()
    assert uitslag["requests"] >= AANTAL * 5


if __name__ == "__main__":
    meet_alles()
