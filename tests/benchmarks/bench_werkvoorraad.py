"""Benchmark: the werkvoorraad page and the JSON list with 100,000 meldingen in the database.

Seeds 100,000 meldingen (and their betrokkenen and decision terms) with bulk inserts: received over six
years, about 800 still open (the last weeks, some overdue), the rest decided or closed; the dashboard's
monthly figures are rebuilt once after the seed (`herbereken`, as after a migration). Then it measures the
median and the 95th percentile of ~50 requests each, in-process through the ASGI app (no network), each next
to a FLOOR on the same database file: the plain SQL that returns the same rows or figures through the same
driver (reads only; the app also writes the access log of the rows it shows). Prints a table and one JSON
line. Run: `make bench`, or `.venv/bin/python tests/benchmarks/bench_werkvoorraad.py`
(WVGGZ_BENCH_DB=path keeps the seeded database between runs)."""

from __future__ import annotations

import json
import os
import random
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import insert, text
from sqlmodel import SQLModel, select

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import wvggz.models  # noqa: E402, F401
from api.main import create_app  # noqa: E402
from tests.factories import TEST_SLEUTEL  # noqa: E402
from tests.factories.bulk import rij_van  # noqa: E402
from wvggz.cijfers.service import herbereken  # noqa: E402
from wvggz.clock import TZ, FixedClock  # noqa: E402
from wvggz.config import Settings  # noqa: E402
from wvggz.db import make_engine, session_factory  # noqa: E402
from wvggz.escalaties.models import Escalatie  # noqa: E402
from wvggz.gebruikers.models import Gebruiker  # noqa: E402
from wvggz.gebruikers.service import maak_gebruiker, maak_token  # noqa: E402
from wvggz.meldingen.models import Melding  # noqa: E402
from wvggz.personen.models import Persoon, zoekvorm  # noqa: E402
from wvggz.termijnen.models import Termijn  # noqa: E402
from wvggz.termijnen.service import bereken_termijn, nieuwe_termijn  # noqa: E402

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


def _termijnrijen(settings: Settings, meldingen: list[dict]) -> list[dict]:
    """One melding_beslissing term per melding: running for the open ones (computed), closed for the rest."""
    gesloten = rij_van(nieuwe_termijn(soort="melding_beslissing", zaak_type="melding", zaak_id=0,
                                      start=NU - timedelta(days=400), settings=settings))
    gesloten |= {"status": "gesloten", "volgende_trede_op": None, "gesloten_op": NU - timedelta(days=390), "tijdig": True}
    uit = []
    for m in meldingen:
        if m["open"]:
            uit.append(rij_van(nieuwe_termijn(soort="melding_beslissing", zaak_type="melding", zaak_id=m["id"],
                                              start=m["ontvangen_op"], settings=settings)))
        else:
            uit.append(gesloten | {"zaak_id": m["id"]})
    return uit


def _escalatierijen(meldingen: list[dict]) -> list[dict]:
    """One herinnering per melding (term id = melding id): acknowledged, except for open overdue meldingen."""
    sjabloon = rij_van(Escalatie(termijn_id=0, trede="herinnering", termijn_soort="melding_beslissing",
                                 zaak_type="melding", zaak_id=0, referentie="", pad="", gemeente="Den Haag",
                                 ontvanger="behandelaar", gepland_op=NU, gevuurd_op=NU))
    uit = []
    for m in meldingen:
        gevuurd = m["ontvangen_op"] + timedelta(days=7)
        if gevuurd > NU:
            continue
        open_ = m["open"] and m["besloten_op"] is None and m["uiterlijk_besluit_op"] < NU
        uit.append(sjabloon | {"termijn_id": m["id"], "zaak_id": m["id"], "referentie": f"M-{m['id']:06d}",
                               "pad": f"/meldingen/{m['id']}", "gepland_op": gevuurd, "gevuurd_op": gevuurd,
                               "bevestigd_op": None if open_ else gevuurd + timedelta(hours=2)})
    return uit


def _gebruikers(factory, klok) -> str:  # noqa: ANN001
    """Create five intake users and a projectleider; returns the API token of intake0."""
    with factory() as s:
        intake = [maak_gebruiker(session=s, clock=klok, gebruikersnaam=f"intake{i}", rol="intake",
                                 wachtwoord="bench-wachtwoord", gemeente="Den Haag", naam=f"Intake {i}")
                  for i in range(5)]
        maak_gebruiker(session=s, clock=klok, gebruikersnaam="pl", rol="projectleider", wachtwoord="bench-wachtwoord",
                       gemeente="Den Haag", naam="Projectleider")
        s.commit()
        return [g.id for g in intake]


def _seed(settings: Settings, factory) -> None:  # noqa: ANN001
    klok = FixedClock(NU)
    personen, meldingen = _rijen(_gebruikers(factory, klok))
    begin = time.perf_counter()
    with factory() as s:
        for tabel, rijen in ((Persoon.__table__, personen), (Melding.__table__, meldingen),
                             (Termijn.__table__, _termijnrijen(settings, meldingen)),
                             (Escalatie.__table__, _escalatierijen(meldingen))):
            for i in range(0, len(rijen), 10_000):
                s.execute(insert(tabel), rijen[i:i + 10_000])
        s.commit()
    seed = time.perf_counter() - begin
    begin = time.perf_counter()
    with factory() as s:
        herbereken(s.connection())  # bulk rows bypass the decision hook: rebuild once, as the migration does
        s.commit()
    with factory() as s:
        s.connection().exec_driver_sql("ANALYZE")
        s.commit()
    print(f"\n  seeded {len(meldingen):,} meldingen, {len(personen):,} personen in {seed:.1f} s; "
          f"open: {sum(m['open'] for m in meldingen):,}; monthly figures rebuilt in {time.perf_counter() - begin:.1f} s")


def _login(client: TestClient, naam: str) -> None:
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text).group(1)
    r = client.post("/login", data={"gebruikersnaam": naam, "wachtwoord": "bench-wachtwoord", "csrf_token": csrf},
                    follow_redirects=False)
    assert r.status_code == 303, r.text[:300]


def _tijden(vraag: Callable[[], object]) -> tuple[float, float]:
    """Return (median, p95) in ms of HERHALINGEN calls after 3 warm-up calls."""
    for _ in range(3):
        vraag()
    tijden = []
    for _ in range(HERHALINGEN):
        begin = time.perf_counter()
        vraag()
        tijden.append((time.perf_counter() - begin) * 1000)
    return statistics.median(tijden), statistics.quantiles(tijden, n=20)[-1]


def _http(client: TestClient, pad: str, zoek: str | None = None, **kwargs) -> Callable[[], object]:  # noqa: ANN003
    def vraag():  # noqa: ANN202
        r = client.post(pad, json={"zoek": zoek}, **kwargs) if zoek else client.get(pad, **kwargs)
        assert r.status_code == 200, r.text[:300]
        return r
    return vraag


# The floors: plain SQL through the same driver returning the same rows/figures (bound values below).
_RIJEN = """SELECT m.id, m.versie, m.status, m.ontvangen_op, m.behandelaar_id, m.uiterlijk_besluit_op, m.besloten_op,
  p.voornaam, p.achternaam, g.naam FROM melding m JOIN persoon p ON p.id = m.betrokkene_id
  LEFT JOIN gebruiker g ON g.id = m.behandelaar_id WHERE m.gemeente = :g AND m.open = 1 {extra}
  ORDER BY CASE WHEN m.besloten_op IS NULL THEN 0 ELSE 1 END, m.uiterlijk_besluit_op, m.id LIMIT 25 OFFSET :o"""
_TELLING = "SELECT m.status, count(*) FROM melding m WHERE m.gemeente = :g AND m.open = 1 {extra} GROUP BY m.status"
_VERLOPEN = "AND m.besloten_op IS NULL AND m.uiterlijk_besluit_op < :nu"
_DASHBOARD = [
    "SELECT status, count(*) FROM melding WHERE gemeente = :g AND open = 1 GROUP BY status",
    "SELECT m.behandelaar_id, g.naam, count(*) FROM melding m LEFT JOIN gebruiker g ON g.id = m.behandelaar_id "
    "WHERE m.gemeente = :g AND m.open = 1 GROUP BY m.behandelaar_id, g.naam",
    "SELECT count(*) FROM melding WHERE gemeente = :g AND open = 1 AND besloten_op IS NULL AND uiterlijk_besluit_op < :nu",
    "SELECT m.id, m.status, m.uiterlijk_besluit_op, g.naam FROM melding m LEFT JOIN gebruiker g ON g.id = m.behandelaar_id "
    "WHERE m.gemeente = :g AND m.open = 1 AND m.besloten_op IS NULL AND m.uiterlijk_besluit_op >= :week "
    "AND m.uiterlijk_besluit_op < :volgende ORDER BY m.uiterlijk_besluit_op, m.id",
    "SELECT maand, cijfer, aantal FROM dashboard_maandcijfer WHERE gemeente = lower(:g) AND maand BETWEEN :van AND :tot",
    "SELECT " + ", ".join(f"count(CASE WHEN uiterlijk_besluit_op < :b{j} THEN 1 END)" for j in range(1, 13))
    + " FROM melding WHERE gemeente = :g AND open = 1 AND besluit IS NULL AND uiterlijk_besluit_op >= :begin "
    "AND uiterlijk_besluit_op <= :nu",
    " UNION ALL ".join([f"SELECT * FROM (SELECT {i}, microseconden FROM dashboard_doorlooptijd WHERE gemeente = "
                        f"lower(:g) AND maand = :m{i} ORDER BY microseconden LIMIT :l{i} OFFSET :o{i})" for i in range(12)]),
    "SELECT microseconden FROM dashboard_doorlooptijd WHERE gemeente = lower(:g) AND maand IN "
    "(:m0, :m1, :m2, :m3, :m4, :m5, :m6, :m7, :m8, :m9, :m10, :m11) AND microseconden >= :laag "
    "AND microseconden <= :hoog ORDER BY microseconden LIMIT :l OFFSET :o - (SELECT count(*) FROM "
    "dashboard_doorlooptijd WHERE gemeente = lower(:g) AND maand IN (:m0, :m1, :m2, :m3, :m4, :m5, :m6, :m7, "
    ":m8, :m9, :m10, :m11) AND microseconden < :laag)",
    "SELECT e.id, e.referentie, e.trede FROM escalatie e WHERE e.gemeente = :g AND e.bevestigd_op IS NULL "
    "AND e.trede != 'verlopen' AND e.ontvanger NOT IN ('behandelaar', 'wijkteam') ORDER BY e.id",
    "SELECT id, status FROM crisismaatregel WHERE gemeente = :g AND open = 1",
    "SELECT (SELECT einddatum FROM termijn WHERE status = 'lopend' AND einddatum IS NOT NULL ORDER BY einddatum "
    "LIMIT 1), (SELECT einddatum FROM termijn WHERE status = 'lopend' AND einddatum IS NOT NULL "
    "ORDER BY einddatum DESC LIMIT 1)",
]


def _vloer(engine, stmts: list[tuple[str, dict]]) -> Callable[[], object]:  # noqa: ANN001
    """Run the statements on one connection (fetching every row), like a request does."""
    def vraag():  # noqa: ANN202
        with engine.connect() as conn:
            uit = [conn.execute(text(sql), waarden).all() for sql, waarden in stmts]
            conn.rollback()
        return uit
    return vraag


def _waarden() -> dict:
    from wvggz.clock import TZ as _TZ
    from wvggz.schermen.cijfers import maanden_terug, week
    maanden = maanden_terug(NU)
    begin, eind = week(NU)
    return _middens(maanden) | {"g": "Den Haag", "nu": NU.astimezone(UTC), "week": begin.astimezone(UTC), "volgende": eind.astimezone(UTC),
            "van": maanden[0].strftime("%Y-%m"), "tot": maanden[-1].strftime("%Y-%m"),
            "begin": datetime(maanden[0].year, maanden[0].month, 1, tzinfo=_TZ).astimezone(UTC)} | {
            f"b{j}": datetime(m.year + m.month // 12, m.month % 12 + 1, 1, tzinfo=_TZ).astimezone(UTC)
            for j, m in enumerate(maanden, start=1)}


def _middens(maanden) -> dict:  # noqa: ANN001
    """The floor's offsets of the middle durations per month (the decision counts are known up front) and the
    band between the months' middles that holds the 12-month median (as the app finds them)."""
    from wvggz.cijfers.service import BESLUITEN
    from wvggz.db import make_engine as maak
    pad = os.environ.get("WVGGZ_BENCH_DB_ACTIEF")
    uit, laag, hoog = {}, 10**18, 0
    with maak(f"sqlite:///{pad}").connect() as conn:
        n = dict(conn.execute(text("SELECT maand, aantal FROM dashboard_maandcijfer WHERE cijfer = :c"), {"c": BESLUITEN}).all())
        for i, m in enumerate(maanden):
            code, aantal = m.strftime("%Y-%m"), n.get(m.strftime("%Y-%m"), 0)
            uit |= {f"m{i}": code, f"l{i}": 2 - aantal % 2, f"o{i}": max(aantal - 1, 0) // 2}
            midden = conn.execute(text("SELECT microseconden FROM dashboard_doorlooptijd WHERE maand = :m "
                                       "ORDER BY microseconden LIMIT :l OFFSET :o"),
                                  {"m": code, "l": uit[f"l{i}"], "o": uit[f"o{i}"]}).scalars().all()
            if midden:
                laag, hoog = min(laag, midden[0]), max(hoog, midden[-1])
    alle = sum(n.get(m.strftime("%Y-%m"), 0) for m in maanden)
    return uit | {"l": 2 - alle % 2, "o": max(alle - 1, 0) // 2, "laag": laag, "hoog": hoog}


def _sqlite_tijd(w: dict) -> dict:
    """SQLite stores the UTC moments as text 'YYYY-MM-DD HH:MM:SS.ffffff' (the column type's format)."""
    return {k: v.replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f") if isinstance(v, datetime) else v
            for k, v in w.items()}


def meet_alles() -> dict[str, dict[str, float]]:
    """Seed a database (or reuse WVGGZ_BENCH_DB) and measure pages, API and floors; prints and returns them."""
    with tempfile.TemporaryDirectory() as tmp:
        pad = os.environ.get("WVGGZ_BENCH_DB") or f"{tmp}/bench.db"
        os.environ["WVGGZ_BENCH_DB_ACTIEF"] = pad
        settings = Settings(database_url=f"sqlite:///{pad}", gemeente="Den Haag", secret_key=TEST_SLEUTEL, https=False,
                            basis_url="https://wvggz.bench.example")
        engine = make_engine(settings.database_url)
        nieuw = not Path(pad).exists()
        SQLModel.metadata.create_all(engine)
        factory = session_factory(engine)
        if nieuw:
            _seed(settings, factory)
        klok = FixedClock(NU)
        with factory() as s:
            intake0 = s.exec(select(Gebruiker).where(Gebruiker.gebruikersnaam == "intake0")).one()
            token = maak_token(session=s, clock=klok, gebruiker=intake0)
            s.commit()
        app = create_app(settings, session_factory_=factory, clock=klok)
        w = _sqlite_tijd(_waarden())
        rijen = lambda extra="", o=0: [(_RIJEN.format(extra=extra), w | {"o": o}),  # noqa: E731
                                       (_TELLING.format(extra=extra), w)]
        gevallen = {
            "pagina /werkvoorraad": ("intake0", _http, ("/werkvoorraad",), {}, rijen()),
            "pagina /werkvoorraad?verlopen=1": ("intake0", _http, ("/werkvoorraad?verlopen=1",), {}, rijen(_VERLOPEN)),
            "pagina /werkvoorraad?pagina=20": ("intake0", _http, ("/werkvoorraad?pagina=20",), {}, rijen(o=475)),
            "api /api/v1/meldingen": ("intake0", _http, ("/api/v1/meldingen",),
                                      {"headers": {"Authorization": f"Bearer {token}"}}, rijen()),
            "pagina /dashboard (projectleider)": ("pl", _http, ("/dashboard",), {}, [(q, w) for q in _DASHBOARD]),
        }
        uitslag: dict[str, dict[str, float]] = {}
        for naam, (wie, maak, args, kwargs, vloer) in gevallen.items():
            with TestClient(app) as client:
                _login(client, wie)
                med, p95 = _tijden(maak(client, *args, **kwargs))
            vmed, vp95 = _tijden(_vloer(engine, vloer))
            uitslag[naam] = {"p50_ms": round(med, 1), "p95_ms": round(p95, 1), "vloer_p50_ms": round(vmed, 2),
                             "vloer_p95_ms": round(vp95, 2), "app_vloer_p50": round(med / vmed, 1)}
        with TestClient(app) as client:
            api = {"headers": {"Authorization": f"Bearer {token}"}}
            med, p95 = _tijden(_http(client, "/api/v1/meldingen/zoeken", "jansen", **api))
            uitslag["api POST /api/v1/meldingen/zoeken jansen"] = {"p50_ms": round(med, 1), "p95_ms": round(p95, 1)}
        print(f"\n  {'':40} {'p50 ms':>8} {'p95 ms':>8} {'floor p50':>10} {'floor p95':>10} {'app/floor':>10}")
        for naam, r in uitslag.items():
            print(f"  {naam:40} {r['p50_ms']:>8.1f} {r['p95_ms']:>8.1f} {r.get('vloer_p50_ms', float('nan')):>10.2f} "
                  f"{r.get('vloer_p95_ms', float('nan')):>10.2f} {r.get('app_vloer_p50', float('nan')):>10.1f}")
        print(f"  target: p50 < 30 ms for werkvoorraad and dashboard ({HERHALINGEN} requests each, 100,000 meldingen)")
        print(json.dumps({"bench": "werkvoorraad", "meldingen": AANTAL, "uitslag": uitslag}))
        engine.dispose()
        return uitslag


def test_werkvoorraad_met_100000_meldingen():
    uitslag = meet_alles()
    assert set(uitslag) >= {"pagina /werkvoorraad", "api /api/v1/meldingen", "pagina /dashboard (projectleider)"}


if __name__ == "__main__":
    meet_alles()
