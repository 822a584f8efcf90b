"""The outbox: a message is a row written in the same transaction as the change that causes it."""

from __future__ import annotations

import hashlib
from datetime import datetime
from functools import lru_cache
from typing import Any

from pydantic_core import PydanticUndefined
from sqlalchemy import JSON, Column, Index, Text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import make_transient_to_detached
from sqlmodel import Field, Session, SQLModel, select

WACHTEND, VERZONDEN, MISLUKT = "wachtend", "verzonden", "mislukt"
KANALEN = frozenset({"email", "inbox", "log"})


class Bericht(SQLModel, table=True):
    __tablename__ = "bericht"
    __table_args__ = (
        Index("ix_bericht_relay", "status", "volgende_poging_op"),
        Index("ix_bericht_zaak", "zaak_type", "zaak_id"),
        Index("ix_bericht_inbox", "ontvanger_gebruiker_id", "gelezen_op"),
    )

    id: int | None = Field(default=None, primary_key=True)
    soort: str = Field(max_length=60)  # the template
    kanaal: str = Field(max_length=10)  # email | inbox | log
    ontvanger_rol: str = Field(max_length=40)  # melder, behandelaar, projectleider, ... (shown in history)
    ontvanger_adres: str | None = Field(default=None, max_length=254)
    ontvanger_gebruiker_id: int | None = None
    zaak_type: str | None = Field(default=None, max_length=20)
    zaak_id: int | None = None
    gegevens: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    dedup_sleutel: str = Field(max_length=200, unique=True)
    status: str = Field(default=WACHTEND, max_length=12)  # wachtend | verzonden | mislukt
    pogingen: int = 0  # attempts in the current round (a beheer retry starts a new round)
    volgende_poging_op: datetime  # due moment; while claimed: the end of the claim
    laatste_fout: str | None = None
    aangemaakt_op: datetime
    verzonden_op: datetime | None = None
    gelezen_op: datetime | None = None
    geclaimd_door: str | None = Field(default=None, max_length=40)  # relay pass holding the claim
    onderwerp: str | None = Field(default=None, max_length=200)  # rendered subject (no names)
    inhoud: str | None = Field(default=None, sa_column=Column(Text, nullable=True))  # inbox text
    message_id: str | None = Field(default=None, max_length=200)  # e-mail Message-ID, stable per dedup key
    mislukt_op: datetime | None = None


class Poging(SQLModel, table=True):
    """One delivery attempt of a message: when, through which channel, and what happened."""

    __tablename__ = "bericht_poging"

    id: int | None = Field(default=None, primary_key=True)
    bericht_id: int = Field(foreign_key="bericht.id", index=True)
    nummer: int  # attempt number within the round
    op: datetime
    kanaal: str = Field(max_length=10)
    resultaat: str = Field(max_length=12)  # verzonden | fout | geweigerd
    fout: str | None = Field(default=None, max_length=500)


# every column's model default (status wachtend, pogingen 0, the rest None): the INSERT names all columns
_STANDAARD = {naam: veld.default for naam, veld in Bericht.model_fields.items()
              if naam != "id" and veld.default is not PydanticUndefined and veld.default_factory is None}


@lru_cache(maxsize=4)
def _insert(dialect: str):  # noqa: ANN202
    """INSERT … ON CONFLICT (dedup_sleutel) DO NOTHING RETURNING id, built once per dialect (compiled once)."""
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    stmt = insert(Bericht.__table__).on_conflict_do_nothing(index_elements=["dedup_sleutel"])
    return stmt.returning(Bericht.__table__.c.id)


def invoeging(dialect: str):  # noqa: ANN201
    """The INSERT of one message row (from `rij`) for `dialect`: its id through RETURNING, no row when the dedup
    key exists. For a caller that runs it on a faster path of its own (wvggz.db.rauw)."""
    return _insert(dialect)


@lru_cache(maxsize=4)
def _insert_veel(dialect: str):  # noqa: ANN202
    """The same for several rows at once (one multi-row statement): RETURNING dedup key and id."""
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    stmt = insert(Bericht.__table__).on_conflict_do_nothing(index_elements=["dedup_sleutel"])
    return stmt.returning(Bericht.__table__.c.dedup_sleutel, Bericht.__table__.c.id)


def _waarden(*, soort: str, kanaal: str, ontvanger_rol: str, gegevens: dict[str, Any], dedup_sleutel: str,
             now: datetime, zaak_type: str | None = None, zaak_id: int | None = None, adres: str | None = None,
             gebruiker_id: int | None = None) -> dict[str, Any]:
    """The full row of a new message (every column named, defaults included)."""
    if kanaal not in KANALEN:
        raise ValueError(f"Onbekend kanaal {kanaal!r}; kies uit {', '.join(sorted(KANALEN))}.")
    return _STANDAARD | {
        "soort": soort, "kanaal": kanaal, "ontvanger_rol": ontvanger_rol, "ontvanger_adres": adres,
        "ontvanger_gebruiker_id": gebruiker_id, "zaak_type": zaak_type, "zaak_id": zaak_id, "gegevens": gegevens,
        "dedup_sleutel": dedup_sleutel, "volgende_poging_op": now, "aangemaakt_op": now,
    }


def zet_klaar_veel(session: Session, berichten: list[dict[str, Any]]) -> dict[str, int]:
    """Enqueue several messages with one statement (keyword arguments of `plaats` per message); returns
    dedup key -> id of the rows written (a key that existed already is left out)."""
    if not berichten:
        return {}
    rijen = [_waarden(**b) for b in berichten]
    if len(rijen) == 1:
        nieuw = schrijf_rij(session, rijen[0])
        return {} if nieuw is None else {rijen[0]["dedup_sleutel"]: nieuw}
    conn = session.connection()
    return dict(conn.execute(_insert_veel(conn.dialect.name), rijen).all())


def plaats(
    session: Session, *, soort: str, kanaal: str, ontvanger_rol: str, gegevens: dict[str, Any],
    dedup_sleutel: str, now: datetime, zaak_type: str | None = None, zaak_id: int | None = None,
    adres: str | None = None, gebruiker_id: int | None = None,
) -> Bericht | None:
    """Enqueue a message in the caller's transaction; returns None when the dedup key already exists."""
    waarden = _waarden(soort=soort, kanaal=kanaal, ontvanger_rol=ontvanger_rol, gegevens=gegevens,
                       dedup_sleutel=dedup_sleutel, now=now, zaak_type=zaak_type, zaak_id=zaak_id, adres=adres,
                       gebruiker_id=gebruiker_id)
    bericht_id = schrijf_rij(session, waarden)
    if bericht_id is None:  # the dedup key exists: one statement, no select-then-insert race
        return None
    return als_object(session, bericht_id, waarden)


def rij(**bericht: Any) -> dict[str, Any]:
    """The full row of a new message (keyword arguments of `plaats`), for `schrijf_rij`."""
    return _waarden(**bericht)


def schrijf_rij(session: Session, waarden: dict[str, Any]) -> int | None:
    """INSERT one message row (from `rij`) now; its id, or None when the dedup key exists."""
    conn = session.connection()
    return conn.execute(_insert(conn.dialect.name), waarden).scalar()


def als_object(session: Session, bericht_id: int, waarden: dict[str, Any]) -> Bericht:
    """The written row as a persistent Bericht in `session` (no re-read), also after the commit."""
    bericht = Bericht(id=bericht_id, **waarden)
    make_transient_to_detached(bericht)  # the row is written: keep the object as persistent, no re-read
    session.add(bericht)
    return bericht


def berichten_van_zaak(session: Session, zaak_type: str, zaak_id: int) -> list[Bericht]:
    """Return the messages of one case, oldest first (for the case timeline)."""
    stmt = select(Bericht).where(Bericht.zaak_type == zaak_type, Bericht.zaak_id == zaak_id)
    return list(session.exec(stmt.order_by(Bericht.id)))


def pogingen_van(session: Session, bericht_id: int) -> list[Poging]:
    """Return the delivery attempts of one message, oldest first."""
    return list(session.exec(select(Poging).where(Poging.bericht_id == bericht_id).order_by(Poging.id)))


def maak_message_id(dedup_sleutel: str, afzender: str) -> str:
    """Return the e-mail Message-ID for a dedup key: the same key always gives the same id."""
    domein = afzender.rsplit("@", 1)[-1].strip(">").strip() or "localhost"
    return f"<{hashlib.sha256(dedup_sleutel.encode()).hexdigest()[:40]}@{domein}>"
