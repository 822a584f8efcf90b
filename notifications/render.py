"""Render a message from its kind and snapshot: subject, plain text and HTML (Dutch, Jinja2).

StrictUndefined: a missing field is an error, never an empty gap. HTML templates are autoescaped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from jinja2 import (
    Environment,
    FileSystemLoader,
    StrictUndefined,
    Template,
    TemplateError,
    Undefined,
    select_autoescape,
)

from notifications.soorten import OnbekendeSoort, Soort, soort

TEMPLATES = Path(__file__).parent / "templates"
TZ = ZoneInfo("Europe/Amsterdam")


class RenderFout(Exception):
    """The message cannot be rendered (unknown kind, missing field, template error): it is failed."""


@dataclass(frozen=True)
class Inhoud:
    onderwerp: str
    tekst: str
    html: str


def datum(waarde: Any) -> str:
    """Return a date as dd-mm-jjjj (ISO strings, dates and aware datetimes; other text unchanged)."""
    if isinstance(waarde, str):
        try:
            waarde = datetime.fromisoformat(waarde) if "T" in waarde else date.fromisoformat(waarde)
        except ValueError:
            return waarde
    if isinstance(waarde, datetime):
        return (waarde.astimezone(TZ) if waarde.tzinfo else waarde).strftime("%d-%m-%Y %H:%M")
    if isinstance(waarde, date):
        return waarde.strftime("%d-%m-%Y")
    return str(waarde)


def gevuld(waarde: Any) -> bool:
    """Jinja test `x is gevuld`: defined, not None, not empty (optional snapshot fields may be null)."""
    return not isinstance(waarde, Undefined) and waarde is not None and waarde != ""


def omgeving(map_: Path = TEMPLATES) -> Environment:
    """Return the Jinja2 environment of the message templates."""
    env = Environment(loader=FileSystemLoader(map_), autoescape=select_autoescape(["html"]),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["datum"] = datum
    env.filters["label"] = lambda s: str(s).replace("_", " ")
    env.tests["gevuld"] = gevuld
    return env


class Renderer:
    """Renders messages; one instance per relay pass (templates are compiled once)."""

    def __init__(self, basis_url: str, map_: Path = TEMPLATES) -> None:
        self.basis_url = basis_url.rstrip("/")
        self.env = omgeving(map_)
        self._onderwerpen: dict[str, Template] = {}

    def render(self, soort_naam: str, gegevens: dict[str, Any], kanaal: str) -> Inhoud:
        """Return subject, text and HTML of one message; raises RenderFout with a readable reason."""
        try:
            s = soort(soort_naam)
        except OnbekendeSoort as exc:
            raise RenderFout(str(exc)) from None
        _controleer(s, gegevens)
        context = dict(gegevens) | {"basis_url": self.basis_url, "kanaal": kanaal}
        try:
            onderwerp = self._onderwerp(s).render(context)
            tekst = self.env.get_template(f"{s.naam}.txt").render(context)
            html = self.env.get_template(f"{s.naam}.html").render(context)
        except TemplateError as exc:
            raise RenderFout(f"Sjabloonfout in {s.naam}: {exc}") from None
        return Inhoud(onderwerp=" ".join(onderwerp.split())[:200], tekst=tekst, html=html)


    def _onderwerp(self, s: Soort) -> Template:
        if s.naam not in self._onderwerpen:
            self._onderwerpen[s.naam] = self.env.from_string(s.onderwerp)
        return self._onderwerpen[s.naam]


def _controleer(s: Soort, gegevens: dict[str, Any]) -> None:
    ontbrekend = sorted(s.verplicht - gegevens.keys())
    if ontbrekend:
        raise RenderFout(f"Gegevens voor {s.naam} missen: {', '.join(ontbrekend)}.")
    pad = gegevens.get("pad")
    if pad is not None and not (isinstance(pad, str) and pad.startswith("/") and not pad.startswith("//")):
        raise RenderFout("Veld 'pad' moet een pad binnen de applicatie zijn (begint met '/').")
