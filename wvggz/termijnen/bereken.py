"""Compute and explain a legal term: end date/moment, raw date before the Atw, and the steps in Dutch.

Pure: the caller passes the start; nothing here reads the wall clock. Dates are local
(Europe/Amsterdam); hour terms are elapsed time in UTC (so daylight saving changes are counted). A
local clock time that does not exist (spring forward) or happens twice (fall back) is refused for an
hour term unless it carries a UTC offset. Starts outside 2020-2100 are refused (the Wvggz took effect
on 1 January 2020). A term that uses the calendar and ends in a year without a known decree of
Atw art. 3 lid 3 carries a warning.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from .kalender import AtwKalender
from .regels import REGELS, Eenheid, Regel, Trede

TZ = ZoneInfo("Europe/Amsterdam")
EERSTE_START = date(2020, 1, 1)  # Wvggz in force (Stb. 2018, 68; KB Stb. 2019, 178)
LAATSTE_START = date(2100, 12, 31)
EINDE_DAG = time(23, 59, 59)
_DAGNAAM = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")


class OnbekendeTermijn(ValueError):
    """The requested term code is not in the rules table."""


class OngeldigeStart(ValueError):
    """The start value cannot be read, or does not fit the unit of the term."""


@dataclass(frozen=True)
class Uitkomst:
    """A computed term: its end, the raw end before the Atw, basis, certainty and explanation."""

    soort: str
    start: datetime
    einddatum: date | None
    eindmoment: datetime
    ruwe_einddatum: date | None
    atw_toegepast: bool
    grondslag: str
    zekerheid: str
    toelichting: str
    waarschuwing: str | None = None

    def als_dict(self) -> dict[str, Any]:
        """Return a JSON-able dict; dates and moments as ISO 8601 (moments with UTC offset)."""
        return {
            "soort": self.soort,
            "start": self.start.isoformat(),
            "einddatum": _iso(self.einddatum),
            "eindmoment": self.eindmoment.isoformat(),
            "ruwe_einddatum": _iso(self.ruwe_einddatum),
            "atw_toegepast": self.atw_toegepast,
            "grondslag": self.grondslag,
            "zekerheid": self.zekerheid,
            "toelichting": self.toelichting,
        } | ({"waarschuwing": self.waarschuwing} if self.waarschuwing else {})


def _iso(d: date | None) -> str | None:
    return None if d is None else d.isoformat()


def _ontleed(value: date | datetime | str) -> date | datetime:
    """Return the value as date or datetime; an ISO string without a time part becomes a date."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise OngeldigeStart(f"Ongeldige start {value!r}: verwacht een datum, tijdstip of ISO-tekst")
    tekst = value.strip()
    try:
        return date.fromisoformat(tekst) if len(tekst) <= 10 else datetime.fromisoformat(tekst)
    except ValueError:
        raise OngeldigeStart(f"Ongeldige start {value!r}: geen ISO 8601-datum of -tijdstip") from None


def _controleer_bereik(waarde: date | datetime) -> None:
    """Refuse a start the law cannot mean: before the Wvggz took effect, or after 2100."""
    dag = waarde.date() if isinstance(waarde, datetime) else waarde
    if dag < EERSTE_START:
        raise OngeldigeStart(f"Start {dag.day:02d}-{dag.month:02d}-{dag.year:04d} ligt vóór 1 januari 2020: de Wvggz geldt pas vanaf die "
                             "datum (daarvoor gold de Wet Bopz)")
    if dag > LAATSTE_START:
        raise OngeldigeStart(f"Start {dag.day:02d}-{dag.month:02d}-{dag.year:04d} ligt na 2100: zo ver vooruit is geen termijn te berekenen "
                             "(feestdagen en besluiten zijn onbekend); controleer het jaartal")


def lokale_tijd_fout(waarde: datetime) -> str | None:
    """Return a Dutch message when a naive local time does not exist or happens twice in Europe/Amsterdam."""
    if waarde.tzinfo is not None:
        return None
    eerste, tweede = waarde.replace(tzinfo=TZ, fold=0), waarde.replace(tzinfo=TZ, fold=1)
    tekst = waarde.strftime("%d-%m-%Y %H:%M")
    try:
        terug = eerste.astimezone(UTC).astimezone(TZ).replace(tzinfo=None)
    except OverflowError:
        return None  # year 1 or 9999: the caller's range check answers that
    if terug != waarde:
        return (f"Het tijdstip {tekst} bestaat niet: die nacht gaat de klok om 02:00 vooruit naar 03:00 "
                "(zomertijd). Geef het werkelijke tijdstip op.")
    if eerste.utcoffset() != tweede.utcoffset():
        iso = waarde.strftime("%Y-%m-%dT%H:%M")
        return (f"Het tijdstip {tekst} komt twee keer voor: die nacht gaat de klok om 03:00 terug naar 02:00 "
                f"(wintertijd). Geef de UTC-afwijking op: {iso}+02:00 (de eerste keer, zomertijd) of "
                f"{iso}+01:00 (de tweede keer, wintertijd).")
    return None


def naar_lokaal(value: date | datetime | str) -> datetime:
    """Return an aware Europe/Amsterdam datetime; naive input is local time, a bare date is 00:00."""
    waarde = _ontleed(value)
    if not isinstance(waarde, datetime):
        waarde = datetime.combine(waarde, time(0))
    if waarde.tzinfo is None:
        waarde = waarde.replace(tzinfo=TZ)
    return waarde.astimezone(UTC).astimezone(TZ)  # via UTC: also normalises non-existent local times


def _lokaal_moment(dag: date, tijd: time) -> datetime:
    """Return the aware local moment ``tijd`` on ``dag``."""
    return naar_lokaal(datetime.combine(dag, tijd))


@lru_cache(maxsize=1)
def _standaard_kalender() -> AtwKalender:
    return AtwKalender()


def _regel(soort: str, regels: Mapping[str, Regel]) -> Regel:
    try:
        return regels[soort]
    except KeyError:
        bekend = ", ".join(sorted(regels))
        raise OnbekendeTermijn(f"Onbekende termijn {soort!r}; bekende termijnen: {bekend}") from None


def bereken(
    soort: str,
    start: date | datetime | str,
    *,
    kalender: AtwKalender | None = None,
    regels: Mapping[str, Regel] | None = None,
) -> Uitkomst:
    """Return the Uitkomst of term ``soort`` started at ``start`` (see module doc for the rules)."""
    regel = _regel(soort, REGELS if regels is None else regels)
    kal = _standaard_kalender() if kalender is None else kalender
    waarde = _ontleed(start)
    _controleer_bereik(waarde)
    if regel.eenheid is Eenheid.UREN:
        if not isinstance(waarde, datetime):
            raise OngeldigeStart(
                f"Termijn {soort!r} telt in uren: geef een tijdstip op, geen losse datum ({start!r})"
            )
        if fout := lokale_tijd_fout(waarde):
            raise OngeldigeStart(fout)
        return _uren(regel, naar_lokaal(waarde))
    lokaal = naar_lokaal(waarde)
    if regel.eenheid is Eenheid.WERKDAGEN:
        return _met_waarschuwing(_werkdagen(regel, lokaal, kal), kal)
    uitkomst = _dagen(regel, lokaal, kal)
    return _met_waarschuwing(uitkomst, kal) if regel.atw else uitkomst


def _met_waarschuwing(u: Uitkomst, kal: AtwKalender) -> Uitkomst:
    """Add the warning (also to the explanation) when the term runs into a year without a known decree."""
    assert u.einddatum is not None
    onbekend = [j for j in range(u.start.year, u.einddatum.year + 1) if not kal.besluit_bekend(j)]
    if not onbekend:
        return u
    jaren = ", ".join(map(str, onbekend))
    tekst = (f"Let op: voor {jaren} is (nog) geen besluit gelijkstelling van dagen met een feestdag bekend "
             "(Atw art. 3 lid 3); een later besluit kan de einddatum verschuiven")
    return dataclasses.replace(u, waarschuwing=tekst, toelichting=f"{u.toelichting}. {tekst}.")


def _uitkomst(regel: Regel, start: datetime, eind: date, ruw: date, atw: bool, uitleg: str) -> Uitkomst:
    return Uitkomst(regel.code, start, eind, _lokaal_moment(eind, EINDE_DAG), ruw, atw,
                    regel.grondslag, regel.zekerheid, uitleg)


def _uren(regel: Regel, start: datetime) -> Uitkomst:
    """Return the Uitkomst of an hour term: elapsed hours in UTC, never the Atw."""
    eind = (start.astimezone(UTC) + timedelta(hours=regel.lengte)).astimezone(TZ)
    uitleg = (f"{regel.lengte} uur na {_moment(start)} = {_moment(eind)} "
              f"(uren: Atw niet van toepassing; verstreken tijd{_klokwissel(start, eind)})")
    return Uitkomst(regel.code, start, None, eind, None, False, regel.grondslag, regel.zekerheid, uitleg)


def _klokwissel(start: datetime, eind: datetime) -> str:
    """Return the explanation suffix for a daylight saving change between two local moments."""
    voor, na = start.utcoffset(), eind.utcoffset()
    if voor == na:
        return ""
    return ", zomertijd meegerekend" if na > voor else ", wintertijd meegerekend"


def _werkdagen(regel: Regel, start: datetime, kal: AtwKalender) -> Uitkomst:
    """Return the Uitkomst of a working-day term: start date plus n Atw working days."""
    begin = start.date()
    eind = kal.plus_werkdagen(begin, regel.lengte)
    overgeslagen = [f"{naam} {_dag(d)}" for d in _dagen_in(begin, eind)
                    if d.weekday() < 5 and (naam := kal.feestdag(d))]
    uitleg = f"{regel.lengte} werkdagen na {_dag(begin)} = {_dag(eind)} (werkdagen volgens de Atw-kalender"
    uitleg += f"; feestdag overgeslagen: {', '.join(overgeslagen)})" if overgeslagen else ")"
    return _uitkomst(regel, start, eind, eind, False, uitleg)


def _dagen_in(a: date, b: date) -> list[date]:
    """Return the dates of the window (a, b]."""
    return [a + timedelta(days=i) for i in range(1, (b - a).days + 1)]


def _dagen(regel: Regel, start: datetime, kal: AtwKalender) -> Uitkomst:
    """Return the Uitkomst of a calendar-day or week term, with the Atw when the rule says so."""
    aantal = regel.lengte * (7 if regel.eenheid is Eenheid.WEKEN else 1)
    basis = start.date() - timedelta(days=0 if regel.startdag_telt_niet else 1)
    ruw = basis + timedelta(days=aantal)
    uitleg = f"{_lengte(regel)} na {_dag(start.date())} = {_dag(ruw)}"
    if not regel.startdag_telt_niet:
        uitleg += " (startdag telt mee)"
    if regel.atw:
        atw_eind, atw_stappen = _pas_atw_toe(basis, ruw, aantal, kal)
        return _uitkomst(regel, start, atw_eind, ruw, True, uitleg + atw_stappen)
    if regel.toon_atw_variant:
        atw_eind = _pas_atw_toe(basis, ruw, aantal, kal)[0]
        uitleg += (f"; conservatieve lezing: Atw niet toegepast (met toepassing van de Atw zou de "
                   f"einddatum {_dag(atw_eind)} zijn)")
    else:
        uitleg += "; Atw niet van toepassing"
    return _uitkomst(regel, start, ruw, ruw, False, uitleg)


def _pas_atw_toe(basis: date, ruw: date, aantal_dagen: int, kal: AtwKalender) -> tuple[date, str]:
    """Return the end date after Atw art. 2 and art. 1, and the Dutch explanation of those steps."""
    eind, stappen = ruw, ""
    if aantal_dagen >= 3 and (werkdagen := kal.werkdagen_tussen(basis, ruw)) < 2:
        while kal.werkdagen_tussen(basis, eind) < 2:
            eind += timedelta(days=1)
        inhoud = "geen werkdag" if werkdagen == 0 else "slechts 1 werkdag"
        stappen += (f"; de periode {_dag(basis + timedelta(days=1))} t/m {_dag(ruw)} bevat {inhoud}, "
                    f"verlengd tot {_dag(eind)} (Atw art. 2: ten minste twee werkdagen)")
    if not kal.is_werkdag(eind):
        reden = kal.feestdag(eind) or _DAGNAAM[eind.weekday()]
        oud, eind = eind, kal.volgende_werkdag(eind)
        ook = [f"{naam} {_dag(d)}" for d in _dagen_in(oud, eind) if d.weekday() < 5 and (naam := kal.feestdag(d))]
        extra = f"; ook overgeslagen: {', '.join(ook)}" if ook else ""
        stappen += f"; {reden}, verschoven naar {_dag(eind)} (Atw art. 1{extra})"
    return eind, stappen or "; werkdag, geen verlenging door de Atw"


def _lengte(regel: Regel) -> str:
    if regel.eenheid is Eenheid.WEKEN:
        return f"{regel.lengte} {'week' if regel.lengte == 1 else 'weken'}"
    return f"{regel.lengte} {'dag' if regel.lengte == 1 else 'dagen'}"


def _dag(d: date) -> str:
    return d.strftime("%d-%m-%Y")


def _moment(m: datetime) -> str:
    return m.strftime("%d-%m-%Y %H:%M:%S" if m.second else "%d-%m-%Y %H:%M")


def tredemomenten(uitkomst: Uitkomst, regel: Regel, kalender: AtwKalender) -> list[tuple[Trede, datetime]]:
    """Return each rung of ``regel.ladder`` with its moment (aware, UTC), in ladder order."""
    return [(trede, _tredemoment(trede, uitkomst, kalender)) for trede in regel.ladder]


def _tredemoment(trede: Trede, uitkomst: Uitkomst, kal: AtwKalender) -> datetime:
    """Return the UTC moment of one rung (fraction of the length, or offset from the anchor date)."""
    start_utc = uitkomst.start.astimezone(UTC)
    if trede.fractie is not None:
        return start_utc + (uitkomst.eindmoment.astimezone(UTC) - start_utc) * trede.fractie
    anker = (uitkomst.start if trede.anker == "start" else uitkomst.eindmoment).astimezone(TZ)
    if trede.tijd is None and trede.dagen == 0 and trede.werkdagen == 0:
        return anker.astimezone(UTC)
    dag = kal.plus_werkdagen(anker.date() + timedelta(days=trede.dagen), trede.werkdagen)
    tijd = trede.tijd if trede.tijd is not None else anker.time()
    return _lokaal_moment(dag, tijd).astimezone(UTC)
