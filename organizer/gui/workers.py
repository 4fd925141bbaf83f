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
from PySide6.QtCore import QObject, Qt, QThreadPool, QTimer, Signal, Slot
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
