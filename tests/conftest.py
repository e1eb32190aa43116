from __future__ import annotations

import gc
import os

import pytest
from textual.css.stylesheet import Stylesheet

from checkin.core.clock import FakeClock

# -- one parse of each stylesheet per test process ------------------------------------------------
# Textual keeps the rules it parsed from a piece of CSS, but only for one app: every test builds
# a new app, and parsing the same CSS again was about a quarter of the CPU of the screen tests
# (measured: test_foundation_screens + test_history_screens 63 s -> 46 s of CPU). The rules of
# the same CSS with the same theme variables are the same, so the tests keep them across apps.
# A parse that fails raises before anything is kept; the first parse in each process is real.
_PARSED_CSS: dict[tuple[object, ...], object] = {}
_parse_rules = Stylesheet._parse_rules


def _parse_rules_once(self, css, read_from, is_default_rules=False, tie_breaker=0, scope=""):
    key = (css, read_from, is_default_rules, tie_breaker, scope, tuple(sorted(self._variables.items())))
    if key not in _PARSED_CSS:
        _PARSED_CSS[key] = _parse_rules(self, css, read_from, is_default_rules, tie_breaker, scope)
    return _PARSED_CSS[key]


Stylesheet._parse_rules = _parse_rules_once  # type: ignore[method-assign]

# -- fewer full garbage collections in a test process --------------------------------------------
# A worker runs hundreds of apps; each full collection walks everything still alive (about 300,000
# objects by the end), and Python's default thresholds ran one every few tests: a quarter of the
# CPU of the screen tests (test_foundation_screens: 8.4 s of 27.8 s in the collector). Collecting
# the youngest objects less often and the oldest almost never cut that to 2.8 s (27.8 -> 21.6 s of
# CPU), for at most 180 MB a worker. Only the test processes change, not the app's own settings.
gc.set_threshold(50_000, 50, 50)


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
