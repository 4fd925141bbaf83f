"""The mouse wheel scrolls the form; it never changes a drop-down or a number by accident.

Rolling the wheel over a closed combo box or spin box that does not have the keyboard focus
changed its value (it silently changed "Safest way to reach" while someone scrolled the
person form). Here such a wheel event is refused, so Qt hands it to the parent, and the
scroll area around the form scrolls instead. Click or tab into the box to use the wheel on
it.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QAbstractScrollArea, QAbstractSpinBox, QComboBox, QWidget

_installed: WheelGuard | None = None


class WheelGuard(QObject):
    """An application-wide event filter; install once with `install()`."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.Wheel
            and isinstance(watched, (QComboBox, QAbstractSpinBox))
            and not watched.hasFocus()
        ):
            area = _scroll_area_around(watched)
            if area is None:
                event.ignore()  # refused: Qt offers it to the parent widgets
                return True
            # The scroll area around the box gets it, whoever sent it (Qt passes only the
            # wheel events of the window system on to parents).
            assert isinstance(event, QWheelEvent)
            viewport = area.viewport()
            where = viewport.mapFromGlobal(event.globalPosition())
            QCoreApplication.sendEvent(viewport, QWheelEvent(
                where, event.globalPosition(), event.pixelDelta(), event.angleDelta(),
                event.buttons(), event.modifiers(), event.phase(), event.inverted(),
            ))
            return True
        return False


def _scroll_area_around(widget: QWidget) -> QAbstractScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea):
            return parent
        parent = parent.parentWidget()
    return None


def install() -> WheelGuard | None:
    """Guard every combo box and spin box of the application (once per application)."""
    global _installed
    app = QCoreApplication.instance()
    if app is None:
        return None
    if _installed is None or _installed.parent() is not app:
        _installed = WheelGuard(app)
        app.installEventFilter(_installed)
    return _installed

