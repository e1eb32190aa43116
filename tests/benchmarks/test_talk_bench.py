"""The weekly talk: autosave cost (flat with history size), CPU while a countdown runs, and
the time from a key press to the updated screen. Figures are printed, never asserted."""

from __future__ import annotations

import os
import signal
import statistics
import time
from pathlib import Path

from checkin.core.agenda import load_agendas
from checkin.core.clock import FakeClock
from checkin.core.model import Couple, Settings
from checkin.core.runner import CheckinRunner, new_checkin
from checkin.store.demo import write_demo
from checkin.store.repository import Repository
from tests.ptyapp import PtyApp


def _autosave_ms(folder: Path, saves: int = 200) -> float:
    repo = Repository(folder).open()
    clock = FakeClock()
    record = new_checkin({a.id: a for a in load_agendas()[0]}["weekly"], "a", clock)
    runner = CheckinRunner(record, clock)
    for n in range(40):  # a check-in well under way
        clock.advance(20)
        runner.add_note("a", f"note {n} " + "words " * 20)
    times = []
    for _ in range(saves):
        clock.advance(1)
        runner.heartbeat()
        start = time.perf_counter()
        repo.save_current(record)
        times.append(time.perf_counter() - start)
    repo.close()
    return statistics.median(times) * 1000


def test_autosave_is_flat_with_history(tmp_path: Path, report):
    empty = tmp_path / "empty"
    Repository(empty).open().close()
    big = tmp_path / "big"
    start = time.perf_counter()
    written = write_demo(big, 5000, seed=3)
    made = time.perf_counter() - start
    history_mb = (big / "history.json").stat().st_size / 1e6
    small = _autosave_ms(empty)
    large = _autosave_ms(big)
    report(
        f"autosave (atomic write + fsync of current.json): {small:.2f} ms with 0 check-ins, "
        f"{large:.2f} ms with {written} ({history_mb:.0f} MB history), ratio {large / small:.2f}x "
        f"(target <= 1 ms, flat); demo data written in {made:.1f} s"
    )


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _cpu_while_counting(folder: Path, size: tuple[int, int], window: float) -> tuple[float, float]:
    """CPU of the real process (all its threads, utime + stime) over ``window`` seconds on
    the idle home screen, then over ``window`` seconds while the first part's countdown runs."""
    app = PtyApp(["--data-dir", str(folder)], size=size)
    assert app.wait_text("Next check-in")
    app.pump(2.0)
    before = _cpu_seconds(app.proc.pid)
    app.pump(window)
    idle = _cpu_seconds(app.proc.pid) - before  # baseline: the home screen doing nothing
    app.send("s")
    assert app.wait_text("Today's check-in")
    app.send("\r")
    assert app.wait_text("Pass floor")
    app.pump(2.0)
    before = _cpu_seconds(app.proc.pid)
    app.pump(window)
    used = _cpu_seconds(app.proc.pid) - before
    app.signal(signal.SIGTERM)
    assert app.finish() == 0
    return used / window * 100, idle / window * 100


def test_cpu_while_a_countdown_runs(tmp_path: Path, report):
    window = float(os.environ.get("CHECKIN_BENCH_CPU_WINDOW", "30"))
    for size in ((80, 24), (100, 30)):
        folder = tmp_path / f"data-{size[0]}"  # a fresh folder: the last run left a check-in open
        repo = Repository(folder).open()
        repo.save_first_run(Couple("Ana", "Bo"), Settings())
        repo.close()
        used, idle = _cpu_while_counting(folder, size, window)
        report(
            f"CPU while the countdown runs at {size[0]}x{size[1]}: {used:.2f}% of one core over "
            f"{window:.0f} s (target <= 1%); the idle home screen in the same run: {idle:.2f}%"
        )


async def test_key_press_to_updated_screen(tmp_path: Path, report):
    from checkin.app import CheckinApp
    from checkin.screens.talk import TalkScreen

    clock = FakeClock()
    repo = Repository(tmp_path / "data", clock).open()
    repo.save_first_run(Couple("Ana", "Bo"), Settings())
    record = new_checkin({a.id: a for a in load_agendas()[0]}["weekly"], "a", clock)
    CheckinRunner(record, clock, on_change=repo.save_current).next_block()
    app = CheckinApp(repo, clock)
    times = []
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TalkScreen)
        for _ in range(60):
            key = "space" if screen.session.state.phase in ("turn", "speak", "paraphrase", "check") else "ctrl+g"
            events = len(screen.session.record["events"])
            start = time.perf_counter()
            await pilot.press(key)
            await pilot.pause()
            times.append(time.perf_counter() - start)
            assert len(screen.session.record["events"]) == events + 1
            assert repo.current()["events"][-1]["type"] in ("pass_floor", "understood", "add_minute")
    repo.close()
    report(
        f"key press (space or +: event, saved, redrawn): median {statistics.median(times) * 1000:.1f} ms, "
        f"max {max(times) * 1000:.1f} ms over {len(times)} presses"
    )
