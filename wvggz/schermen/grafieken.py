"""Server-rendered SVG bar charts (no JavaScript, no external assets). Colours come from app.css classes;
every text is escaped here, so the page may insert the SVG as markup."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

BREED, HOOG = 720, 260
LINKS, RECHTS, BOVEN, ONDER = 48, 16, 20, 40


@dataclass(frozen=True)
class Staafdiagram:
    """What to draw: one bar per label (None = no data that month), a y-axis maximum and its ticks."""

    id: str
    titel: str
    beschrijving: str
    labels: Sequence[str]
    waarden: Sequence[float | None]
    maximum: float
    stappen: Sequence[float]
    opmaak: Callable[[float], str]
    referentie: float | None = None
    referentie_label: str = ""


def _y(waarde: float, maximum: float) -> float:
    hoogte = HOOG - BOVEN - ONDER
    return BOVEN + hoogte * (1 - min(waarde, maximum) / maximum)


def _raster(d: Staafdiagram) -> list[str]:
    uit = []
    for stap in d.stappen:
        y = _y(stap, d.maximum)
        uit.append(f'<line class="raster" x1="{LINKS}" x2="{BREED - RECHTS}" y1="{y:.1f}" y2="{y:.1f}"/>')
        uit.append(f'<text class="as" x="{LINKS - 6}" y="{y + 4:.1f}" text-anchor="end">{escape(d.opmaak(stap))}</text>')
    return uit


def _staven(d: Staafdiagram) -> list[str]:
    vak = (BREED - LINKS - RECHTS) / max(len(d.labels), 1)
    basis = _y(0, d.maximum)
    uit = []
    for i, (label, waarde) in enumerate(zip(d.labels, d.waarden, strict=True)):
        x = LINKS + i * vak + vak * 0.2
        midden = LINKS + i * vak + vak / 2
        uit.append(f'<text class="as" x="{midden:.1f}" y="{HOOG - ONDER + 18}" text-anchor="middle">{escape(label)}</text>')
        if waarde is None:
            uit.append(f'<text class="leeg" x="{midden:.1f}" y="{basis - 6:.1f}" text-anchor="middle">geen</text>')
            continue
        y = _y(waarde, d.maximum)
        tekst = escape(f"{label}: {d.opmaak(waarde)}")
        uit.append(f'<rect class="staaf" x="{x:.1f}" y="{y:.1f}" width="{vak * 0.6:.1f}" height="{basis - y:.1f}">'
                   f'<title>{tekst}</title></rect>')
        uit.append(f'<text class="waarde" x="{midden:.1f}" y="{y - 5:.1f}" text-anchor="middle">'
                   f'{escape(d.opmaak(waarde))}</text>')
    return uit


def _referentie(d: Staafdiagram) -> list[str]:
    if d.referentie is None:
        return []
    y = _y(d.referentie, d.maximum)
    return [f'<line class="ref" x1="{LINKS}" x2="{BREED - RECHTS}" y1="{y:.1f}" y2="{y:.1f}"/>',
            f'<text class="ref-tekst" x="{BREED - RECHTS}" y="{y - 5:.1f}" text-anchor="end">'
            f'{escape(d.referentie_label)}</text>']


def teken(d: Staafdiagram) -> str:
    """Return the chart as an accessible SVG element (role img, title and description)."""
    kop = (f'<svg xmlns="http://www.w3.org/2000/svg" class="grafiek" viewBox="0 0 {BREED} {HOOG}" role="img" '
           f'aria-labelledby="{escape(d.id)}-titel {escape(d.id)}-uitleg" preserveAspectRatio="xMidYMid meet">'
           f'<title id="{escape(d.id)}-titel">{escape(d.titel)}</title>'
           f'<desc id="{escape(d.id)}-uitleg">{escape(d.beschrijving)}</desc>')
    as_lijn = f'<line class="as-lijn" x1="{LINKS}" x2="{BREED - RECHTS}" y1="{HOOG - ONDER}" y2="{HOOG - ONDER}"/>'
    return "".join([kop, *_raster(d), as_lijn, *_staven(d), *_referentie(d), "</svg>"])


def procent(waarde: float) -> str:
    return f"{round(waarde * 100)}%"


def dagen(waarde: float) -> str:
    return f"{waarde:g} d" if waarde == int(waarde) else f"{waarde:.1f} d".replace(".", ",")


def aandeel_tijdig(maanden: list[dict]) -> str:
    """Return the bar chart of the share decided within the term per month."""
    return teken(Staafdiagram(
        id="grafiek-tijdig", titel="Aandeel binnen de termijn besloten, per maand",
        beschrijving="Per maand waarin de termijn van art. 5:2 afliep: het deel van de meldingen met een "
                     "tijdig besluit. 'geen' betekent dat er die maand geen termijn afliep.",
        labels=[m["kort"] for m in maanden], waarden=[m["aandeel"] for m in maanden], maximum=1.0,
        stappen=(0, 0.25, 0.5, 0.75, 1.0), opmaak=procent))


def mediaan_doorlooptijd(maanden: list[dict], termijn_dagen: int) -> str:
    """Return the bar chart of the median days from receipt to decision per month, with the term as a line."""
    hoogste = max([m["mediaan_dagen"] or 0 for m in maanden] + [termijn_dagen])
    maximum = float(-(-hoogste // 7) * 7 + 7)
    stappen = [float(s) for s in range(0, int(maximum) + 1, 7)]
    return teken(Staafdiagram(
        id="grafiek-doorlooptijd", titel="Mediaan aantal dagen van ontvangst tot besluit, per maand",
        beschrijving=f"Per maand van het besluit: de mediaan van het aantal dagen tussen ontvangst en besluit. "
                     f"De lijn staat op de termijn van {termijn_dagen} dagen.",
        labels=[m["kort"] for m in maanden], waarden=[m["mediaan_dagen"] for m in maanden], maximum=maximum,
        stappen=stappen, opmaak=dagen, referentie=float(termijn_dagen), referentie_label=f"termijn {termijn_dagen} d"))
