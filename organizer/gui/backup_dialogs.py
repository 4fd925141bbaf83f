"""Encrypted backups in the app: "Back up now…" and Today's backup line; "Restore from
backup…" is in restore_dialog, the Backups tab and "Make a recovery kit…" in backup_settings,
and what they share in backup_common (all importable from here too).

The work itself is organizer.core.backup's; these modules ask for places and passphrases, run
the export in a `VaultRead` (so a lock stops it before the vault closes) and the restore in a
`Task` (each with a progress dialog and Cancel after ~500 ms), and say what happened in one
sentence. The encryption runs in a child process (organizer.core.age_files), so the window
stays responsive throughout.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from organizer import formats
from organizer.core import campaign
from organizer.core.backup import (
    KEY_PASSPHRASE,
    SUFFIX,
    BackupManifest,
    BackupStatus,
    auto_backup_settings,
    backup_status,
    export_backup,
    record_backup,
    suggested_backup_name,
)
from organizer.core.errors import OrganizerError
from organizer.core.vault import Vault
from organizer.gui import messages
from organizer.gui.backup_common import (
    BACKUP_FILTERS,
    KEEP_IT_SAFE_NOTE,
    _fraction_reporter,
    choose_backup_file,
    choose_backup_folder,
    choose_backup_target,
    choose_kit_folder,
    choose_vault_target,
)
from organizer.gui.backup_settings import BackupSettingsPage, RecoveryKitDialog
from organizer.gui.passphrase_fields import PassphrasePair, TaskDialog
from organizer.gui.restore_dialog import (
    LONGEST_SHARE_WORDS,
    RESTORED_STEM,
    RestoreDialog,
    ShareField,
    SharesPanel,
    default_restore_path,
)
from organizer.gui.workers import Progress, VaultRead
from organizer.i18n import _

__all__ = [
    "BACKUP_FILTERS",
    "KEEP_IT_SAFE_NOTE",
    "LONGEST_SHARE_WORDS",
    "RESTORED_STEM",
    "BackupNowDialog",
    "BackupSettingsPage",
    "RecoveryKitDialog",
    "RestoreDialog",
    "ShareField",
    "SharesPanel",
    "choose_backup_file",
    "choose_backup_folder",
    "choose_backup_target",
    "choose_kit_folder",
    "choose_vault_target",
    "current_status",
    "default_restore_path",
    "describe_when",
    "export_backup",
    "status_sentence",
]


# ----- Today's backup line --------------------------------------------------------------------


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


def current_status(vault: Vault) -> BackupStatus:
    """backup_status, for Today (a few settings reads and one folder check)."""
    return backup_status(vault)
