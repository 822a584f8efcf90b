"""Time left until a deadline, in the term's own unit and in hours, and how urgent that is on screen."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from typing import Any

from wvggz.clock import TZ
from wvggz.termijnen.kalender import AtwKalender
from wvggz.termijnen.regels import REGELS, Eenheid


@lru_cache(maxsize=4)
def bijna_grens(soort: str = "melding_beslissing") -> int:
    """Return the working days before the end at which a term shows amber: the ladder's warning rung."""
    for trede in REGELS[soort].ladder:
        if trede.code == "waarschuwing" and trede.anker == "eind" and trede.werkdagen < 0:
            return -trede.werkdagen
    return 0


def _meervoud(n: int, een: str, meer: str) -> str:
    return f"{n} {een if n == 1 else meer}"


def _uren(seconden: float) -> str:
    uren, rest = divmod(int(seconden), 3600)
    dagen, uren = divmod(uren, 24)
    minuten = rest // 60
    if dagen:
        return f"{dagen} d {uren} u"
    return f"{uren} u {minuten} min"


def _dagen(n: int, eenheid: Eenheid) -> str:
    """Return `n` days in the term's own unit: working days, calendar days, or weeks and days."""
    if eenheid is Eenheid.WERKDAGEN:
        return _meervoud(n, "werkdag", "werkdagen")
    if eenheid is Eenheid.WEKEN and n >= 7:
        weken, rest = divmod(n, 7)
        tekst = _meervoud(weken, "week", "weken")
        return f"{tekst} en {_meervoud(rest, 'dag', 'dagen')}" if rest else tekst
    return _meervoud(n, "dag", "dagen")


def eenheid_van(soort: str | None) -> Eenheid:
    """Return the unit the rules table counts a term in (calendar days for an unknown code)."""
    regel = REGELS.get(soort or "")
    return regel.eenheid if regel is not None else Eenheid.DAGEN


def lengte_tekst(soort: str | None) -> str:
    """Return the term's length in its own unit, e.g. '3 dagen (kalenderdagen)', '3 weken', '18 uur'."""
    regel = REGELS.get(soort or "")
    if regel is None:
        return ""
    if regel.eenheid is Eenheid.UREN:
        return f"{regel.lengte} uur"
    if regel.eenheid is Eenheid.WERKDAGEN:
        return _meervoud(regel.lengte, "werkdag", "werkdagen")
    if regel.eenheid is Eenheid.WEKEN:
        tekst = _meervoud(regel.lengte, "week", "weken")
    else:
        tekst = f"{_meervoud(regel.lengte, 'dag', 'dagen')} (kalenderdagen)"
    return tekst + (", met de Algemene termijnenwet" if regel.atw else "")


def tijd_over(eind: datetime | None, now: datetime, kalender: AtwKalender, bijna: int | None = None,
              soort: str | None = "melding_beslissing") -> dict[str, Any]:
    """Return {werkdagen, seconden, tekst, klasse, eenheid} for a deadline: klasse 'verlopen', 'bijna' or ''.

    `tekst` gives the time left in the term's own unit (`soort` in the rules table): Atw working days only
    for a term counted in working days, calendar days or weeks and days otherwise, plus the calendar time
    in days and hours; the first day after an overdue end it says the hours late. `werkdagen` (the Atw
    working days after today up to and including the end date, negative when overdue) sorts and colours."""
    eenheid = eenheid_van(soort)
    if eind is None:
        return {"werkdagen": None, "seconden": None, "tekst": "—", "klasse": "", "eenheid": str(eenheid)}
    bijna = bijna_grens() if bijna is None else bijna
    seconden = (eind - now).total_seconds()
    vandaag, einddag = now.astimezone(TZ).date(), eind.astimezone(TZ).date()
    werkdagen_tel = eenheid is Eenheid.WERKDAGEN
    if seconden < 0:
        te_laat = kalender.werkdagen_tussen(einddag, vandaag)
        dagen = te_laat if werkdagen_tel else (vandaag - einddag).days
        wat = _dagen(dagen, eenheid) if dagen and -seconden >= 86400 else _uren(-seconden)
        return {"werkdagen": -te_laat, "seconden": int(seconden), "tekst": f"{wat} te laat", "klasse": "verlopen",
                "eenheid": str(eenheid)}
    werkdagen = kalender.werkdagen_tussen(vandaag, einddag)
    if einddag == vandaag:
        tekst = f"vandaag, nog {_uren(seconden)}"
    else:
        dagen = werkdagen if werkdagen_tel else (einddag - vandaag).days
        tekst = f"{_dagen(dagen, eenheid)} ({_uren(seconden)})"
    klasse = "bijna" if werkdagen <= bijna else ""
    return {"werkdagen": werkdagen, "seconden": int(seconden), "tekst": tekst, "klasse": klasse,
            "eenheid": str(eenheid)}
