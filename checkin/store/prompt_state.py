"""The couple's deck state on disk: which cards they have seen, liked and hidden.

One small private file, ``prompt-state.json`` in the data folder, replaced atomically on every
change (temp file 0600, fsync, rename, fsync the folder: see :mod:`checkin.store.atomic`). It holds
only prompt ids, never anything a couple wrote. A damaged file is copied into ``damaged/`` and
named; the deck then starts afresh rather than stopping anything. A file from a newer checkin is
read but never written over.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..core.deck import STATE_VERSION, DeckState
from .atomic import atomic_write_bytes, dumps, keep_copy, parse_json_bytes
from .frozen import thaw

STATE_FILE = "prompt-state.json"


def _shape(tree: Any) -> str | None:
    if not isinstance(tree, dict):
        return "expected a JSON object at the top"
    version = tree.get("version", STATE_VERSION)
    if isinstance(version, bool) or not isinstance(version, int):
        return "version must be a whole number"
    return None


class PromptStateStore:
    """Load and save a :class:`DeckState` in ``folder`` (the data folder, passed in)."""

    def __init__(self, folder: Path, *, read_only: bool = False) -> None:
        self.path = Path(folder) / STATE_FILE
        self.read_only = read_only
        self.problem: str | None = None  # why the last load started afresh or saves are off

    def load(self) -> DeckState:
        """The stored state, or a fresh one (``problem`` says why, if the file was not usable)."""
        self.problem = None
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return DeckState()
        except OSError as exc:
            self.problem = f"{STATE_FILE} cannot be read ({exc.strerror or exc}); the cards start afresh."
            self.read_only = True  # never write over a file we could not read
            return DeckState()
        tree, reason = parse_json_bytes(raw, _shape)
        if reason is not None:
            copy = None if self.read_only else keep_copy(self.path)
            kept = f"; a copy is kept at {copy}" if copy else ""
            self.problem = f"{STATE_FILE} was damaged ({reason}){kept}. The cards start afresh."
            return DeckState()
        data = thaw(tree)
        if data.get("version", STATE_VERSION) > STATE_VERSION:
            self.read_only = True
            self.problem = (
                f"{STATE_FILE} was written by a newer checkin: cards you see, like or hide now are not saved."
            )
        return DeckState.from_dict(data)

    def save(self, state: DeckState) -> None:
        """Write the state atomically (0600). Raises OSError when the disk refuses."""
        if self.read_only:
            return
        atomic_write_bytes(self.path, dumps(state.to_dict()))
