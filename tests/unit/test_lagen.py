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


# The screens only read (architecture.md §12: pages format, services decide): no session writes, no
# SQL writes, no history/access/outbox rows, no calls of the services' write use cases.
SCHERMEN = "wvggz/schermen"
SCHRIJVEND = {
    "commit", "add", "add_all", "delete", "flush", "merge", "rollback", "insert", "update", "bulk_save_objects",
    "log_toegang", "schrijf_historie", "plaats", "open_termijn", "sluit_termijn", "verleng", "maak_taak", "rond_af",
    "voer_actie_uit", "voer_uit", "registreer", "rond_taak_af", "start",
}


def schrijvers(root: Path) -> list[str]:
    """Return 'file:line name' for every call or import of a writing name in the screens package."""
    fouten = []
    for path in sorted((root / SCHERMEN).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            namen: list[str] = []
            if isinstance(node, ast.Call):
                f = node.func
                namen = [f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", "")]
            elif isinstance(node, ast.ImportFrom):
                namen = [a.name for a in node.names]
            fouten += [f"{path.relative_to(root)}:{node.lineno} {n}" for n in namen if n in SCHRIJVEND]
    return fouten


def test_schermen_schrijven_niets():
    assert (ROOT / SCHERMEN).is_dir()
    assert schrijvers(ROOT) == []


def test_de_controle_vangt_een_schrijvend_scherm(tmp_path):
    (tmp_path / SCHERMEN / "sub").mkdir(parents=True)
    (tmp_path / SCHERMEN / "goed.py").write_text("def f(s):\n    return s.exec(1)\n")
    (tmp_path / SCHERMEN / "sub" / "slecht.py").write_text(
        "from wvggz.audit.service import log_toegang\n\n"
        "def f(session, clock):\n    log_toegang(session, clock)\n    session.commit()\n")
    assert schrijvers(tmp_path) == [
        "wvggz/schermen/sub/slecht.py:1 log_toegang", "wvggz/schermen/sub/slecht.py:4 log_toegang",
        "wvggz/schermen/sub/slecht.py:5 commit",
    ]
