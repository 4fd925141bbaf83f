"""Settings › Safety's panic key row: choose the one key combination that locks Organizer at
once from any window, or go back to Ctrl+Shift+L.

A key is refused, in one sentence and with nothing changed, when it has none of Ctrl, Alt or
Meta (it would lock while someone types) or when Organizer already uses it: a menu's or a
page's key (read from the open windows, as Help › Keyboard shortcuts reads them), a dialog's,
or one of the standard editing keys (copy, paste, undo...) every text field answers to.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QKeySequenceEdit,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from organizer.gui import help_dialogs, locking, panic_key_setting, theme
from organizer.gui.panic_key_setting import default_panic_key, native
from organizer.i18n import _


def keys_in_use(current: QKeySequence | None = None) -> list[tuple[QKeySequence, str]]:
    """Every key Organizer already answers to, as (key, what it does): the open windows'
    actions and shortcuts, the keys they list for their dialogs, and the standard editing
    keys. The panic key itself (`current`) is left out."""
    found: list[tuple[QKeySequence, str]] = []
    for window in QApplication.topLevelWidgets():
        found.extend(help_dialogs.keys_of(window))
    found.extend(help_dialogs.standard_keys())
    return [(key, what) for key, what in found if not key.isEmpty() and key != current]


def panic_key_problem(key: QKeySequence, current: QKeySequence | None = None) -> str:
    """Why `key` cannot be the panic key, in one sentence; "" when it can."""
    if key.isEmpty() or panic_key_setting.combination(key) is None:
        return _("Press one key combination, such as Ctrl+Alt+L.")
    if not panic_key_setting.has_command_modifier(key):
        return _("Hold Ctrl, Alt or Meta with the key: a key on its own would lock while "
                 "you type.")
    for used, what in keys_in_use(current):
        if used != key:
            continue
        if not what:
            # Translators: {key} is a key combination, such as "Ctrl+Right".
            return _("Organizer already uses {key} in text fields: choose another key."
                     ).format(key=native(key))
        # Translators: {key} is a key combination ("Ctrl+F"), {action} what it does ("Find").
        return _("{key} already does “{action}” in Organizer: choose another key."
                 ).format(key=native(key), action=what)
    return ""


class PanicKeyRow(QWidget):
    """The panic key editor: a key field, a button back to the default, a sentence saying
    what the key does, and the reason when a key is refused. `save()` keeps the key on this
    computer and every running panic key listens for it at once."""

    changed = Signal()  # the key in the field changed (not saved yet)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("panic-key-row")
        self.saved_key = panic_key_setting.panic_key()

        self.key_edit = QKeySequenceEdit(self.saved_key)
        self.key_edit.setObjectName("panic-key-edit")
        self.key_edit.setMaximumSequenceLength(1)
        self.key_edit.setAccessibleName(_("Panic key"))
        self.key_edit.setToolTip(_("Click here, then press the keys you want"))
        self.key_edit.keySequenceChanged.connect(self._edited)
        self.key_edit.editingFinished.connect(self._word_the_field)
        self._word_the_field()

        self.reset_button = QPushButton(
            # Translators: a button; {key} is the default panic key, "Ctrl+Shift+L".
            _("Use {key}").format(key=native(default_panic_key())))
        self.reset_button.setObjectName("panic-key-reset")
        self.reset_button.setAutoDefault(False)
        self.reset_button.clicked.connect(self.reset)

        self.sentence = QLabel(_("Press the panic key in any Organizer window, dialogs "
                                 "included, and Organizer locks at once."))
        self.sentence.setWordWrap(True)
        self.sentence.setTextFormat(Qt.TextFormat.PlainText)

        self.problem = QLabel()
        self.problem.setObjectName("panic-key-problem")
        self.problem.setWordWrap(True)
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setAccessibleName(_("Problem"))
        theme.mark_warning(self.problem)
        self.problem.hide()

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.key_edit, 1)
        row.addWidget(self.reset_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.sentence)
        layout.addWidget(self.problem)
        self.setFocusProxy(self.key_edit)

    def key(self) -> QKeySequence:
        return self.key_edit.keySequence()

    def set_key(self, key: QKeySequence) -> None:
        self.key_edit.setKeySequence(key)

    def reset(self) -> None:
        """Back to Ctrl+Shift+L in the field (saved by `save`)."""
        self.set_key(default_panic_key())

    def has_changes(self) -> bool:
        return self.key() != self.saved_key

    def problem_text(self) -> str:
        return self.problem.text() if not self.problem.isHidden() else ""

    def _show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(bool(text))

    def _word_the_field(self) -> None:
        """Qt's own "Press shortcut" (which it sets again after each key), in our words."""
        field = self.key_edit.findChild(QLineEdit)
        if field is not None:
            field.setPlaceholderText(_("Press the keys you want"))

    def _edited(self, key: QKeySequence) -> None:
        self._word_the_field()
        self._show_problem("" if key == self.saved_key
                           else panic_key_problem(key, self.saved_key))
        self.changed.emit()

    def save(self) -> bool:
        """Keep the key on this computer, and lock with it from now on. A refused key, or a
        file that cannot be written, changes nothing: the sentence says why and this returns
        False."""
        key = self.key()
        if key == self.saved_key:
            self._show_problem("")
            return True
        problem = panic_key_problem(key, self.saved_key)
        if problem:
            self._show_problem(problem)
            return False
        try:
            panic_key_setting.choose_panic_key(key)
        except (OSError, ValueError):
            self._show_problem(_("Organizer could not keep the panic key on this computer. "
                                 "The old key still locks."))
            return False
        locking.use_panic_key(key)
        self.saved_key = key
        self._show_problem("")
        return True
