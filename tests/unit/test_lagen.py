"""The layers stay clean (architecture.md §1): parse every module with ast and check its imports."""

from __future__ import annotations

import ast
import re
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


# --- Roles live in one table (wvggz/gebruikers/rechten.py): architecture.md §12 -------------------------

ROLLEN = frozenset({"intake", "projectleider", "ovp", "burgemeester", "beheer", "fg"})  # the values of Rol
RECHTENTABEL = Path("wvggz/gebruikers/rechten.py")
SQL_VERGELIJKING = frozenset({"in_", "notin_", "is_", "is_not", "isnot", "like", "ilike"})
TEMPLATE_ROL = re.compile("[\"'](?:" + "|".join(sorted(ROLLEN)) + ")[\"']"
                          + r"|\.rol\s*(?:==|!=|\bin\b|\bnot\b)|\bin\s+gebruiker\.rol\b")


def _rolachtig(node: ast.AST) -> bool:
    """Return whether an operand is a role: x.rol, rol, Rol, Rol.X, Rol(...), a role string, or a collection of them."""
    if isinstance(node, ast.Attribute):
        return node.attr == "rol" or (isinstance(node.value, ast.Name) and node.value.id == "Rol")
    if isinstance(node, ast.Name):
        return node.id in {"rol", "Rol"}
    if isinstance(node, ast.Call):
        return isinstance(node.func, ast.Name) and node.func.id == "Rol"
    if isinstance(node, ast.Constant):
        return node.value in ROLLEN
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        return any(_rolachtig(e) for e in node.elts)
    return False


def rolvergelijkingen(root: Path) -> list[str]:
    """Return 'file:line' of every comparison with a role outside the permission table (Python and templates)."""
    fouten = []
    for pakket in ("api", "wvggz", "workflows", "notifications"):
        for path in sorted((root / pakket).rglob("*.py")):
            rel = path.relative_to(root)
            if rel == RECHTENTABEL or "migrations" in rel.parts:
                continue
            regels = set()
            for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
                vergelijkt = isinstance(node, ast.Compare) and any(
                    _rolachtig(o) for o in [node.left, *node.comparators])
                sql = (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                       and node.func.attr in SQL_VERGELIJKING and isinstance(node.func.value, ast.Attribute)
                       and node.func.value.attr == "rol")
                if vergelijkt or sql:
                    regels.add(node.lineno)
            fouten += [f"{rel}:{nr}" for nr in sorted(regels)]
    for path in sorted((root / "api").rglob("*.html")):
        for nr, regel in enumerate(path.read_text().splitlines(), 1):
            if TEMPLATE_ROL.search(regel):
                fouten.append(f"{path.relative_to(root)}:{nr}")
    return fouten


def rolnamen_in_api(root: Path) -> list[str]:
    """Return 'file:line' of every role name in api/: the Rol enum or a role string (templates: see above)."""
    fouten = []
    for path in sorted((root / "api").rglob("*.py")):
        regels = set()
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            naam = (isinstance(node, ast.Name) and node.id == "Rol") or (
                isinstance(node, ast.alias) and node.name == "Rol")
            if naam or (isinstance(node, ast.Constant) and node.value in ROLLEN):
                regels.add(node.lineno)
        fouten += [f"{path.relative_to(root)}:{nr}" for nr in sorted(regels)]
    return fouten


def test_rollen_kloppen_met_de_enum():
    from wvggz.gebruikers.models import Rol

    assert {r.value for r in Rol} == ROLLEN


def test_geen_rolvergelijking_buiten_de_rechtentabel():
    assert rolvergelijkingen(ROOT) == []


def test_api_kent_geen_rollen():
    assert rolnamen_in_api(ROOT) == []


def test_de_controle_vangt_rollen_buiten_de_tabel(tmp_path):
    for pakket in ("api/templates", "wvggz/gebruikers", "workflows", "notifications"):
        (tmp_path / pakket).mkdir(parents=True)
    (tmp_path / "api" / "slecht.py").write_text(
        "from wvggz.gebruikers.models import Rol\nSTART = {Rol.OVP: '/ovp'}\nMENU = {'beheer': ()}\n")
    (tmp_path / "api" / "templates" / "x.html").write_text(
        "<p>burgemeester</p>\n{% if gebruiker.rol == 'ovp' %}x{% endif %}\n{% if mag('triage.lees') %}{% endif %}\n")
    (tmp_path / "wvggz" / "ook_slecht.py").write_text(
        "a = actor.rol == 'burgemeester'\nb = rol in (Rol.INTAKE,)\nc = Gebruiker.rol.in_(['intake'])\n"
        "d = kanaal == 'telefoon'\ne = {'besluit_door_rol': 'burgemeester'}\n")
    (tmp_path / "wvggz" / "gebruikers" / "rechten.py").write_text("def mag(g, r):\n    return g.rol in r\n")
    assert rolvergelijkingen(tmp_path) == [
        "wvggz/ook_slecht.py:1", "wvggz/ook_slecht.py:2", "wvggz/ook_slecht.py:3", "api/templates/x.html:2"]
    assert rolnamen_in_api(tmp_path) == ["api/slecht.py:1", "api/slecht.py:2", "api/slecht.py:3"]


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
