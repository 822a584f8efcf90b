"""The melding scenario per case, next to a plain-SQL floor in the same run, on the same database file.

App: register, start onderzoek, ask and record wijkteam advice, decide, close; one case in ten lapses
instead (registered and assigned only) and is swept at the end; every step its own transaction through
the pipeline. Floor: the same rows (case insert and one UPDATE per step, history, access log, term,
outbox) written with plain SQL through the same driver and connection settings, one transaction per step.
Replay floor: the exact statements and parameters the app sent in that run (SQLAlchemy `before_cursor_execute`),
replayed through the raw DBAPI connection with the same transaction boundaries on a copy of the database as it
was before the run: the same rows, written with plain SQL through the same driver; app/replay is the cost of
the Python around the SQL. Three rounds, median. Wall time and CPU time of this process (process_time: on a
busy shared machine the wall time mostly measures the others' load, the CPU time much less so). Printed as a
table and as JSON; nothing is asserted on time (`make bench` only)."""

from __future__ import annotations

import json
import sqlite3
import statistics
from datetime import datetime
from time import process_time

from sqlalchemy import event
from sqlmodel import SQLModel

import wvggz.models  # noqa: F401
from tests.factories import TEST_SLEUTEL, melding_body
from wvggz.clock import TZ, FixedClock, monotonic
from wvggz.config import Settings
from wvggz.db import make_engine, session_factory
from wvggz.escalaties.sweep import sweep
from wvggz.gebruikers.service import maak_gebruiker
from wvggz.meldingen import service
from wvggz.meldingen.schemas import MeldingCreate
from wvggz.meldingen.soort import MELDING_ZAAK
from wvggz.zaken import pijplijn

ZAKEN = 150
RONDES = 3
STAPPEN = [
    ("vraag_wijkteam_advies", {"wijkteam_contact": "SPV Laak"}),
    ("registreer_wijkteam_advies", {"advies": "Zorgen terecht"}),
    ("besluit_geen_aanvraag", {"reden_code": "vrijwillige_zorg", "reden": "Gaat akkoord met zorg",
                               "medische_expertise": "SPV", "gesprek_met_betrokkene": True}),
    ("sluit_af", {"melder_geinformeerd": True}),
]

VLOER_DDL = [
    "CREATE TABLE IF NOT EXISTS v_zaak (id INTEGER PRIMARY KEY, versie INT, status TEXT, gemeente TEXT,"
    " ontvangen_op TEXT, zorgen TEXT, behandelaar_id INT, besluit TEXT)",
    "CREATE TABLE IF NOT EXISTS v_historie (id INTEGER PRIMARY KEY, zaak_id INT, op TEXT, door TEXT, actie TEXT,"
    " van TEXT, naar TEXT, reden TEXT, hash TEXT)",
    "CREATE TABLE IF NOT EXISTS v_toegang (id INTEGER PRIMARY KEY, zaak_id INT, persoon_id INT, op TEXT,"
    " handeling TEXT, doel TEXT, hash TEXT)",
    "CREATE TABLE IF NOT EXISTS v_termijn (id INTEGER PRIMARY KEY, zaak_id INT, soort TEXT, einde TEXT, status TEXT)",
    "CREATE TABLE IF NOT EXISTS v_bericht (id INTEGER PRIMARY KEY, zaak_id INT, soort TEXT, sleutel TEXT UNIQUE,"
    " gegevens TEXT)",
]


def _vloer(engine, n: int) -> tuple[float, float]:
    """Plain SQL through the same driver: per step BEGIN IMMEDIATE, the rows, COMMIT. Returns (seconds, CPU
    seconds of this process)."""
    raw = engine.raw_connection()
    cur = raw.cursor()
    for ddl in VLOER_DDL:
        cur.execute(ddl)
    t0, c0 = monotonic(), process_time()
    for i in range(n):
        cur.execute("BEGIN IMMEDIATE")
        cur.execute("INSERT INTO v_zaak (versie, status, gemeente, ontvangen_op, zorgen) VALUES (1, 'ontvangen',"
                    " 'Den Haag', '2026-04-13T07:00', 'Verward gedrag')")
        zid = cur.lastrowid
        cur.execute("INSERT INTO v_termijn (zaak_id, soort, einde, status) VALUES (?, 'melding_beslissing',"
                    " '2026-04-28', 'lopend')", (zid,))
        cur.execute("INSERT INTO v_historie (zaak_id, op, door, actie, naar, hash) VALUES (?, 'nu', 'intake',"
                    " 'aangemaakt', 'ontvangen', 'h')", (zid,))
        cur.executemany("INSERT INTO v_toegang (zaak_id, persoon_id, op, handeling, doel, hash) VALUES"
                        " (?, ?, 'nu', 'schrijven', 'registreren', 'h')", [(zid, 1), (zid, 2)])
        cur.execute("INSERT INTO v_bericht (zaak_id, soort, sleutel, gegevens) VALUES (?, 'ontvangst', ?, '{}')",
                    (zid, f"ontvangst:{zid}"))
        cur.execute("COMMIT")
        stappen = ["start_onderzoek"] + ([naam for naam, _ in STAPPEN] if i % 10 else [])
        for actie in stappen:
            cur.execute("BEGIN IMMEDIATE")
            cur.execute("SELECT * FROM v_zaak WHERE id = ?", (zid,)).fetchone()
            if actie == "vraag_wijkteam_advies":
                cur.execute("INSERT INTO v_termijn (zaak_id, soort, einde, status) VALUES (?, 'wijkteam_advies',"
                            " '2026-04-20', 'lopend')", (zid,))
            if actie in ("registreer_wijkteam_advies", "besluit_geen_aanvraag"):
                cur.execute("UPDATE v_termijn SET status = 'gesloten' WHERE zaak_id = ? AND status = 'lopend'"
                            " AND id = (SELECT max(id) FROM v_termijn WHERE zaak_id = ?)", (zid, zid))
            cur.execute("INSERT INTO v_historie (zaak_id, op, door, actie, hash) VALUES (?, 'nu', 'intake', ?,"
                        " 'h')", (zid, actie))
            cur.execute("INSERT INTO v_toegang (zaak_id, persoon_id, op, handeling, doel, hash) VALUES"
                        " (?, 1, 'nu', 'schrijven', ?, 'h')", (zid, actie))
            cur.execute("UPDATE v_zaak SET versie = versie + 1, status = ? WHERE id = ?", (actie, zid))
            if actie == "sluit_af":
                cur.execute("INSERT INTO v_bericht (zaak_id, soort, sleutel, gegevens) VALUES (?, 'uitkomst', ?,"
                            " '{}')", (zid, f"uitkomst:{zid}"))
            cur.execute("COMMIT")
    lapsed = [zid for zid in range(1, n + 1) if zid % 10 == 1]
    cur.execute("BEGIN IMMEDIATE")  # the lapse of one case in ten: one rung row, its message and history
    for zid in lapsed:
        cur.execute("INSERT INTO v_bericht (zaak_id, soort, sleutel, gegevens) VALUES (?, 'verlopen', ?, '{}')",
                    (zid, f"verlopen:{zid}"))
        cur.execute("INSERT INTO v_historie (zaak_id, op, door, actie, hash) VALUES (?, 'nu', 'systeem',"
                    " 'termijn_verstreken', 'h')", (zid,))
    cur.execute("COMMIT")
    seconden, cpu = monotonic() - t0, process_time() - c0
    raw.close()
    return seconden, cpu


def _app(factory, clock, settings, actor, n: int) -> tuple[float, float, float]:
    """Returns (seconds for the actions, seconds for the sweep of the lapsed cases, CPU seconds of both)."""
    t0, c0 = monotonic(), process_time()
    for i in range(n):
        with factory() as s:
            m = service.registreer(session=s, clock=clock, actor=actor, settings=settings,
                                   data=MeldingCreate.model_validate(melding_body()))
            stappen = [("start_onderzoek", {"behandelaar_id": actor.id})] + (STAPPEN if i % 10 else [])
            for actie, velden in stappen:
                m = pijplijn.voer_actie_uit(session=s, clock=clock, actor=actor, soort=MELDING_ZAAK, zaak_id=m.id,
                                            actie=actie, versie=m.versie, velden=dict(velden), settings=settings)
    acties = monotonic() - t0
    clock.advance(days=30)
    t1 = monotonic()
    sweep(session_factory=factory, clock=clock, settings=settings)
    return acties, monotonic() - t1, process_time() - c0


class Opname:
    """Every statement the app sends to the driver, with its parameters, grouped per transaction (engine events)."""

    def __init__(self, engine) -> None:  # noqa: ANN001
        self.engine, self.transacties, self._open = engine, [], []

    def _stmt(self, _conn, _cursor, statement, parameters, _context, executemany) -> None:  # noqa: ANN001
        self._open.append((statement, parameters, executemany))

    def _einde(self, _conn) -> None:  # noqa: ANN001
        self.transacties.append(self._open)
        self._open = []

    def __enter__(self) -> Opname:
        event.listen(self.engine, "before_cursor_execute", self._stmt)
        event.listen(self.engine, "commit", self._einde)
        return self

    def __exit__(self, *_exc) -> None:  # noqa: ANN002
        event.remove(self.engine, "before_cursor_execute", self._stmt)
        event.remove(self.engine, "commit", self._einde)

    @property
    def statements(self) -> int:
        return sum(len(t) for t in self.transacties)


def _herhaal(pad, transacties) -> float:  # noqa: ANN001
    """Replay floor: the app's own statements and parameters through the raw DBAPI connection of an engine with
    the same settings, on a copy of the database as it was before the app's run, with the same transaction
    boundaries (its BEGIN IMMEDIATE statements, a commit where the app committed). Returns (seconds, CPU s)."""
    engine = make_engine(f"sqlite:///{pad}")
    raw = engine.raw_connection()
    cur = raw.cursor()
    t0, c0 = monotonic(), process_time()
    for transactie in transacties:
        for statement, parameters, executemany in transactie:
            if executemany and parameters and isinstance(parameters[0], (tuple, list, dict)):
                cur.executemany(statement, parameters)  # (an "insertmanyvalues" batch is one flat execute)
            else:
                cur.execute(statement, parameters)
                if cur.description is not None:
                    cur.fetchall()
        raw.commit()
    seconden, cpu = monotonic() - t0, process_time() - c0
    raw.close()
    engine.dispose()
    return seconden, cpu


def _ronde(tmp_path, nummer: int) -> dict:
    """One round on a fresh database: the app (recorded), the hand-written floor, the replay floor."""
    pad = tmp_path / f"scenario-{nummer}.db"
    settings = Settings(database_url=f"sqlite:///{pad}", gemeente="Den Haag", secret_key=TEST_SLEUTEL,
                        https=False, smtp_tls=False)
    engine = make_engine(settings.database_url)
    SQLModel.metadata.create_all(engine)
    factory = session_factory(engine)
    clock = FixedClock(datetime(2026, 4, 13, 9, 0, tzinfo=TZ))
    with factory() as s:
        actor = maak_gebruiker(session=s, clock=clock, gebruikersnaam="intake", rol="intake",
                               wachtwoord="bench-wachtwoord-2026!", gemeente="Den Haag", naam="Intake")
        s.commit()
    _app(factory, clock, settings, actor, 10)  # warm-up (imports, caches, the chain heads)
    kopie = tmp_path / f"kopie-{nummer}.db"
    with engine.connect() as conn:  # the database as it is before the measured run, for the replay
        bron = conn.connection.dbapi_connection
        doel = sqlite3.connect(kopie)
        bron.backup(doel)
        doel.close()
    with Opname(engine) as opname:
        acties, sweeptijd, app_cpu = _app(factory, clock, settings, actor, ZAKEN)
    vloer, vloer_cpu = _vloer(engine, ZAKEN)
    engine.dispose()
    herhaling, herhaling_cpu = _herhaal(kopie, opname.transacties)
    return {"app": (acties + sweeptijd) / ZAKEN * 1000, "vloer": vloer / ZAKEN * 1000,
            "herhaling": herhaling / ZAKEN * 1000, "sweep_s": sweeptijd, "app_cpu": app_cpu / ZAKEN * 1000,
            "vloer_cpu": vloer_cpu / ZAKEN * 1000, "herhaling_cpu": herhaling_cpu / ZAKEN * 1000,
            "statements_per_zaak": opname.statements / ZAKEN, "transacties_per_zaak": len(opname.transacties) / ZAKEN}


def test_melding_scenario_tegen_vloer(tmp_path):
    rondes = [_ronde(tmp_path, i) for i in range(RONDES)]
    mediaan = {k: statistics.median(r[k] for r in rondes) for k in rondes[0]}
    verhouding_vloer = statistics.median(r["app"] / r["vloer"] for r in rondes)
    verhouding_herhaling = statistics.median(r["app"] / r["herhaling"] for r in rondes)
    cpu_vloer = statistics.median(r["app_cpu"] / r["vloer_cpu"] for r in rondes)
    cpu_herhaling = statistics.median(r["app_cpu"] / r["herhaling_cpu"] for r in rondes)
    uit = {"zaken": ZAKEN, "rondes": RONDES, "app_ms_per_zaak": round(mediaan["app"], 3),
           "vloer_ms_per_zaak": round(mediaan["vloer"], 3), "herhaling_ms_per_zaak": round(mediaan["herhaling"], 3),
           "verhouding_vloer": round(verhouding_vloer, 1), "verhouding_herhaling": round(verhouding_herhaling, 2),
           "sweep_s": round(mediaan["sweep_s"], 3), "statements_per_zaak": round(mediaan["statements_per_zaak"], 1),
           "transacties_per_zaak": round(mediaan["transacties_per_zaak"], 2),
           "app_cpu_ms_per_zaak": round(mediaan["app_cpu"], 3), "cpu_verhouding_vloer": round(cpu_vloer, 1),
           "cpu_verhouding_herhaling": round(cpu_herhaling, 2)}
    print(f"\nmeldingscenario ({ZAKEN} zaken, SQLite, een transactie per stap; mediaan van {RONDES} rondes)")
    print(f"{'':34}{'ms/zaak':>10}{'app/x':>9}")
    print(f"{'app (pipeline + sweep)':34}{mediaan['app']:>10.2f}")
    print(f"{'vloer (hand-written plain SQL)':34}{mediaan['vloer']:>10.2f}{verhouding_vloer:>8.1f}x")
    print(f"{'herhaling (app SQL via DBAPI)':34}{mediaan['herhaling']:>10.2f}{verhouding_herhaling:>8.2f}x")
    print(f"CPU (process_time, minder gevoelig voor een drukke machine): app {mediaan['app_cpu']:.2f} ms/zaak, "
          f"app/vloer {cpu_vloer:.1f}x, app/herhaling {cpu_herhaling:.2f}x")
    print(f"statements per zaak {mediaan['statements_per_zaak']:.1f}, transacties per zaak "
          f"{mediaan['transacties_per_zaak']:.2f}")
    print("JSON " + json.dumps(uit))
