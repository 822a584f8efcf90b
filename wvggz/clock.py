"""The only place that reads the wall clock. Everything else receives a Clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

TZ = ZoneInfo("Europe/Amsterdam")


class Clock(Protocol):
    def now(self) -> datetime:
        """Return the current instant, timezone-aware (UTC)."""
        ...


class SystemClock:
    """The real clock."""

    def now(self) -> datetime:
        return datetime.now(UTC)


class FixedClock:
    """A clock that stands still until a test moves it."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            start = start.replace(tzinfo=TZ)
        self._now = start.astimezone(UTC)

    def now(self) -> datetime:
        return self._now

    def set(self, moment: datetime) -> None:
        """Move the clock to `moment` (naive values are read as Europe/Amsterdam)."""
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=TZ)
        self._now = moment.astimezone(UTC)

    def advance(self, **kwargs: float) -> datetime:
        """Move the clock forward by a timedelta(**kwargs); return the new instant."""
        self._now += timedelta(**kwargs)
        return self._now


def monotonic() -> float:
    """Seconds from a monotonic source, for measuring durations (benchmarks, retries)."""
    import time

    return time.perf_counter()
