"""Write the rungs of one sweep batch in bulk: all escalation rows, all their messages, all history rows
(hash-chained) and the terms' next pointers, instead of a savepoint and three INSERTs per term.

Everything a rung writes is prepared first (`bereid`: recipients, snapshot, rows), so a term that cannot be
prepared is left out before anything is written. On PostgreSQL the whole batch is ONE statement (`rijen_pg`:
an INSERT per table in a WITH, each table's rows as one JSON parameter); on SQLite an executemany of one short
statement per kind of row (a call per row, no round trip).
Not a multi-row VALUES: that is a new, long statement per batch, parsed by driver and server each time.
ON CONFLICT DO NOTHING and the row count tell whether every row was new: if not (a rung or message another
sweep wrote, not in normal operation) `AlGeschreven` is raised and the caller does the batch again term by
term, each in a savepoint, where `vuur_trede` sorts it out. The rows are the same as `vuur_trede` writes
(tests compare both paths).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from pydantic_core import PydanticUndefined
from sqlalchemy import bindparam, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, SQLModel

from notifications.outbox import Bericht
from wvggz.audit.keten import gemeente_van, keten, voeg_toe
from wvggz.escalaties import rijen_pg
from wvggz.escalaties.models import Escalatie
from wvggz.escalaties.vuur import KANAAL, TE_LAAT_NA, Run, gegevens, historie_reden
from wvggz.escalaties.zaken import ZaakInfo
from wvggz.termijnen.models import Termijn
from wvggz.termijnen.regels import Trede


def _standaard(model: type[SQLModel]) -> dict[str, Any]:
    """Every column's model default (the INSERT names all columns, as the ORM and `plaats` do)."""
    return {naam: veld.default for naam, veld in model.model_fields.items()
            if naam != "id" and veld.default is not PydanticUndefined and veld.default_factory is None}


_ESCALATIE, _BERICHT = Escalatie.__table__, Bericht.__table__
_ESC_STANDAARD, _BER_STANDAARD = _standaard(Escalatie), _standaard(Bericht)
_ESC_SLEUTEL, _BER_SLEUTEL = ("termijn_id", "trede"), ("dedup_sleutel",)  # the unique keys: once only


class AlGeschreven(Exception):
    """A rung or message of the batch existed already: the batch is done again term by term."""


@lru_cache(maxsize=4)
def _inserts(dialect: str):  # noqa: ANN202
    """The two INSERT … ON CONFLICT DO NOTHING statements, built once per dialect (keeping the driver's row
    count, which SQLAlchemy otherwise drops for an INSERT)."""
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    return tuple(insert(tabel).on_conflict_do_nothing(index_elements=sleutel).execution_options(preserve_rowcount=True)
                 for tabel, sleutel in ((_ESCALATIE, _ESC_SLEUTEL), (_BERICHT, _BER_SLEUTEL)))


@dataclass
class Klaar:
    """One rung, prepared: its escalation row, its messages, its history row and what the sweep reports."""

    termijn_id: int
    code: str
    escalatie: dict[str, Any]
    berichten: list[dict[str, Any]]
    historie: dict[str, Any]
    verslag: dict[str, Any]
    wijzer: dict[str, Any] | None = None  # the term's next pointer {"t_id", "volgende"}, set by the sweep


def bereid(run: Run, termijn: Termijn, info: ZaakInfo, trede: Trede, moment: datetime,
           overgeslagen: list[str]) -> Klaar:
    """Prepare one rung without writing: recipients (cached per batch), snapshot, the three kinds of rows."""
    rol, ids = run.ontvangers.voor(trede.ontvanger, info)
    te_laat = run.now - moment > TE_LAAT_NA
    esc = _ESC_STANDAARD | {
        "termijn_id": termijn.id, "trede": trede.code, "termijn_soort": termijn.soort, "zaak_type": termijn.zaak_type,
        "zaak_id": termijn.zaak_id, "referentie": info.referentie, "pad": info.pad, "gemeente": info.gemeente,
        "gepland_op": moment, "gevuurd_op": run.now, "te_laat": te_laat, "ontvanger": trede.ontvanger,
        "herhaal_in_digest": trede.herhaal_in_digest, "aantal_berichten": len(ids)}
    snapshot = gegevens(termijn, info, trede, moment, te_laat, run.settings)
    berichten = [_BER_STANDAARD | {
        "soort": trede.code, "kanaal": KANAAL, "ontvanger_rol": rol, "ontvanger_adres": None,
        "ontvanger_gebruiker_id": gebruiker_id, "zaak_type": termijn.zaak_type, "zaak_id": termijn.zaak_id,
        "gegevens": snapshot, "volgende_poging_op": run.now, "aangemaakt_op": run.now,
        "dedup_sleutel": f"termijn:{termijn.id}:{trede.code}:{gebruiker_id if gebruiker_id is not None else rol}",
    } for gebruiker_id in ids]
    historie = {
        "zaak_type": termijn.zaak_type, "zaak_id": termijn.zaak_id, "op": run.clock.now(), "door_id": None,
        "door": "systeem", "actie": f"{trede.code}_verstuurd", "van_status": None, "naar_status": None,
        "reden": historie_reden(trede, termijn, rol, te_laat, overgeslagen),
        "gemeente": gemeente_van(run.session, termijn.zaak_type, termijn.zaak_id)}
    verslag = {"termijn_id": termijn.id, "soort": termijn.soort, "zaak_type": termijn.zaak_type,
               "zaak_id": termijn.zaak_id, "referentie": info.referentie, "trede": trede.code,
               "gepland_op": moment.isoformat(), "gevuurd_op": run.now.isoformat(), "te_laat": te_laat,
               "ontvanger": rol, "berichten": len(ids), "overgeslagen": list(overgeslagen)}
    return Klaar(termijn.id, trede.code, esc, berichten, historie, verslag)


def schrijf(run: Run, klaar: list[Klaar]) -> None:
    """Write the prepared rungs and their terms' pointers (`Klaar.wijzer`), in the caller's transaction: one
    statement on PostgreSQL, one executemany per kind of row on SQLite. Raises `AlGeschreven` (after writing
    part of it: roll back) when a rung or message existed already."""
    if not klaar:
        return
    conn = run.session.connection()
    berichten = [b for k in klaar for b in k.berichten]
    historie = [k.historie for k in klaar]
    wijzers = [k.wijzer for k in klaar if k.wijzer is not None]
    if conn.dialect.name == "postgresql":  # the whole batch in one statement (rijen_pg)
        keten(run.session, "historie", historie)  # numbered and hashed; the heads are written at commit
        escalaties, nieuwe_berichten = rijen_pg.schrijf_batch(
            conn, escalaties=[k.escalatie for k in klaar], esc_sleutel=_ESC_SLEUTEL, berichten=berichten,
            ber_sleutel=_BER_SLEUTEL, historie=historie, wijzers={w["t_id"]: w["volgende"] for w in wijzers})
        if escalaties != len(klaar):
            raise AlGeschreven("een trede van deze batch was al gevuurd")
        if nieuwe_berichten != len(berichten):
            raise AlGeschreven("een bericht van deze batch bestond al")
        return
    esc_insert, ber_insert = _inserts(conn.dialect.name)
    if conn.execute(esc_insert, [k.escalatie for k in klaar]).rowcount != len(klaar):
        raise AlGeschreven("een trede van deze batch was al gevuurd")
    if berichten and conn.execute(ber_insert, berichten).rowcount != len(berichten):
        raise AlGeschreven("een bericht van deze batch bestond al")
    voeg_toe(run.session, "historie", historie)
    zet_wijzers(run.session, wijzers)


_TERMIJN = Termijn.__table__
_WIJZER = update(_TERMIJN).where(_TERMIJN.c.id == bindparam("t_id")).values(volgende_trede_op=bindparam("volgende"))


def zet_wijzers(session: Session, wijzers: list[dict[str, Any]]) -> None:
    """Move the pointers ({"t_id", "volgende"}) in one statement: plain scheduler bookkeeping that does not bump
    the row's versie, so a fired reminder never gives a user a 409."""
    if not wijzers:
        return
    conn = session.connection()
    if conn.dialect.name == "postgresql":  # one UPDATE … FROM json_to_recordset (rijen_pg), not one per term
        rijen_pg.zet(conn, "termijn", "volgende_trede_op", {w["t_id"]: w["volgende"] for w in wijzers})
    else:
        conn.execute(_WIJZER, wijzers)
