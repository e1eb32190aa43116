"""The crypto layer for private notes: one sealed file per partner, opened by a passphrase.

Nothing here is home-made: ``cryptography``'s AES-256-GCM (authenticated encryption) and
Argon2id (a memory-hard key derivation, RFC 9106). The shape follows Joplin and Standard
Notes: a random **data key** encrypts the notes; the data key itself is stored twice, each
time wrapped (AES-GCM) by a key derived from a secret: once from the passphrase, once from
a recovery code shown a single time. Changing the passphrase re-wraps one 32-byte key and
never touches the notes. Each wrap has its own random salt (jrnl's v2 used a fixed salt and
was fixed after advisory GHSA-rhx6-37mm-5q9r).

File layout, version 1 (all integers big-endian)::

    magic      8 bytes   b"CKVAULT\\0"
    version    1 byte    1
    hlen       4 bytes   length of the header
    header     hlen      UTF-8 JSON: cipher, kdf parameters, the two wraps (salt, nonce, key)
    check      32 bytes  SHA-256 of everything before it
    nonce      12 bytes  random, new for every write
    body       rest      AES-256-GCM(data key, nonce, notes, aad = everything before the nonce)

The SHA-256 check tells accidental damage to the header (a flipped byte in a salt would
otherwise look like a wrong passphrase) from a wrong passphrase. Tampering is caught by the
GCM tags: the body's associated data is the whole header, so any change to it, the check
or the body fails to open with the right key and is named as damage.

Argon2id parameters (stated, and kept in each file's header so they can change later):
``ARGON2_ITERATIONS`` = 4 passes, ``ARGON2_LANES`` = 2 (this machine has 2 cores),
``ARGON2_MEMORY_KIB`` = 262144 (256 MiB). Measured on the quiet 2-core development machine
(load under 0.5), 5 runs each: t=3 / 64 MiB 0.073 s, t=5 / 128 MiB 0.26 s, t=4 / 256 MiB 0.47 s
(0.46-0.47 s), t=5 / 256 MiB 0.55 s; so t=4 / 256 MiB is the choice for "about half a
second". ``tests/benchmarks/test_bench_vault.py`` measures it again.

Random 96-bit nonces: a vault is rewritten at most about once a second while its author
types, far below the 2**32 messages per key that random GCM nonces are safe for.

Error messages name the file and never hold note text or a secret.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

from ..errors import Refusal, StoreError

MAGIC = b"CKVAULT\0"
VERSION = 1
ARGON2_ITERATIONS = 4
ARGON2_LANES = 2
ARGON2_MEMORY_KIB = 256 * 1024
SALT_BYTES = 16
NONCE_BYTES = 12
KEY_BYTES = 32
CHECK_BYTES = 32
MIN_PASSPHRASE = 8
RECOVERY_BYTES = 20  # 160 random bits, shown as 32 base32 letters in 8 groups

_PREFIX = struct.Struct(">8sBI")
_WRAP_AAD = b"checkin vault v1 data key wrapped by "


class VaultDamaged(StoreError):
    """A private file that cannot be opened with the right secret: damaged or changed."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(
            f"{path} is damaged or was changed ({reason}). It was left exactly as it is; "
            "the rest of checkin works as usual."
        )


class VaultTooNew(StoreError):
    """A private file written in a newer format than this checkin reads."""

    def __init__(self, path: Path, found: int) -> None:
        self.path = path
        self.found = found
        super().__init__(
            f"{path} was written by a newer checkin (private file version {found}; this one reads "
            f"version {VERSION}). Please update checkin; nothing was changed."
        )


class WrongSecret(Refusal):
    """The passphrase (or recovery code) does not open the file. Nothing was changed."""


@dataclass(frozen=True)
class KdfParams:
    """Argon2id parameters, stored in each file so they can be raised later."""

    iterations: int = ARGON2_ITERATIONS
    lanes: int = ARGON2_LANES
    memory_kib: int = ARGON2_MEMORY_KIB

    def derive(self, secret: str, salt: bytes) -> bytes:
        kdf = Argon2id(
            salt=salt,
            length=KEY_BYTES,
            iterations=self.iterations,
            lanes=self.lanes,
            memory_cost=self.memory_kib,
        )
        return kdf.derive(secret.encode("utf-8"))

    def to_dict(self) -> dict[str, Any]:
        return {"name": "argon2id", "t": self.iterations, "p": self.lanes, "m": self.memory_kib}

    @classmethod
    def from_dict(cls, data: Any) -> KdfParams:
        if not isinstance(data, dict) or data.get("name") != "argon2id":
            raise ValueError("unknown key derivation")
        values = [data.get(k) for k in ("t", "p", "m")]
        numbers = [v for v in values if isinstance(v, int) and not isinstance(v, bool)]
        if len(numbers) != len(values):
            raise ValueError("bad key derivation parameters")
        t, p, m = numbers
        if not (1 <= t <= 64 and 1 <= p <= 64 and 8 * p <= m <= 4 * 1024 * 1024):
            raise ValueError("key derivation parameters out of range")
        return cls(iterations=t, lanes=p, memory_kib=m)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(value: Any, size: int) -> bytes:
    if not isinstance(value, str):
        raise ValueError("not text")
    raw = base64.b64decode(value.encode("ascii"), validate=True)
    if len(raw) != size:
        raise ValueError("wrong length")
    return raw


def new_recovery_code() -> str:
    """32 base32 letters in groups of four: easy to copy onto paper, 160 random bits."""
    letters = base64.b32encode(secrets.token_bytes(RECOVERY_BYTES)).decode("ascii")
    return "-".join(letters[i : i + 4] for i in range(0, len(letters), 4))


def normal_recovery_code(code: str) -> str:
    """The code as typed, with case, spaces and dashes forgiven."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def check_new_passphrase(passphrase: str, again: str | None = None) -> None:
    """Refuse a passphrase too short to protect anything, or one typed twice differently."""
    if len(passphrase) < MIN_PASSPHRASE:
        raise Refusal(f"Please choose a passphrase of at least {MIN_PASSPHRASE} characters.")
    if again is not None and passphrase != again:
        raise Refusal("The two passphrases differ. Please type the same one twice.")


def _wrap(params: KdfParams, secret: str, data_key: bytes, which: str) -> dict[str, str]:
    salt = secrets.token_bytes(SALT_BYTES)
    nonce = secrets.token_bytes(NONCE_BYTES)
    kek = params.derive(secret, salt)
    wrapped = AESGCM(kek).encrypt(nonce, data_key, _WRAP_AAD + which.encode("ascii"))
    return {"salt": _b64(salt), "nonce": _b64(nonce), "key": _b64(wrapped)}


def _unwrap(params: KdfParams, secret: str, wrap: Any, which: str) -> bytes | None:
    salt = _unb64(wrap["salt"], SALT_BYTES)
    nonce = _unb64(wrap["nonce"], NONCE_BYTES)
    wrapped = _unb64(wrap["key"], KEY_BYTES + 16)
    kek = params.derive(secret, salt)
    try:
        return AESGCM(kek).decrypt(nonce, wrapped, _WRAP_AAD + which.encode("ascii"))
    except InvalidTag:
        return None


@dataclass
class _Parsed:
    params: KdfParams
    header: dict[str, Any]
    aad: bytes
    nonce: bytes
    body: bytes


def _parse(blob: bytes, path: Path) -> _Parsed:
    if len(blob) < _PREFIX.size or not blob.startswith(MAGIC):
        raise VaultDamaged(path, "it does not start like a checkin private file")
    # Every version keeps this prefix and the checksum after the header, so the checksum is
    # verified first: a flipped bit in the version byte is damage, not "a newer checkin".
    _magic, version, hlen = _PREFIX.unpack_from(blob)
    end = _PREFIX.size + hlen
    if len(blob) < end + CHECK_BYTES + NONCE_BYTES + 16:
        raise VaultDamaged(path, "it is cut short")
    if not secrets.compare_digest(hashlib.sha256(blob[:end]).digest(), blob[end : end + CHECK_BYTES]):
        raise VaultDamaged(path, "its header does not match its checksum")
    if version > VERSION:
        raise VaultTooNew(path, version)
    if version != VERSION:
        raise VaultDamaged(path, f"unknown version {version}")
    try:
        header = json.loads(blob[_PREFIX.size : end].decode("utf-8"))
        if not isinstance(header, dict) or header.get("cipher") != "aes-256-gcm":
            raise ValueError("unknown cipher")
        params = KdfParams.from_dict(header.get("kdf"))
        wraps = header.get("wraps")
        if not isinstance(wraps, dict) or not isinstance(wraps.get("passphrase"), dict):
            raise ValueError("no passphrase wrap")
        for wrap in wraps.values():
            if not isinstance(wrap, dict):
                raise ValueError("bad wrap")
            _unb64(wrap.get("salt"), SALT_BYTES)
            _unb64(wrap.get("nonce"), NONCE_BYTES)
            _unb64(wrap.get("key"), KEY_BYTES + 16)
    except (ValueError, UnicodeDecodeError, TypeError, KeyError):
        raise VaultDamaged(path, "its header cannot be read") from None
    body_at = end + CHECK_BYTES
    return _Parsed(params, header, blob[:body_at], blob[body_at : body_at + NONCE_BYTES], blob[body_at + NONCE_BYTES :])


class Vault:
    """An unlocked private file: it holds the data key in memory until :meth:`lock`.

    Python cannot wipe memory for certain; dropping the key is the best it offers."""

    def __init__(self, path: Path, params: KdfParams, wraps: dict[str, Any], data_key: bytes) -> None:
        self.path = Path(path)
        self.params = params
        self._wraps = dict(wraps)
        self._key: bytes | None = data_key

    # -- making and opening -------------------------------------------------------------
    @classmethod
    def create(cls, path: Path, passphrase: str, params: KdfParams | None = None) -> tuple[Vault, str]:
        """A new vault and its recovery code (to show once; it is never stored)."""
        check_new_passphrase(passphrase)
        params = params or KdfParams()
        data_key = AESGCM.generate_key(bit_length=256)
        code = new_recovery_code()
        wraps = {
            "passphrase": _wrap(params, passphrase, data_key, "passphrase"),
            "recovery": _wrap(params, normal_recovery_code(code), data_key, "recovery"),
        }
        return cls(path, params, wraps, data_key), code

    @classmethod
    def open(cls, path: Path, blob: bytes, passphrase: str) -> tuple[Vault, bytes]:
        """Unlock with the passphrase: (the vault, the notes' bytes). Raises
        :class:`WrongSecret` (nothing changes), :class:`VaultDamaged` or :class:`VaultTooNew`."""
        return cls._open(path, blob, passphrase, "passphrase")

    @classmethod
    def open_with_recovery(cls, path: Path, blob: bytes, code: str) -> tuple[Vault, bytes]:
        """Unlock with the recovery code; the caller then sets a new passphrase."""
        return cls._open(path, blob, normal_recovery_code(code), "recovery")

    @classmethod
    def _open(cls, path: Path, blob: bytes, secret: str, which: str) -> tuple[Vault, bytes]:
        parsed = _parse(blob, Path(path))
        wraps = parsed.header["wraps"]
        if which not in wraps:
            raise WrongSecret("These private notes have no recovery code.")
        data_key = _unwrap(parsed.params, secret, wraps[which], which)
        if data_key is None:
            what = "passphrase" if which == "passphrase" else "recovery code"
            raise WrongSecret(f"That {what} does not open these private notes. Nothing was changed.")
        try:
            plain = AESGCM(data_key).decrypt(parsed.nonce, parsed.body, parsed.aad)
        except InvalidTag:
            raise VaultDamaged(Path(path), "its contents do not match their seal") from None
        return cls(Path(path), parsed.params, wraps, data_key), plain

    # -- using -------------------------------------------------------------------------
    @property
    def locked(self) -> bool:
        return self._key is None

    def lock(self) -> None:
        self._key = None

    def _data_key(self) -> bytes:
        if self._key is None:
            raise Refusal("These private notes are locked. Unlock them with your passphrase first.")
        return self._key

    def seal(self, plain: bytes) -> bytes:
        """The whole file's bytes for ``plain``, with a fresh nonce."""
        key = self._data_key()
        header = json.dumps(
            {"cipher": "aes-256-gcm", "kdf": self.params.to_dict(), "wraps": self._wraps},
            separators=(",", ":"),
            sort_keys=True,
        ).encode("utf-8")
        prefix = _PREFIX.pack(MAGIC, VERSION, len(header)) + header
        aad = prefix + hashlib.sha256(prefix).digest()
        nonce = secrets.token_bytes(NONCE_BYTES)
        return aad + nonce + AESGCM(key).encrypt(nonce, plain, aad)

    def change_passphrase(self, new: str) -> None:
        """Re-wrap the data key with a new passphrase (the next :meth:`seal` writes it)."""
        check_new_passphrase(new)
        self._wraps["passphrase"] = _wrap(self.params, new, self._data_key(), "passphrase")

    def new_recovery_code(self) -> str:
        """Replace the recovery code (the old one stops working at the next seal)."""
        code = new_recovery_code()
        self._wraps["recovery"] = _wrap(self.params, normal_recovery_code(code), self._data_key(), "recovery")
        return code


def check_sealed(path: Path) -> str | None:
    """Why a private file is damaged, from what can be checked without its passphrase (the
    start, the header and its checksum), or None; the notes themselves are checked on unlock."""
    try:
        _parse(path.read_bytes(), path)
    except VaultTooNew as too_new:
        return str(too_new)
    except VaultDamaged as damaged:
        return damaged.reason
    except OSError as problem:
        return f"it cannot be read ({problem.strerror})"
    return None


def sniff(blob: bytes) -> bool:
    """Whether ``blob`` starts like a private file (for export/import and doctor)."""
    return blob.startswith(MAGIC)


def derive_seconds(params: KdfParams | None = None) -> float:
    """How long one key derivation takes here (for the benchmark)."""
    import time

    params = params or KdfParams()
    start = time.perf_counter()
    params.derive("benchmark passphrase", os.urandom(SALT_BYTES))
    return time.perf_counter() - start
