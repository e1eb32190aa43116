"""Atomic, private, validated files, and the TinyDB storage built on them.

TinyDB's own ``JSONStorage`` rewrites its file in place and truncates afterwards, so a
kill at the wrong moment leaves half a file; it also creates files anyone can read.
Here every write goes: serialise -> temp file in the same folder (0600) -> flush ->
fsync -> ``os.replace`` -> fsync the folder. A reader therefore sees the old file or
the new one, never a mix.
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import json
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from ..errors import DamagedFileError, RefusedWriteError
from .frozen import MAX_DEPTH, NotJSON, TooDeep, freeze, loads_frozen, thaw
from .schema import file_check, tinydb_shape  # noqa: F401 - tinydb_shape is used by others

FILE_MODE = 0o600
DIR_MODE = 0o700
TEMP_PREFIX = "."
TEMP_SUFFIX = ".checkin-tmp"


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) if needed, 0700 whatever the umask.

    Parents created here are made 0700 too (``mkdir(parents=True)`` would create them
    with the umask's mode, e.g. 0777 under ``umask 000``). A folder that already exists
    is only ever made more private: group and other bits are taken away, the owner's
    bits are left as the user set them (``chmod 500`` stays 0500). Where even that cannot
    be done (a read-only mount, someone else's folder) it is left as it is."""
    missing = []
    probe = path
    while not probe.exists() and probe.parent != probe:
        missing.append(probe)
        probe = probe.parent
    for folder in reversed(missing):
        folder.mkdir(exist_ok=True, mode=DIR_MODE)
        os.chmod(folder, DIR_MODE)
    if path.exists() and not path.is_dir():
        raise FileExistsError(errno.EEXIST, "not a folder", str(path))
    make_more_private(path, DIR_MODE)
    return path


def make_more_private(path: Path, allowed: int) -> None:
    """Take away the mode bits of ``path`` outside ``allowed``; never add one."""
    mode = stat.S_IMODE(os.stat(path).st_mode)
    if mode & ~allowed:
        try:
            os.chmod(path, mode & allowed)
        except OSError as exc:
            if exc.errno not in (errno.EROFS, errno.EPERM, errno.EACCES):
                raise


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def temp_path_for(path: Path) -> Path:
    return path.with_name(f"{TEMP_PREFIX}{path.name}.{os.urandom(4).hex()}{TEMP_SUFFIX}")


def atomic_write_bytes(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Replace ``path`` with ``data`` atomically and durably; the file ends up 0600.

    On any failure the old file is untouched and the temp file is removed. A symlink is
    followed: its target is replaced (in the target's folder) and the link stays.
    ``durable=False`` skips the two fsyncs: still atomic (old or new, never half), but a
    power cut may lose the change. Only for files that hold nothing a couple wrote and
    are remade anyway (the lock's holder record): an fsync can take a second on a busy disk.
    """
    if path.is_symlink():
        path = Path(os.path.realpath(path))
    tmp = temp_path_for(path)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    try:
        try:
            os.fchmod(fd, FILE_MODE)
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            if durable:
                os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    if durable:
        _fsync_dir(path.parent)


def write_private_text(path: Path, text: str, *, durable: bool = True) -> None:
    """Atomically write UTF-8 text to a 0600 file (see :func:`atomic_write_bytes`)."""
    atomic_write_bytes(path, text.encode("utf-8"), durable=durable)


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


def validator_for(path: Path) -> Validator:
    """The check every reader and writer of ``path`` uses: TinyDB's shape, then the
    field types the app relies on for that data file (see :mod:`checkin.store.schema`)."""
    return file_check(path.name)


def parse_json_bytes(raw: bytes, validator: Validator) -> tuple[Any, str | None]:
    """(read-only tree, None) for good bytes, else (None, why the bytes are damaged)."""
    if not raw.strip():
        return None, "the file is empty"
    if b"\x00" in raw:
        return None, "the file contains NUL bytes"
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, f"the file is not valid UTF-8 (byte {exc.start})"
    # Valid UTF-8 cannot hold a lone surrogate; only a JSON escape like \ud800 can.
    escaped = b"\\ud" in raw or b"\\uD" in raw
    try:
        tree = freeze(json.loads(text)) if escaped else loads_frozen(text)
    except json.JSONDecodeError as exc:
        return None, f"the file is not valid JSON (line {exc.lineno}, column {exc.colno})"
    except (RecursionError, TooDeep):
        return None, f"the file is nested more than {MAX_DEPTH} levels deep"
    except NotJSON:  # pragma: no cover - json.loads gives only JSON values
        return None, "the file holds values JSON cannot"
    return tree, validator(tree)


def read_json_file(
    path: Path,
    validator: Validator | None = None,
    *,
    keep_damaged: bool = True,
    frozen: bool = False,
) -> Any:
    """Read and validate a JSON file written by us.

    Returns None when the file does not exist. Raises :class:`DamagedFileError` (and
    keeps a copy of the damaged bytes, never writing over the original) when it is
    empty, truncated, not UTF-8, has NUL bytes or trailing garbage, is nested too deeply,
    or has the wrong shape or field types (``validator``, by default
    :func:`validator_for` the file's name). ``frozen`` returns the read-only tree the
    storage caches instead of a plain copy.
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    tree, reason = parse_json_bytes(raw, validator or validator_for(path))
    if reason is not None:
        raise DamagedFileError(path, reason, keep_copy(path) if keep_damaged else None)
    return tree if frozen else thaw(tree)


def keep_copy(path: Path) -> Path | None:
    """Copy a damaged file into ``damaged/`` next to it; return where it went."""
    import arrow

    try:
        damaged = path.read_bytes()
        folder = ensure_private_dir(path.parent / "damaged")
    except OSError:  # e.g. a read-only data folder: the damage is still named
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


_DUMPS_DEFAULTS: dict[str, Any] = {"ensure_ascii": False, "separators": (",", ":")}


def dumps(data: Any, **options: Any) -> bytes:
    return json.dumps(data, **{**_DUMPS_DEFAULTS, **options}).encode("utf-8")


READ_ONLY_MODES = ("r", "rb")
WRITABLE_MODES = ("r+", "rb+")


def _fresh(tree: dict[str, dict[str, Any]] | None) -> dict[str, dict[str, Any]] | None:
    """New dicts for the top three levels of the cached tree (file -> table -> document):
    TinyDB changes those in place before it writes. Below a document, values are the
    cache's read-only ones (see :mod:`checkin.store.frozen`)."""
    if tree is None:
        return None
    return {name: {doc_id: dict(doc) for doc_id, doc in docs.items()} for name, docs in tree.items()}


class AtomicJSONStorage(Storage):
    """A TinyDB storage that writes atomically, privately (0600), as UTF-8.

    Options are TinyDB's ``JSONStorage`` ones, each honoured or refused, never ignored:

    - ``access_mode``: ``"r+"`` (the default; also ``"rb+"``) or ``"r"`` (also ``"rb"``),
      read-only: every write raises ``OSError`` like TinyDB's. Anything else (``"w"``,
      ``"a"``...) raises ``ValueError``: those modes lose data.
    - ``create_dirs``: create the missing folder (and parents) 0700. Without it a missing
      folder fails at open with ``FileNotFoundError`` naming the file.
    - ``encoding``: only UTF-8 (``None``, ``"utf-8"``, ``"utf8"``...); others raise
      ``ValueError``.
    - every ``json.dumps`` option (``indent``, ``sort_keys``, ``default``...) is passed to
      ``json.dumps``; an unknown one raises ``TypeError`` at open, not at the first write.
    - ``meta`` (ours): a document stored as table ``meta`` doc 1 when a write has none.
    - ``validator`` (ours): what a file must look like; by default
      :func:`validator_for` the file's name (TinyDB's shape, then field types).

    Declared differences from ``JSONStorage`` (each has a test in
    ``tests/unit/test_storage_contract.py``):

    1. **Damage is refused, never read as empty.** A file that is empty (0 bytes, which is
       what ``TinyDB(path).close()`` leaves: we never write one, so it means damage such as
       a file system losing a write), cut short, not UTF-8, holding NUL bytes, nested more
       than 64 levels, or not shaped like the app's data raises
       :class:`~checkin.errors.DamagedFileError` naming the file, and a copy goes to
       ``damaged/``. ``checkin doctor --restore`` puts back the newest good backup (an
       empty file with no backup held nothing and is removed).
    2. **Writes are checked with the reading check.** Data that reading would call damaged
       (not tables of numbered documents, wrong field types, too deep) is refused with
       :class:`~checkin.errors.RefusedWriteError` before anything is written.
    3. **Cached under the single-instance lock.** The first read is kept in memory; later
       reads do not see the file changed by someone else (the data folder's lock lets one
       checkin at a time use it). ``close()`` forgets the cache.
    4. **Nothing returned is shared.** Documents are copies, as in TinyDB; values nested in
       them are read-only (changing one raises ``TypeError``; ``copy.deepcopy`` gives plain
       ones), so no caller can change the cache or what the next write saves.
    5. **Text is made valid.** A lone surrogate (which UTF-8 cannot hold) becomes U+FFFD
       instead of failing the write.
    6. **The file is created at the first write**, not at open (no empty file is left);
       in read-only mode a missing file reads as an empty database.
    7. **A symlinked file is followed**: its target is replaced atomically and the link
       stays a link.
    """

    #: How the bytes reach the disk; a multi-file transaction swaps in its stager.
    write_bytes: Callable[[Path, bytes], None] = staticmethod(atomic_write_bytes)

    def __init__(
        self,
        path: str | Path,
        meta: dict[str, Any] | None = None,
        *,
        create_dirs: bool = False,
        encoding: str | None = None,
        access_mode: str = "r+",
        validator: Validator | None = None,
        **dumps_options: Any,
    ) -> None:
        super().__init__()
        if access_mode not in READ_ONLY_MODES + WRITABLE_MODES:
            raise ValueError(
                f"AtomicJSONStorage: access_mode {access_mode!r} is not supported "
                f"(use 'r' to read only or 'r+' to read and write)"
            )
        if encoding is not None and codecs.lookup(encoding).name != "utf-8":
            raise ValueError(f"AtomicJSONStorage: encoding {encoding!r} is not supported (UTF-8 only)")
        try:
            json.dumps({}, **{**_DUMPS_DEFAULTS, **dumps_options})
        except TypeError as exc:
            raise TypeError(f"AtomicJSONStorage: unsupported option ({exc})") from None
        self.path = Path(path)
        self.access_mode = access_mode
        self.read_only = access_mode in READ_ONLY_MODES
        folder = self.path.parent
        if create_dirs:
            if self.read_only:
                raise ValueError("AtomicJSONStorage: create_dirs needs a writable access_mode")
            ensure_private_dir(folder)
        elif not folder.is_dir():
            raise FileNotFoundError(errno.ENOENT, f"no folder {folder} for the database", str(self.path))
        self._meta = meta
        self._dumps_options = dumps_options
        self._validator = validator or validator_for(self.path)
        self._cache: dict[str, dict[str, Any]] | None = None
        self._loaded = False
        #: Goes up whenever what this storage holds may have changed (a read from disk, a write,
        #: a failed write, a close): what a caller derived from it at an older one is stale.
        self.generation = 0

    def read(self) -> dict[str, dict[str, Any]] | None:
        if not self._loaded:
            self._cache = read_json_file(self.path, self._validator, frozen=True)
            self._loaded = True
            self.generation += 1
        return _fresh(self._cache)

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        if self.read_only:
            raise OSError(
                f'Cannot write to the database. Access mode is "{self.access_mode}" ({self.path})'
            )
        if self._meta is not None and not data.get("meta"):
            data = {**data, "meta": {"1": dict(self._meta)}}
        try:
            tree = self._checked_tree(data)
            payload = dumps(tree, **self._dumps_options)  # a failure here touches nothing
            self.write_bytes(self.path, payload)
        except BaseException:
            # Forget the cache so the next read sees what is really on disk.
            self._cache = None
            self._loaded = False
            self.generation += 1
            raise
        self._cache = tree
        self._loaded = True
        self.generation += 1

    def _checked_tree(self, data: Any) -> Any:
        """The read-only tree to write and cache, refused if reading would refuse it."""
        try:
            try:
                tree = freeze(data)
            except NotJSON:  # only json.dumps(default=...) knows: write what it makes
                text = json.dumps(data, **{**_DUMPS_DEFAULTS, **self._dumps_options})
                tree = freeze(json.loads(text))
        except (TooDeep, RecursionError):
            raise RefusedWriteError(self.path, f"nested more than {MAX_DEPTH} levels deep") from None
        reason = self._validator(tree)
        if reason is not None:
            raise RefusedWriteError(self.path, reason)
        return tree

    def keep_in_memory(self, data: dict[str, dict[str, Any]]) -> None:
        """Use ``data`` as the file's content without writing it (an upgrade in memory on
        read-only data). Refused like a write if reading would refuse it."""
        self._cache = self._checked_tree(data)
        self._loaded = True
        self.generation += 1

    def close(self) -> None:
        self._cache = None
        self._loaded = False
        self.generation += 1
