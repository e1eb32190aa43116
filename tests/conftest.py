from __future__ import annotations

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
