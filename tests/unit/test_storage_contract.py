"""The TinyDB behaviour checkin relies on, run against AtomicJSONStorage, and each declared
difference from TinyDB's JSONStorage (listed in checkin/store/atomic.py's docstring)."""

from __future__ import annotations

import copy
import json
import os
import stat

import pytest
from tinydb import Query, TinyDB
from tinydb.storages import JSONStorage
from tinydb.table import Document

from checkin.errors import DamagedFileError, RefusedWriteError
from checkin.store.atomic import AtomicJSONStorage, read_json_file
from checkin.store.repository import Repository


@pytest.fixture(params=["tinydb", "atomic"])
def make_db(request, tmp_path):
    """The same test against TinyDB's own storage and ours: the contract is TinyDB's."""
    opened = []

    def make(name="db.json", **kwargs):
        storage = JSONStorage if request.param == "tinydb" else AtomicJSONStorage
        db = TinyDB(tmp_path / name, storage=storage, **kwargs)
        opened.append(db)
        return db

    yield make
    for db in opened:
        db.close()


# -- TinyDB's behaviour ---------------------------------------------------------------------


def test_insert_get_all_and_ids(make_db):
    db = make_db()
    assert db.insert({"n": 1}) == 1
    assert db.insert_multiple([{"n": 2}, {"n": 3}]) == [2, 3]
    assert db.insert(Document({"n": 9}, doc_id=9)) == 9
    assert [d["n"] for d in db.all()] == [1, 2, 3, 9]
    assert db.get(doc_id=2) == {"n": 2}
    assert db.get(Query().n == 3).doc_id == 3
    assert len(db) == 4


def test_update_remove_upsert_and_truncate(make_db):
    db = make_db()
    db.insert_multiple([{"n": 1, "tag": "x"}, {"n": 2, "tag": "y"}])
    assert db.update({"tag": "z"}, Query().n == 1) == [1]
    db.update(lambda doc: doc.pop("tag"), doc_ids=[2])
    assert db.all() == [{"n": 1, "tag": "z"}, {"n": 2}]
    assert db.upsert({"n": 2, "new": True}, Query().n == 2) == [2]
    assert db.upsert({"n": 5}, Query().n == 5) == [3]
    assert db.remove(Query().n == 1) == [1]
    assert [d.doc_id for d in db.all()] == [2, 3]
    db.truncate()
    assert db.all() == []


def test_tables_and_drop_tables(make_db):
    db = make_db()
    db.table("a").insert({"x": 1})
    db.table("b").insert({"y": 2})
    assert db.tables() == {"a", "b"}
    db.drop_table("a")
    assert db.tables() == {"b"}
    db.drop_tables()
    assert db.tables() == set()
    assert db.table("b").all() == []


def test_context_manager_and_reopen_keep_everything_with_unicode(make_db):
    text = "Tomás 💬 ünïcode «quotes» 日本"
    with make_db() as db:
        db.table("notes").insert({"text": text, "nested": {"list": [1, {"k": text}]}})
    again = make_db()
    assert again.table("notes").all() == [{"text": text, "nested": {"list": [1, {"k": text}]}}]


def test_inserted_documents_do_not_share_objects_with_the_caller(make_db):
    db = make_db()
    doc = {"events": [{"type": "start"}]}
    db.insert(doc)
    doc["events"].append({"type": "late"})
    assert db.all() == [{"events": [{"type": "start"}]}]


# -- each declared difference, and the options ----------------------------------------------


def test_difference_damage_is_refused_not_read_as_empty(tmp_path):
    path = tmp_path / "db.json"
    path.write_bytes(b'{"_default": {"1": {"n": 1}')  # cut short
    with pytest.raises(DamagedFileError) as err:
        TinyDB(path, storage=AtomicJSONStorage).all()
    assert str(path) in str(err.value)
    assert path.read_bytes() == b'{"_default": {"1": {"n": 1}'  # never written over


def test_difference_a_zero_byte_file_is_damage_not_a_new_database(tmp_path):
    """What a plain ``TinyDB(path).close()`` leaves: TinyDB reads it as empty, we never
    write one, so it means a lost write; doctor --restore deals with it."""
    path = tmp_path / "db.json"
    TinyDB(path).close()
    assert path.read_bytes() == b""
    with pytest.raises(DamagedFileError, match="the file is empty"):
        TinyDB(path, storage=AtomicJSONStorage).all()


def test_difference_writes_are_refused_when_reading_would_refuse_them(tmp_path):
    path = tmp_path / "db.json"
    storage = AtomicJSONStorage(path)
    storage.write({"t": {"1": {"ok": True}}})
    before = path.read_bytes()
    for bad in ({"t": {"x": {}}}, {"t": []}, {"t": {"1": 5}}, []):
        with pytest.raises(RefusedWriteError):
            storage.write(bad)  # type: ignore[arg-type]
        assert path.read_bytes() == before
    assert read_json_file(path) == {"t": {"1": {"ok": True}}}


def test_difference_data_files_are_checked_for_field_types_on_write(tmp_path):
    path = tmp_path / "index.json"
    db = TinyDB(path, storage=AtomicJSONStorage)
    with pytest.raises(RefusedWriteError, match="started_at"):
        db.table("summaries").insert({"id": "x", "started_at": 5})
    assert not path.exists()


def test_difference_cached_under_the_lock_until_closed(tmp_path):
    path = tmp_path / "db.json"
    db = TinyDB(path, storage=AtomicJSONStorage)
    db.insert({"n": 1})
    path.write_text(json.dumps({"_default": {"1": {"n": 2}}}))
    assert db.all() == [{"n": 1}]  # a second writer is kept out by the data folder's lock
    db.close()
    assert TinyDB(path, storage=AtomicJSONStorage).all() == [{"n": 2}]


def test_difference_nothing_returned_shares_objects_with_the_cache(tmp_path):
    path = tmp_path / "db.json"
    db = TinyDB(path, storage=AtomicJSONStorage)
    db.insert({"events": [{"type": "start"}], "notes": {"a": "kept"}})
    doc = db.get(doc_id=1)
    doc["top"] = "only in this copy"
    with pytest.raises(TypeError):
        doc["events"].append({"type": "sneaky"})
    with pytest.raises(TypeError):
        doc["notes"]["a"] = "changed"
    with pytest.raises(TypeError):
        db.storage.read()["_default"]["1"]["events"][0]["type"] = "changed"
    plain = copy.deepcopy(doc)
    plain["events"].append({"type": "mine"})  # a deep copy is plain and changeable
    assert type(plain["events"]) is list and type(plain["notes"]) is dict
    db.insert({"other": 1})  # an unrelated write
    assert read_json_file(path)["_default"]["1"] == {"events": [{"type": "start"}], "notes": {"a": "kept"}}
    assert json.dumps(doc["events"]) == '[{"type": "start"}]'


def test_difference_lone_surrogates_become_replacement_characters(tmp_path):
    path = tmp_path / "db.json"
    db = TinyDB(path, storage=AtomicJSONStorage)
    db.insert({"note": "half \ud800 a pair", "\udfff key": "ok", "pair": "\ud83d\ude00"})
    expected = {"note": "half \ufffd a pair", "\ufffd key": "ok", "pair": "😀"}
    assert db.all() == [expected]
    path.read_bytes().decode("utf-8")  # valid UTF-8 on disk
    assert TinyDB(path, storage=AtomicJSONStorage).all() == [expected]


def test_difference_lone_surrogate_escapes_in_a_file_are_made_valid_on_read(tmp_path):
    path = tmp_path / "db.json"
    path.write_text('{"_default": {"1": {"note": "\\ud800"}}}')
    db = TinyDB(path, storage=AtomicJSONStorage)
    assert db.all() == [{"note": "\ufffd"}]
    db.insert({"n": 2})  # and it can be written back
    assert read_json_file(path)["_default"]["1"] == {"note": "\ufffd"}


def test_difference_the_file_is_created_at_the_first_write(tmp_path):
    path = tmp_path / "db.json"
    db = TinyDB(path, storage=AtomicJSONStorage)
    assert db.all() == [] and not path.exists()
    db.insert({"n": 1})
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_difference_a_symlinked_file_is_followed_and_stays_a_link(tmp_path):
    real = tmp_path / "elsewhere" / "db.json"
    real.parent.mkdir()
    TinyDB(real, storage=AtomicJSONStorage).insert({"n": 1})
    link = tmp_path / "db.json"
    link.symlink_to(real)
    db = TinyDB(link, storage=AtomicJSONStorage)
    db.insert({"n": 2})
    assert link.is_symlink()
    assert read_json_file(real) == {"_default": {"1": {"n": 1}, "2": {"n": 2}}}


def test_difference_deep_nesting_is_damage_and_refused_on_write(tmp_path):
    path = tmp_path / "db.json"
    path.write_text('{"t": {"1": {"x": ' + "[" * 100_000 + "]" * 100_000 + "}}}")
    with pytest.raises(DamagedFileError, match="nested more than"):
        TinyDB(path, storage=AtomicJSONStorage).all()
    other = TinyDB(tmp_path / "other.json", storage=AtomicJSONStorage)
    deep: list = []
    for _ in range(200):
        deep = [deep]
    with pytest.raises(RefusedWriteError, match="nested more than"):
        other.insert({"x": deep})
    assert not (tmp_path / "other.json").exists()


def test_option_read_only_access_mode_refuses_writes_like_tinydb(tmp_path):
    path = tmp_path / "db.json"
    TinyDB(path, storage=AtomicJSONStorage).insert({"n": 1})
    before = path.read_bytes()
    for storage in (JSONStorage, AtomicJSONStorage):
        db = TinyDB(path, storage=storage, access_mode="r")
        assert db.all() == [{"n": 1}]
        with pytest.raises(OSError, match="Access mode"):
            db.insert({"n": 2})
        db.close()
    assert path.read_bytes() == before


def test_option_read_only_reads_a_missing_file_as_empty_and_creates_nothing(tmp_path):
    db = TinyDB(tmp_path / "db.json", storage=AtomicJSONStorage, access_mode="r")
    assert db.all() == []
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("mode", ["w", "a", "w+", "x"])
def test_option_data_losing_access_modes_are_refused(tmp_path, mode):
    with pytest.raises(ValueError, match="access_mode"):
        AtomicJSONStorage(tmp_path / "db.json", access_mode=mode)


def test_option_create_dirs_creates_private_folders(tmp_path):
    path = tmp_path / "a" / "b" / "db.json"
    TinyDB(path, storage=AtomicJSONStorage, create_dirs=True).insert({"n": 1})
    assert stat.S_IMODE((tmp_path / "a").stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "a" / "b").stat().st_mode) == 0o700


def test_option_a_missing_folder_fails_at_open_naming_the_real_path(tmp_path):
    path = tmp_path / "missing" / "db.json"
    with pytest.raises(FileNotFoundError) as err:
        TinyDB(path, storage=AtomicJSONStorage)
    assert err.value.filename == str(path)
    assert "checkin-tmp" not in str(err.value)


def test_option_encoding_is_utf8_or_refused(tmp_path):
    TinyDB(tmp_path / "a.json", storage=AtomicJSONStorage, encoding="UTF8").insert({"t": "é"})
    assert (tmp_path / "a.json").read_bytes().decode("utf-8")
    with pytest.raises(ValueError, match="encoding"):
        AtomicJSONStorage(tmp_path / "b.json", encoding="latin-1")


def test_option_json_dumps_options_are_honoured(tmp_path):
    path = tmp_path / "db.json"
    TinyDB(path, storage=AtomicJSONStorage, indent=2, sort_keys=True).insert({"b": 1, "a": 2})
    text = path.read_text()
    assert '\n  "_default"' in text and text.index('"a"') < text.index('"b"')
    dated = tmp_path / "d.json"
    db = TinyDB(dated, storage=AtomicJSONStorage, default=lambda v: sorted(v))
    db.insert({"s": {3, 1, 2}})
    assert db.all() == [{"s": [1, 2, 3]}]  # what is cached is what was written
    assert read_json_file(dated) == {"_default": {"1": {"s": [1, 2, 3]}}}


def test_option_an_unknown_option_is_refused_at_open(tmp_path):
    with pytest.raises(TypeError, match="unsupported option"):
        AtomicJSONStorage(tmp_path / "db.json", no_such_option=True)


# -- the repository hands out nothing shared either --------------------------------------------


def _record(rid: str) -> dict:
    return {
        "id": rid,
        "started_at": "2026-01-04T19:00:00+00:00",
        "ended_at": "2026-01-04T19:40:00+00:00",
        "status": "completed",
        "events": [{"type": "start", "at": "2026-01-04T19:00:00+00:00"}],
        "summary": {"ratings_after": {"a": {"mood": 4}}, "actions": [{"text": "walk"}]},
    }


def test_mutating_summaries_and_map_checkins_results_changes_nothing_on_disk(data_dir, clock):
    repo = Repository(data_dir, clock).open()
    repo.bulk_import([_record("one")])
    before = {n: (data_dir / n).read_bytes() for n in ("index.json", "history.json")}
    row = repo.summaries()[0]
    row["status"] = "changed"
    with pytest.raises(TypeError):
        row["ratings_after"]["a"]["mood"] = 1
    with pytest.raises(TypeError):
        row["actions"].append({"text": "sneaky"})

    def meddle(doc):
        doc["status"] = "changed"
        with pytest.raises(TypeError):
            doc["events"].append({"type": "sneaky"})
        return doc["id"]

    assert repo.map_checkins(meddle) == ["one"]
    repo.save_current({"id": "d", "status": "in_progress"})  # unrelated writes
    repo.bulk_import([_record("two")])
    repo.close()
    again = Repository(data_dir, clock).open()
    assert [r["status"] for r in again.summaries()] == ["completed", "completed"]
    assert again.checkin("one") == _record("one") | {"summary": _record("one")["summary"]}
    assert before  # read before the changes above
    again.close()


def test_repository_copies_from_checkin_are_plain_and_changeable(data_dir, clock):
    repo = Repository(data_dir, clock).open()
    repo.bulk_import([_record("one")])
    full = repo.checkin("one")
    full["events"].append({"type": "mine"})
    assert len(repo.checkin("one")["events"]) == 1
    repo.close()


def test_files_stay_private_after_every_write(tmp_path):
    path = tmp_path / "db.json"
    db = TinyDB(path, storage=AtomicJSONStorage)
    db.insert({"n": 1})
    os.chmod(path, 0o644)
    db.insert({"n": 2})
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
