"""Read side of meldingen: the werkvoorraad and the full view of one melding."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, case, or_
from sqlmodel import Session, func, select

from notifications.outbox import Bericht
from workflows.engine import toegestane_acties
from workflows.melding import MELDING
from wvggz.audit.models import Historie
from wvggz.db import lees_samen
from wvggz.gebruikers.models import Gebruiker
from wvggz.gebruikers.rechten import vereis
from wvggz.meldingen.models import Melding
from wvggz.personen.models import Persoon
from wvggz.personen.zoektekst import lees_datum, naam_voorwaarde
from wvggz.termijnen.models import Termijn

GEGEVENS = ("wijkteam_contact", "wijkteam_advies", "medische_expertise", "gesprek_met_betrokkene",
            "reden_geen_gesprek", "reden_code", "reden", "doorgestuurd_naar", "verwezen_naar",
            "samengevoegd_met_id", "ovj_besluit", "melder_geinformeerd", "reden_niet_geinformeerd",
            "afgesloten_op", "e33_nummer", "triage_id", "crisismaatregel_id", "anoniem_tov_betrokkene")


def termijn_dict(t: Termijn, now: datetime) -> dict[str, Any]:
    """Return the public shape of a term row."""
    return {
        "id": t.id, "soort": t.soort, "start": t.start, "einddatum": t.einddatum, "eindmoment": t.eindmoment,
        "grondslag": t.grondslag, "zekerheid": t.zekerheid, "atw_toegepast": t.atw_toegepast,
        "toelichting": t.toelichting, "status": t.status, "tijdig": t.tijdig,
        "verlopen": t.status == "lopend" and t.eindmoment < now,
    }


def acties_dict(status: str) -> list[dict[str, Any]]:
    """Return the actions allowed in `status` with the fields each needs."""
    uit = []
    for naam in toegestane_acties(MELDING, status):
        actie = MELDING.acties[naam]
        velden = [{"naam": v.naam, "label": v.label, "soort": v.soort, "verplicht": v.verplicht,
                   "keuzes": list(v.keuzes)} for v in actie.velden]
        uit.append({"naam": naam, "label": actie.label, "velden": velden})
    return uit


def persoon_kort(p: Persoon | Any) -> dict[str, Any]:  # noqa: ANN401
    """The shown fields of a person: a Persoon, or a row with its id, names, birth date and residence."""
    return {"id": p.id, "naam": Persoon.volledige_naam.fget(p), "geboortedatum": p.geboortedatum,
            "woonplaats": p.woonplaats}


def _geschreven(geschreven: list | None, model: type, melding: Melding) -> list | None:
    """The rows of `model` of this melding among those just written, oldest first; None (read them) when
    there are none: a row written with Core only is never in that list."""
    rijen = [r for r in geschreven or () if isinstance(r, model) and r.zaak_type == "melding" and r.zaak_id == melding.id]
    return sorted(rijen, key=lambda r: r.id) or None


def _kolommen(model: type, *namen: str):  # noqa: ANN202
    """A Core SELECT of `namen` from `model`'s table for one melding (`:z`), oldest first: built and compiled
    once, no ORM on the way (the answer of every action reads three of them; ADR 0022)."""
    t = model.__table__
    return (select(*(t.c[n] for n in namen)).where(t.c.zaak_type == "melding", t.c.zaak_id == bindparam("z"))
            .order_by(t.c.id))


_HISTORIE = _kolommen(Historie, "op", "door", "actie", "van_status", "naar_status", "reden")
_BERICHTEN = _kolommen(Bericht, "soort", "ontvanger_rol", "status", "aangemaakt_op", "verzonden_op")
_TERMIJNEN = _kolommen(Termijn, "id", "soort", "start", "einddatum", "eindmoment", "grondslag", "zekerheid",
                       "atw_toegepast", "toelichting", "status", "tijdig")
_p = Persoon.__table__.c
_PERSONEN = select(_p.id, _p.voornaam, _p.achternaam, _p.geboortedatum, _p.woonplaats).where(
    _p.id.in_([bindparam("a"), bindparam("b")]))  # melder and betrokkene


def _rijen(session: Session, stmt, melding: Melding) -> list:  # noqa: ANN001
    """The rows of `stmt` (one of the SELECTs above) for this melding, as plain rows."""
    return list(session.connection().execute(stmt, {"z": melding.id}))


def _personen(session: Session, melding: Melding, geschreven: list | None) -> tuple[Any, Any]:
    """(melder, betrokkene): from the rows in hand after a registration, else one SELECT of the shown columns."""
    if geschreven is not None:
        return session.get(Persoon, melding.melder_id), session.get(Persoon, melding.betrokkene_id)
    return _twee(melding, session.connection().execute(_PERSONEN, _ids(melding)))


def _ids(melding: Melding) -> dict[str, int]:
    return {"z": melding.id, "a": melding.melder_id, "b": melding.betrokkene_id}


def _twee(melding: Melding, rijen) -> tuple[Any, Any]:  # noqa: ANN001
    per_id = {r.id: r for r in rijen}
    return per_id[melding.melder_id], per_id[melding.betrokkene_id]


def _lees_samen(session: Session, melding: Melding) -> tuple[list, list, list, tuple[Any, Any]] | None:
    """Terms, history, messages and both persons in one round trip where the database allows it
    (`wvggz.db.lees_samen`: PostgreSQL); None elsewhere: read one by one."""
    samen = lees_samen(session, (_TERMIJNEN, _HISTORIE, _BERICHTEN, _PERSONEN), _ids(melding))
    if samen is None:
        return None
    termijnen, historie, berichten, personen = samen
    return termijnen, historie, berichten, _twee(melding, personen)


def detail(session: Session, melding: Melding, now: datetime, *, geschreven: list | None = None) -> dict[str, Any]:
    """Return everything shown about one melding: facts, terms, actions, history, messages.

    `geschreven`: for a melding registered in this request, every row it wrote (wvggz.db.GESCHREVEN): the
    answer is built from them without reading again."""
    termijnen = _geschreven(geschreven, Termijn, melding)
    historie = _geschreven(geschreven, Historie, melding)
    berichten = _geschreven(geschreven, Bericht, melding)
    samen = _lees_samen(session, melding) if geschreven is None else None
    if samen is not None:
        termijnen, historie, berichten, (melder, betrokkene) = samen
    else:
        melder, betrokkene = _personen(session, melding, geschreven)
    return {
        "id": melding.id, "referentie": melding.referentie, "status": melding.status, "versie": melding.versie,
        "gemeente": melding.gemeente, "ontvangen_op": melding.ontvangen_op, "kanaal": melding.kanaal,
        "melder": persoon_kort(melder) | {"relatie": melding.melder_relatie, "is_naaste": melding.melder_is_naaste},
        "betrokkene": persoon_kort(betrokkene), "zorgen": melding.zorgen, "acuut": melding.acuut,
        "behandelaar_id": melding.behandelaar_id, "uiterlijk_besluit_op": melding.uiterlijk_besluit_op,
        "besluit": melding.besluit, "besloten_op": melding.besloten_op, "tijdig_besloten": melding.tijdig_besloten,
        "gegevens": {k: getattr(melding, k) for k in GEGEVENS if getattr(melding, k) is not None},
        "termijnen": [termijn_dict(t, now) for t in (termijnen if termijnen is not None
                                                     else _rijen(session, _TERMIJNEN, melding))],
        "toegestane_acties": acties_dict(melding.status),
        "historie": [{"op": h.op, "door": h.door, "actie": h.actie, "van_status": h.van_status,
                      "naar_status": h.naar_status, "reden": h.reden}
                     for h in (historie if historie is not None
                               else _rijen(session, _HISTORIE, melding))],
        "berichten": [{"soort": b.soort, "ontvanger_rol": b.ontvanger_rol, "status": b.status,
                       "aangemaakt_op": b.aangemaakt_op, "verzonden_op": b.verzonden_op}
                      for b in (berichten if berichten is not None
                                else _rijen(session, _BERICHTEN, melding))],
    }


@dataclass
class Filter:
    status: str | None = None
    behandelaar_id: int | None = None
    mijn: bool = False
    zonder_behandelaar: bool = False
    verlopen: bool = False
    zoek: str | None = None
    woonplaats: str | None = None  # the betrokkene's gemeente of residence (competence, art. 5:2 lid 1)
    alleen_open: bool = True
    pagina: int = 1
    per_pagina: int = 25
    extra: dict[str, Any] = field(default_factory=dict)


def _zoekvoorwaarde(tekst: str):  # noqa: ANN202
    """Return the condition for a search text: a birth date in a common spelling (12041985, 12-4-1985,
    1985-04-12), a case number (M-2026-000012 or 12), or a (full) name ("eva smit")."""
    tekst = tekst.strip()
    geboren = lees_datum(tekst)
    if m := re.fullmatch(r"(?:[Mm]-[0-9]{4}-)?([0-9]{1,12})", tekst):
        nummer = Melding.id == int(m.group(1))
        return or_(nummer, Persoon.geboortedatum == geboren) if geboren else nummer
    if geboren:
        return Persoon.geboortedatum == geboren
    return naam_voorwaarde(tekst)


def werkvoorraad(session: Session, actor: Gebruiker, f: Filter, now: datetime) -> dict[str, Any]:
    """Return open meldingen of the user's gemeente sorted by time left (overdue first), with counts."""
    vereis(actor, "melding.lees")
    basis = select(Melding.id).where(Melding.gemeente == actor.gemeente)
    if f.alleen_open:
        basis = basis.where(Melding.open.is_(True))
        alle_basis = select(Melding.id).where(Melding.gemeente == actor.gemeente, Melding.open.is_(False))
    if f.behandelaar_id:
        basis = basis.where(Melding.behandelaar_id == f.behandelaar_id)
    if f.mijn:
        basis = basis.where(Melding.behandelaar_id == actor.id)
    if f.zonder_behandelaar:
        basis = basis.where(Melding.behandelaar_id.is_(None))
    if f.verlopen:
        basis = basis.where(Melding.besloten_op.is_(None), Melding.uiterlijk_besluit_op < now)
    if f.zoek or f.woonplaats:
        basis = basis.join(Persoon, Persoon.id == Melding.betrokkene_id)
    if f.zoek:
        basis = basis.where(_zoekvoorwaarde(f.zoek))
    afgehandeld = 0
    if f.zoek and f.alleen_open:  # the hint "3 afgehandelde meldingen gevonden" for closed matches
        gesloten = alle_basis.join(Persoon, Persoon.id == Melding.betrokkene_id).where(_zoekvoorwaarde(f.zoek))
        afgehandeld = session.exec(select(func.count()).select_from(gesloten.subquery())).one()
    if f.woonplaats:
        basis = basis.where(func.lower(Persoon.woonplaats) == f.woonplaats.strip().lower())
    per_status = dict(session.execute(basis.with_only_columns(Melding.status, func.count()).group_by(Melding.status)).all())
    totaal = per_status.get(f.status, 0) if f.status else sum(per_status.values())
    gefilterd = basis.where(Melding.status == f.status) if f.status else basis
    volgorde = (case((Melding.besloten_op.is_(None), 0), else_=1), Melding.uiterlijk_besluit_op, Melding.id)
    # The page's ids first, sorting narrow rows; then only those 25 rows in full (ADR 0019).
    pagina_ids = (gefilterd.order_by(*volgorde).offset((max(f.pagina, 1) - 1) * f.per_pagina).limit(f.per_pagina))
    stmt = (select(*_REGEL_KOLOMMEN).join(Persoon, Persoon.id == Melding.betrokkene_id)
            .where(Melding.id.in_(pagina_ids.subquery().select())).order_by(*volgorde))
    items = [_regel(r, now) for r in session.execute(stmt).all()]
    return {"totaal": totaal, "per_status": per_status, "items": items, "pagina": f.pagina,
            "per_pagina": f.per_pagina, "afgehandeld_gevonden": afgehandeld}


def woonplaatsen(session: Session, gemeente: str) -> list[str]:
    """Return the distinct places of residence of betrokkenen in open meldingen (for the gemeente filter)."""
    open_ = select(Melding.betrokkene_id).where(Melding.gemeente == gemeente, Melding.open.is_(True))
    stmt = (select(Persoon.woonplaats).where(Persoon.id.in_(open_), Persoon.woonplaats.is_not(None))
            .distinct().order_by(Persoon.woonplaats))  # driven by the open meldingen, not by every person
    return [w for w in session.exec(stmt).all() if w]


# Only the columns a row shows: plain rows, no ORM objects to build for a read (ADR 0019).
_REGEL_KOLOMMEN = (Melding.id, Melding.versie, Melding.status, Melding.ontvangen_op, Melding.behandelaar_id,
                   Melding.uiterlijk_besluit_op, Melding.besloten_op, Melding.betrokkene_id, Persoon.voornaam,
                   Persoon.achternaam)


def _regel(m: Any, now: datetime) -> dict[str, Any]:
    """One werkvoorraad row from a row of _REGEL_KOLOMMEN (reference and name as the models make them)."""
    lopend = m.besloten_op is None and m.uiterlijk_besluit_op is not None
    rest = int((m.uiterlijk_besluit_op - now).total_seconds()) if lopend else None
    return {
        "id": m.id, "referentie": Melding.referentie.fget(m), "status": m.status,
        "betrokkene": Persoon.volledige_naam.fget(m),
        "ontvangen_op": m.ontvangen_op, "behandelaar_id": m.behandelaar_id,
        "uiterlijk_besluit_op": m.uiterlijk_besluit_op, "resterend_seconden": rest,
        "verlopen": rest is not None and rest < 0, "versie": m.versie, "betrokkene_id": m.betrokkene_id,
    }
