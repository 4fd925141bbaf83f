"""Message boxes behind one seam, so tests can answer them (like KeePassXC's
MessageBox::setNextAnswer) instead of a modal box blocking the test.

Every box in the app goes through `inform`, `warn` or `confirm`. A test queues answers with
`answer_next(...)`; each box then takes the next answer without being shown, and is kept in
`seen` so the test can read what it said. In strict mode (the test suite's), a box with no
queued answer fails loudly instead of waiting forever for a click.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Literal

from PySide6.QtWidgets import QMessageBox, QWidget

from organizer.core.errors import InternalError
from organizer.i18n import N_, _

Kind = Literal["information", "warning", "question"]
# Translators: the app's name, the title of its message boxes. Keep it as it is.
TITLE = N_("Organizer")  # never a campaign's name: other programs can read window titles


@dataclass(frozen=True)
class Message:
    kind: Kind
    text: str
    detail: str = ""
    report: str = ""


@dataclass
class MessageSeam:
    """Queued answers for the next boxes, and the boxes answered that way (tests only)."""

    # True / False for inform, warn and confirm; a button's label for `choose`.
    answers: deque[bool | str] = field(default_factory=deque)
    seen: list[Message] = field(default_factory=list)
    strict: bool = False

    def reset(self) -> None:
        self.answers.clear()
        self.seen.clear()


seam = MessageSeam()


class UnansweredMessage(AssertionError):
    """A box appeared in a test that had not queued an answer for it."""


def answer_next(*answers: bool | str) -> None:
    """Queue answers for the next boxes: True is OK / the confirming button, False cancels;
    for `choose`, the label of the button to press."""
    seam.answers.extend(answers)


def _ask(
    parent: QWidget | None,
    kind: Kind,
    text: str,
    detail: str,
    buttons: tuple[str, str] | None,
    report: str = "",
) -> bool:
    if seam.answers:
        seam.seen.append(Message(kind, text, detail, report))
        return bool(seam.answers.popleft())
    if seam.strict:
        raise UnansweredMessage(f"an unanswered {kind} box appeared: {text}")
    icon = {
        "information": QMessageBox.Icon.Information,
        "warning": QMessageBox.Icon.Warning,
        "question": QMessageBox.Icon.Question,
    }[kind]
    box = QMessageBox(icon, _(TITLE), text, QMessageBox.StandardButton.NoButton, parent)
    if detail:
        box.setInformativeText(detail)
    if report:
        # "Show Details…": selectable text the user can copy into a bug report.
        box.setDetailedText(report)
    if buttons is None:
        ok = box.addButton(QMessageBox.StandardButton.Ok)
        box.setDefaultButton(ok)
        box.setEscapeButton(ok)
        box.exec()
        return True
    confirm_text, cancel_text = buttons
    confirm = box.addButton(confirm_text, QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(cancel_text, QMessageBox.ButtonRole.RejectRole)
    # The safe choice is the default: Enter by habit must not delete anything.
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.exec()
    return box.clickedButton() is confirm


def choose(
    parent: QWidget | None, text: str, *, choices: tuple[str, ...], cancel: str,
    detail: str = "",
) -> str:
    """Ask with several answers; returns the label chosen. `cancel` (also Esc, closing the
    box, and the default button) changes nothing."""
    if seam.answers:
        seam.seen.append(Message("question", text, detail))
        answer = seam.answers.popleft()
        assert answer in (*choices, cancel), f"no button {answer!r} in: {text}"
        return str(answer)
    if seam.strict:
        raise UnansweredMessage(f"an unanswered question box appeared: {text}")
    box = QMessageBox(QMessageBox.Icon.Question, _(TITLE), text,
                      QMessageBox.StandardButton.NoButton, parent)
    if detail:
        box.setInformativeText(detail)
    buttons = {label: box.addButton(label, QMessageBox.ButtonRole.AcceptRole)
               for label in choices}
    stay = box.addButton(cancel, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(stay)
    box.setEscapeButton(stay)
    box.exec()
    clicked = box.clickedButton()
    return next((label for label, button in buttons.items() if button is clicked), cancel)


# The answers, in English whatever the language shown (the buttons say them translated).
SAVE, DISCARD, STAY = N_("Save"), N_("Discard changes"), N_("Cancel")


def save_discard_or_stay(parent: QWidget | None, text: str) -> str:
    """KeePassXC's question before leaving unsaved edits: SAVE, DISCARD or STAY (Esc)."""
    shown = {_(answer): answer for answer in (SAVE, DISCARD, STAY)}
    chosen = choose(parent, text, choices=(_(SAVE), _(DISCARD)), cancel=_(STAY))
    return shown.get(chosen, STAY)


def inform(parent: QWidget | None, text: str, detail: str = "") -> None:
    """Tell the user something; one OK button."""
    _ask(parent, "information", text, detail, None)


def warn(parent: QWidget | None, text: str, detail: str = "") -> None:
    """Tell the user something went wrong and what to do; one OK button."""
    _ask(parent, "warning", text, detail, None)


def warn_error(parent: QWidget | None, error: BaseException, prefix: str = "") -> None:
    """An error's sentence; a bug (InternalError) also gets its details to copy."""
    report = error.details if isinstance(error, InternalError) else ""
    _ask(parent, "warning", f"{prefix}{error}", "", None, report)


def confirm(
    parent: QWidget | None,
    text: str,
    *,
    confirm_label: str,
    cancel_label: str | None = None,
    detail: str = "",
) -> bool:
    """Ask before doing something; True only when the user chose `confirm_label`."""
    return _ask(parent, "question", text, detail,
                (confirm_label, cancel_label or _("Cancel")))

