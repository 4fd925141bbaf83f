"""macOS: POSIX files and core-dump limit, plus windows kept out of screen capture and
lock on screen lock and sleep through AppKit (pyobjc, imported only when called)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from organizer.i18n import N_
from organizer.platform.posix import (
    NO_FOLLOW,
    NO_INHERIT,
    disable_core_dumps,
    file_size_limit,
    is_mine,
    make_private,
    restrict_file_creation,
    session_change,
    sync_folder,
    try_lock,
)

__all__ = ["NO_FOLLOW", "NO_INHERIT", "file_size_limit", "is_mine", "make_private",
           "session_change", "sync_folder", "try_lock"]

NAME = "macOS"
LOCK_EVENTS = "notifications"
PRIVATE_BY_FILE_MODE = True
CAN_HIDE_FROM_CAPTURE = True
# Shown in Settings (translated there: _(system.CAPTURE_NOTE)).
CAPTURE_NOTE = N_(
    "Screenshots, screen recordings and screen sharing leave Organizer's windows out. Turn "
    "this off only to show Organizer on purpose."
)

# NSWindow.sharingType: https://developer.apple.com/documentation/appkit/nswindow/sharingtype
NS_WINDOW_SHARING_NONE = 0
NS_WINDOW_SHARING_READ_ONLY = 1
# Posted by loginwindow when the screen locks (the one signal macOS gives for it).
SCREEN_LOCKED = "com.apple.screenIsLocked"


def harden_process() -> None:
    """RLIMIT_CORE 0 (macOS has no PR_SET_DUMPABLE)."""
    restrict_file_creation()
    disable_core_dumps()


def ui_languages() -> list[str]:
    """System Settings › General › Language & Region, as NSLocale lists it ("es-MX")."""
    try:
        from Foundation import NSLocale
    except ImportError:
        return []
    return [str(tag).replace("-", "_") for tag in NSLocale.preferredLanguages()]


def hide_from_capture(window_id: int, hidden: bool) -> bool:
    """Qt's window id on macOS is the window's NSView."""
    import objc

    view = objc.objc_object(c_void_p=window_id)
    window = view.window()
    if window is None:
        return False
    window.setSharingType_(NS_WINDOW_SHARING_NONE if hidden else NS_WINDOW_SHARING_READ_ONLY)
    return True


def listen_for_session_changes(window_id: int) -> Callable[[], None] | None:
    return None


def observe_lock_and_sleep(on_lock: Callable[[str], None]) -> Callable[[], None] | None:
    """NSWorkspace's will-sleep and session notifications
    (https://developer.apple.com/documentation/appkit/nsworkspace/willsleepnotification)
    and the distributed screen-lock one; delivered on the main run loop, which Qt runs."""
    from AppKit import (
        NSWorkspace,
        NSWorkspaceScreensDidSleepNotification,
        NSWorkspaceSessionDidResignActiveNotification,
        NSWorkspaceWillSleepNotification,
    )
    from Foundation import NSDistributedNotificationCenter

    observer = _observer_class().alloc().init()
    observer.on_lock = on_lock
    workspace = NSWorkspace.sharedWorkspace().notificationCenter()
    distributed = NSDistributedNotificationCenter.defaultCenter()
    workspace.addObserver_selector_name_object_(
        observer, "willSleep:", NSWorkspaceWillSleepNotification, None)
    workspace.addObserver_selector_name_object_(
        observer, "screensSlept:", NSWorkspaceScreensDidSleepNotification, None)
    workspace.addObserver_selector_name_object_(
        observer, "sessionLeft:", NSWorkspaceSessionDidResignActiveNotification, None)
    distributed.addObserver_selector_name_object_(
        observer, "screenLocked:", SCREEN_LOCKED, None)

    def undo() -> None:
        workspace.removeObserver_(observer)
        distributed.removeObserver_(observer)

    return undo


@functools.cache
def _observer_class() -> Any:
    """An Objective-C class can be defined once per process."""
    from Foundation import NSObject

    class OrganizerLockObserver(NSObject):
        on_lock: Callable[[str], None]

        # Method names are the Objective-C selectors the observers name.
        def willSleep_(self, _note: Any) -> None:
            self.on_lock("going to sleep")

        def screensSlept_(self, _note: Any) -> None:
            self.on_lock("screen asleep")

        def sessionLeft_(self, _note: Any) -> None:
            self.on_lock("session locked")

        def screenLocked_(self, _note: Any) -> None:
            self.on_lock("screen locked")

    return OrganizerLockObserver
