"""The panic key is settable (Settings › Safety): a new key locks at once from a dialog and the
old one no longer does; the choice is this computer's, kept 0600 in its config folder and read
again at the next start; a plain key or one the app already uses is refused in a sentence;
and one button goes back to Ctrl+Shift+L."""

from __future__ import annotations

import json
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QLineEdit

from organizer.core import paths
from organizer.gui import panic_key_setting
from organizer.gui.app import AppController
from organizer.gui.help_dialogs import ShortcutsDialog
from organizer.gui.locking import PanicKey
from organizer.gui.main_window import MainWindow
from organizer.gui.panic_key_setting import PANIC_KEY_FILE, native
from organizer.gui.panic_key_ui import PanicKeyRow
from tests.gui.conftest import unlock
from tests.gui.vault_fixtures import (  # noqa: F401
    seed_template_fixture,
    vault_fixture,
    window_fixture,
)

Make = Callable[..., AppController]
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier
NEW_KEY = "Ctrl+Alt+J"


def _row(qtbot: Any) -> PanicKeyRow:
    row = PanicKeyRow()
    qtbot.addWidget(row)
    row.show()
    return row


def _file() -> Path:
    return paths.config_dir(create=False) / PANIC_KEY_FILE


def _presses(qtbot: Any) -> tuple[PanicKey, QLineEdit, list[bool]]:
    """A running panic key, a field to type in, and a list that grows at each lock."""
    panic = PanicKey()
    pressed: list[bool] = []
    panic.pressed.connect(lambda: pressed.append(True))
    field = QLineEdit()
    qtbot.addWidget(field)
    field.show()
    field.setFocus()
    return panic, field, pressed


def test_a_new_key_locks_at_once_from_a_dialog_and_the_old_one_no_longer_does(
    qtbot: Any, make_controller: Make, vault_file: Path
) -> None:
    controller = make_controller()
    unlock(qtbot, controller, vault_file)
    window = controller.main_window
    assert window is not None
    dialog = window.new_one_on_one()
    row = _row(qtbot)

    row.set_key(QKeySequence(NEW_KEY))
    assert row.problem_text() == ""
    assert row.save()

    # The old key: nothing happens, nothing is typed.
    qtbot.keyClick(dialog.commitment, Qt.Key.Key_L, CTRL | SHIFT)
    qtbot.wait(50)
    assert controller.main_window is window
    assert dialog.isVisible() and dialog.commitment.text() == ""
    # The new one locks at once, over the dialog.
    qtbot.keyClick(dialog.commitment, Qt.Key.Key_J, CTRL | ALT)
    qtbot.waitUntil(lambda: controller.main_window is None)
    assert controller.shell.unlock_page.isVisible()


def test_the_choice_survives_a_restart_and_help_lists_it(
    qtbot: Any, window: MainWindow
) -> None:
    row = _row(qtbot)
    row.set_key(QKeySequence(NEW_KEY))
    assert row.save()

    # The file holds the key and nothing else, for this user alone.
    assert json.loads(_file().read_text("utf-8")) == {"key": NEW_KEY}
    assert stat.S_IMODE(_file().stat().st_mode) == 0o600
    assert not list(_file().parent.glob("*.partial"))

    # The next start: a new PanicKey reads it.
    panic, field, pressed = _presses(qtbot)
    try:
        assert panic.key == QKeySequence(NEW_KEY)
        qtbot.keyClick(field, Qt.Key.Key_L, CTRL | SHIFT)
        assert pressed == []
        qtbot.keyClick(field, Qt.Key.Key_J, CTRL | ALT)
        assert pressed == [True]
    finally:
        panic.stop()
    assert PanicKeyRow().key() == QKeySequence(NEW_KEY)

    # Help › Keyboard shortcuts shows the key in use, not a fixed one.
    shortcuts = ShortcutsDialog(window)
    qtbot.addWidget(shortcuts)
    lock_rows = [keys for _group, text, keys in shortcuts.rows
                 if text == "Lock at once, from any window"]
    assert lock_rows == [native(QKeySequence(NEW_KEY))]


def test_a_plain_key_and_a_key_in_use_are_refused_in_a_sentence(
    qtbot: Any, window: MainWindow
) -> None:
    panic, field, pressed = _presses(qtbot)
    row = _row(qtbot)
    refused = {
        # Typed into a field, these would lock.
        "L": "Hold Ctrl, Alt or Meta",
        "Shift+L": "Hold Ctrl, Alt or Meta",
        "F5": "Hold Ctrl, Alt or Meta",
        # The main window's Find, its lock, a page's section key.
        "Ctrl+F": "“Find",
        "Ctrl+L": "already does",
        "Ctrl+2": "already does",
        # A dialog's key the window lists, and the keys every text field answers to.
        "Ctrl+Return": "already does",
        "Ctrl+C": "“Copy”",
        "Ctrl+Z": "“Undo”",
    }
    try:
        for text, sentence in refused.items():
            key = QKeySequence(text)
            row.set_key(key)
            assert sentence in row.problem_text(), text  # said as soon as it is pressed
            assert not row.save(), text
            assert sentence in row.problem_text(), text
            if sentence == "already does" or sentence.startswith("“"):
                assert native(key) in row.problem_text(), text
            assert not _file().exists()  # no change
            assert panic.key == panic_key_setting.default_panic_key()
        qtbot.keyClick(field, Qt.Key.Key_L, CTRL | SHIFT)
        assert pressed == [True]  # Ctrl+Shift+L still locks
    finally:
        panic.stop()


def test_reset_goes_back_to_ctrl_shift_l(qtbot: Any) -> None:
    panic, field, pressed = _presses(qtbot)
    try:
        row = _row(qtbot)
        row.set_key(QKeySequence(NEW_KEY))
        assert row.save() and _file().exists()

        row.reset_button.click()
        assert row.key() == QKeySequence("Ctrl+Shift+L")
        assert row.reset_button.text() == f"Use {native(QKeySequence('Ctrl+Shift+L'))}"
        assert row.save()
        assert not _file().exists()
        assert panic_key_setting.panic_key() == QKeySequence("Ctrl+Shift+L")

        qtbot.keyClick(field, Qt.Key.Key_J, CTRL | ALT)
        assert pressed == []
        qtbot.keyClick(field, Qt.Key.Key_L, CTRL | SHIFT)
        assert pressed == [True]
    finally:
        panic.stop()


def test_a_damaged_or_unsafe_file_means_the_default(qtbot: Any) -> None:
    folder = paths.config_dir()
    for content in ("not json", json.dumps({"key": "L"}), json.dumps(["Ctrl+Alt+J"]),
                    json.dumps({"key": "Ctrl+A, Ctrl+B"})):
        (folder / PANIC_KEY_FILE).write_text(content, "utf-8")
        assert panic_key_setting.panic_key() == QKeySequence("Ctrl+Shift+L"), content


def test_settings_safety_saves_the_panic_key_and_keeps_the_dialog_open_when_refused(
    qtbot: Any, vault: Any
) -> None:
    from organizer.gui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(vault)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.panic_key.set_key(QKeySequence("J"))  # no modifier: it would fire while typing
    dialog.save()
    assert dialog.isVisible() and dialog.tabs.currentIndex() == 0
    assert dialog.panic_key.problem_text()
    assert panic_key_setting.chosen_panic_key() is None

    dialog.panic_key.set_key(QKeySequence(NEW_KEY))
    dialog.save()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    assert panic_key_setting.panic_key() == QKeySequence(NEW_KEY)
