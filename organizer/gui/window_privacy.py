"""Keeping every window of the app out of screenshots, screen recordings and screen sharing,
where the operating system allows it (Windows, macOS): on by default, off only when the
campaign's settings say so (some organizers share their screen on purpose)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtWidgets import QApplication, QWidget

from organizer.platform import Platform
from organizer.platform import current as this_platform


class CapturePrivacy(QObject):
    """Applies the choice to each window as it is shown (dialogs and message boxes are
    windows of their own) and to every open window when the choice changes."""

    def __init__(self, system: Platform | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.system = system or this_platform()
        self.hidden = True
        app = QCoreApplication.instance()
        if self.system.CAN_HIDE_FROM_CAPTURE and app is not None:
            app.installEventFilter(self)

    @property
    def supported(self) -> bool:
        return self.system.CAN_HIDE_FROM_CAPTURE

    def set_hidden(self, hidden: bool) -> None:
        if hidden == self.hidden:
            return
        self.hidden = hidden
        for widget in QApplication.topLevelWidgets():
            if widget.isVisible():
                self.apply(widget)

    def apply(self, window: QWidget) -> None:
        if self.supported:
            self.system.hide_from_capture(int(window.winId()), self.hidden)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() in (QEvent.Type.Show, QEvent.Type.WinIdChange)
            and isinstance(watched, QWidget)
            and watched.isWindow()
        ):
            self.apply(watched)
        return False

    def stop(self) -> None:
        app = QCoreApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
