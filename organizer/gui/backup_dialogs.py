"""Encrypted backups in the app: "Back up now…", "Restore from backup…" (with the backup
passphrase, or with the shares of a recovery kit), the Backups tab and its "Make a recovery
kit…".

The work itself is organizer.core.backup's; this module asks for places and passphrases, runs
the export in a `VaultRead` (so a lock stops it before the vault closes) and the restore in a
`Task` (each with a progress dialog and Cancel after ~500 ms), and says what happened in one
sentence. The encryption runs in a child process (organizer.core.age_files), so the window
stays responsive throughout.

Every file dialog goes through the seams below (which use start_screen's), so tests can answer
them and no dialog ever adds a backup's name to the desktop's "recently used" list.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QFocusEvent, QFontMetrics
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from organizer import formats
from organizer.core import campaign, paths
from organizer.core.backup import (
    DEFAULT_KEEP,
    KEY_PASSPHRASE,
    MAX_KEEP,
    SUFFIX,
    BackupManifest,
    BackupStatus,
    auto_backup_settings,
    backup_status,
    export_backup,
    kit,
    record_backup,
    restore_backup,
    set_auto_backup_settings,
    suggested_backup_name,
)
from organizer.core.errors import OrganizerError
from organizer.core.vault import Vault
from organizer.gui import messages, start_screen, theme
from organizer.gui.passphrase_fields import PassphrasePair, TaskDialog, password_field
from organizer.gui.workers import Progress, Task, VaultRead, VaultWrite
from organizer.i18n import N_, _, ngettext

BACKUP_FILTERS = [N_("Organizer backups (*.age)"), N_("All files (*)")]
RESTORED_STEM = "campaign-restored"
KEEP_IT_SAFE_NOTE = N_(
    "Write the backup passphrase down and keep it away from the computer: without it, no "
    "one can restore the backup, not even you."
)


# ----- seams: tests replace these ------------------------------------------------------------


def choose_backup_target(parent: QWidget | None, suggested: Path) -> Path | None:
    """Where to write a backup; None when cancelled."""
    return start_screen.choose_save_path(
        parent, suggested, _("Save the backup as"), _filters(), SUFFIX
    )


def choose_backup_file(parent: QWidget | None, start: Path | None = None) -> Path | None:
    """Which backup to restore; None when cancelled."""
    return start_screen.choose_open_path(parent, _("Choose a backup"), _filters(), start)


def choose_backup_folder(parent: QWidget | None, start: Path | None = None) -> Path | None:
    """The folder for automatic backups (say, a USB stick); None when cancelled."""
    return start_screen.choose_folder(parent, start, _("Folder for automatic backups"))


def choose_kit_folder(parent: QWidget | None, start: Path | None = None) -> Path | None:
    """The folder for a recovery kit's pages; None when cancelled."""
    return start_screen.choose_folder(parent, start,
                                     _("Folder for the recovery kit's pages"))


def choose_vault_target(parent: QWidget | None, suggested: Path) -> Path | None:
    """Where to put the restored campaign file; None when cancelled."""
    return start_screen.choose_save_path(parent, suggested,
                                         _("Save the restored campaign as"))


# ----- small shared pieces -------------------------------------------------------------------


def _filters() -> list[str]:
    return [_(name) for name in BACKUP_FILTERS]


def default_restore_path(folder: Path | None = None) -> Path:
    """data_dir()/campaign-restored.vault, with -2, -3... so it never names an existing file."""
    folder = folder or paths.data_dir()
    candidate = folder / f"{RESTORED_STEM}{paths.VAULT_SUFFIX}"
    number = 2
    while candidate.exists():
        candidate = folder / f"{RESTORED_STEM}-{number}{paths.VAULT_SUFFIX}"
        number += 1
    return candidate


def describe_when(moment: dt.datetime, today: dt.date | None = None) -> str:
    """"today at 2:05 PM", "yesterday at 9:30 AM", "Nov 3, 2026, 6:00 PM" (local time, as
    the locale writes it)."""
    local = moment.astimezone()
    today = today or dt.date.today()
    day = local.date()
    clock = formats.time_of_day(local)
    if day == today:
        # Translators: {time} is a time of day ("2:05 PM", "14:05").
        return _("today at {time}").format(time=clock)
    if day == today - dt.timedelta(days=1):
        # Translators: {time} is a time of day ("2:05 PM", "14:05").
        return _("yesterday at {time}").format(time=clock)
    return formats.date_and_time(local)


def status_sentence(status: BackupStatus) -> str:
    """Today's line: the warning when there is one, else when the last backup was made."""
    warning = status.warning
    if warning is not None:
        return warning
    assert status.last_at is not None  # no warning means a recent, verified backup
    # Translators: {when} is "today at 2:05 PM", "yesterday at 9:30 AM" or a date and time.
    return _("Last backup: {when}, verified.").format(when=describe_when(status.last_at))


def _fraction_reporter(progress: Progress, text: str) -> Callable[[float], None]:
    def report(fraction: float) -> None:
        progress.report(round(fraction * 100), 100, text)

    return report


# ----- Back up now… ------------------------------------------------------------------------


class BackupNowDialog(TaskDialog):
    """Write one encrypted, verified backup where the user says; emits `backed_up(manifest)`."""

    backed_up = Signal(object)  # BackupManifest

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.setWindowTitle(_("Back up now"))
        self.setObjectName("backup-now-dialog")
        self.setModal(True)
        self.manifest: BackupManifest | None = None
        settings = auto_backup_settings(vault)

        intro = QLabel(_(
            "The backup is one encrypted file with everything in this campaign. Keep it away "
            "from this computer, on a USB stick for example."
        ))
        intro.setWordWrap(True)

        self.location = QLineEdit(str(Path.home() / suggested_backup_name(vault)))
        self.location.setAccessibleName(_("Where to save the backup"))
        self.location.textEdited.connect(self._clear_error)
        self.browse_button = QPushButton(_("&Browse…"))
        self.browse_button.setAccessibleName(_("Choose where to save the backup"))
        self.browse_button.clicked.connect(self.browse)
        location_row = QHBoxLayout()
        location_row.addWidget(self.location, 1)
        location_row.addWidget(self.browse_button)

        self.use_automatic = QRadioButton(_("Use the &automatic-backup passphrase"))
        self.use_automatic.setAccessibleName(_("Use the automatic-backup passphrase"))
        self.type_new = QRadioButton(_("&Type a passphrase for this backup"))
        self.type_new.setAccessibleName(_("Type a passphrase for this backup"))
        choice = QButtonGroup(self)
        choice.addButton(self.use_automatic)
        choice.addButton(self.type_new)
        self.pair = PassphrasePair(_("Backup passphrase"))
        self.pair.edited.connect(self._clear_error)
        if settings.has_passphrase:
            self.use_automatic.setChecked(True)
        else:
            self.use_automatic.setEnabled(False)
            self.use_automatic.setToolTip(_("No automatic-backup passphrase is set (Settings)"))
            self.type_new.setChecked(True)
        self.type_new.toggled.connect(self._choice_changed)
        self._choice_changed(self.type_new.isChecked())
        note = QLabel(_(KEEP_IT_SAFE_NOTE))
        note.setWordWrap(True)

        self.buttons = QDialogButtonBox()
        self.backup_button = self.buttons.addButton(
            _("&Back up"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.backup_button.setAccessibleName(_("Back up"))
        self.backup_button.setDefault(True)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setText(_("Cancel"))
        self.buttons.accepted.connect(self.back_up)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        save_label = QLabel(_("&Save to"))
        save_label.setBuddy(self.location)
        form.addRow(save_label, location_row)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.use_automatic)
        layout.addWidget(self.type_new)
        layout.addWidget(self.pair)
        layout.addWidget(note)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(600)

    @Slot(bool)
    def _choice_changed(self, typing: bool) -> None:
        self.pair.setEnabled(typing)
        self._clear_error()

    @Slot()
    def browse(self) -> None:
        chosen = choose_backup_target(self, Path(self.location.text().strip() or Path.home()))
        if chosen is not None:
            self.location.setText(str(chosen))
            self._clear_error()

    def target(self) -> Path:
        path = Path(self.location.text().strip()).expanduser()
        if path.suffix != SUFFIX:
            path = path.with_name(path.name + SUFFIX)
        return path

    def passphrase(self) -> str:
        if self.use_automatic.isChecked():
            return campaign.setting(self.vault, KEY_PASSPHRASE)
        return self.pair.text()

    def problem(self) -> str:
        if not self.location.text().strip():
            return _("Choose where to save the backup.")
        target = self.target()
        if not target.parent.is_dir():
            return _(
                "The folder {folder} does not exist (is the disk plugged in?). "
                "Choose an existing folder."
            ).format(folder=target.parent)
        if self.type_new.isChecked():
            return self.pair.problem()
        return ""

    @Slot()
    def back_up(self) -> None:
        if self._task is not None:
            return
        problem = self.problem()
        if problem:
            self.show_error(problem)
            return
        target = self.target()
        if target.exists() and not messages.confirm(
            self,
            _("There is already a file named {name} there. Replace it with the new "
              "backup?").format(name=target.name),
            confirm_label=_("Replace"),
        ):
            return
        passphrase = self.passphrase()

        def work(own: Vault, progress: Progress) -> BackupManifest:
            return export_backup(
                own, target, passphrase, replace=True,  # confirmed above
                progress=_fraction_reporter(
                    progress,
                    _("Encrypting and checking the backup (this takes a few seconds)…"),
                ),
                cancelled=lambda: progress.cancelled,
            )

        self._set_busy(True)
        # A VaultRead, so a lock stops it and waits for it before the vault closes.
        task = VaultRead(self.vault, work, parent=self, label=_("Backing up…"),
                         cancellable=True)
        task.succeeded.connect(self._written)
        task.failed.connect(self._failed)
        task.finished.connect(self._finished)
        self._task = task
        task.start()

    def _set_busy(self, busy: bool) -> None:
        for widget in (self.location, self.browse_button, self.use_automatic, self.type_new,
                       self.pair, self.backup_button):
            widget.setEnabled(not busy)
        if not busy:
            self.use_automatic.setEnabled(auto_backup_settings(self.vault).has_passphrase)
            self.pair.setEnabled(self.type_new.isChecked())

    @Slot(object)
    def _written(self, manifest: object) -> None:
        assert isinstance(manifest, BackupManifest)
        self.manifest = manifest
        self.pair.clear()
        # The backup is fine even if this fails; only Today's "last backup" line would lag.
        with contextlib.suppress(OrganizerError):
            record_backup(self.vault, manifest)
        name = manifest.path.name if manifest.path is not None else self.target().name
        self.backed_up.emit(manifest)
        self.accept()
        messages.inform(self.parentWidget(),
                        _("Backup written and verified: {name}").format(name=name))



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



# ----- Make a recovery kit… -----------------------------------------------------------------


class RecoveryKitDialog(TaskDialog):
    """Split the backup passphrase (a new one, or the current one) into shares and write one
    PDF page per share; emits `kit_made()` once the pages are written and the kit adopted."""

    kit_made = Signal()
    cancel_stops_the_task = False  # the vault is written at the end: let it finish

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.setWindowTitle(_("Make a recovery kit"))
        self.setObjectName("recovery-kit-dialog")
        self.setModal(True)
        self.folder_written: Path | None = None
        has_passphrase = auto_backup_settings(vault).has_passphrase

        intro = QLabel(_(
            "A recovery kit splits the backup passphrase into shares: one printed page for "
            "each trusted member. Any few of them together restore a backup; fewer reveal "
            "nothing. So no single person, and no lost laptop, is the only way back into the "
            "campaign."
        ))
        intro.setWordWrap(True)

        self.make_new = QRadioButton(
            _("Make a &new backup passphrase for the kit (recommended)"))
        self.make_new.setAccessibleName(_("Make a new backup passphrase for the kit"))
        self.use_current = QRadioButton(_("Split the &current backup passphrase"))
        self.use_current.setAccessibleName(_("Split the current backup passphrase"))
        choice = QButtonGroup(self)
        choice.addButton(self.make_new)
        choice.addButton(self.use_current)
        self.make_new.setChecked(True)
        if not has_passphrase:
            self.use_current.setEnabled(False)
            self.use_current.setToolTip(_("No backup passphrase is set yet"))
        self.passphrase_note = QLabel()
        self.passphrase_note.setWordWrap(True)
        self.make_new.toggled.connect(self._update_note)

        self.count = QSpinBox()
        self.count.setRange(kit.MIN_SHARES, kit.MAX_SHARES)
        self.count.setValue(kit.DEFAULT_SHARES)
        # Translators: after the number in a spin box, "5 shares" (keep the leading space).
        self.count.setSuffix(_(" shares"))
        self.count.setAccessibleName(_("How many shares"))
        self.threshold = QSpinBox()
        self.threshold.setRange(kit.MIN_THRESHOLD, kit.DEFAULT_SHARES)
        self.threshold.setValue(kit.DEFAULT_THRESHOLD)
        # Translators: before and after the number in a spin box: "any 3 restore" (of the
        # kit's shares, any 3 together restore a backup). Keep the spaces.
        self.threshold.setPrefix(_("any "))
        self.threshold.setSuffix(_(" restore"))
        self.threshold.setAccessibleName(_("How many shares together restore"))
        for spin in (self.count, self.threshold):
            spin.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.count.valueChanged.connect(self._count_changed)
        size_row = QHBoxLayout()
        size_row.addWidget(self.count)
        size_row.addWidget(self.threshold)
        size_row.addStretch(1)

        self.holders: list[QLineEdit] = []
        self._names = QFormLayout()
        self._names.setContentsMargins(0, 0, 8, 0)
        names = QWidget()
        names.setLayout(self._names)
        self.names_area = QScrollArea()
        self.names_area.setWidgetResizable(True)
        self.names_area.setFrameShape(QFrame.Shape.NoFrame)
        self.names_area.setWidget(names)
        self.names_area.setMinimumHeight(90)
        self.names_area.setMaximumHeight(150)
        names_note = QLabel(_("Who is each share for? The name is printed on its page, never "
                              "in a file name; leave it blank to write it by hand."))
        names_note.setWordWrap(True)

        self.folder = QLineEdit(str(Path.home()))
        self.folder.setAccessibleName(_("Folder for the kit's pages"))
        self.folder.textEdited.connect(self._clear_error)
        self.choose_button = QPushButton(_("C&hoose…"))
        self.choose_button.setAccessibleName(_("Choose the folder for the kit's pages"))
        self.choose_button.clicked.connect(self.choose)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.choose_button)
        pages_note = QLabel(_(
            "The pages are PDF files named kit-share-1-of-5.pdf and so on. Print each one, "
            "give it to a different member, then delete the files: together they are the "
            "passphrase."
        ))
        pages_note.setWordWrap(True)

        self.buttons = QDialogButtonBox()
        self.make_button = self.buttons.addButton(
            _("&Make the kit"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.make_button.setAccessibleName(_("Make the kit"))
        self.make_button.setDefault(True)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setText(_("Cancel"))
        self.buttons.accepted.connect(self.make)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        shares_label = QLabel(_("&Shares"))
        shares_label.setBuddy(self.count)
        form.addRow(shares_label, size_row)
        folder_label = QLabel(_("Save the &pages in"))
        folder_label.setBuddy(self.folder)
        form.addRow(folder_label, folder_row)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.make_new)
        layout.addWidget(self.use_current)
        layout.addWidget(self.passphrase_note)
        layout.addLayout(form)
        layout.addWidget(names_note)
        layout.addWidget(self.names_area)
        layout.addWidget(pages_note)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(600)
        self._count_changed(self.count.value())
        self._update_note()

    @Slot()
    def _update_note(self) -> None:
        if self.make_new.isChecked():
            self.passphrase_note.setText(_(
                "The kit's passphrase becomes the backup passphrase: automatic backups, and "
                "Back up now with the automatic-backup passphrase, use it from now on. Backups "
                "made before still need the old passphrase, so back up now once the kit is made."
            ))
        else:
            self.passphrase_note.setText(_(
                "The kit opens every backup made with the current backup passphrase, earlier "
                "ones included, until that passphrase is changed."
            ))
        self._clear_error()

    @Slot(int)
    def _count_changed(self, count: int) -> None:
        self.threshold.setMaximum(count)
        while len(self.holders) < count:
            number = len(self.holders) + 1
            field = QLineEdit()
            field.setPlaceholderText(_("Name (optional)"))
            field.setMaxLength(kit.MAX_HOLDER_CHARS)
            field.setAccessibleName(_("Who share {number} is for").format(number=number))
            self._names.addRow(_("Share {number} is for").format(number=number), field)
            self.holders.append(field)
        for number, field in enumerate(self.holders, start=1):
            self._names.setRowVisible(field, number <= count)
        self._clear_error()

    @Slot()
    def choose(self) -> None:
        current = self.folder.text().strip()
        chosen = choose_kit_folder(self, Path(current) if current else None)
        if chosen is not None:
            self.folder.setText(str(chosen))
            self._clear_error()

    def holder_names(self) -> list[str]:
        return [field.text() for field in self.holders[: self.count.value()]]

    def problem(self) -> str:
        if not self.folder.text().strip():
            return _("Choose a folder for the kit's pages.")
        try:
            kit.check_kit_folder(self.folder.text().strip())
            kit.clean_holders(self.holder_names(), self.count.value())
        except OrganizerError as error:
            return str(error)
        return ""

    @Slot()
    def make(self) -> None:
        if self._task is not None:
            return
        problem = self.problem()
        if problem:
            self.show_error(problem)
            return
        folder = Path(self.folder.text().strip()).expanduser()
        count, threshold = self.count.value(), self.threshold.value()
        holders = self.holder_names()
        reuse = self.use_current.isChecked()

        def work(own: Vault, _progress: Progress) -> tuple[kit.RecoveryKit, list[Path]]:
            from organizer.reports.kit_pdf import make_recovery_kit

            return make_recovery_kit(own, folder, count, threshold, holders=holders,
                                     reuse_current=reuse, log_copies=True)

        self._set_busy(True)
        # A VaultWrite: it ends by writing the kit's passphrase into the vault, and a lock
        # waits for it rather than closing the vault under it.
        task = VaultWrite(self.vault, work, parent=self, label=_("Making the recovery kit…"))
        task.succeeded.connect(self._made)
        task.failed.connect(self._failed)
        task.finished.connect(self._finished)
        self._task = task
        task.start()

    def _set_busy(self, busy: bool) -> None:
        for widget in (self.make_new, self.use_current, self.count, self.threshold,
                       self.names_area, self.folder, self.choose_button, self.make_button):
            widget.setEnabled(not busy)
        if not busy:
            self.use_current.setEnabled(auto_backup_settings(self.vault).has_passphrase)

    @Slot(object)
    def _made(self, result: object) -> None:
        assert isinstance(result, tuple)
        made, written = result
        assert isinstance(made, kit.RecoveryKit)
        self.folder_written = written[0].parent
        for field in self.holders:
            field.clear()
        self.kit_made.emit()
        self.accept()
        ready = _(
            "The recovery kit is ready: {count} pages in {folder} ({first} to {last}); any "
            "{threshold} of them restore.").format(
                count=formats.number(made.count), folder=self.folder_written,
                first=written[0].name, last=written[-1].name, threshold=made.threshold)
        if made.new_passphrase:
            ready += " " + _("Backups made from now on use the kit's new passphrase; back up "
                             "now, so that there is a backup the kit opens.")
        messages.inform(
            self.parentWidget(), ready,
            _("Print each page and give it to a different member, then delete the files: "
              "together they are the passphrase."),
        )


# ----- the Backups tab of Settings ---------------------------------------------------------


class BackupSettingsPage(QWidget):
    """Automatic backups: on or off, the folder, how many to keep, the backup passphrase; and
    the recovery kit.

    Saved with the rest of Settings (see `change`); the passphrase is kept inside the vault.
    "Make a recovery kit…" is done at once, not on Save: its pages exist as soon as it is.
    """

    kit_made = Signal()

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.old = auto_backup_settings(vault)

        self.enabled = QCheckBox(_("Make &automatic backups"))
        self.enabled.setAccessibleName(_("Make automatic backups"))
        self.enabled.setChecked(self.old.enabled)
        explanation = QLabel(_(
            "When this campaign is locked or closed after a change, and at least once a day "
            "while it is open, an encrypted backup is written to the folder below. Older "
            "automatic backups are deleted only after the new one is checked."
        ))
        explanation.setWordWrap(True)

        self.folder = QLineEdit(str(self.old.folder) if self.old.folder else "")
        self.folder.setAccessibleName(_("Folder for automatic backups"))
        self.folder.setPlaceholderText(_("A folder on a USB stick, for example"))
        self.choose_button = QPushButton(_("C&hoose…"))
        self.choose_button.setAccessibleName(_("Choose the folder for automatic backups"))
        self.choose_button.clicked.connect(self.choose)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.choose_button)

        self.keep = QSpinBox()
        self.keep.setRange(1, MAX_KEEP)
        self.keep.setValue(self.old.keep or DEFAULT_KEEP)
        # Translators: after the number in a spin box, "10 backups" (keep the leading space).
        self.keep.setSuffix(_(" backups"))
        self.keep.setAccessibleName(_("How many automatic backups to keep"))
        self.keep.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

        self.passphrase_note = QLabel()
        self.passphrase_note.setWordWrap(True)
        self.pair = PassphrasePair(_("Backup passphrase"))

        kit_heading = QLabel(_("Recovery kit"))
        bold = kit_heading.font()
        bold.setBold(True)
        kit_heading.setFont(bold)
        self.kit_status = QLabel()
        self.kit_status.setObjectName("kit-status")
        self.kit_status.setWordWrap(True)
        self.kit_button = QPushButton(_("Make a recovery k&it…"))
        self.kit_button.setAccessibleName(_("Make a recovery kit"))
        self.kit_button.setToolTip(_(
            "Split the backup passphrase among trusted members: printed pages, any few of "
            "which together restore a backup"
        ))
        self.kit_button.clicked.connect(self.make_kit)
        kit_row = QHBoxLayout()
        kit_row.addWidget(self.kit_status, 1)
        kit_row.addWidget(self.kit_button, 0, Qt.AlignmentFlag.AlignTop)

        form = QFormLayout()
        folder_label = QLabel(_("&Folder"))
        folder_label.setBuddy(self.folder)
        form.addRow(folder_label, folder_row)
        form.addRow(_("&Keep the newest"), self.keep)
        layout = QVBoxLayout(self)
        layout.addWidget(self.enabled)
        layout.addWidget(explanation)
        layout.addLayout(form)
        layout.addWidget(self.passphrase_note)
        layout.addWidget(self.pair)
        layout.addSpacing(6)
        layout.addWidget(kit_heading)
        layout.addLayout(kit_row)
        layout.addStretch(1)
        self.enabled.toggled.connect(self._update_enabled)
        self._update_enabled(self.enabled.isChecked())
        self._show_passphrase_and_kit()

    def _show_passphrase_and_kit(self) -> None:
        status = kit.kit_status(self.vault)
        if not self.old.has_passphrase:
            note = (_("Choose a passphrase for the backups (type it twice), or make a "
                      "recovery kit, which makes one. It is kept inside this campaign's "
                      "encrypted file.") + " " + _(KEEP_IT_SAFE_NOTE))
        elif status is not None and status.current:
            note = _("A backup passphrase is set: the recovery kit's. Changing it here means "
                     "the kit opens only the backups made before the change; leave these "
                     "empty to keep it.")
        else:
            note = _("A backup passphrase is set. To change it, type a new one twice; leave "
                     "these empty to keep it.")
        self.passphrase_note.setText(note)
        self.kit_status.setText(status.sentence() if status is not None else _(
            "No recovery kit yet. A kit splits the backup passphrase among trusted members, "
            "so that the campaign does not depend on one person knowing it."
        ))

    @Slot()
    def make_kit(self) -> RecoveryKitDialog:
        """Open "Make a recovery kit"; once made, a passphrase typed here is dropped (the
        kit's is the backup passphrase now) and the page shows the kit."""
        dialog = RecoveryKitDialog(self.vault, self)
        dialog.kit_made.connect(self._kit_made)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    @Slot()
    def _kit_made(self) -> None:
        self.pair.clear()
        self.old = auto_backup_settings(self.vault)
        self._show_passphrase_and_kit()
        self.kit_made.emit()

    @Slot(bool)
    def _update_enabled(self, on: bool) -> None:
        for widget in (self.folder, self.choose_button, self.keep):
            widget.setEnabled(on)

    @Slot()
    def choose(self) -> None:
        current = self.folder.text().strip()
        chosen = choose_backup_folder(self, Path(current) if current else None)
        if chosen is not None:
            self.folder.setText(str(chosen))

    def chosen_folder(self) -> Path | None:
        text = self.folder.text().strip()
        return Path(text).expanduser().absolute() if text else None

    def problem(self) -> str:
        """What stands in the way of saving these settings, as one sentence; "" if nothing."""
        if not self.pair.is_empty():
            problem = self.pair.problem()
            if problem:
                return problem
        if not self.enabled.isChecked():
            return ""
        folder = self.chosen_folder()
        if folder is None:
            return _("Choose a folder for the automatic backups.")
        if not folder.is_dir():
            return _(
                "The folder {folder} does not exist (is the disk plugged in?). "
                "Choose an existing folder."
            ).format(folder=folder)
        if self.pair.is_empty() and not self.old.has_passphrase:
            return _("Choose a passphrase for the backups and type it twice.")
        return ""

    def change(self) -> tuple[Callable[[], None], Callable[[], None]] | None:
        """(apply, undo) when something changed; None when nothing did."""
        on = self.enabled.isChecked()
        folder = self.chosen_folder() if on else None
        keep = self.keep.value()
        passphrase = None if self.pair.is_empty() else self.pair.text()
        if (on == self.old.enabled and keep == self.old.keep and passphrase is None
                and (not on or folder == self.old.folder)):
            return None
        vault, old = self.vault, self.old

        def apply() -> None:
            set_auto_backup_settings(vault, folder=folder, keep=keep, passphrase=passphrase)

        def undo() -> None:
            set_auto_backup_settings(
                vault, folder=old.folder if old.enabled else None, keep=old.keep
            )

        return apply, undo

    def saved(self) -> None:
        self.pair.clear()
        self.old = auto_backup_settings(self.vault)
        self._show_passphrase_and_kit()


def current_status(vault: Vault) -> BackupStatus:
    """backup_status, for Today (a few settings reads and one folder check)."""
    return backup_status(vault)
