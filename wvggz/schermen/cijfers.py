"""The projectleider's figures about meldingen, without names: open cases per status and behandelaar,
cases due this week, and per month the share decided within the term and the median days to decision.

`Aandeel tijdig` per month: of the meldingen whose term of art. 5:2 ended in that month (and that needed
a decision: not forwarded, referred or merged), the share with a decision on time. A melding still
undecided after its term counts as late at once, so an overdue queue shows in the figure immediately.
`Mediaan dagen tot besluit` per month: over the decisions taken in that month, receipt to decision."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from statistics import median
from typing import Any

from sqlalchemy import case, literal
from sqlmodel import Session, func, select

from wvggz.cijfers.models import Maandcijfer
from wvggz.cijfers.service import DOORLOOPTIJD, TERMIJN
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


def per_maand(session: Session, gemeente: str, now: datetime) -> tuple[list[dict[str, Any]], float | None]:
    """Return per month (oldest first) the terms ended, on time, share on time, decisions and median days,
    plus the median days to decision over all 12 months.

    Decided meldingen come from the monthly figures (`dashboard_maandcijfer`, kept per decision); only the
    open, undecided meldingen past their term are read live (they count as late without an event)."""
    maanden = maanden_terug(now)
    codes = [m.strftime("%Y-%m") for m in maanden]
    g = gemeente.lower()
    afgelopen = {c: [0, 0] for c in codes}  # maand -> [terms ended, of which on time]
    for code, aantal, tijdig in session.exec(_termijnen(g, codes[0], codes[-1])):
        afgelopen[code] = [int(aantal), int(tijdig)]
    for uiterlijk in session.exec(_te_laat_open(gemeente, _lokaal_begin(maanden[0]), now)):
        afgelopen[uiterlijk.astimezone(TZ).strftime("%Y-%m")][0] += 1
    doorloop = {code: (int(n), _mediaan(laag, hoog)) for code, n, laag, hoog in
                session.exec(_mediaan_stmt(g, codes[0], codes[-1], per_maand=True))}
    totaal = session.exec(_mediaan_stmt(g, codes[0], codes[-1], per_maand=False)).first()
    mediaan = round(_mediaan(totaal[2], totaal[3]), 1) if totaal and totaal[1] else None
    return [_maandregel(m, *afgelopen[c], *doorloop.get(c, (0, None))) for m, c in zip(maanden, codes, strict=True)], mediaan


_MC = Maandcijfer.__table__.c


def _termijnen(g: str, van: str, tot: str):  # noqa: ANN202
    """Per month: the decided meldingen whose term ended then, and how many of them in time."""
    tijdig = func.sum(case((_MC.waarde == 1, _MC.aantal), else_=0))
    return (select(_MC.maand, func.sum(_MC.aantal), tijdig)
            .where(_MC.gemeente == g, _MC.cijfer == TERMIJN, _MC.maand >= van, _MC.maand <= tot).group_by(_MC.maand))


def _te_laat_open(gemeente: str, begin: datetime, now: datetime):  # noqa: ANN202
    """The terms of open, undecided meldingen that ended in the period (index ix_melding_werkvoorraad)."""
    return select(Melding.uiterlijk_besluit_op).where(
        Melding.gemeente == gemeente, Melding.open.is_(True), Melding.besluit.is_(None),
        Melding.uiterlijk_besluit_op >= begin, Melding.uiterlijk_besluit_op <= now)


def _mediaan_stmt(g: str, van: str, tot: str, *, per_maand: bool):  # noqa: ANN202
    """Per month (or over the period): the number of decisions and the lower and upper middle durations,
    found by a running sum over the duration histogram (in the database, not in Python)."""
    deel = {"partition_by": _MC.maand} if per_maand else {}
    h = select(_MC.maand, _MC.waarde,
               func.sum(_MC.aantal).over(**deel, order_by=_MC.waarde, rows=(None, 0)).label("tot"),
               func.sum(_MC.aantal).over(**deel).label("n")).where(
        _MC.gemeente == g, _MC.cijfer == DOORLOOPTIJD, _MC.maand >= van, _MC.maand <= tot, _MC.aantal > 0).subquery()
    laag = func.min(case((2 * h.c.tot >= h.c.n, h.c.waarde)))
    hoog = func.min(case((2 * h.c.tot > h.c.n, h.c.waarde)))
    kolom = h.c.maand if per_maand else literal("*")
    stmt = select(kolom, func.max(h.c.n), laag, hoog)
    return stmt.group_by(h.c.maand) if per_maand else stmt


def _dagen(microseconden: int) -> float:
    """Microseconds as days, computed like timedelta.total_seconds() / 86400."""
    return microseconden / 1_000_000 / 86400


def _mediaan(laag: int | None, hoog: int | None) -> float | None:
    """The median as statistics.median computes it from the two middle values (equal when n is odd)."""
    return None if laag is None else median([_dagen(int(laag)), _dagen(int(hoog))])


def _maandregel(maand: date, afgelopen: int, tijdig: int, besluiten: int, mediaan: float | None) -> dict[str, Any]:
    return {
        "maand": maand.strftime("%Y-%m"), "label": f"{MAANDNAAM[maand.month - 1]} {maand.year}",
        "kort": MAANDNAAM[maand.month - 1], "afgelopen": afgelopen, "tijdig": tijdig,
        "aandeel": round(tijdig / afgelopen, 3) if afgelopen else None,
        "besluiten": besluiten, "mediaan_dagen": round(mediaan, 1) if mediaan is not None else None,
    }
