"""The command line: help, version, one-line errors, doctor, the lock, damaged data.

Most tests run ``python -m checkin`` as a real process (stdin not a terminal), with every
data location pointed into the test's temporary folder so no real data is ever touched.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from checkin import __version__, cli
from checkin.core.clock import FakeClock
from checkin.core.model import Couple, Settings
from checkin.store.backups import backup_sets
from checkin.store.lock import DataLock
from checkin.store.repository import CURRENT, DATA_FILES, HISTORY, INDEX, MAIN, Repository

ALREADY_OPEN = "checkin is already open in another terminal"


@pytest.fixture
def env(tmp_path) -> dict[str, str]:
    """Environment for a child checkin: default data folder and home inside tmp_path."""
    child = dict(os.environ)
    child.update(
        CHECKIN_DATA_DIR=str(tmp_path / "default-data"),
        HOME=str(tmp_path / "home"),
        XDG_DATA_HOME=str(tmp_path / "xdg"),
        NO_COLOR="1",
    )
    return child


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "checkin", *args],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,  # a safety net only: a UI that started by mistake would wait forever
    )


def one_line_error(done: subprocess.CompletedProcess) -> str:
    assert done.returncode != 0
    assert "Traceback" not in done.stderr + done.stdout
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("checkin: ")
    return lines[0]


@pytest.fixture
def folder(tmp_path) -> Path:
    """A data folder with a couple, three finished check-ins (so three backups) and a draft."""
    folder = tmp_path / "data"
    clock = FakeClock()
    repo = Repository(folder, clock).open()
    repo.save_first_run(Couple("Ana", "Bo"), Settings())
    for n in range(3):
        clock.advance(3600)
        repo.finish_into_history({"id": f"c{n}", "status": "completed", "started_at": clock.now().isoformat()}, {})
    repo.save_current({"id": "d", "status": "in_progress"})
    repo.close()
    return folder


def snapshot(folder: Path) -> dict[str, bytes | None]:
    return {n: (folder / n).read_bytes() if (folder / n).exists() else None for n in DATA_FILES}


# -- help, version, bad arguments -----------------------------------------------------------------


def test_help_explains_the_commands_and_the_data_folder(env):
    done = run(env, "--help")
    assert done.returncode == 0
    assert done.stderr == ""
    out = done.stdout
    for needle in (
        "checkin",
        "doctor",
        "--restore",
        "demo-data",
        "--data-dir",
        "--demo",
        "--version",
        "CHECKIN_DATA_DIR",
        "two partners",
    ):
        assert needle in out, needle


def test_doctor_help(env):
    done = run(env, "doctor", "--help")
    assert done.returncode == 0
    assert "--restore" in done.stdout and "backup" in done.stdout


def test_version(env):
    done = run(env, "--version")
    assert done.returncode == 0
    assert done.stdout.strip() == f"checkin {__version__}"


BAD_ARGS = [
    ["--bogus"],
    ["nosuchcommand"],
    ["doctor", "--bogus"],
    ["doctor", "extra"],
    ["--data-dir"],
    ["demo-data"],
    ["demo-data", "somewhere", "--check-ins", "many"],
    ["demo-data", "somewhere", "--check-ins", "-1"],
]


@pytest.mark.parametrize("args", BAD_ARGS, ids=" ".join)
def test_bad_arguments_give_one_line_and_a_non_zero_exit(capsys, args, tmp_path, monkeypatch):
    monkeypatch.setenv("CHECKIN_DATA_DIR", str(tmp_path / "default-data"))
    code = cli.main(args)
    out, err = capsys.readouterr()
    assert code != 0
    assert out == ""
    assert len(err.splitlines()) == 1 and err.startswith("checkin: ")
    assert "Traceback" not in err
    assert not (tmp_path / "default-data").exists()


def test_bad_arguments_in_a_real_process(env):
    line = one_line_error(run(env, "--nope"))
    assert "--nope" in line and "--help" in line


def test_demo_data_refuses_a_folder_that_is_not_empty(env, folder):
    before = snapshot(folder)
    line = one_line_error(run(env, "demo-data", str(folder)))
    assert str(folder) in line and "not empty" in line
    assert snapshot(folder) == before


# -- doctor ----------------------------------------------------------------------------------------


def test_doctor_on_healthy_data(env, folder):
    done = run(env, "doctor", "--data-dir", str(folder))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "All data files are fine" in done.stdout


def test_doctor_uses_the_environment_variable(env, folder):
    (folder / INDEX).write_bytes(b"[1,2")
    env["CHECKIN_DATA_DIR"] = str(folder)
    done = run(env, "doctor")
    assert done.returncode != 0
    assert INDEX in done.stdout


def test_doctor_with_no_data_yet(env, tmp_path):
    done = run(env, "doctor", "--data-dir", str(tmp_path / "none"))
    assert done.returncode == 0
    assert "nothing to check" in " ".join(done.stdout.split())  # rich may wrap a long path
    assert not (tmp_path / "none").exists()


@pytest.mark.parametrize("name", [MAIN, INDEX, HISTORY])
def test_doctor_names_a_damaged_file_and_restore_brings_back_the_newest_backup(env, folder, name):
    bad = (folder / name).read_bytes()[:-3]
    (folder / name).write_bytes(bad)
    newest = backup_sets(folder)[0] / name

    done = run(env, "doctor", "--data-dir", str(folder))
    assert done.returncode != 0
    assert name in done.stdout and "damaged" in done.stdout
    assert "Traceback" not in done.stdout + done.stderr
    assert (folder / name).read_bytes() == bad

    done = run(env, "doctor", "--restore", "--data-dir", str(folder))
    assert done.returncode == 0, done.stdout + done.stderr
    assert (folder / name).read_bytes() == newest.read_bytes()
    assert [p.read_bytes() for p in (folder / "damaged").iterdir()] == [bad]
    assert run(env, "doctor", "--data-dir", str(folder)).returncode == 0


def test_data_dir_before_the_command_is_used_by_doctor(env, folder):
    (folder / INDEX).write_bytes(b"[")
    done = run(env, "--data-dir", str(folder), "doctor")
    assert done.returncode != 0
    assert INDEX in done.stdout


# -- the lock ------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", [[], ["doctor", "--restore"]], ids=["app", "doctor-restore"])
def test_a_second_checkin_on_a_locked_folder_exits_with_one_clear_line(env, folder, command):
    before = snapshot(folder)
    with DataLock(folder):
        done = run(env, *command, "--data-dir", str(folder))
    line = one_line_error(done)
    assert ALREADY_OPEN in line
    assert snapshot(folder) == before


# -- damaged or newer data stops checkin before the UI starts ---------------------------------------


@pytest.mark.parametrize("name", DATA_FILES)
def test_a_damaged_data_file_stops_checkin_naming_the_file_and_keeping_a_copy(env, folder, name):
    bad = b"\x00\x00" + (folder / name).read_bytes()[2:]
    (folder / name).write_bytes(bad)
    before = snapshot(folder)

    done = run(env, "--data-dir", str(folder))

    line = one_line_error(done)
    assert str(folder / name) in line and "damaged" in line and "doctor" in line
    [kept] = list((folder / "damaged").iterdir())
    assert str(kept) in line
    assert kept.read_bytes() == bad
    assert snapshot(folder) == before
    assert done.stdout == "", "the UI never started"


def test_data_from_a_newer_checkin_stops_checkin(env, folder):
    (folder / CURRENT).write_bytes(b'{"meta":{"1":{"schema":99}},"draft":{}}')
    before = snapshot(folder)
    line = one_line_error(run(env, "--data-dir", str(folder)))
    assert str(folder / CURRENT) in line and "newer" in line
    assert snapshot(folder) == before


# -- unexpected errors ---------------------------------------------------------------------------


def _explode(*args, **kwargs):
    raise RuntimeError(" ".join(["something", "nobody", "expected"]))  # not in the source as one text


def test_an_unexpected_error_is_one_line_and_a_private_log(capsys, monkeypatch, tmp_path):
    import checkin.store.doctor as doctor

    monkeypatch.setenv("CHECKIN_DATA_DIR", str(tmp_path / "env-data"))
    monkeypatch.setattr(doctor, "run_doctor", _explode)
    code = cli.main(["doctor"])
    _, err = capsys.readouterr()
    assert code == 1
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    log = tmp_path / "env-data" / "crash.log"
    assert str(log) in err
    assert "RuntimeError (message left out" in log.read_text()
    assert "something nobody expected" not in log.read_text()  # a message can hold data
    assert oct(log.stat().st_mode & 0o777) == "0o600"


def test_the_crash_log_goes_to_the_data_dir_in_use(capsys, monkeypatch, tmp_path):
    import checkin.store.doctor as doctor

    monkeypatch.setenv("CHECKIN_DATA_DIR", str(tmp_path / "env-data"))
    monkeypatch.setattr(doctor, "run_doctor", _explode)
    cli.main(["doctor", "--data-dir", str(tmp_path / "mine")])
    capsys.readouterr()
    assert (tmp_path / "mine" / "crash.log").exists()
    assert not (tmp_path / "env-data").exists()


def test_data_dir_that_is_a_file_or_empty_gives_one_clear_line(env, tmp_path):
    a_file = tmp_path / "a-file"
    a_file.write_text("not a folder")
    done = run(env, "--data-dir", str(a_file), "doctor")
    assert done.returncode != 0
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert str(a_file) in done.stderr and "unexpected" not in done.stderr
    done = run(env, "--data-dir", "", "history")
    assert done.returncode != 0 and "--data-dir needs a folder" in done.stderr


def test_export_never_overwrites_without_force(env, tmp_path):
    from checkin.store.demo import write_demo

    write_demo(tmp_path / "d", 3, seed=2)
    target = tmp_path / "out.json"
    target.write_text("precious")
    done = run(env, "--data-dir", str(tmp_path / "d"), "export", "--format", "json", "-o", str(target))
    assert done.returncode != 0 and "already exists" in done.stderr
    assert target.read_text() == "precious"
    done = run(env, "--data-dir", str(tmp_path / "d"), "export", "--format", "json", "-o", str(target), "--force")
    assert done.returncode == 0 and target.read_text().startswith("{")


def test_the_collector_is_off_only_until_the_app_has_drawn_its_first_screen(monkeypatch, tmp_path):
    """Start-up turns Python's garbage collector off (it ran ~130 times before the first frame);
    a command other than the app turns it on at once, the app after its first frame, and it is
    on again whatever happens."""
    import gc

    seen: dict[str, bool] = {}

    def fake_doctor(folder, restore=None):
        seen["doctor"] = gc.isenabled()
        return 0

    def fake_app(folder, demo=False):
        seen["app"] = gc.isenabled()
        raise RuntimeError("the app failed")

    import checkin.store.doctor as doctor

    monkeypatch.setattr(doctor, "run_doctor", fake_doctor)
    monkeypatch.setattr(cli, "run_app", fake_app)
    monkeypatch.setenv("CHECKIN_DATA_DIR", str(tmp_path / "data"))
    assert cli.main(["doctor"]) == 0
    assert cli.main([]) == 1  # the failure is reported, never a traceback
    assert seen == {"doctor": True, "app": False}
    assert gc.isenabled()


async def test_the_app_turns_the_collector_on_after_its_first_frame(tmp_path):
    import gc

    from checkin.app import CheckinApp
    from checkin.store.repository import Repository

    repo = Repository(tmp_path / "data", FakeClock()).open()
    repo.save_first_run(Couple("Ana", "Bo"), Settings())
    app = CheckinApp(repo, FakeClock())
    gc.disable()  # as the checkin command leaves it
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert gc.isenabled()
    finally:
        gc.enable()
        repo.close()
