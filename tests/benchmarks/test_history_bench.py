"""Looking back with years of history: time to the first rows of the history list with 50 and with
5000 check-ins (target: the 5000 case at most 1.5x the 50 case), time to all rows, a page-down
through the list, and memory with 5000. Figures are printed; timings are never asserted."""

from __future__ import annotations

import os
import time
import tracemalloc
from pathlib import Path

import arrow
import pytest

from checkin.app import CheckinApp
from checkin.core.clock import FakeClock
from checkin.screens.history import HistoryScreen
from checkin.store.demo import write_demo
from checkin.store.repository import Repository
from checkin.widgets.history_list import HistoryList

from .conftest import median

os.environ["TZ"] = "UTC"
time.tzset()

END = arrow.get("2026-11-26T12:00:00+00:00")
WEEKS_FOR_5000 = 5720  # about one week in eight is skipped, as in life
RUNS = 6  # the first open reads the index; the median is of the other five


class TimedHistory(HistoryScreen):
    """Notes the moment the first rows have been drawn (after the refresh that shows them)."""

    first_drawn: float | None = None

    def _refill(self) -> None:
        super()._refill()
        if self.listing.rows and self.first_drawn is None:
            self.call_after_refresh(self._drawn)

    def _drawn(self) -> None:
        if self.first_drawn is None:
            self.first_drawn = time.perf_counter()


@pytest.fixture(scope="module")
def folders(tmp_path_factory) -> dict[str, tuple[Path, int]]:
    """50 and 5000 check-ins, written once for the whole module."""
    base = tmp_path_factory.mktemp("history-bench")
    small = write_demo(base / "small", 57, seed=7, end=END)
    large = write_demo(base / "large", WEEKS_FOR_5000, seed=7, end=END)
    return {"small": (base / "small", small), "large": (base / "large", large)}


async def measure(folder: Path, runs: int = RUNS, home_for: float = 0.0) -> dict[str, float]:
    """Open the app on ``folder``, show home for ``home_for`` seconds (the index is read ahead
    after 1.5 s), then push the history screen ``runs`` times."""
    clock = FakeClock(END)
    repo = Repository(folder, clock).open()
    app = CheckinApp(repo, clock)
    first, full, pagedown = [], [], []
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            if home_for:
                await pilot.pause(home_for)
                await app.workers.wait_for_complete()
            for _ in range(runs):
                screen = TimedHistory()
                start = time.perf_counter()
                app.push_screen(screen)
                while screen.first_drawn is None:
                    await pilot.pause()
                first.append(screen.first_drawn - start)
                while not screen.loaded:
                    await pilot.pause()
                await pilot.pause()
                full.append(time.perf_counter() - start)
                assert len(screen.query_one(HistoryList).rows) == screen.total
                start = time.perf_counter()
                for _ in range(10):
                    await pilot.press("pagedown")
                pagedown.append((time.perf_counter() - start) / 10)
                app.pop_screen()
                await pilot.pause()
    finally:
        repo.close()
    # The first open reads and checks index.json; later ones use the sorted rows kept in memory.
    later = first[1:] or first
    return {"cold": first[0], "first": median(later), "full": median(full), "pagedown": median(pagedown)}


async def test_time_to_first_rows_50_vs_5000(folders, report):
    small_folder, small_count = folders["small"]
    large_folder, large_count = folders["large"]
    small = await measure(small_folder)
    large = await measure(large_folder)
    ratio = large["first"] / small["first"]
    report(
        f"history first rows, later opens (median): {small_count} check-ins {small['first'] * 1000:.0f} ms, "
        f"{large_count} check-ins {large['first'] * 1000:.0f} ms, ratio {ratio:.2f}x (target <= 1.5x)"
    )
    report(
        f"history first rows, first open (reads the index): {small_count} check-ins "
        f"{small['cold'] * 1000:.0f} ms, {large_count} check-ins {large['cold'] * 1000:.0f} ms, "
        f"ratio {large['cold'] / small['cold']:.2f}x"
    )
    ahead = {name: await measure(folders[name][0], runs=1, home_for=3.0) for name in ("small", "large")}
    report(
        f"history first rows, first open after 3 s on home (index read ahead): {small_count} check-ins "
        f"{ahead['small']['cold'] * 1000:.0f} ms, {large_count} check-ins {ahead['large']['cold'] * 1000:.0f} ms, "
        f"ratio {ahead['large']['cold'] / ahead['small']['cold']:.2f}x"
    )
    report(
        f"history all rows: {small_count} check-ins {small['full'] * 1000:.0f} ms, "
        f"{large_count} check-ins {large['full'] * 1000:.0f} ms"
    )
    report(
        f"history page-down per key: {small_count} check-ins {small['pagedown'] * 1000:.1f} ms, "
        f"{large_count} check-ins {large['pagedown'] * 1000:.1f} ms"
    )
    assert large_count >= 5000


async def test_memory_with_5000(folders, report):
    folder, count = folders["large"]
    clock = FakeClock(END)
    tracemalloc.start()
    try:
        repo = Repository(folder, clock).open()
        opened, _ = tracemalloc.get_traced_memory()
        app = CheckinApp(repo, clock)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            tracemalloc.reset_peak()
            base, _ = tracemalloc.get_traced_memory()
            app.push_screen(HistoryScreen())
            await pilot.pause()
            screen = app.screen
            while not (isinstance(screen, HistoryScreen) and screen.loaded):
                await pilot.pause()
                screen = app.screen
            await pilot.pause()
            listed, listed_peak = tracemalloc.get_traced_memory()
            await pilot.press("slash", *"dishes")
            while screen.notes is None:
                await pilot.pause()
            await pilot.pause()
            searched, searched_peak = tracemalloc.get_traced_memory()
        repo.close()
    finally:
        tracemalloc.stop()
    mb = 1024 * 1024
    report(
        f"history memory with {count} check-ins: index open {opened / mb:.1f} MB; list "
        f"+{(listed - base) / mb:.1f} MB (peak +{(listed_peak - base) / mb:.1f} MB); "
        f"after reading notes for the filter +{(searched - base) / mb:.1f} MB "
        f"(peak +{(searched_peak - base) / mb:.1f} MB)"
    )
