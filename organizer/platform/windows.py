"""Windows: crash reports without memory, windows kept out of screen capture, lock on
screen lock and sleep, and byte-range file locks.

Each call is a small ctypes call into a documented Win32 function, linked above it; the
module imports nothing of Windows until a function runs, so it can be imported (and its
message decoding tested) anywhere. The CI matrix runs it on Windows.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from organizer.i18n import N_

NAME = "Windows"
LOCK_EVENTS = "window-messages"
# Windows has no POSIX modes: os.chmod only sets the read-only flag. The vault and the
# app's files live under the user's profile (platformdirs), which only that user (and
# the computer's administrators) can open.
PRIVATE_BY_FILE_MODE = False
CAN_HIDE_FROM_CAPTURE = True
# Shown in Settings (translated there: _(system.CAPTURE_NOTE)).
CAPTURE_NOTE = N_(
    "Screenshots, screen recordings and screen sharing (Zoom, Teams, Meet) show a black "
    "box instead of Organizer's windows. Turn this off only to show Organizer on purpose."
)

# SetErrorMode: https://learn.microsoft.com/windows/win32/api/errhandlingapi/nf-errhandlingapi-seterrormode
SEM_FAILCRITICALERRORS = 0x0001
SEM_NOGPFAULTERRORBOX = 0x0002
# WerSetFlags: https://learn.microsoft.com/windows/win32/api/werapi/nf-werapi-wersetflags
WER_FAULT_REPORTING_FLAG_NOHEAP = 0x1
# SetWindowDisplayAffinity: https://learn.microsoft.com/windows/win32/api/winuser/nf-winuser-setwindowdisplayaffinity
WDA_NONE = 0x0
WDA_MONITOR = 0x1  # before Windows 10 version 2004: a black window instead of none
WDA_EXCLUDEFROMCAPTURE = 0x11
# WTSRegisterSessionNotification: https://learn.microsoft.com/windows/win32/api/wtsapi32/nf-wtsapi32-wtsregistersessionnotification
NOTIFY_FOR_THIS_SESSION = 0
# WM_WTSSESSION_CHANGE: https://learn.microsoft.com/windows/win32/termserv/wm-wtssession-change
WM_WTSSESSION_CHANGE = 0x02B1
WTS_SESSION_LOCK = 0x7
# WM_POWERBROADCAST: https://learn.microsoft.com/windows/win32/power/wm-powerbroadcast
WM_POWERBROADCAST = 0x0218
PBT_APMSUSPEND = 0x0004
# Qt's eventType for a native message on Windows (QAbstractNativeEventFilter).
QT_WINDOWS_MESSAGE = b"windows_generic_MSG"

# Handles not inherited by child processes, and no text-mode newline translation.
NO_INHERIT = getattr(os, "O_NOINHERIT", 0) | getattr(os, "O_BINARY", 0)
NO_FOLLOW = 0  # os.open has no such flag on Windows

# A locked byte range cannot be read through other handles, even this process's own:
# lock one byte far past the end of any real file instead of its data.
_LOCK_OFFSET = 2**62


def _dll(name: str) -> Any:
    import ctypes

    return ctypes.WinDLL(name, use_last_error=True)  # type: ignore[attr-defined]


def harden_process() -> None:
    """No crash dialog, no heap in crash reports, and the packaged app excluded from
    Windows Error Reporting. Not possible: keeping an administrator, or a debugger run by
    the same user, from reading the process's memory; the README says so."""
    with contextlib.suppress(OSError, AttributeError):
        kernel32 = _dll("kernel32")
        kernel32.SetErrorMode(SEM_FAILCRITICALERRORS | SEM_NOGPFAULTERRORBOX)
        kernel32.WerSetFlags(WER_FAULT_REPORTING_FLAG_NOHEAP)
    if getattr(sys, "frozen", False):
        # Per-user registry entry for Organizer.exe only, never python.exe (that would
        # silence every Python program's crash reports):
        # https://learn.microsoft.com/windows/win32/api/werapi/nf-werapi-weraddexcludedapplication
        with contextlib.suppress(OSError, AttributeError):
            _dll("wer").WerAddExcludedApplication(os.path.basename(sys.executable), False)


def try_lock(fd: int) -> bool | None:
    """msvcrt's byte-range lock on one byte past any real data, released with `fd`."""
    import msvcrt

    position = os.lseek(fd, 0, os.SEEK_CUR)
    try:
        os.lseek(fd, _LOCK_OFFSET, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
    except OSError as error:
        if error.errno in (errno.EACCES, errno.EDEADLK):
            return False
        return None
    finally:
        os.lseek(fd, position, os.SEEK_SET)
    return True


def file_size_limit() -> int | None:
    return None


def make_private(fd: int) -> None:
    """Nothing to do: os.chmod on Windows only sets the read-only flag."""


def is_mine(stat: os.stat_result) -> bool:
    return True


def sync_folder(folder: Path) -> None:
    """Nothing to do: a folder cannot be opened for fsync on Windows."""


def ui_languages() -> list[str]:
    """The Windows display language: GetUserDefaultUILanguage
    (https://learn.microsoft.com/windows/win32/api/winnls/nf-winnls-getuserdefaultuilanguage),
    a language id that Python's locale table names ("es_ES")."""
    import locale

    language_id = _dll("kernel32").GetUserDefaultUILanguage()
    name = locale.windows_locale.get(int(language_id))
    return [name] if name else []


def hide_from_capture(window_id: int, hidden: bool) -> bool:
    import ctypes

    user32 = _dll("user32")
    hwnd = ctypes.c_void_p(window_id)
    if user32.SetWindowDisplayAffinity(hwnd, WDA_EXCLUDEFROMCAPTURE if hidden else WDA_NONE):
        return True
    return bool(hidden and user32.SetWindowDisplayAffinity(hwnd, WDA_MONITOR))


def session_change(event_type: bytes, message: int) -> str | None:
    """"screen locked" or "going to sleep" for the two messages that mean it."""
    if bytes(event_type) != QT_WINDOWS_MESSAGE or not message:
        return None
    from ctypes import wintypes

    msg = wintypes.MSG.from_address(message)
    if msg.message == WM_WTSSESSION_CHANGE and msg.wParam == WTS_SESSION_LOCK:
        return "screen locked"
    if msg.message == WM_POWERBROADCAST and msg.wParam == PBT_APMSUSPEND:
        return "going to sleep"
    return None


def listen_for_session_changes(window_id: int) -> Callable[[], None] | None:
    """WM_POWERBROADCAST reaches every top-level window; WM_WTSSESSION_CHANGE only those
    registered here."""
    import ctypes

    wtsapi32 = _dll("wtsapi32")
    hwnd = ctypes.c_void_p(window_id)
    if not wtsapi32.WTSRegisterSessionNotification(hwnd, NOTIFY_FOR_THIS_SESSION):
        return None

    def undo() -> None:
        wtsapi32.WTSUnRegisterSessionNotification(hwnd)

    return undo


def observe_lock_and_sleep(on_lock: Callable[[str], None]) -> Callable[[], None] | None:
    return None
