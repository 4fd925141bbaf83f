"""Windows and dialogs open at a size the screen has room for.

Many organizers carry a 1366×768 laptop at 125–150% scaling, or a 1024×600 netbook: a
dialog asking for 820×680 there put its OK button below the screen. Every window asks here
for its preferred size and gets at most the screen's free room (less the frame)."""

from __future__ import annotations

import contextlib
import json
import os

from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from organizer.core import paths

# Room kept for a title bar the window manager adds (its size is known only once shown).
_TITLE_BAR = 40


def room_for(window: QWidget) -> QSize | None:
    """The screen's free room for `window`'s contents (no task bar, no title bar)."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return None
    room = screen.availableGeometry().size()
    frame = window.frameGeometry().size() - window.geometry().size()
    return QSize(room.width() - max(frame.width(), 0),
                 room.height() - max(frame.height(), _TITLE_BAR))


def fitting_size(window: QWidget, preferred: QSize) -> QSize:
    """`preferred`, but never larger than the screen's room."""
    room = room_for(window)
    return preferred if room is None else preferred.boundedTo(room)


def resize_to_fit(window: QWidget, width: int, height: int) -> None:
    """`window.resize(width, height)`, within the screen's room."""
    window.resize(fitting_size(window, QSize(width, height)))


# The main window's size on this computer: two numbers, nothing of any campaign.
SIZE_FILE = "window-size.json"


def remembered_size() -> QSize | None:
    """The main window's last size on this computer, if one was kept and is sane."""
    try:
        data = json.loads((paths.config_dir(create=False) / SIZE_FILE).read_text("utf-8"))
        size = QSize(int(data["width"]), int(data["height"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return size if 320 <= size.width() <= 20000 and 240 <= size.height() <= 20000 else None


def remember_size(window: QWidget) -> None:
    """Keep the window's size (not maximised or full-screen: those come back by themselves)."""
    if window.isMaximized() or window.isFullScreen():
        return
    target = paths.config_dir() / SIZE_FILE
    partial = target.with_name(f".{SIZE_FILE}.partial")
    with contextlib.suppress(OSError):
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as file:
            json.dump({"width": window.width(), "height": window.height()}, file)
        os.replace(partial, target)
