"""Benchmarks: `make bench` runs `pytest tests/benchmarks`; collect `bench_*.py` here as well as `test_*.py`.
The normal suite never enters this folder (norecursedirs), so nothing here is timed in `make test`."""

from __future__ import annotations

import pytest


def pytest_collect_file(file_path, parent):  # noqa: ANN001, ANN201
    if file_path.suffix == ".py" and file_path.name.startswith("bench_"):
        return pytest.Module.from_parent(parent, path=file_path)
    return None
