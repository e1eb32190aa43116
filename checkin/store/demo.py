"""``--demo`` and the tests' sample folders: the core's demo check-ins written into a folder
through the real repository (the core generates them and never touches storage itself)."""

from __future__ import annotations

from pathlib import Path

import arrow

from ..core.clock import FakeClock
from ..core.demo import demo_start, fill_demo
from .repository import Repository


def write_demo(
    folder: Path,
    weeks: int = 52,
    seed: int = 7,
    end: arrow.Arrow | None = None,
    *,
    check_ins: int | None = None,
    backup: bool = True,
) -> int:
    """Fill an empty ``folder`` with the demo couple and check-ins (see ``fill_demo``)."""
    if check_ins is not None and not 0 <= check_ins <= weeks:
        raise ValueError("there must be at least as many weeks as check-ins")
    repo = Repository(folder, FakeClock(demo_start(weeks, end)[0])).open()
    try:
        return fill_demo(repo, weeks, seed, end, check_ins=check_ins, backup=backup)
    finally:
        repo.close()
