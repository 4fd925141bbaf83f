"""Windows and dialogs open at a size the screen has room for.

Many organizers carry a 1366×768 laptop at 125–150% scaling, or a 1024×600 netbook: a
dialog asking for 820×680 there put its OK button below the screen. Every window asks here
for its preferred size and gets at most the screen's free room (less the frame)."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

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
