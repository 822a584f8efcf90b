"""Logging setup: one JSON object per line with the request id (asgi-correlation-id); ids and codes only,
never names or health details."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime

from asgi_correlation_id.context import correlation_id  # a ContextVar only: no web framework imported here


class JsonFormatter(logging.Formatter):
    """ts, level, logger, request_id, msg (and exc when there is one)."""

    def format(self, record: logging.LogRecord) -> str:
        uit = {"ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
               "level": record.levelname, "logger": record.name, "request_id": correlation_id.get() or "-",
               "msg": record.getMessage()}
        if record.exc_info:
            uit["exc"] = self.formatException(record.exc_info)
        return json.dumps(uit, ensure_ascii=False)


def configure(level: str = "INFO") -> None:
    """Route every logger (uvicorn's included) through one JSON handler on stderr."""
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for naam in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logging.getLogger(naam).handlers[:] = []
        logging.getLogger(naam).propagate = True
    logging.getLogger("apscheduler.executors.default").setLevel(logging.WARNING)  # no line per relay pass
