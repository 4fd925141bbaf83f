"""What every dialog that asks for a new passphrase shares: password fields, the bold
one-sentence problem label, a passphrase typed twice with a live strength hint, and the
dialog base that runs its one long job (create, back up, restore) in a worker."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QWidget

from organizer.core.errors import OrganizerError
from organizer.core.passphrase import (
    check_new_passphrase,
    estimate_strength,
    suggest_passphrase,
)
from organizer.gui import theme
from organizer.gui.unlock import describe_error
from organizer.gui.workers import Task
from organizer.i18n import N_, _

# Translated where shown: _(EMPTY_HINT), _(DIFFERENT).
EMPTY_HINT = N_("Use at least 12 characters; six random words are best.")
DIFFERENT = N_("The two passphrases are different. Type the same passphrase twice.")


def error_label() -> QLabel:
    """Hidden until a dialog has one plain sentence to say about what is in the way."""
    label = QLabel()
    label.setObjectName("error")
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setAccessibleName(_("Problem"))
    theme.bold(label)
    label.hide()
    return label


def password_field(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setAccessibleName(name)
    return field


def strength_text(passphrase: str) -> str:
    if not passphrase:
        return _(EMPTY_HINT)
    hint = estimate_strength(passphrase)
    advice = hint.advice
    if advice.lower().startswith(f"{hint.label}."):  # "Very strong. Write it down…"
        advice = advice[len(hint.label) + 1:].strip()
    # Translators: {label} is "weak", "strong"…; {advice} a sentence on what to do.
    return _("Strength: {label}. {advice}").format(label=hint.label, advice=advice)


SUGGESTION_ADVICE = N_(
    "Write it down on paper and keep it away from work. Without it nobody can open this "
    "campaign, not even you."
)


def fill_suggestion(pair: PassphrasePair, shown: QLabel, lead: str) -> None:
    """Six random words in both fields of `pair`, shown in `shown` after `lead` ("Your
    passphrase") with the advice to write them down."""
    words = suggest_passphrase()
    pair.set_text(words)
    # Translators: {lead} is "Your passphrase"; {words} the suggested passphrase.
    shown.setText(_("{lead}: <b>{words}</b><br>{advice}").format(
        lead=escape(lead), words=escape(words), advice=escape(_(SUGGESTION_ADVICE))))
    shown.show()


class PassphrasePair(QWidget):
    """A new passphrase typed twice, with a live strength hint.

    Its three rows go into `form` when given (so their labels line up with the dialog's other
    rows), else into a form of its own inside this widget.
    """

    edited = Signal()

    def __init__(self, what: str, parent: QWidget | None = None, *,
                 form: QFormLayout | None = None) -> None:
        super().__init__(parent)
        self.passphrase = password_field(what)
        # Translators: {what} is the field's name ("New passphrase"), typed a second time.
        self.again = password_field(_("{what} again").format(what=what))
        self.strength = QLabel()
        self.strength.setObjectName("strength")
        self.strength.setWordWrap(True)
        self.strength.setAccessibleName(_("Passphrase strength"))
        for field in (self.passphrase, self.again):
            field.textEdited.connect(self._edited)
        if form is None:
            form = QFormLayout(self)
            form.setContentsMargins(0, 0, 0, 0)
        else:
            self.hide()
        form.addRow(_("&Passphrase"), self.passphrase)
        form.addRow(_("Passphrase &again"), self.again)
        form.addRow("", self.strength)
        self._update_strength()

    def text(self) -> str:
        return self.passphrase.text()

    def set_text(self, passphrase: str) -> None:
        """Both fields at once (a suggested passphrase)."""
        self.passphrase.setText(passphrase)
        self.again.setText(passphrase)
        self._update_strength()

    def is_empty(self) -> bool:
        return not self.passphrase.text() and not self.again.text()

    def clear(self) -> None:
        self.passphrase.clear()
        self.again.clear()
        self._update_strength()

    def problem(self) -> str:
        try:
            check_new_passphrase(self.passphrase.text())
        except OrganizerError as error:
            return str(error)
        if self.passphrase.text() != self.again.text():
            return _(DIFFERENT)

        return ""

    @Slot()
    def _edited(self) -> None:
        self._update_strength()
        self.edited.emit()

    def _update_strength(self) -> None:
        self.strength.setText(strength_text(self.passphrase.text()))


class TaskDialog(QDialog):
    """A dialog whose one job runs as `self._task`: the problem label, busy state, and what
    Cancel does meanwhile. Subclasses lay out `self.error` and say what `_set_busy` greys."""

    # Cancel while the job runs: stop it (an export or a restore keeps nothing), or, when
    # False, stay (never walk away from a vault being written).
    cancel_stops_the_task = True

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._task: Task | None = None
        self.error = error_label()

    def _set_busy(self, busy: bool) -> None:
        raise NotImplementedError

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
        self.adjustSize()  # wrapped labels: let the dialog grow rather than clip them

    @Slot()
    def _clear_error(self) -> None:
        if not self.error.isHidden():
            self.error.clear()
            self.error.hide()
            self.adjustSize()

    @Slot(object)
    def _failed(self, error: object) -> None:
        self.show_error(describe_error(error))

    @Slot()
    def _finished(self) -> None:
        self._task = None
        self._set_busy(False)

    def reject(self) -> None:
        if self._task is None:
            super().reject()
        elif self.cancel_stops_the_task:
            self._task.cancel()
