"""Process-wide protections applied once at start: private files and no core dumps."""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import resource
import sys

_PR_SET_DUMPABLE = 4


def restrict_file_creation() -> None:
    """Every file and folder this process creates is readable by its owner only."""
    os.umask(0o077)


def disable_core_dumps() -> None:
    """A crash must not write decrypted memory (names, notes, keys) to a core file."""
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if sys.platform.startswith("linux"):
        libc_name = ctypes.util.find_library("c")
        if libc_name:
            try:
                libc = ctypes.CDLL(libc_name, use_errno=True)
                libc.prctl(_PR_SET_DUMPABLE, 0, 0, 0, 0)
            except OSError:
                pass


def harden_process() -> None:
    restrict_file_creation()
    disable_core_dumps()
