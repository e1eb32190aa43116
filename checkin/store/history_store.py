"""Finished check-ins: the index's rows for lists and trends, the full records in history, the
small files derived from them (derived.py), deleting and importing. The repository inherits it."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from tinydb import Query
from tinydb.table import Document

from . import derived, migrations
from .atomic import read_json_file
from .folder import HISTORY, INDEX, DataFolder, _locked
from .index_rows import _index_row


class HistoryStore(DataFolder):
    """The history half of the repository: finished check-ins, read and written."""

    @_locked
    def summaries(self) -> list[dict[str, Any]]:
        """One row per finished check-in, newest first (from the small index)."""
        table = self._table(INDEX, "summaries")
        storage = self._storage(INDEX)
        rows = None if self._sorted is None or self._sorted[0] != storage.generation else self._sorted[1]
        if rows is None:
            rows = [dict(d) for d in table.all()]  # reads the file first if it is not in memory
            rows.sort(key=lambda r: r.get("started_at") or "", reverse=True)
            self._sorted = (storage.generation, rows)
        # Fresh rows each call (callers may change them); their nested values are read-only.
        return [dict(row) for row in rows]

    @property
    def index_in_memory(self) -> bool:
        """Whether index.json has been read (it is not for the home screen)."""
        return self._index_read

    def read_index_ahead(self, min_bytes: int) -> bool:
        """Read and sort the index now, if it is at least ``min_bytes`` and not yet read: with
        years of history (5000 check-ins: 0.6 s) the first Look back then opens as quickly as
        the next ones. Call it from a worker. False when there was nothing to do."""
        try:
            if self._index_read or (self.folder / INDEX).stat().st_size < min_bytes:
                return False
        except OSError:
            return False
        self.summaries()
        return True

    @_locked
    def checkin(self, checkin_id: str) -> dict[str, Any] | None:
        """A finished check-in in full, with its events."""
        self.load_history_file()
        doc = self._table(HISTORY, "checkins").get(Query().id == checkin_id)
        return copy.deepcopy(dict(doc)) if doc else None

    @_locked
    def all_checkins(self) -> list[dict[str, Any]]:
        self.load_history_file()
        return [copy.deepcopy(dict(d)) for d in self._table(HISTORY, "checkins").all()]

    @_locked
    def map_checkins(self, fn: Callable[[dict[str, Any]], Any]) -> list[Any]:
        """``fn`` applied to every finished check-in without deep copies (for search text over
        years of history): values nested in a record are read-only, see store/frozen.py."""
        self.load_history_file()
        return [fn(doc) for doc in self._table(HISTORY, "checkins").all()]

    @_locked
    def checkin_ids(self) -> set[str]:
        """The id of every check-in in the full history (what an import must merge against)."""
        self.load_history_file()
        return {str(doc.get("id")) for doc in self._table(HISTORY, "checkins").all()}

    @_locked
    def delete_checkin(self, checkin_id: str) -> bool:
        """Remove a check-in from history and index as one change."""
        self.load_history_file()
        q = Query()
        if not self._table(HISTORY, "checkins").contains(q.id == checkin_id):
            index = self._table(INDEX, "summaries")
            if index.contains(q.id == checkin_id):  # a stray row
                def remove_row() -> None:
                    index.remove(q.id == checkin_id)

                self._save(INDEX, f"delete:{checkin_id}", remove_row)
            return False

        def write() -> None:
            with self.transaction():
                self._table(HISTORY, "checkins").remove(q.id == checkin_id)
                self._table(INDEX, "summaries").remove(q.id == checkin_id)
            self._refresh_derived()  # the deleted notes must not stay in search.json

        self._save(HISTORY, f"delete:{checkin_id}", write)
        return True

    @_locked
    def bulk_import(self, records: list[dict[str, Any]], *, backup: bool = True) -> int:
        """Write many finished check-ins in one go (demo data, import): one transaction over
        history and index. Ids already in the full history are skipped; returns how many were
        added. ``backup=False`` only for sample data in a folder that is thrown away (``--demo``):
        the backup set copies, fsyncs and reads back every file."""
        self.load_history_file()
        have = self.checkin_ids()
        fresh = []
        for record in records:
            if str(record["id"]) not in have:
                have.add(str(record["id"]))
                fresh.append(record)
        if not fresh:
            return 0
        with self.transaction():
            history = self._table(HISTORY, "checkins")
            index = self._table(INDEX, "summaries")
            start_h, start_i = self._next_id(history), self._next_id(index)
            docs, rows = [], []
            for n, record in enumerate(fresh):
                docs.append(Document(record, doc_id=start_h + n))
                rows.append(Document(_index_row(record), doc_id=start_i + n))
            history.insert_multiple(docs)
            index.insert_multiple(rows)
        if self._tx is None:
            if backup:
                self._backup()
            self._refresh_derived()
        return len(fresh)

    # -- small derived files (see derived.py): rebuilt from the big ones when stale ---------------

    @_locked
    def started_stamps(self) -> list[str]:
        """When each finished check-in started, newest first: what the home screen needs of the
        index, from a small file, so start-up does not read the whole index."""
        stamps = derived.read_derived(self.folder / derived.HOME_DATES, self.folder / INDEX)
        if isinstance(stamps, list) and all(isinstance(s, str) for s in stamps):
            return stamps
        stamps = [r["started_at"] for r in self.summaries() if isinstance(r.get("started_at"), str)]
        stamps = [s for s in stamps if s]
        derived.write_derived(self.folder / derived.HOME_DATES, self.folder / INDEX, stamps)
        return stamps

    @_locked
    def search_texts(self) -> dict[str, str]:
        """The words of every finished check-in (notes, topics, action items), by id, for the
        ``/`` filter, without keeping the big history file in memory."""
        texts = derived.read_derived(self.folder / derived.SEARCH, self.folder / HISTORY)
        if isinstance(texts, dict) and all(isinstance(t, str) for t in texts.values()):
            return texts
        texts = self._search_texts_from_history()
        derived.write_derived(self.folder / derived.SEARCH, self.folder / HISTORY, texts)
        return texts

    def _search_texts_from_history(self) -> dict[str, str]:
        from ..core.stats import record_search_text

        storage = self._storage(HISTORY)
        if storage._loaded:  # already in memory (after a write): no need to read it again
            records: Any = self._table(HISTORY, "checkins").all()
        else:  # read, checked and dropped: only the words are kept
            data = read_json_file(self.folder / HISTORY) or {}
            found = migrations.version_of(data)
            if found > migrations.CURRENT:
                from ..errors import NewerDataError

                raise NewerDataError(self.folder / HISTORY, found, migrations.CURRENT)
            records = data.get("checkins", {}).values()
        return {str(r.get("id")): record_search_text(r) for r in records}

    def _refresh_derived(self) -> None:
        """After a write of index and history (both in memory then): remake the derived files."""
        for name in (derived.HOME_DATES, derived.SEARCH):
            derived.remove_derived(self.folder / name)
        self.started_stamps()
        self.search_texts()
