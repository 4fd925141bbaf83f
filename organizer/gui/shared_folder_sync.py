"""The shared folder kept in step in the background (`FolderSync`), and its line in the
status bar (`FolderStatusLabel`)."""


import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path

import shiboken6
from PySide6.QtCore import QFileSystemWatcher, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QLabel,
    QSizePolicy,
    QWidget,
)

from organizer import formats
from organizer.core.committee.folder import FolderExchange, exchange_with_folder, shared_folder
from organizer.core.errors import OrganizerError
from organizer.core.vault import Vault
from organizer.gui import messages
from organizer.gui.exchange_summary import (
    STILL_WRITING,
    ExchangeSummaryDialog,
    Line,
    show_summary,
    stop_statements_once_cancelled,
)
from organizer.gui.unlock import describe_error
from organizer.gui.workers import Progress, VaultWrite, vault_writes_running
from organizer.i18n import N_, _, ngettext

NO_FOLDER = N_(
    "This campaign has no shared folder yet. Choose one in Settings › Committee first, or use "
    "Send updates… and Receive updates… to hand files over yourself."
)
FOLDER_INTERVAL_MS = 5 * 60_000
# Sync tools (Syncthing, Nextcloud) write a file in bursts: wait for the folder to be quiet.
FOLDER_DEBOUNCE_MS = 2_000
# A pass waits while another write (an import, a receive) holds the vault's write lock.
FOLDER_RETRY_MS = 10_000


# ----- the shared folder --------------------------------------------------------------------


def _conflicts_to_review(count: int) -> str:
    return ngettext("{n} conflict to review", "{n} conflicts to review", count).format(
        n=formats.number(count))


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
