"""The unlock page: passphrase in, key derivation in a worker, a plain sentence when it fails.

Opening a vault derives its key (PBKDF2, a noticeable pause), so `Vault.open` always runs in the
thread pool and the window keeps answering. The opt-in "Remember on this computer" stores the
derived key (never the passphrase) in the OS keychain, and is offered only when a real
keychain works (organizer.core.secrets).
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from organizer.core import secrets
from organizer.core.errors import InternalError, OrganizerError, WrongPassphrase
from organizer.core.vault import Vault, sqlite_code, translate
from organizer.gui import theme
from organizer.gui.workers import Progress, Task
from organizer.i18n import N_, _

# Translated where shown: _(DOES_NOT_OPEN).
DOES_NOT_OPEN = N_("That passphrase doesn't open this vault. Check Caps Lock and try again.")
STALE_STORED_KEY = N_(
    "The key stored on this computer no longer opens this vault (was the passphrase "
    "changed?). It has been forgotten; unlock with the passphrase."
)
REMEMBER_WARNING = N_(
    "Anyone who can log in to this computer as you can then open this campaign without the "
    "passphrase. Unwise on a computer your employer manages."
)
# Translators: {kind} is the name of a programming error, for a bug report.
UNEXPECTED = N_("Organizer could not open this vault ({kind}). Nothing was changed.")


@dataclass
class Unlocked:
    """What the unlock worker hands back: the open vault, and a keychain problem if any."""

    vault: Vault
    keychain_problem: str = ""


def describe_error(error: object) -> str:
    """One sentence for the user, whatever went wrong."""
    if isinstance(error, WrongPassphrase):
        return _(DOES_NOT_OPEN)
    if isinstance(error, BaseException) and sqlite_code(error) is not None:
        error = translate(error)
    if isinstance(error, InternalError):
        # Translators: {error} is a sentence; {details} technical words for a bug report.
        return _("{error} (Details for a bug report: {details}.)").format(
            error=error, details=error.details)
    if isinstance(error, OrganizerError):
        return str(error)
    return _(UNEXPECTED).format(kind=type(error).__name__)


def _unlock_with_passphrase(path: Path, passphrase: str, remember: bool) -> Unlocked:
    vault = Vault.open(path, passphrase)
    if not remember:
        return Unlocked(vault)
    try:
        secrets.remember_key(path, vault.raw_key)
    except OrganizerError as error:
        return Unlocked(vault, str(error))
    return Unlocked(vault)


def _unlock_with_stored_key(path: Path) -> Unlocked:
    key = secrets.remembered_key(path)
    if key is None:
        raise OrganizerError(_(
            "No key for this vault is stored on this computer any more. "
            "Unlock with the passphrase."
        ))
    try:
        return Unlocked(Vault.open_with_key(path, key))
    except WrongPassphrase:
        with contextlib.suppress(OrganizerError):
            secrets.forget_key(path)
        raise OrganizerError(_(STALE_STORED_KEY)) from None


def _stored_key_exists(path: Path, keychain_available: bool) -> bool:
    return keychain_available and secrets.remembered_key(path) is not None


class UnlockPage(QWidget):
    """Asks for one vault's passphrase. Emits `unlocked(Unlocked)` on success."""

    unlocked = Signal(object)  # Unlocked
    back_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("unlock-page")
        self.vault_path: Path | None = None
        self._keychain_available = False
        self._task: Task | None = None

        self.title = QLabel()
        theme.heading(self.title, 1.5)
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.PlainText)

        self.why_locked = QLabel()
        self.why_locked.setObjectName("why-locked")
        self.why_locked.setWordWrap(True)
        self.why_locked.hide()

        self.demo_hint = QLabel()
        self.demo_hint.setObjectName("demo-passphrase")
        self.demo_hint.setWordWrap(True)
        self.demo_hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.demo_hint.hide()

        prompt = QLabel(_("&Passphrase"))
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName(_("Passphrase"))
        self.passphrase.setMinimumWidth(320)
        self.passphrase.returnPressed.connect(self.unlock)
        self.passphrase.textEdited.connect(self._clear_message)
        prompt.setBuddy(self.passphrase)
        self.show_passphrase = QCheckBox(_("&Show passphrase"))
        self.show_passphrase.setAccessibleName(_("Show passphrase"))
        self.show_passphrase.toggled.connect(self._toggle_echo)

        self.remember = QCheckBox(_("&Remember on this computer"))
        self.remember.setAccessibleName(_("Remember on this computer"))
        self.remember_warning = QLabel(_(REMEMBER_WARNING))
        self.remember_warning.setWordWrap(True)
        self.remember.toggled.connect(self._show_remember_warning)

        self.message = QLabel()
        self.message.setObjectName("unlock-message")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setAccessibleName(_("Problem"))
        theme.bold(self.message)

        self.unlock_button = QPushButton(_("&Unlock"))
        self.unlock_button.setAccessibleName(_("Unlock"))
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self.unlock)
        self.back_button = QPushButton(_("&Choose another campaign"))
        self.back_button.setAccessibleName(_("Choose another campaign"))
        self.back_button.clicked.connect(self.back_requested)

        self.stored_key_button = QPushButton(_("Unlock with the &key stored on this computer"))
        self.stored_key_button.setAccessibleName(
            _("Unlock with the key stored on this computer"))
        self.stored_key_button.clicked.connect(self.unlock_with_stored_key)
        self.forget_button = QPushButton(_("&Forget the stored key"))
        self.forget_button.setAccessibleName(_("Forget the key stored on this computer"))
        self.forget_button.clicked.connect(self.forget_stored_key)

        form = QVBoxLayout()
        form.addWidget(self.title)
        form.addWidget(self.why_locked)
        form.addWidget(self.demo_hint)
        form.addSpacing(8)
        form.addWidget(prompt)
        form.addWidget(self.passphrase)
        form.addWidget(self.show_passphrase)
        form.addWidget(self.remember)
        form.addWidget(self.remember_warning)
        form.addWidget(self.message)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.unlock_button)
        form.addLayout(buttons)
        stored = QHBoxLayout()
        stored.addWidget(self.stored_key_button)
        stored.addWidget(self.forget_button)
        stored.addStretch(1)
        form.addLayout(stored)

        column = QWidget()
        column.setLayout(form)
        column.setMaximumWidth(560)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(column, 3)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)
        self._show_keychain_choices(stored_key=False)
        self.show_message("")

    # ----- what is shown --------------------------------------------------------------------

    def set_vault(
        self,
        path: Path,
        *,
        keychain_available: bool = False,
        demo_passphrase: str | None = None,
        why_locked: str = "",
    ) -> None:
        """Show the page for one vault file (its name only; nothing inside is readable)."""
        self.vault_path = path
        self._keychain_available = keychain_available
        # Translators: the unlock page's title; {name} is the campaign file's name.
        self.title.setText(_("Unlock {name}").format(name=path.stem))
        self.why_locked.setText(why_locked)
        self.why_locked.setVisible(bool(why_locked))
        self.passphrase.clear()
        self.show_passphrase.setChecked(False)
        self.remember.setChecked(False)
        self._clear_message()
        self._set_busy(False)
        if demo_passphrase:
            self.demo_hint.setText(_(
                "This is the made-up demo campaign, so its passphrase is filled in for you: "
                "{passphrase}"
            ).format(passphrase=demo_passphrase))
            self.demo_hint.show()
            self.passphrase.setText(demo_passphrase)
            self.back_button.hide()
        else:
            self.demo_hint.clear()
            self.demo_hint.hide()
            self.back_button.show()
        self._show_keychain_choices(stored_key=False)
        if keychain_available and not demo_passphrase:
            self._look_up_stored_key(path)

    def _look_up_stored_key(self, path: Path) -> None:
        # Reading the keychain may block (it can ask to be unlocked): never on the GUI thread.
        task = Task(lambda _p: (path, _stored_key_exists(path, True)), parent=self)
        task.succeeded.connect(self._show_stored_key_choice)
        task.start()

    def set_keychain_available(self, available: bool) -> None:
        """The keychain probe finished after the page was shown."""
        if available == self._keychain_available:
            return
        self._keychain_available = available
        self._show_keychain_choices(stored_key=False)
        if available and self.vault_path is not None and self.demo_hint.isHidden():
            self._look_up_stored_key(self.vault_path)

    def focus_passphrase(self) -> None:
        self.passphrase.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    @Slot()
    def _clear_message(self) -> None:
        self.show_message("")

    @Slot(bool)
    def _toggle_echo(self, visible: bool) -> None:
        self.passphrase.setEchoMode(
            QLineEdit.EchoMode.Normal if visible else QLineEdit.EchoMode.Password
        )

    @Slot(bool)
    def _show_remember_warning(self, checked: bool) -> None:
        self.remember_warning.setVisible(checked and not self.remember.isHidden())

    @Slot(object)
    def _show_stored_key_choice(self, result: object) -> None:
        assert isinstance(result, tuple)
        path, exists = result
        if path == self.vault_path:
            self._show_keychain_choices(stored_key=bool(exists))

    def _show_keychain_choices(self, *, stored_key: bool) -> None:
        self.remember.setVisible(self._keychain_available and not stored_key)
        self.remember_warning.setVisible(
            self._keychain_available and not stored_key and self.remember.isChecked()
        )
        self.stored_key_button.setVisible(stored_key)
        self.forget_button.setVisible(stored_key)

    def _set_busy(self, busy: bool) -> None:
        for widget in (self.passphrase, self.unlock_button, self.remember, self.back_button,
                       self.stored_key_button, self.forget_button, self.show_passphrase):
            widget.setEnabled(not busy)

    # ----- actions --------------------------------------------------------------------------

    @Slot()
    def unlock(self) -> None:
        """Derive the key and open the vault in a worker."""
        if self.vault_path is None or self._task is not None:
            return
        path = self.vault_path
        passphrase = self.passphrase.text()
        if not passphrase:
            self.show_message(_("Type the passphrase first."))
            return
        remember = not self.remember.isHidden() and self.remember.isChecked()
        self._start(
            Task(
                lambda _p: _unlock_with_passphrase(path, passphrase, remember),
                parent=self,
                label=_("Unlocking…"),
            )
        )

    @Slot()
    def unlock_with_stored_key(self) -> None:
        if self.vault_path is None or self._task is not None:
            return
        path = self.vault_path
        self._start(Task(lambda _p: _unlock_with_stored_key(path), parent=self,
                         label=_("Unlocking…")))

    @Slot()
    def forget_stored_key(self) -> None:
        if self.vault_path is None or self._task is not None:
            return
        path = self.vault_path

        def forget(_progress: Progress) -> None:
            secrets.forget_key(path)

        task = Task(forget, parent=self, label=_("Forgetting the stored key…"))
        task.succeeded.connect(self._forgotten)
        task.failed.connect(self._failed)
        task.finished.connect(self._task_finished)
        self._task = task
        self._set_busy(True)
        task.start()

    def _start(self, task: Task) -> None:
        self._clear_message()
        self._set_busy(True)
        self._task = task
        task.succeeded.connect(self._succeeded)
        task.failed.connect(self._failed)
        task.finished.connect(self._task_finished)
        task.start()

    @Slot(object)
    def _succeeded(self, result: object) -> None:
        assert isinstance(result, Unlocked)
        self.passphrase.clear()
        self.unlocked.emit(result)

    @Slot(object)
    def _failed(self, error: object) -> None:
        self.show_message(describe_error(error))
        if isinstance(error, OrganizerError) and str(error) == _(STALE_STORED_KEY):
            self._show_keychain_choices(stored_key=False)
        self.passphrase.selectAll()
        self.focus_passphrase()

    @Slot(object)
    def _forgotten(self, _result: object) -> None:
        self._show_keychain_choices(stored_key=False)
        self.show_message(_("The stored key was forgotten. Unlock with the passphrase."))


    @Slot()
    def _task_finished(self) -> None:
        self._task = None
        self._set_busy(False)
