"""Change the open campaign's passphrase (Settings › Safety): the current one, the new one
typed twice with the strength hint and "Suggest a passphrase", as in New campaign.

The re-keying is the CLI's `organizer vault passwd`: `Vault.change_passphrase`, crash-safe
(the new file replaces the old one only once it opens with the new key). It runs in a worker,
since it derives keys and rewrites every page, and the OS keychain, when it remembers the key,
is updated in the same worker. Whatever goes wrong is one sentence in the dialog, and then
the vault is as it was.
"""

from __future__ import annotations

import contextlib
import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from organizer.core import secrets
from organizer.core.backup import auto_backup_settings
from organizer.core.errors import OrganizerError, WrongPassphrase
from organizer.core.vault import Vault
from organizer.gui.passphrase_fields import (
    PassphrasePair,
    TaskDialog,
    fill_suggestion,
    password_field,
)
from organizer.gui.unlock import describe_error
from organizer.gui.workers import Cancelled, Progress, Task, VaultWrite
from organizer.i18n import N_, _

# Each sentence is translated where it is shown: _(INTRO), _(NOT_CURRENT)…

INTRO = N_(
    "The campaign file is encrypted again with the new passphrase. It takes a few seconds; "
    "keep Organizer open meanwhile."
)
NOT_CURRENT = N_(
    "That is not this campaign's current passphrase, so nothing was changed. "
    "Check Caps Lock and try again."
)
TYPE_CURRENT = N_("Type the campaign's current passphrase first.")
SAME_AS_CURRENT = N_("The new passphrase is the current one. Choose a different one.")
BUSY_ELSEWHERE = N_(
    "Organizer is still busy with this campaign in the background (a backup, or an exchange "
    "with the committee), so nothing was changed. Try again in a moment."
)
NOT_CHANGED = N_("The passphrase was not changed.")
CHANGED = N_("The passphrase was changed: from now on this campaign opens only with the new one.")
OLD_COPIES = N_(
    "Copies of the campaign file made before (by hand, or by your computer's own backups "
    "such as Time Machine or File History) still open with the old passphrase. Organizer's "
    "backups are not affected: each still opens with the backup passphrase it was made with."
)
OLD_COPIES_REVEAL_BACKUPS = N_(
    "The automatic-backup passphrase is kept inside the campaign, so anyone who opens an "
    "old copy with the old passphrase can read it: if someone may know the old passphrase, "
    "change the backup passphrase too (Backups tab)."
)


class Keychain(enum.Enum):
    """What became of the key remembered on this computer."""

    NOT_REMEMBERED = ""
    UPDATED = N_("The key remembered on this computer was updated to the new one.")
    FORGOTTEN = N_(
        "The keychain did not accept the new key, so this computer no longer remembers it: "
        "unlock with the new passphrase."
    )
    STUCK = N_(
        "The keychain would neither take the new key nor delete the old one, which still "
        "opens old copies of the campaign file: remove the entry named Organizer with your "
        "system's keychain app."
    )


@dataclass(frozen=True)
class PassphraseChanged:
    """The outcome of a change: the copies under the old key that were erased, and what
    became of the remembered key."""

    erased: list[Path] = field(default_factory=list)
    keychain: Keychain = Keychain.NOT_REMEMBERED


class UnclearOutcome(OrganizerError):
    """The file was replaced, but the vault could not be opened again afterwards."""

    def __init__(self) -> None:
        super().__init__(_(
            "Something went wrong just after the campaign file was encrypted again, so it "
            "may already need the new passphrase. Lock it (Ctrl+L) and unlock with the new "
            "passphrase, or with the old one if that fails."
        ))


def update_remembered_key(path: Path, new_key: str) -> Keychain:
    """Put the new key where the old one was remembered; forget it if the keychain refuses.
    May block (the keychain can ask to be unlocked): call it off the GUI thread."""
    try:
        secrets.remember_key(path, new_key)
    except OrganizerError:
        try:
            secrets.forget_key(path)
        except OrganizerError:
            return Keychain.STUCK
        return Keychain.FORGOTTEN
    return Keychain.UPDATED


def change_passphrase(
    vault: Vault, current: str, new: str, *, keychain_available: bool
) -> PassphraseChanged:
    """Re-key the open vault (worker thread) and bring the remembered key along."""
    remembered = keychain_available and secrets.remembered_key(vault.path) is not None
    try:
        erased = vault.change_passphrase(current, new)
    except BaseException:
        if not vault.is_open:
            # change_passphrase reopens the old file after any failure; only a failure
            # after the new file took its place leaves the vault closed.
            raise UnclearOutcome() from None
        raise
    keychain = Keychain.NOT_REMEMBERED
    if remembered:
        keychain = update_remembered_key(vault.path, vault.raw_key)
    return PassphraseChanged(erased, keychain)


class PassphraseChange(VaultWrite):
    """The change as a write on the vault, so that a lock, a close or a quit
    (`stop_vault_tasks`) waits for it, and nothing else writes meanwhile
    (`vault_writes_running`). Unlike other writes it opens no connection of its own: it
    re-keys the vault's main one, since re-keying replaces the file and so must hold the only
    connection to it (the CLI's path, and the vault object the window keeps). Meanwhile the
    main connection is the worker's: the modal dialog keeps the window from reading."""

    def __init__(self, vault: Vault, work: Callable[[], PassphraseChanged], *,
                 parent: QWidget | None = None) -> None:
        super().__init__(vault, _never_called, parent=parent,
                         label=_("Changing the passphrase…"),
                         undone_note=_(NOT_CHANGED))
        self._change = work

    def _call(self, progress: Progress) -> object:
        if progress.cancelled:
            raise Cancelled()
        # From here it runs to the end: a file half re-keyed is never left to a lock.
        try:
            return self._change()
        except BaseException:
            self.rolled_back = True  # the old file is back (but see UnclearOutcome)
            raise


def _never_called(_own: Vault, _progress: Progress) -> object:
    raise AssertionError("PassphraseChange runs its own work")


def background_work_running() -> bool:
    """True while any worker runs: re-keying must not replace the file under another
    connection (the core refuses too, when the WAL cannot be checkpointed)."""
    return Task.any_running()


class PassphraseChangeDialog(TaskDialog):
    """Emits `changed(PassphraseChanged)` once the vault has its new passphrase; then it
    says so, and what it means for older copies, until closed."""

    cancel_stops_the_task = False  # never walk away from a file being re-keyed

    changed = Signal(object)  # PassphraseChanged

    def __init__(
        self, vault: Vault, *, keychain_available: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.vault = vault
        self._keychain_available = keychain_available
        self.setWindowTitle(_("Change passphrase"))
        self.setObjectName("passphrase-change-dialog")
        self.setModal(True)

        self.intro = QLabel(_(INTRO))
        self.intro.setWordWrap(True)
        self.current = password_field(_("Current passphrase"))
        self.current.textEdited.connect(self._clear_error)

        self.suggest_button = QPushButton(_("Su&ggest a passphrase"))
        self.suggest_button.setAccessibleName(_("Suggest a passphrase"))
        self.suggest_button.clicked.connect(self.suggest)
        self.suggestion = QLabel()
        self.suggestion.setObjectName("suggestion")
        self.suggestion.setWordWrap(True)
        self.suggestion.setTextFormat(Qt.TextFormat.RichText)
        self.suggestion.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.suggestion.setAccessibleName(_("Suggested passphrase"))
        self.suggestion.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.suggestion.hide()

        self.form_page = QWidget()
        form = QFormLayout(self.form_page)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(_("C&urrent passphrase"), self.current)
        self.pair = PassphrasePair(_("New passphrase"), self, form=form)
        self.pair.edited.connect(self._new_passphrase_edited)
        self.passphrase, self.again = self.pair.passphrase, self.pair.again
        self.strength = self.pair.strength
        # The pair's rows say "Passphrase": beside the current one, say which.
        for field_, text in ((self.passphrase, _("&New passphrase")),
                             (self.again, _("New passphrase &again"))):
            label = form.labelForField(field_)
            if isinstance(label, QLabel):
                label.setText(text)
        suggest_row = QHBoxLayout()
        suggest_row.addWidget(self.suggest_button)
        suggest_row.addStretch(1)
        form.addRow("", suggest_row)
        form.addRow("", self.suggestion)

        self.outcome = QLabel()
        self.outcome.setObjectName("outcome")
        self.outcome.setWordWrap(True)
        self.outcome.setTextFormat(Qt.TextFormat.PlainText)
        self.outcome.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.outcome.setAccessibleName(_("Passphrase changed"))
        self.outcome.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.outcome.hide()

        self.buttons = QDialogButtonBox()
        self.change_button = self.buttons.addButton(
            _("Change &passphrase"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.change_button.setAccessibleName(_("Change passphrase"))
        self.change_button.setDefault(True)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.close_button.hide()
        self.buttons.accepted.connect(self.change)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.form_page)
        layout.addWidget(self.outcome)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)
        self.current.setFocus()

    # ----- live feedback --------------------------------------------------------------------

    @Slot()
    def _new_passphrase_edited(self) -> None:
        self._clear_error()
        if not self.suggestion.isHidden():
            self.suggestion.hide()
            self.adjustSize()

    @Slot()
    def suggest(self) -> None:
        """Fill both new fields with six random words and show them, with advice."""
        fill_suggestion(self.pair, self.suggestion, _("Your new passphrase"))
        self._clear_error()
        self.adjustSize()

    def problem(self) -> str:
        """The first thing in the way of the change, as one sentence; "" if none."""
        if not self.current.text():
            return _(TYPE_CURRENT)
        problem = self.pair.problem()
        if problem:
            return problem
        if self.pair.text() == self.current.text():
            return _(SAME_AS_CURRENT)
        return ""

    # ----- the change -----------------------------------------------------------------------

    @Slot()
    def change(self) -> None:
        """Check the form, then re-key the vault in a worker."""
        if self._task is not None:
            return
        problem = self.problem() or (_(BUSY_ELSEWHERE) if background_work_running() else "")
        if problem:
            self.show_error(problem)
            return
        vault, current, new = self.vault, self.current.text(), self.pair.text()
        keychain = self._keychain_available
        self._clear_error()
        self._set_busy(True)
        task = PassphraseChange(
            vault,
            lambda: change_passphrase(vault, current, new, keychain_available=keychain),
            parent=self,
        )
        task.succeeded.connect(self._changed)
        task.failed.connect(self._failed)
        task.finished.connect(self._finished)
        self._task = task
        task.start()

    def _set_busy(self, busy: bool) -> None:
        for widget in (self.current, self.passphrase, self.again, self.suggest_button,
                       self.change_button, self.cancel_button):
            widget.setEnabled(not busy)

    @Slot(object)
    def _failed(self, error: object) -> None:
        if isinstance(error, WrongPassphrase):
            self.show_error(_(NOT_CURRENT))
            self.current.selectAll()
            self.current.setFocus()
        elif isinstance(error, UnclearOutcome):
            self.show_error(str(error))
        else:
            self.show_error(" ".join((describe_error(error), _(NOT_CHANGED))))

    @Slot(object)
    def _changed(self, outcome: object) -> None:
        assert isinstance(outcome, PassphraseChanged)
        for field_ in (self.current, self.passphrase, self.again):
            field_.clear()
        self.suggestion.clear()
        self.outcome.setText(self.outcome_text(outcome))
        self.intro.hide()
        self.form_page.hide()
        self.outcome.show()
        for button in (self.change_button, self.cancel_button):
            button.hide()
        self.close_button.show()
        self.close_button.setDefault(True)
        self.close_button.setFocus()
        self.adjustSize()
        self.changed.emit(outcome)

    def outcome_text(self, outcome: PassphraseChanged) -> str:
        paragraphs = [_(CHANGED)]
        if outcome.erased:
            names = ", ".join(str(path) for path in outcome.erased)
            # Translators: {names} lists files (their paths), separated by commas.
            paragraphs.append(_(
                "Erased what Organizer had left under the old passphrase: {names}."
            ).format(names=names))
        if outcome.keychain is not Keychain.NOT_REMEMBERED:
            paragraphs.append(_(outcome.keychain.value))
        paragraphs.append(_(OLD_COPIES))
        # Locked meanwhile (OrganizerError): the window is going, and this sentence with it.
        with contextlib.suppress(OrganizerError):
            if auto_backup_settings(self.vault).has_passphrase:
                paragraphs.append(_(OLD_COPIES_REVEAL_BACKUPS))
        return "\n\n".join(paragraphs)
