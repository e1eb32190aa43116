"""Benchmarks print figures (and ratios against a baseline measured in the same run);
they never fail on timing. Run them alone with: python -m pytest tests/benchmarks -s"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

RESULTS = Path(__file__).parent / "results.txt"


@pytest.fixture
def report(capsys) -> Callable[[str], None]:
    def emit(line: str) -> None:
        with capsys.disabled():
            print(f"\n[benchmark] {line}", flush=True)

    return emit


def time_command(args: list[str], runs: int = 5, **kwargs) -> list[float]:
    """Wall time of a whole command, ``runs`` times."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(args, capture_output=True, text=True, timeout=120, **kwargs)
        times.append(time.perf_counter() - start)
        assert done.returncode == 0, done.stderr[-2000:]
    return times


def median(values: list[float]) -> float:
    return statistics.median(values)


PY = sys.executable
