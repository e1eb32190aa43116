"""Each partner's private journal: ``private/a.bin`` and ``private/b.bin``, always sealed.

The file is a :mod:`checkin.store.vault` file whose sealed content is UTF-8 JSON::

    {"format": 1, "partner": "a", "entries": [{"id": ..., "kind": ..., ...}, ...]}

Nothing private is ever written in plain text: the JSON is built in memory, sealed, and
the sealed bytes go through :func:`~checkin.store.atomic.atomic_write_bytes` (a temp file
holding the *sealed* bytes, fsync, rename), so a kill at any moment leaves the old sealed
file or the new one. The folder is 0700 and each file 0600.

A damaged file is never written over: :class:`~checkin.store.vault.VaultDamaged` names it
and the journal stays closed (the rest of the app works).
"""

from __future__ import annotations

import base64
import copy
import json
from pathlib import Path
from typing import Any

from ..errors import Refusal
from .atomic import atomic_write_bytes, ensure_private_dir
from .vault import KdfParams, Vault, VaultDamaged, check_new_passphrase, sniff

FOLDER = "private"
FORMAT = 1
MAX_FILE = 64 * 1024 * 1024  # a journal is text; anything bigger is not ours


def journal_path(folder: Path, partner: str) -> Path:
    if partner not in ("a", "b"):
        raise ValueError(f"no partner {partner!r}")
    return Path(folder) / FOLDER / f"{partner}.bin"


class PrivateJournal:
    """One partner's private notes. Locked until :meth:`unlock`; every change is saved at once."""

    def __init__(self, folder: Path, partner: str, params: KdfParams | None = None) -> None:
        self.folder = Path(folder)
        self.partner = partner
        self.path = journal_path(self.folder, partner)
        self._params = params  # None: the stated Argon2id parameters (tests pass cheap ones)
        self._vault: Vault | None = None
        self._data: dict[str, Any] = {}

    # -- state -------------------------------------------------------------------------
    @property
    def exists(self) -> bool:
        """Whether a passphrase was set (the file is there)."""
        return self.path.exists()

    @property
    def unlocked(self) -> bool:
        return self._vault is not None and not self._vault.locked

    def lock(self) -> None:
        """Forget the key and every note held in memory."""
        if self._vault is not None:
            self._vault.lock()
        self._vault = None
        self._data = {}

    # -- setting up and opening ----------------------------------------------------------
    def set_up(self, passphrase: str, again: str | None = None) -> str:
        """Create the journal with its passphrase; return the recovery code (show it once)."""
        if self.exists:
            raise Refusal("A passphrase is already set for these private notes.")
        check_new_passphrase(passphrase, again)
        vault, code = Vault.create(self.path, passphrase, self._params)
        self._vault = vault
        self._data = {"format": FORMAT, "partner": self.partner, "entries": []}
        self.save()
        return code

    def unlock(self, passphrase: str) -> None:
        """Open with the passphrase. Raises WrongSecret (nothing changes), VaultDamaged."""
        vault, plain = Vault.open(self.path, self._read(), passphrase)
        self._accept(vault, plain)

    def unlock_with_recovery(self, code: str, new_passphrase: str, again: str | None = None) -> None:
        """Open with the recovery code and set a new passphrase at once."""
        check_new_passphrase(new_passphrase, again)
        vault, plain = Vault.open_with_recovery(self.path, self._read(), code)
        self._accept(vault, plain)
        vault.change_passphrase(new_passphrase)
        self.save()

    def change_passphrase(self, current: str, new: str, again: str | None = None) -> None:
        """Check the current passphrase, then re-wrap the data key with the new one."""
        check_new_passphrase(new, again)
        vault, _plain = Vault.open(self.path, self._read(), current)
        if not self.unlocked:
            self._accept(vault, _plain)
        assert self._vault is not None
        self._vault.change_passphrase(new)
        self.save()

    def _read(self) -> bytes:
        try:
            if self.path.stat().st_size > MAX_FILE:
                raise VaultDamaged(self.path, "it is far bigger than a journal can be")
            return self.path.read_bytes()
        except FileNotFoundError:
            raise Refusal("No passphrase is set yet for these private notes.") from None

    def _accept(self, vault: Vault, plain: bytes) -> None:
        try:
            data = json.loads(plain.decode("utf-8"))
            if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
                raise ValueError("no entries")
            if not all(isinstance(e, dict) and isinstance(e.get("id"), str) for e in data["entries"]):
                raise ValueError("bad entry")
        except (ValueError, UnicodeDecodeError):
            raise VaultDamaged(self.path, "its sealed contents are not a journal") from None
        if isinstance(data.get("format"), int) and data["format"] > FORMAT:
            from .vault import VaultTooNew

            raise VaultTooNew(self.path, data["format"])
        self._vault = vault
        self._data = data

    # -- notes -------------------------------------------------------------------------
    def _need_open(self) -> dict[str, Any]:
        if not self.unlocked:
            raise Refusal("Your private notes are locked. Unlock them with your passphrase first.")
        return self._data

    def entries(self) -> list[dict[str, Any]]:
        """Copies of every entry, oldest first."""
        return copy.deepcopy(self._need_open()["entries"])

    def entry(self, entry_id: str) -> dict[str, Any] | None:
        for entry in self._need_open()["entries"]:
            if entry.get("id") == entry_id:
                return copy.deepcopy(entry)
        return None

    def put(self, entry: dict[str, Any]) -> None:
        """Add or replace an entry (by its id) and save the journal at once."""
        if not isinstance(entry.get("id"), str):
            raise ValueError("an entry needs a text id")
        entries = self._need_open()["entries"]
        fresh = copy.deepcopy(entry)
        for i, old in enumerate(entries):
            if old.get("id") == entry["id"]:
                entries[i] = fresh
                break
        else:
            entries.append(fresh)
        self.save()

    def remove(self, entry_id: str) -> bool:
        entries = self._need_open()["entries"]
        kept = [e for e in entries if e.get("id") != entry_id]
        if len(kept) == len(entries):
            return False
        self._data["entries"] = kept
        self.save()
        return True

    def next_id(self, prefix: str = "e") -> str:
        taken = {e.get("id") for e in self._need_open()["entries"]}
        n = len(taken) + 1
        while f"{prefix}{n}" in taken:
            n += 1
        return f"{prefix}{n}"

    def save(self) -> None:
        """Seal everything and replace the file atomically (only sealed bytes reach the disk)."""
        data = self._need_open()
        assert self._vault is not None
        plain = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "replace")
        sealed = self._vault.seal(plain)
        ensure_private_dir(self.path.parent)
        atomic_write_bytes(self.path, sealed)


# -- export and import: private data travels still sealed ------------------------------------

CHUNK = 16_000  # base64 characters per piece: an export keeps every text under 20,000


def export_sealed(folder: Path) -> dict[str, list[str]]:
    """{partner: the sealed file in base64 pieces} for each journal there is (never opened)."""
    out: dict[str, list[str]] = {}
    for partner in ("a", "b"):
        path = journal_path(folder, partner)
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            continue
        text = base64.b64encode(raw).decode("ascii")
        out[partner] = [text[i : i + CHUNK] for i in range(0, len(text), CHUNK)]
    return out


def sealed_from_export(sealed: Any) -> dict[str, bytes]:
    """The sealed files an export carries, checked; Refusal if they are not in checkin's form."""
    if sealed is None:
        return {}
    unknown = Refusal("The private notes in this file are not in a form checkin knows; nothing was changed.")
    if not isinstance(sealed, dict):
        raise unknown
    out: dict[str, bytes] = {}
    for partner, pieces in sealed.items():
        if partner not in ("a", "b") or not isinstance(pieces, list) or not all(isinstance(p, str) for p in pieces):
            raise unknown
        try:
            raw = base64.b64decode("".join(pieces).encode("ascii"), validate=True)
        except (ValueError, UnicodeEncodeError):
            raise Refusal("The private notes in this file are damaged; nothing was changed.") from None
        if not sniff(raw) or len(raw) > MAX_FILE:
            raise Refusal("The private notes in this file are damaged; nothing was changed.")
        out[partner] = raw
    return out


def import_sealed(folder: Path, sealed: dict[str, bytes]) -> tuple[list[str], list[str]]:
    """Write sealed journals (from :func:`sealed_from_export`): (partners written, partners kept).

    A journal already here is never replaced: two journals cannot be merged without opening
    them, so a different one in the file is left out (and named by the caller)."""
    written: list[str] = []
    kept: list[str] = []
    for partner, raw in sealed.items():
        path = journal_path(folder, partner)
        if path.exists():
            if path.read_bytes() != raw:
                kept.append(partner)
            continue
        ensure_private_dir(path.parent)
        atomic_write_bytes(path, raw)
        written.append(partner)
    return written, kept
