"""The melding scenario per case, next to a plain-SQL floor in the same run, on the same database file.

App: register, start onderzoek, ask and record wijkteam advice, decide, close; one case in ten lapses
instead (registered and assigned only) and is swept at the end; every step its own transaction through
the pipeline. Floor: the same rows (case insert and one UPDATE per step, history, access log, term,
outbox) written with plain SQL through the same driver and connection settings, one transaction per step.
Printed as a table and as JSON; nothing is asserted on time (`make bench` only)."""

from __future__ import annotations

import json
from datetime import datetime

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


def _vloer(engine, n: int) -> float:
    """Plain SQL through the same driver: per step BEGIN IMMEDIATE, the rows, COMMIT. Returns seconds."""
    raw = engine.raw_connection()
    cur = raw.cursor()
    for ddl in VLOER_DDL:
        cur.execute(ddl)
    t0 = monotonic()
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
    seconden = monotonic() - t0
    raw.close()
    return seconden


def _app(factory, clock, settings, actor, n: int) -> tuple[float, float]:
    """Returns (seconds for the actions, seconds for the sweep of the lapsed cases)."""
    t0 = monotonic()
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
    return acties, monotonic() - t1


def test_melding_scenario_tegen_vloer(tmp_path):
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'scenario.db'}", gemeente="Den Haag",
                        secret_key=TEST_SLEUTEL, https=False, smtp_tls=False)
    engine = make_engine(settings.database_url)
    SQLModel.metadata.create_all(engine)
    factory = session_factory(engine)
    clock = FixedClock(datetime(2026, 4, 13, 9, 0, tzinfo=TZ))
    with factory() as s:
        actor = maak_gebruiker(session=s, clock=clock, gebruikersnaam="intake", rol="intake",
                               wachtwoord="bench-wachtwoord-2026!", gemeente="Den Haag", naam="Intake")
        s.commit()
    _app(factory, clock, settings, actor, 10)  # warm-up (imports, caches)
    acties, sweeptijd = _app(factory, clock, settings, actor, ZAKEN)
    vloer = _vloer(engine, ZAKEN)
    app_per_zaak = (acties + sweeptijd) / ZAKEN * 1000
    vloer_per_zaak = vloer / ZAKEN * 1000
    uit = {"zaken": ZAKEN, "app_ms_per_zaak": round(app_per_zaak, 3), "sweep_s": round(sweeptijd, 3),
           "vloer_ms_per_zaak": round(vloer_per_zaak, 3), "verhouding": round(app_per_zaak / vloer_per_zaak, 1)}
    print(f"\nmeldingscenario ({ZAKEN} zaken, SQLite, een transactie per stap)")
    print(f"{'':24}{'ms/zaak':>10}")
    print(f"{'app (pipeline + sweep)':24}{app_per_zaak:>10.2f}")
    print(f"{'vloer (plain SQL)':24}{vloer_per_zaak:>10.2f}")
    print(f"{'verhouding app/vloer':24}{app_per_zaak / vloer_per_zaak:>10.1f}x")
    print("JSON " + json.dumps(uit))
    engine.dispose()
