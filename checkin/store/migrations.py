"""Schema versions. Every data file carries ``meta`` -> {"schema": N}.

Opening a file written by an older version runs each step from its version up to
``CURRENT`` on the raw data (all tables), after keeping a copy of the original in
``backups/``. Steps only add or reshape what they know; unknown fields are kept.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tinydb import TinyDB

from ..core.clock import Clock
from ..errors import NewerDataError
from .atomic import AtomicJSONStorage, copy_private, ensure_private_dir

CURRENT = 1

Raw = dict[str, dict[str, Any]]


def _v0_to_v1(data: Raw) -> Raw:
    """Files from before versioning had no ``meta`` table; nothing else changed."""
    return data


#: MIGRATIONS[n] turns data of schema n into schema n + 1.
MIGRATIONS: dict[int, Callable[[Raw], Raw]] = {0: _v0_to_v1}


def meta_doc() -> dict[str, Any]:
    return {"schema": CURRENT}


def version_of(data: Raw | None) -> int:
    meta = (data or {}).get("meta", {}).get("1")
    if not isinstance(meta, dict):
        return 0
    version = meta.get("schema", 0)
    return version if isinstance(version, int) else 0


def upgrade(db: TinyDB, path: Path, clock: Clock) -> bool:
    """Read (and so validate) ``path`` and migrate it to CURRENT. True if it was rewritten."""
    storage: AtomicJSONStorage = db.storage  # type: ignore[assignment]
    data = storage.read()
    if data is None:
        return False
    found = version_of(data)
    if found > CURRENT:
        raise NewerDataError(path, found, CURRENT)
    if found == CURRENT:
        return False
    if storage.read_only:  # read-only data: upgrade what is read, in memory only
        new = copy.deepcopy(data)
        for version in range(found, CURRENT):
            new = MIGRATIONS[version](new)
        new.setdefault("meta", {})["1"] = {**new.get("meta", {}).get("1", {}), **meta_doc()}
        storage.keep_in_memory(new)
        db.clear_cache()
        return False
    folder = ensure_private_dir(path.parent / "backups" / "before-upgrade")
    stamp = clock.now().format("YYYYMMDDTHHmmss")
    copy_private(path, folder / f"{path.stem}.v{found}.{stamp}.json")
    new = copy.deepcopy(data)
    for version in range(found, CURRENT):
        new = MIGRATIONS[version](new)
    new.setdefault("meta", {})["1"] = {**new.get("meta", {}).get("1", {}), **meta_doc()}
    storage.write(new)
    db.clear_cache()
    return True
