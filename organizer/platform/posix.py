"""Linux and the BSDs (macOS reuses the file functions): POSIX file modes, flock, rlimits."""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from collections.abc import Callable
from pathlib import Path

from organizer.i18n import N_

NAME = "Linux" if sys.platform.startswith("linux") else "this system"
LOCK_EVENTS = "desktop-bus"
PRIVATE_BY_FILE_MODE = True
CAN_HIDE_FROM_CAPTURE = False
# X11 lets every program read every window, and Wayland leaves it to the compositor's
# screen-sharing portal, which asks the user: no program can exclude its own window.
# Shown in Settings (translated there: _(system.CAPTURE_NOTE)).
CAPTURE_NOTE = N_(
    "Linux cannot keep one window out of screenshots or screen sharing. Check what you share "
    "before you share it."
)

NO_INHERIT = os.O_CLOEXEC
NO_FOLLOW = os.O_NOFOLLOW

_PR_SET_DUMPABLE = 4


def make_private(fd: int) -> None:
    os.fchmod(fd, 0o600)


def is_mine(stat: os.stat_result) -> bool:
    return stat.st_uid == os.getuid()


def sync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError as error:
        # Some file systems of USB sticks and network shares cannot fsync a folder.
        if error.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EBADF):
            raise
    finally:
        os.close(fd)


def harden_process() -> None:
    restrict_file_creation()
    disable_core_dumps()


def restrict_file_creation() -> None:
    """Every file and folder this process creates is readable by its owner only."""
    os.umask(0o077)


def disable_core_dumps() -> None:
    """A crash must not write decrypted memory (names, notes, keys) to a core file."""
    try:
        import resource
    except ImportError:
        return
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if sys.platform.startswith("linux"):
        # Also keeps other processes of the same user from attaching a debugger (ptrace).
        import ctypes
        import ctypes.util

        libc_name = ctypes.util.find_library("c")
        if libc_name:
            with contextlib.suppress(OSError, AttributeError):
                ctypes.CDLL(libc_name, use_errno=True).prctl(_PR_SET_DUMPABLE, 0, 0, 0, 0)


def try_lock(fd: int) -> bool | None:
    """An advisory, exclusive flock, released when `fd` is closed or the process dies."""
    try:
        import fcntl
    except ImportError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as error:
        if error.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
            return False
        return None
    return True


def file_size_limit() -> int | None:
    """RLIMIT_FSIZE, or None when unlimited."""
    try:
        import resource
    except ImportError:
        return None
    limit, _hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    return None if limit == resource.RLIM_INFINITY else int(limit)


def ui_languages() -> list[str]:
    """Linux and the BSDs say it in LANGUAGE, LC_ALL and LANG, which i18n reads."""
    return []


def hide_from_capture(window_id: int, hidden: bool) -> bool:
    return False


def session_change(event_type: bytes, message: int) -> str | None:
    return None


def listen_for_session_changes(window_id: int) -> Callable[[], None] | None:
    return None


def observe_lock_and_sleep(on_lock: Callable[[str], None]) -> Callable[[], None] | None:
    return None
