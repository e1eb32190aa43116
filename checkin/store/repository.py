"""The repository: the only place that knows about files and TinyDB.

Screens and the core get plain objects from here. Files in the data folder:

- ``checkin.json``  the couple, settings and the hobby picker's data (small)
- ``current.json``  the check-in in progress (small; rewritten on every change)
- ``index.json``    one summary per finished check-in (what lists and trends need)
- ``history.json``  every finished check-in in full, with its events
- ``journal.json``  only while a change to several files is being made (see ``journal``)
- ``backups/``      the last 10 validated copies of the files above
- ``damaged/``      copies of files found damaged (the originals are never written over)
"""

from __future__ import annotations

import contextlib
import copy
import functools
import re
import threading
from collections.abc import Callable, Iterable, Iterator, MutableMapping
from pathlib import Path
from typing import Any, cast

from tinydb import Query, TinyDB
from tinydb.table import Document, Table

from ..core.clock import Clock, SystemClock
from ..core.model import Couple, Settings, partner_names
from ..errors import DamagedFileError
from . import derived, journal, migrations
from .atomic import AtomicJSONStorage, ensure_private_dir, read_json_file, remove_stale_temps, write_private_text
from .backups import make_backup
from .journal import Transaction, WriteError

MAIN = "checkin.json"
CURRENT = "current.json"
CURRENT_TABLE = "draft"  # the table's name on disk, from before "current" was the word: no migration
INDEX = "index.json"
HISTORY = "history.json"
DATA_FILES = (MAIN, CURRENT, INDEX, HISTORY)

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


def index_rows(records: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The index made afresh from full history records, the one place that does it (the app
    after a damaged journal, and ``doctor --repair``): one row a check-in, in history's order,
    a repeated id kept once, a record without a summary given one made from its events."""
    rows: list[dict[str, Any]] = []
    seen: set[Any] = set()
    for record in records:
        if record.get("id") in seen:
            continue
        seen.add(record.get("id"))
        if not isinstance(record.get("summary"), dict):
            from ..core.finishing import finished_summary

            record = dict(record)
            try:
                record["summary"] = finished_summary(record)
            except (ValueError, KeyError, TypeError, AttributeError):
                record["summary"] = {}
        rows.append(_index_row(record))
    return rows


def _locked(method: Callable[..., Any]) -> Callable[..., Any]:
    """Run a repository method under the repository's lock: workers (history, detail) and
    the UI thread share one TinyDB, whose read-modify-write must not interleave."""

    @functools.wraps(method)
    def wrapper(self: Repository, *args: Any, **kwargs: Any) -> Any:
        with self._lock:
            return method(self, *args, **kwargs)

    return wrapper


_SCHEMA = re.compile(rb'"meta"\s*:\s*\{\s*"1"\s*:\s*\{(?:[^{}]*,)?\s*"schema"\s*:\s*(\d{1,9})')


_GLANCE = 65536


def schema_at_a_glance(path: Path) -> int:
    """The schema version a file says it has, without parsing it (0 if none is found). A key
    ``"meta":{"1":{"schema"`` cannot occur inside a JSON string, whose quotes are escaped, so
    it is found wherever the search starts. It is looked for at the end first, where the
    files are written with it: reading all of a 10 MB index took 16 ms of start-up."""
    try:
        with path.open("rb") as fh:
            size = fh.seek(0, 2)
            fh.seek(max(0, size - _GLANCE))
            found = _SCHEMA.search(fh.read())
            if found is None and size > _GLANCE:
                fh.seek(0)
                found = _SCHEMA.search(fh.read())
    except FileNotFoundError:
        return 0
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

    def __init__(self, folder: Path, clock: Clock | None = None, *, read_only: bool = False) -> None:
        self.folder = Path(folder)
        self.read_only = read_only  # open without writing anything (read-only data works)
        self.clock = clock or SystemClock()
        self._dbs: dict[str, TinyDB] = {}
        self._lock = threading.RLock()
        self._tx: Transaction | None = None
        #: The app sets this: when the disk is full, a save is kept in memory (``unsaved``) and
        #: tried again by ``retry_unsaved`` instead of raising. The CLI leaves it off.
        self.keep_unsaved_when_full = False
        self.unsaved: list[tuple[str, str, Callable[[], None]]] = []  # (key, file, write)
        self.write_problem: WriteError | None = None
        #: Called with the WriteError when saving stops working, and None when it works again.
        self.on_write_problem: list[Callable[[WriteError | None], None]] = []
        self._index_read = False  # index.json is read when first needed (not for the home screen)
        #: The index rows sorted newest first, with the index storage's generation they were
        #: made at: any write, reload or failed change of index.json makes them stale.
        self._sorted: tuple[int, list[dict[str, Any]]] | None = None

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

    # -- several files as one change -------------------------------------------------

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """Every write inside is staged and made visible together when the block ends: after a
        crash or a failure (disk full, text that cannot be stored) all of it is there or none.
        Nested blocks join the outer one."""
        with self._lock:
            if self._tx is not None:
                yield
                return
            tx = self._tx = Transaction(self.folder)
            storages = [self._storage(name) for name in self._dbs]
            for storage in storages:
                storage.write_bytes = tx.stage
            try:
                yield
                for storage in storages:
                    vars(storage).pop("write_bytes", None)  # back to the storage's own writer
                tx.commit()
            except BaseException:
                tx.abort()
                # What the tables hold in memory may never have been written: read again.
                for db in self._dbs.values():
                    db.storage.close()
                    db.clear_cache()
                raise
            finally:
                for storage in storages:
                    vars(storage).pop("write_bytes", None)
                self._tx = None

    # -- saving when the disk is full ----------------------------------------------------

    def _save(self, file: str, key: str, write: Callable[[], None]) -> None:
        """Run ``write``; a failure becomes a WriteError naming ``file``. With
        ``keep_unsaved_when_full`` a full disk keeps the save for ``retry_unsaved``."""
        if self.unsaved and self.keep_unsaved_when_full:
            self._hold(key, file, write)  # earlier saves are waiting: keep the order
            return
        try:
            self._run_write(file, write)
        except WriteError as err:
            if not (self.keep_unsaved_when_full and err.disk_full):
                raise
            self._hold(key, file, write)
            self._report(err)

    def _run_write(self, file: str, write: Callable[[], None]) -> None:
        try:
            write()
        except WriteError:
            raise
        except OSError as err:
            if file in self._dbs:
                self._dbs[file].clear_cache()
            if err.errno is None:
                raise  # not from the operating system: nothing to explain about the file
            raise WriteError(self.folder / file, err) from None

    def _hold(self, key: str, file: str, write: Callable[[], None]) -> None:
        # A later save of the same thing replaces the earlier one (each writes it whole).
        self.unsaved = [held for held in self.unsaved if held[0] != key] + [(key, file, write)]

    def _report(self, problem: WriteError | None) -> None:
        changed = (problem is None) != (self.write_problem is None)
        self.write_problem = problem
        if changed:
            for callback in list(self.on_write_problem):
                callback(problem)

    @_locked
    def retry_unsaved(self) -> bool:
        """Try the saves kept while the disk was full, oldest first. True when all are saved."""
        while self.unsaved:
            _, file, write = self.unsaved[0]
            try:
                self._run_write(file, write)
            except WriteError as err:
                self._report(err)
                return False
            self.unsaved.pop(0)
        if self.write_problem is not None:
            self._report(None)
        return True

    @_locked
    def load_history_file(self) -> None:
        """Read and fully check history.json (slow with years of history: call from a worker)."""
        migrations.upgrade(self._dbs[HISTORY], self.folder / HISTORY, self.clock)

    @_locked
    def close(self) -> None:
        for db in self._dbs.values():
            db.close()
        self._dbs.clear()

    def _storage(self, file: str) -> AtomicJSONStorage:
        return cast(AtomicJSONStorage, self._dbs[file].storage)  # every file is opened with it

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

    def _backup(self) -> None:
        make_backup(self.folder, self.clock)  # a backup that cannot be written is skipped

    @staticmethod
    def _next_id(table: Table) -> int:
        return max((doc.doc_id for doc in table.all()), default=0) + 1

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

    # -- history ---------------------------------------------------------------------

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

    @staticmethod
    def write_private_file(path: Path, text: str) -> None:
        """Write a file the couple asked for (a calendar event...) outside the data folder:
        0600, atomically, so the core never writes files itself."""
        write_private_text(path, text)
