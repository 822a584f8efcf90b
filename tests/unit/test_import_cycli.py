"""No import cycle in the project, counting imports inside functions too (they only hide a cycle)."""

from __future__ import annotations

import ast
from pathlib import Path

LAGEN = ("wvggz", "api", "workflows", "notifications")


def _graaf(root: Path) -> dict[str, set[str]]:
    modules = {}
    for laag in LAGEN:
        for pad in (root / laag).rglob("*.py") if (root / laag).exists() else ():
            if "migrations" in pad.parts:
                continue
            naam = ".".join(pad.relative_to(root).with_suffix("").parts).removesuffix(".__init__")
            modules[naam] = pad
    graaf = {}
    for naam, pad in modules.items():
        doelen = set()
        for knoop in ast.walk(ast.parse(pad.read_text())):
            if isinstance(knoop, ast.ImportFrom) and knoop.module and knoop.level == 0:
                doelen |= {f"{knoop.module}.{a.name}" if f"{knoop.module}.{a.name}" in modules else knoop.module
                           for a in knoop.names}
            elif isinstance(knoop, ast.Import):
                doelen |= {a.name for a in knoop.names}
        graaf[naam] = {d for d in doelen if d in modules and d != naam}
    return graaf


def cycli(root: Path) -> list[list[str]]:
    """Return every cycle (strongly connected set of two or more modules), sorted."""
    graaf, index, laag, stapel, op, uit = _graaf(root), {}, {}, [], set(), []

    def bezoek(v: str) -> None:
        index[v] = laag[v] = len(index)
        stapel.append(v)
        op.add(v)
        for w in graaf[v]:
            if w not in index:
                bezoek(w)
                laag[v] = min(laag[v], laag[w])
            elif w in op:
                laag[v] = min(laag[v], index[w])
        if laag[v] == index[v]:
            groep = []
            while True:
                w = stapel.pop()
                op.discard(w)
                groep.append(w)
                if w == v:
                    break
            if len(groep) > 1:
                uit.append(sorted(groep))

    for v in sorted(graaf):
        if v not in index:
            bezoek(v)
    return sorted(uit)


def test_geen_importcycli():
    assert cycli(Path(".")) == []


def test_de_controle_vindt_een_verstopte_cyclus(tmp_path):
    (tmp_path / "wvggz" / "a").mkdir(parents=True)
    (tmp_path / "wvggz" / "a" / "x.py").write_text("from wvggz.a import y\n")
    (tmp_path / "wvggz" / "a" / "y.py").write_text("def f():\n    from wvggz.a.x import g\n")
    assert cycli(tmp_path) == [["wvggz.a.x", "wvggz.a.y"]]
