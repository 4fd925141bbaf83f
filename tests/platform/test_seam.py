"""The platform seam: which implementation runs where, that each has the whole interface,
and the parts of Windows and macOS that can run here (decoding Windows' messages)."""

from __future__ import annotations

import ctypes
import os
import subprocess
import sys
import textwrap
from ctypes import wintypes
from pathlib import Path

import pytest

from organizer import platform
from organizer.platform import posix, windows

REPO = Path(__file__).resolve().parents[2]
INTERFACE = [name for name in dir(platform.Platform) if not name.startswith("_")] + [
    name for name in platform.Platform.__annotations__
]


@pytest.mark.parametrize(("system", "module"), [
    ("linux", "posix"), ("freebsd14", "posix"), ("openbsd7", "posix"),
    ("win32", "windows"), ("cygwin", "windows"), ("darwin", "macos"),
])
def test_each_system_gets_its_own_implementation(system: str, module: str) -> None:
    assert platform.module_name_for(system) == module
    assert platform.implementation_for(system).__name__ == f"organizer.platform.{module}"


@pytest.mark.parametrize("system", ["linux", "win32", "darwin"])
def test_every_implementation_has_the_whole_interface(system: str) -> None:
    implementation = platform.implementation_for(system)
    missing = [name for name in INTERFACE if not hasattr(implementation, name)]
    assert missing == []
    assert implementation.LOCK_EVENTS in ("desktop-bus", "window-messages", "notifications")
    assert implementation.CAPTURE_NOTE.endswith(".")


def test_current_follows_sys_platform(monkeypatch: pytest.MonkeyPatch) -> None:
    platform.current.cache_clear()
    try:
        monkeypatch.setattr(sys, "platform", "win32")
        assert platform.current() is windows
        platform.current.cache_clear()
        monkeypatch.setattr(sys, "platform", "linux")
        assert platform.current() is posix
    finally:
        monkeypatch.undo()
        platform.current.cache_clear()
    assert platform.current() is platform.implementation_for(sys.platform)


def test_only_linux_says_it_cannot_hide_windows_from_capture() -> None:
    assert not posix.CAN_HIDE_FROM_CAPTURE and "cannot" in posix.CAPTURE_NOTE
    assert posix.hide_from_capture(12345, True) is False
    assert platform.implementation_for("win32").CAN_HIDE_FROM_CAPTURE
    assert platform.implementation_for("darwin").CAN_HIDE_FROM_CAPTURE


def _message(number: int, wparam: int) -> wintypes.MSG:
    return wintypes.MSG(hwnd=None, message=number, wParam=wparam, lParam=0)


@pytest.mark.parametrize(("number", "wparam", "reason"), [
    (windows.WM_WTSSESSION_CHANGE, windows.WTS_SESSION_LOCK, "screen locked"),
    (windows.WM_POWERBROADCAST, windows.PBT_APMSUSPEND, "going to sleep"),
    (windows.WM_WTSSESSION_CHANGE, 0x8, None),  # WTS_SESSION_UNLOCK
    (windows.WM_POWERBROADCAST, 0x12, None),  # PBT_APMRESUMEAUTOMATIC
    (0x0010, windows.WTS_SESSION_LOCK, None),  # WM_CLOSE
])
def test_windows_messages_that_mean_lock(number: int, wparam: int, reason: str | None) -> None:
    message = _message(number, wparam)
    assert windows.session_change(b"windows_generic_MSG", ctypes.addressof(message)) == reason


def test_other_native_events_and_no_message_mean_nothing() -> None:
    message = _message(windows.WM_WTSSESSION_CHANGE, windows.WTS_SESSION_LOCK)
    assert windows.session_change(b"xcb_generic_event_t", ctypes.addressof(message)) is None
    assert windows.session_change(b"windows_generic_MSG", 0) is None
    assert posix.session_change(b"windows_generic_MSG", ctypes.addressof(message)) is None


def test_importing_windows_and_macos_loads_nothing_of_them() -> None:
    code = textwrap.dedent("""
        import sys
        from organizer.platform import implementation_for
        implementation_for("win32"); implementation_for("darwin")
        print(sorted(m for m in ("msvcrt", "winreg", "objc", "AppKit", "Foundation")
                     if m in sys.modules))
    """)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=REPO, check=True)
    assert result.stdout.strip() == "[]"


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX process limits")
def test_posix_hardening_for_real(tmp_path: Path) -> None:
    code = textwrap.dedent("""
        import ctypes, os, resource, sys
        from organizer.platform import harden_process
        harden_process()
        print(resource.getrlimit(resource.RLIMIT_CORE))
        fd = os.open("made-here", os.O_CREAT | os.O_WRONLY, 0o666)
        print(oct(os.fstat(fd).st_mode & 0o777))
        if sys.platform.startswith("linux"):
            print(ctypes.CDLL(None).prctl(3, 0, 0, 0, 0))  # PR_GET_DUMPABLE
    """)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=tmp_path, check=True, env={**os.environ, "PYTHONPATH": str(REPO)})
    lines = result.stdout.split()
    assert lines[:3] == ["(0,", "0)", "0o600"]
    if sys.platform.startswith("linux"):
        assert lines[3] == "0"


def test_only_the_seam_imports_the_operating_systems_modules() -> None:
    import re

    pattern = re.compile(
        r"^\s*(import|from)\s+(fcntl|resource|msvcrt|ctypes|winreg|objc|AppKit|Foundation)\b",
        re.MULTILINE,
    )
    seam = REPO / "organizer" / "platform"
    found = [
        f"{path.relative_to(REPO)}: {match.group(0).strip()}"
        for path in sorted((REPO / "organizer").rglob("*.py"))
        if seam not in path.parents
        for match in pattern.finditer(path.read_text(encoding="utf-8"))
    ]
    assert found == []


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes and owners")
def test_posix_file_calls_for_real(tmp_path: Path) -> None:
    path = tmp_path / "made"
    fd = os.open(path, os.O_CREAT | os.O_WRONLY | posix.NO_INHERIT | posix.NO_FOLLOW, 0o644)
    try:
        os.fchmod(fd, 0o644)
        posix.make_private(fd)
        assert os.fstat(fd).st_mode & 0o777 == 0o600
        assert not os.get_inheritable(fd)
    finally:
        os.close(fd)
    assert posix.is_mine(path.stat())
    posix.sync_folder(tmp_path)
    link = tmp_path / "link"
    link.symlink_to(path)
    with pytest.raises(OSError):
        os.open(link, os.O_RDONLY | posix.NO_FOLLOW)


def test_windows_file_calls_promise_nothing_they_cannot_keep() -> None:
    assert windows.NO_FOLLOW == 0 and not windows.PRIVATE_BY_FILE_MODE
    assert windows.is_mine(os.stat(REPO))
