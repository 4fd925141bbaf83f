"""Restore from backup…: a new campaign file from a backup, opened with the backup
passphrase or with the shares of a recovery kit, typed in one field each."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QFocusEvent, QFontMetrics
from PySide6.QtWidgets import (
    QCheckBox,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from organizer import formats
from organizer.core import paths
from organizer.core.backup import kit, restore_backup
from organizer.core.errors import OrganizerError
from organizer.core.vault import Vault
from organizer.gui import theme
from organizer.gui.backup_common import (
    _fraction_reporter,
    choose_backup_file,
    choose_vault_target,
)
from organizer.gui.passphrase_fields import PassphrasePair, TaskDialog, password_field
from organizer.gui.workers import Progress, Task
from organizer.i18n import _, ngettext

RESTORED_STEM = "campaign-restored"


def default_restore_path(folder: Path | None = None) -> Path:
    """data_dir()/campaign-restored.vault, with -2, -3... so it never names an existing file."""
    folder = folder or paths.data_dir()
    candidate = folder / f"{RESTORED_STEM}{paths.VAULT_SUFFIX}"
    number = 2
    while candidate.exists():
        candidate = folder / f"{RESTORED_STEM}-{number}{paths.VAULT_SUFFIX}"
        number += 1
    return candidate


# ----- recovery-kit shares, typed in --------------------------------------------------------


class _ShareText(QPlainTextEdit):
    """A share's words: wraps, plain text only, and says when the cursor leaves it."""

    left = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setPlaceholderText(_("The share's words, in order, with spaces between them"))
        lines = QFontMetrics(self.font()).lineSpacing()
        self.setFixedHeight(int(lines * 3.2) + 12)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.left.emit()


class ShareField(QWidget):
    """One share typed in: checked as it is typed, and said in one line under it."""

    changed = Signal()

    def __init__(self, position: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.position = position
        self.label = QLabel(_("Share {number}").format(number=position))
        theme.bold(self.label)
        self.text = _ShareText()
        self.text.setAccessibleName(_("Share {number}'s words").format(number=position))
        self.label.setBuddy(self.text)
        self.status = QLabel()
        self.status.setObjectName("share-status")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setAccessibleName(_("Share {number}: check").format(number=position))
        self.read: kit.ReadShare | None = None
        self.problem = ""  # a sentence when the share is complete and wrong
        self._finished = False
        self.text.textChanged.connect(self._edited)
        self.text.left.connect(self._left)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 4)
        layout.setSpacing(2)
        layout.addWidget(self.label)
        layout.addWidget(self.text)
        layout.addWidget(self.status)

    def words(self) -> str:
        return self.text.toPlainText()

    def set_words(self, text: str) -> None:
        self.text.setPlainText(text)

    def is_empty(self) -> bool:
        return not kit.share_tokens(self.words())

    @Slot()
    def _edited(self) -> None:
        self._finished = False
        self.changed.emit()

    @Slot()
    def _left(self) -> None:
        if not self._finished and not self.is_empty():
            self._finished = True
            self.changed.emit()

    def check(self, earlier: list[kit.ReadShare], expected_words: int | None) -> None:
        """Check the words against the list as they are typed, and the whole share (its
        checksum, then against `earlier` shares) as soon as it is complete: when its words
        check out, when it has as many words as the kit's shares, or when the cursor left."""
        self.read, self.problem = None, ""
        text = self.words()
        tokens = kit.share_tokens(text)
        if not tokens:
            self._say("")
            return
        typing_last = not self._finished and not text[-1:].isspace()
        for number, token in enumerate(tokens, start=1):
            if kit.share_word(token) is None and not (typing_last and number == len(tokens)):
                self._say(str(kit.UnknownShareWord(self.position, number)), problem=True)
                return
        try:
            share = kit.read_share(text, self.position)
            kit.check_share_joins(earlier, share)
        except (kit.ShareFromAnotherKit, kit.RepeatedShare, kit.NotAKitShare) as error:
            self._say(str(error), problem=True)
            return
        except kit.RecoveryKitError as error:
            longest = expected_words or LONGEST_SHARE_WORDS
            if self._finished or len(tokens) >= longest:
                self._say(str(error), problem=True)
            else:
                typed = len(tokens)
                if expected_words:
                    # Translators: {total} is how many words the kit's shares have.
                    self._say(ngettext("{n} word so far (of {total}).",
                                       "{n} words so far (of {total}).", typed).format(
                                           n=formats.number(typed), total=expected_words))
                else:
                    self._say(ngettext("{n} word so far.", "{n} words so far.", typed).format(
                        n=formats.number(typed)))
            return
        self.read = share
        # Translators: {threshold} (2 or more) of the kit's shares together restore a backup.
        self._say(_("✓ Correct: share {number} of its kit, any {threshold} restore.").format(
            number=share.number, threshold=share.threshold))

    def _say(self, text: str, *, problem: bool = False) -> None:
        self.problem = text if problem else ""
        self.status.setText(text)
        # Said in words first; bold and the warning red (readable on any palette) underline it.
        theme.bold(self.status, bool(problem))
        theme.mark_warning(self.status, bool(problem))


LONGEST_SHARE_WORDS = 59  # a kit's longest shares (a passphrase in the text form)


class SharesPanel(QWidget):
    """The shares of a recovery kit, typed in one field each: two to begin with, as many as
    the kit needs once the first share is in."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        intro = QLabel(_(
            "Type each share's words as printed on its page, in order. The first four letters "
            "of a word are enough. Each share is checked as soon as it is complete."
        ))
        intro.setWordWrap(True)
        self.fields: list[ShareField] = []
        self._column = QVBoxLayout()
        self._column.setContentsMargins(0, 0, 8, 0)
        inner = QWidget()
        inner.setLayout(self._column)
        self._column.addStretch(1)
        self.area = QScrollArea()
        self.area.setWidgetResizable(True)
        self.area.setFrameShape(QFrame.Shape.NoFrame)
        self.area.setWidget(inner)
        self.area.setMinimumHeight(190)
        self.area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(intro)
        layout.addWidget(self.area, 1)
        for _field in range(kit.MIN_THRESHOLD):
            self._add_field()

    def _add_field(self) -> ShareField:
        field = ShareField(len(self.fields) + 1)
        field.changed.connect(self.check)
        self._column.insertWidget(len(self.fields), field)
        self.fields.append(field)
        return field

    def needed(self) -> int | None:
        """How many shares the kit needs: known once one share is in."""
        first = next((f.read for f in self.fields if f.read is not None), None)
        return first.threshold if first is not None else None

    @Slot()
    def check(self) -> None:
        earlier: list[kit.ReadShare] = []
        for field in self.fields:
            expected = len(earlier[0].words) if earlier else None
            field.check(earlier, expected)
            if field.read is not None:
                earlier.append(field.read)
        needed = self.needed()
        while needed is not None and len(self.fields) < needed:
            self._add_field()
        self.changed.emit()

    def texts(self) -> list[str]:
        return [field.words() for field in self.fields]

    def problem(self) -> str:
        """What stands in the way of restoring with these shares; "" when nothing does."""
        for field in self.fields:
            if field.problem:
                return field.problem
        try:
            kit.recover_passphrase(self.texts())
        except OrganizerError as error:
            return str(error)
        return ""

    def clear(self) -> None:
        for field in self.fields:
            field.text.clear()


# ----- Restore from backup… -------------------------------------------------------------


class RestoreDialog(TaskDialog):
    """Make a brand-new vault from a backup; emits `restored(Vault)` with it open.

    The backup opens with its passphrase or, ticking "I have recovery shares instead of the
    passphrase", with the shares of a recovery kit (`SharesPanel`)."""

    restored = Signal(object)  # Vault

    def __init__(self, backup_file: Path | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Restore from backup"))
        self.setObjectName("restore-dialog")
        self.setModal(True)
        self.vault: Vault | None = None

        intro = QLabel(_(
            "Restoring makes a new campaign file from the backup, with a new passphrase. "
            "No existing file is changed."
        ))
        intro.setWordWrap(True)
        self.backup_file = QLineEdit(str(backup_file) if backup_file else "")
        self.backup_file.setAccessibleName(_("The backup file"))
        self.backup_file.textEdited.connect(self._clear_error)
        self.browse_backup_button = QPushButton(_("B&rowse…"))
        self.browse_backup_button.setAccessibleName(_("Choose the backup file"))
        self.browse_backup_button.clicked.connect(self.browse_backup)
        backup_row = QHBoxLayout()
        backup_row.addWidget(self.backup_file, 1)
        backup_row.addWidget(self.browse_backup_button)

        self.backup_passphrase = password_field(_("Backup passphrase"))
        self.backup_passphrase.textEdited.connect(self._clear_error)

        self.location = QLineEdit(str(default_restore_path()))
        self.location.setAccessibleName(_("Where to save the restored campaign"))
        self.location.textEdited.connect(self._clear_error)
        self.browse_location_button = QPushButton(_("Bro&wse…"))
        self.browse_location_button.setAccessibleName(_("Choose where to save the campaign"))
        self.browse_location_button.clicked.connect(self.browse_location)
        location_row = QHBoxLayout()
        location_row.addWidget(self.location, 1)
        location_row.addWidget(self.browse_location_button)

        self.pair = PassphrasePair(_("New passphrase"))
        self.pair.edited.connect(self._clear_error)

        self.use_shares = QCheckBox(_("&I have recovery shares instead of the passphrase"))
        self.use_shares.setAccessibleName(_("I have recovery shares instead of the passphrase"))
        self.use_shares.setToolTip(_(
            "The shares of the recovery kit (printed pages, one per member) make the backup "
            "passphrase: type the words of as many shares as the kit needs."
        ))
        self.use_shares.toggled.connect(self._shares_toggled)
        self.shares = SharesPanel()
        self.shares.changed.connect(self._clear_error)

        form = QFormLayout()
        # Rows holding a layout need their own label with a buddy, or "&" shows as it is.
        backup_label = QLabel(_("&Backup"))
        backup_label.setBuddy(self.backup_file)
        form.addRow(backup_label, backup_row)
        form.addRow(_("Backup pa&ssphrase"), self.backup_passphrase)
        form.addRow("", self.use_shares)
        form.addRow(self.shares)
        location_label = QLabel(_("Save the &new campaign to"))
        location_label.setBuddy(self.location)
        form.addRow(location_label, location_row)
        form.setRowVisible(self.shares, False)
        self.form = form
        new_heading = QLabel(_("The restored campaign's new passphrase:"))

        self.buttons = QDialogButtonBox()
        self.restore_button = self.buttons.addButton(
            _("R&estore"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.restore_button.setAccessibleName(_("Restore"))
        self.restore_button.setDefault(True)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setText(_("Cancel"))
        self.buttons.accepted.connect(self.restore)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(new_heading)
        layout.addWidget(self.pair)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(620)

    @Slot(bool)
    def _shares_toggled(self, shares: bool) -> None:
        self.form.setRowVisible(self.backup_passphrase, not shares)
        self.form.setRowVisible(self.shares, shares)
        self._clear_error()
        if shares:
            self.backup_passphrase.clear()
            self.shares.fields[0].text.setFocus()
        else:
            self.backup_passphrase.setFocus()
        self.adjustSize()

    @Slot()
    def browse_backup(self) -> None:
        current = self.backup_file.text().strip()
        chosen = choose_backup_file(self, Path(current).parent if current else None)
        if chosen is not None:
            self.backup_file.setText(str(chosen))
            self._clear_error()

    @Slot()
    def browse_location(self) -> None:
        chosen = choose_vault_target(self, self.chosen_path())
        if chosen is not None:
            self.location.setText(str(chosen))
            self._clear_error()

    def chosen_path(self) -> Path:
        path = Path(self.location.text().strip() or default_restore_path()).expanduser()
        if path.suffix != paths.VAULT_SUFFIX:
            path = path.with_name(path.name + paths.VAULT_SUFFIX)
        return path

    def problem(self) -> str:
        if not self.backup_file.text().strip():
            return _("Choose the backup to restore.")
        if self.use_shares.isChecked():
            problem = self.shares.problem()
            if problem:
                return problem
        elif not self.backup_passphrase.text():
            return _("Type the backup's passphrase.")
        if not self.location.text().strip():
            return _("Choose where to save the restored campaign.")
        path = self.chosen_path()
        if not path.parent.is_dir():
            return _("The folder {folder} does not exist. Choose an existing folder.").format(
                folder=path.parent)
        if path.exists():
            return _("A file already exists at {path}. Choose another name.").format(path=path)
        return self.pair.problem()

    @Slot()
    def restore(self) -> None:
        if self._task is not None:
            return
        problem = self.problem()
        if problem:
            self.show_error(problem)
            return
        source = Path(self.backup_file.text().strip()).expanduser()
        backup_passphrase = self.backup_passphrase.text()
        shares = self.shares.texts() if self.use_shares.isChecked() else None
        target = self.chosen_path()
        new_passphrase = self.pair.text()

        def work(progress: Progress) -> Vault:
            report = _fraction_reporter(
                progress, _("Decrypting and restoring the backup (this takes a few seconds)…")
            )
            if shares is not None:
                return kit.restore_with_shares(
                    source, shares, target, new_passphrase, progress=report,
                    cancelled=lambda: progress.cancelled,
                )
            return restore_backup(
                source, backup_passphrase, target, new_passphrase,
                progress=report, cancelled=lambda: progress.cancelled,
            )

        self._set_busy(True)
        task = Task(work, parent=self, label=_("Restoring the backup…"), cancellable=True)
        task.succeeded.connect(self._restored)
        task.failed.connect(self._failed)
        task.finished.connect(self._finished)
        self._task = task
        task.start()

    def _set_busy(self, busy: bool) -> None:
        for widget in (self.backup_file, self.browse_backup_button, self.backup_passphrase,
                       self.use_shares, self.shares, self.location,
                       self.browse_location_button, self.pair, self.restore_button):
            widget.setEnabled(not busy)

    @Slot(object)
    def _restored(self, vault: object) -> None:
        assert isinstance(vault, Vault)
        self.vault = vault
        self.backup_passphrase.clear()
        self.shares.clear()
        self.pair.clear()
        self.restored.emit(vault)
        self.accept()
