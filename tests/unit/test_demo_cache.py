"""`checkin --demo` copies today's sample data from the cache, made there once a day."""

from __future__ import annotations

import datetime as dt
import json

from checkin import cli
from checkin.store import demo_cache
from checkin.store.demo_cache import demo_key, fill_demo_folder
from checkin.store.derived import read_derived
from checkin.store.repository import Repository

TODAY = dt.date(2026, 11, 26)


def contents(folder) -> dict:
    repo = Repository(folder).open()
    try:
        rows = repo.summaries()
        return {
            "couple": repo.couple(),
            "started": sorted(r["started_at"] for r in rows),
            "texts": sorted(repo.search_texts().values()),
            "stamps": repo.started_stamps(),
        }
    finally:
        repo.close()


def test_the_first_demo_of_the_day_fills_the_cache_and_the_next_copies_it(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    (tmp_path / "one").mkdir()
    fill_demo_folder(tmp_path / "one", cache, TODAY)
    made = cache / demo_key(TODAY)
    assert (made / "history.json").is_file()
    stamp = (made / "history.json").stat().st_mtime_ns

    def no_making(*_args, **_kwargs):  # the second demo must not make its data again
        raise AssertionError("made again")

    (tmp_path / "two").mkdir()
    monkeypatch.setattr(demo_cache, "_write", no_making)
    fill_demo_folder(tmp_path / "two", cache, TODAY)
    assert (made / "history.json").stat().st_mtime_ns == stamp
    assert contents(tmp_path / "two") == contents(tmp_path / "one")
    assert 40 < len(contents(tmp_path / "two")["started"]) < 52  # 52 weeks, a few skipped


def test_a_copy_is_private_and_its_derived_files_stay_fresh(tmp_path):
    cache = tmp_path / "cache"
    (tmp_path / "warm").mkdir()
    fill_demo_folder(tmp_path / "warm", cache, TODAY)
    copy = tmp_path / "copy"
    copy.mkdir()
    fill_demo_folder(copy, cache, TODAY)
    for path in copy.iterdir():
        assert path.stat().st_mode & 0o777 == 0o600, path.name
    # a copy is a new inode: without restamping, start-up would remake home-dates.json
    assert read_derived(copy / "home-dates.json", copy / "index.json") is not None
    assert read_derived(copy / "search.json", copy / "history.json") is not None
    # writing in the copy never touches the cache
    before = {p.name: p.read_bytes() for p in (cache / demo_key(TODAY)).iterdir()}
    repo = Repository(copy).open()
    repo.delete_checkin(repo.summaries()[0]["id"])
    repo.close()
    assert {p.name: p.read_bytes() for p in (cache / demo_key(TODAY)).iterdir()} == before


def test_another_week_makes_a_new_demo_and_drops_the_old_one(tmp_path):
    cache = tmp_path / "cache"
    (tmp_path / "a").mkdir()
    fill_demo_folder(tmp_path / "a", cache, TODAY)
    (tmp_path / "b").mkdir()
    fill_demo_folder(tmp_path / "b", cache, TODAY + dt.timedelta(days=7))
    assert [p.name for p in cache.iterdir()] == [demo_key(TODAY + dt.timedelta(days=7))]
    last = lambda folder: max(contents(folder)["started"])  # noqa: E731
    assert last(tmp_path / "b") > last(tmp_path / "a")


def test_changed_code_changes_the_key(tmp_path, monkeypatch):
    package = tmp_path / "checkin"
    (package / "core").mkdir(parents=True)
    (package / "core" / "demo.py").write_text("A = 1\n")
    monkeypatch.setattr(demo_cache, "_PACKAGE", package)
    before = demo_key(TODAY)
    assert demo_key(TODAY) == before
    (package / "core" / "demo.py").write_text("A = 22\n")
    assert demo_key(TODAY) != before


def test_a_cache_that_cannot_be_made_makes_the_demo_in_place(tmp_path):
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    folder = tmp_path / "demo"
    folder.mkdir()
    fill_demo_folder(folder, not_a_folder / "demo", TODAY)
    assert 40 < len(contents(folder)["started"]) < 52
    assert json.loads((folder / "checkin.json").read_text())


def test_checkin_demo_uses_the_cache_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    seen = {}

    def fake_run_app(folder, *, demo=False):
        seen["count"] = len(contents(folder)["started"])
        return 0

    monkeypatch.setattr(cli, "run_app", fake_run_app)
    assert cli.main(["--demo"]) == 0
    assert cli.main(["--demo"]) == 0
    assert 40 < seen["count"] < 52
    assert len(list((tmp_path / "xdg" / "checkin" / "demo").iterdir())) == 1
