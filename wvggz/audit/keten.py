"""Hash chain over the log tables (`historie`, `toegang`): one chain per table and gemeente.

Every new row gets `volgnummer` (1, 2, ...) and `hash` = SHA-256 of the previous row's hash and the row's
own content. The chain head (`audit_keten`) is locked while rows are appended, so two writers never fork
a chain; a unique (gemeente, volgnummer) index refuses a fork even if the lock were skipped.
`controleer` walks every chain and names the first row that no longer fits. The rows hold ids, codes and
times only; retention anonymises the case and person tables, never these rows, so the chain survives it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Field, Session, SQLModel, select

from wvggz.audit.models import Historie, Toegang

BEGIN = "0" * 64  # the "previous hash" of a chain's first row
VELDEN: dict[str, tuple[str, ...]] = {
    "historie": ("zaak_type", "zaak_id", "op", "door_id", "door", "actie", "van_status", "naar_status", "reden"),
    "toegang": ("op", "gebruiker_id", "handeling", "zaak_type", "zaak_id", "persoon_id", "doel", "adres"),
}
MODELLEN: dict[str, type[SQLModel]] = {"historie": Historie, "toegang": Toegang}


class AuditKeten(SQLModel, table=True):
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


def hash_van(tabel: str, gemeente: str, volgnummer: int, waarden: Mapping[str, Any], vorige: str) -> str:
    """Return the hash of a row chained to `vorige`: canonical JSON of table, gemeente, number and fields."""
    inhoud = [tabel, gemeente, volgnummer, vorige, *(_waarde(waarden.get(v)) for v in VELDEN[tabel])]
    data = json.dumps(inhoud, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(f"{vorige}:{data}".encode()).hexdigest()


KOPPEN = "wvggz_audit_koppen"  # session.info: the chain heads this transaction holds locked and has moved


def _kop(session: Session, tabel: str, gemeente: str) -> tuple[int, str]:
    """Return number and hash of the head of chain (tabel, gemeente), locked for this transaction.

    The first append of a transaction reads (and on PostgreSQL locks) the head, creating it when absent;
    later appends in the same transaction take it from `session.info` (the lock is held until the end)."""
    koppen = session.info.setdefault(KOPPEN, {})
    kop = koppen.get((tabel, gemeente))
    if kop is not None:
        return kop
    conn = session.connection()
    slot = " FOR UPDATE" if conn.dialect.name == "postgresql" else ""  # SQLite: BEGIN IMMEDIATE serialises
    lees = text(f"SELECT volgnummer, hash FROM audit_keten WHERE tabel = :t AND gemeente = :g{slot}")
    rij = conn.execute(lees, {"t": tabel, "g": gemeente}).first()
    if rij is None:  # the chain's first row: create the head (a concurrent creator waits, then does nothing)
        conn.execute(text("INSERT INTO audit_keten (tabel, gemeente, volgnummer, hash) VALUES (:t, :g, 0, :h) "
                          "ON CONFLICT DO NOTHING"), {"t": tabel, "g": gemeente, "h": BEGIN})
        rij = conn.execute(lees, {"t": tabel, "g": gemeente}).one()
    return int(rij[0]), str(rij[1])


def _zet_kop(session: Session, tabel: str, gemeente: str, nummer: int, laatste: str) -> None:
    session.connection().execute(
        text("UPDATE audit_keten SET volgnummer = :n, hash = :h WHERE tabel = :t AND gemeente = :g"),
        {"n": nummer, "h": laatste, "t": tabel, "g": gemeente})
    session.info.setdefault(KOPPEN, {})[(tabel, gemeente)] = (nummer, laatste)


def keten(session: Session, tabel: str, rijen: list[dict[str, Any]]) -> None:
    """Give each row (a dict with `gemeente`) its number and hash, in order, and move the chain heads.

    Heads are taken in a fixed order (gemeente), so two writers of several chains never deadlock."""
    groepen: dict[str, list[dict[str, Any]]] = {}
    for rij in rijen:
        groepen.setdefault(rij["gemeente"], []).append(rij)
    for gemeente in sorted(groepen):
        nummer, vorige = _kop(session, tabel, gemeente)
        for rij in groepen[gemeente]:
            nummer += 1
            rij["volgnummer"] = nummer
            rij["hash"] = vorige = hash_van(tabel, gemeente, nummer, rij, vorige)
        _zet_kop(session, tabel, gemeente, nummer, vorige)


def voeg_toe(session: Session, tabel: str, rijen: list[dict[str, Any]]) -> None:
    """Append log rows with Core (one INSERT, executemany for several), chained in Python first.

    No ORM objects and no flush: the statement runs now, in the caller's transaction."""
    if not rijen:
        return
    keten(session, tabel, rijen)
    session.connection().execute(MODELLEN[tabel].__table__.insert(), rijen if len(rijen) > 1 else rijen[0])


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


@event.listens_for(OrmSession, "before_flush")
def _voor_flush(session: Session, _context, _instances) -> None:  # noqa: ANN001
    keten_nieuwe_rijen(session)


@event.listens_for(OrmSession, "after_commit")
@event.listens_for(OrmSession, "after_soft_rollback")
def _vergeet_koppen(session: Session, *_args) -> None:  # noqa: ANN002
    """The heads are held only until the transaction (or a rolled-back savepoint) ends: read them anew."""
    session.info.pop(KOPPEN, None)


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
