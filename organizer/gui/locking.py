"""When to lock: after a quiet spell (KeePassXC's InactivityTimer), and when the system says
the screen locked or the computer is about to sleep: freedesktop D-Bus signals on Linux,
window messages on Windows, AppKit notifications on macOS (organizer.platform decodes them).

Both only *ask* for a lock by a signal; the app controller does the locking.
"""

from __future__ import annotations

import hashlib
import os
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractNativeEventFilter,
    QCoreApplication,
    QEvent,
    QKeyCombination,
    QObject,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QWidget

from organizer.gui import panic_key_setting
from organizer.platform import Platform
from organizer.platform import current as this_platform

# Events that mean someone is at the keyboard or mouse.
_ACTIVITY = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.KeyRelease,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.InputMethod,
    }
)


class IdleWatcher(QObject):
    """Emits `idle` after `timeout_ms` without key, mouse, wheel or touch input anywhere
    in the application. A timeout of 0 means never."""

    idle = Signal()

    def __init__(self, timeout_ms: int = 5 * 60_000, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_timeout)
        self._timeout_ms = max(0, timeout_ms)
        self._watching = False

    @property
    def timeout_ms(self) -> int:
        return self._timeout_ms

    def set_timeout_ms(self, timeout_ms: int) -> None:
        """Change the delay; restarts the count when watching. 0 turns idle locking off."""
        self._timeout_ms = max(0, timeout_ms)
        if self._watching:
            self._restart()

    def start(self) -> None:
        """Watch all input to the application (while a vault is open)."""
        app = QCoreApplication.instance()
        if app is not None and not self._watching:
            app.installEventFilter(self)
        self._watching = True
        self._restart()

    def stop(self) -> None:
        app = QCoreApplication.instance()
        if app is not None and self._watching:
            app.removeEventFilter(self)
        self._watching = False
        self._timer.stop()

    @property
    def is_running(self) -> bool:
        return self._timer.isActive()

    def _restart(self) -> None:
        if self._timeout_ms > 0:
            self._timer.start(self._timeout_ms)
        else:
            self._timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Called for every event in the app: keep it to one set lookup and a timer restart.
        if event.type() in _ACTIVITY and self._timer.isActive():
            self._timer.start()
        return False

    @Slot()
    def _on_timeout(self) -> None:
        if self._watching:
            self.idle.emit()


# ----- desktop signals ------------------------------------------------------------------------

# (path, interface) of screen savers' ActiveChanged(bool) on the session bus. The sender is
# not checked (service ""): a stray signal only locks early, a missed one leaves data open.
_SCREENSAVERS = (
    ("/org/freedesktop/ScreenSaver", "org.freedesktop.ScreenSaver"),
    ("/ScreenSaver", "org.freedesktop.ScreenSaver"),  # KDE
    ("/org/gnome/ScreenSaver", "org.gnome.ScreenSaver"),
    ("/org/xfce/ScreenSaver", "org.xfce.ScreenSaver"),
)
_LOGIN1 = "org.freedesktop.login1"
_SYSTEM_BUS_SOCKETS = ("/run/dbus/system_bus_socket", "/var/run/dbus/system_bus_socket")


def _unix_only(address: str) -> bool:
    """D-Bus addresses may name TCP; Organizer opens no network sockets, so unix: only."""
    parts = [part for part in address.split(";") if part]
    return bool(parts) and all(part.startswith("unix:") for part in parts)


def session_bus_address() -> str | None:
    """The session bus's unix address, or None (never autolaunch, never TCP)."""
    address = os.environ.get("DBUS_SESSION_BUS_ADDRESS", "")
    if address:
        return address if _unix_only(address) else None
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    if runtime and (Path(runtime) / "bus").is_socket():
        return f"unix:path={Path(runtime) / 'bus'}"
    return None


def system_bus_address() -> str | None:
    address = os.environ.get("DBUS_SYSTEM_BUS_ADDRESS", "")
    if address:
        return address if _unix_only(address) else None
    for socket_path in _SYSTEM_BUS_SOCKETS:
        if Path(socket_path).is_socket():
            return f"unix:path={socket_path}"
    return None


def _slot(signature: str) -> Any:
    """Qt's SLOT() text; QtDBus takes it as str at run time (its stubs say bytes)."""
    from PySide6.QtCore import SLOT

    return SLOT(signature)


def _login1_session_path() -> str:
    """Our login session's object path, or "" (any session) when it is not known."""
    session_id = os.environ.get("XDG_SESSION_ID", "")
    if not session_id:
        return ""
    # sd-bus escapes each byte outside [A-Za-z0-9], and a leading digit, as _xx: "1" -> "_31".
    escaped = "".join(
        c if c.isascii() and (c.isalpha() or (c.isdigit() and i > 0)) else f"_{ord(c):02x}"
        for i, c in enumerate(session_id)
    )
    return f"/org/freedesktop/login1/session/{escaped}"


class _SessionMessages(QAbstractNativeEventFilter):
    """Windows: every native message the app receives passes here; the platform module
    says whether it means "lock"."""

    def __init__(self, system: Platform, on_lock: Callable[[str], None]) -> None:
        super().__init__()
        self._system = system
        self._on_lock = on_lock

    def nativeEventFilter(self, event_type: Any, message: Any) -> object:
        reason = self._system.session_change(bytes(event_type), int(message))
        if reason is not None:
            # Not inside the native message handler: lock once it has returned.
            QTimer.singleShot(0, lambda: self._on_lock(reason))
        return False, 0


class DesktopLockWatcher(QObject):
    """Emits `lock_requested(reason)` when the screen locks or the computer goes to sleep.

    Linux and BSD desktops: D-Bus, with buses given by address so tests can use a private
    bus (None skips that bus). Windows: session and power messages to the app's windows
    (`watch_window` registers the main one). macOS: AppKit's notifications.
    """

    lock_requested = Signal(str)

    def __init__(
        self,
        session_address: str | None,
        system_address: str | None,
        parent: QObject | None = None,
        *,
        system: Platform | None = None,
    ) -> None:
        super().__init__(parent)
        self.system = system or this_platform()
        self._undo: list[Callable[[], None]] = []
        self._messages: _SessionMessages | None = None
        app = QCoreApplication.instance()
        if self.system.LOCK_EVENTS == "window-messages" and app is not None:
            self._messages = _SessionMessages(self.system, self.lock_requested.emit)
            app.installNativeEventFilter(self._messages)
        elif self.system.LOCK_EVENTS == "notifications":
            undo = self.system.observe_lock_and_sleep(self.lock_requested.emit)
            if undo is not None:
                self._undo.append(undo)
        self.connected_signals: list[str] = []
        # (connection name, path, interface, member, slot) of every hook, to undo them.
        self._hooks: list[tuple[str, str, str, str, str]] = []
        session_hooks = [
            (path, interface, "ActiveChanged", "on_screensaver_active_changed(bool)")
            for path, interface in _SCREENSAVERS
        ]
        system_hooks = [
            ("/org/freedesktop/login1", f"{_LOGIN1}.Manager", "PrepareForSleep",
             "on_prepare_for_sleep(bool)"),
            (_login1_session_path(), f"{_LOGIN1}.Session", "Lock", "on_session_lock()"),
        ]
        for address, hooks in ((session_address, session_hooks), (system_address, system_hooks)):
            if address:
                self._listen(address, hooks)

    def _listen(self, address: str, hooks: list[tuple[str, str, str, str]]) -> None:
        try:
            from PySide6.QtDBus import QDBusConnection
        except ImportError:  # a Qt build without D-Bus: nothing to listen to
            return
        # One connection per bus for the whole process, never closed: closing one
        # (disconnectFromBus) makes PySide6 6.11 crash in QtDBus's thread. The same name
        # for the same address hands back the open connection.
        name = "organizer-" + hashlib.sha256(address.encode()).hexdigest()[:16]
        bus = QDBusConnection.connectToBus(address, name)
        if not bus.isConnected():
            return
        for path, interface, member, slot in hooks:
            if bus.connect("", path, interface, member, self, _slot(slot)):
                self.connected_signals.append(f"{interface}.{member}")
                self._hooks.append((name, path, interface, member, slot))

    @classmethod
    def for_this_desktop(cls, parent: QObject | None = None) -> DesktopLockWatcher:
        """Listen the way this system tells: on the user's session bus and the system bus
        when they exist (Linux, BSD), or its own way (Windows, macOS)."""
        system = this_platform()
        if system.LOCK_EVENTS != "desktop-bus":
            return cls(None, None, parent, system=system)
        return cls(session_bus_address(), system_bus_address(), parent, system=system)

    def watch_window(self, window: QWidget) -> None:
        """Windows sends the screen-lock message only to windows that asked for it."""
        undo = self.system.listen_for_session_changes(int(window.winId()))
        if undo is not None:
            self._undo.append(undo)

    def stop(self) -> None:
        """Undo every hook. Call before this object goes: otherwise QtDBus unhooks a
        half-destroyed Python object from its own thread, which crashes."""
        app = QCoreApplication.instance()
        if self._messages is not None and app is not None:
            app.removeNativeEventFilter(self._messages)
            self._messages = None
        while self._undo:
            self._undo.pop()()
        try:
            from PySide6.QtDBus import QDBusConnection
        except ImportError:
            return
        for name, path, interface, member, slot in self._hooks:
            QDBusConnection(name).disconnect("", path, interface, member, self, _slot(slot))
        self._hooks.clear()

    @Slot(bool)
    def on_screensaver_active_changed(self, active: bool) -> None:
        if active:
            self.lock_requested.emit("screen locked")

    @Slot(bool)
    def on_prepare_for_sleep(self, going_to_sleep: bool) -> None:
        if going_to_sleep:
            self.lock_requested.emit("going to sleep")

    @Slot()
    def on_session_lock(self) -> None:
        self.lock_requested.emit("session locked")


class PanicKey(QObject):
    """The panic key anywhere in the app, even in a modal dialog or a print preview (where the
    main window's own shortcuts do not reach): emits `pressed` at once.

    The key is this computer's choice (Settings › Safety, organizer.gui.panic_key_setting),
    Ctrl+Shift+L unless changed; `set_key` changes it at once, and `use_panic_key` changes it
    for every PanicKey running."""

    pressed = Signal()
    DEFAULT_KEYS = QKeyCombination(
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier, Qt.Key.Key_L)
    KEYS = DEFAULT_KEYS  # kept for callers that read the default from here

    def __init__(self, parent: QObject | None = None, key: QKeySequence | None = None) -> None:
        super().__init__(parent)
        self._keys = self.DEFAULT_KEYS
        self.set_key(key if key is not None else panic_key_setting.panic_key())
        app = QCoreApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        _running_panic_keys.add(self)

    @property
    def key(self) -> QKeySequence:
        return QKeySequence(self._keys)

    def set_key(self, key: QKeySequence) -> bool:
        """Listen for `key` from now on (the old key no longer locks). A key Settings would
        refuse (none of Ctrl, Alt, Meta; several combinations) is ignored: returns False."""
        found = panic_key_setting.combination(key)
        if found is None or not panic_key_setting.has_command_modifier(key):
            return False
        self._keys = found
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and self._matches(event.keyCombination())
        ):
            event.accept()
            self.pressed.emit()
            return True
        return False

    def _matches(self, pressed: QKeyCombination) -> bool:
        if pressed == self._keys:
            return True
        # A symbol typed with Shift ("!"): the key editor keeps it without the Shift.
        shift = Qt.KeyboardModifier.ShiftModifier
        return (bool(pressed.keyboardModifiers() & shift)
                and not self._keys.keyboardModifiers() & shift
                and pressed.key() == self._keys.key()
                and pressed.keyboardModifiers() & ~shift == self._keys.keyboardModifiers())

    def stop(self) -> None:
        _running_panic_keys.discard(self)
        app = QCoreApplication.instance()
        if app is not None:
            app.removeEventFilter(self)


_running_panic_keys: weakref.WeakSet[PanicKey] = weakref.WeakSet()


def use_panic_key(key: QKeySequence) -> None:
    """Every running PanicKey listens for `key` from now on (Settings › Safety has just
    stored it)."""
    for panic in list(_running_panic_keys):
        panic.set_key(key)
