"""The projectleider's figures about meldingen, without names: open cases per status and behandelaar,
cases due this week, and per month the share decided within the term and the median days to decision.

`Aandeel tijdig` per month: of the meldingen whose term of art. 5:2 ended in that month (and that needed
a decision: not forwarded, referred or merged), the share with a decision on time. A melding still
undecided after its term counts as late at once, so an overdue queue shows in the figure immediately.
`Mediaan dagen tot besluit` per month: over the decisions taken in that month, receipt to decision."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import lru_cache
from statistics import median
from typing import Any

from sqlalchemy import bindparam, case, literal_column, union_all
from sqlmodel import Session, func, select

from wvggz.cijfers.models import Doorlooptijd, Maandcijfer
from wvggz.cijfers.service import AFGELOPEN, BESLUITEN, TIJDIG
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
    """Return [{behandelaar_id, naam, aantal}] of open meldingen, the unassigned ones as naam None; most first
    (one statement: the names come with the counts)."""
    stmt = (select(Melding.behandelaar_id, Gebruiker.naam, func.count())
            .outerjoin(Gebruiker, Gebruiker.id == Melding.behandelaar_id)
            .where(Melding.gemeente == gemeente, Melding.open.is_(True))
            .group_by(Melding.behandelaar_id, Gebruiker.naam))
    uit = [{"behandelaar_id": b, "naam": naam if b else None, "aantal": n} for b, naam, n in session.execute(stmt)]
    return sorted(uit, key=lambda r: (-r["aantal"], r["naam"] or ""))


def week(now: datetime) -> tuple[datetime, datetime]:
    """Return the local Monday 00:00 of this week and of the next one."""
    vandaag = now.astimezone(TZ).date()
    maandag = vandaag - timedelta(days=vandaag.weekday())
    return _lokaal_begin(maandag), _lokaal_begin(maandag + timedelta(days=7))


def deze_week(session: Session, gemeente: str, now: datetime) -> list[Any]:
    """Return open, undecided meldingen whose term ends this week (Monday to Sunday), earliest first, as rows
    of the shown columns (id, ontvangen_op, status, uiterlijk_besluit_op, behandelaar_id, behandelaar: the
    name)."""
    begin, eind = week(now)
    stmt = select(Melding.id, Melding.ontvangen_op, Melding.status, Melding.uiterlijk_besluit_op,
                  Melding.behandelaar_id, Gebruiker.naam.label("behandelaar")).outerjoin(
        Gebruiker, Gebruiker.id == Melding.behandelaar_id).where(
        Melding.gemeente == gemeente, Melding.open.is_(True), Melding.besloten_op.is_(None),
        Melding.uiterlijk_besluit_op >= begin, Melding.uiterlijk_besluit_op < eind,
    ).order_by(Melding.uiterlijk_besluit_op, Melding.id)
    return list(session.execute(stmt))


def aantal_verlopen(session: Session, gemeente: str, now: datetime) -> int:
    """Return the number of open meldingen past their term without a decision."""
    stmt = select(func.count()).select_from(Melding).where(
        Melding.gemeente == gemeente, Melding.open.is_(True), Melding.besloten_op.is_(None),
        Melding.uiterlijk_besluit_op < now)
    return session.exec(stmt).one()


def per_maand(session: Session, gemeente: str, now: datetime) -> tuple[list[dict[str, Any]], float | None]:
    """Return per month (oldest first) the terms ended, on time, share on time, decisions and median days,
    plus the median days to decision over all 12 months.

    Decided meldingen come from the monthly figures (ADR 0019: counted per decision); only the open,
    undecided meldingen past their term are read live (they count as late without an event). Medians are
    the middle durations found by index seeks, exact like statistics.median over the meldingen."""
    maanden = maanden_terug(now)
    codes = [m.strftime("%Y-%m") for m in maanden]
    g = gemeente.lower()
    tel = {c: {AFGELOPEN: 0, TIJDIG: 0, BESLUITEN: 0} for c in codes}
    for code, cijfer, aantal in session.execute(_CIJFERS, {"g": g, "van": codes[0], "tot": codes[-1]}):
        tel[code][cijfer] = aantal
    for code, aantal in zip(codes, _te_laat_open(session, gemeente, maanden, now), strict=True):
        tel[code][AFGELOPEN] += aantal
    midden = _middens(session, g, codes, {c: t[BESLUITEN] for c, t in tel.items()})
    regels = [_maandregel(m, tel[c][AFGELOPEN], tel[c][TIJDIG], tel[c][BESLUITEN], _mediaan(midden.get(c)))
              for m, c in zip(maanden, codes, strict=True)]
    totaal = _mediaan(midden.get(_ALLE))
    return regels, round(totaal, 1) if totaal is not None else None


# The statements are built once, with bound values (ADR 0019, round 4): a render only binds and runs them.
_MC, _DL = Maandcijfer.__table__.c, Doorlooptijd.__table__.c
_ALLE = "*"
_CIJFERS = select(_MC.maand, _MC.cijfer, _MC.aantal).where(
    _MC.gemeente == bindparam("g"), _MC.maand >= bindparam("van"), _MC.maand <= bindparam("tot"))
_U = Melding.uiterlijk_besluit_op
# Open, undecided meldingen whose term ended in the period, counted in SQL per month: column j counts the
# terms that ended before the start of month j + 1 (covering index ix_melding_werkvoorraad).
_TE_LAAT_OPEN = select(*[func.count(case((_U < bindparam(f"b{j}", type_=_U.type), 1))) for j in range(1, MAANDEN + 1)]).where(
    Melding.gemeente == bindparam("gemeente"), Melding.open.is_(True), Melding.besluit.is_(None),
    _U >= bindparam("b0", type_=_U.type), _U <= bindparam("nu", type_=_U.type))


def _te_laat_open(session: Session, gemeente: str, maanden: list[date], now: datetime) -> list[int]:
    """Return per month the open, undecided meldingen whose term ended in it (up to now)."""
    grenzen = [*maanden, date(maanden[-1].year + maanden[-1].month // 12, maanden[-1].month % 12 + 1, 1)]
    waarden = {f"b{j}": _lokaal_begin(d) for j, d in enumerate(grenzen)} | {"gemeente": gemeente, "nu": now}
    tot = [0, *session.execute(_TE_LAAT_OPEN, waarden).one()]
    return [tot[j + 1] - tot[j] for j in range(MAANDEN)]


@lru_cache(maxsize=MAANDEN)
def _middens_stmt(aantal: int):  # noqa: ANN202
    """The middle durations of `aantal` months in one statement: per month an index seek past the lower half
    (month i: code m{i}, offset o{i}, one or two rows n{i}); rows carry the month's position."""
    delen = [select(select(literal_column(str(i)).label("i"), _DL.microseconden)
                    .where(_DL.gemeente == bindparam("g"), _DL.maand == bindparam(f"m{i}"))
                    .order_by(_DL.microseconden).offset(bindparam(f"o{i}")).limit(bindparam(f"n{i}")).subquery())
             for i in range(aantal)]
    return union_all(*delen)


def _middens(session: Session, g: str, codes: list[str], besluiten: dict[str, int]) -> dict[str, list[int]]:
    """Return maand (and _ALLE for the whole period) -> the middle durations: the months in one statement,
    the whole period in a second one that reads only the band between the months' middles."""
    maanden = [(c, n) for c, n in besluiten.items() if n]
    if not maanden:
        return {}
    waarden = {"g": g}
    for i, (c, n) in enumerate(maanden):
        waarden |= {f"m{i}": c, f"o{i}": (n - 1) // 2, f"n{i}": 2 - n % 2}
    uit: dict[str, list[int]] = {}
    for i, waarde in session.execute(_middens_stmt(len(maanden)), waarden):
        uit.setdefault(maanden[int(i)][0], []).append(int(waarde))
    uit[_ALLE] = _midden_periode(session, g, besluiten, uit)
    return uit


_IN_MAANDEN = (_DL.gemeente == bindparam("g"), _DL.maand.in_(bindparam("maanden", expanding=True)))
_PERIODE = (select(_DL.microseconden).where(*_IN_MAANDEN, _DL.microseconden >= bindparam("laag"),
                                             _DL.microseconden <= bindparam("hoog"))
            .order_by(_DL.microseconden)
            .offset(bindparam("k") - select(func.count()).where(*_IN_MAANDEN, _DL.microseconden < bindparam("laag"))
                    .scalar_subquery())
            .limit(bindparam("n")))


def _midden_periode(session: Session, g: str, besluiten: dict[str, int], middens: dict[str, list[int]]) -> list[int]:
    """The middle duration(s) of all months together, exact without sorting them all: they lie between the
    lowest lower middle and the highest upper middle of the months (at least half of every month is at or
    below its upper middle, at least half at or above its lower middle). So count what lies below the band
    and sort only the band: index seeks per month on (gemeente, maand, microseconden)."""
    maanden = [c for c, n in besluiten.items() if n]
    n = sum(besluiten[c] for c in maanden)
    waarden = {"g": g, "maanden": maanden, "laag": min(middens[c][0] for c in maanden),
               "hoog": max(middens[c][-1] for c in maanden), "k": (n - 1) // 2, "n": 2 - n % 2}
    return [int(w) for w in session.execute(_PERIODE, waarden).scalars()]


def _dagen(microseconden: int) -> float:
    """Microseconds as days, computed like timedelta.total_seconds() / 86400."""
    return microseconden / 1_000_000 / 86400


def _mediaan(midden: list[int] | None) -> float | None:
    """The median as statistics.median computes it from the middle value(s)."""
    return median([_dagen(w) for w in midden]) if midden else None


def _maandregel(maand: date, afgelopen: int, tijdig: int, besluiten: int, mediaan: float | None) -> dict[str, Any]:
    return {
        "maand": maand.strftime("%Y-%m"), "label": f"{MAANDNAAM[maand.month - 1]} {maand.year}",
        "kort": MAANDNAAM[maand.month - 1], "afgelopen": afgelopen, "tijdig": tijdig,
        "aandeel": round(tijdig / afgelopen, 3) if afgelopen else None,
        "besluiten": besluiten, "mediaan_dagen": round(mediaan, 1) if mediaan is not None else None,
    }
