"""The layers stay clean (architecture.md §1): parse every module with ast and check its imports."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# package -> top-level modules it must never import
VERBODEN = {
    "workflows": {"wvggz", "api", "notifications", "sqlmodel", "sqlalchemy", "fastapi", "starlette", "apscheduler"},
    "notifications": {"wvggz", "api", "fastapi", "starlette", "workflows", "apscheduler"},
    "wvggz": {"api", "fastapi", "starlette"},
}
ALLEEN_SCHEDULER = "apscheduler"


def imports(path: Path) -> set[str]:
    """Return the top-level module names imported by the file at `path`."""
    tree = ast.parse(path.read_text(), filename=str(path))
    uit: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            uit |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            uit.add(node.module.split(".")[0])
    return uit


def overtredingen(root: Path) -> list[str]:
    """Return 'file: module' for every import that crosses a layer boundary under `root`."""
    fouten = []
    for pakket, verboden in VERBODEN.items():
        for path in sorted((root / pakket).rglob("*.py")):
            if "migrations" in path.parts and pakket == "wvggz":
                continue
            mods = imports(path)
            extra = {ALLEEN_SCHEDULER} if pakket == "wvggz" and path.name != "scheduler.py" else set()
            fouten += [f"{path.relative_to(root)}: {m}" for m in sorted(mods & (verboden | extra))]
    return fouten


def test_geen_import_over_de_lagen_heen():
    assert overtredingen(ROOT) == []


def test_de_controle_vangt_een_verboden_import(tmp_path):
    for pakket in VERBODEN:
        (tmp_path / pakket).mkdir()
    (tmp_path / "workflows" / "slecht.py").write_text("from sqlmodel import Session\n")
    (tmp_path / "wvggz" / "ook_slecht.py").write_text("import fastapi\nfrom apscheduler import x\n")
    (tmp_path / "notifications" / "fout.py").write_text("from wvggz.meldingen import models\n")
    assert overtredingen(tmp_path) == [
        "workflows/slecht.py: sqlmodel", "notifications/fout.py: wvggz",
        "wvggz/ook_slecht.py: apscheduler", "wvggz/ook_slecht.py: fastapi",
    ]


@pytest.mark.parametrize("pakket", ["wvggz", "workflows", "notifications", "api"])
def test_geen_wandklok_buiten_clock(pakket):
    """Time comes from the injected clock: no datetime.now()/today()/time.time() outside wvggz/clock.py."""
    for path in (ROOT / pakket).rglob("*.py"):
        if path.name == "clock.py":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Attribute) and node.attr in {"now", "utcnow", "today", "time"}:
                basis = node.value
                naam = basis.id if isinstance(basis, ast.Name) else getattr(basis, "attr", "")
                assert naam not in {"datetime", "date", "time"}, f"{path}:{node.lineno} leest de wandklok"
