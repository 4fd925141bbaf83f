"""Ctrl+Shift+L locks at once from anywhere: over a one-on-one being typed and a print
preview, every window of the campaign goes, and what was typed is kept in the vault."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QPlainTextEdit, QWidget

from organizer.gui import messages
from organizer.gui.app import AppController
from organizer.gui.print_preview import PreviewDialog
from tests.gui.conftest import PERSON_NAME, unlock

Make = Callable[..., AppController]
TYPED = "Will bring the night shift"


def _texts(widget: QWidget) -> str:
    parts = [widget.windowTitle()]
    for child in widget.findChildren(QWidget):
        if isinstance(child, (QLabel, QLineEdit)):
            parts.append(child.text())
        elif isinstance(child, QPlainTextEdit):
            parts.append(child.toPlainText())
    return " ".join(parts)


def test_panic_key_in_a_dialog_hides_everything_and_keeps_the_typing(
    qtbot: Any, make_controller: Make, vault_file: Path
) -> None:
    controller = make_controller()
    unlock(qtbot, controller, vault_file)
    window = controller.main_window
    assert window is not None
    dialog = window.new_one_on_one()
    qtbot.keyClicks(dialog.picker, PERSON_NAME[:8])
    qtbot.keyClicks(dialog.commitment, TYPED)
    page = QImage(200, 280, QImage.Format.Format_RGB32)
    page.fill(Qt.GlobalColor.white)
    preview = PreviewDialog([page], "Call list", window)
    preview.show()

    qtbot.keyClick(dialog.commitment, Qt.Key.Key_L,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: controller.main_window is None)
    shown = [w for w in QApplication.topLevelWidgets()
             if w.isVisible() and w is not controller.shell]
    assert shown == []
    assert controller.shell.unlock_page.isVisible()
    assert PERSON_NAME not in _texts(controller.shell) and TYPED not in _texts(controller.shell)

    unlock(qtbot, controller, vault_file)  # the place and the draft come back
    window = controller.main_window
    assert window is not None
    qtbot.waitUntil(lambda: window.one_on_one_dialog is not None)
    again = window.one_on_one_dialog
    assert again is not None and again.commitment.text() == TYPED
    messages.answer_next(True)  # discard it
    again.reject()
