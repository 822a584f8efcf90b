"""Logging setup: ids and codes only, never names or health details."""

from __future__ import annotations

import logging


def configure(level: str = "INFO") -> None:
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    logging.getLogger("apscheduler.executors.default").setLevel(logging.WARNING)  # no line per relay pass
