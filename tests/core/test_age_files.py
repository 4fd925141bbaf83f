"""age encryption runs in a child process: the result is a standard age file, the app's
other threads keep running meanwhile (pyrage holds the GIL in-process), a cancel stops the
child at once, and a wrong passphrase comes back as a decrypt error."""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import threading
import time
from pathlib import Path

import pyrage
import pytest

from organizer.core import age_files
from tests.conftest import posix_only

PASSPHRASE = "violet anchor meadow lantern"


def test_round_trip_is_standard_age(tmp_path: Path) -> None:
    data = os.urandom(100_000)
    sealed = age_files.encrypt(data, PASSPHRASE)
    assert sealed.startswith(b"age-encryption.org/v1\n")
    assert pyrage.passphrase.decrypt(sealed, PASSPHRASE) == data
    path = tmp_path / "notes.age"
    path.write_bytes(sealed)
    assert age_files.decrypt_file(path, PASSPHRASE) == data
    digest = age_files.decrypted_digest_of_file(path, PASSPHRASE)
    assert digest == hashlib.sha256(data).digest()


def test_a_wrong_passphrase_is_a_decrypt_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.age"
    path.write_bytes(age_files.encrypt(b"notes", PASSPHRASE))
    with pytest.raises(age_files.AgeDecryptError):
        age_files.decrypt_file(path, "not the passphrase at all")


@posix_only  # a symbolic link
def test_a_file_the_child_cannot_read_is_an_os_error(tmp_path: Path) -> None:
    link = tmp_path / "link.age"
    link.symlink_to(tmp_path / "elsewhere.age")  # never followed, and missing anyway
    with pytest.raises(OSError):
        age_files.decrypt_file(link, PASSPHRASE)


def test_other_threads_run_while_it_encrypts() -> None:
    """In-process pyrage would hold the GIL through scrypt: this thread would barely move."""
    done = threading.Event()
    beats = 0

    def heartbeat() -> None:
        nonlocal beats
        while not done.is_set():
            beats += 1
            time.sleep(0.001)

    thread = threading.Thread(target=heartbeat)
    thread.start()
    try:
        age_files.encrypt(os.urandom(1_000_000), PASSPHRASE)
    finally:
        done.set()
        thread.join()
    assert beats >= 20


def test_a_cancel_stops_the_child() -> None:
    asked = 0

    def cancel() -> bool:
        nonlocal asked
        asked += 1
        return True

    with pytest.raises(age_files.AgeCancelled):
        age_files.encrypt(os.urandom(1_000_000), PASSPHRASE, cancel)
    assert asked >= 1
    assert not [child for child in multiprocessing.active_children()
                if child.name == "organizer-age"]
