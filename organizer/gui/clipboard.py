"""Copying a phone number or email: password-manager hints, and clearing after a timeout.

Like KeePassXC's gui/Clipboard.cpp: the copied text carries the hints that ask clipboard
managers and history tools not to keep it, and is cleared after a delay, but only if the
clipboard still holds our text, so whatever the user copied since is left alone.
Only a SHA-256 of the copied text is kept, not the text itself.
"""

from __future__ import annotations

import hashlib
import sys

from PySide6.QtCore import QMimeData, QObject, Qt, QTimer, Slot
from PySide6.QtGui import QClipboard, QGuiApplication

DEFAULT_CLEAR_SECONDS = 30


def _digest(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8")).digest()


def _mime_data(text: str) -> QMimeData:
    data = QMimeData()
    data.setText(text)
    if sys.platform == "darwin":
        # Pasteboard managers skip concealed items.
        data.setData("application/x-nspasteboard-concealed-type", text.encode("utf-8"))
    elif sys.platform == "win32":
        # Keep it out of clipboard history, cloud clipboard and clipboard monitors.
        data.setData("ExcludeClipboardContentFromMonitorProcessing", b"1")
        data.setData("CanIncludeInClipboardHistory", b"\x00\x00\x00\x00")
        data.setData("CanUploadToCloudClipboard", b"\x00\x00\x00\x00")
    else:
        # Klipper and other X11/Wayland clipboard managers honour this hint.
        data.setData("x-kde-passwordManagerHint", b"secret")
    return data


class SecureClipboard(QObject):
    """The app's one clipboard writer for personal details. Owned by the app controller."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ours: bytes | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.clear_if_ours)
        # Digest of what each clipboard mode held when it last changed while this app was
        # the active one: Ctrl+C in a note, a mouse selection. Platforms whose clipboard
        # cannot say who owns it (ownsClipboard() false everywhere) are covered this way.
        self._made_here: dict[QClipboard.Mode, bytes] = {}
        QGuiApplication.clipboard().changed.connect(self._note_change)

    def copy(self, text: str, clear_after_seconds: float = DEFAULT_CLEAR_SECONDS) -> None:
        """Put `text` on the clipboard, to be cleared after `clear_after_seconds`."""
        QGuiApplication.clipboard().setMimeData(_mime_data(text), QClipboard.Mode.Clipboard)
        self._ours = _digest(text)
        self._timer.start(max(100, round(clear_after_seconds * 1000)))

    def holds_ours(self) -> bool:
        """True while the clipboard still holds the text we put there."""
        if self._ours is None:
            return False
        current = QGuiApplication.clipboard().text(QClipboard.Mode.Clipboard)
        return bool(current) and _digest(current) == self._ours

    @Slot()
    def clear_if_ours(self) -> None:
        """Clear the clipboard if it still holds the text we put there (on timeout)."""
        self._timer.stop()
        if self.holds_ours():
            QGuiApplication.clipboard().clear(QClipboard.Mode.Clipboard)
        self._ours = None

    @Slot(QClipboard.Mode)
    def _note_change(self, mode: QClipboard.Mode) -> None:
        if QGuiApplication.applicationState() == Qt.ApplicationState.ApplicationActive:
            self._made_here[mode] = _digest(QGuiApplication.clipboard().text(mode))
        else:
            self._made_here.pop(mode, None)

    def clear_everything_ours(self) -> None:
        """On lock and quit: our copied text, and whatever else this app still owns in every
        clipboard mode: text copied from a note with Ctrl+C, the X11 selection a mouse
        drag made, the macOS find buffer. What another program put there is left alone."""
        self.clear_if_ours()
        board = QGuiApplication.clipboard()
        modes = [
            (QClipboard.Mode.Clipboard, board.ownsClipboard()),
            (QClipboard.Mode.Selection, board.supportsSelection() and board.ownsSelection()),
            (QClipboard.Mode.FindBuffer, board.supportsFindBuffer() and board.ownsFindBuffer()),
        ]
        for mode, owned in modes:
            text = board.text(mode)
            made_here = bool(text) and self._made_here.get(mode) == _digest(text)
            if owned or made_here:
                board.clear(mode)
        self._made_here.clear()
