from __future__ import annotations

import pytest

from checkin.core.clock import FakeClock


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
