"""Benchmarks: `make bench` runs `pytest tests/benchmarks`; collect `bench_*.py` here as well as `test_*.py`.
The normal suite never enters this folder (norecursedirs), so nothing here is timed in `make test`."""

from __future__ import annotations

import pytest


def pytest_collect_file(file_path, parent):  # noqa: ANN001, ANN201
    if file_path.suffix != ".py" or not file_path.name.startswith("bench_"):
        return None
    if parent.session.isinitpath(file_path):  # named on the command line: pytest collects it already
        return None
    return pytest.Module.from_parent(parent, path=file_path)
