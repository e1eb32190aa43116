"""kill -9 in the middle of a large import, and of finishing and deleting with a large history:
on the next open all of the change is there or none of it, and nothing is ever duplicated.

Half the kills land at a random moment, half just after the first staged file appears (the
writing phase, where a kill used to leave history full and the index empty). Bounded in time.
"""

from __future__ import annotations

import contextlib
import json
import random
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import arrow
import pytest

from checkin.core import export
from checkin.store import journal
from checkin.store.demo import write_demo
from checkin.store.repository import HISTORY, INDEX, MAIN, Repository

END = arrow.get("2026-11-26T12:00:00+00:00")
WEEKS = 320
ROUNDS = 12
BUDGET = 100.0  # seconds: the loop stops early rather than run for ever on a slow machine


def ids(path: Path, table: str) -> list[str]:
    if not path.exists():
        return []
    return [d["id"] for d in json.loads(path.read_text(encoding="utf-8"))[table].values()]


@pytest.fixture(scope="module")
def big(tmp_path_factory) -> tuple[Path, Path, int]:
    """A folder with a few check-ins, and an export with those and a few hundred more."""
    base = tmp_path_factory.mktemp("kill")
    write_demo(base / "all", WEEKS, seed=11, end=END)
    repo = Repository(base / "all").open()
    data = json.loads(export.export_json(repo))
    repo.close()
    path = base / "big.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    start = base / "start"
    Repository(start).open().close()
    return start, path, len(data["checkins"])


def _staged(folder: Path) -> bool:
    return any(folder.glob(f".*{journal.STAGED_SUFFIX}")) or (folder / journal.JOURNAL).exists()


def _kill_at(child: subprocess.Popen, folder: Path, rng: random.Random, targeted: bool, span: float) -> bool:
    """Kill ``child`` at a random moment (or just after staging began); False if it finished."""
    if targeted:
        deadline = time.monotonic() + 120
        while not _staged(folder) and child.poll() is None and time.monotonic() < deadline:
            time.sleep(0.002)
        time.sleep(rng.uniform(0.0, 0.05))
    else:
        with contextlib.suppress(subprocess.TimeoutExpired):
            child.wait(timeout=rng.uniform(0.0, span))
    if child.poll() is not None:
        return False
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    return True


@pytest.mark.slow
def test_kill_9_during_a_large_import_leaves_all_or_none_and_never_duplicates(big, tmp_path):
    start, path, total = big
    rng = random.Random(9)
    began = time.monotonic()
    timed = subprocess.run(
        [sys.executable, "-m", "checkin", "import", str(path), "--data-dir", str(tmp_path / "timed")],
        capture_output=True, text=True, timeout=300,
    )
    assert timed.returncode == 0, timed.stderr
    span = time.monotonic() - began
    outcomes = {"none": 0, "all": 0, "finished": 0}
    rounds = 0
    while rounds < ROUNDS and time.monotonic() - began < BUDGET:
        rounds += 1
        folder = tmp_path / f"r{rounds}"
        shutil.copytree(start, folder)
        child = subprocess.Popen(
            [sys.executable, "-m", "checkin", "import", str(path), "--data-dir", str(folder)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )
        killed = _kill_at(child, folder, rng, targeted=rounds % 2 == 0, span=span)
        if not killed:
            outcomes["finished"] += 1
        child.communicate()
        repo = Repository(folder).open()  # completes or drops what the kill interrupted
        history, index = ids(folder / HISTORY, "checkins"), ids(folder / INDEX, "summaries")
        assert sorted(history) == sorted(index), "history and index disagree after the kill"
        assert len(history) in (0, total), f"a part of the import is there ({len(history)} of {total})"
        assert (repo.couple() is None) == (len(history) == 0), "the names and the check-ins came apart"
        assert not (folder / journal.JOURNAL).exists() and not _staged(folder)
        outcomes["all" if history else "none"] += 1
        repo.close()
        again = subprocess.run(
            [sys.executable, "-m", "checkin", "import", str(path), "--data-dir", str(folder)],
            capture_output=True, text=True, timeout=300,
        )
        assert again.returncode == 0, again.stderr
        history = ids(folder / HISTORY, "checkins")
        assert len(history) == len(set(history)) == total, "importing again duplicated check-ins"
        assert sorted(ids(folder / INDEX, "summaries")) == sorted(history)
        shutil.rmtree(folder)
    print(f"{rounds} import kills ({total} check-ins): {outcomes}")
    assert rounds >= 4


WORKER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from checkin.store.repository import Repository

    folder, first = Path(sys.argv[1]), int(sys.argv[2])
    repo = Repository(folder).open()
    repo.load_history_file()
    print("ready", flush=True)
    n = first
    while True:
        n += 1
        if n % 2:
            repo.finish_into_history({"id": f"f{n}", "started_at": "2027-01-01T10:00:00+00:00",
                                 "ended_at": "2027-01-01T10:30:00+00:00", "status": "completed",
                                 "events": [{"type": "start"}]}, {"elapsed": 1800.0})
        else:
            repo.delete_checkin(f"f{n - 1}")
        print(n, flush=True)
    """
)


@pytest.mark.slow
def test_kill_9_while_finishing_and_deleting_with_a_large_history(big, tmp_path):
    _, path, total = big
    folder = tmp_path / "d"
    done = subprocess.run(
        [sys.executable, "-m", "checkin", "import", str(path), "--data-dir", str(folder)],
        capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    base = set(ids(folder / HISTORY, "checkins"))
    rng = random.Random(5)
    began = time.monotonic()
    last = 0  # ops 1..last are known to be done
    rounds = 0
    while rounds < ROUNDS and time.monotonic() - began < BUDGET:
        rounds += 1
        child = subprocess.Popen(
            [sys.executable, "-c", WORKER, str(folder), str(last)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True,
        )
        assert child.stdout.readline().strip() == "ready", child.stderr.read()
        _kill_at(child, folder, rng, targeted=rounds % 2 == 0, span=2.0)
        out, err = child.communicate()
        reported = [int(line) for line in out.split() if line.isdigit()]
        floor = reported[-1] if reported else last
        repo = Repository(folder).open()
        history, index = ids(folder / HISTORY, "checkins"), ids(folder / INDEX, "summaries")
        assert sorted(history) == sorted(index), "history and index disagree after the kill"
        assert len(history) == len(set(history))
        extra = set(history) - base
        assert base <= set(history), "a check-in nobody deleted is gone"
        # After op m the extra check-ins are {f_m} when m is odd (finished, not yet deleted),
        # none when m is even; m is the last op reported done, or the one after it.
        if extra:
            assert len(extra) == 1, extra
            m = int(next(iter(extra))[1:])
            assert m % 2 == 1
        else:
            m = floor if floor % 2 == 0 else floor + 1
        assert m in (floor, floor + 1), (floor, extra)
        assert not (folder / journal.JOURNAL).exists()
        last = m
        repo.close()
        assert (folder / MAIN).exists()
    print(f"{rounds} finish/delete kills with {total} check-ins, {last} operations")
    assert rounds >= 4
