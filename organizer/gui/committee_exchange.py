"""Exchanging update files with the rest of the committee, from the app: File › Send
updates…, File › Receive updates… (and update files dropped on the window), the shared
folder kept in step in the background (`FolderSync`), and the summaries each of them shows.

Every send, receive and folder pass is a `VaultWrite` (organizer/gui/workers.py) on a
connection of its own: the window never freezes, and a lock cancels it and waits for its
rollback. Receiving merges each file in its own transaction (`receive_file`), so a refused
file costs only itself, and a lock mid-merge undoes only the file being merged. The core
(organizer/core/committee/) does all the reading and writing; nothing here runs SQL.
"""

from __future__ import annotations

import datetime as dt
import importlib
import importlib.util
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import shiboken6
from PySide6.QtCore import QFileSystemWatcher, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from organizer import formats
from organizer.core.committee import roster
from organizer.core.committee.envelope import UpdateNotForMe
from organizer.core.committee.folder import FolderExchange, exchange_with_folder, shared_folder
from organizer.core.committee.identity import get_identity
from organizer.core.committee.receive import receive_file
from organizer.core.committee.send import SUFFIX, SentFile, send_updates
from organizer.core.errors import InvalidInput, OrganizerError
from organizer.core.vault import Vault
from organizer.gui import messages, theme
from organizer.gui.screen_fit import resize_to_fit
from organizer.gui.unlock import describe_error
from organizer.gui.workers import Cancelled, Progress, VaultWrite, vault_writes_running
from organizer.i18n import N_, _, ngettext

UPDATE_FILTERS = [N_("Organizer updates (*.organizer-update)"), N_("All files (*)")]
CONFLICTS_MODULE = "organizer.gui.conflicts_dialog"
NO_IDENTITY = N_(
    "Set up your committee identity first (Settings › Committee): it signs what you send and "
    "opens what the others send you."
)
NO_MEMBERS = N_(
    "Add the other members' cards first (Settings › Committee): Organizer only exchanges "
    "updates with members on your roster."
)
NO_FOLDER = N_(
    "This campaign has no shared folder yet. Choose one in Settings › Committee first, or use "
    "Send updates… and Receive updates… to hand files over yourself."
)
RECEIVE_STOPPED_BY_LOCK = N_(
    "Receiving updates was stopped by the lock. The files merged before it stay; receive the "
    "others again."
)
SEND_STOPPED_BY_LOCK = N_(
    "Sending updates was stopped by the lock. Send them again; the members get everything "
    "new either way."
)
STILL_WRITING = N_(
    "Organizer is still saving something else (an import, or other updates). Try again when "
    "it is done."
)
FOLDER_INTERVAL_MS = 5 * 60_000
# Sync tools (Syncthing, Nextcloud) write a file in bursts: wait for the folder to be quiet.
FOLDER_DEBOUNCE_MS = 2_000
# A pass waits while another write (an import, a receive) holds the vault's write lock.
FOLDER_RETRY_MS = 10_000


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


# ----- conflicts to review (its dialog is another module's, and may not be there yet) --------


def conflicts_dialog_available() -> bool:
    try:
        return importlib.util.find_spec(CONFLICTS_MODULE) is not None
    except (ImportError, ValueError):
        return False


def open_conflicts(vault: Vault, parent: QWidget | None,
                   closed: Callable[[], None] | None = None) -> QDialog | None:
    """Show Conflicts to review (window-modal); None when this build has no such dialog.
    `closed` runs when it closes: resolving a conflict changes records the window shows."""
    try:
        module: Any = importlib.import_module(CONFLICTS_MODULE)
    except ImportError:
        return None
    dialog: QDialog = module.ConflictsDialog(vault, parent)
    dialog.finished.connect(dialog.deleteLater)
    if closed is not None:
        dialog.finished.connect(lambda _code: closed())
    dialog.open()
    return dialog


# ----- what the committee's roster says -------------------------------------------------------


def exchange_problem(vault: Vault) -> str:
    """Why nothing can be sent or received yet (one sentence), or "" when all is set."""
    if get_identity(vault) is None:
        return _(NO_IDENTITY)
    if not roster.list_members(vault, include_removed=False):
        return _(NO_MEMBERS)
    return ""


def unconfirmed_note(name: str) -> str:
    return _(
        "{name}'s fingerprint is not confirmed yet: compare it in Settings › Committee."
    ).format(name=name)


def _conflicts_to_review(count: int) -> str:
    return ngettext("{n} conflict to review", "{n} conflicts to review", count).format(
        n=formats.number(count))


# ----- the summary --------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    """One line of a summary: what happened to one file, and whether it went well."""

    text: str
    kind: Literal["done", "refused", "note"] = "done"


class ExchangeSummaryDialog(QDialog):
    """What a send, a receive or a folder pass did: one line per file, the notes, and the
    conflicts to review with a button that opens them."""

    def __init__(
        self,
        vault: Vault,
        title: str,
        heading: str,
        lines: Sequence[Line],
        *,
        intro: str = "",
        conflicts: int = 0,
        parent: QWidget | None = None,
        data_changed: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("exchange-summary")
        self.vault = vault
        self.lines = [line.text for line in lines]
        self._data_changed = data_changed
        layout = QVBoxLayout(self)
        self.heading = theme.heading(QLabel(heading), 1.15)
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        self.intro = QLabel(intro)
        self.intro.setWordWrap(True)
        self.intro.setVisible(bool(intro))
        self.intro.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.intro)

        holder = QWidget()
        rows = QVBoxLayout(holder)
        rows.setContentsMargins(6, 6, 6, 6)
        rows.setSpacing(8)
        for line in lines:
            rows.addLayout(self._line_row(line))
        rows.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(holder)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.StyledPanel)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setMinimumWidth(560)
        # As tall as the lines (wrapped at about the dialog's width), up to 320 px; more
        # lines scroll. A first summary shows its few lines without an empty box below.
        wanted = holder.heightForWidth(600)
        if wanted < 0:
            wanted = holder.sizeHint().height()
        scroll.setMinimumHeight(min(wanted + 2 * scroll.frameWidth(), 320))
        layout.addWidget(scroll, 1)

        self.conflicts_label = QLabel(ngettext(
            "{n} conflict to review: two members changed the same thing; the later change is "
            "in, the other is kept for you to look at.",
            "{n} conflicts to review: two members changed the same thing; the later change is "
            "in, the other is kept for you to look at.",
            conflicts,
        ).format(n=formats.number(conflicts)))
        self.conflicts_label.setWordWrap(True)
        self.conflicts_button = QPushButton(_("Review conflicts…"))
        self.conflicts_button.clicked.connect(self.review_conflicts)
        conflicts_row = QHBoxLayout()
        conflicts_row.addWidget(self.conflicts_label, 1)
        conflicts_row.addWidget(self.conflicts_button)
        layout.addLayout(conflicts_row)
        self.conflicts_label.setVisible(conflicts > 0)
        # The review dialog is another module, added separately: without it, no button.
        self.conflicts_button.setVisible(conflicts > 0 and conflicts_dialog_available())

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
        # The height its wrapped lines need at this width (sizeHint wraps them narrower).
        height = layout.totalHeightForWidth(640)
        resize_to_fit(self, 640, height if height > 0 else self.sizeHint().height())

    def _line_row(self, line: Line) -> QHBoxLayout:
        icon = {
            "done": QStyle.StandardPixmap.SP_DialogApplyButton,
            "refused": QStyle.StandardPixmap.SP_MessageBoxWarning,
            "note": QStyle.StandardPixmap.SP_MessageBoxInformation,
        }[line.kind]
        size = self.fontMetrics().height()
        mark = QLabel()
        mark.setPixmap(self.style().standardIcon(icon).pixmap(size, size))
        mark.setAlignment(Qt.AlignmentFlag.AlignTop)
        text = QLabel(line.text)
        text.setWordWrap(True)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row = QHBoxLayout()
        row.addWidget(mark)
        row.addWidget(text, 1)
        return row

    @Slot()
    def review_conflicts(self) -> None:
        # Over the window, not over this summary: it closes now.
        parent = self.parentWidget()
        self.accept()
        open_conflicts(self.vault, parent, self._data_changed)


def show_summary(dialog: ExchangeSummaryDialog) -> ExchangeSummaryDialog:
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog


# ----- receiving ------------------------------------------------------------------------------


@dataclass
class FileOutcome:
    name: str
    sentence: str
    applied: bool = False  # merged now (not refused, not applied before)
    conflicts: int = 0
    refused: bool = False


@dataclass
class ReceiveSummary:
    """What receiving a set of files did, file by file."""

    outcomes: list[FileOutcome] = field(default_factory=list)
    not_reached: list[str] = field(default_factory=list)  # stopped before these
    skipped_others: int = 0  # files in a folder written for other members

    @property
    def applied(self) -> int:
        return sum(1 for outcome in self.outcomes if outcome.applied)

    @property
    def conflicts(self) -> int:
        return sum(outcome.conflicts for outcome in self.outcomes)

    def heading(self) -> str:
        refused = sum(1 for outcome in self.outcomes if outcome.refused)
        if not self.outcomes and not self.not_reached:
            if self.skipped_others:
                return _("No update files for you there: the files in it are for other "
                         "members.")
            return _("There were no update files there.")
        total = len(self.outcomes) + len(self.not_reached)
        # Each part is one item of the list the sentence below holds.
        parts = [ngettext("{n} applied", "{n} applied", self.applied).format(
            n=formats.number(self.applied))]
        if refused:
            parts.append(ngettext("{n} not applied", "{n} not applied", refused).format(
                n=formats.number(refused)))
        if self.not_reached:
            count = len(self.not_reached)
            parts.append(ngettext("{n} not reached (stopped)", "{n} not reached (stopped)",
                                  count).format(n=formats.number(count)))
        # Translators: {outcomes} is a list: "2 applied, 1 not applied".
        return ngettext("Received {n} file: {outcomes}.", "Received {n} files: {outcomes}.",
                        total).format(n=formats.number(total), outcomes=", ".join(parts))

    def intro(self) -> str:
        if any(outcome.refused for outcome in self.outcomes):
            return _("A file that is not applied changed nothing in your vault. Ask its "
                     "sender for it again if you need what is in it.")
        return ""

    def lines(self) -> list[Line]:
        lines = [Line(o.sentence, "refused" if o.refused else "done") for o in self.outcomes]
        if self.not_reached:
            # Translators: {files} is a list of file names.
            lines.append(Line(ngettext(
                "Stopped before {files}: receive it again.",
                "Stopped before {files}: receive them again.",
                len(self.not_reached),
            ).format(files=", ".join(self.not_reached)), "note"))
        if self.skipped_others:
            lines.append(Line(ngettext(
                "{n} file in the folder is for other members; left alone.",
                "{n} files in the folder are for other members; left alone.",
                self.skipped_others,
            ).format(n=formats.number(self.skipped_others)), "note"))
        return lines


class ReceiveStopped(OrganizerError):
    """A cancel or a lock stopped receiving between or inside files; what was done stays."""

    def __init__(self, summary: ReceiveSummary) -> None:
        super().__init__(_("Receiving was stopped; the files merged before it stay."))
        self.summary = summary


def _files_to_receive(chosen: Sequence[Path]) -> tuple[list[tuple[Path, bool]], list[FileOutcome]]:
    """(file, found in a folder) for each file named and each update file in each folder
    named; and what to say about each path that is not there."""
    files: list[tuple[Path, bool]] = []
    missing: list[FileOutcome] = []
    for path in chosen:
        if path.is_dir():
            files += [(p, True) for p in sorted(path.iterdir())
                      if p.name.endswith(SUFFIX) and not p.name.startswith(".") and p.is_file()]
        elif path.exists():
            files.append((path, False))
        else:
            missing.append(FileOutcome(
                path.name,
                _("{name} is not there any more (moved or deleted?).").format(name=path.name),
                refused=True))
    return files, missing


# How often (in SQLite VM steps) a statement looks at the cancel flag: rare enough to cost
# next to nothing, often enough that a long statement stops within a few milliseconds.
CANCEL_CHECK_STEPS = 1000


def stop_statements_once_cancelled(own: Vault, progress: Progress) -> None:
    """Make every statement on the worker's connection stop once the work is cancelled.

    A cancel interrupts the statement running at that moment, but a merge is many
    statements with Python between them, and an interrupt that lands between two is lost:
    the lock would wait for the whole merge. With this, the next statement to run stops
    (SQLITE_INTERRUPT), the transaction rolls back and the lock goes on. The connection is
    the worker's own, closed when the work ends."""
    own.connection.set_progress_handler(
        lambda: 1 if progress.cancelled else 0, CANCEL_CHECK_STEPS)


def receive_in_worker(own: Vault, chosen: Sequence[Path], progress: Progress) -> ReceiveSummary:
    """Check and merge each file in its own transaction, reporting between files. Runs in a
    VaultWrite: `own` is the vault on the worker's connection; never touches a widget."""
    me = get_identity(own)
    if me is None:
        raise InvalidInput(_(NO_IDENTITY))
    stop_statements_once_cancelled(own, progress)
    files, missing = _files_to_receive(chosen)
    summary = ReceiveSummary(missing)
    for done, (path, in_folder) in enumerate(files):
        if progress.cancelled:
            summary.not_reached = [p.name for p, _found in files[done:]]
            raise ReceiveStopped(summary)
        progress.report(done, len(files), _("Receiving {name}…").format(name=path.name))
        try:
            received = receive_file(own, me, path)
        except UpdateNotForMe as error:
            if in_folder:
                summary.skipped_others += 1  # a shared folder holds everyone's files
            else:
                summary.outcomes.append(FileOutcome(path.name, str(error), refused=True))
        except OrganizerError as error:
            if progress.cancelled:  # the interrupt ended the merge: it was rolled back
                summary.not_reached = [p.name for p, _found in files[done:]]
                raise ReceiveStopped(summary) from None
            # Refusals are one sentence; anything else (a disk problem, a bug) says so too,
            # and the other files still apply.
            summary.outcomes.append(FileOutcome(path.name, describe_error(error),
                                                refused=True))
        except Exception:
            # An interrupt can also end a read before the merge's transaction began (the
            # roster look-up), untranslated: a cancel all the same, nothing of it applied.
            if progress.cancelled:
                summary.not_reached = [p.name for p, _found in files[done:]]
                raise ReceiveStopped(summary) from None
            raise
        else:
            summary.outcomes.append(FileOutcome(
                path.name, received.sentence(), applied=not received.skipped,
                conflicts=received.conflicts))
    progress.report(len(files), len(files), "")
    return summary


def start_receiving(
    vault: Vault,
    chosen: Sequence[Path],
    parent: QWidget,
    *,
    data_changed: Callable[[], None] | None = None,
) -> VaultWrite | None:
    """Receive the files (and the update files in the folders) chosen, in a worker with
    progress and Cancel, then show the summary. None when the committee is not set up."""
    problem = exchange_problem(vault)
    if problem:
        messages.inform(parent, problem)
        return None
    if vault_writes_running(vault):
        # Two merges side by side would wait on each other's write lock, then give up.
        messages.inform(parent, _(STILL_WRITING))
        return None
    paths = list(chosen)
    task = VaultWrite(
        vault, lambda own, progress: receive_in_worker(own, paths, progress), parent=parent,
        label=_("Receiving updates…"), cancellable=True,
        undone_note=_(RECEIVE_STOPPED_BY_LOCK),
    )
    # Through `outcome`, which hands the task over: no closure holds it in a cycle.
    task.outcome.connect(lambda ended, result, error: _received(
        ended, result, error, vault, parent, data_changed))
    task.start()
    return task


def _received(task: VaultWrite, result: object, error: object, vault: Vault, parent: QWidget,
              data_changed: Callable[[], None] | None) -> None:
    if task.stopped_by_app or not shiboken6.isValid(parent):
        return  # a lock is under way: it closes the window; the unlock page says so
    if isinstance(error, ReceiveStopped):
        result = error.summary
    if isinstance(result, ReceiveSummary):
        if data_changed is not None and result.applied:
            data_changed()
        show_summary(ExchangeSummaryDialog(
            vault, _("Updates received"), result.heading(), result.lines(),
            intro=result.intro(), conflicts=result.conflicts, parent=parent,
            data_changed=data_changed))
    elif isinstance(error, Cancelled):
        messages.inform(parent, _("Nothing was received."))
    elif error is not None:
        messages.warn(parent, describe_error(error))


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


# ----- the shared folder --------------------------------------------------------------------


class QuietVaultWrite(VaultWrite):
    """A VaultWrite that never shows a progress dialog: the shared folder's passes run every
    few minutes without being asked for. (VaultWrite takes no `progress_delay_ms`; `_quiet`
    is Task's own switch for that, as `progress_delay_ms=None` sets it.)"""

    def __init__(self, vault: Vault, work: Callable[[Vault, Progress], object]) -> None:
        super().__init__(vault, work, label=_("Exchanging with the shared folder…"),
                         cancellable=True)
        self._quiet = True


def exchange_status(result: FolderExchange, at: dt.datetime | None = None) -> str:
    """The status bar's line: "Shared folder: 2 sent, 1 received, 2:05 PM"."""
    when = formats.time_of_day(at or dt.datetime.now())
    # Translators: {exchange} is "Shared folder: 2 sent, 1 received" (its full stop taken
    # off), {time} the time of day it happened.
    text = _("{exchange}, {time}").format(exchange=result.sentence().rstrip("."), time=when)
    conflicts = sum(r.conflicts for r in result.received if not r.skipped)
    if conflicts:
        text += " · " + _conflicts_to_review(conflicts)
    return text


def exchange_lines(result: FolderExchange) -> list[Line]:
    lines = [Line(f.sentence() + ".") for f in result.sent]
    lines += [Line(r.sentence()) for r in result.received if not r.skipped]
    lines += [Line(why, "refused") for _name, why in result.refused]
    if not lines:
        lines.append(Line(_("Nothing new to send, and nothing new for you in the folder."),
                          "note"))
    return lines


class FolderSync(QObject):
    """Keeps this campaign's shared folder in step while the vault is unlocked.

    A pass (`exchange_with_folder`, in a VaultWrite) runs shortly after `start()` (unlock),
    every five minutes, and when the folder changes (a sync tool delivered a file; waited
    for until the folder is quiet for two seconds). Never two at once, and never beside
    another write: a pass asked for meanwhile runs after it. Quiet: its outcome is one line
    for the status bar, problems included; only `exchange_now(by_hand=True)` (File ›
    Exchange with shared folder now) shows progress and a summary. `stop()` (lock, close)
    cancels a running pass and waits for its rollback: files merged before stay merged,
    the one being merged is undone and read again next time.
    """

    status_changed = Signal(str)  # the status bar's line ("" when there is no folder)
    exchanged = Signal(object)  # FolderExchange, after each pass that ran to the end
    data_changed = Signal()  # a pass merged something: the pages read again

    def __init__(
        self,
        vault: Vault,
        parent: QObject | None = None,
        *,
        interval_ms: int = FOLDER_INTERVAL_MS,
        debounce_ms: int = FOLDER_DEBOUNCE_MS,
        retry_ms: int = FOLDER_RETRY_MS,
    ) -> None:
        super().__init__(parent)
        self.vault = vault
        self.status = ""
        self.tooltip = ""
        self.last: FolderExchange | None = None
        self.task: VaultWrite | None = None
        self._by_hand = False
        self._active = False
        self._again = False  # asked for while a pass ran: one more after it
        self._retry_ms = retry_ms
        self._summary_parent: QWidget | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.exchange_soon)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(debounce_ms)
        self._debounce.timeout.connect(self._due)
        self._watcher = QFileSystemWatcher(self)
        self._watcher.directoryChanged.connect(self._folder_changed)
        self._known_folder: Path | None = None  # the setting when last looked at

    # ----- life ------------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self.task is not None

    @property
    def active(self) -> bool:
        return self._active

    def start(self) -> None:
        """Begin keeping the folder in step (on unlock): a first pass shortly."""
        if self._active:
            return
        self._active = True
        self._timer.start()
        self._known_folder = self._folder()
        self._watch(self._known_folder)
        self.exchange_soon()

    def stop(self) -> None:
        """Stop for good (lock, close, quit): no more passes; a running one is cancelled
        and waited for until it has rolled back."""
        self._active = False
        self._again = False
        self._timer.stop()
        self._debounce.stop()
        self._watch(None)
        task = self.task
        if task is not None:
            task.stop()

    def folder_setting_changed(self) -> None:
        """Settings may name another folder (or none): watch it, and exchange soon."""
        if not self._active:
            return
        folder = self._folder()
        if folder == self._known_folder:
            return
        self._known_folder = folder
        self._watch(folder)
        if folder is None:
            self._set_status("", "")  # no folder, nothing to say
        else:
            self.exchange_soon()

    def make_way(self) -> None:
        """Another write is about to start (a receive, a send): stop a quiet pass now (it
        rolls back what it was merging) and run it again once that write is done."""
        task = self.task
        if task is not None and not self._by_hand:
            task.stop()
            if self._active:
                self._again = False
                self._debounce.start(self._retry_ms)

    # ----- asking for a pass ---------------------------------------------------------------

    @Slot()
    def exchange_soon(self) -> None:
        """A pass once the folder has been quiet for a moment (or after the running one)."""
        if not self._active:
            return
        if self.task is not None:
            self._again = True
        else:
            self._debounce.start()

    @Slot(str)
    def _folder_changed(self, _path: str) -> None:
        self.exchange_soon()

    @Slot()
    def _due(self) -> None:
        if self._active:
            self.exchange_now()

    def exchange_now(self, *, by_hand: bool = False, parent: QWidget | None = None
                     ) -> VaultWrite | None:
        """Run a pass now. By hand: with progress and Cancel, then a summary over `parent`
        (a quiet pass running is stopped and this one takes its place). Returns the pass,
        or None when there is none to run (no folder; another write is running)."""
        if self.task is not None:
            if not by_hand or self._by_hand:
                self._again = self._again or not by_hand
                return self.task if by_hand else None
            self.make_way()
        folder = self._known_folder = self._folder()
        if folder is None:
            self._watch(None)
            self._set_status("", "")
            if by_hand:
                messages.inform(parent, _(NO_FOLDER))
            return None
        if vault_writes_running(self.vault):
            # An import or a receive holds the write lock: this pass would wait on it.
            if by_hand:
                messages.inform(parent, _(STILL_WRITING))
            elif self._active:
                self._debounce.start(self._retry_ms)
            return None
        self._watch(folder)

        def work(own: Vault, progress: Progress) -> FolderExchange:
            stop_statements_once_cancelled(own, progress)
            progress.report(0, 0, _("Writing your news for the committee…"))
            return exchange_with_folder(
                own, folder,
                progress=lambda done, total: progress.report(
                    done, total, _("Reading the members' updates…")),
                cancelled=lambda: progress.cancelled)

        task: VaultWrite
        if by_hand:
            task = VaultWrite(self.vault, work, parent=parent,
                              label=_("Exchanging with the shared folder…"), cancellable=True)
        else:
            task = QuietVaultWrite(self.vault, work)
        task.outcome.connect(self._ended)
        self.task, self._by_hand, self._summary_parent = task, by_hand, parent
        self._again = False
        task.start()
        return task

    # ----- a pass ended ------------------------------------------------------------------------

    @Slot(object, object, object)
    def _ended(self, task: VaultWrite, result: object, error: object) -> None:
        if task is not self.task:
            return
        by_hand, parent = self._by_hand, self._summary_parent
        self.task, self._by_hand, self._summary_parent = None, False, None
        if isinstance(result, FolderExchange):
            self._passed(result, task, by_hand, parent)
        elif error is not None and not task.was_cancelled:
            sentence = describe_error(error)
            # "The shared folder … is not there" needs no prefix; "Set up your identity" does.
            # Translators: the words the sentences about the shared folder use ("The shared
            # folder … is not there"), looked for so that they are not said twice.
            said = _("shared folder")
            line = (sentence if said.casefold() in sentence.casefold()
                    else _("Shared folder: {problem}").format(problem=sentence))
            self._set_status(line, sentence)
            if by_hand and not task.stopped_by_app and _valid(parent):
                messages.warn(parent, sentence)
        if self._active and not task.stopped_by_app and self._again:
            self._again = False
            self._debounce.start()

    def _passed(self, result: FolderExchange, task: VaultWrite, by_hand: bool,
                parent: QWidget | None) -> None:
        self.last = result
        applied = [r for r in result.received if not r.skipped]
        if applied:
            self.data_changed.emit()
        details = [line.text for line in exchange_lines(result)]
        self._set_status(exchange_status(result), "\n".join(details))
        self.exchanged.emit(result)
        if by_hand and not task.stopped_by_app and _valid(parent):
            heading = _("Exchanged with {folder}.").format(folder=result.folder)
            if task.was_cancelled:
                heading = _("Stopped before the end; the rest is exchanged next time. "
                            "Exchanged with {folder}.").format(folder=result.folder)
            show_summary(ExchangeSummaryDialog(
                self.vault, _("Shared folder"), heading, exchange_lines(result),
                conflicts=sum(r.conflicts for r in applied), parent=parent,
                data_changed=self.data_changed.emit))

    # ----- the folder and the status line ---------------------------------------------------

    def _folder(self) -> Path | None:
        try:
            return shared_folder(self.vault)
        except OrganizerError:
            return None  # the vault is closing

    def _watch(self, folder: Path | None) -> None:
        wanted = str(folder) if folder is not None else None
        for path in self._watcher.directories():
            if path != wanted:
                self._watcher.removePath(path)
        # A folder that is not there (a USB stick pulled out: Qt stops watching it) is
        # watched again once it is back: each pass, by the timer or by hand, tries.
        if (wanted is not None and wanted not in self._watcher.directories()
                and os.path.isdir(wanted)):
            self._watcher.addPath(wanted)

    def _set_status(self, text: str, tooltip: str) -> None:
        self.status, self.tooltip = text, tooltip
        self.status_changed.emit(text)


class FolderStatusLabel(QLabel):
    """The status bar's shared-folder line: elided in the middle when the window is narrow
    (a problem names a whole path), the whole of it in the tooltip."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.full_text = ""
        self.setAccessibleName(_("Shared folder"))
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setMinimumWidth(80)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def show_status(self, text: str, details: str = "") -> None:
        self.full_text = text
        # The tooltip: the whole line, and what each file did (or the whole problem).
        self.setToolTip(text if not details or details == text else f"{text}\n\n{details}")
        self.setAccessibleDescription(text)
        self.setVisible(bool(text))
        self._elide()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        self.setText(self.fontMetrics().elidedText(
            self.full_text, Qt.TextElideMode.ElideMiddle, max(self.width(), 80)))


def _valid(widget: QWidget | None) -> bool:
    return widget is not None and shiboken6.isValid(widget)
