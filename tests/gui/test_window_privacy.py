"""Windows kept out of screen capture and locking on the system's lock and sleep events, as
the app drives them. The operating system's own calls stand in here as a recording system
(they run for real in the Windows and macOS CI jobs); Windows' message decoding is real."""

from __future__ import annotations

import ctypes
from collections.abc import Callable
from ctypes import wintypes
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QWidget

from organizer.core import campaign
from organizer.gui import settings_dialog, window_privacy
from organizer.gui.app import AppController
from organizer.gui.locking import DesktopLockWatcher
from organizer.gui.window_privacy import CapturePrivacy
from organizer.platform import posix, windows
from tests.gui.conftest import unlock

LEFT = Qt.MouseButton.LeftButton


class RecordingSystem:
    """A system that can hide windows from capture and reports lock and sleep its own way."""

    NAME = "Recording"
    LOCK_EVENTS = "notifications"
    PRIVATE_BY_FILE_MODE = True
    CAN_HIDE_FROM_CAPTURE = True
    CAPTURE_NOTE = "Screen sharing shows a black box instead of Organizer."

    def __init__(self) -> None:
        self.calls: list[tuple[int, bool]] = []
        self.on_lock: Callable[[str], None] | None = None
        self.undone = 0

    def hide_from_capture(self, window_id: int, hidden: bool) -> bool:
        self.calls.append((window_id, hidden))
        return True

    def observe_lock_and_sleep(self, on_lock: Callable[[str], None]) -> Callable[[], None]:
        self.on_lock = on_lock

        def undo() -> None:
            self.undone += 1

        return undo

    def last_for(self, window: QWidget) -> bool | None:
        wanted = int(window.winId())
        return next((hidden for wid, hidden in reversed(self.calls) if wid == wanted), None)


@pytest.fixture
def system(monkeypatch: pytest.MonkeyPatch) -> RecordingSystem:
    recording = RecordingSystem()
    monkeypatch.setattr(window_privacy, "this_platform", lambda: recording)
    monkeypatch.setattr(settings_dialog, "this_platform", lambda: recording)
    return recording


def test_each_window_is_hidden_as_it_shows_and_all_follow_a_change(
    qtbot: Any, system: RecordingSystem
) -> None:
    privacy = CapturePrivacy()
    try:
        main, dialog, never_shown = QWidget(), QDialog(), QDialog()
        for widget in (main, dialog, never_shown):
            qtbot.addWidget(widget)
        main.show()
        dialog.show()
        assert system.last_for(main) is True and system.last_for(dialog) is True
        privacy.set_hidden(False)
        assert system.last_for(main) is False and system.last_for(dialog) is False
        never_shown.show()
        assert system.last_for(never_shown) is False
    finally:
        privacy.stop()


def test_linux_never_calls_and_says_it_cannot(qtbot: Any) -> None:
    privacy = CapturePrivacy(posix)
    try:
        assert not privacy.supported
        window = QWidget()
        qtbot.addWidget(window)
        window.show()
        privacy.set_hidden(False)  # nothing to call: would raise if it tried the OS
    finally:
        privacy.stop()


def test_the_campaign_setting_follows_the_vault_and_the_default_is_hidden(
    qtbot: Any, system: RecordingSystem, make_controller: Callable[..., AppController],
    vault_file: Path,
) -> None:
    controller = make_controller()
    assert system.last_for(controller.shell) is True  # before any campaign is open
    unlock(qtbot, controller, vault_file)
    window = controller.main_window
    assert window is not None and controller.vault is not None
    qtbot.waitUntil(lambda: system.last_for(window) is True)

    controller.open_settings()
    dialog = controller.settings_dialog
    assert dialog is not None
    assert dialog.hide_from_capture.isEnabled() and dialog.hide_from_capture.isChecked()
    assert dialog.capture_note.text() == RecordingSystem.CAPTURE_NOTE
    dialog.hide_from_capture.setChecked(False)
    with qtbot.waitSignal(dialog.saved):
        qtbot.mouseClick(dialog.save_button, LEFT)
    assert campaign.hide_from_capture(controller.vault) is False
    assert system.last_for(window) is False

    controller.lock()  # no campaign open: back to the safe default
    assert system.last_for(controller.shell) is True


def test_the_settings_say_linux_cannot_and_offer_nothing(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, make_controller: Callable[..., AppController],
    vault_file: Path,
) -> None:
    monkeypatch.setattr(settings_dialog, "this_platform", lambda: posix)
    controller = make_controller()
    unlock(qtbot, controller, vault_file)
    controller.open_settings()
    dialog = controller.settings_dialog
    assert dialog is not None
    assert not dialog.hide_from_capture.isEnabled()
    assert not dialog.hide_from_capture.isChecked()
    assert "Linux cannot" in dialog.capture_note.text()


def test_windows_lock_and_sleep_messages_ask_for_a_lock(qtbot: Any) -> None:
    watcher = DesktopLockWatcher(None, None, system=windows)
    try:
        messages = watcher._messages
        assert messages is not None
        locked = wintypes.MSG(message=windows.WM_WTSSESSION_CHANGE,
                              wParam=windows.WTS_SESSION_LOCK)
        with qtbot.waitSignal(watcher.lock_requested) as caught:
            messages.nativeEventFilter(b"windows_generic_MSG", ctypes.addressof(locked))
        assert caught.args == ["screen locked"]
        asleep = wintypes.MSG(message=windows.WM_POWERBROADCAST, wParam=windows.PBT_APMSUSPEND)
        with qtbot.waitSignal(watcher.lock_requested) as caught:
            messages.nativeEventFilter(b"windows_generic_MSG", ctypes.addressof(asleep))
        assert caught.args == ["going to sleep"]
        unlocked = wintypes.MSG(message=windows.WM_WTSSESSION_CHANGE, wParam=0x8)
        with qtbot.assertNotEmitted(watcher.lock_requested, wait=50):
            messages.nativeEventFilter(b"windows_generic_MSG", ctypes.addressof(unlocked))
    finally:
        watcher.stop()
    assert watcher._messages is None


def test_macos_notifications_ask_for_a_lock_until_stopped(
    qtbot: Any, system: RecordingSystem
) -> None:
    watcher = DesktopLockWatcher(None, None, system=system)  # type: ignore[arg-type]
    assert system.on_lock is not None
    with qtbot.waitSignal(watcher.lock_requested) as caught:
        system.on_lock("screen locked")
    assert caught.args == ["screen locked"]
    watcher.stop()
    assert system.undone == 1
