"""Private journals on disk (checkin.store.private) and the solo rules (checkin.core.solo)."""

from __future__ import annotations

import os
import stat

import pytest

from checkin.core.clock import FakeClock
from checkin.core.model import Couple
from checkin.core.solo import IDLE_LOCK_SECONDS, IdleLock, is_solo, people
from checkin.errors import Refusal
from checkin.store.private import PrivateJournal, export_sealed, import_sealed, journal_path, sealed_from_export
from checkin.store.vault import VaultDamaged, WrongSecret
from tests.kdf import FAST

SECRET = "quiet evening walk"
MARKER = "zebrafinch-4411"


def every_file_bytes(folder) -> bytes:
    out = b""
    for root, _dirs, files in os.walk(folder):
        for name in files:
            with open(os.path.join(root, name), "rb") as fh:
                out += fh.read()
    return out


def journal(folder, partner="a") -> PrivateJournal:
    return PrivateJournal(folder, partner, FAST)


def test_set_up_write_lock_unlock(tmp_path) -> None:
    j = journal(tmp_path)
    assert not j.exists
    code = j.set_up(SECRET, SECRET)
    assert j.exists and j.unlocked
    j.put({"id": "e1", "kind": "note", "text": f"I was tired {MARKER}"})
    assert MARKER.encode() not in every_file_bytes(tmp_path)
    assert code.replace("-", "").encode() not in every_file_bytes(tmp_path)
    j.lock()
    assert not j.unlocked
    with pytest.raises(Refusal, match="locked"):
        j.entries()
    again = journal(tmp_path)
    again.unlock(SECRET)
    assert again.entries() == [{"id": "e1", "kind": "note", "text": f"I was tired {MARKER}"}]


def test_files_and_folder_are_private_under_any_umask(tmp_path) -> None:
    old = os.umask(0)
    try:
        journal(tmp_path).set_up(SECRET)
    finally:
        os.umask(old)
    path = journal_path(tmp_path, "a")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert [p.name for p in path.parent.iterdir()] == ["a.bin"]  # no temp file left


def test_wrong_passphrase_changes_nothing(tmp_path) -> None:
    j = journal(tmp_path)
    j.set_up(SECRET)
    j.put({"id": "e1", "text": "hello"})
    before = j.path.read_bytes()
    other = journal(tmp_path)
    with pytest.raises(WrongSecret, match="Nothing was changed"):
        other.unlock("not my passphrase")
    assert not other.unlocked
    assert j.path.read_bytes() == before


def test_damaged_file_is_named_and_kept_untouched(tmp_path) -> None:
    j = journal(tmp_path)
    j.set_up(SECRET)
    raw = bytearray(j.path.read_bytes())
    raw[-3] ^= 0xFF
    j.path.write_bytes(bytes(raw))
    other = journal(tmp_path)
    with pytest.raises(VaultDamaged) as caught:
        other.unlock(SECRET)
    assert str(j.path) in str(caught.value)
    assert j.path.read_bytes() == bytes(raw)
    assert not other.unlocked


def test_the_two_partners_have_separate_journals(tmp_path) -> None:
    a, b = journal(tmp_path, "a"), journal(tmp_path, "b")
    a.set_up(SECRET)
    b.set_up("another passphrase")
    a.put({"id": "e1", "text": "mine"})
    with pytest.raises(WrongSecret):
        journal(tmp_path, "b").unlock(SECRET)
    reread = journal(tmp_path, "b")
    reread.unlock("another passphrase")
    assert reread.entries() == []


def test_passphrase_change_and_recovery(tmp_path) -> None:
    j = journal(tmp_path)
    code = j.set_up(SECRET)
    j.put({"id": "e1", "text": "kept"})
    with pytest.raises(WrongSecret):
        j.change_passphrase("wrong current one", "the next passphrase")
    j.change_passphrase(SECRET, "the next passphrase", "the next passphrase")
    with pytest.raises(WrongSecret):
        journal(tmp_path).unlock(SECRET)
    forgot = journal(tmp_path)
    forgot.unlock_with_recovery(code, "after forgetting", "after forgetting")
    assert forgot.entries() == [{"id": "e1", "text": "kept"}]
    fresh = journal(tmp_path)
    fresh.unlock("after forgetting")
    assert fresh.entries()[0]["text"] == "kept"


def test_set_up_twice_is_refused(tmp_path) -> None:
    j = journal(tmp_path)
    j.set_up(SECRET)
    with pytest.raises(Refusal, match="already set"):
        journal(tmp_path).set_up("something else entirely")


def test_put_replaces_by_id_and_next_id_is_free(tmp_path) -> None:
    j = journal(tmp_path)
    j.set_up(SECRET)
    j.put({"id": j.next_id(), "text": "one"})
    j.put({"id": "e1", "text": "one, edited"})
    j.put({"id": j.next_id(), "text": "two"})
    assert [(e["id"], e["text"]) for e in j.entries()] == [("e1", "one, edited"), ("e2", "two")]
    assert j.remove("e1") and not j.remove("e1")


def test_export_carries_sealed_bytes_and_import_keeps_them(tmp_path) -> None:
    src, dst = tmp_path / "src", tmp_path / "dst"
    j = journal(src)
    j.set_up(SECRET)
    for n in range(40):  # big enough to need several pieces
        j.put({"id": f"e{n}", "text": f"{MARKER} " + "words " * 100})
    sealed = export_sealed(src)
    assert set(sealed) == {"a"} and len(sealed["a"]) > 1 and all(len(p) <= 16_000 for p in sealed["a"])
    assert MARKER not in str(sealed)
    assert import_sealed(dst, sealed_from_export(sealed)) == (["a"], [])
    assert journal_path(dst, "a").read_bytes() == journal_path(src, "a").read_bytes()
    assert import_sealed(dst, sealed_from_export(sealed)) == ([], [])  # the same again: nothing to do
    back = journal(dst)
    back.unlock(SECRET)
    assert back.entries() == j.entries()


def test_import_refuses_what_is_not_sealed_and_never_overwrites(tmp_path) -> None:
    for bad in ({"a": ["bm90IHNlYWxlZA=="]}, {"c": ["x"]}, ["a"], {"a": "not a list"}, {"a": ["%%%"]}):
        with pytest.raises(Refusal, match="nothing was changed"):
            sealed_from_export(bad)
    assert sealed_from_export(None) == {}
    mine = journal(tmp_path)
    mine.set_up(SECRET)
    theirs_dir = tmp_path / "other"
    other = journal(theirs_dir)
    other.set_up("different passphrase")
    assert import_sealed(tmp_path, sealed_from_export(export_sealed(theirs_dir))) == ([], ["a"])
    journal(tmp_path).unlock(SECRET)  # still mine


def test_idle_lock_after_ten_minutes_without_a_key() -> None:
    clock = FakeClock()
    idle = IdleLock(clock)
    assert IDLE_LOCK_SECONDS == 600
    clock.advance(599)
    assert not idle.due()
    idle.touch()
    clock.advance(599)
    assert not idle.due() and idle.remaining() == pytest.approx(1)
    clock.advance(1)
    assert idle.due()
    clock.jump_wall(-3600)  # a wall-clock change does not matter
    assert idle.due()


def test_what_solo_means() -> None:
    assert is_solo(Couple("Ana", ""))
    assert not is_solo(Couple("Ana", "Ben"))
    assert not is_solo(None)
    assert people(Couple("Ana", "")) == ["a"]
    assert people(Couple("Ana", "Ben")) == ["a", "b"]


def test_the_bridge_brings_each_note_once_and_hands_it_over_once() -> None:
    from checkin.core.solo import bring, brought_for_block, brought_words, take_waiting, waiting_items

    chosen = [{"id": "n1", "text": "you made tea", "kind": "appreciation"},
              {"id": "n2", "text": "I feel rushed about Sundays", "kind": "topic"}]
    section = bring({}, "b", chosen, "2026-11-20T10:00:00+00:00")
    section = bring(section, "b", chosen[:1], "2026-11-21T10:00:00+00:00")  # chosen again: still once
    assert [i["note"] for i in section["items"]] == ["n1", "n2"]
    assert len(waiting_items(section, "topic")) == 1
    taken, after = take_waiting(section)
    assert [i["text"] for i in taken] == ["you made tea", "I feel rushed about Sundays"]
    assert waiting_items(after) == [] and take_waiting(after)[0] == []
    record = {"brought": taken}
    assert [i["text"] for i in brought_for_block(record, "appreciations", "turns")] == ["you made tea"]
    assert [i["text"] for i in brought_for_block(record, "one-issue", "floor")] == ["I feel rushed about Sundays"]
    assert brought_for_block(record, "went-right", "together") == []
    assert brought_words(taken[:1], {"a": "Ana", "b": "Bo"}) == "Brought by Bo: you made tea"


def test_pair_problem_lets_one_person_leave_the_second_name_empty() -> None:
    from checkin.core.solo import pair_problem

    assert pair_problem("Ana", "", Couple("Ana", "")) is None
    assert pair_problem("Ana", "", Couple("Ana", "Bo")) == "Please enter a name."
    assert pair_problem("Ana", "Bo", Couple("Ana", "")) is None
    assert pair_problem("", "", Couple("Ana", "")) == "Please enter a name."
