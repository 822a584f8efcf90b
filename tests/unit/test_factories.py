"""Test modules share builders through tests/factories/ only: no test module imports another test
module or a conftest (pytest gives fixtures by name)."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]


def test_builders_komen_alleen_uit_tests_factories():
    fout = []
    for pad in sorted(TESTS.rglob("*.py")):
        for node in ast.walk(ast.parse(pad.read_text(encoding="utf-8"))):
            modules = [node.module or ""] if isinstance(node, ast.ImportFrom) else \
                [a.name for a in node.names] if isinstance(node, ast.Import) else []
            fout += [f"{pad.relative_to(TESTS)}: {m}" for m in modules
                     if m.startswith("tests") and m != "tests.factories" and not m.startswith("tests.factories.")]
    assert fout == []
