"""Several data files replaced as one: all of the change is there after a crash, or none of it.

A change to more than one file (finishing a check-in, deleting one, an import) goes:

1. **stage**: each new file is written in full to a hidden ``.NAME.XXXXXXXX.checkin-staged``
   beside it and fsynced. A failure here (the disk is full, text that cannot be encoded) changes
   nothing: the staged files are removed.
2. **commit**: ``journal.json`` is written atomically, listing each staged file and the SHA-256
   of its bytes. From this moment the change counts.
3. **apply**: each staged file is renamed over its target (renames need no new space), then
   the journal is removed.

On the next open :func:`recover` finishes a journal it finds (rolling forward) and removes staged
files no journal lists (rolling back). A reader that takes no lock sees the state after the change
by reading, for each file a pending journal lists, the staged file while it is still there.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
from pathlib import Path
from typing import Any

from ..errors import DamagedFileError, StoreError
from .atomic import FILE_MODE, _fsync_dir, atomic_write_bytes, keep_copy

JOURNAL = "journal.json"
FORMAT = "checkin-journal"
STAGED_SUFFIX = ".checkin-staged"
_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}


class WriteError(StoreError):
    """A data file could not be written; the message names it. Nothing was changed."""

    def __init__(self, path: Path, error: OSError, *, changed: bool = False) -> None:
        self.path = path
        self.error = error
        self.disk_full = error.errno in _FULL
        why = "the disk is full" if self.disk_full else (error.strerror or str(error))
        tail = (
            "the change will be completed the next time checkin opens this folder"
            if changed
            else "nothing was changed"
        )
        hint = "; free some space and try again" if self.disk_full else ""
        super().__init__(f"could not write {path}: {why}; {tail}{hint}")


def is_disk_full(error: BaseException) -> bool:
    if isinstance(error, WriteError):
        return error.disk_full
    return isinstance(error, OSError) and error.errno in _FULL


def _sha(data: bytes) -> str:
    import hashlib  # only when a journal is written or recovered, not at every start (2-6 ms)

    return hashlib.sha256(data).hexdigest()


def _write_new(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    try:
        os.fchmod(fd, FILE_MODE)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)


class Transaction:
    """Collects the new bytes of several files, then replaces them all as one."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.staged: dict[str, tuple[Path, str]] = {}  # target name -> (staged file, sha256)
        self.touched: set[str] = set()  # every file a write was tried on, staged or not
        self.committed = False

    def stage(self, path: Path, data: bytes) -> None:
        """Write ``data`` as the next version of ``path`` (not yet visible)."""
        path = Path(path)
        self.touched.add(path.name)
        staged = path.with_name(f".{path.name}.{os.urandom(4).hex()}{STAGED_SUFFIX}")
        try:
            _write_new(staged, data)
        except OSError as err:
            with contextlib.suppress(OSError):
                staged.unlink()
            raise WriteError(path, err) from None
        earlier = self.staged.get(path.name)
        if earlier:
            with contextlib.suppress(OSError):
                earlier[0].unlink()
        self.staged[path.name] = (staged, _sha(data))

    def commit(self) -> None:
        """Write the journal (the change now counts), apply it and remove the journal."""
        if not self.staged:
            return
        journal = self.folder / JOURNAL
        record = {
            "format": FORMAT,
            "version": 1,
            "files": [{"name": n, "staged": p.name, "sha256": h} for n, (p, h) in sorted(self.staged.items())],
        }
        try:
            _fsync_dir(self.folder)  # the staged files' names are durable before the journal
            atomic_write_bytes(journal, json.dumps(record).encode("utf-8"))
        except OSError as err:
            self.abort()
            raise WriteError(journal, err) from None
        self.committed = True
        try:
            _apply(self.folder, record)
        except OSError as err:
            raise WriteError(self.folder / JOURNAL, err, changed=True) from None

    def abort(self) -> None:
        """Remove what was staged; the files on disk are as they were."""
        if self.committed:
            return
        for staged, _ in self.staged.values():
            with contextlib.suppress(OSError):
                staged.unlink()
        self.staged.clear()


def _apply(folder: Path, record: dict[str, Any]) -> None:
    for entry in record["files"]:
        staged = folder / entry["staged"]
        target = folder / entry["name"]
        try:
            os.replace(staged, target)
        except FileNotFoundError:
            # Renamed before a crash: the target must now hold exactly the staged bytes.
            if not target.exists() or _sha(target.read_bytes()) != entry["sha256"]:
                raise DamagedFileError(
                    folder / JOURNAL,
                    f"the change it records could not be completed ({entry['name']} is not the "
                    "version it lists)",
                    None,
                ) from None
    _fsync_dir(folder)
    (folder / JOURNAL).unlink(missing_ok=True)
    _fsync_dir(folder)


def _read_journal(folder: Path) -> dict[str, Any] | None:
    """The pending journal, or None. Raises DamagedFileError if it cannot be used."""
    path = folder / JOURNAL
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    try:
        record = json.loads(raw.decode("utf-8"))
        files = record["files"]
        ok = record.get("format") == FORMAT and isinstance(files, list)
        for entry in files if ok else ():
            name, staged, sha = entry["name"], entry["staged"], entry["sha256"]
            ok = ok and all(isinstance(v, str) for v in (name, staged, sha))
            ok = ok and "/" not in name + staged and staged.endswith(STAGED_SUFFIX) and not name.startswith(".")
    except (ValueError, KeyError, TypeError, AttributeError):
        ok = False
    if not ok:
        raise DamagedFileError(path, "it is not a checkin journal", None)
    return record


def _verified(folder: Path, entry: dict[str, Any]) -> None:
    staged = folder / entry["staged"]
    try:
        data = staged.read_bytes()
    except FileNotFoundError:
        return
    if _sha(data) != entry["sha256"]:
        raise DamagedFileError(staged, "a staged change does not match its journal", None)


def recover(folder: Path) -> list[str]:
    """Finish a change a crash interrupted after its commit; drop staged files of changes that
    never committed. Returns the names of the files a finished journal replaced.

    A journal that is damaged (never written by checkin) is set aside in ``damaged/``; raises
    DamagedFileError for it, naming where the copy is, so the caller can say what happened."""
    if not folder.is_dir():
        return []
    try:
        record = _read_journal(folder)
    except DamagedFileError as exc:
        kept = keep_copy(exc.path)
        _remove_staged(folder, keep=set())
        (folder / JOURNAL).unlink(missing_ok=True)
        raise DamagedFileError(exc.path, exc.reason, kept) from None
    if record is None:
        _remove_staged(folder, keep=set())
        return []
    for entry in record["files"]:
        _verified(folder, entry)
    _apply(folder, record)
    _remove_staged(folder, keep=set())
    return [entry["name"] for entry in record["files"]]


def _remove_staged(folder: Path, keep: set[str]) -> None:
    for staged in folder.glob(f".*{STAGED_SUFFIX}"):
        if staged.name not in keep:
            with contextlib.suppress(OSError):
                staged.unlink()


def read_view(folder: Path) -> dict[str, Path]:
    """For a reader without the lock: file name -> where its newest committed bytes are now
    (the staged file of a pending journal, while it has not been renamed yet)."""
    try:
        record = _read_journal(folder)
    except DamagedFileError:
        return {}
    if record is None:
        return {}
    return {entry["name"]: folder / entry["staged"] for entry in record["files"]}


__all__ = ["JOURNAL", "STAGED_SUFFIX", "Transaction", "WriteError", "is_disk_full", "read_view", "recover"]
