"""The repository: the only place that knows about files and TinyDB.

Screens and the core get plain objects from here. Files in the data folder:

- ``checkin.json``  the couple, settings and the hobby picker's data (small)
- ``current.json``  the check-in in progress (small; rewritten on every change)
- ``index.json``    one summary per finished check-in (what lists and trends need)
- ``history.json``  every finished check-in in full, with its events
- ``backups/``      the last 10 validated copies of the files above
- ``damaged/``      copies of files found damaged (the originals are never written over)
"""

from __future__ import annotations

import copy
import functools
import re
import threading
from collections.abc import Callable, MutableMapping
from pathlib import Path
from typing import Any

from tinydb import Query, TinyDB
from tinydb.table import Document, Table

from ..core.clock import Clock, SystemClock
from ..core.model import Couple, Settings
from . import derived, migrations
from .atomic import AtomicJSONStorage, ensure_private_dir, read_json_file, remove_stale_temps
from .backups import make_backup
from .errors import DamagedFileError

MAIN = "checkin.json"
DRAFT = "current.json"
INDEX = "index.json"
HISTORY = "history.json"
DATA_FILES = (MAIN, DRAFT, INDEX, HISTORY)

_ONE = 1  # doc id of single-document tables


def _put(table: Table, data: dict[str, Any], doc_id: int = _ONE) -> None:
    """Replace one document wholesale (TinyDB's upsert would merge, keeping removed keys)."""
    if table.contains(doc_id=doc_id):
        def replace(doc: MutableMapping[Any, Any]) -> None:
            doc.clear()
            doc.update(data)

        table.update(replace, doc_ids=[doc_id])
    else:
        table.insert(Document(data, doc_id=doc_id))


def _get(table: Table, doc_id: int = _ONE) -> dict[str, Any] | None:
    doc = table.get(doc_id=doc_id)
    return copy.deepcopy(dict(doc)) if doc is not None else None


def _index_row(record: dict[str, Any]) -> dict[str, Any]:
    """What the small index keeps of a finished check-in: its summary and when/how it ended."""
    row = dict(record.get("summary") or {})
    row.update({k: record.get(k) for k in ("id", "started_at", "ended_at", "status")})
    return row


def _locked(method: Callable[..., Any]) -> Callable[..., Any]:
    """Run a repository method under the repository's lock: workers (history, detail) and
    the UI thread share one TinyDB, whose read-modify-write must not interleave."""

    @functools.wraps(method)
    def wrapper(self: Repository, *args: Any, **kwargs: Any) -> Any:
        with self._lock:
            return method(self, *args, **kwargs)

    return wrapper


_SCHEMA = re.compile(rb'"meta"\s*:\s*\{\s*"1"\s*:\s*\{(?:[^{}]*,)?\s*"schema"\s*:\s*(\d{1,9})')


def schema_at_a_glance(path: Path) -> int:
    """The schema version a file says it has, without parsing it (0 if none is found). A key
    ``"meta":{"1":{"schema"`` cannot occur inside a JSON string, whose quotes are escaped."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return 0
    found = _SCHEMA.search(raw)
    return int(found.group(1)) if found else 0


def quick_check(path: Path) -> str | None:
    """A cheap look at the ends of a big file (truncation is the usual damage).

    The full check runs when the file is first read, off the UI thread."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return None
    if size == 0:
        return "the file is empty"
    with path.open("rb") as fh:
        head = fh.read(4096)
        fh.seek(max(0, size - 4096))
        tail = fh.read()
    if b"\x00" in head or b"\x00" in tail:
        return "the file contains NUL bytes"
    if not head.lstrip().startswith(b"{") or not tail.rstrip().endswith(b"}"):
        return "the file is cut short or has extra bytes at the end"
    return None


class Repository:
    """Everything the couple keeps, in one data folder passed in (never a global)."""

    def __init__(self, folder: Path, clock: Clock | None = None) -> None:
        self.folder = Path(folder)
        self.clock = clock or SystemClock()
        self._dbs: dict[str, TinyDB] = {}
        self._lock = threading.RLock()
        self.on_finished: list[Callable[[dict[str, Any]], None]] = []
        self._index_read = False  # index.json is read when first needed (not for the home screen)

    # -- opening -------------------------------------------------------------------

    @_locked
    def open(self) -> Repository:
        """Check and open the data folder. Raises DamagedFileError / NewerDataError."""
        ensure_private_dir(self.folder)
        remove_stale_temps(self.folder)
        for name in DATA_FILES:
            self._dbs[name] = TinyDB(
                self.folder / name, storage=AtomicJSONStorage, meta=migrations.meta_doc()
            )
        for name in (MAIN, DRAFT):
            migrations.upgrade(self._dbs[name], self.folder / name, self.clock)
        for name in (INDEX, HISTORY):  # read in full when first needed
            problem = quick_check(self.folder / name)
            if problem:
                from .atomic import keep_copy

                path = self.folder / name
                raise DamagedFileError(path, problem, keep_copy(path))
        newer = schema_at_a_glance(self.folder / INDEX)
        if newer > migrations.CURRENT:
            from .errors import NewerDataError

            raise NewerDataError(self.folder / INDEX, newer, migrations.CURRENT)
        self.recover_finished_draft()
        return self

    @_locked
    def load_history_file(self) -> None:
        """Read and fully check history.json (slow with years of history: call from a worker)."""
        migrations.upgrade(self._dbs[HISTORY], self.folder / HISTORY, self.clock)

    @_locked
    def close(self) -> None:
        for db in self._dbs.values():
            db.close()
        self._dbs.clear()

    def _table(self, file: str, table: str) -> Table:
        if file == INDEX and not self._index_read:
            migrations.upgrade(self._dbs[INDEX], self.folder / INDEX, self.clock)
            self._index_read = True
        return self._dbs[file].table(table)

    # -- couple and settings ---------------------------------------------------------

    @_locked
    def couple(self) -> Couple | None:
        data = _get(self._table(MAIN, "couple"))
        return Couple.from_dict(data) if data else None

    @_locked
    def save_couple(self, couple: Couple) -> None:
        if not couple.created_at:
            couple.created_at = self.clock.now().isoformat()
        _put(self._table(MAIN, "couple"), couple.to_dict())

    @_locked
    def settings(self) -> Settings:
        data = _get(self._table(MAIN, "settings"))
        return Settings.from_dict(data) if data else Settings()

    @_locked
    def save_settings(self, settings: Settings) -> None:
        _put(self._table(MAIN, "settings"), settings.to_dict())

    @_locked
    def save_first_run(self, couple: Couple, settings: Settings) -> None:
        """Couple and settings in one atomic write: a half-done welcome leaves nothing."""
        if not couple.created_at:
            couple.created_at = self.clock.now().isoformat()
        db = self._dbs[MAIN]
        storage: AtomicJSONStorage = db.storage  # type: ignore[assignment]
        data = copy.deepcopy(storage.read() or {})
        data.setdefault("meta", {})[str(_ONE)] = migrations.meta_doc()
        data["couple"] = {str(_ONE): couple.to_dict()}
        data["settings"] = {str(_ONE): settings.to_dict()}
        storage.write(data)
        db.clear_cache()

    # -- free-form sections (hobby picker, ...) -----------------------------------------

    @_locked
    def section(self, name: str) -> dict[str, Any]:
        """A named JSON-safe dict kept in checkin.json (e.g. "hobbies")."""
        return _get(self._table(MAIN, name)) or {}

    @_locked
    def save_section(self, name: str, data: dict[str, Any]) -> None:
        _put(self._table(MAIN, name), data)

    # -- the check-in in progress ----------------------------------------------------

    @_locked
    def draft(self) -> dict[str, Any] | None:
        return _get(self._table(DRAFT, "draft"))

    @_locked
    def save_draft(self, record: dict[str, Any]) -> None:
        """Autosave: rewrites only the small current.json, however long the history."""
        _put(self._table(DRAFT, "draft"), record)

    @_locked
    def discard_draft(self) -> None:
        self._table(DRAFT, "draft").truncate()

    @_locked
    def finish_checkin(self, record: dict[str, Any], summary: dict[str, Any]) -> None:
        """Move a finished check-in into history, keyed by its id.

        Order: the draft is saved as finished, then history and index are upserted by id,
        then the draft is cleared. A crash at any step is completed on the next open
        (``recover_finished_draft``): nothing is lost, nothing duplicated.
        """
        record = dict(record)
        record["summary"] = summary
        self.save_draft(record)
        self._move_to_history(record)

    def _move_to_history(self, record: dict[str, Any]) -> None:
        self.load_history_file()
        rid = record["id"]
        q = Query()
        history = self._table(HISTORY, "checkins")
        found = history.get(q.id == rid)
        _put(history, record, found.doc_id if found else self._next_id(history))
        index = self._table(INDEX, "summaries")
        row = _index_row(record)
        found = index.get(q.id == rid)
        _put(index, row, found.doc_id if found else self._next_id(index))
        self.discard_draft()
        make_backup(self.folder, self.clock)
        self._refresh_derived()
        for callback in self.on_finished:
            callback(record)

    @staticmethod
    def _next_id(table: Table) -> int:
        return max((doc.doc_id for doc in table.all()), default=0) + 1

    @_locked
    def recover_finished_draft(self) -> None:
        """A check-in finished but not yet in history (a crash between the steps): finish the
        move now, working out its summary from the events if that step never happened."""
        draft = self.draft()
        if not draft or draft.get("status") in (None, "in_progress"):
            return
        if not isinstance(draft.get("summary"), dict):
            from ..core.finishing import finished_summary

            couple = self.couple()
            names = {"a": couple.name_a, "b": couple.name_b} if couple else None
            try:
                draft["summary"] = finished_summary(draft, names)
            except (ValueError, KeyError, TypeError):
                draft["summary"] = {}  # the full record, with its events, is still kept
        self._move_to_history(draft)

    # -- history ---------------------------------------------------------------------

    @_locked
    def summaries(self) -> list[dict[str, Any]]:
        """One row per finished check-in, newest first (from the small index)."""
        rows = [dict(d) for d in self._table(INDEX, "summaries").all()]
        rows.sort(key=lambda r: r.get("started_at") or "", reverse=True)
        return rows

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
        """``fn`` applied to every finished check-in, read-only and without copies (for search
        text over years of history; ``fn`` must not change the record)."""
        self.load_history_file()
        return [fn(doc) for doc in self._table(HISTORY, "checkins").all()]

    @_locked
    def delete_checkin(self, checkin_id: str) -> bool:
        self.load_history_file()
        q = Query()
        removed = self._table(HISTORY, "checkins").remove(q.id == checkin_id)
        self._table(INDEX, "summaries").remove(q.id == checkin_id)
        self._refresh_derived()  # the deleted notes must not stay in search.json
        return bool(removed)

    @_locked
    def import_checkin(self, record: dict[str, Any]) -> bool:
        """Store a finished check-in by id (for demo data and import); False if present."""
        self.load_history_file()
        if self._table(HISTORY, "checkins").contains(Query().id == record["id"]):
            return False
        self._move_to_history(record)
        return True

    @_locked
    def bulk_import(self, records: list[dict[str, Any]]) -> None:
        """Write many finished check-ins in one go (demo data); one write per file."""
        self.load_history_file()
        history = self._table(HISTORY, "checkins")
        index = self._table(INDEX, "summaries")
        start_h, start_i = self._next_id(history), self._next_id(index)
        docs, rows = [], []
        for n, record in enumerate(records):
            docs.append(Document(record, doc_id=start_h + n))
            rows.append(Document(_index_row(record), doc_id=start_i + n))
        history.insert_multiple(docs)
        index.insert_multiple(rows)
        make_backup(self.folder, self.clock)
        self._refresh_derived()

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

        storage: AtomicJSONStorage = self._dbs[HISTORY].storage  # type: ignore[assignment]
        if storage._loaded:  # already in memory (after a write): no need to read it again
            records: Any = self._table(HISTORY, "checkins").all()
        else:  # read, checked and dropped: only the words are kept
            data = read_json_file(self.folder / HISTORY) or {}
            found = migrations.version_of(data)
            if found > migrations.CURRENT:
                from .errors import NewerDataError

                raise NewerDataError(self.folder / HISTORY, found, migrations.CURRENT)
            records = data.get("checkins", {}).values()
        return {str(r.get("id")): record_search_text(r) for r in records}

    def _refresh_derived(self) -> None:
        """After a write of index and history (both in memory then): remake the derived files."""
        for name in (derived.HOME_DATES, derived.SEARCH):
            derived.remove_derived(self.folder / name)
        self.started_stamps()
        self.search_texts()
