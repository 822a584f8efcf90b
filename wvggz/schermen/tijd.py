"""Time left until a deadline, in Atw working days and hours, and how urgent that is on screen."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from typing import Any

from wvggz.clock import TZ
from wvggz.termijnen.kalender import AtwKalender
from wvggz.termijnen.regels import REGELS


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


def tijd_over(eind: datetime | None, now: datetime, kalender: AtwKalender, bijna: int | None = None) -> dict[str, Any]:
    """Return {werkdagen, seconden, tekst, klasse} for a deadline: klasse 'verlopen', 'bijna' or ''.

    `werkdagen` counts the Atw working days after today up to and including the end date (negative:
    working days since an overdue end); `tekst` also gives the calendar time left in days and hours, and
    the first day after an overdue end it says the hours late."""
    if eind is None:
        return {"werkdagen": None, "seconden": None, "tekst": "—", "klasse": ""}
    bijna = bijna_grens() if bijna is None else bijna
    seconden = (eind - now).total_seconds()
    vandaag, einddag = now.astimezone(TZ).date(), eind.astimezone(TZ).date()
    if seconden < 0:
        te_laat = kalender.werkdagen_tussen(einddag, vandaag)
        wat = _meervoud(te_laat, "werkdag", "werkdagen") if te_laat and -seconden >= 86400 else _uren(-seconden)
        return {"werkdagen": -te_laat, "seconden": int(seconden), "tekst": f"{wat} te laat", "klasse": "verlopen"}
    werkdagen = kalender.werkdagen_tussen(vandaag, einddag)
    if einddag == vandaag:
        tekst = f"vandaag, nog {_uren(seconden)}"
    else:
        tekst = f"{_meervoud(werkdagen, 'werkdag', 'werkdagen')} ({_uren(seconden)})"
    klasse = "bijna" if werkdagen <= bijna else ""
    return {"werkdagen": werkdagen, "seconden": int(seconden), "tekst": tekst, "klasse": klasse}
