"""Hash chain over the log tables (`historie`, `toegang`): one chain per table and gemeente.

Every new row gets `volgnummer` (1, 2, ...) and `hash` = SHA-256 of the previous row's hash and the row's
own content. The chain head (`audit_keten`) is locked while rows are appended, so two writers never fork
a chain; a unique (gemeente, volgnummer) index refuses a fork even if the lock were skipped. The rows of a
transaction are held back until just before its commit, so the head (on PostgreSQL the serial point of every
writer of a gemeente) is locked only for the last statements of the transaction (ADR 0025).
`controleer` walks every chain and names the first row that no longer fits. The rows hold ids, codes and
times only; retention anonymises the case and person tables, never these rows, so the chain survives it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Field, Session, SQLModel, select

from wvggz.audit.models import Historie, Toegang
from wvggz.db import LEZEN, LeesFout, pijplijn, rauw, verbinding
from wvggz.tabel import Tabel

BEGIN = "0" * 64  # the "previous hash" of a chain's first row
VELDEN: dict[str, tuple[str, ...]] = {
    "historie": ("zaak_type", "zaak_id", "op", "door_id", "door", "actie", "van_status", "naar_status", "reden"),
    "toegang": ("op", "gebruiker_id", "handeling", "zaak_type", "zaak_id", "persoon_id", "doel", "adres"),
}
MODELLEN: dict[str, type[SQLModel]] = {"historie": Historie, "toegang": Toegang}
_INSERT = {tabel: model.__table__.insert().inline() for tabel, model in MODELLEN.items()}  # built once; no RETURNING id


class AuditKeten(Tabel, table=True):
    """The head of one chain: the last number and hash handed out (locked while appending)."""

    __tablename__ = "audit_keten"

    tabel: str = Field(primary_key=True, max_length=20)
    gemeente: str = Field(primary_key=True, max_length=80)
    volgnummer: int = 0
    hash: str = Field(default=BEGIN, max_length=64)


def _waarde(v: Any) -> Any:
    if isinstance(v, datetime):
        if v.tzinfo is not None:
            v = v.astimezone(UTC).replace(tzinfo=None)
        return v.isoformat(timespec="microseconds")
    return v


def bereken_hash(tabel: str, rij: Any, vorige: str) -> str:
    """Return the hash of `rij` (a row object) chained to `vorige`."""
    return hash_van(tabel, rij.gemeente, rij.volgnummer, {v: getattr(rij, v) for v in VELDEN[tabel]}, vorige)


_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=str)  # what json.dumps builds per call


def hash_van(tabel: str, gemeente: str, volgnummer: int, waarden: Mapping[str, Any], vorige: str) -> str:
    """Return the hash of a row chained to `vorige`: canonical JSON of table, gemeente, number and fields."""
    inhoud = [tabel, gemeente, volgnummer, vorige, *[_waarde(waarden.get(v)) for v in VELDEN[tabel]]]
    data = _JSON.encode(inhoud)
    return hashlib.sha256(f"{vorige}:{data}".encode()).hexdigest()


KOPPEN = "wvggz_audit_koppen"  # session.info: the chain heads this transaction holds and what it moved
_LEES_KOPPEN = ("SELECT tabel, volgnummer, hash FROM audit_keten WHERE gemeente = :g AND tabel IN "
                "('historie', 'toegang') ORDER BY tabel")
_LEES = {"postgresql": text(_LEES_KOPPEN + " FOR UPDATE"), "": text(_LEES_KOPPEN)}
_MAAK_KOP = text("INSERT INTO audit_keten (tabel, gemeente, volgnummer, hash) VALUES (:t, :g, 0, :h) "
                 "ON CONFLICT DO NOTHING")
_ZET_KOP = text("UPDATE audit_keten SET volgnummer = :n, hash = :h WHERE tabel = :t AND gemeente = :g")


@dataclass
class _Koppen:
    """The heads read in this transaction (tabel, gemeente) -> (number, hash), and those moved but not written."""

    koppen: dict[tuple[str, str], tuple[int, str]] = field(default_factory=dict)
    gewijzigd: set[tuple[str, str]] = field(default_factory=set)
    bewaard: dict[int, _Koppen] = field(default_factory=dict)  # per open savepoint: the state at its start
    wachtend: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # rows of `voeg_toe`, per table

    def kopie(self) -> _Koppen:
        return _Koppen(dict(self.koppen), set(self.gewijzigd), wachtend={t: list(r) for t, r in self.wachtend.items()})


def _staat(session: Session) -> _Koppen:
    staat = session.info.get(KOPPEN)
    if staat is None:
        staat = session.info[KOPPEN] = _Koppen()
    return staat


def _kop(session: Session, tabel: str, gemeente: str) -> tuple[int, str]:
    """Return number and hash of the head of chain (tabel, gemeente), held for this transaction.

    The first append of a transaction for a gemeente reads both heads of that gemeente (historie, toegang) in one
    statement, locked on PostgreSQL (always the same order: no deadlock between two writers), creating them when
    absent; later appends take them from `session.info`. The lock is held until the transaction ends."""
    staat = _staat(session)
    kop = staat.koppen.get((tabel, gemeente))
    if kop is not None:
        return kop
    conn = verbinding(session)
    lees = _LEES.get(conn.dialect.name, _LEES[""])  # SQLite: BEGIN IMMEDIATE serialises the writers
    rijen = rauw(conn, lees, {"g": gemeente}).all()
    if len(rijen) < len(MODELLEN):  # a chain's first row: create the heads (a concurrent creator waits)
        rauw(conn, _MAAK_KOP, [{"t": t, "g": gemeente, "h": BEGIN} for t in sorted(MODELLEN)])
        rijen = rauw(conn, lees, {"g": gemeente}).all()
    for t, nummer, laatste in rijen:
        staat.koppen.setdefault((t, gemeente), (int(nummer), str(laatste)))
    return staat.koppen[(tabel, gemeente)]


def schrijf_koppen(session: Session) -> None:
    """Write the heads this transaction moved (one UPDATE, executemany); runs before every commit."""
    staat = session.info.get(KOPPEN)
    if staat is None or not staat.gewijzigd:
        return
    rauw(verbinding(session), _ZET_KOP, [
        {"n": staat.koppen[k][0], "h": staat.koppen[k][1], "t": k[0], "g": k[1]} for k in sorted(staat.gewijzigd)])
    staat.gewijzigd.clear()


def keten(session: Session, tabel: str, rijen: list[dict[str, Any]]) -> None:
    """Give each row (a dict with `gemeente`) its number and hash, in order; the heads move in `session.info`
    and are written once, before the commit (`schrijf_koppen`)."""
    groepen: dict[str, list[dict[str, Any]]] = {}
    for rij in rijen:
        groepen.setdefault(rij["gemeente"], []).append(rij)
    staat = _staat(session)
    for gemeente in sorted(groepen):
        nummer, vorige = _kop(session, tabel, gemeente)
        for rij in groepen[gemeente]:
            nummer += 1
            rij["volgnummer"] = nummer
            rij["hash"] = vorige = hash_van(tabel, gemeente, nummer, rij, vorige)
        staat.koppen[(tabel, gemeente)] = (nummer, vorige)
        staat.gewijzigd.add((tabel, gemeente))


def voeg_toe(session: Session, tabel: str, rijen: list[dict[str, Any]]) -> None:
    """Append log rows to the caller's transaction. They are numbered, hashed and inserted just before its
    commit (`schrijf_wachtend`): the chain heads are locked as late as possible (ADR 0025), and all rows of a
    table go in one INSERT (executemany). No ORM objects, no flush; a rolled-back savepoint drops its rows."""
    if not rijen:
        return
    if verbinding(session).get_execution_options().get(LEZEN):  # opens the transaction now, as a write would
        raise LeesFout
    _staat(session).wachtend.setdefault(tabel, []).extend(rijen)


def schrijf_wachtend(session: Session) -> None:
    """Chain and insert the rows `voeg_toe` held back, then write the heads: one read of the heads (locked on
    PostgreSQL) per gemeente, one INSERT per table, one UPDATE of the heads. Runs before every commit.

    PostgreSQL: the INSERTs and the UPDATE go in one pipeline, and a transaction that holds heads commits with
    `synchronous_commit = off`, so the heads' lock goes at the COMMIT instead of after the WAL flush (~4 ms
    here); `_spoel` then waits for the flush before the commit returns (ADR 0025)."""
    staat = session.info.get(KOPPEN)
    if staat is None:
        return
    wachtend, staat.wachtend = staat.wachtend, {}
    for tabel in sorted(wachtend):
        keten(session, tabel, wachtend[tabel])
    if not staat.koppen:  # no head read in this transaction: nothing chained
        return
    conn = verbinding(session)
    with pijplijn(conn) as pg:
        for tabel in sorted(wachtend):
            rijen = wachtend[tabel]
            rauw(conn, _INSERT[tabel], rijen if len(rijen) > 1 else rijen[0])
        schrijf_koppen(session)
        if pg is not None and VROEG_LOSLATEN:
            pg.execute("SET LOCAL synchronous_commit TO off")
    if pg is not None and VROEG_LOSLATEN:
        session.info[SPOELEN] = pg


VROEG_LOSLATEN = True  # PostgreSQL: release the heads at COMMIT, wait for the WAL flush after it (ADR 0025)
SPOELEN = "wvggz_audit_spoelen"  # session.info: the psycopg connection whose commit still has to be flushed


def _spoel(pg: Any) -> None:  # noqa: ANN401
    """Return once the WAL holding our commit is on disk: a synchronous commit of a transaction with an id of
    its own flushes the WAL up to its commit record, which lies after ours (and such flushes of concurrent
    requests are grouped by PostgreSQL). The request answers only after this: an answered change is durable,
    as before; other sessions may see it a few ms earlier."""
    pg.autocommit = True
    try:
        pg.execute("SELECT pg_current_xact_id()")
    finally:
        pg.autocommit = False


def gemeente_van(session: Session, zaak_type: str | None, zaak_id: int | None, gebruiker: Any = None,
                 gebruiker_id: int | None = None) -> str:
    """The gemeente of a log row: its case's gemeente, else its user's, else '' (unknown).

    The case is usually in the session already (no statement); `gebruiker` saves a lookup of the user."""
    from wvggz.gebruikers.models import Gebruiker

    zaak = zaak_model(zaak_type)
    if zaak is not None and zaak_id is not None:
        obj = session.get(zaak, zaak_id)
        if obj is not None and getattr(obj, "gemeente", None):
            return obj.gemeente
    if gebruiker is not None:
        return gebruiker.gemeente or ""
    gebruiker = session.get(Gebruiker, gebruiker_id) if gebruiker_id else None
    return gebruiker.gemeente if gebruiker else ""


def zaak_model(zaak_type: str | None) -> type[SQLModel] | None:
    """Return the model of a case type ('melding', 'triage', 'crisismaatregel', 'beroep'), or None."""
    from wvggz.crisismaatregelen.models import Beroep, Crisismaatregel
    from wvggz.meldingen.models import Melding
    from wvggz.triage.models import Triage

    return {"melding": Melding, "triage": Triage, "crisismaatregel": Crisismaatregel, "beroep": Beroep}.get(
        zaak_type or "")


def keten_nieuwe_rijen(session: Session) -> None:
    """Chain log rows added as ORM objects (rare; the services append with `voeg_toe`), before a flush."""
    nieuw = [o for o in session.new if isinstance(o, (Historie, Toegang)) and o.hash is None]
    if not nieuw:
        return
    nieuw.sort(key=lambda o: o._sa_instance_state.insert_order or 0)
    with session.no_autoflush:
        for rij in nieuw:
            if rij.gemeente is None:
                rij.gemeente = gemeente_van(session, rij.zaak_type, rij.zaak_id, gebruiker_id=(
                    rij.door_id if isinstance(rij, Historie) else rij.gebruiker_id))
        for tabel in sorted(MODELLEN):
            rijen = [r for r in nieuw if r.__tablename__ == tabel]
            waarden = [{v: getattr(r, v) for v in VELDEN[tabel]} | {"gemeente": r.gemeente} for r in rijen]
            if waarden:
                keten(session, tabel, waarden)
                for rij, w in zip(rijen, waarden, strict=True):
                    rij.volgnummer, rij.hash = w["volgnummer"], w["hash"]
        schrijf_koppen(session)  # this flush may be the commit's own, after `before_commit`


@event.listens_for(OrmSession, "before_flush")
def _voor_flush(session: Session, _context, _instances) -> None:  # noqa: ANN001
    keten_nieuwe_rijen(session)


@event.listens_for(OrmSession, "before_commit")
def _voor_commit(session: Session) -> None:
    schrijf_wachtend(session)


@event.listens_for(OrmSession, "after_transaction_create")
def _savepoint_begin(session: Session, transactie) -> None:  # noqa: ANN001
    """A savepoint remembers the heads as they are, so rolling it back also rolls back what it appended."""
    staat = session.info.get(KOPPEN)
    if transactie.nested and staat is not None:
        staat.bewaard[id(transactie)] = staat.kopie()


@event.listens_for(OrmSession, "after_commit")
def _vergeet_koppen(session: Session) -> None:
    session.info.pop(KOPPEN, None)
    pg = session.info.get(SPOELEN)
    if pg is not None and pg.info.transaction_status == 0:  # IDLE: the transaction itself committed (not a savepoint)
        del session.info[SPOELEN]
        _spoel(pg)


@event.listens_for(OrmSession, "after_soft_rollback")
def _terug(session: Session, transactie) -> None:  # noqa: ANN001
    """Rolled-back savepoint: back to the heads at its start (locks taken inside it are released, so heads read
    inside it are forgotten). Rolled-back transaction: forget everything."""
    staat = session.info.get(KOPPEN)
    if staat is None:
        return
    if transactie.nested:
        vorig = staat.bewaard.pop(id(transactie), None)
        staat.koppen, staat.gewijzigd, staat.wachtend = (
            (vorig.koppen, vorig.gewijzigd, vorig.wachtend) if vorig else ({}, set(), {}))
        return
    session.info.pop(KOPPEN, None)
    session.info.pop(SPOELEN, None)


@dataclass(frozen=True)
class Breuk:
    """The first row of a chain that no longer fits, and why."""

    tabel: str
    gemeente: str
    volgnummer: int
    rij_id: int | None
    reden: str

    def __str__(self) -> str:
        rij = f"rij id {self.rij_id}" if self.rij_id is not None else "geen rij"
        return (f"{self.tabel} (gemeente {self.gemeente or '?'}): volgnummer {self.volgnummer}, {rij}: "
                f"{self.reden}")


@dataclass
class Uitslag:
    gecontroleerd: int
    breuken: list[Breuk]

    @property
    def in_orde(self) -> bool:
        return not self.breuken


def controleer(session: Session) -> Uitslag:
    """Walk every chain; return the number of rows checked and the first break of each broken chain."""
    breuken: list[Breuk] = []
    aantal = 0
    koppen = {(k.tabel, k.gemeente): k for k in session.exec(select(AuditKeten))}
    for tabel, model in MODELLEN.items():
        eerste_keten_id = session.exec(select(model.id).where(model.hash.is_not(None)).order_by(model.id)).first()
        if eerste_keten_id is not None:
            los = session.exec(select(model).where(model.hash.is_(None), model.id > eerste_keten_id)
                               .order_by(model.id)).first()
            if los is not None:
                breuken.append(Breuk(tabel, los.gemeente or "", 0, los.id, "rij zonder keten-hash"))
        gemeenten = set(session.exec(select(model.gemeente).where(model.hash.is_not(None)).distinct()))
        gemeenten |= {g for (t, g) in koppen if t == tabel}
        for gemeente in sorted(g for g in gemeenten if g is not None):
            verwacht, vorige, breuk = 1, BEGIN, None
            stmt = select(model).where(model.gemeente == gemeente, model.hash.is_not(None)).order_by(model.volgnummer)
            for rij in session.exec(stmt.execution_options(yield_per=1000)):
                aantal += 1
                if rij.volgnummer != verwacht:
                    breuk = Breuk(tabel, gemeente, verwacht, rij.id,
                                  f"volgnummer {verwacht} ontbreekt (volgende rij heeft {rij.volgnummer})")
                elif rij.hash != bereken_hash(tabel, rij, vorige):
                    breuk = Breuk(tabel, gemeente, rij.volgnummer, rij.id, "hash klopt niet: rij gewijzigd")
                if breuk:
                    break
                verwacht, vorige = verwacht + 1, rij.hash
            kop = koppen.get((tabel, gemeente))
            if breuk is None and kop is not None and kop.volgnummer != verwacht - 1:
                breuk = Breuk(tabel, gemeente, verwacht, None,
                              f"keten eindigt bij {verwacht - 1}, maar de kop staat op {kop.volgnummer}: "
                              "rijen aan het eind verwijderd")
            if breuk:
                breuken.append(breuk)
    return Uitslag(aantal, breuken)
