"""The data folder's files, opened once: a TinyDB per file, the lock its workers share,
changes to several files made as one, and saves kept while the disk is full. The files:

- ``checkin.json``  the couple, settings and the hobby picker's data (small)
- ``current.json``  the check-in in progress (small; rewritten on every change)
- ``index.json``    one summary per finished check-in (what lists and trends need)
- ``history.json``  every finished check-in in full, with its events
- ``journal.json``  only while a change to several files is being made (see ``journal``)
- ``backups/``      the last 10 validated copies of the files above
- ``damaged/``      copies of files found damaged (the originals are never written over)

The repository (repository.py) is built on this; history_store.py holds finished check-ins.
"""

from __future__ import annotations

import contextlib
import copy
import functools
import threading
from collections.abc import Callable, Iterator, MutableMapping
from pathlib import Path
from typing import Any, cast

from tinydb import TinyDB
from tinydb.table import Document, Table

from ..core.clock import Clock, SystemClock
from . import migrations
from .atomic import AtomicJSONStorage
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


def _locked(method: Callable[..., Any]) -> Callable[..., Any]:
    """Run a repository method under the repository's lock: workers (history, detail) and
    the UI thread share one TinyDB, whose read-modify-write must not interleave."""

    @functools.wraps(method)
    def wrapper(self: DataFolder, *args: Any, **kwargs: Any) -> Any:
        with self._lock:
            return method(self, *args, **kwargs)

    return wrapper


class DataFolder:
    """The open files of one data folder (passed in, never a global), and how they are written."""

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

    def _backup(self) -> None:
        make_backup(self.folder, self.clock)  # a backup that cannot be written is skipped

    @staticmethod
    def _next_id(table: Table) -> int:
        return max((doc.doc_id for doc in table.all()), default=0) + 1

