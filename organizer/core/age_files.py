"""age v1 encryption with a passphrase (scrypt recipient), done in a child process.

pyrage holds Python's GIL for the whole of each call (scrypt, then the payload): a second or
more in which no other thread of the app runs, so a backup in a worker froze the window and
a lock waited behind it. A fresh child process (multiprocessing's "spawn", safe in a GUI and
in the packaged app) runs pyrage instead; the bytes and the passphrase cross a pipe between
the two processes, never arguments or the environment, and the child dumps no core. A cancel
kills the child at once.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path

_POLL_SECONDS = 0.05


class AgeDecryptError(Exception):
    """pyrage could not decrypt: its message (pyrage has one error type and no codes)."""


class AgeCancelled(Exception):
    """The caller's cancel hook turned true; the child was stopped."""


def encrypt(plaintext: bytes, passphrase: str, cancelled: Callable[[], bool] | None = None
            ) -> bytes:
    """The age file of `plaintext` for `passphrase`."""
    return _run(b"encrypt", plaintext, passphrase, cancelled)


def decrypt_file(path: Path, passphrase: str, cancelled: Callable[[], bool] | None = None
                 ) -> bytes:
    """The plaintext of the age file at `path`, which the child reads itself (its bytes do
    not cross the pipe twice)."""
    return _run(b"decrypt", os.fsencode(path), passphrase, cancelled, from_file=True)


def decrypted_digest_of_file(path: Path, passphrase: str,
                             cancelled: Callable[[], bool] | None = None) -> bytes:
    """SHA-256 of the plaintext of the age file at `path`: the child reads the file and
    decrypts it, and only the digest comes back."""
    return _run(b"digest", os.fsencode(path), passphrase, cancelled, from_file=True)


def _run(operation: bytes, payload: bytes, passphrase: str,
         cancelled: Callable[[], bool] | None, *, from_file: bool = False) -> bytes:
    context = multiprocessing.get_context("spawn")
    ours, theirs = context.Pipe()
    child = context.Process(target=_serve, args=(theirs,), daemon=True,
                            name="organizer-age")
    child.start()
    theirs.close()
    try:
        ours.send_bytes(operation + (b"-file" if from_file else b""))
        ours.send_bytes(passphrase.encode("utf-8"))
        ours.send_bytes(payload)
        while not ours.poll(_POLL_SECONDS):
            if cancelled is not None and cancelled():
                raise AgeCancelled()
            if not child.is_alive() and not ours.poll(0):
                raise MemoryError("the encryption process ended without an answer")
        outcome = ours.recv_bytes()
        if outcome == b"ok":
            return ours.recv_bytes()
        message = ours.recv_bytes().decode("utf-8", "replace")
        if outcome == b"memory":
            raise MemoryError(message)
        if outcome == b"oserror":
            number = int(message or 0)
            raise OSError(number, os.strerror(number))
        raise AgeDecryptError(message)
    except EOFError:
        raise MemoryError("the encryption process ended without an answer") from None
    finally:
        ours.close()
        if child.is_alive():
            child.kill()
        child.join()


def _read(path: str) -> bytes:
    from organizer.platform import current

    system = current()
    fd = os.open(path, os.O_RDONLY | system.NO_FOLLOW | system.NO_INHERIT)
    with os.fdopen(fd, "rb") as file:
        return file.read()


def _serve(pipe: Connection) -> None:
    """The child: one operation, its answer, and out."""
    from organizer.platform import harden_process

    harden_process()
    import pyrage

    operation = pipe.recv_bytes()
    passphrase = pipe.recv_bytes().decode("utf-8")
    payload = pipe.recv_bytes()
    try:
        if operation.endswith(b"-file"):
            operation = operation.removesuffix(b"-file")
            payload = _read(os.fsdecode(payload))
        if operation == b"encrypt":
            result = pyrage.passphrase.encrypt(payload, passphrase)
        else:
            plaintext = pyrage.passphrase.decrypt(payload, passphrase)
            del payload
            result = (hashlib.sha256(plaintext).digest() if operation == b"digest"
                      else plaintext)
            del plaintext
    except pyrage.DecryptError as error:
        pipe.send_bytes(b"error")
        pipe.send_bytes(str(error).encode("utf-8"))
    except MemoryError:
        pipe.send_bytes(b"memory")
        pipe.send_bytes(b"not enough memory")
    except OSError as error:
        pipe.send_bytes(b"oserror")
        pipe.send_bytes(str(error.errno or 0).encode("ascii"))
    else:
        pipe.send_bytes(b"ok")
        pipe.send_bytes(result)
    pipe.close()
