"""Write the rungs of one sweep batch in bulk: all escalation rows in one INSERT, all their messages in one,
all history rows in one (hash-chained), instead of a savepoint and three INSERTs per term.

Everything a rung writes is prepared first (`bereid`: recipients, snapshot, rows), so a term that cannot be
prepared is left out before anything is written. The escalation rows go first, with ON CONFLICT DO NOTHING on
(termijn_id, trede): a rung another sweep fired already is left out of the messages and the history, exactly
as `vuur_trede` does one at a time. The rows are the same as `vuur_trede` writes (tests compare both paths).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from pydantic_core import PydanticUndefined
from sqlalchemy import and_, bindparam, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import SQLModel

from notifications.outbox import Bericht
from wvggz.audit.keten import gemeente_van, voeg_toe
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
_TEL = (update(_ESCALATIE).where(and_(_ESCALATIE.c.termijn_id == bindparam("t_id"),
                                      _ESCALATIE.c.trede == bindparam("code")))
        .values(aantal_berichten=bindparam("n")))


@lru_cache(maxsize=4)
def _inserts(dialect: str):  # noqa: ANN202
    """The two multi-row INSERT … ON CONFLICT DO NOTHING RETURNING statements, built once per dialect."""
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    esc = (insert(_ESCALATIE).on_conflict_do_nothing(index_elements=["termijn_id", "trede"])
           .returning(_ESCALATIE.c.termijn_id))
    ber = insert(_BERICHT).on_conflict_do_nothing(index_elements=["dedup_sleutel"]).returning(_BERICHT.c.dedup_sleutel)
    return esc, ber


@dataclass
class Klaar:
    """One rung, prepared: its escalation row, its messages, its history row and what the sweep reports."""

    termijn_id: int
    code: str
    escalatie: dict[str, Any]
    berichten: list[dict[str, Any]]
    historie: dict[str, Any]
    verslag: dict[str, Any]


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


def schrijf(run: Run, klaar: list[Klaar]) -> tuple[list[Klaar], set[int]]:
    """Write the prepared rungs: one INSERT per kind of row (executemany, sent as multi-row VALUES where the
    driver allows). Returns the rungs written and the ids of the terms whose rung another sweep had fired
    already (nothing of theirs is written; the caller skips them)."""
    if not klaar:
        return [], set()
    conn = run.session.connection()
    esc_insert, ber_insert = _inserts(conn.dialect.name)
    nieuw = set(conn.execute(esc_insert, [k.escalatie for k in klaar]).scalars())
    al = {k.termijn_id for k in klaar} - nieuw
    klaar = [k for k in klaar if k.termijn_id in nieuw]
    berichten = [b for k in klaar for b in k.berichten]
    if berichten:
        geplaatst = set(conn.execute(ber_insert, berichten).scalars())
        if len(geplaatst) != len(berichten):  # a message of a rung existed already (not in normal operation)
            _corrigeer(run, klaar, geplaatst)
    voeg_toe(run.session, "historie", [k.historie for k in klaar])
    return klaar, al


def _corrigeer(run: Run, klaar: list[Klaar], geplaatst: set[str]) -> None:
    """Set the message count of the rungs of which not every message was placed (as `vuur_trede` does)."""
    per = Counter(k.termijn_id for k in klaar for b in k.berichten if b["dedup_sleutel"] in geplaatst)
    fout = [k for k in klaar if per[k.termijn_id] != len(k.berichten)]
    run.session.connection().execute(_TEL, [{"t_id": k.termijn_id, "code": k.code, "n": per[k.termijn_id]}
                                            for k in fout])
    for k in fout:
        k.escalatie["aantal_berichten"] = k.verslag["berichten"] = per[k.termijn_id]
