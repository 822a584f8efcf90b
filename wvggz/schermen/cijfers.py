"""The projectleider's figures about meldingen, without names: open cases per status and behandelaar,
cases due this week, and per month the share decided within the term and the median days to decision.

`Aandeel tijdig` per month: of the meldingen whose term of art. 5:2 ended in that month (and that needed
a decision: not forwarded, referred or merged), the share with a decision on time. A melding still
undecided after its term counts as late at once, so an overdue queue shows in the figure immediately.
`Mediaan dagen tot besluit` per month: over the decisions taken in that month, receipt to decision."""

from __future__ import annotations

from bisect import bisect_right
from datetime import date, datetime, time, timedelta
from statistics import median
from typing import Any

from sqlmodel import Session, func, or_, select

from wvggz.clock import TZ
from wvggz.gebruikers.models import Gebruiker
from wvggz.meldingen.models import Melding

MAANDEN = 12
MAANDNAAM = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


def maanden_terug(now: datetime, aantal: int = MAANDEN) -> list[date]:
    """Return the first day of the last `aantal` months up to and including the current one, oldest first."""
    vandaag = now.astimezone(TZ).date()
    jaar, maand = vandaag.year, vandaag.month
    uit = []
    for _ in range(aantal):
        uit.append(date(jaar, maand, 1))
        jaar, maand = (jaar, maand - 1) if maand > 1 else (jaar - 1, 12)
    return uit[::-1]


def _lokaal_begin(d: date) -> datetime:
    return datetime.combine(d, time(0), tzinfo=TZ)


def open_per_status(session: Session, gemeente: str) -> dict[str, int]:
    """Return status -> number of open meldingen."""
    stmt = select(Melding.status, func.count()).where(Melding.gemeente == gemeente, Melding.open.is_(True))
    return dict(session.exec(stmt.group_by(Melding.status)).all())


def open_per_behandelaar(session: Session, gemeente: str) -> list[dict[str, Any]]:
    """Return [{behandelaar_id, naam, aantal}] of open meldingen, the unassigned ones as naam None; most first."""
    stmt = (select(Melding.behandelaar_id, func.count()).where(Melding.gemeente == gemeente, Melding.open.is_(True))
            .group_by(Melding.behandelaar_id))
    rijen = session.exec(stmt).all()
    ids = {b for b, _ in rijen if b is not None}
    namen = dict(session.exec(select(Gebruiker.id, Gebruiker.naam).where(Gebruiker.id.in_(ids))).all()) if ids else {}
    uit = [{"behandelaar_id": b, "naam": namen.get(b) if b else None, "aantal": n} for b, n in rijen]
    return sorted(uit, key=lambda r: (-r["aantal"], r["naam"] or ""))


def week(now: datetime) -> tuple[datetime, datetime]:
    """Return the local Monday 00:00 of this week and of the next one."""
    vandaag = now.astimezone(TZ).date()
    maandag = vandaag - timedelta(days=vandaag.weekday())
    return _lokaal_begin(maandag), _lokaal_begin(maandag + timedelta(days=7))


def deze_week(session: Session, gemeente: str, now: datetime) -> list[Melding]:
    """Return open, undecided meldingen whose term ends this week (Monday to Sunday), earliest first."""
    begin, eind = week(now)
    stmt = select(Melding).where(
        Melding.gemeente == gemeente, Melding.open.is_(True), Melding.besloten_op.is_(None),
        Melding.uiterlijk_besluit_op >= begin, Melding.uiterlijk_besluit_op < eind,
    ).order_by(Melding.uiterlijk_besluit_op, Melding.id)
    return list(session.exec(stmt))


def aantal_verlopen(session: Session, gemeente: str, now: datetime) -> int:
    """Return the number of open meldingen past their term without a decision."""
    stmt = select(func.count()).select_from(Melding).where(
        Melding.gemeente == gemeente, Melding.open.is_(True), Melding.besloten_op.is_(None),
        Melding.uiterlijk_besluit_op < now)
    return session.exec(stmt).one()


def _van_gemeente(gemeente: str):  # noqa: ANN202
    """Return the gemeente condition for the 12-month scan, case-insensitive like `vereis_gemeente`.

    As an expression it also keeps SQLite from walking the whole (gemeente, open, ...) index and then
    visiting every row (eight times slower than one scan of the table with 100,000 meldingen)."""
    return func.lower(Melding.gemeente) == gemeente.lower()


def per_maand(session: Session, gemeente: str, now: datetime) -> tuple[list[dict[str, Any]], float | None]:
    """Return per month (oldest first) the terms ended, on time, share on time, decisions and median days,
    plus the median days to decision over all 12 months; one pass over the rows of the period."""
    maanden = maanden_terug(now)
    begin = _lokaal_begin(maanden[0])
    stmt = select(Melding.ontvangen_op, Melding.uiterlijk_besluit_op, Melding.besloten_op, Melding.besluit,
                  Melding.tijdig_besloten, Melding.open).where(
        _van_gemeente(gemeente), or_(Melding.uiterlijk_besluit_op >= begin, Melding.besloten_op >= begin))
    grenzen = [_lokaal_begin(m) for m in maanden] + [_lokaal_begin(_volgende(maanden[-1]))]
    afgelopen: list[list[bool]] = [[] for _ in maanden]
    doorlooptijd: list[list[float]] = [[] for _ in maanden]
    for ontvangen, uiterlijk, besloten, besluit, tijdig, is_open in session.exec(stmt):
        if uiterlijk is not None and (i := _vak(grenzen, uiterlijk)) is not None:
            if besluit is not None:
                afgelopen[i].append(bool(tijdig))
            elif is_open and uiterlijk <= now:
                afgelopen[i].append(False)
        if besloten is not None and (i := _vak(grenzen, besloten)) is not None:
            doorlooptijd[i].append((besloten - ontvangen).total_seconds() / 86400)
    alle = [d for dagen in doorlooptijd for d in dagen]
    totaal = round(median(alle), 1) if alle else None
    return [_maandregel(m, afgelopen[i], doorlooptijd[i]) for i, m in enumerate(maanden)], totaal


def _volgende(maand: date) -> date:
    return date(maand.year + maand.month // 12, maand.month % 12 + 1, 1)


def _vak(grenzen: list[datetime], moment: datetime) -> int | None:
    """Return the index of the month [grenzen[i], grenzen[i + 1]) holding `moment`, or None outside."""
    i = bisect_right(grenzen, moment) - 1
    return i if 0 <= i < len(grenzen) - 1 else None


def _maandregel(maand: date, tijdig: list[bool], dagen: list[float]) -> dict[str, Any]:
    return {
        "maand": maand.strftime("%Y-%m"), "label": f"{MAANDNAAM[maand.month - 1]} {maand.year}",
        "kort": MAANDNAAM[maand.month - 1], "afgelopen": len(tijdig), "tijdig": sum(tijdig),
        "aandeel": round(sum(tijdig) / len(tijdig), 3) if tijdig else None,
        "besluiten": len(dagen), "mediaan_dagen": round(median(dagen), 1) if dagen else None,
    }
