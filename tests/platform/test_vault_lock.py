"""One process per vault through a lock file beside it: held while open, gone after close,
not blocking after a crash, and one sentence on a drive that cannot lock."""

from __future__ import annotations

import errno
import hashlib
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from organizer.core import people
from organizer.core.errors import VaultInUse, VaultLocation
from organizer.core.people import Person
from organizer.core.vault import Vault, lock_file_for
from tests.conftest import VaultTemplate

REPO = Path(__file__).resolve().parents[2]
HOLDER = textwrap.dedent("""
    import sys, time
    from organizer.core.vault import Vault
    vault = Vault.open_with_key(sys.argv[1], sys.argv[2])
    print("open", flush=True)
    time.sleep(120)
""")


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_lock_file_sits_beside_the_vault_only_while_it_is_open(
    empty_vault_template: VaultTemplate, tmp_path: Path
) -> None:
    vault = empty_vault_template.open_copy(tmp_path)
    lock = lock_file_for(vault.path)
    assert lock == tmp_path / ".campaign.vault.lock"
    assert lock.read_bytes() == b""
    if sys.platform != "win32":
        assert lock.stat().st_mode & 0o777 == 0o600
    with pytest.raises(VaultInUse, match="already open in Organizer"):
        Vault.open_with_key(vault.path, empty_vault_template.raw_key)
    vault.close()
    assert not lock.exists()
    Vault.open_with_key(vault.path, empty_vault_template.raw_key).close()


def test_a_killed_process_leaves_no_lock_that_blocks(
    empty_vault_template: VaultTemplate, tmp_path: Path
) -> None:
    path = empty_vault_template.copy_to(tmp_path)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path), empty_vault_template.raw_key],
        stdout=subprocess.PIPE, text=True, cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "open\n"
        with pytest.raises(VaultInUse):
            Vault.open_with_key(path, empty_vault_template.raw_key)
    finally:
        holder.kill()  # SIGKILL here, TerminateProcess on Windows: no cleanup runs
        holder.wait()
        if holder.stdout is not None:
            holder.stdout.close()
    if sys.platform != "win32":
        assert lock_file_for(path).exists(), "the crash left its lock file behind"
    with Vault.open_with_key(path, empty_vault_template.raw_key) as vault:
        assert vault.is_open


@pytest.mark.skipif(sys.platform == "win32", reason="flock is POSIX")
@pytest.mark.parametrize("number", [errno.ENOLCK, errno.ENOSYS], ids=["ENOLCK", "ENOSYS"])
def test_a_drive_that_cannot_lock_gets_one_sentence_and_the_vault_is_kept(
    empty_vault_template: VaultTemplate, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    number: int,
) -> None:
    import fcntl

    path = empty_vault_template.copy_to(tmp_path)
    before = _sha256(path)

    def no_locks(fd: int, operation: int) -> None:
        raise OSError(number, os.strerror(number))

    monkeypatch.setattr(fcntl, "flock", no_locks)
    with pytest.raises(VaultLocation) as caught:
        Vault.open_with_key(path, empty_vault_template.raw_key)
    sentence = str(caught.value)
    assert "cannot lock files" in sentence and "\n" not in sentence
    assert _sha256(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["campaign.vault"]
    with pytest.raises(VaultLocation, match="cannot lock files"):
        Vault.create(tmp_path / "new.vault", "a long enough passphrase for this", "New")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["campaign.vault"]


def test_changing_the_passphrase_while_another_connection_reads_is_refused(
    empty_vault_template: VaultTemplate, tmp_path: Path
) -> None:
    vault = empty_vault_template.open_copy(tmp_path)
    try:
        people.add_person(vault, Person(name="Dana Lee"))  # pages in the WAL to copy back
        with vault.on_own_connection() as reader:
            reader.connection.execute("BEGIN")
            reader.connection.execute("SELECT count(*) FROM person").fetchone()
            with pytest.raises(VaultInUse, match="passphrase was not changed"):
                vault.change_passphrase(empty_vault_template.passphrase,
                                        "granite otter lemonade harbor violet")
            reader.connection.execute("ROLLBACK")
        assert vault.passphrase_matches(empty_vault_template.passphrase)
    finally:
        vault.close()
