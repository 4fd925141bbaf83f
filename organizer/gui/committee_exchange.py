"""Exchanging update files with the rest of the committee, from the app: the File › Send
updates… and File › Receive updates… dialogs, and the file choosers they use. Beside it:
receiving the files (receiving_updates.py), the shared folder kept in step in the background
(shared_folder_sync.py), and the summary each of them shows (exchange_summary.py); what
other modules import from those is importable from here too.

Every send, receive and folder pass is a `VaultWrite` (organizer/gui/workers.py) on a
connection of its own: the window never freezes, and a lock cancels it and waits for its
rollback. Receiving merges each file in its own transaction (`receive_file`), so a refused
file costs only itself, and a lock mid-merge undoes only the file being merged. The core
(organizer/core/committee/) does all the reading and writing; nothing here runs SQL.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import shiboken6
from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from organizer import formats
from organizer.core.committee import roster
from organizer.core.committee.folder import shared_folder
from organizer.core.committee.send import SUFFIX, SentFile, send_updates
from organizer.core.errors import OrganizerError
from organizer.core.vault import Vault
from organizer.gui import messages
from organizer.gui.exchange_summary import (
    CANCEL_CHECK_STEPS,
    CONFLICTS_MODULE,
    NO_IDENTITY,
    NO_MEMBERS,
    STILL_WRITING,
    ExchangeSummaryDialog,
    Line,
    conflicts_dialog_available,
    exchange_problem,
    open_conflicts,
    show_summary,
    stop_statements_once_cancelled,
    unconfirmed_note,
)
from organizer.gui.receiving_updates import (
    RECEIVE_STOPPED_BY_LOCK,
    FileOutcome,
    ReceiveStopped,
    ReceiveSummary,
    receive_in_worker,
    start_receiving,
)
from organizer.gui.screen_fit import resize_to_fit
from organizer.gui.shared_folder_sync import (
    FOLDER_DEBOUNCE_MS,
    FOLDER_INTERVAL_MS,
    FOLDER_RETRY_MS,
    NO_FOLDER,
    FolderStatusLabel,
    FolderSync,
    QuietVaultWrite,
    exchange_lines,
    exchange_status,
)
from organizer.gui.unlock import describe_error
from organizer.gui.workers import Cancelled, Progress, VaultWrite, vault_writes_running
from organizer.i18n import N_, _, ngettext

# What other modules import from here: this module's own, and what moved beside it.
__all__ = [
    "CANCEL_CHECK_STEPS",
    "CONFLICTS_MODULE",
    "FOLDER_DEBOUNCE_MS",
    "FOLDER_INTERVAL_MS",
    "FOLDER_RETRY_MS",
    "NO_FOLDER",
    "NO_IDENTITY",
    "NO_MEMBERS",
    "RECEIVE_STOPPED_BY_LOCK",
    "SEND_STOPPED_BY_LOCK",
    "STILL_WRITING",
    "UPDATE_FILTERS",
    "ExchangeSummaryDialog",
    "FileOutcome",
    "FolderStatusLabel",
    "FolderSync",
    "Line",
    "QuietVaultWrite",
    "ReceiveStopped",
    "ReceiveSummary",
    "ReceiveUpdatesDialog",
    "SendOutcome",
    "SendStopped",
    "SendUpdatesDialog",
    "choose_send_folder",
    "choose_update_files",
    "choose_updates_folder",
    "conflicts_dialog_available",
    "exchange_lines",
    "exchange_problem",
    "exchange_status",
    "open_conflicts",
    "receive_in_worker",
    "send_in_worker",
    "show_summary",
    "start_receiving",
    "stop_statements_once_cancelled",
    "unconfirmed_note",
]

UPDATE_FILTERS = [N_("Organizer updates (*.organizer-update)"), N_("All files (*)")]
SEND_STOPPED_BY_LOCK = N_(
    "Sending updates was stopped by the lock. Send them again; the members get everything "
    "new either way."
)


# ----- seams: tests replace these ------------------------------------------------------------


def choose_update_files(parent: QWidget | None) -> list[Path]:
    """The update files to receive; [] when cancelled."""
    # start_screen's seam is the app's one file dialog (Qt's own, history forgotten); it
    # picks one file, and several members' files often arrive together.
    from organizer.gui import start_screen

    dialog = start_screen._file_dialog(
        parent, _("Receive update files"), Path.home(), [_(f) for f in UPDATE_FILTERS]
    )
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
    sidebar = list(dialog.sidebarUrls())
    try:
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        chosen = [Path(name) for name in dialog.selectedFiles()]
    finally:
        start_screen._forget_where_we_were(dialog, sidebar)
        shiboken6.delete(dialog)
    return chosen if accepted else []


def choose_updates_folder(parent: QWidget | None) -> Path | None:
    """A folder whose update files to receive (a USB stick); None when cancelled."""
    from organizer.gui.start_screen import choose_folder

    return choose_folder(parent, Path.home(), _("Receive the update files in a folder"))


def choose_send_folder(parent: QWidget | None, start: Path | None) -> Path | None:
    """Where to write the update files; None when cancelled."""
    from organizer.gui.start_screen import choose_folder

    return choose_folder(parent, start or Path.home(), _("Write the update files into"))


# ----- receiving ------------------------------------------------------------------------------


class ReceiveUpdatesDialog(QDialog):
    """File › Receive updates…: the files the other members sent, or the folder they are in."""

    chosen = Signal(object)  # list[Path]

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Receive updates"))
        self.setObjectName("receive-updates")
        layout = QVBoxLayout(self)
        text = QLabel(_(
            "Choose the update files the other members sent you, or the folder they are "
            "in (a USB stick, say). Each file is checked before anything in it is applied; "
            "files in a folder that are for other members are left alone."
        ))
        text.setWordWrap(True)
        layout.addWidget(text)
        # The suffix on a line of its own: wrapped, ".organizer-update" breaks at its hyphen.
        # Translators: {suffix} is ".organizer-update".
        layout.addWidget(QLabel(_("Update files end in {suffix}").format(suffix=SUFFIX)))
        tip = QLabel(_("You can also drag update files onto Organizer's window."))
        tip.setWordWrap(True)
        layout.addWidget(tip)
        buttons = QDialogButtonBox()
        self.files_button = buttons.addButton(_("Choose &files…"),
                                              QDialogButtonBox.ButtonRole.AcceptRole)
        self.folder_button = buttons.addButton(_("Choose a f&older…"),
                                               QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.rejected.connect(self.reject)
        self.files_button.clicked.connect(self.choose_files)
        self.folder_button.clicked.connect(self.choose_folder)
        self.files_button.setDefault(True)
        layout.addWidget(buttons)
        resize_to_fit(self, 520, self.sizeHint().height())

    @Slot()
    def choose_files(self) -> None:
        self._chosen(choose_update_files(self))

    @Slot()
    def choose_folder(self) -> None:
        folder = choose_updates_folder(self)
        self._chosen([folder] if folder is not None else [])

    def _chosen(self, paths: list[Path]) -> None:
        if not paths:
            return  # cancelled the file dialog: choose again, or Cancel here
        self.accept()
        self.chosen.emit(paths)


# ----- sending --------------------------------------------------------------------------------


@dataclass
class SendOutcome:
    sent: list[SentFile] = field(default_factory=list)
    not_reached: list[str] = field(default_factory=list)


class SendStopped(OrganizerError):
    def __init__(self, outcome: SendOutcome) -> None:
        super().__init__(_("Sending was stopped; the files written before it stay."))
        self.outcome = outcome


def send_in_worker(own: Vault, folder: Path, names: Sequence[str], progress: Progress
                   ) -> SendOutcome:
    """One file per member named, written one member at a time so Cancel and the progress
    bar work between them. Runs in a VaultWrite; never touches a widget."""
    stop_statements_once_cancelled(own, progress)
    outcome = SendOutcome()
    for done, name in enumerate(names):
        if progress.cancelled:
            outcome.not_reached = list(names[done:])
            raise SendStopped(outcome)
        progress.report(done, len(names), _("Writing the file for {name}…").format(name=name))
        try:
            outcome.sent += send_updates(own, folder, [name])
        except Exception:
            if progress.cancelled:
                outcome.not_reached = list(names[done:])
                raise SendStopped(outcome) from None
            raise
    progress.report(len(names), len(names), "")
    return outcome


class SendUpdatesDialog(QDialog):
    """File › Send updates…: which members, which folder; then one file per member."""

    about_to_send = Signal()  # the writing starts now (no other write should run beside it)
    sent = Signal(object)  # SendOutcome

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Send updates"))
        self.setObjectName("send-updates")
        self.vault = vault
        self.task: VaultWrite | None = None
        self.members = roster.list_members(vault, include_removed=False)
        layout = QVBoxLayout(self)
        text = QLabel(_(
            "Organizer writes one file for each member you choose, holding what changed "
            "since they last heard from you (everything, the first time). Only that member "
            "can open it. Hand it over by Signal, on a USB stick or in a shared folder."
        ))
        text.setWordWrap(True)
        layout.addWidget(text)
        layout.addWidget(QLabel(_("Send to:")))
        self.member_list = QListWidget()
        self.member_list.setAccessibleName(_("Members to send to"))
        for member in self.members:
            scope = (_("all departments") if member.all_departments
                     else ", ".join(member.department_names) or _("no departments"))
            label = f"{member.name}  ({scope})"
            if not member.confirmed:
                label += "  · " + _("fingerprint not confirmed")
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, member.name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.member_list.addItem(item)
        self.member_list.itemChanged.connect(lambda _item: self._update_button())
        layout.addWidget(self.member_list, 1)

        layout.addWidget(QLabel(_("Write the files into:")))
        folder_row = QHBoxLayout()
        self.folder_line = QLineEdit()
        self.folder_line.setReadOnly(True)
        self.folder_line.setPlaceholderText(_("Choose a folder, such as a USB stick"))
        self.folder_line.setAccessibleName(_("Folder for the update files"))
        self.browse_button = QPushButton(_("C&hoose…"))
        self.browse_button.clicked.connect(self.choose_folder)
        folder_row.addWidget(self.folder_line, 1)
        folder_row.addWidget(self.browse_button)
        layout.addLayout(folder_row)
        self.folder: Path | None = shared_folder(vault)
        if self.folder is not None:
            self.folder_line.setText(str(self.folder))

        self.buttons = QDialogButtonBox()
        self.send_button = self.buttons.addButton(_("&Write files"),
                                                  QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.send_button.clicked.connect(self.send)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._update_button()
        # The list as tall as the roster, up to ten members; a bigger committee scrolls.
        rows = max(3, min(10, len(self.members)))
        self.member_list.setMinimumHeight(
            rows * self.member_list.sizeHintForRow(0) + 2 * self.member_list.frameWidth()
            if self.members else 60)
        self.member_list.setMaximumHeight(self.member_list.minimumHeight()
                                          if len(self.members) <= 10 else 16_777_215)
        height = layout.totalHeightForWidth(560)  # its wrapped text at this width
        resize_to_fit(self, 560, height if height > 0 else self.sizeHint().height())

    def chosen_names(self) -> list[str]:
        return [
            str(item.data(Qt.ItemDataRole.UserRole))
            for item in (self.member_list.item(row) for row in range(self.member_list.count()))
            if item is not None and item.checkState() == Qt.CheckState.Checked
        ]

    def set_chosen(self, names: Sequence[str]) -> None:
        wanted = set(names)
        for row in range(self.member_list.count()):
            item = self.member_list.item(row)
            if item is not None:
                item.setCheckState(
                    Qt.CheckState.Checked if item.data(Qt.ItemDataRole.UserRole) in wanted
                    else Qt.CheckState.Unchecked)

    def _update_button(self) -> None:
        self.send_button.setEnabled(
            self.task is None and self.folder is not None and bool(self.chosen_names()))

    @Slot()
    def choose_folder(self) -> None:
        folder = choose_send_folder(self, self.folder)
        if folder is not None:
            self.folder = folder
            self.folder_line.setText(str(folder))
            self._update_button()

    @Slot()
    def send(self) -> None:
        folder, names = self.folder, self.chosen_names()
        if self.task is not None or folder is None or not names:
            return
        self.about_to_send.emit()
        if vault_writes_running(self.vault):
            messages.inform(self, _(STILL_WRITING))
            return
        task = VaultWrite(
            self.vault, lambda own, progress: send_in_worker(own, folder, names, progress),
            parent=self, label=_("Writing update files…"), cancellable=True,
            undone_note=_(SEND_STOPPED_BY_LOCK))
        task.succeeded.connect(self._sent)
        task.failed.connect(self._failed)
        task.finished.connect(self._finished)
        self.task = task
        for widget in (self.member_list, self.browse_button):
            widget.setEnabled(False)
        self._update_button()
        task.start()

    def _summary(self, outcome: SendOutcome) -> None:
        self.sent.emit(outcome)
        if (self.task is not None and self.task.stopped_by_app) or not shiboken6.isValid(self):
            return
        parent = self.parentWidget()
        folder = self.folder
        lines = [Line(f.sentence() + ".") for f in outcome.sent]
        if outcome.not_reached:
            # Translators: {names} is a list of committee members' names.
            lines.append(Line(_(
                "Stopped before the files for {names} were written: send to them again."
            ).format(names=", ".join(outcome.not_reached)), "note"))
        by_name = {member.name: member for member in self.members}
        lines += [Line(unconfirmed_note(f.member), "note") for f in outcome.sent
                  if f.member in by_name and not by_name[f.member].confirmed]
        count = len(outcome.sent)
        # Translators: {folder} is a folder's path.
        heading = (ngettext("{n} update file written to {folder}.",
                            "{n} update files written to {folder}.", count).format(
                                n=formats.number(count), folder=folder) if count
                   else _("No update file was written."))
        intro = (_("Give each member their file: by Signal, on a USB stick, or leave it in "
                   "your shared folder. Only that member can open it.") if count else "")
        self.accept()
        show_summary(ExchangeSummaryDialog(
            self.vault, _("Updates sent"), heading, lines, intro=intro, parent=parent or self))

    @Slot(object)
    def _sent(self, outcome: object) -> None:
        assert isinstance(outcome, SendOutcome)
        self._summary(outcome)

    @Slot(object)
    def _failed(self, error: object) -> None:
        if isinstance(error, SendStopped):
            self._summary(error.outcome)
            return
        if (self.task is not None and self.task.stopped_by_app) or not shiboken6.isValid(self):
            return
        if isinstance(error, Cancelled):
            return  # cancelled before it began: the dialog stays, nothing was written
        messages.warn(self, describe_error(error))

    @Slot()
    def _finished(self) -> None:
        self.task = None
        if shiboken6.isValid(self):
            for widget in (self.member_list, self.browse_button):
                widget.setEnabled(True)
            self._update_button()

    def reject(self) -> None:
        if self.task is not None:  # Esc while writing stops the writing
            self.task.cancel()
            return
        super().reject()
