"""Atomic, private, validated files, and the TinyDB storage built on them.

TinyDB's own ``JSONStorage`` rewrites its file in place and truncates afterwards, so a
kill at the wrong moment leaves half a file; it also creates files anyone can read.
Here every write goes: serialise -> temp file in the same folder (0600) -> flush ->
fsync -> ``os.replace`` -> fsync the folder. A reader therefore sees the old file or
the new one, never a mix.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from .errors import DamagedFileError

FILE_MODE = 0o600
DIR_MODE = 0o700
TEMP_PREFIX = "."
TEMP_SUFFIX = ".checkin-tmp"


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) if needed and make it 0700, whatever the umask.

    Parents created here are made 0700 too (``mkdir(parents=True)`` would create them
    with the umask's mode, e.g. 0777 under ``umask 000``)."""
    missing = []
    probe = path
    while not probe.exists() and probe.parent != probe:
        missing.append(probe)
        probe = probe.parent
    for folder in reversed(missing):
        folder.mkdir(exist_ok=True, mode=DIR_MODE)
        os.chmod(folder, DIR_MODE)
    path.mkdir(exist_ok=True, mode=DIR_MODE)  # FileExistsError if it is a file
    os.chmod(path, DIR_MODE)
    return path


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def temp_path_for(path: Path) -> Path:
    return path.with_name(f"{TEMP_PREFIX}{path.name}.{secrets.token_hex(4)}{TEMP_SUFFIX}")


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically and durably; the file ends up 0600.

    On any failure the old file is untouched and the temp file is removed.
    """
    tmp = temp_path_for(path)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    try:
        try:
            os.fchmod(fd, FILE_MODE)
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    _fsync_dir(path.parent)


def write_private_text(path: Path, text: str) -> None:
    """Atomically write UTF-8 text to a 0600 file."""
    atomic_write_bytes(path, text.encode("utf-8"))


def append_private_text(path: Path, text: str) -> None:
    """Append to a 0600 log file (created private, whatever the umask)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, FILE_MODE)
    try:
        os.fchmod(fd, FILE_MODE)
        os.write(fd, text.encode("utf-8", errors="replace"))
    finally:
        os.close(fd)


def copy_private(src: Path, dst: Path) -> None:
    """Copy a file byte for byte into a new 0600 file (atomically)."""
    atomic_write_bytes(dst, src.read_bytes())


def remove_stale_temps(folder: Path) -> list[Path]:
    """Delete temp files a crash left behind; they are never loaded."""
    removed: list[Path] = []
    if not folder.is_dir():
        return removed
    for tmp in folder.glob(f"{TEMP_PREFIX}*{TEMP_SUFFIX}"):
        try:
            tmp.unlink()
            removed.append(tmp)
        except OSError:
            pass
    return removed


Validator = Callable[[Any], str | None]


def tinydb_shape(data: Any) -> str | None:
    """Return why ``data`` is not a TinyDB document tree, or None if it is."""
    if not isinstance(data, dict):
        return "expected a JSON object at the top"
    for table, docs in data.items():
        if not isinstance(docs, dict):
            return f"table {table!r} is not an object"
        for doc_id, doc in docs.items():
            if not (str(doc_id).isascii() and str(doc_id).isdigit()):  # "²".isdigit() is True
                return f"table {table!r} has a document id that is not a number"
            if not isinstance(doc, dict):
                return f"table {table!r} document {doc_id} is not an object"
    return None


def read_json_file(
    path: Path, validator: Validator = tinydb_shape, *, keep_damaged: bool = True
) -> Any:
    """Read and validate a JSON file written by us.

    Returns None when the file does not exist. Raises :class:`DamagedFileError` (and
    keeps a copy of the damaged bytes, never writing over the original) when it is
    empty, truncated, not UTF-8, has NUL bytes or trailing garbage, or the wrong shape.
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    reason = None
    data = None
    if not raw.strip():
        reason = "the file is empty"
    elif b"\x00" in raw:
        reason = "the file contains NUL bytes"
    else:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            reason = f"the file is not valid UTF-8 (byte {exc.start})"
        else:
            try:
                data = json.loads(text)
            except json.JSONDecodeError as exc:
                reason = f"the file is not valid JSON (line {exc.lineno}, column {exc.colno})"
            else:
                reason = validator(data)
    if reason is not None:
        raise DamagedFileError(path, reason, keep_copy(path) if keep_damaged else None)
    return data


def keep_copy(path: Path) -> Path | None:
    """Copy a damaged file into ``damaged/`` next to it; return where it went."""
    import arrow

    folder = ensure_private_dir(path.parent / "damaged")
    try:
        damaged = path.read_bytes()
    except OSError:
        return None
    for earlier in sorted(folder.glob(f"{path.name}.*"), reverse=True):
        try:
            if earlier.read_bytes() == damaged:
                return earlier  # the same damage seen again: one copy is enough
        except OSError:
            continue
    stamp = arrow.utcnow().format("YYYYMMDDTHHmmss")
    dst = folder / f"{path.name}.{stamp}"
    n = 1
    while dst.exists():
        n += 1
        dst = folder / f"{path.name}.{stamp}.{n}"
    try:
        copy_private(path, dst)  # 0600 from the first byte, unlike copyfile + chmod
    except OSError:
        return None
    return dst


def dumps(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class AtomicJSONStorage(Storage):
    """A TinyDB storage that writes atomically, privately, as UTF-8.

    It keeps the last data it read or wrote in memory, so TinyDB's habit of reading
    the storage before every operation costs nothing after the first read.
    """

    #: How the bytes reach the disk; a multi-file transaction swaps in its stager.
    write_bytes: Callable[[Path, bytes], None] = staticmethod(atomic_write_bytes)

    def __init__(self, path: str | Path, meta: dict[str, Any] | None = None, **_: Any) -> None:
        super().__init__()
        self.path = Path(path)
        self._meta = meta
        self._cache: dict[str, dict[str, Any]] | None = None
        self._loaded = False

    def read(self) -> dict[str, dict[str, Any]] | None:
        if not self._loaded:
            self._cache = read_json_file(self.path)
            self._loaded = True
        return self._cache

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        if self._meta is not None and not data.get("meta"):
            data["meta"] = {"1": dict(self._meta)}
        try:
            payload = dumps(data)  # serialise first: a failure here touches nothing
            self.write_bytes(self.path, payload)
        except BaseException:
            # TinyDB changed the dict read() returned before calling write(): forget it,
            # so the next read sees what is really on disk, not the change that failed.
            self._cache = None
            self._loaded = False
            raise
        # Keep what is on disk, not ``data``: TinyDB's documents share nested lists and
        # dicts with the caller's objects, which would otherwise change the cache (and the
        # next write) behind our back.
        self._cache = json.loads(payload)
        self._loaded = True

    def close(self) -> None:
        self._cache = None
        self._loaded = False
