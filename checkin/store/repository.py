"""The repository: the only place that knows about files and TinyDB.

Screens and the core get plain objects from here. The data folder's files and how they are
written are in folder.py (which lists them), finished check-ins in history_store.py, the
index's rows in index_rows.py and the quick look at a big file on opening in glance.py; the
names callers import stay importable from here.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from tinydb import Query, TinyDB
from tinydb.table import Document

from ..core.model import Couple, Settings, partner_names
from ..errors import DamagedFileError
from . import journal, migrations
from .atomic import AtomicJSONStorage, ensure_private_dir, remove_stale_temps, write_private_text
from .folder import _ONE, CURRENT, CURRENT_TABLE, DATA_FILES, HISTORY, INDEX, MAIN, _get, _locked, _put
from .glance import quick_check, schema_at_a_glance
from .history_store import HistoryStore
from .index_rows import _index_row, index_rows
from .journal import WriteError

__all__ = [
    "CURRENT", "CURRENT_TABLE", "DATA_FILES", "HISTORY", "INDEX", "MAIN",
    "Repository", "index_rows", "quick_check", "schema_at_a_glance",
]


class Repository(HistoryStore):
    """Everything the couple keeps, in one data folder passed in (never a global)."""

    # -- opening -------------------------------------------------------------------

    @_locked
    def open(self) -> Repository:
        """Check and open the data folder. Raises DamagedFileError / NewerDataError."""
        rebuild = False
        if not self.read_only:
            ensure_private_dir(self.folder)
            try:
                journal.recover(self.folder)  # before stale temps go: a change a crash cut short
            except DamagedFileError:
                rebuild = True  # set aside in damaged/; the index is made again from history
            remove_stale_temps(self.folder)
        for name in DATA_FILES:
            self._dbs[name] = TinyDB(
                self.folder / name, storage=AtomicJSONStorage, meta=migrations.meta_doc(),
                access_mode="r" if self.read_only else "r+",
            )
        for name in (MAIN, CURRENT):
            migrations.upgrade(self._dbs[name], self.folder / name, self.clock)
        for name in (INDEX, HISTORY):  # read in full when first needed
            problem = quick_check(self.folder / name)
            if problem:
                from .atomic import keep_copy

                path = self.folder / name
                raise DamagedFileError(path, problem, keep_copy(path))
        newer = schema_at_a_glance(self.folder / INDEX)
        if newer > migrations.CURRENT:
            from ..errors import NewerDataError

            raise NewerDataError(self.folder / INDEX, newer, migrations.CURRENT)
        if not self.read_only:
            if rebuild:
                self.rebuild_index()
            self.recover_finished_current()
        return self

    @_locked
    def rebuild_index(self) -> None:
        """Make index.json again from history.json (the full records are the truth)."""
        self.load_history_file()
        rows = index_rows(dict(doc) for doc in self._table(HISTORY, "checkins").all())
        with self.transaction():
            index = self._table(INDEX, "summaries")
            index.truncate()
            index.insert_multiple(Document(row, doc_id=n) for n, row in enumerate(rows, 1))

    # -- couple and settings ---------------------------------------------------------

    @_locked
    def couple(self) -> Couple | None:
        data = _get(self._table(MAIN, "couple"))
        return Couple.from_dict(data) if data else None

    @_locked
    def save_couple(self, couple: Couple) -> None:
        if not couple.created_at:
            couple.created_at = self.clock.now().isoformat()
        data = couple.to_dict()
        self._save(MAIN, "couple", lambda: _put(self._table(MAIN, "couple"), data))

    @_locked
    def settings(self) -> Settings:
        data = _get(self._table(MAIN, "settings"))
        return Settings.from_dict(data) if data else Settings()

    @_locked
    def save_settings(self, settings: Settings) -> None:
        data = settings.to_dict()
        self._save(MAIN, "settings", lambda: _put(self._table(MAIN, "settings"), data))

    @_locked
    def save_first_run(self, couple: Couple, settings: Settings) -> None:
        """Couple and settings in one atomic write: a half-done welcome leaves nothing."""
        if not couple.created_at:
            couple.created_at = self.clock.now().isoformat()
        db = self._dbs[MAIN]
        storage = self._storage(MAIN)

        def write() -> None:
            data = copy.deepcopy(storage.read() or {})
            data.setdefault("meta", {})[str(_ONE)] = migrations.meta_doc()
            data["couple"] = {str(_ONE): couple.to_dict()}
            data["settings"] = {str(_ONE): settings.to_dict()}
            try:
                storage.write(data)
            finally:
                db.clear_cache()

        self._save(MAIN, "first-run", write)

    # -- free-form sections (hobby picker, ...) -----------------------------------------

    @_locked
    def section(self, name: str) -> dict[str, Any]:
        """A named JSON-safe dict kept in checkin.json (e.g. "hobbies")."""
        return _get(self._table(MAIN, name)) or {}

    @_locked
    def save_section(self, name: str, data: dict[str, Any]) -> None:
        data = copy.deepcopy(data)
        self._save(MAIN, f"section:{name}", lambda: _put(self._table(MAIN, name), data))

    # -- the check-in in progress ("current"; "draft" is only the note being typed) ----------

    @_locked
    def current(self) -> dict[str, Any] | None:
        """The check-in in progress (or finished, its move into history cut short)."""
        return _get(self._table(CURRENT, CURRENT_TABLE))

    @_locked
    def save_current(self, record: dict[str, Any]) -> None:
        """Autosave: rewrites only the small current.json, however long the history."""
        record = copy.deepcopy(record)
        self._save(CURRENT, "current", lambda: _put(self._table(CURRENT, CURRENT_TABLE), record))

    @_locked
    def clear_current(self) -> None:
        self._table(CURRENT, CURRENT_TABLE).truncate()

    @_locked
    def finish_into_history(self, record: dict[str, Any], summary: dict[str, Any]) -> None:
        """Move a finished check-in into history, keyed by its id.

        First the current check-in is saved as finished (so nothing is lost if history cannot be
        written, e.g. when it is damaged); then history, index and the cleared current check-in
        are one transaction. After a crash the check-in is finished (in history and index, no
        current one), or its finished record is moved at the next open: never half, never twice.
        """
        record = copy.deepcopy(dict(record))
        record["summary"] = summary
        self.save_current(record)
        self._save(HISTORY, f"finish:{record['id']}", lambda: self._move_to_history(record))

    def _move_to_history(self, record: dict[str, Any]) -> None:
        self.load_history_file()
        rid = record["id"]
        q = Query()
        with self.transaction():
            history = self._table(HISTORY, "checkins")
            found = history.get(q.id == rid)
            _put(history, record, found.doc_id if found else self._next_id(history))
            index = self._table(INDEX, "summaries")
            row = _index_row(record)
            found = index.get(q.id == rid)
            _put(index, row, found.doc_id if found else self._next_id(index))
            current = _get(self._table(CURRENT, CURRENT_TABLE))
            if current is not None and current.get("id") == rid:
                self._table(CURRENT, CURRENT_TABLE).truncate()
        self._backup()
        self._refresh_derived()

    @_locked
    def recover_finished_current(self) -> None:
        """A check-in finished but not yet in history (a crash between the steps): finish the
        move now, working out its summary from the events if that step never happened."""
        record = self.current()
        if not record or record.get("status") in (None, "in_progress"):
            return
        if not isinstance(record.get("summary"), dict):
            from ..core.finishing import finished_summary

            couple = self.couple()
            names = partner_names(couple) if couple else None
            try:
                record["summary"] = finished_summary(record, names)
            except (ValueError, KeyError, TypeError):
                record["summary"] = {}  # the full record, with its events, is still kept
        try:
            self._move_to_history(record)
        except WriteError as err:
            if not err.disk_full:
                raise
            # Nothing changed; the finished check-in stays and is moved at the next open.

    @staticmethod
    def write_private_file(path: Path, text: str) -> None:
        """Write a file the couple asked for (a calendar event...) outside the data folder:
        0600, atomically, so the core never writes files itself."""
        write_private_text(path, text)
