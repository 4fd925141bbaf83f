"""Run slow work (key derivation, demo generation, keychain calls) off the GUI thread.

A `Task` runs one function in a `QThreadPool` and hands its result or its exception back on
the GUI thread through signals (Anki's `Op(...).success(...).failure(...)` and Picard's
`run_task` do the same). The rule, as in Anki: the work function never touches a widget.
A progress dialog appears only when the work takes longer than ~500 ms, so the quick cases
(a 0.15 s unlock) never flash a dialog.

    task = Task(lambda progress: Vault.open(path, passphrase), parent=self, label="Unlocking…")
    task.succeeded.connect(self.show_vault)
    task.failed.connect(self.show_error)
    task.start()
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import ClassVar

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, QThreadPool, QTimer, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from organizer.core.errors import OrganizerError

PROGRESS_DELAY_MS = 500


class Progress:
    """Handed to the work function: check `cancelled`, call `report` now and then."""

    def __init__(self, task: Task) -> None:
        self._task = task
        self._cancel = threading.Event()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def report(self, done: int, total: int, text: str = "") -> None:
        """Thread-safe: queued to the GUI thread, where the progress dialog shows it."""
        self._task._progress_reported.emit(done, total, text)


class Task(QObject):
    """One piece of work in the thread pool; results arrive on the GUI thread.

    Signals: `succeeded(result)`, `failed(exception)`, then `finished()` either way.
    Work that is cancelled still runs to its end (or to its next `progress.cancelled` check);
    `succeeded` still fires, and `was_cancelled` tells the receiver to throw the result away.
    """

    succeeded = Signal(object)
    failed = Signal(object)
    finished = Signal()
    progressed = Signal(int, int, str)

    # Emitted from the worker thread; Qt queues them to this object's (the GUI) thread.
    _result_ready = Signal(object)
    _error_raised = Signal(object)
    _progress_reported = Signal(int, int, str)

    # Running tasks keep themselves alive here: no widget parent may delete one mid-flight.
    _running: ClassVar[set[Task]] = set()

    def __init__(
        self,
        work: Callable[[Progress], object],
        *,
        parent: QWidget | None = None,
        label: str = "Working…",
        cancellable: bool = False,
        progress_delay_ms: int = PROGRESS_DELAY_MS,
    ) -> None:
        super().__init__()
        self._work = work
        self._parent_widget = parent
        self._label = label
        self._cancellable = cancellable
        self._progress = Progress(self)
        self._dialog: QProgressDialog | None = None
        self._done = threading.Event()
        self._delay = QTimer(self)
        self._delay.setSingleShot(True)
        self._delay.setInterval(progress_delay_ms)
        self._delay.timeout.connect(self._show_progress_dialog)
        self._result_ready.connect(self._deliver_result, Qt.ConnectionType.QueuedConnection)
        self._error_raised.connect(self._deliver_error, Qt.ConnectionType.QueuedConnection)
        self._progress_reported.connect(self._show_progress, Qt.ConnectionType.QueuedConnection)

    # ----- control --------------------------------------------------------------------------

    def start(self, pool: QThreadPool | None = None) -> Task:
        """Queue the work; returns self so calls can chain."""
        Task._running.add(self)
        self._delay.start()
        (pool or QThreadPool.globalInstance()).start(self._run)
        return self

    def cancel(self) -> None:
        """Ask the work to stop at its next check of `progress.cancelled`."""
        self._progress._cancel.set()

    @classmethod
    def cancel_all(cls) -> None:
        """Ask every running task to stop (on lock: nothing should keep working on data)."""
        for task in list(cls._running):
            task.cancel()

    @property
    def was_cancelled(self) -> bool:
        return self._progress.cancelled

    @property
    def is_running(self) -> bool:
        return self in Task._running

    def wait(self, timeout_s: float | None = None) -> bool:
        """Block until the work function has returned (for shutdown); True if it has."""
        return self._done.wait(timeout_s)

    # ----- worker thread --------------------------------------------------------------------

    def _run(self) -> None:
        try:
            result = self._work(self._progress)
        except BaseException as error:  # delivered to the GUI thread, never lost
            if isinstance(error, OrganizerError):
                # Expected and explained by its message; its frames may hold a passphrase.
                error.__traceback__ = None
            self._done.set()
            self._error_raised.emit(error)
        else:
            self._done.set()
            self._result_ready.emit(result)

    # ----- GUI thread -----------------------------------------------------------------------

    @Slot(object)
    def _deliver_result(self, result: object) -> None:
        self._close_progress()
        self.succeeded.emit(result)
        self._end()

    @Slot(object)
    def _deliver_error(self, error: object) -> None:
        self._close_progress()
        self.failed.emit(error)
        self._end()

    def _end(self) -> None:
        self.finished.emit()
        Task._running.discard(self)

    @Slot()
    def _show_progress_dialog(self) -> None:
        if not self.is_running:
            return
        parent = self._parent_widget
        if parent is not None and not shiboken6.isValid(parent):
            parent = None
        dialog = QProgressDialog(parent)
        dialog.setWindowTitle("Organizer")
        dialog.setLabelText(self._label)
        dialog.setRange(0, 0)  # busy until the work reports numbers
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        if self._cancellable:
            dialog.setCancelButtonText("Cancel")
            dialog.canceled.connect(self.cancel)
        else:
            dialog.setCancelButton(None)
        dialog.show()
        self._dialog = dialog

    @Slot(int, int, str)
    def _show_progress(self, done: int, total: int, text: str) -> None:
        self.progressed.emit(done, total, text)
        dialog = self._dialog
        if dialog is not None:
            if text:
                dialog.setLabelText(text)
            dialog.setRange(0, max(total, 0))
            # A modal QProgressDialog processes events in setValue: the result may arrive
            # (and close the dialog) inside this call, so it is the last one.
            dialog.setValue(min(done, total))

    def _close_progress(self) -> None:
        self._delay.stop()
        if self._dialog is not None:
            self._dialog.hide()
            self._dialog.deleteLater()
            self._dialog = None


def run_in_background(
    work: Callable[[Progress], object],
    *,
    on_success: Callable[[object], None],
    on_failure: Callable[[object], None],
    parent: QWidget | None = None,
    label: str = "Working…",
    cancellable: bool = False,
) -> Task:
    """Shorthand: make a Task, connect both outcomes, start it."""
    task = Task(work, parent=parent, label=label, cancellable=cancellable)
    task.succeeded.connect(on_success)
    task.failed.connect(on_failure)
    return task.start()


# ----- writes through the vault's own connection ---------------------------------------------


class VaultWrite(Task):
    """A Task that writes through the vault's own connection (an import, a merge).

    The connection is opened with check_same_thread=False, so a worker may use it while the
    GUI thread leaves it alone. Everything that would touch it from the GUI thread meanwhile
    (the lock's backup and drafts, closing the vault, the daily backup) first calls
    `stop_vault_writes()` or checks `vault_writes_running()`.
    """

    _writing: ClassVar[set[VaultWrite]] = set()

    def __init__(
        self,
        work: Callable[[Progress], object],
        *,
        parent: QWidget | None = None,
        label: str = "Working…",
        cancellable: bool = False,
        undone_note: str = "",
    ) -> None:
        super().__init__(self._guarded, parent=parent, label=label, cancellable=cancellable)
        self._write = work
        self.undone_note = undone_note  # what the unlock page says when a lock undid it
        self.stopped_by_app = False  # set when a lock or close cancelled it: no dialogs then
        self.rolled_back = False
        self.delivered = False
        # Connected first, so they run before the receivers' slots: a lock that comes while
        # one of those shows a box finds the connection free, and does not wait for itself.
        self.succeeded.connect(self._forget)
        self.failed.connect(self._forget)

    def _guarded(self, progress: Progress) -> object:
        try:
            return self._write(progress)
        except BaseException:
            self.rolled_back = True  # core writes are one transaction: an error undid it
            raise

    def start(self, pool: QThreadPool | None = None) -> Task:
        VaultWrite._writing.add(self)
        return super().start(pool)

    @Slot(object)
    def _forget(self, _outcome: object) -> None:
        self.delivered = True
        VaultWrite._writing.discard(self)

    def stop(self) -> None:
        """Cancel, wait for the worker to roll back and hand its outcome over at once.

        No timeout: the vault must not close under a statement that is still running; every
        write checks for a cancel between chunks and inside long statements (a merge is
        under a second).
        """
        self.stopped_by_app = True
        self.cancel()
        # Gone before the queued progress reports are delivered below: setValue on a modal
        # progress dialog processes events, and a second lock must not run inside this one.
        self._close_progress()
        self.wait()
        # The worker queues its result just after it returns: deliver it now, so the
        # progress dialog goes and the receivers run before the window is torn down.
        while not self.delivered:
            QCoreApplication.sendPostedEvents(self, 0)
            if not self.delivered:
                QThread.msleep(1)


def vault_writes_running() -> bool:
    """True while an import or a merge is writing through the vault's own connection."""
    return bool(VaultWrite._writing)


def stop_vault_writes() -> list[str]:
    """Cancel every import (a merge runs to its end), wait until each worker is done with
    the vault's connection, and return what to tell the user about those that were undone."""
    notes: list[str] = []
    for task in list(VaultWrite._writing):
        task.stop()
        if task.rolled_back and task.undone_note:
            notes.append(task.undone_note)
    return notes
