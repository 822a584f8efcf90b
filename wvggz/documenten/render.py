"""Render a document kind to HTML (Jinja2, autoescaped, StrictUndefined) and to PDF (WeasyPrint).

WeasyPrint never fetches anything: the url fetcher refuses every URL, so a template cannot leak a
request or pull in an outside resource.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, meta, select_autoescape

from wvggz.documenten.soorten import Documentsoort

SJABLONEN = Path(__file__).parent / "sjablonen"


class RenderFout(Exception):
    """The document cannot be rendered (missing or unlisted field, template error)."""


@lru_cache
def omgeving() -> Environment:
    return Environment(loader=FileSystemLoader(SJABLONEN), autoescape=select_autoescape(["html"]),
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def gebruikte_velden(naam: str) -> set[str]:
    """Return every variable the template of `naam`, and the templates it extends or includes, reads."""
    env = omgeving()
    uit: set[str] = set()
    todo, gezien = [f"{naam}.html"], set()
    while todo:
        bestand = todo.pop()
        if bestand in gezien:
            continue
        gezien.add(bestand)
        boom = env.parse(env.loader.get_source(env, bestand)[0])
        uit |= meta.find_undeclared_variables(boom)
        todo += [t for t in meta.find_referenced_templates(boom) if t]
    return uit


def html(soort: Documentsoort, context: dict[str, Any]) -> str:
    """Return the HTML of one document; refuses a context with fields the kind does not list."""
    extra = set(context) - soort.alle_velden
    if extra:
        raise RenderFout(f"{soort.naam} mag deze velden niet tonen: {', '.join(sorted(extra))}.")
    ontbrekend = soort.alle_velden - set(context)
    if ontbrekend:
        raise RenderFout(f"Gegevens voor {soort.naam} missen: {', '.join(sorted(ontbrekend))}.")
    return omgeving().get_template(f"{soort.naam}.html").render(context)


def _geen_url(url: str, *_args: Any, **_kwargs: Any) -> dict:
    raise ValueError(f"Documenten laden niets van buiten ({url[:40]}).")


def pdf(bron: str) -> bytes:
    """Return the PDF of an HTML document."""
    from weasyprint import HTML

    return HTML(string=bron, url_fetcher=_geen_url, base_url=str(SJABLONEN)).write_pdf()
