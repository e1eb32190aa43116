"""Schema versions: older data is upgraded (a copy kept), newer data is refused untouched."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from checkin.core.clock import FakeClock
from checkin.errors import NewerDataError
from checkin.store import migrations
from checkin.store.atomic import read_json_file
from checkin.store.repository import CURRENT, DATA_FILES, HISTORY, INDEX, MAIN, Repository

V0_MAIN = {
    "couple": {"1": {"name_a": "Ana", "name_b": "Bo", "nickname": "A&B"}},
    "settings": {"1": {"weekday": 4, "time": "18:30", "from_the_future": [1, 2]}},
    "hobbies": {"1": {"liked": ["walks"]}},
    "a_table_we_do_not_know": {"7": {"keep": "me"}},
}


def write(path: Path, data) -> bytes:
    raw = json.dumps(data, ensure_ascii=False).encode()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(raw)
    return raw


def before_upgrade(folder: Path) -> list[Path]:
    where = folder / "backups" / "before-upgrade"
    return sorted(where.iterdir()) if where.is_dir() else []


def test_current_version_is_stamped_on_new_files(data_dir, clock):
    repo = Repository(data_dir, clock).open()
    repo.save_current({"id": "d"})
    repo.save_section("hobbies", {})
    repo.finish_into_history({"id": "c", "status": "completed"}, {})
    repo.close()
    for name in (MAIN, CURRENT, INDEX, HISTORY):
        assert read_json_file(data_dir / name)["meta"] == {"1": {"schema": migrations.CURRENT}}, name
    assert before_upgrade(data_dir) == []


def test_a_v0_file_is_upgraded_keeping_everything_and_a_copy(data_dir, clock):
    raw = write(data_dir / MAIN, V0_MAIN)
    repo = Repository(data_dir, clock).open()
    couple = repo.couple()
    assert (couple.name_a, couple.extra) == ("Ana", {"nickname": "A&B"})
    assert repo.settings().weekday == 4
    assert repo.settings().extra == {"from_the_future": [1, 2]}
    assert repo.section("hobbies") == {"liked": ["walks"]}
    repo.close()

    upgraded = read_json_file(data_dir / MAIN)
    assert upgraded["meta"] == {"1": {"schema": migrations.CURRENT}}
    assert {k: v for k, v in upgraded.items() if k != "meta"} == V0_MAIN
    [copy] = before_upgrade(data_dir)
    assert copy.name.startswith("checkin.v0.")
    assert copy.read_bytes() == raw

    # Opening again does not upgrade (or copy) again.
    Repository(data_dir, clock).open().close()
    assert len(before_upgrade(data_dir)) == 1


def test_a_v0_history_is_upgraded_when_it_is_read(data_dir, clock):
    old = {"checkins": {"1": {"id": "c1", "old_field": "kept", "status": "completed"}}}
    raw = write(data_dir / HISTORY, old)
    repo = Repository(data_dir, clock).open()
    assert repo.checkin("c1") == {"id": "c1", "old_field": "kept", "status": "completed"}
    repo.close()
    assert read_json_file(data_dir / HISTORY)["meta"]["1"]["schema"] == migrations.CURRENT
    [copy] = before_upgrade(data_dir)
    assert copy.name.startswith("history.v0.") and copy.read_bytes() == raw


@pytest.mark.parametrize("name", DATA_FILES)
def test_data_from_a_newer_checkin_is_refused_and_untouched(data_dir, clock, name):
    newer = {"meta": {"1": {"schema": migrations.CURRENT + 1}}, "things": {"1": {"x": "y"}}}
    raw = write(data_dir / name, newer)
    with pytest.raises(NewerDataError) as caught:
        repo = Repository(data_dir, clock).open()
        try:
            repo.load_history_file()
        finally:
            repo.close()
    assert str(data_dir / name) in str(caught.value)
    assert "newer checkin" in str(caught.value)
    assert caught.value.path == data_dir / name
    assert (data_dir / name).read_bytes() == raw
    assert not (data_dir / "damaged").exists()
    assert before_upgrade(data_dir) == []


def test_version_of():
    assert migrations.version_of(None) == 0
    assert migrations.version_of({}) == 0
    assert migrations.version_of({"meta": {"1": {"schema": 3}}}) == 3
    assert migrations.version_of({"meta": {"1": {"schema": "3"}}}) == 0
    assert migrations.version_of({"meta": {"2": {"schema": 3}}}) == 0


def test_every_version_below_current_has_a_step():
    assert sorted(migrations.MIGRATIONS) == list(range(migrations.CURRENT))


# -- a synthetic second version ----------------------------------------------------------------


@pytest.fixture
def v2(monkeypatch):
    """Pretend schema 2 exists: step 1 -> 2 renames settings.time to settings.at."""
    calls: list[tuple[int, list[str]]] = []
    real_step0 = migrations.MIGRATIONS[0]

    def step0(data):
        calls.append((0, sorted(data)))
        return real_step0(data)

    def step1(data):
        calls.append((1, sorted(data)))
        for doc in data.get("settings", {}).values():
            if "time" in doc:
                doc["at"] = doc.pop("time")
        data.setdefault("added_by_v2", {})["1"] = {"ok": True}
        return data

    monkeypatch.setattr(migrations, "CURRENT", 2)
    monkeypatch.setitem(migrations.MIGRATIONS, 0, step0)
    monkeypatch.setitem(migrations.MIGRATIONS, 1, step1)
    return calls


def test_steps_run_in_order_from_the_files_version(data_dir, v2):
    write(data_dir / MAIN, V0_MAIN)
    write(
        data_dir / CURRENT,
        {
            "meta": {"1": {"schema": 1, "note": "meta fields are kept"}},
            "draft": {"1": {"id": "d", "unknown": {"deep": [1]}}},
        },
    )
    repo = Repository(data_dir, FakeClock()).open()
    repo.close()
    assert v2 == [
        (0, sorted(V0_MAIN)),
        (1, sorted(V0_MAIN)),
        (1, ["draft", "meta"]),
    ]
    main = read_json_file(data_dir / MAIN)
    assert main["meta"] == {"1": {"schema": 2}}
    assert main["settings"]["1"] == {"weekday": 4, "at": "18:30", "from_the_future": [1, 2]}
    assert main["a_table_we_do_not_know"] == {"7": {"keep": "me"}}
    assert main["couple"] == V0_MAIN["couple"]
    assert main["added_by_v2"] == {"1": {"ok": True}}
    draft = read_json_file(data_dir / CURRENT)
    assert draft["meta"] == {"1": {"schema": 2, "note": "meta fields are kept"}}
    assert draft["draft"]["1"] == {"id": "d", "unknown": {"deep": [1]}}
    names = [p.name for p in before_upgrade(data_dir)]
    assert len(names) == 2
    assert any(n.startswith("checkin.v0.") for n in names)
    assert any(n.startswith("current.v1.") for n in names)


def test_a_failing_step_leaves_the_file_untouched(data_dir, monkeypatch):
    raw = write(data_dir / MAIN, {"meta": {"1": {"schema": 1}}, **V0_MAIN})

    def broken(data):
        data["settings"] = "half-done"
        raise RuntimeError("bug in a migration")

    monkeypatch.setattr(migrations, "CURRENT", 2)
    monkeypatch.setitem(migrations.MIGRATIONS, 1, broken)
    with pytest.raises(RuntimeError):
        Repository(data_dir, FakeClock()).open()
    assert (data_dir / MAIN).read_bytes() == raw
    [copy] = before_upgrade(data_dir)
    assert copy.read_bytes() == raw


def test_the_schema_is_seen_at_either_end_of_a_big_file_and_never_in_a_note(tmp_path):
    import json

    from checkin.store.repository import schema_at_a_glance

    rows = {str(n): {"note": "x" * 200} for n in range(1, 1000)}  # well past the 64 KB glance
    at_end = tmp_path / "end.json"
    at_end.write_text(json.dumps({"summaries": rows, "meta": {"1": {"schema": 7}}}))
    at_start = tmp_path / "start.json"
    at_start.write_text(json.dumps({"meta": {"1": {"schema": 8}}, "summaries": rows}))
    in_a_note = tmp_path / "note.json"
    fake = '"meta":{"1":{"schema":99}}'
    in_a_note.write_text(json.dumps({"summaries": {**rows, "1000": {"note": fake}}}))
    assert at_end.stat().st_size > 65536 and at_start.stat().st_size > 65536
    assert schema_at_a_glance(at_end) == 7
    assert schema_at_a_glance(at_start) == 8
    assert schema_at_a_glance(in_a_note) == 0
    assert schema_at_a_glance(tmp_path / "missing.json") == 0
