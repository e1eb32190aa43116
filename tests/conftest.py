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
