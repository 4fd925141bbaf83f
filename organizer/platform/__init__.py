"""What differs between Linux, Windows and macOS, behind one seam.

`current()` is this computer's implementation: `posix` (Linux and the BSDs), `windows` or
`macos`, three modules with the same functions (`Platform` below). Each imports its own
operating system's modules inside itself, and only this package imports ctypes, fcntl,
resource, msvcrt or pyobjc, so the rest of Organizer is portable Python. Nothing here
imports Qt: a window reaches it as its native id, a number.
"""

from __future__ import annotations

import functools
import importlib
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Literal, Protocol, cast

LockEvents = Literal["desktop-bus", "window-messages", "notifications"]


class Platform(Protocol):
    """The functions each operating system's module provides."""

    NAME: str
    # How this system tells the app that the screen locks or the computer sleeps: the
    # desktop's D-Bus services (gui.locking listens), messages to a window (Windows), or
    # notifications the module subscribes to itself (macOS).
    LOCK_EVENTS: LockEvents
    # Files are kept private by their mode (0600/0700); on Windows by the profile folder.
    PRIVATE_BY_FILE_MODE: bool
    CAN_HIDE_FROM_CAPTURE: bool
    CAPTURE_NOTE: str

    # os.open flags: the descriptor is not inherited by child processes; a symbolic link
    # is refused instead of followed (Windows: no such flag, 0).
    NO_INHERIT: int
    NO_FOLLOW: int

    def make_private(self, fd: int) -> None:
        """Owner-only access to the open file `fd` (POSIX 0600); on Windows the profile
        folder already keeps it private."""

    def is_mine(self, stat: os.stat_result) -> bool:
        """Whether this user owns the file (always, on Windows: per-user folders)."""

    def sync_folder(self, folder: Path) -> None:
        """Make a rename in `folder` durable (fsync the folder; Windows cannot and need not:
        NTFS journals its metadata)."""

    def harden_process(self) -> None:
        """Private new files and no crash dumps of this process's memory."""

    def try_lock(self, fd: int) -> bool | None:
        """Lock the open file `fd` for this process: True when taken, False when another
        process holds it, None when this file system cannot lock."""

    def file_size_limit(self) -> int | None:
        """The largest file this process may write, or None when unlimited."""

    def ui_languages(self) -> list[str]:
        """The display languages chosen in the system's own settings, most wanted first
        ("es_MX", "en"); empty where the environment (LANG and friends) says it."""

    def hide_from_capture(self, window_id: int, hidden: bool) -> bool:
        """Keep the window out of screenshots and screen sharing (or let it back in);
        False when this system cannot."""

    def session_change(self, event_type: bytes, message: int) -> str | None:
        """For LOCK_EVENTS "window-messages": why to lock, if this native message says the
        screen locked or the computer is going to sleep."""

    def listen_for_session_changes(self, window_id: int) -> Callable[[], None] | None:
        """For "window-messages": ask the system to send those messages to the window; for
        "notifications", nothing here (see `observe_lock_and_sleep`). Returns the undo."""

    def observe_lock_and_sleep(self, on_lock: Callable[[str], None]
                               ) -> Callable[[], None] | None:
        """For LOCK_EVENTS "notifications": call `on_lock(reason)` when the screen locks
        or the computer sleeps. Returns the undo, or None when this system has none."""


_MODULES = {"win32": "windows", "cygwin": "windows", "darwin": "macos"}


def module_name_for(system: str) -> str:
    """The implementation for a `sys.platform` value: anything not Windows or macOS is
    POSIX (Linux, the BSDs)."""
    return _MODULES.get(system, "posix")


def implementation_for(system: str) -> Platform:
    """The module for `system`; importing it imports nothing of that system yet."""
    module = importlib.import_module(f"{__name__}.{module_name_for(system)}")
    return cast(Platform, module)


@functools.cache
def current() -> Platform:
    """This computer's implementation."""
    return implementation_for(sys.platform)


def harden_process() -> None:
    """Private files and no crash dumps: the first thing every entry point does."""
    current().harden_process()
