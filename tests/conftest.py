from __future__ import annotations

import os

import pytest

from checkin.core.clock import FakeClock


@pytest.fixture(autouse=True, scope="session")
def _own_cache_folder(tmp_path_factory):
    """``checkin --demo`` keeps sample data in the user's cache folder: the tests' own one."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg-cache")))
        yield


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def data_dir(tmp_path):
    d = tmp_path / "data"
    return d


def pytest_collection_modifyitems(config, items) -> None:
    """Everything under tests/benchmarks is a benchmark: it runs only with ``-m bench``."""
    for item in items:
        if "benchmarks" in item.path.parts:
            item.add_marker(pytest.mark.bench)


def pytest_xdist_auto_num_workers(config) -> int:
    """How many workers ``-n auto`` starts. A Pilot test spends most of its time asleep: after
    each key Pilot waits until the app has been idle for a while. So the default run uses three
    workers a core (measured on 2 cores: 298 s with 2 workers, 236 s with 4, 194 s with 6). The
    slow tests drive real processes and ptys that do work while they wait, so they keep one a
    core: crowding them made their timing tests flaky."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    marks = config.getoption("markexpr") or ""
    runs_slow = "slow" in marks.replace("not slow", "")
    return cores if runs_slow else min(3 * cores, 24)
