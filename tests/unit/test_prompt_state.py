"""The deck state on disk: atomic, private, damage named and kept, newer files never written over."""

from __future__ import annotations

import json
import stat

from checkin.core.deck import DeckState
from checkin.store.prompt_state import STATE_FILE, PromptStateStore


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_round_trip_private_and_without_temp_files(tmp_path):
    store = PromptStateStore(tmp_path)
    assert store.load() == DeckState() and store.problem is None
    state = DeckState(seen={"a": ["a:1", "a:2"]}, favourites=["a:2"], hidden=["b:1"], rounds={"a": 1})
    store.save(state)
    assert mode(tmp_path / STATE_FILE) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == [STATE_FILE]
    again = PromptStateStore(tmp_path).load()
    assert again == state


def test_private_whatever_the_umask(tmp_path):
    import os

    old = os.umask(0)
    try:
        PromptStateStore(tmp_path).save(DeckState(hidden=["x"]))
    finally:
        os.umask(old)
    assert mode(tmp_path / STATE_FILE) == 0o600


def test_a_damaged_file_is_copied_named_and_the_deck_starts_afresh(tmp_path):
    path = tmp_path / STATE_FILE
    path.write_bytes(b'{"seen": {"a": ["a:1"]')  # cut short
    store = PromptStateStore(tmp_path)
    assert store.load() == DeckState()
    assert STATE_FILE in store.problem and "damaged" in store.problem
    copies = list((tmp_path / "damaged").iterdir())
    assert len(copies) == 1 and copies[0].read_bytes() == b'{"seen": {"a": ["a:1"]'
    store.save(DeckState(hidden=["x"]))  # saving works again afterwards
    assert json.loads(path.read_text())["hidden"] == ["x"]


def test_a_newer_file_is_read_but_never_written_over(tmp_path):
    path = tmp_path / STATE_FILE
    original = json.dumps({"version": 99, "hidden": ["x"], "future": True})
    path.write_text(original)
    store = PromptStateStore(tmp_path)
    assert store.load().hidden == ["x"]
    assert "newer checkin" in store.problem
    store.save(DeckState())
    assert path.read_text() == original


def test_the_file_holds_only_ids(tmp_path):
    PromptStateStore(tmp_path).save(DeckState(seen={"love-map": ["love-map:abc"]}))
    data = json.loads((tmp_path / STATE_FILE).read_text())
    assert set(data) == {"version", "seen", "favourites", "hidden", "rounds"}
