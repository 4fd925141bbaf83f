"""Encrypted backups in the app: "Back up now…", "Restore from backup…" and the Backups tab.

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

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

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
    record_backup,
    restore_backup,
    set_auto_backup_settings,
    suggested_backup_name,
)
from organizer.core.errors import OrganizerError
from organizer.core.vault import Vault
from organizer.gui import messages, start_screen
from organizer.gui.passphrase_fields import PassphrasePair, TaskDialog, password_field
from organizer.gui.workers import Progress, Task, VaultRead

BACKUP_FILTERS = ["Organizer backups (*.age)", "All files (*)"]
RESTORED_STEM = "campaign-restored"
KEEP_IT_SAFE_NOTE = (
    "Write the backup passphrase down and keep it away from the computer: without it, no "
    "one can restore the backup, not even you."
)


# ----- seams: tests replace these ------------------------------------------------------------


def choose_backup_target(parent: QWidget | None, suggested: Path) -> Path | None:
    """Where to write a backup; None when cancelled."""
    return start_screen.choose_save_path(
        parent, suggested, "Save the backup as", BACKUP_FILTERS, SUFFIX
    )


def choose_backup_file(parent: QWidget | None, start: Path | None = None) -> Path | None:
    """Which backup to restore; None when cancelled."""
    return start_screen.choose_open_path(parent, "Choose a backup", BACKUP_FILTERS, start)


def choose_backup_folder(parent: QWidget | None, start: Path | None = None) -> Path | None:
    """The folder for automatic backups (say, a USB stick); None when cancelled."""
    return start_screen.choose_folder(parent, start, "Folder for automatic backups")


def choose_vault_target(parent: QWidget | None, suggested: Path) -> Path | None:
    """Where to put the restored campaign file; None when cancelled."""
    return start_screen.choose_save_path(parent, suggested, "Save the restored campaign as")


# ----- small shared pieces -------------------------------------------------------------------


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
    """"today at 14:05", "yesterday at 09:30", "3 Nov at 18:00" (local time)."""
    local = moment.astimezone()
    today = today or dt.date.today()
    day = local.date()
    clock = f"{local:%H:%M}"
    if day == today:
        return f"today at {clock}"
    if day == today - dt.timedelta(days=1):
        return f"yesterday at {clock}"
    if day.year == today.year:
        return f"{day.day} {day:%b} at {clock}"
    return f"{day.day} {day:%b %Y} at {clock}"


def status_sentence(status: BackupStatus) -> str:
    """Today's line: the warning when there is one, else when the last backup was made."""
    warning = status.warning
    if warning is not None:
        return warning
    assert status.last_at is not None  # no warning means a recent, verified backup
    return f"Last backup: {describe_when(status.last_at)}, verified."


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
        self.setWindowTitle("Back up now")
        self.setObjectName("backup-now-dialog")
        self.setModal(True)
        self.manifest: BackupManifest | None = None
        settings = auto_backup_settings(vault)

        intro = QLabel(
            "The backup is one encrypted file with everything in this campaign. Keep it away "
            "from this computer, on a USB stick for example."
        )
        intro.setWordWrap(True)

        self.location = QLineEdit(str(Path.home() / suggested_backup_name(vault)))
        self.location.setAccessibleName("Where to save the backup")
        self.location.textEdited.connect(self._clear_error)
        self.browse_button = QPushButton("&Browse…")
        self.browse_button.setAccessibleName("Choose where to save the backup")
        self.browse_button.clicked.connect(self.browse)
        location_row = QHBoxLayout()
        location_row.addWidget(self.location, 1)
        location_row.addWidget(self.browse_button)

        self.use_automatic = QRadioButton("Use the &automatic-backup passphrase")
        self.use_automatic.setAccessibleName("Use the automatic-backup passphrase")
        self.type_new = QRadioButton("&Type a passphrase for this backup")
        self.type_new.setAccessibleName("Type a passphrase for this backup")
        choice = QButtonGroup(self)
        choice.addButton(self.use_automatic)
        choice.addButton(self.type_new)
        self.pair = PassphrasePair("Backup passphrase")
        self.pair.edited.connect(self._clear_error)
        if settings.has_passphrase:
            self.use_automatic.setChecked(True)
        else:
            self.use_automatic.setEnabled(False)
            self.use_automatic.setToolTip("No automatic-backup passphrase is set (Settings)")
            self.type_new.setChecked(True)
        self.type_new.toggled.connect(self._choice_changed)
        self._choice_changed(self.type_new.isChecked())
        note = QLabel(KEEP_IT_SAFE_NOTE)
        note.setWordWrap(True)

        self.buttons = QDialogButtonBox()
        self.backup_button = self.buttons.addButton(
            "&Back up", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.backup_button.setAccessibleName("Back up")
        self.backup_button.setDefault(True)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.back_up)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        save_label = QLabel("&Save to")
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
            return "Choose where to save the backup."
        target = self.target()
        if not target.parent.is_dir():
            return (
                f"The folder {target.parent} does not exist (is the disk plugged in?). "
                "Choose an existing folder."
            )
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
            f"There is already a file named {target.name} there. Replace it with the new "
            "backup?",
            confirm_label="Replace",
        ):
            return
        passphrase = self.passphrase()

        def work(own: Vault, progress: Progress) -> BackupManifest:
            return export_backup(
                own, target, passphrase, replace=True,  # confirmed above
                progress=_fraction_reporter(
                    progress, "Encrypting and checking the backup (this takes a few seconds)…"
                ),
                cancelled=lambda: progress.cancelled,
            )

        self._set_busy(True)
        # A VaultRead, so a lock stops it and waits for it before the vault closes.
        task = VaultRead(self.vault, work, parent=self, label="Backing up…", cancellable=True)
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
        messages.inform(self.parentWidget(), f"Backup written and verified: {name}")



# ----- Restore from backup… -------------------------------------------------------------


class RestoreDialog(TaskDialog):
    """Make a brand-new vault from a backup; emits `restored(Vault)` with it open."""

    restored = Signal(object)  # Vault

    def __init__(self, backup_file: Path | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Restore from backup")
        self.setObjectName("restore-dialog")
        self.setModal(True)
        self.vault: Vault | None = None

        intro = QLabel(
            "Restoring makes a new campaign file from the backup, with a new passphrase. "
            "No existing file is changed."
        )
        intro.setWordWrap(True)
        self.backup_file = QLineEdit(str(backup_file) if backup_file else "")
        self.backup_file.setAccessibleName("The backup file")
        self.backup_file.textEdited.connect(self._clear_error)
        self.browse_backup_button = QPushButton("B&rowse…")
        self.browse_backup_button.setAccessibleName("Choose the backup file")
        self.browse_backup_button.clicked.connect(self.browse_backup)
        backup_row = QHBoxLayout()
        backup_row.addWidget(self.backup_file, 1)
        backup_row.addWidget(self.browse_backup_button)

        self.backup_passphrase = password_field("Backup passphrase")
        self.backup_passphrase.textEdited.connect(self._clear_error)

        self.location = QLineEdit(str(default_restore_path()))
        self.location.setAccessibleName("Where to save the restored campaign")
        self.location.textEdited.connect(self._clear_error)
        self.browse_location_button = QPushButton("Bro&wse…")
        self.browse_location_button.setAccessibleName("Choose where to save the campaign")
        self.browse_location_button.clicked.connect(self.browse_location)
        location_row = QHBoxLayout()
        location_row.addWidget(self.location, 1)
        location_row.addWidget(self.browse_location_button)

        self.pair = PassphrasePair("New passphrase")
        self.pair.edited.connect(self._clear_error)

        form = QFormLayout()
        # Rows holding a layout need their own label with a buddy, or "&" shows as it is.
        backup_label = QLabel("&Backup")
        backup_label.setBuddy(self.backup_file)
        form.addRow(backup_label, backup_row)
        form.addRow("Backup pa&ssphrase", self.backup_passphrase)
        location_label = QLabel("Save the &new campaign to")
        location_label.setBuddy(self.location)
        form.addRow(location_label, location_row)
        new_heading = QLabel("The restored campaign's new passphrase:")

        self.buttons = QDialogButtonBox()
        self.restore_button = self.buttons.addButton(
            "R&estore", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.restore_button.setAccessibleName("Restore")
        self.restore_button.setDefault(True)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
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
            return "Choose the backup to restore."
        if not self.backup_passphrase.text():
            return "Type the backup's passphrase."
        if not self.location.text().strip():
            return "Choose where to save the restored campaign."
        path = self.chosen_path()
        if not path.parent.is_dir():
            return f"The folder {path.parent} does not exist. Choose an existing folder."
        if path.exists():
            return f"A file already exists at {path}. Choose another name."
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
        target = self.chosen_path()
        new_passphrase = self.pair.text()

        def work(progress: Progress) -> Vault:
            return restore_backup(
                source, backup_passphrase, target, new_passphrase,
                progress=_fraction_reporter(
                    progress, "Decrypting and restoring the backup (this takes a few seconds)…"
                ),
                cancelled=lambda: progress.cancelled,
            )

        self._set_busy(True)
        task = Task(work, parent=self, label="Restoring the backup…", cancellable=True)
        task.succeeded.connect(self._restored)
        task.failed.connect(self._failed)
        task.finished.connect(self._finished)
        self._task = task
        task.start()

    def _set_busy(self, busy: bool) -> None:
        for widget in (self.backup_file, self.browse_backup_button, self.backup_passphrase,
                       self.location, self.browse_location_button, self.pair,
                       self.restore_button):
            widget.setEnabled(not busy)

    @Slot(object)
    def _restored(self, vault: object) -> None:
        assert isinstance(vault, Vault)
        self.vault = vault
        self.backup_passphrase.clear()
        self.pair.clear()
        self.restored.emit(vault)
        self.accept()



# ----- the Backups tab of Settings ---------------------------------------------------------


class BackupSettingsPage(QWidget):
    """Automatic backups: on or off, the folder, how many to keep, the backup passphrase.

    Saved with the rest of Settings (see `change`); the passphrase is kept inside the vault.
    """

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.old = auto_backup_settings(vault)

        self.enabled = QCheckBox("Make &automatic backups")
        self.enabled.setAccessibleName("Make automatic backups")
        self.enabled.setChecked(self.old.enabled)
        explanation = QLabel(
            "When this campaign is locked or closed after a change, and at least once a day "
            "while it is open, an encrypted backup is written to the folder below. Older "
            "automatic backups are deleted only after the new one is checked."
        )
        explanation.setWordWrap(True)

        self.folder = QLineEdit(str(self.old.folder) if self.old.folder else "")
        self.folder.setAccessibleName("Folder for automatic backups")
        self.folder.setPlaceholderText("A folder on a USB stick, for example")
        self.choose_button = QPushButton("C&hoose…")
        self.choose_button.setAccessibleName("Choose the folder for automatic backups")
        self.choose_button.clicked.connect(self.choose)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.choose_button)

        self.keep = QSpinBox()
        self.keep.setRange(1, MAX_KEEP)
        self.keep.setValue(self.old.keep or DEFAULT_KEEP)
        self.keep.setSuffix(" backups")
        self.keep.setAccessibleName("How many automatic backups to keep")
        self.keep.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

        self.passphrase_note = QLabel(
            "A backup passphrase is set. To change it, type a new one twice; leave these "
            "empty to keep it." if self.old.has_passphrase else
            "Choose a passphrase for the backups (type it twice). It is kept inside this "
            "campaign's encrypted file. " + KEEP_IT_SAFE_NOTE
        )
        self.passphrase_note.setWordWrap(True)
        self.pair = PassphrasePair("Backup passphrase")

        form = QFormLayout()
        folder_label = QLabel("&Folder")
        folder_label.setBuddy(self.folder)
        form.addRow(folder_label, folder_row)
        form.addRow("&Keep the newest", self.keep)
        layout = QVBoxLayout(self)
        layout.addWidget(self.enabled)
        layout.addWidget(explanation)
        layout.addLayout(form)
        layout.addWidget(self.passphrase_note)
        layout.addWidget(self.pair)
        layout.addStretch(1)
        self.enabled.toggled.connect(self._update_enabled)
        self._update_enabled(self.enabled.isChecked())

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
            return "Choose a folder for the automatic backups."
        if not folder.is_dir():
            return (
                f"The folder {folder} does not exist (is the disk plugged in?). "
                "Choose an existing folder."
            )
        if self.pair.is_empty() and not self.old.has_passphrase:
            return "Choose a passphrase for the backups and type it twice."
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


def current_status(vault: Vault) -> BackupStatus:
    """backup_status, for Today (a few settings reads and one folder check)."""
    return backup_status(vault)
