"""HTTP benchmark (issue 15): the real server (`wvggz serve --workers 2`) driven by wrk, next to a floor.

Per database (SQLite file; PostgreSQL when WVGGZ_TEST_POSTGRES_URL is set): migrate, one intake user with a
token, then for BENCH_HTTP_SECONDEN (8) seconds each
- intake POST /api/v1/meldingen at 4 and 16 connections (each request a new, confirmed betrokkene);
- one action (start_onderzoek, versie 1) at 1 connection, one pre-made melding per request;
and the same against the floor (tests/benchmarks/http_vloer.py: a minimal ASGI app on the same uvicorn setup
writing the same rows with plain SQL through the same driver). Each server (app and floor) first gets OPWARMEN (2)
seconds of intake at 4 connections, printed as `opwarmen`, not a target: the measurements then see workers past
their first requests (the first measurement after a start was at times half as fast as the next ones). Printed: a table and one JSON line with
requests/s, p50, p99, errors and the app/floor time ratio. Nothing is timed-asserted; every request must
succeed (non-2xx or socket errors fail the benchmark). Without wrk the benchmark skips. BENCH_HTTP_DRADEN sets the
threads per worker (WVGGZ_DRADEN_PER_WERKER, ADR 0026) to compare caps.
Targets: intake >= 300/s at 4 and 16 clients, p99 < 100 ms at 16; action p50 < 5 ms, p99 < 20 ms."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from tests.factories import TEST_SLEUTEL
from tests.factories.database import nieuwe_postgres_database

WRK = shutil.which("wrk")
DUUR = int(os.environ.get("BENCH_HTTP_SECONDEN", "8"))
OPWARMEN = 2  # seconds of intake at 4 connections before the measurements: every worker past its first requests
WORKERS = 2
ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
WACHTWOORD = "bench-wachtwoord-http-2026"
VLOER = "tests.benchmarks.http_vloer:maak_app"

pytestmark = pytest.mark.skipif(WRK is None, reason="wrk ontbreekt: installeer het (scripts/systeempakketten.sh)")

# Lua for wrk: every thread gets its own number (setup), every request a new surname (letters only).
KLAAR = r"""
done = function(s, lat, req)
  io.write(string.format('WRKJSON {"requests":%d,"duration_us":%d,"status":%d,"connect":%d,"read":%d,' ..
    '"write":%d,"timeout":%d,"p50_us":%d,"p99_us":%d,"max_us":%d}\n', s.requests, s.duration, s.errors.status,
    s.errors.connect, s.errors.read, s.errors.write, s.errors.timeout, lat:percentile(50), lat:percentile(99),
    lat.max))
end
"""
INTAKE = r"""
local volgende = 0
setup = function(thread) volgende = volgende + 1; thread:set("tid", volgende) end
local teller = 0
local function letters(n)
  local s = ""
  repeat s = s .. string.char(97 + n % 26); n = math.floor(n / 26) until n == 0
  return s
end
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer TOKEN"
request = function()
  teller = teller + 1
  local naam = "Vries" .. letters(tid * 100000000 + teller)
  local body = '{"kanaal":"telefoon","melder":{"voornaam":"Marja","achternaam":"Pieters","relatie":"ouder",' ..
    '"email":"marja@example.org","telefoon":"070 353 56 50"},"betrokkene":{"voornaam":"Jan","achternaam":"' ..
    naam .. '","geboortedatum":"1971-03-02","postcode":"2511ab","woonplaats":"Den Haag",' ..
    '"nieuwe_persoon_bevestigd":true},"zorgen":"Verward gedrag, slaapt niet, vervuilde woning."}'
  return wrk.format(nil, "PAD", nil, body)
end
"""
ACTIE = r"""
local teller = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer TOKEN"
request = function()
  teller = teller + 1
  if teller > LAATSTE then teller = LAATSTE end
  return wrk.format(nil, string.format("PAD", teller), nil, '{"versie":1,"behandelaar_id":BEHANDELAAR}')
end
response = function(status, headers, body)
  if teller >= LAATSTE then wrk.thread:stop() end
end
"""


def _vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def _server(env: dict, *, vloer: bool):
    """Run `wvggz serve --workers 2` (or the floor on the same `wvggz.serve.start`) until the block ends."""
    poort = _vrije_poort()
    if vloer:
        code = ("from wvggz.logging import configure; from wvggz.serve import start; configure('INFO'); "
                f"start('127.0.0.1', {poort}, workers={WORKERS}, app={VLOER!r})")
        cmd = [sys.executable, "-c", code]
    else:
        cmd = [str(BIN / "wvggz"), "serve", "--host", "127.0.0.1", "--port", str(poort), "--workers", str(WORKERS)]
    proces = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        basis = f"http://127.0.0.1:{poort}"
        for _ in range(300):
            try:
                urllib.request.urlopen(basis + ("/health" if not vloer else "/leeg"), timeout=1)
                break
            except urllib.error.HTTPError:
                break  # the floor answers 404 on anything else: it is up
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError("server start niet")
        yield basis
    finally:
        proces.terminate()
        proces.wait(timeout=30)


def _wrk(tmp: Path, lua: str, url: str, verbindingen: int, duur: int = DUUR) -> dict:
    """Run wrk with `lua` for `duur` seconds; return the parsed summary (ms, requests/s, errors)."""
    script = tmp / f"wrk-{time.monotonic_ns()}.lua"
    script.write_text(lua + KLAAR)
    uit = subprocess.run([WRK, "-t", str(min(verbindingen, 2)), "-c", str(verbindingen), "-d", f"{duur}s",
                          "--timeout", "10s", "-s", str(script), url], capture_output=True, text=True, check=True)
    regel = next(r for r in uit.stdout.splitlines() if r.startswith("WRKJSON "))
    d = json.loads(regel[8:])
    return {"rps": round(d["requests"] / (d["duration_us"] / 1e6), 1), "p50_ms": round(d["p50_us"] / 1000, 2),
            "p99_ms": round(d["p99_us"] / 1000, 2), "max_ms": round(d["max_us"] / 1000, 1),
            "fouten": d["status"] + d["connect"] + d["read"] + d["write"] + d["timeout"], "n": d["requests"]}


def _voorbereid(url: str) -> tuple[dict, str, int]:
    """Migrate, make the intake user; return (env, token, user id)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("WVGGZ_")}
    env |= {"WVGGZ_DATABASE_URL": url, "WVGGZ_SECRET_KEY": TEST_SLEUTEL, "WVGGZ_HTTPS": "false",
            "WVGGZ_VLOER_URL": url, "WVGGZ_LOG_LEVEL": "INFO", "PYTHONPATH": str(ROOT),
            "WVGGZ_BASIS_URL": "https://wvggz.bench.example"}  # not loopback: refused outside development
    if os.environ.get("BENCH_HTTP_DRADEN"):  # threads per worker (ADR 0026); else the setting's default
        env["WVGGZ_DRADEN_PER_WERKER"] = os.environ["BENCH_HTTP_DRADEN"]
    subprocess.run([str(BIN / "wvggz"), "migrate"], env=env, check=True, capture_output=True)
    uit = subprocess.run([str(BIN / "wvggz"), "gebruiker", "maak", "bench", "--rol", "intake", "--wachtwoord",
                          WACHTWOORD], env=env, check=True, capture_output=True, text=True)
    token = uit.stdout.strip().splitlines()[-1]
    return env, token, _een(url, "SELECT id FROM gebruiker WHERE gebruikersnaam = 'bench'")


def _een(url: str, sql: str) -> int:
    engine = create_engine(url, poolclass=NullPool)
    with engine.connect() as conn:
        waarde = conn.execute(text(sql)).scalar_one()
    engine.dispose()
    return int(waarde)


def _meet(url: str, naam: str, tmp: Path) -> dict:
    env, token, gebruiker_id = _voorbereid(url)
    uitslag: dict = {"database": naam, "seconden": DUUR, "workers": WORKERS}
    intake = INTAKE.replace("TOKEN", token)
    with _server(env, vloer=False) as basis:
        uitslag["opwarmen"] = _wrk(tmp, intake.replace("PAD", "/api/v1/meldingen"), basis, 4, OPWARMEN)
        for c in (4, 16):
            uitslag[f"intake_{c}"] = _wrk(tmp, intake.replace("PAD", "/api/v1/meldingen"), basis, c)
        laatste = _een(url, "SELECT count(*) FROM melding") - 5
        actie = ACTIE.replace("TOKEN", token).replace("LAATSTE", str(laatste)).replace(
            "BEHANDELAAR", str(gebruiker_id)).replace("PAD", "/api/v1/meldingen/%d/acties/start_onderzoek")
        uitslag["actie_1"] = _wrk(tmp, actie, basis, 1)
    with _server(env, vloer=True) as basis:
        uitslag["vloer_opwarmen"] = _wrk(tmp, intake.replace("PAD", "/intake"), basis, 4, OPWARMEN)
        for c in (4, 16):
            uitslag[f"vloer_intake_{c}"] = _wrk(tmp, intake.replace("PAD", "/intake"), basis, c)
        laatste = _een(url, "SELECT count(*) FROM vloer_zaak") - 5
        actie = ACTIE.replace("TOKEN", token).replace("LAATSTE", str(laatste)).replace(
            "BEHANDELAAR", str(gebruiker_id)).replace("PAD", "/actie/%d")
        uitslag["vloer_actie_1"] = _wrk(tmp, actie, basis, 1)
    for sleutel in ("opwarmen", "intake_4", "intake_16", "actie_1"):
        app, vloer = uitslag[sleutel], uitslag[f"vloer_{sleutel}"]
        app["app_vloer"] = round(vloer["rps"] / app["rps"], 2) if app["rps"] else None
    _druk(uitslag)
    return uitslag


def _druk(u: dict) -> None:
    print(f"\nHTTP ({u['database']}, {u['workers']} workers, {u['seconden']} s per meting; app/vloer = tijd per "
          f"verzoek t.o.v. de vloer)")
    print(f"{'meting':<12}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'fouten':>8}{'vloer/s':>10}{'v p50':>8}"
          f"{'v p99':>8}{'app/vloer':>11}")
    for sleutel in ("opwarmen", "intake_4", "intake_16", "actie_1"):
        a, v = u[sleutel], u[f"vloer_{sleutel}"]
        print(f"{sleutel:<12}{a['rps']:>9}{a['p50_ms']:>9}{a['p99_ms']:>9}{a['fouten']:>8}{v['rps']:>10}"
              f"{v['p50_ms']:>8}{v['p99_ms']:>8}{a['app_vloer']:>11}")
    print("BENCH_HTTP " + json.dumps(u, sort_keys=True))


def _controleer(u: dict) -> None:
    fout = {k: v["fouten"] for k, v in u.items() if isinstance(v, dict) and v["fouten"]}
    assert not fout, f"verzoeken mislukt (niet-2xx of socketfout): {fout}"


def test_http_sqlite(tmp_path: Path) -> None:
    _controleer(_meet(f"sqlite:///{tmp_path / 'http.db'}", "sqlite", tmp_path))


def test_http_postgres(tmp_path: Path) -> None:
    with nieuwe_postgres_database() as url:
        _controleer(_meet(url, "postgres", tmp_path))
