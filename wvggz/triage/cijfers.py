"""Figures of the OVP for a period: arrivals per day and hour, outcome shares, median durations, CSV.

Nothing here carries a name, a birth date, findings or an incident number: only ids, times, codes."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from statistics import median
from typing import Any

from sqlmodel import Session, select

from workflows.triage import UITKOMSTEN
from wvggz.clock import TZ
from wvggz.csvbestand import tabel
from wvggz.triage.models import GebrachtDoor, Triage

KOLOMMEN = ("Triage (nummer)", "Zaaknummer", "Aangekomen op", "Gebracht door", "Verdacht van strafbaar feit",
            "Somatische screening", "Psychiatrische screening", "Uitkomst", "Uitkomst op", "Vertrokken op",
            "Minuten tot uitkomst", "Minuten verblijf", "Persoon bekend", "Melding (nummer)",
            "Crisismaatregel (nummer)")


def _grenzen(van: date, tot: date) -> tuple[datetime, datetime]:
    """Return the UTC instants of local midnight at `van` and after `tot`."""
    begin = datetime.combine(van, time(0), TZ).astimezone(UTC)
    einde = datetime.combine(tot + timedelta(days=1), time(0), TZ).astimezone(UTC)
    return begin, einde


def triages_in(session: Session, gemeente: str, van: date, tot: date) -> list[Triage]:
    """Return the triages of `gemeente` that arrived from `van` up to and including `tot` (local dates)."""
    begin, einde = _grenzen(van, tot)
    stmt = select(Triage).where(Triage.gemeente == gemeente, Triage.aangekomen_op >= begin,
                                Triage.aangekomen_op < einde).order_by(Triage.aangekomen_op, Triage.id)
    return list(session.exec(stmt))


def _minuten(van: datetime | None, tot: datetime | None) -> int | None:
    if van is None or tot is None:
        return None
    return max(0, int((tot - van).total_seconds() // 60))


def _mediaan(waarden: list[int | None]) -> float | None:
    echt = [w for w in waarden if w is not None]
    return float(median(echt)) if echt else None


def cijfers(session: Session, gemeente: str, van: date, tot: date) -> dict[str, Any]:
    """Return counts per day and hour (local time, zero-filled), outcome shares and median durations."""
    rijen = triages_in(session, gemeente, van, tot)
    lokaal = [t.aangekomen_op.astimezone(TZ) for t in rijen]
    dagen = Counter(m.date().isoformat() for m in lokaal)
    uren = Counter(m.hour for m in lokaal)
    per_dag = {(van + timedelta(days=i)).isoformat(): 0 for i in range((tot - van).days + 1)} | dict(dagen)
    uitkomsten = Counter(t.uitkomst for t in rijen if t.uitkomst)
    met_uitkomst = sum(uitkomsten.values())
    return {
        "van": van, "tot": tot, "aantal": len(rijen), "per_dag": per_dag,
        "per_uur": {str(u): uren.get(u, 0) for u in range(24)},
        "per_gebracht_door": {g.value: sum(t.gebracht_door == g.value for t in rijen) for g in GebrachtDoor},
        "uitkomsten": [{"code": code, "label": label, "aantal": uitkomsten.get(code, 0),
                        "aandeel": round(uitkomsten.get(code, 0) / met_uitkomst, 4) if met_uitkomst else 0.0}
                       for code, label in UITKOMSTEN.items()],
        "mediaan_minuten_tot_uitkomst": _mediaan([_minuten(t.aangekomen_op, t.uitkomst_op) for t in rijen]),
        "mediaan_minuten_verblijf": _mediaan([_minuten(t.aangekomen_op, t.vertrokken_op) for t in rijen]),
        "zonder_uitkomst": len(rijen) - met_uitkomst,
    }


def _schaal(maximum: int) -> tuple[int, list[int]]:
    """Return a round axis maximum of at least `maximum` and four tick values."""
    stap = max(1, -(-maximum // 4))
    return stap * 4, [stap * i for i in range(5)]


def uurgrafiek(per_uur: dict[str, int]) -> str:
    """Return the SVG bar chart of arrivals per hour of day (escaped, safe to insert as markup)."""
    from wvggz.schermen.grafieken import Staafdiagram, teken

    maximum, stappen = _schaal(max(per_uur.values(), default=0))
    return teken(Staafdiagram(
        id="grafiek-uur", titel="Aankomsten per uur van de dag",
        beschrijving="Aantal mensen binnengebracht per uur van de dag (lokale tijd) in de gekozen periode.",
        labels=[f"{int(u):02d}" for u in per_uur], waarden=list(per_uur.values()), maximum=maximum,
        stappen=stappen, opmaak=lambda w: f"{w:g}"))


def _csv_regel(t: Triage) -> list[Any]:
    return [
        t.id, t.referentie, t.aangekomen_op, t.gebracht_door, t.verdacht_van_strafbaar_feit,
        t.somatisch_op is not None, t.psychiatrisch_op is not None, t.uitkomst, t.uitkomst_op, t.vertrokken_op,
        _minuten(t.aangekomen_op, t.uitkomst_op), _minuten(t.aangekomen_op, t.vertrokken_op),
        t.persoon_id is not None, t.melding_id, t.crisismaatregel_id,
    ]


def csv_tekst(session: Session, gemeente: str, van: date, tot: date) -> str:
    """Return the period's triages as one CSV table, one row each (wvggz/csvbestand.py: BOM, Dutch headers,
    local times Excel reads as dates)."""
    return tabel(KOLOMMEN, (_csv_regel(t) for t in triages_in(session, gemeente, van, tot)))
