"""The crypto layer of private notes: checkin.store.vault."""

from __future__ import annotations

import hashlib
import json
import struct
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checkin.errors import Refusal
from checkin.store import vault as v
from checkin.store.vault import KdfParams, Vault, VaultDamaged, VaultTooNew, WrongSecret
from tests.kdf import FAST

PATH = Path("/data/private/a.bin")
SECRET = "correct horse battery"
NOTE = "I felt unheard on Tuesday, müde; marker-word-7731".encode()


def sealed(plain: bytes = NOTE) -> tuple[Vault, str, bytes]:
    vault, code = Vault.create(PATH, SECRET, FAST)
    return vault, code, vault.seal(plain)


def test_round_trip_gives_back_every_byte_and_hides_the_text() -> None:
    _vault, _code, blob = sealed()
    assert NOTE not in blob and b"marker-word" not in blob
    opened, plain = Vault.open(PATH, blob, SECRET)
    assert plain == NOTE
    assert not opened.locked


@pytest.mark.slow  # three real Argon2id runs of 256 MiB: seconds of CPU (CI runs it with -m slow)
def test_real_parameters_are_the_stated_ones_and_work() -> None:
    params = KdfParams()
    assert (params.iterations, params.lanes, params.memory_kib) == (4, 2, 262144)
    vault, _code = Vault.create(PATH, SECRET)
    blob = vault.seal(NOTE)
    header = json.loads(blob[13 : 13 + struct.unpack(">I", blob[9:13])[0]])
    assert header["kdf"] == {"name": "argon2id", "t": 4, "p": 2, "m": 262144}
    assert Vault.open(PATH, blob, SECRET)[1] == NOTE


def test_each_seal_uses_a_fresh_nonce() -> None:
    vault, _code, blob = sealed()
    again = vault.seal(NOTE)
    assert blob != again
    assert Vault.open(PATH, again, SECRET)[1] == NOTE


def test_salts_are_random_per_vault() -> None:
    one = Vault.create(PATH, SECRET, FAST)[0].seal(b"x")
    two = Vault.create(PATH, SECRET, FAST)[0].seal(b"x")
    salt = lambda blob: json.loads(blob[13 : 13 + struct.unpack(">I", blob[9:13])[0]])["wraps"]["passphrase"]["salt"]  # noqa: E731
    assert salt(one) != salt(two)


def test_wrong_passphrase_says_so_and_reveals_nothing() -> None:
    _vault, _code, blob = sealed()
    before = bytes(blob)
    with pytest.raises(WrongSecret, match="passphrase does not open") as caught:
        Vault.open(PATH, blob, "not the passphrase")
    assert isinstance(caught.value, Refusal)
    assert "marker" not in str(caught.value)
    assert blob == before


@pytest.mark.parametrize("where", ["magic", "version", "length", "header", "check", "nonce", "body", "tag"])
def test_a_flipped_byte_in_each_part_is_named_as_damage(where: str) -> None:
    _vault, _code, blob = sealed()
    hlen = struct.unpack(">I", blob[9:13])[0]
    end = 13 + hlen
    index = {
        "magic": 2,
        "version": 8,
        "length": 12,
        "header": 13 + hlen // 2,
        "check": end + 5,
        "nonce": end + 32 + 3,
        "body": end + 32 + 12 + 2,
        "tag": len(blob) - 1,
    }[where]
    damaged = bytearray(blob)
    damaged[index] ^= 0x01
    with pytest.raises(VaultDamaged) as caught:
        Vault.open(PATH, bytes(damaged), SECRET)
    assert str(PATH) in str(caught.value)
    assert "left exactly as it is" in str(caught.value)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_flipped_bit_anywhere_never_opens(data: st.DataObject) -> None:
    _vault, _code, blob = sealed(b"short note")
    index = data.draw(st.integers(0, len(blob) - 1))
    bit = data.draw(st.integers(0, 7))
    damaged = bytearray(blob)
    damaged[index] ^= 1 << bit
    with pytest.raises(VaultDamaged):
        Vault.open(PATH, bytes(damaged), SECRET)


def test_cut_short_and_extra_bytes_are_damage() -> None:
    _vault, _code, blob = sealed()
    for bad in (blob[:-1], blob[:20], blob + b"\0", b"", b"plain text"):
        with pytest.raises(VaultDamaged):
            Vault.open(PATH, bad, SECRET)


def test_a_newer_version_is_named_not_called_damage() -> None:
    _vault, _code, blob = sealed()
    hlen = struct.unpack(">I", blob[9:13])[0]
    prefix = bytearray(blob[: 13 + hlen])
    prefix[8] = 2
    newer = bytes(prefix) + hashlib.sha256(bytes(prefix)).digest() + blob[13 + hlen + 32 :]
    with pytest.raises(VaultTooNew, match="newer checkin"):
        Vault.open(PATH, newer, SECRET)


def test_header_is_authenticated_by_the_body_seal() -> None:
    """A header rewritten with a valid checksum (say, another wrap swapped in) still fails."""
    vault, _code, blob = sealed()
    hlen = struct.unpack(">I", blob[9:13])[0]
    header = json.loads(blob[13 : 13 + hlen])
    other, _ = Vault.create(PATH, SECRET, FAST)
    header["wraps"]["recovery"] = other._wraps["recovery"]
    raw = json.dumps(header, separators=(",", ":"), sort_keys=True).encode()
    prefix = struct.pack(">8sBI", v.MAGIC, 1, len(raw)) + raw
    forged = prefix + hashlib.sha256(prefix).digest() + blob[13 + hlen + 32 :]
    with pytest.raises(VaultDamaged, match="do not match their seal"):
        Vault.open(PATH, forged, SECRET)


def test_passphrase_change_rewraps_the_key_and_keeps_the_notes() -> None:
    vault, code, blob = sealed()
    opened, _plain = Vault.open(PATH, blob, SECRET)
    opened.change_passphrase("a brand new passphrase")
    blob2 = opened.seal(NOTE)
    with pytest.raises(WrongSecret):
        Vault.open(PATH, blob2, SECRET)
    assert Vault.open(PATH, blob2, "a brand new passphrase")[1] == NOTE
    assert Vault.open_with_recovery(PATH, blob2, code)[1] == NOTE  # the recovery code still works
    assert opened._key == vault._key  # the data key itself never changed


def test_recovery_code_opens_and_is_forgiving_about_how_it_is_typed() -> None:
    _vault, code, blob = sealed()
    assert len(v.normal_recovery_code(code)) == 32
    assert Vault.open_with_recovery(PATH, blob, code)[1] == NOTE
    assert Vault.open_with_recovery(PATH, blob, code.lower().replace("-", " "))[1] == NOTE
    with pytest.raises(WrongSecret, match="recovery code does not open"):
        Vault.open_with_recovery(PATH, blob, "AAAA-" * 8)
    assert code not in blob.decode("latin-1")


def test_recovery_then_new_passphrase() -> None:
    _vault, code, blob = sealed()
    opened, _ = Vault.open_with_recovery(PATH, blob, code)
    opened.change_passphrase("after forgetting it")
    assert Vault.open(PATH, opened.seal(NOTE), "after forgetting it")[1] == NOTE


def test_new_recovery_code_replaces_the_old_one() -> None:
    vault, old, _blob = sealed()
    new = vault.new_recovery_code()
    blob = vault.seal(NOTE)
    assert Vault.open_with_recovery(PATH, blob, new)[1] == NOTE
    with pytest.raises(WrongSecret):
        Vault.open_with_recovery(PATH, blob, old)


def test_locked_vault_refuses_to_seal() -> None:
    vault, _code, _blob = sealed()
    vault.lock()
    assert vault.locked
    with pytest.raises(Refusal, match="locked"):
        vault.seal(b"x")


def test_short_or_mismatched_passphrases_are_refused_calmly() -> None:
    with pytest.raises(Refusal, match="at least 8"):
        Vault.create(PATH, "short", FAST)
    with pytest.raises(Refusal, match="differ"):
        v.check_new_passphrase("long enough one", "long enough two")
    v.check_new_passphrase("long enough one", "long enough one")


def test_hostile_kdf_parameters_are_damage_not_a_hang() -> None:
    vault, _code, blob = sealed()
    hlen = struct.unpack(">I", blob[9:13])[0]
    header = json.loads(blob[13 : 13 + hlen])
    header["kdf"]["m"] = 1 << 40
    raw = json.dumps(header).encode()
    prefix = struct.pack(">8sBI", v.MAGIC, 1, len(raw)) + raw
    forged = prefix + hashlib.sha256(prefix).digest() + blob[13 + hlen + 32 :]
    with pytest.raises(VaultDamaged, match="header cannot be read"):
        Vault.open(PATH, forged, SECRET)


@settings(max_examples=80, deadline=None)
@given(plain=st.binary(max_size=4096), passphrase=st.text(min_size=8, max_size=40))
def test_seal_then_open_loses_nothing(plain: bytes, passphrase: str) -> None:
    vault, code = Vault.create(PATH, passphrase, FAST)
    blob = vault.seal(plain)
    assert Vault.open(PATH, blob, passphrase)[1] == plain
    assert Vault.open_with_recovery(PATH, blob, code)[1] == plain
