"""Open, close and read the termijn rows of a case; every row carries its explanation."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from types import MappingProxyType

from sqlalchemy import bindparam, event
from sqlalchemy import select as sa_select
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session, select

from wvggz.config import Settings, get_settings
from wvggz.rijen import laad_rijen, voeg_in
from wvggz.termijnen.bereken import EINDE_DAG, TZ, Uitkomst, bereken, naar_lokaal, tredemomenten
from wvggz.termijnen.kalender import AtwKalender
from wvggz.termijnen.models import Termijn
from wvggz.termijnen.regels import Regel, Trede, met_instellingen

VERLOPEN = "verlopen"  # the lapse check: one step after the end, when the term is still open
NA_EINDE = timedelta(seconds=1)  # a day term ends at 23:59:59 local; it has lapsed from 00:00:00
VERLENGBAAR = frozenset({"wijkteam_advies"})  # local policy; the law has no pause or extension (art. 5:2)


@lru_cache(maxsize=8)
def _kalender(extra: tuple) -> AtwKalender:
    return AtwKalender(extra_feestdagen=extra)


def kalender(settings: Settings | None = None) -> AtwKalender:
    """Return the Atw calendar with the configured extra holidays (cached)."""
    settings = settings or get_settings()
    return _kalender(tuple(sorted(settings.extra_feestdagen)))


@lru_cache(maxsize=8)
def _regels(wijkteam_advies_werkdagen: int) -> Mapping[str, Regel]:
    return MappingProxyType(met_instellingen(wijkteam_advies_werkdagen=wijkteam_advies_werkdagen))


def regels(settings: Settings | None = None) -> Mapping[str, Regel]:
    """Return the rules table with the local settings applied (built once per setting, read-only)."""
    settings = settings or get_settings()
    return _regels(settings.wijkteam_advies_werkdagen)


def bereken_termijn(soort: str, start: object, settings: Settings | None = None) -> Uitkomst:
    """Compute a term with the configured calendar and rules."""
    return bereken(soort, start, kalender=kalender(settings), regels=regels(settings))


def uitkomst_van(termijn: Termijn) -> Uitkomst:
    """Return the stored term as an Uitkomst (an extension moved its end), for computing its rungs."""
    return Uitkomst(termijn.soort, termijn.start.astimezone(TZ), termijn.einddatum,
                    termijn.eindmoment.astimezone(TZ), termijn.ruwe_einddatum, termijn.atw_toegepast,
                    termijn.grondslag, termijn.zekerheid, termijn.toelichting)


def tredeplan(termijn: Termijn, settings: Settings | None = None) -> list[tuple[str, datetime, Trede | None]]:
    """Return (code, UTC moment, rung) for every rung of the ladder plus the lapse check, by moment."""
    regel = regels(settings).get(termijn.soort)
    treden = tredemomenten(uitkomst_van(termijn), regel, kalender(settings)) if regel else []
    plan = [(t.code, m, t) for t, m in treden]
    plan.append((VERLOPEN, termijn.eindmoment + NA_EINDE, None))
    return sorted(plan, key=lambda stap: stap[1])


def volgende_trede(
    termijn: Termijn, na: datetime | None, settings: Settings | None = None, *, gevuurd: Collection[str] = (),
) -> datetime | None:
    """Return the moment of the first step not in `gevuurd` strictly after `na` (None: any), or None."""
    later = [m for code, m, _ in tredeplan(termijn, settings) if code not in gevuurd and (na is None or m > na)]
    return min(later) if later else None


def verleng(termijn: Termijn, *, werkdagen: int, settings: Settings | None = None) -> Termijn:
    """Move the end of a local term `werkdagen` Atw working days on and explain it; ValueError for a
    legal term. The caller records the reason, recomputes the next rung and writes the history."""
    if termijn.soort not in VERLENGBAAR or termijn.einddatum is None:
        raise ValueError(f"Termijn {termijn.soort!r} is wettelijk en kan niet worden verlengd of gepauzeerd")
    nieuw = kalender(settings).plus_werkdagen(termijn.einddatum, werkdagen)
    termijn.einddatum = nieuw
    termijn.eindmoment = naar_lokaal(datetime.combine(nieuw, EINDE_DAG)).astimezone(UTC)
    termijn.toelichting += (f"; verlengd met {werkdagen} {'werkdag' if werkdagen == 1 else 'werkdagen'} "
                            f"tot {nieuw:%d-%m-%Y} (werkdagen volgens de Atw-kalender)")
    return termijn


def nieuwe_termijn(
    *, soort: str, zaak_type: str, zaak_id: int, start: datetime, settings: Settings | None = None,
) -> Termijn:
    """Return the term computed from `start` as an open, unsaved row with its first rung set."""
    u = bereken_termijn(soort, start, settings)
    termijn = Termijn(
        soort=soort, zaak_type=zaak_type, zaak_id=zaak_id, start=u.start.astimezone(UTC),
        einddatum=u.einddatum, eindmoment=u.eindmoment.astimezone(UTC), ruwe_einddatum=u.ruwe_einddatum,
        atw_toegepast=u.atw_toegepast, grondslag=u.grondslag, zekerheid=u.zekerheid, toelichting=u.toelichting,
    )
    termijn.volgende_trede_op = volgende_trede(termijn, None, settings)
    return termijn


def open_termijn(
    session: Session, *, soort: str, zaak_type: str, zaak_id: int, start: datetime,
    settings: Settings | None = None,
) -> Termijn:
    """Compute the term from `start` and store it as an open row."""
    termijn = nieuwe_termijn(soort=soort, zaak_type=zaak_type, zaak_id=zaak_id, start=start, settings=settings)
    _begrens(session, termijn, settings)
    voeg_in(session, termijn)  # one INSERT now (for its id): the case row is written once, at commit
    bekend = session.info.get(OPEN, {}).get((zaak_type, zaak_id))
    if bekend is not None:
        bekend.append(termijn)
    return termijn


def _begrens(session: Session, termijn: Termijn, settings: Settings | None) -> None:
    """Cap the term at the end of the open term named in its rule's `begrensd_door` (ADR 0007)."""
    regel = regels(settings).get(termijn.soort)
    grens = open_termijn_van(session, termijn.zaak_type, termijn.zaak_id, regel.begrensd_door) if (
        regel is not None and regel.begrensd_door) else None
    if grens is None or grens.eindmoment >= termijn.eindmoment:
        return
    termijn.einddatum, termijn.eindmoment = grens.einddatum, grens.eindmoment
    termijn.toelichting += (f"; begrensd tot {grens.eindmoment.astimezone(TZ):%d-%m-%Y %H:%M}, het einde van "
                            f"{regels(settings)[grens.soort].omschrijving.lower()} (ADR 0007)")
    termijn.volgende_trede_op = volgende_trede(termijn, None, settings)


def sluit_termijn(termijn: Termijn, *, op: datetime) -> Termijn:
    """Close the term at `op`; records whether that was within the term."""
    termijn.status = "gesloten"
    termijn.gesloten_op = op
    termijn.tijdig = op <= termijn.eindmoment
    termijn.volgende_trede_op = None
    return termijn


# built once (bound parameters): no statement construction or cache-key walk per call
_VAN_ZAAK = select(Termijn).where(Termijn.zaak_type == bindparam("t"), Termijn.zaak_id == bindparam("z"))
_ALLE = _VAN_ZAAK.order_by(Termijn.id)
_OPEN = _VAN_ZAAK.where(Termijn.status == "lopend").order_by(Termijn.id)
_TABEL = Termijn.__table__
_OPEN_RIJEN = sa_select(_TABEL).where(_TABEL.c.zaak_type == bindparam("t"), _TABEL.c.zaak_id == bindparam("z"),
                                   _TABEL.c.status == "lopend").order_by(_TABEL.c.id)  # the same, as Core rows
OPEN = "wvggz_open_termijnen"  # session.info: per case, its open terms as read in this transaction


def termijnen_van(session: Session, zaak_type: str, zaak_id: int) -> list[Termijn]:
    """Return all terms of a case, oldest first."""
    return list(session.exec(_ALLE, params={"t": zaak_type, "z": zaak_id}))


def open_termijnen(session: Session, zaak_type: str, zaak_id: int) -> list[Termijn]:
    """Return the open terms of a case: read once per transaction (one statement), then kept in `session.info`
    with the terms `open_termijn` adds; a term closed meanwhile is skipped by its status."""
    per_zaak = session.info.setdefault(OPEN, {})
    bekend = per_zaak.get((zaak_type, zaak_id))
    if bekend is None:
        params = {"t": zaak_type, "z": zaak_id}
        bekend = laad_rijen(session, Termijn, _OPEN_RIJEN, params)  # ~4x cheaper than the ORM query
        if bekend is None:
            bekend = list(session.exec(_OPEN, params=params))
        per_zaak[(zaak_type, zaak_id)] = bekend
    return [t for t in bekend if t.status == "lopend"]


def open_termijn_van(session: Session, zaak_type: str, zaak_id: int, soort: str) -> Termijn | None:
    """Return the open term of that kind for the case, if any (the oldest)."""
    return next((t for t in open_termijnen(session, zaak_type, zaak_id) if t.soort == soort), None)


@event.listens_for(OrmSession, "after_commit")
@event.listens_for(OrmSession, "after_soft_rollback")
def _vergeet_open(session: Session, *_args) -> None:  # noqa: ANN002
    """What a transaction read is not kept past its end (nor past a rolled-back savepoint)."""
    session.info.pop(OPEN, None)


def bereken_voor_api(soort: str, start: str, settings: Settings | None = None) -> dict:
    """Return the computed term as a dict; bad code or start raises MissingField (422)."""
    from wvggz.errors import MissingField
    from wvggz.termijnen.bereken import OnbekendeTermijn, OngeldigeStart

    try:
        return bereken_termijn(soort, start, settings).als_dict()
    except OnbekendeTermijn as exc:
        raise MissingField("soort", str(exc)) from None
    except (OngeldigeStart, ValueError) as exc:
        raise MissingField("start", str(exc)) from None
    except OverflowError:  # e.g. year 9999: the end falls beyond the calendar
        raise MissingField("start", "Het begin ligt te ver in de toekomst om een termijn te berekenen.") from None


def kalender_regels(jaar: int, settings: Settings | None = None) -> tuple[list[str], str | None]:
    """Return one line per Atw holiday of `jaar` (date, weekday, name, source) and a warning when no
    decree of art. 3 lid 3 is known for that year; ValueError outside 2020-2100."""
    if not 2020 <= jaar <= 2100:
        raise ValueError(f"Jaar {jaar} valt buiten 2020-2100 (de Wvggz geldt sinds 1 januari 2020)")
    kal = kalender(settings)
    dagen = ("ma", "di", "wo", "do", "vr", "za", "zo")
    regels = [f"{d:%d-%m-%Y} {dagen[d.weekday()]}  {naam}  [{kal.bron(d)}]" for d, naam in kal.feestdagen(jaar).items()]
    waarschuwing = None if kal.besluit_bekend(jaar) else (
        f"voor {jaar} is (nog) geen besluit gelijkstelling bekend (Atw art. 3 lid 3); voeg de dagen van een "
        "nieuw besluit toe via WVGGZ_EXTRA_FEESTDAGEN")
    return regels, waarschuwing


def regels_tabel(settings: Settings | None = None) -> list[dict]:
    """Return the rules table as plain rows."""
    return [
        {"code": r.code, "omschrijving": r.omschrijving, "lengte": r.lengte, "eenheid": str(r.eenheid),
         "start": r.start, "atw": r.atw, "grondslag": r.grondslag, "zekerheid": r.zekerheid,
         "begrensd_door": r.begrensd_door,
         "ladder": [{"code": t.code, "ontvanger": t.ontvanger, "omschrijving": t.omschrijving} for t in r.ladder]}
        for r in regels(settings).values()
    ]
