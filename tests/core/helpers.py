"""Shared helpers for the vault tests: real SQLCipher files, child processes, page decryption.

Nothing here mocks the database. `decrypt_pages` is an independent SQLCipher 4 reader written
from the published format (PBKDF2-HMAC-SHA512 256,000 iterations, AES-256-CBC, HMAC-SHA512 over
each page, 4096-byte pages, 16-byte salt at the start of the file) so tests can look inside the
encrypted pages without going through the code under test.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from organizer.core import records
from organizer.core.vault import Vault
from tests.conftest import PASSPHRASE as PASSPHRASE
from tests.conftest import VaultTemplate, session_template

REPO = Path(__file__).resolve().parents[2]
NEW_PASSPHRASE = "violet anchor meadow lantern"
MARKER = "ZZMARKER-Ravi-Petition"
SQLITE_HEADER = b"SQLite format 3\x00"

PAGE_SIZE = 4096
SALT_SIZE = 16
IV_SIZE = 16
HMAC_SIZE = 64
RESERVE = IV_SIZE + HMAC_SIZE  # 80, already a multiple of the AES block size


# ----- files ----------------------------------------------------------------------------------


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def is_vault_lock(path: Path) -> bool:
    """The empty lock file a vault keeps beside itself (`VaultLock`): no data, so "nothing
    else was written" leaves it out; a lock file with bytes in it still counts."""
    return path.name.startswith(".") and path.name.endswith(".lock") and (
        not path.is_file() or path.stat().st_size == 0
    )


def names_in(folder: Path) -> set[str]:
    return {entry.name for entry in folder.iterdir() if not is_vault_lock(entry)}


def marker_forms(marker: str = MARKER) -> list[bytes]:
    """The marker as it could sit on disk in plaintext: UTF-8 and both UTF-16 byte orders."""
    return [marker.encode("utf-8"), marker.encode("utf-16-le"), marker.encode("utf-16-be")]


def plaintext_leaks(folder: Path, markers: list[str]) -> list[str]:
    """Every file in `folder` holding a marker or starting like a plaintext SQLite file."""
    found: list[str] = []
    for entry in sorted(folder.rglob("*")):
        if not entry.is_file():
            continue
        data = entry.read_bytes()
        if data.startswith(SQLITE_HEADER):
            found.append(f"{entry.name}: plaintext SQLite header")
        for marker in markers:
            for form in marker_forms(marker):
                if form in data:
                    found.append(f"{entry.name}: {marker!r} as {form[:6]!r}...")
    return found


# ----- vaults ---------------------------------------------------------------------------------


# The template vault lives in tests/conftest.py (one per session, shared by the whole suite);
# these names stay for the modules that import them from here.
Template = VaultTemplate
shared_template = session_template


def add_person(conn: object, name: str, notes: str = "") -> str:
    """Insert one person with `conn` (inside a transaction the caller holds)."""
    person_id = records.new_id()
    stamp = records.now()
    conn.execute(  # type: ignore[attr-defined]
        "INSERT INTO person (id, name, notes, created_at, updated_at) VALUES (?,?,?,?,?)",
        (person_id, name, notes, stamp, stamp),
    )
    return person_id


def add_marker_person(vault: Vault, name: str = MARKER) -> str:
    with vault.transaction() as conn:
        return add_person(conn, name)


def person_names(vault: Vault) -> list[str]:
    return [row[0] for row in vault.connection.execute("SELECT name FROM person ORDER BY name")]


# ----- child processes ------------------------------------------------------------------------


def run_child(
    script: str,
    *args: str,
    stdin: str = "",
    timeout: float = 60,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run `script` in a fresh interpreter of this venv, from the repository root."""
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script), *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=REPO,
        env=child_env(env),
        check=False,
    )


def child_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO)
    env.pop("PYTHONSTARTUP", None)
    env.update(extra or {})
    return env


# ----- an independent SQLCipher 4 reader ------------------------------------------------------


def key_bytes(raw_key: str) -> bytes:
    """The 32-byte encryption key out of SQLCipher's `x'<key hex><salt hex>'` form."""
    assert raw_key.startswith("x'") and raw_key.endswith("'")
    return bytes.fromhex(raw_key[2:-1])[:32]


def passphrase_key(passphrase: str, salt: bytes) -> bytes:
    return hashlib.pbkdf2_hmac("sha512", passphrase.encode("utf-8"), salt, 256_000, 32)


def decrypt_pages(data: bytes, key: bytes) -> list[bytes]:
    """Every page of an SQLCipher 4 file, HMAC-checked and decrypted (plain SQLite pages)."""
    pytest.importorskip("cryptography", reason="the independent reader needs cryptography's AES")
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    assert len(data) % PAGE_SIZE == 0, "not a whole number of pages"
    salt = data[:SALT_SIZE]
    hmac_salt = bytes(b ^ 0x3A for b in salt)
    hmac_key = hashlib.pbkdf2_hmac("sha512", key, hmac_salt, 2, 32)
    pages: list[bytes] = []
    for index in range(len(data) // PAGE_SIZE):
        number = index + 1
        page = data[index * PAGE_SIZE : number * PAGE_SIZE]
        start = SALT_SIZE if number == 1 else 0
        ciphertext = page[start : PAGE_SIZE - RESERVE]
        iv = page[PAGE_SIZE - RESERVE : PAGE_SIZE - HMAC_SIZE]
        stored_mac = page[PAGE_SIZE - HMAC_SIZE :]
        mac = hmac.new(hmac_key, ciphertext + iv + number.to_bytes(4, "little"), "sha512")
        if not hmac.compare_digest(mac.digest(), stored_mac):
            raise ValueError(f"page {number} fails its HMAC check")
        decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
        plain = decryptor.update(ciphertext) + decryptor.finalize()
        head = SQLITE_HEADER if number == 1 else b""
        pages.append(head + plain + bytes(RESERVE))
    return pages


def plaintext_image(path: Path, passphrase: str) -> bytes:
    """The vault as a plain SQLite database image, decrypted with only its passphrase."""
    data = path.read_bytes()
    key = passphrase_key(passphrase, data[:SALT_SIZE])
    image = bytearray(b"".join(decrypt_pages(data, key)))
    image[18:20] = b"\x01\x01"  # WAL mode -> rollback journal, so it can live in memory
    return bytes(image)


def table_leaf_pages(pages: list[bytes], root: int) -> list[int]:
    """Page numbers of the leaves of the table b-tree rooted at `root` (decrypted pages)."""
    leaves: list[int] = []
    pending = [root]
    while pending:
        number = pending.pop()
        page = pages[number - 1]
        header = 100 if number == 1 else 0
        kind = page[header]
        if kind == 0x0D:
            leaves.append(number)
            continue
        assert kind == 0x05, f"page {number} is not part of a table b-tree"
        cells = int.from_bytes(page[header + 3 : header + 5], "big")
        pending.append(int.from_bytes(page[header + 8 : header + 12], "big"))
        for index in range(cells):
            at = header + 12 + 2 * index
            offset = int.from_bytes(page[at : at + 2], "big")
            pending.append(int.from_bytes(page[offset : offset + 4], "big"))
    return sorted(leaves)


def add_many_people(vault: Vault, count: int, prefix: str = "Person") -> None:
    with vault.transaction() as conn:
        for number in range(count):
            add_person(conn, f"{prefix} {number:05d}", notes=f"notes about {prefix} {number}")


def person_root_page(path: Path, raw_key: str) -> int:
    vault = Vault.open_with_key(path, raw_key)
    try:
        row = vault.connection.execute(
            "SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = 'person'"
        ).fetchone()
    finally:
        vault.close()
    return int(row[0])


def damage_person_page(path: Path, raw_key: str) -> int:
    """Flip bytes inside one leaf page of the person table (found by decrypting the file)."""
    root = person_root_page(path, raw_key)
    data = bytearray(path.read_bytes())
    leaves = table_leaf_pages(decrypt_pages(bytes(data), key_bytes(raw_key)), root)
    assert len(leaves) > 3, "fill the vault with people first"
    number = leaves[len(leaves) // 2]
    assert number >= 3
    at = (number - 1) * PAGE_SIZE + 1000
    data[at : at + 16] = bytes(byte ^ 0xFF for byte in data[at : at + 16])
    path.write_bytes(bytes(data))
    return number


# A child that commits `sys.argv[2]`, then writes `sys.argv[3]` without committing and dies.
# It prints the WAL size after the commit and after the uncommitted writes.
KILLED_WRITER = """
    import os, sys
    from pathlib import Path
    from organizer.core.vault import Vault
    from tests.core.helpers import add_person

    path, committed, uncommitted = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    vault = Vault.open_with_key(path, sys.stdin.readline().strip())
    with vault.transaction() as conn:
        add_person(conn, committed, notes=committed * 20)
    print(os.path.getsize(f"{path}-wal"), flush=True)
    conn = vault.connection
    conn.execute("PRAGMA cache_size = 2")  # spill the open transaction's pages to the WAL
    conn.execute("BEGIN IMMEDIATE")
    for number in range(300):
        add_person(conn, f"{uncommitted} {number}", notes=uncommitted * 20)
    print(os.path.getsize(f"{path}-wal"), flush=True)
    os._exit(1)
"""


def kill_writer_midway(
    path: Path, raw_key: str, committed: str, uncommitted: str
) -> tuple[int, int]:
    """Run KILLED_WRITER; the WAL sizes it saw after its commit and before it died."""
    child = run_child(KILLED_WRITER, str(path), committed, uncommitted, stdin=raw_key + "\n")
    assert child.returncode == 1, child.stderr
    after_commit, before_death = (int(line) for line in child.stdout.split())
    return after_commit, before_death
