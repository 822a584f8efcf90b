"""The melding scenario per case, next to a plain-SQL floor in the same run, on the same database file.

App: register, start onderzoek, ask and record wijkteam advice, decide, close; one case in ten lapses
instead (registered and assigned only) and is swept at the end; every step its own transaction through
the pipeline. Floor: the same rows (case insert and one UPDATE per step, history, access log, term,
outbox) written with plain SQL through the same driver and connection settings, one transaction per step.
Design floor (below, ADR 0028): the same steps doing the engine's work with its own pure functions and its
SQL, without the ORM session, on a second database file prepared the same way; every run checks that it wrote
exactly the app's rows (every column of every table the scenario touches). The design floor runs twice: on one
DBAPI connection held for the run, and on a Core Connection of the pool per transaction (ADR 0029: what a
writer on Core instead of the Session would cost). Replay floor: the exact statements
and parameters the app sent in that run (SQLAlchemy `before_cursor_execute`), replayed through the raw DBAPI
connection with the same transaction boundaries on a copy of the database as it was before the run: the same
rows, written with plain SQL through the same driver; app/replay is the cost of the Python around the SQL. Three rounds, median. Wall time and CPU time of this process (process_time: on a
busy shared machine the wall time mostly measures the others' load, the CPU time much less so). Printed as a
table and as JSON; nothing is asserted on time (`make bench` only)."""

from __future__ import annotations

import json
import sqlite3
import statistics
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from time import process_time
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Connection, Engine, event
from sqlmodel import SQLModel

import wvggz.models  # noqa: F401
from tests.factories import TEST_SLEUTEL, melding_body
from workflows.engine import eindigt
from workflows.melding import MELDING, REDEN_GEEN_NAASTE
from wvggz import tijdcontrole
from wvggz.audit.keten import VELDEN, hash_van
from wvggz.cijfers.service import _telt
from wvggz.clock import TZ, FixedClock, monotonic
from wvggz.config import Settings
from wvggz.db import make_engine, session_factory
from wvggz.errors import ConflictError, MissingField
from wvggz.escalaties.sweep import sweep
from wvggz.gebruikers.rechten import mag, vereis, vereis_gemeente
from wvggz.gebruikers.service import maak_gebruiker
from wvggz.meldingen import service
from wvggz.meldingen.models import NAASTE_RELATIES
from wvggz.meldingen.schemas import MeldingCreate
from wvggz.meldingen.soort import MELDING_ZAAK
from wvggz.overgang import voer_uit
from wvggz.termijnen.service import bereken_termijn, tredeplan
from wvggz.velden import lees_velden
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


def _app(factory, clock, settings, actor, n: int, per_stap: dict | None = None) -> tuple[float, float, float]:  # noqa: ANN001
    """Returns (seconds for the actions, seconds for the sweep of the lapsed cases, CPU seconds of both);
    `per_stap` collects the wall time of each step by name (the melding body's validation in `registreer`)."""
    per_stap = {} if per_stap is None else per_stap
    t0, c0 = monotonic(), process_time()
    for i in range(n):
        with factory() as s:
            t = monotonic()
            m = service.registreer(session=s, clock=clock, actor=actor, settings=settings,
                                   data=MeldingCreate.model_validate(melding_body()))
            per_stap.setdefault("registreer", []).append(monotonic() - t)
            stappen = [("start_onderzoek", {"behandelaar_id": actor.id})] + (STAPPEN if i % 10 else [])
            for actie, velden in stappen:
                t = monotonic()
                m = pijplijn.voer_actie_uit(session=s, clock=clock, actor=actor, soort=MELDING_ZAAK, zaak_id=m.id,
                                            actie=actie, versie=m.versie, velden=dict(velden), settings=settings)
                per_stap.setdefault(actie, []).append(monotonic() - t)
    acties = monotonic() - t0
    clock.advance(days=30)
    t1 = monotonic()
    sweep(session_factory=factory, clock=clock, settings=settings)
    return acties, monotonic() - t1, process_time() - c0


def _ontwerp(factory, db, clock, settings, actor, n: int, per_stap: dict) -> tuple[float, float]:  # noqa: ANN001
    """The design floor over the same scenario (the lapsed cases swept by the app's sweep, as in `_app`).
    Returns (seconds, CPU seconds); `per_stap` as in `_app`."""
    t0, c0 = monotonic(), process_time()
    for i in range(n):
        t = monotonic()
        zaak = ontwerp_registreer(db, clock, actor, settings, melding_body())
        per_stap.setdefault("registreer", []).append(monotonic() - t)
        stappen = [("start_onderzoek", {"behandelaar_id": actor.id})] + (STAPPEN if i % 10 else [])
        for actie, velden in stappen:
            t = monotonic()
            zaak = ontwerp_actie(db, clock, actor, settings, zaak, actie, zaak.versie, dict(velden))
            per_stap.setdefault(actie, []).append(monotonic() - t)
    clock.advance(days=30)
    sweep(session_factory=factory, clock=clock, settings=settings)
    return monotonic() - t0, process_time() - c0


# --- The design floor (ADR 0028) ---------------------------------------------------------------------------
# The design floor of the melding scenario (`_ontwerp`): the same steps, doing the work the engine must do,
# without the ORM session. It answers one question with a number: how fast can a write path be that keeps the
# app's schema and its SQL but drops SQLAlchemy's Session, Connection and mapped objects (ADR 0028)?
#
# Per step it does what the pipeline does: the permission and gemeente checks, input validation (the pydantic
# schema of a registration, the workflow table's fields of an action), the workflow table's transition and its
# conditions, the term computation (rules table, Atw calendar, the first rung), the effects of the action on
# the case and its terms, the dashboard counters of a decision, the outbox rows, the history and access rows
# chained to their heads (the app's `hash_van`), a `versie` check and one UPDATE of the case. It uses the
# app's own pure functions for all of that and the app's SQL text, through the raw DBAPI connection of an
# engine with the app's settings, one transaction per step (BEGIN IMMEDIATE ... COMMIT). The lapse of one case
# in ten is swept by the app's own sweep.
#
# It is a measuring instrument, not a second engine: it covers only the scenario's steps of the melding.
# `ontwerp_tabellen_gelijk` proves in every run that it wrote the very rows the app wrote (every column of
# every table the scenario touches, the chain hashes included); a floor that drifts from the app fails the
# benchmark.

ONTWERP_TABELLEN = ("persoon", "melding", "termijn", "historie", "toegang", "bericht", "audit_keten",
                    "dashboard_maandcijfer", "dashboard_doorlooptijd", "escalatie")

_PERSOON = ("gemeente voornaam achternaam geboortedatum straat huisnummer postcode woonplaats telefoon email"
            " organisatie bsn aangemaakt_op geanonimiseerd_op zoeknaam zoekvoornaam").split()
_MELDING = ("versie status open gemeente ontvangen_op kanaal melder_id melder_relatie melder_is_naaste"
            " anoniem_tov_betrokkene betrokkene_id zorgen acuut e33_nummer triage_id crisismaatregel_id behandelaar_id"
            " uiterlijk_besluit_op wijkteam_contact wijkteam_advies medische_expertise gesprek_met_betrokkene"
            " reden_geen_gesprek besluit besloten_op tijdig_besloten reden_code reden doorgestuurd_naar verwezen_naar"
            " samengevoegd_met_id ovj_besluit melder_geinformeerd reden_niet_geinformeerd afgesloten_op"
            " geanonimiseerd_op").split()
_TERMIJN = ("versie soort zaak_type zaak_id start einddatum eindmoment ruwe_einddatum atw_toegepast grondslag"
            " zekerheid toelichting status gesloten_op tijdig volgende_trede_op verlenging_reden").split()
_BERICHT = ("soort kanaal ontvanger_rol ontvanger_adres ontvanger_gebruiker_id zaak_type zaak_id gegevens dedup_sleutel"
            " status pogingen volgende_poging_op laatste_fout aangemaakt_op verzonden_op gelezen_op geclaimd_door"
            " onderwerp inhoud message_id mislukt_op").split()


def _insert(tabel: str, kolommen: list[str], staart: str = "") -> str:
    return f"INSERT INTO {tabel} ({', '.join(kolommen)}) VALUES ({', '.join('?' * len(kolommen))}){staart}"


SQL = {
    "persoon": _insert("persoon", _PERSOON),
    "melding": _insert("melding", _MELDING),
    "termijn": _insert("termijn", _TERMIJN),
    "termijn_id": _insert("termijn", _TERMIJN, " RETURNING id"),
    "bericht": _insert("bericht", _BERICHT, " ON CONFLICT (dedup_sleutel) DO NOTHING RETURNING id"),
    "versie": "SELECT melding.versie FROM melding WHERE melding.id = ?",
    "open_termijnen": (f"SELECT termijn.id, {', '.join('termijn.' + k for k in _TERMIJN)} FROM termijn"
                       " WHERE termijn.zaak_type = ? AND termijn.zaak_id = ? AND termijn.status = ? ORDER BY termijn.id"),
    "sluit_termijn": ("UPDATE termijn SET versie=?, status=?, gesloten_op=?, tijdig=?, volgende_trede_op=?"
                      " WHERE termijn.id = ? AND termijn.versie = ?"),
    "email": "SELECT persoon.email FROM persoon WHERE persoon.id = ?",
    "koppen": ("SELECT tabel, volgnummer, hash FROM audit_keten WHERE gemeente = ? AND tabel IN ('historie', 'toegang')"
               " ORDER BY tabel"),
    "zet_kop": "UPDATE audit_keten SET volgnummer = ?, hash = ? WHERE tabel = ? AND gemeente = ?",
    "historie": ("INSERT INTO historie (zaak_type, zaak_id, op, door_id, door, actie, van_status, naar_status, reden,"
                 " gemeente, volgnummer, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
    "toegang": ("INSERT INTO toegang (op, gebruiker_id, handeling, zaak_type, zaak_id, persoon_id, doel, adres, gemeente,"
                " volgnummer, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
    "cijfer": ("INSERT INTO dashboard_maandcijfer (gemeente, maand, cijfer, aantal) VALUES (?, ?, ?, ?) ON CONFLICT"
               " (gemeente, maand, cijfer) DO UPDATE SET aantal = (dashboard_maandcijfer.aantal + excluded.aantal)"),
    "duur": "INSERT INTO dashboard_doorlooptijd (melding_id, gemeente, maand, microseconden) VALUES (?, ?, ?, ?)",
}
_OPEN_TERMIJN_SOORT, _OPEN_TERMIJN_EINDE = 2, 7  # columns of an `open_termijnen` row: soort, eindmoment


def _ts(moment: datetime | None) -> str | None:
    """A moment as SQLAlchemy's SQLite DateTime stores it: naive UTC, microseconds."""
    return None if moment is None else f"{moment.astimezone(UTC):%Y-%m-%d %H:%M:%S.%f}"


def _utc(opgeslagen: str) -> datetime:
    return datetime.fromisoformat(opgeslagen).replace(tzinfo=UTC)


def _termijn(soort: str, zaak_id: int, start: datetime, settings) -> tuple[Any, list[Any]]:  # noqa: ANN001
    """The computed term (its end moment) and its INSERT values, first rung included (`nieuwe_termijn`)."""
    u = bereken_termijn(soort, start, settings)
    t = SimpleNamespace(soort=soort, start=u.start.astimezone(UTC), einddatum=u.einddatum,
                        eindmoment=u.eindmoment.astimezone(UTC), ruwe_einddatum=u.ruwe_einddatum,
                        atw_toegepast=u.atw_toegepast, grondslag=u.grondslag, zekerheid=u.zekerheid,
                        toelichting=u.toelichting)
    eerste = min(moment for _, moment, _ in tredeplan(t, settings))
    return t, [1, soort, "melding", zaak_id, _ts(t.start), t.einddatum.isoformat(), _ts(t.eindmoment),
               t.ruwe_einddatum.isoformat(), int(t.atw_toegepast), t.grondslag, t.zekerheid, t.toelichting, "lopend",
               None, None, _ts(eerste), None]


def _bericht(soort: str, adres: str, zaak_id: int, gegevens: dict[str, Any], now: datetime) -> tuple:
    return (soort, "email", "melder", adres, None, "melding", zaak_id, json.dumps(gegevens),
            f"melding:{zaak_id}:{soort}", "wachtend", 0, _ts(now), None, _ts(now), None, None, None, None, None, None,
            None)


class _Schrijver:
    """One write transaction: BEGIN IMMEDIATE; the step's statements; its history and access rows chained to the
    heads (read, append, moved) just before COMMIT, as `wvggz.audit.keten` does; ROLLBACK on any error.

    `db` a sqlite3 connection: the design floor itself, one DBAPI connection held for the whole run. `db` an
    Engine: the same work on a Core Connection of the pool per transaction (checkout, the engine's BEGIN with
    the writer gate, COMMIT, checkin) with every statement announced to the engine's `before_cursor_execute`
    listeners as `wvggz.db.rauw` does: what a writer built on Core instead of the Session would cost."""

    def __init__(self, db: sqlite3.Connection | Engine, gemeente: str) -> None:
        self.db, self.gemeente = db, gemeente
        self.conn: Connection | None = None
        self.historie: list[tuple] = []
        self.toegang: list[tuple] = []

    def __enter__(self) -> _Schrijver:
        if isinstance(self.db, Engine):
            self.conn = self.db.connect()
            self.conn.begin()
            self.cur = _GemeldeCursor(self.conn)
        else:
            self.cur = self.db.cursor()
            self.cur.execute("BEGIN IMMEDIATE")
        return self

    def __exit__(self, typ, exc, tb) -> bool:  # noqa: ANN001
        try:
            if typ is not None:
                (self.conn or self.db).rollback()
                return False
            self._keten()
            (self.conn or self.db).commit()
            return False
        finally:
            if self.conn is not None:
                self.conn.close()

    def _keten(self) -> None:
        cur, g = self.cur, self.gemeente
        koppen = {tabel: (nummer, laatste) for tabel, nummer, laatste in cur.execute(SQL["koppen"], (g,)).fetchall()}
        for tabel, rijen in (("historie", self.historie), ("toegang", self.toegang)):
            nummer, vorige = koppen[tabel]
            uit = []
            for rij in rijen:
                nummer += 1
                vorige = hash_van(tabel, g, nummer, dict(zip(VELDEN[tabel], rij, strict=True)), vorige)
                uit.append((*[_ts(v) if isinstance(v, datetime) else v for v in rij], g, nummer, vorige))
            koppen[tabel] = (nummer, vorige)
            if len(uit) == 1:
                cur.execute(SQL[tabel], uit[0])
            else:
                cur.executemany(SQL[tabel], uit)
        cur.executemany(SQL["zet_kop"], [(*koppen[t], t, g) for t in ("historie", "toegang")])


class _GemeldeCursor:
    """The DBAPI cursor of a Core Connection; every statement first goes to the engine's `before_cursor_execute`
    listeners (as `wvggz.db.rauw`)."""

    def __init__(self, conn: Connection) -> None:
        self.conn, self.cur = conn, conn.connection.dbapi_connection.cursor()

    def execute(self, sql: str, params: tuple = ()) -> sqlite3.Cursor:
        self.conn.dispatch.before_cursor_execute(self.conn, self.cur, sql, params, None, False)
        return self.cur.execute(sql, params)

    def executemany(self, sql: str, params: list[tuple]) -> sqlite3.Cursor:
        self.conn.dispatch.before_cursor_execute(self.conn, self.cur, sql, params, None, True)
        return self.cur.executemany(sql, params)

    def __getattr__(self, naam: str) -> Any:  # noqa: ANN401
        return getattr(self.cur, naam)  # rowcount, lastrowid, ...


def ontwerp_registreer(db: sqlite3.Connection | Engine, clock, actor, settings, body: dict[str, Any]) -> SimpleNamespace:  # noqa: ANN001
    """A registration: persons, melding, 14-day term, receipt, history and access rows; returns the case in hand."""
    vereis(actor, "melding.maak")
    data = MeldingCreate.model_validate(body)
    now = clock.now()
    ontvangen = tijdcontrole.plausibel("ontvangen_op", data.ontvangen_op or now, now, settings, wat="Ontvangstmoment")
    g = actor.gemeente
    personen = []
    for p in (data.melder, data.betrokkene):
        rij = dict.fromkeys(_PERSOON)
        rij.update({k: v for k, v in p.model_dump().items() if k in rij})
        rij.update(gemeente=g, aangemaakt_op=_ts(now), zoeknaam=(p.achternaam or "").lower(),
                   zoekvoornaam=(p.voornaam or "").lower())
        if rij["geboortedatum"] is not None:
            rij["geboortedatum"] = rij["geboortedatum"].isoformat()
        personen.append(tuple(rij.values()))
    term, termijn = _termijn("melding_beslissing", 0, ontvangen, settings)
    naaste = data.melder.relatie in NAASTE_RELATIES
    melding = dict.fromkeys(_MELDING)
    melding.update(versie=1, status="ontvangen", open=1, gemeente=g, ontvangen_op=_ts(ontvangen),
                   kanaal=data.kanaal.value, melder_relatie=data.melder.relatie.value, melder_is_naaste=int(naaste),
                   anoniem_tov_betrokkene=int(data.melder.anoniem_tov_betrokkene), zorgen=data.zorgen,
                   acuut=int(data.acuut), e33_nummer=data.e33_nummer, uiterlijk_besluit_op=_ts(term.eindmoment))
    with _Schrijver(db, g) as w:
        cur = w.cur
        melder_id = cur.execute(SQL["persoon"], personen[0]).lastrowid
        betrokkene_id = cur.execute(SQL["persoon"], personen[1]).lastrowid
        melding["melder_id"], melding["betrokkene_id"] = melder_id, betrokkene_id
        zaak_id = cur.execute(SQL["melding"], tuple(melding.values())).lastrowid
        termijn[3] = zaak_id
        cur.execute(SQL["termijn"], termijn)
        if data.melder.email:
            gegevens = {"referentie": f"M-{ontvangen.year}-{zaak_id:06d}", "ontvangen_op": f"{ontvangen:%d-%m-%Y}",
                        "gemeente": g}
            cur.execute(SQL["bericht"], _bericht("ontvangstbevestiging", data.melder.email, zaak_id, gegevens,
                                                 now)).fetchall()
        w.historie.append(("melding", zaak_id, now, actor.id, actor.naam, "geregistreerd", None, "ontvangen",
                           f"kanaal {melding['kanaal']}"))
        w.toegang += [(now, actor.id, "schrijf", "melding", zaak_id, p, "registratie", None)
                      for p in (betrokkene_id, melder_id)]
    return SimpleNamespace(id=zaak_id, versie=1, status="ontvangen", gemeente=g, betrokkene_id=betrokkene_id,
                           melder_id=melder_id, melder_is_naaste=naaste, medische_expertise=None, ovj_besluit=None,
                           wijkteam_contact=None, ontvangen_op=ontvangen, uiterlijk_besluit_op=term.eindmoment,
                           besluit=None)


def _sluit(cur: sqlite3.Cursor, termijn: tuple, now: datetime) -> bool:
    """Close an open term (`sluit_termijn`); returns whether that was in time."""
    tijdig = now <= _utc(termijn[_OPEN_TERMIJN_EINDE])
    cur.execute(SQL["sluit_termijn"], (termijn[1] + 1, "gesloten", _ts(now), int(tijdig), None, termijn[0], termijn[1]))
    return tijdig


def ontwerp_actie(db: sqlite3.Connection | Engine, clock, actor, settings, zaak: SimpleNamespace, actie: str, versie: int,  # noqa: ANN001
                   velden: dict[str, Any]) -> SimpleNamespace:
    """One action of the scenario on the case in hand, in one transaction; returns the case (versie + 1).
    ConflictError when the stored versie is another."""
    vereis(actor, "melding.wijzig")
    g = zaak.gemeente
    with _Schrijver(db, g) as w:
        cur = w.cur
        opgeslagen = cur.execute(SQL["versie"], (zaak.id,)).fetchone()
        vereis_gemeente(actor, g, f"Melding {zaak.id} bestaat niet.")
        if opgeslagen is None or opgeslagen[0] != versie:
            raise ConflictError("Deze melding is intussen door iemand anders gewijzigd.")
        waarden = lees_velden(MELDING.acties[actie], velden)
        now = clock.now()
        context = {"now": now, "eigen_gemeente": settings.gemeente, "medische_expertise": zaak.medische_expertise,
                   "melder_is_naaste": zaak.melder_is_naaste, "aanvraag_ingediend": zaak.status == "aanvraag_ingediend",
                   "ovj_besluit_vastgelegd": zaak.ovj_besluit is not None}
        open_termijnen: list[tuple] = []
        if actie in ("vraag_wijkteam_advies", "registreer_wijkteam_advies", "besluit_geen_aanvraag"):
            open_termijnen = cur.execute(SQL["open_termijnen"], ("melding", zaak.id, "lopend")).fetchall()
            context["wijkteam_advies_open"] = any(t[_OPEN_TERMIJN_SOORT] == "wijkteam_advies" for t in open_termijnen)
        naar = str(voer_uit(MELDING, zaak.status, actie, context | waarden))
        zet, reden = _effecten(cur, actor, zaak, actie, waarden, open_termijnen, now, settings)
        if eindigt(MELDING, actie):
            zet["open"] = 0
        if naar != zaak.status:
            zet = {"status": naar} | zet
        toewijzing = ", ".join(f"{k}=?" for k in zet)
        cur.execute(f"UPDATE melding SET versie=?, {toewijzing} WHERE melding.id = ? AND melding.versie = ?",
                    (versie + 1, *zet.values(), zaak.id, versie))
        if cur.rowcount != 1:
            raise ConflictError("Deze melding is intussen door iemand anders gewijzigd.")
        w.historie.append(("melding", zaak.id, now, actor.id, actor.naam, actie, zaak.status, naar, reden))
        w.toegang.append((now, actor.id, "schrijf", "melding", zaak.id, zaak.betrokkene_id, actie, None))
    zaak.status, zaak.versie = naar, versie + 1
    return zaak


def _effecten(cur: sqlite3.Cursor, actor, zaak: SimpleNamespace, actie: str, waarden: dict[str, Any],  # noqa: ANN001
              open_termijnen: list[tuple], now: datetime, settings) -> tuple[dict[str, Any], str]:  # noqa: ANN001
    """The scenario's effects (`wvggz.meldingen.effecten`): the changed columns of the case and the history reason."""
    zet: dict[str, Any] = {}
    if actie == "start_onderzoek":
        if waarden["behandelaar_id"] != actor.id:  # the app reads another user's row; the scenario assigns itself
            raise ValueError("Een andere behandelaar dan de actor hoort niet bij het scenario.")
        if not (actor.actief and mag(actor, "melding.behandel")):  # `controleer_behandelaar`
            raise MissingField("behandelaar_id", "Kies een actieve behandelaar (intake of projectleider).")
        zet["behandelaar_id"] = waarden["behandelaar_id"]
        return zet, "behandelaar toegewezen"
    if actie == "vraag_wijkteam_advies":
        zet["wijkteam_contact"] = zaak.wijkteam_contact = waarden["wijkteam_contact"]
        cur.execute(SQL["termijn_id"], _termijn("wijkteam_advies", zaak.id, now, settings)[1]).fetchall()
        return zet, "advies gevraagd aan ggz-wijkteam"
    if actie == "registreer_wijkteam_advies":
        zet["wijkteam_advies"] = waarden["advies"]
        if not zaak.medische_expertise:
            zet["medische_expertise"] = zaak.medische_expertise = f"ggz-wijkteam ({zaak.wijkteam_contact})"
        for termijn in open_termijnen:
            if termijn[_OPEN_TERMIJN_SOORT] == "wijkteam_advies":
                _sluit(cur, termijn, now)
        return zet, "advies ggz-wijkteam ontvangen"
    if actie == "besluit_geen_aanvraag":
        zaak.medische_expertise = waarden.get("medische_expertise") or zaak.medische_expertise
        zet.update(medische_expertise=zaak.medische_expertise,
                   gesprek_met_betrokkene=int(waarden.get("gesprek_met_betrokkene", False)),
                   besluit="geen_aanvraag", besloten_op=_ts(now))
        tijdig = None
        for termijn in open_termijnen:
            if termijn[_OPEN_TERMIJN_SOORT] in ("melding_beslissing", "wijkteam_advies"):
                binnen = _sluit(cur, termijn, now)
                if termijn[_OPEN_TERMIJN_SOORT] == "melding_beslissing":
                    tijdig = binnen
        zet.update(tijdig_besloten=int(bool(tijdig)), reden_code=waarden["reden_code"], reden=waarden["reden"])
        zaak.besluit = "geen_aanvraag"
        sleutels, duur = _telt((zaak.id, zaak.gemeente, zaak.ontvangen_op, zaak.uiterlijk_besluit_op, now,
                                zaak.besluit, tijdig))
        cur.executemany(SQL["cijfer"], [(*sleutel, n) for sleutel, n in sorted(Counter(sleutels).items())])
        cur.execute(SQL["duur"], tuple(duur.values()))
        return zet, f"besluit: geen aanvraag ({'binnen' if tijdig else 'na'} de termijn van art. 5:2)"
    if actie == "sluit_af":
        if zaak.besluit == "aanvraag":
            raise ValueError("Afsluiten na een aanvraag (OvJ-besluit, taak) hoort niet bij het scenario.")
        zet["melder_geinformeerd"] = int(waarden.get("melder_geinformeerd", False))
        if not zaak.melder_is_naaste:
            zet["reden_niet_geinformeerd"] = REDEN_GEEN_NAASTE
        zet["afgesloten_op"] = _ts(now)
        adres = cur.execute(SQL["email"], (zaak.melder_id,)).fetchone()[0]
        if not zet["melder_geinformeerd"]:
            return zet, f"afgesloten; melder niet geïnformeerd: {zet.get('reden_niet_geinformeerd')}"
        if zaak.melder_is_naaste:
            gegevens = {"referentie": f"M-{zaak.ontvangen_op.year}-{zaak.id:06d}",
                        "ontvangen_op": f"{zaak.ontvangen_op:%d-%m-%Y}", "gemeente": zaak.gemeente,
                        "aanvraag": zaak.besluit == "aanvraag"}
            cur.execute(SQL["bericht"], _bericht("uitkomst_naaste", adres, zaak.id, gegevens, now)).fetchall()
        return zet, "afgesloten; melder (naaste) geïnformeerd"
    raise ValueError(f"De ontwerpvloer kent actie {actie!r} niet (alleen de stappen van het scenario).")


def ontwerp_tabellen_gelijk(app: Path, vloer: Path) -> list[str]:
    """The tables (of ONTWERP_TABELLEN) whose rows differ between the two database files, every column compared;
    [] when all are equal. Also a table that is empty in both counts as a difference: it proves nothing."""
    a, b = sqlite3.connect(app), sqlite3.connect(vloer)

    def rijen(db: sqlite3.Connection, tabel: str) -> list[tuple]:
        return sorted(db.execute(f"SELECT * FROM {tabel}").fetchall(), key=repr)

    try:
        return [t for t in ONTWERP_TABELLEN if not (uit := rijen(a, t)) or uit != rijen(b, t)]
    finally:
        a.close()
        b.close()


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


def _database(pad):  # noqa: ANN001, ANN202
    """A fresh database file with the app's schema, one intake user and ten warm-up cases through the app (imports,
    caches, the chain heads); the same state for the app and the design floor. Returns (settings, engine,
    session factory, clock, actor)."""
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
    _app(factory, clock, settings, actor, 10)
    return settings, engine, factory, clock, actor


def _lege_transacties(engine, n: int = 3000) -> dict[str, float]:  # noqa: ANN001
    """Microseconds per empty write transaction: on Core (pool checkout, the engine's BEGIN with the writer gate,
    COMMIT, checkin), on the DBAPI connection (gate, BEGIN IMMEDIATE, COMMIT), and the pool checkout and checkin
    alone (ADR 0029)."""
    t = monotonic()
    for _ in range(n):
        with engine.connect() as conn:
            conn.begin()
            conn.commit()
    core = monotonic() - t
    raw = engine.raw_connection()
    db = raw.dbapi_connection
    t = monotonic()
    for _ in range(n):
        db.neem_poort()
        db.execute("BEGIN IMMEDIATE")
        db.commit()
    dbapi = monotonic() - t
    raw.close()
    t = monotonic()
    for _ in range(n):
        engine.raw_connection().close()
    pool = monotonic() - t
    return {"leeg_core_us": core / n * 1e6, "leeg_dbapi_us": dbapi / n * 1e6, "leeg_pool_us": pool / n * 1e6}


def _ronde(tmp_path, nummer: int) -> dict:
    """One round on fresh databases: the app (recorded), the design floor (on one DBAPI connection, and on a Core
    Connection per transaction, with the cost of an empty write transaction), the hand-written floor, the replay
    floor."""
    pad = tmp_path / f"scenario-{nummer}.db"
    settings, engine, factory, clock, actor = _database(pad)
    kopie = tmp_path / f"kopie-{nummer}.db"
    with engine.connect() as conn:  # the database as it is before the measured run, for the replay
        bron = conn.connection.dbapi_connection
        doel = sqlite3.connect(kopie)
        bron.backup(doel)
        doel.close()
    app_stap: dict[str, list[float]] = {}
    with Opname(engine) as opname:
        acties, sweeptijd, app_cpu = _app(factory, clock, settings, actor, ZAKEN, app_stap)
    vloer, vloer_cpu = _vloer(engine, ZAKEN)
    engine.dispose()
    herhaling, herhaling_cpu = _herhaal(kopie, opname.transacties)
    ontwerp_pad = tmp_path / f"ontwerp-{nummer}.db"
    o_settings, o_engine, o_factory, o_clock, o_actor = _database(ontwerp_pad)
    raw = o_engine.raw_connection()
    ontwerp_stap: dict[str, list[float]] = {}
    ontwerp, ontwerp_cpu = _ontwerp(o_factory, raw.dbapi_connection, o_clock, o_settings, o_actor, ZAKEN, ontwerp_stap)
    raw.close()
    o_engine.dispose()
    anders = ontwerp_tabellen_gelijk(pad, ontwerp_pad)
    assert not anders, f"de ontwerpvloer schreef andere rijen dan de app in: {', '.join(anders)}"
    core_pad = tmp_path / f"ontwerp-core-{nummer}.db"  # the design floor on a Core Connection per transaction
    c_settings, c_engine, c_factory, c_clock, c_actor = _database(core_pad)
    ontwerp_core, _ = _ontwerp(c_factory, c_engine, c_clock, c_settings, c_actor, ZAKEN, {})
    leeg = _lege_transacties(c_engine)
    c_engine.dispose()
    anders = ontwerp_tabellen_gelijk(pad, core_pad)
    assert not anders, f"de ontwerpvloer op Core schreef andere rijen dan de app in: {', '.join(anders)}"
    return {"app": (acties + sweeptijd) / ZAKEN * 1000, "vloer": vloer / ZAKEN * 1000,
            "ontwerp": ontwerp / ZAKEN * 1000, "ontwerp_core": ontwerp_core / ZAKEN * 1000, "ontwerp_cpu": ontwerp_cpu / ZAKEN * 1000,
            **{f"stap_app_{k}": statistics.median(v) * 1e6 for k, v in app_stap.items()},
            **{f"stap_ontwerp_{k}": statistics.median(v) * 1e6 for k, v in ontwerp_stap.items()},
            "herhaling": herhaling / ZAKEN * 1000, "sweep_s": sweeptijd, "app_cpu": app_cpu / ZAKEN * 1000,
            "vloer_cpu": vloer_cpu / ZAKEN * 1000, "herhaling_cpu": herhaling_cpu / ZAKEN * 1000,
            "statements_per_zaak": opname.statements / ZAKEN, "transacties_per_zaak": len(opname.transacties) / ZAKEN,
            **leeg}


def test_melding_scenario_tegen_vloer(tmp_path):
    rondes = [_ronde(tmp_path, i) for i in range(RONDES)]
    mediaan = {k: statistics.median(r[k] for r in rondes) for k in rondes[0]}
    verhouding_vloer = statistics.median(r["app"] / r["vloer"] for r in rondes)
    verhouding_herhaling = statistics.median(r["app"] / r["herhaling"] for r in rondes)
    cpu_vloer = statistics.median(r["app_cpu"] / r["vloer_cpu"] for r in rondes)
    cpu_herhaling = statistics.median(r["app_cpu"] / r["herhaling_cpu"] for r in rondes)
    verhouding_ontwerp = statistics.median(r["app"] / r["ontwerp"] for r in rondes)
    ontwerp_vloer = statistics.median(r["ontwerp"] / r["vloer"] for r in rondes)
    ontwerp_herhaling = statistics.median(r["ontwerp"] / r["herhaling"] for r in rondes)
    uit = {"zaken": ZAKEN, "rondes": RONDES, "app_ms_per_zaak": round(mediaan["app"], 3),
           "vloer_ms_per_zaak": round(mediaan["vloer"], 3), "herhaling_ms_per_zaak": round(mediaan["herhaling"], 3),
           "verhouding_vloer": round(verhouding_vloer, 1), "verhouding_herhaling": round(verhouding_herhaling, 2),
           "sweep_s": round(mediaan["sweep_s"], 3), "statements_per_zaak": round(mediaan["statements_per_zaak"], 1),
           "transacties_per_zaak": round(mediaan["transacties_per_zaak"], 2),
           "app_cpu_ms_per_zaak": round(mediaan["app_cpu"], 3), "cpu_verhouding_vloer": round(cpu_vloer, 1),
           "cpu_verhouding_herhaling": round(cpu_herhaling, 2), "ontwerp_ms_per_zaak": round(mediaan["ontwerp"], 3),
           "ontwerp_cpu_ms_per_zaak": round(mediaan["ontwerp_cpu"], 3), "app_tegen_ontwerp": round(verhouding_ontwerp, 2),
           "ontwerp_tegen_vloer": round(ontwerp_vloer, 1), "ontwerp_tegen_herhaling": round(ontwerp_herhaling, 2)}
    print(f"\nmeldingscenario ({ZAKEN} zaken, SQLite, een transactie per stap; mediaan van {RONDES} rondes)")
    print(f"{'':34}{'ms/zaak':>10}{'app/x':>9}")
    print(f"{'app (pipeline + sweep)':34}{mediaan['app']:>10.2f}")
    print(f"{'vloer (hand-written plain SQL)':34}{mediaan['vloer']:>10.2f}{verhouding_vloer:>8.1f}x")
    print(f"{'herhaling (app SQL via DBAPI)':34}{mediaan['herhaling']:>10.2f}{verhouding_herhaling:>8.2f}x")
    print(f"{'ontwerp (zelfde rijen, geen ORM)':34}{mediaan['ontwerp']:>10.2f}{verhouding_ontwerp:>8.2f}x"
          f"   (ontwerp/vloer {ontwerp_vloer:.1f}x, ontwerp/herhaling {ontwerp_herhaling:.2f}x)")
    core_ontwerp = statistics.median(r["ontwerp_core"] / r["ontwerp"] for r in rondes)
    core_herhaling = statistics.median(r["ontwerp_core"] / r["herhaling"] for r in rondes)
    app_core = statistics.median(r["app"] / r["ontwerp_core"] for r in rondes)
    print(f"{'ontwerp op Core (pool/transactie)':34}{mediaan['ontwerp_core']:>10.2f}{app_core:>8.2f}x"
          f"   (core/ontwerp {core_ontwerp:.2f}x, core/herhaling {core_herhaling:.2f}x)")
    uit |= {"ontwerp_core_ms_per_zaak": round(mediaan["ontwerp_core"], 3), "app_tegen_ontwerp_core": round(app_core, 2),
            "ontwerp_core_tegen_ontwerp": round(core_ontwerp, 2), "ontwerp_core_tegen_herhaling": round(core_herhaling, 2)}
    print(f"lege schrijftransactie, us: Core (pool, BEGIN, COMMIT) {mediaan['leeg_core_us']:.1f}, DBAPI (poort, BEGIN "
          f"IMMEDIATE, COMMIT) {mediaan['leeg_dbapi_us']:.1f}, alleen pool checkout+checkin {mediaan['leeg_pool_us']:.1f}")
    uit |= {k: round(mediaan[k], 1) for k in ("leeg_core_us", "leeg_dbapi_us", "leeg_pool_us")}
    print(f"CPU (process_time, minder gevoelig voor een drukke machine): app {mediaan['app_cpu']:.2f} ms/zaak, "
          f"app/vloer {cpu_vloer:.1f}x, app/herhaling {cpu_herhaling:.2f}x")
    stapnamen = ["registreer"] + [k.removeprefix("stap_app_") for k in mediaan if k.startswith("stap_app_")
                                  and k != "stap_app_registreer"]
    print(f"per stap, mediaan in us: {'':10}{'app':>8}{'ontwerp':>9}{'app/ontwerp':>13}")
    for naam in stapnamen:
        a, o = mediaan[f"stap_app_{naam}"], mediaan[f"stap_ontwerp_{naam}"]
        print(f"  {naam:32}{a:>8.0f}{o:>9.0f}{a / o:>12.2f}x")
    uit["per_stap_us"] = {naam: [round(mediaan[f"stap_app_{naam}"]), round(mediaan[f"stap_ontwerp_{naam}"])]
                          for naam in stapnamen}
    print(f"statements per zaak {mediaan['statements_per_zaak']:.1f}, transacties per zaak "
          f"{mediaan['transacties_per_zaak']:.2f}")
    print("JSON " + json.dumps(uit))
