"""Clocks. The core never reads time directly: it asks a clock that tests can replace.

Durations come from ``monotonic()`` (never jumps with wall-clock or DST changes);
timestamps for people come from ``now()`` (UTC, stored as ISO-8601).
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    import arrow


class Clock(Protocol):
    def monotonic(self) -> float:
        """Seconds on a clock that only moves forward (for durations)."""
        ...

    def now(self) -> arrow.Arrow:
        """The current moment, in UTC (for timestamps shown to people)."""
        ...


class SystemClock:
    """The real clock."""

    def monotonic(self) -> float:
        return time.monotonic()

    def now(self) -> arrow.Arrow:
        import arrow  # here: the home screen's first frame does not need arrow (~25 ms to import)

        return arrow.utcnow()


def now_datetime(clock: Clock) -> datetime:
    """``clock.now()`` as an aware datetime; for the real clock without importing arrow."""
    if isinstance(clock, SystemClock):
        return datetime.now(UTC)
    return clock.now().datetime


class FakeClock:
    """A clock for tests: it moves only when told to."""

    def __init__(self, start: str | arrow.Arrow = "2026-11-22T18:00:00+00:00", mono: float = 1000.0):
        import arrow

        self._now = arrow.get(start).to("UTC")
        self._mono = mono

    def monotonic(self) -> float:
        return self._mono

    def now(self) -> arrow.Arrow:
        return self._now

    def advance(self, seconds: float) -> None:
        """Move both clocks forward together."""
        self._mono += seconds
        self._now = self._now.shift(seconds=seconds)

    def jump_wall(self, seconds: float) -> None:
        """Move only the wall clock (a DST change or NTP correction); durations must not change."""
        self._now = self._now.shift(seconds=seconds)
