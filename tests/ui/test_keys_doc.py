"""The README's key table is made from the bindings: a test fails when it is stale."""

from __future__ import annotations

import dataclasses
import subprocess
import sys

from checkin import keys_doc
from checkin.screens.history import HistoryScreen


def test_the_readme_key_table_is_the_one_the_bindings_make():
    text = keys_doc.README.read_text(encoding="utf-8")
    assert keys_doc.readme_block(text) == keys_doc.block(), "run: python -m checkin.keys_doc --write"


def test_every_described_binding_is_in_the_table_with_its_id_and_keys():
    table = keys_doc.table()
    for binding in HistoryScreen.BINDINGS:
        line = next(line for line in table.splitlines() if f"`{binding.id}`" in line)
        assert binding.description in line
    assert "| `/` | Filter: Filter by words in notes and topics | `history.filter` |" in table
    assert "| everywhere | `ctrl+q` | Quit" in table


def test_a_changed_binding_makes_the_table_stale_and_write_refreshes_it(tmp_path, monkeypatch):
    readme = tmp_path / "README.md"
    readme.write_text(f"# x\n\nbefore\n\n{keys_doc.block()}\n\nafter\n", encoding="utf-8")
    assert keys_doc.write(readme) is False
    changed = [dataclasses.replace(b, key="ctrl+t") if b.id == "history.trends" else b for b in HistoryScreen.BINDINGS]
    monkeypatch.setattr(HistoryScreen, "BINDINGS", changed)
    assert keys_doc.readme_block(readme.read_text()) != keys_doc.block()
    assert keys_doc.write(readme) is True
    text = readme.read_text()
    assert "| `ctrl+t` | Trends" in text and text.startswith("# x\n\nbefore\n") and text.endswith("\nafter\n")


def test_the_command_line_check():
    done = subprocess.run([sys.executable, "-m", "checkin.keys_doc", "--check"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    done = subprocess.run([sys.executable, "-m", "checkin.keys_doc"], capture_output=True, text=True)
    assert done.stdout.startswith("| where | key | what |")
