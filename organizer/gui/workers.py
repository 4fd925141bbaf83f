"""The one way to run work off the GUI thread: key derivation, PDFs, and every vault read
or write that could take longer than a frame.

One mechanism, three shapes (Anki's `QueryOp`/`CollectionOp`, Picard's `run_task`):

- `Task(work)` runs `work(progress)` in the thread pool (a key derivation, a PDF, a demo).
- `VaultRead(vault, work)` and `VaultWrite(vault, work)` run `work(own, progress)`, where
  `own` is the vault on a connection of the worker's own (`Vault.on_own_connection`), opened
  and closed in the worker. No connection is shared between threads: the vault's main
  connection never leaves the GUI thread. WAL lets a read run beside a write; a worker's
  write holds the write lock, so the app does not write meanwhile (`vault_writes_running`).
- `LatestRead(vault)` makes a `VaultRead` per request and keeps only the newest: the one it
  overtakes is cancelled, interrupted and its result dropped (search as you type, filters).

Results and errors arrive on the GUI thread (`succeeded(result)` or `failed(error)`, then
`finished()`); the work never touches a widget. `cancel()` sets the flag the work checks
(`progress.cancelled`) and interrupts the statement running on the worker's connection
(sqlite3's `interrupt()` is the one connection method safe from another thread). A progress
dialog appears only when the work takes longer than ~500 ms. Before a vault closes (lock,
close, quit), `stop_vault_tasks(vault)` cancels every read and write on it and waits until
each has rolled back and closed its connection.

    write = VaultWrite(vault, lambda own, progress: plan.apply(
        own, cancel=lambda: progress.cancelled), parent=self, label="Importing…",
        cancellable=True)
    write.succeeded.connect(self.show_report)  # on the GUI thread
    write.failed.connect(self.show_error)
    write.start()

    self.hits = LatestRead(vault, self)  # as the user types: only the newest is shown
    self.hits.request(lambda own: search.search(own, text), self.show_hits)
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from typing import Any, ClassVar

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, QThreadPool, QTimer, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from organizer.core.errors import OrganizerError
from organizer.core.vault import Vault
from organizer.i18n import _

PROGRESS_DELAY_MS = 500


class Cancelled(OrganizerError):
    """What a task stopped before its work began delivers to `failed`."""

    def __init__(self) -> None:
        super().__init__(_("That was cancelled before it began; nothing was changed."))


class Progress:
    """Handed to the work function: check `cancelled`, call `report` now and then."""

    def __init__(self, task: Task) -> None:
        # Weak: the worker holds this, and must never hold the last reference to a QObject
        # (it would be deleted on the wrong thread).
        self._task = weakref.ref(task)
        self._cancel = threading.Event()
        # The worker's own connection while the work runs, so a cancel can interrupt it.
        self._lock = threading.Lock()
        self._connection: Any = None

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def report(self, done: int, total: int, text: str = "") -> None:
        """Thread-safe: queued to the GUI thread, where the progress dialog shows it."""
        task = self._task()  # alive: it is kept until its outcome has been delivered
        if task is not None:
            task._progress_reported.emit(done, total, text)

    def _set(self) -> None:
        with self._lock:
            self._cancel.set()
            if self._connection is not None:
                self._connection.interrupt()

    def _attach(self, connection: Any) -> bool:
        """The work is about to use `connection`; False when it was cancelled already."""
        with self._lock:
            if self._cancel.is_set():
                return False  # not kept: it is closed at once, and no interrupt may reach it
            self._connection = connection
            return True

    def _detach(self) -> None:
        # Under the lock: the connection is closed only once no interrupt can reach it.
        with self._lock:
            self._connection = None


class Task(QObject):
    """One piece of work in the thread pool; results arrive on the GUI thread.

    Signals: `succeeded(result)`, `failed(exception)`, then `finished()` either way.
    Work that is cancelled runs to its next `progress.cancelled` check (or its interrupted
    statement); `was_cancelled` tells the receiver to throw the result away.
    """

    succeeded = Signal(object)
    failed = Signal(object)
    finished = Signal()
    progressed = Signal(int, int, str)
    # (this task, result, error) with the outcome, for receivers that follow several tasks
    # through one slot (no closure over the task, so nothing keeps it alive in a cycle).
    outcome = Signal(object, object, object)

    # Emitted from the worker thread; Qt queues them to this object's (the GUI) thread.
    _result_ready = Signal(object)
    _error_raised = Signal(object)
    _progress_reported = Signal(int, int, str)

    # Running tasks keep themselves alive here (until their outcome is delivered): no widget
    # parent may delete one mid-flight. Then they wait in _retired until their worker has
    # let go of them, so the last reference always goes on the GUI thread.
    _running: ClassVar[set[Task]] = set()
    _retired: ClassVar[list[Task]] = []

    def __init__(
        self,
        work: Callable[[Progress], object],
        *,
        parent: QWidget | None = None,
        label: str = "",
        cancellable: bool = False,
        progress_delay_ms: int | None = PROGRESS_DELAY_MS,
    ) -> None:
        """`progress_delay_ms=None`: never a progress dialog (quiet reads)."""
        super().__init__()
        self._work = work
        self._parent_widget = parent
        self._label = label or _("Working…")
        self._cancellable = cancellable
        self._progress = Progress(self)
        self._dialog: QProgressDialog | None = None
        self._done = threading.Event()
        self._released = threading.Event()  # the worker holds no reference to this any more
        self._state = threading.Lock()
        self._started = False  # the worker began the work
        self._skipped = False  # stopped before that: the worker will not begin it
        self.delivered = False
        self._delay = QTimer(self)
        self._delay.setSingleShot(True)
        if progress_delay_ms is not None:
            self._delay.setInterval(progress_delay_ms)
            self._delay.timeout.connect(self._show_progress_dialog)
        self._quiet = progress_delay_ms is None
        self._result_ready.connect(self._deliver_result, Qt.ConnectionType.QueuedConnection)
        self._error_raised.connect(self._deliver_error, Qt.ConnectionType.QueuedConnection)
        self._progress_reported.connect(self._show_progress, Qt.ConnectionType.QueuedConnection)

    # ----- control --------------------------------------------------------------------------

    def start(self, pool: QThreadPool | None = None) -> Task:
        """Queue the work; returns self so calls can chain."""
        Task._running.add(self)
        if not self._quiet:
            self._delay.start()
        (pool or QThreadPool.globalInstance()).start(_runner([self]))
        return self

    def cancel(self) -> None:
        """Ask the work to stop: the flag it checks, and an interrupt of its statement."""
        self._progress._set()

    @classmethod
    def cancel_all(cls, *, sparing: Task | None = None) -> None:
        """Ask every running task to stop (on lock: nothing should keep working on data),
        but `sparing` (an automatic backup, which holds no window and goes on after it)."""
        for task in list(cls._running):
            if task is not sparing:
                task.cancel()

    @classmethod
    def any_running(cls) -> bool:
        """Whether any task is at work (of any kind: an automatic backup holds a vault
        connection of its own without being a vault task)."""
        return any(task.is_running for task in list(cls._running))

    @property
    def was_cancelled(self) -> bool:
        return self._progress.cancelled

    @property
    def is_running(self) -> bool:
        return self in Task._running

    def wait(self, timeout_s: float | None = None) -> bool:
        """Block until the work function has returned (for shutdown); True if it has."""
        return self._done.wait(timeout_s)

    def stop(self) -> None:
        """Cancel, wait for the work to end (rolled back) and hand its outcome over now.

        No timeout: a vault must not close under a statement that is still running; every
        write checks for a cancel between chunks, and the interrupt ends a long statement.
        Work still queued never starts: its outcome is `failed(Cancelled())`.
        """
        self.cancel()
        # Gone before the queued progress reports are delivered below: setValue on a modal
        # progress dialog processes events, and a second lock must not run inside this one.
        self._close_progress()
        with self._state:
            never_began = not self._started
            self._skipped = self._skipped or never_began
        if never_began:
            self._done.set()
            if not self.delivered:
                self._deliver_error(Cancelled())
            return
        self.wait()
        # The worker queues its outcome just after it returns: deliver it now, so the
        # progress dialog goes and the receivers run before the window is torn down.
        while not self.delivered:
            QCoreApplication.sendPostedEvents(self, 0)
            if not self.delivered:
                QThread.msleep(1)

    # ----- worker thread --------------------------------------------------------------------

    def _run(self) -> None:
        with self._state:
            if self._skipped:
                return
            self._started = True
        try:
            result = self._call(self._progress)
        except BaseException as error:  # delivered to the GUI thread, never lost
            if isinstance(error, OrganizerError):
                # Expected and explained by its message; its frames may hold a passphrase.
                error.__traceback__ = None
            self._done.set()
            self._error_raised.emit(error)
        else:
            self._done.set()
            self._result_ready.emit(result)

    def _call(self, progress: Progress) -> object:
        return self._work(progress)

    # ----- GUI thread -----------------------------------------------------------------------

    @Slot(object)
    def _deliver_result(self, result: object) -> None:
        if self.delivered:
            return
        self._delivered()
        self._close_progress()
        self.outcome.emit(self, result, None)
        self.succeeded.emit(result)
        self._end()

    @Slot(object)
    def _deliver_error(self, error: object) -> None:
        if self.delivered:
            return
        self._delivered()
        self._close_progress()
        self.outcome.emit(self, None, error)
        self.failed.emit(error)
        self._end()

    def _delivered(self) -> None:
        """Before the receivers run: a lock that comes while one of them shows a box finds
        this task done, and does not wait for itself."""
        self.delivered = True

    def _end(self) -> None:
        self.finished.emit()
        Task._running.discard(self)
        Task._retired.append(self)
        Task._retired[:] = [task for task in Task._retired if not task._released.is_set()]

    @Slot()
    def _show_progress_dialog(self) -> None:
        if not self.is_running or self.delivered:
            return
        parent = self._parent_widget
        if parent is not None and not shiboken6.isValid(parent):
            parent = None
        dialog = QProgressDialog(parent)
        # Translators: the app's name. Keep it as it is.
        dialog.setWindowTitle(_("Organizer"))
        dialog.setLabelText(self._label)
        dialog.setRange(0, 0)  # busy until the work reports numbers
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        if self._cancellable:
            dialog.setCancelButtonText(_("Cancel"))
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


def _runner(box: list[Task]) -> Callable[[], None]:
    """What the pool runs: the task, then its reference dropped before the task is told,
    so the worker is never the last to hold it (a QObject goes on its own thread)."""

    def run() -> None:
        task = box.pop()
        released = task._released
        try:
            task._run()
        finally:
            del task
            released.set()

    return run


# ----- reads and writes on a connection of the worker's own -----------------------------------


class VaultTask(Task):
    """A Task whose work gets the vault on a connection of its own, opened in the worker
    and closed (rolling back whatever it left open) before the outcome is delivered."""

    def __init__(
        self,
        vault: Vault,
        work: Callable[[Vault, Progress], object],
        *,
        parent: QWidget | None = None,
        label: str = "",
        cancellable: bool = False,
        progress_delay_ms: int | None = PROGRESS_DELAY_MS,
    ) -> None:
        super().__init__(_never_called, parent=parent, label=label, cancellable=cancellable,
                         progress_delay_ms=progress_delay_ms)
        self.vault = vault
        self._vault_work = work
        self.stopped_by_app = False  # a lock or a close stopped it: no dialogs then

    def _call(self, progress: Progress) -> object:
        if progress.cancelled:
            raise Cancelled()
        with self.vault.on_own_connection() as own:
            if not progress._attach(own.connection):
                raise Cancelled()
            try:
                return self._vault_work(own, progress)
            finally:
                progress._detach()

    def stop(self) -> None:
        self.stopped_by_app = True
        super().stop()


class VaultRead(VaultTask):
    """Reads on the worker's own connection, beside the GUI thread's (WAL)."""


class VaultWrite(VaultTask):
    """A write on the worker's own connection (an import, a merge): one transaction.

    While it runs it holds the vault's write lock, and a write on the main connection would
    wait for it (busy_timeout), so whatever writes from the GUI thread meanwhile (the lock's
    backup and drafts, the daily backup) first calls `stop_vault_tasks()` or checks
    `vault_writes_running()`.
    """

    def __init__(
        self,
        vault: Vault,
        work: Callable[[Vault, Progress], object],
        *,
        parent: QWidget | None = None,
        label: str = "",
        cancellable: bool = False,
        undone_note: str = "",
    ) -> None:
        super().__init__(vault, work, parent=parent, label=label, cancellable=cancellable)
        self.undone_note = undone_note  # what the unlock page says when a lock undid it
        self.rolled_back = False

    def _call(self, progress: Progress) -> object:
        try:
            return super()._call(progress)
        except BaseException:
            self.rolled_back = True  # core writes are one transaction: an error undid it
            raise

    def _deliver_error(self, error: object) -> None:
        if isinstance(error, Cancelled):
            self.rolled_back = True  # never began: nothing was written
        super()._deliver_error(error)


def _never_called(_progress: Progress) -> object:
    raise AssertionError("a VaultTask runs its own work")


def _cancel_each(tasks: list[VaultRead]) -> None:
    for task in list(tasks):
        task.cancel()


def vault_tasks(vault: Vault | None = None) -> list[VaultTask]:
    """The reads and writes running on `vault` (on any vault when None), oldest first."""
    return [task for task in list(Task._running)
            if isinstance(task, VaultTask) and (vault is None or task.vault is vault)]


def vault_writes_running(vault: Vault | None = None) -> bool:
    """True while an import or a merge is writing to the vault."""
    return any(isinstance(task, VaultWrite) for task in vault_tasks(vault))


def stop_vault_tasks(vault: Vault) -> list[str]:
    """Cancel every read and write on the vault, wait until each worker has rolled back and
    closed its connection, and return what to tell the user about the writes undone."""
    notes: list[str] = []
    # Again while any is left: a receiver of a stopped task's outcome may start another.
    for _round in range(10):
        tasks = vault_tasks(vault)
        if not tasks:
            break
        for task in tasks:  # all at once, so they stop side by side
            task.cancel()
        for task in tasks:
            task.stop()
            if isinstance(task, VaultWrite) and task.rolled_back and task.undone_note:
                notes.append(task.undone_note)
    return notes


# ----- the newest of a kind of read -------------------------------------------------------------


class LatestRead(QObject):
    """One kind of read (the people ids, the search hits...): newest request wins.

    `request(work, deliver)` runs `work(own_vault)` in a VaultRead and calls
    `deliver(result)` on the GUI thread, unless a newer request came meanwhile: the older read
    is cancelled and interrupted, and its result dropped. Errors go to `failed` (a read
    stopped by a lock is not worth a dialog). Deleting the owner cancels what is in flight.
    """

    busy_changed = Signal(bool)
    failed = Signal(object)

    def __init__(self, vault: Vault, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self._current: VaultRead | None = None
        self._deliver: Callable[[Any], None] | None = None
        # A plain holder, so the destroyed handler reaches the reads without this object.
        self._in_flight: list[VaultRead] = []
        self.destroyed.connect(lambda *_args, tasks=self._in_flight: _cancel_each(tasks))

    @property
    def busy(self) -> bool:
        return self._current is not None

    @property
    def current(self) -> VaultRead | None:
        """The read whose result will be delivered, while it runs."""
        return self._current

    def request(self, work: Callable[[Vault], Any], deliver: Callable[[Any], None]) -> VaultRead:
        previous = self._current
        if previous is not None:
            previous.cancel()
        task = VaultRead(self.vault, _read_only(work), progress_delay_ms=None)
        task.outcome.connect(self._ended)
        self._current, self._deliver = task, deliver
        self._in_flight.append(task)
        task.start()
        if previous is None:
            self.busy_changed.emit(True)
        return task

    def cancel(self) -> None:
        """Drop what is in flight (it is cancelled, and nothing is delivered)."""
        task, self._current, self._deliver = self._current, None, None
        if task is not None:
            task.cancel()
            self.busy_changed.emit(False)

    @Slot(object, object, object)
    def _ended(self, task: VaultRead, result: object, error: object) -> None:
        if task in self._in_flight:
            self._in_flight.remove(task)
        if task is not self._current:
            return  # overtaken by a newer request (or dropped by cancel())
        deliver, self._current, self._deliver = self._deliver, None, None
        if task.was_cancelled:
            # Stopped by the app (a lock, a close): the window is going, so nothing is said,
            # and nothing that listens starts another read on a vault about to close.
            return
        self.busy_changed.emit(False)
        if error is not None:
            self.failed.emit(error)
        elif deliver is not None:
            deliver(result)


def _read_only(work: Callable[[Vault], Any]) -> Callable[[Vault, Progress], Any]:
    def read(own: Vault, _progress: Progress) -> Any:
        return work(own)

    return read
