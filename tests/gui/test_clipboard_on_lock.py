"""On lock and quit, every clipboard mode this app still owns is cleared: a phone number we
copied, text copied from a note with Ctrl+C, and the X11 selection; another program's
clipboard is left alone."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QClipboard, QGuiApplication
from PySide6.QtWidgets import QPlainTextEdit

from organizer.gui.app import AppController
from tests.gui.conftest import PERSON_NOTE, unlock

Make = Callable[..., AppController]


def _copy_note_with_ctrl_c(qtbot: Any, controller: AppController) -> QPlainTextEdit:
    window = controller.main_window
    assert window is not None
    note = QPlainTextEdit(PERSON_NOTE, window)
    note.show()
    note.setFocus()
    note.selectAll()
    qtbot.keyClick(note, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    return note


def test_locking_clears_text_copied_from_a_note_and_the_selection(
    qtbot: Any, make_controller: Make, vault_file: Path
) -> None:
    controller = make_controller()
    unlock(qtbot, controller, vault_file)
    _copy_note_with_ctrl_c(qtbot, controller)
    board = QGuiApplication.clipboard()
    assert board.text() == PERSON_NOTE
    if board.supportsSelection():
        board.setText(PERSON_NOTE, QClipboard.Mode.Selection)
    controller.lock()
    qtbot.waitUntil(lambda: controller.vault is None, timeout=5000)
    assert board.text(QClipboard.Mode.Clipboard) == ""
    if board.supportsSelection():
        assert board.text(QClipboard.Mode.Selection) == ""


def test_quitting_clears_what_the_app_owns(
    qtbot: Any, make_controller: Make, vault_file: Path
) -> None:
    controller = make_controller()
    unlock(qtbot, controller, vault_file)
    _copy_note_with_ctrl_c(qtbot, controller)
    assert QGuiApplication.clipboard().text() == PERSON_NOTE
    controller.shutdown()
    assert QGuiApplication.clipboard().text() == ""


def test_what_another_program_copied_is_left_alone(
    qtbot: Any, make_controller: Make, vault_file: Path, monkeypatch: Any
) -> None:
    controller = make_controller()
    unlock(qtbot, controller, vault_file)
    # Another program copies while Organizer is in the background.
    monkeypatch.setattr(QGuiApplication, "applicationState",
                        staticmethod(lambda: Qt.ApplicationState.ApplicationInactive))
    QGuiApplication.clipboard().setText("a recipe from another program")
    monkeypatch.undo()
    controller.lock()
    qtbot.waitUntil(lambda: controller.vault is None, timeout=5000)
    assert QGuiApplication.clipboard().text() == "a recipe from another program"
