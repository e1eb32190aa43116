from __future__ import annotations

import os
import random
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from checkin.app import CheckinApp
from checkin.core.clock import FakeClock
from checkin.core.model import Couple, Settings
from checkin.store.repository import Repository

# Dates on screen are in local time: pin the zone so snapshots match on every machine.
os.environ["TZ"] = "UTC"
time.tzset()

NOW = "2026-11-26T12:00:00+00:00"  # a Thursday


@pytest.fixture
def ui_clock() -> FakeClock:
    return FakeClock(NOW)


@pytest.fixture
def make_app(tmp_path: Path, ui_clock: FakeClock) -> Callable[..., CheckinApp]:
    """Build an app on a fresh data folder, optionally with a couple already set up."""
    repos: list[Repository] = []

    def build(
        *,
        couple: tuple[str, str] | None = ("Ana", "Bo"),
        theme: str = "checkin-warm",
        folder: Path | None = None,
        **settings: object,
    ) -> CheckinApp:
        repo = Repository(folder or tmp_path / "data", ui_clock).open()
        repos.append(repo)
        if couple is not None and repo.couple() is None:
            repo.save_first_run(Couple(*couple), Settings(theme=theme, **settings))  # type: ignore[arg-type]
        app = CheckinApp(repo, ui_clock)
        app.prompt_rng = random.Random(0)  # cards drawn on screen are the same in every run
        return app

    yield build
    for repo in repos:
        repo.close()
