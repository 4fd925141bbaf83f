"""Locking: after idle time, on the desktop's screen-lock and sleep signals (a real, private
D-Bus daemon), and the clipboard that forgets what we copied."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog, QLabel

from organizer.core import campaign
from organizer.gui.app import AppController
from organizer.gui.clipboard import SecureClipboard
from organizer.gui.locking import (
    DesktopLockWatcher,
    IdleWatcher,
    session_bus_address,
    system_bus_address,
)
from organizer.gui.main_window import MainWindow
from organizer.gui.settings_dialog import SettingsDialog
from tests.conftest import linux_only
from tests.gui.conftest import (
    CAMPAIGN_NAME,
    PERSON_NAME,
    PERSON_NOTE,
    everything_shown,
    unlock,
)

Make = Callable[..., AppController]
PHONE = "+1 555 0142"


def main_windows() -> list[QApplication]:
    return [w for w in QApplication.allWidgets() if isinstance(w, MainWindow)]


# ----- idle -------------------------------------------------------------------------------------


def test_auto_lock_after_idle_leaves_nothing_in_any_view(
    qtbot: Any, make_controller: Make, vault_file: Path
) -> None:
    controller = make_controller(idle_timeout_ms=1000)
    unlock(qtbot, controller, vault_file)
    window = controller.main_window
    assert window is not None
    people = QLabel(f"{PERSON_NAME}: {PERSON_NOTE}", window)
    people.show()
    controller.clipboard.copy(PHONE, 30)
    assert PERSON_NAME in everything_shown() and CAMPAIGN_NAME in everything_shown()

    qtbot.waitUntil(lambda: controller.vault is None, timeout=3000)
    qtbot.waitUntil(lambda: not main_windows(), timeout=3000)
    assert controller.shell.pages.currentWidget() is controller.shell.unlock_page
    assert controller.shell.unlock_page.why_locked.text() == "Locked after a while without use."
    shown = everything_shown()
    for secret in (CAMPAIGN_NAME, PERSON_NAME, PERSON_NOTE, PHONE):
        assert secret not in shown
    assert QGuiApplication.clipboard().text() == ""


def test_the_campaigns_auto_lock_setting_sets_the_idle_delay(
    qtbot: Any, make_controller: Make, vault_file: Path
) -> None:
    controller = make_controller()
    unlock(qtbot, controller, vault_file)
    assert controller.idle.timeout_ms == 5 * 60_000
    assert controller.idle.is_running


def test_input_postpones_the_idle_lock(qtbot: Any) -> None:
    watcher = IdleWatcher(250)
    target = QLabel("typing here")
    qtbot.addWidget(target)
    target.show()
    fired: list[bool] = []
    watcher.idle.connect(lambda: fired.append(True))
    watcher.start()
    for _ in range(5):  # 400 ms of typing, more than the 250 ms delay
        qtbot.wait(80)
        qtbot.keyClick(target, Qt.Key.Key_A)
    assert fired == []
    qtbot.waitUntil(lambda: fired == [True], timeout=1500)
    watcher.stop()


def test_zero_minutes_means_never(qtbot: Any) -> None:
    watcher = IdleWatcher(0)
    fired: list[bool] = []
    watcher.idle.connect(lambda: fired.append(True))
    watcher.start()
    qtbot.wait(200)
    assert not watcher.is_running and fired == []
    watcher.stop()


def test_locking_dismisses_dialogs_over_the_main_window(
    qtbot: Any, make_controller: Make, vault_file: Path
) -> None:
    controller = make_controller()
    unlock(qtbot, controller, vault_file)
    controller.open_settings()
    qtbot.waitUntil(lambda: any(isinstance(w, SettingsDialog) and w.isVisible()
                                for w in QApplication.topLevelWidgets()))
    controller.lock()
    qtbot.waitUntil(lambda: not any(isinstance(w, QDialog) and w.isVisible()
                                    for w in QApplication.topLevelWidgets()))
    qtbot.waitUntil(lambda: not any(isinstance(w, SettingsDialog)
                                    for w in QApplication.allWidgets()), timeout=3000)
    assert CAMPAIGN_NAME not in everything_shown()


# ----- desktop signals over D-Bus -------------------------------------------------------------


@pytest.fixture
def private_bus(tmp_path: Path) -> Iterator[str]:
    """A real dbus-daemon on a unix socket in tmp_path, for this test only."""
    daemon = shutil.which("dbus-daemon")
    if daemon is None:
        pytest.skip("dbus-daemon is not installed")
    socket_path = tmp_path / "bus"
    config = tmp_path / "bus.conf"
    config.write_text(
        "<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\" "
        "\"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">"
        "<busconfig><type>session</type>"
        f"<listen>unix:path={socket_path}</listen>"
        "<auth>EXTERNAL</auth>"
        "<policy context=\"default\"><allow send_destination=\"*\" eavesdrop=\"true\"/>"
        "<allow eavesdrop=\"true\"/><allow own=\"*\"/></policy></busconfig>"
    )
    process = subprocess.Popen(
        [daemon, f"--config-file={config}", "--nofork", "--print-address"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    assert process.stdout is not None
    address = process.stdout.readline().strip()
    try:
        yield address
    finally:
        process.terminate()
        process.wait(5)


@pytest.fixture
def watch(private_bus: str) -> Iterator[Callable[..., DesktopLockWatcher]]:
    """Watchers on the private bus, unhooked after the test even when it fails (a watcher
    destroyed while hooked crashes QtDBus's thread)."""
    made: list[DesktopLockWatcher] = []

    def make(parent: Any = None) -> DesktopLockWatcher:
        watcher = DesktopLockWatcher(private_bus, private_bus, parent)
        made.append(watcher)
        return watcher

    yield make
    for watcher in made:
        watcher.stop()


def send_signal(address: str, path: str, member: str, *args: str) -> None:
    subprocess.run(
        ["dbus-send", f"--bus={address}", "--type=signal", path, member, *args],
        check=True, timeout=5,
    )


@linux_only
def test_the_screen_locking_locks_the_vault(
    qtbot: Any, make_controller: Make, vault_file: Path, private_bus: str,
    watch: Callable[..., DesktopLockWatcher],
) -> None:
    controller = make_controller()
    watcher = watch(controller)
    watcher.lock_requested.connect(controller._desktop_locked)
    unlock(qtbot, controller, vault_file)
    send_signal(private_bus, "/org/freedesktop/ScreenSaver",
                "org.freedesktop.ScreenSaver.ActiveChanged", "boolean:true")
    qtbot.waitUntil(lambda: controller.vault is None, timeout=3000)
    assert controller.shell.pages.currentWidget() is controller.shell.unlock_page
    assert controller.shell.unlock_page.why_locked.text() == "Locked because the screen locked."


@linux_only
def test_every_desktop_lock_and_sleep_signal_asks_for_a_lock(
    qtbot: Any, private_bus: str, watch: Callable[..., DesktopLockWatcher],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("XDG_SESSION_ID", "1")  # logind's object path for it is .../_31
    watcher = watch()
    assert len(watcher.connected_signals) == 6
    reasons: list[str] = []
    watcher.lock_requested.connect(reasons.append)
    for path, member, args in [
        ("/org/freedesktop/ScreenSaver", "org.freedesktop.ScreenSaver.ActiveChanged",
         ["boolean:true"]),
        ("/ScreenSaver", "org.freedesktop.ScreenSaver.ActiveChanged", ["boolean:true"]),
        ("/org/gnome/ScreenSaver", "org.gnome.ScreenSaver.ActiveChanged", ["boolean:true"]),
        ("/org/xfce/ScreenSaver", "org.xfce.ScreenSaver.ActiveChanged", ["boolean:true"]),
        ("/org/freedesktop/login1", "org.freedesktop.login1.Manager.PrepareForSleep",
         ["boolean:true"]),
        ("/org/freedesktop/login1/session/_31", "org.freedesktop.login1.Session.Lock", []),
    ]:
        send_signal(private_bus, path, member, *args)
    qtbot.waitUntil(lambda: len(reasons) == 6, timeout=3000)
    assert reasons == ["screen locked"] * 4 + ["going to sleep", "session locked"]


@linux_only
def test_screen_unlocking_and_waking_do_not_lock(
    qtbot: Any, private_bus: str, watch: Callable[..., DesktopLockWatcher]
) -> None:
    watcher = watch()
    reasons: list[str] = []
    watcher.lock_requested.connect(reasons.append)
    send_signal(private_bus, "/org/freedesktop/ScreenSaver",
                "org.freedesktop.ScreenSaver.ActiveChanged", "boolean:false")
    send_signal(private_bus, "/org/freedesktop/login1",
                "org.freedesktop.login1.Manager.PrepareForSleep", "boolean:false")
    send_signal(private_bus, "/org/freedesktop/ScreenSaver",
                "org.freedesktop.ScreenSaver.ActiveChanged", "boolean:true")
    qtbot.waitUntil(lambda: reasons == ["screen locked"], timeout=3000)


def test_without_a_bus_nothing_is_connected_and_nothing_fails(tmp_path: Path) -> None:
    watcher = DesktopLockWatcher(f"unix:path={tmp_path / 'no-bus-here'}", None)
    assert watcher.connected_signals == []
    watcher.stop()


def test_bus_addresses_are_unix_sockets_only(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", "tcp:host=10.0.0.1,port=1234")
    assert session_bus_address() is None
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/run/user/1/bus;tcp:host=x,port=1")
    assert session_bus_address() is None
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/run/user/1/bus")
    assert session_bus_address() == "unix:path=/run/user/1/bus"
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS")
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))  # no bus socket there: no autolaunch
    assert session_bus_address() is None
    monkeypatch.setenv("DBUS_SYSTEM_BUS_ADDRESS", "tcp:host=example.org,port=1")
    assert system_bus_address() is None


# ----- clipboard ------------------------------------------------------------------------------


@linux_only  # Windows and macOS have hints of their own (organizer/gui/clipboard.py)
def test_copied_text_carries_the_linux_password_manager_hint(qtbot: Any) -> None:
    clipboard = SecureClipboard()
    clipboard.copy(PHONE, clear_after_seconds=1)
    data = QGuiApplication.clipboard().mimeData()
    assert bytes(data.data("x-kde-passwordManagerHint").data()) == b"secret"
    clipboard.clear_if_ours()
    assert QGuiApplication.clipboard().text() == ""


def test_copied_text_is_cleared_after_its_time(qtbot: Any) -> None:
    clipboard = SecureClipboard()
    clipboard.copy(PHONE, clear_after_seconds=1)
    assert QGuiApplication.clipboard().text() == PHONE
    qtbot.waitUntil(lambda: QGuiApplication.clipboard().text() == "", timeout=2500)
    assert not clipboard.holds_ours()


def test_what_the_user_copied_since_is_left_alone(qtbot: Any) -> None:
    clipboard = SecureClipboard()
    clipboard.copy(PHONE, clear_after_seconds=0.3)
    own = QMimeData()
    own.setText("the user's own words")
    QGuiApplication.clipboard().setMimeData(own)
    qtbot.wait(500)
    assert QGuiApplication.clipboard().text() == "the user's own words"


def test_locking_clears_our_clipboard_text_at_once(
    qtbot: Any, make_controller: Make, vault_file: Path
) -> None:
    controller = make_controller()
    unlock(qtbot, controller, vault_file)
    assert controller.vault is not None
    seconds = campaign.clipboard_clear_seconds(controller.vault)
    assert seconds == 30
    controller.clipboard.copy(PHONE, seconds)
    controller.lock()
    assert QGuiApplication.clipboard().text() == ""
