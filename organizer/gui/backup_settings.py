"""The Backups tab of Settings (automatic backups and the backup passphrase) and its
"Make a recovery kit…" dialog."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from organizer import formats
from organizer.core.backup import (
    DEFAULT_KEEP,
    MAX_KEEP,
    auto_backup_settings,
    kit,
    set_auto_backup_settings,
)
from organizer.core.errors import OrganizerError
from organizer.core.vault import Vault
from organizer.gui import messages
from organizer.gui.backup_common import KEEP_IT_SAFE_NOTE, choose_backup_folder, choose_kit_folder
from organizer.gui.passphrase_fields import PassphrasePair, TaskDialog
from organizer.gui.workers import Progress, VaultWrite
from organizer.i18n import _

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
