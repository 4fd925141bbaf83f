"""The one way to run work off the GUI thread (organizer.gui.workers): where the work runs and
on which connection, what reaches the GUI thread, and what a cancel, a newer request and a
lock do to work that is running. Real threads, real SQLCipher vaults; events, not timings."""

from __future__ import annotations

import contextlib
import gc
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import sqlcipher3
from PySide6.QtCore import QThreadPool

from organizer.core import people
from organizer.core.errors import InvalidInput, OrganizerError
from organizer.core.vault import Vault
from organizer.gui.app import AppController
from organizer.gui.workers import (
    Cancelled,
    LatestRead,
    Progress,
    Task,
    VaultRead,
    VaultWrite,
    vault_tasks,
    vault_writes_running,
)
from tests.gui.conftest import everything_shown, flush_deletions, unlock
from tests.gui.settling import settle
from tests.gui.vault_fixtures import (  # noqa: F401
    seed_template_fixture,
    vault_fixture,
)

WAIT_S = 20  # a safety net for the events below, never a measure of speed
GUI_THREAD = threading.get_ident()
# Counts to ten billion: minutes of work, so it ends early only when it is interrupted.
ENDLESS = ("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10000000000) "
           "SELECT count(*) FROM n WHERE running()")


def on_gui_thread() -> bool:
    return threading.get_ident() == GUI_THREAD


def endless_statement(own: Vault, running: threading.Event) -> Any:
    """A statement that says when it is under way (from inside SQLite: an interrupt from
    then on reaches it) and would take minutes unless interrupted."""
    own.connection.create_function("running", 0, lambda: running.set() or 1)
    return own.connection.execute(ENDLESS).fetchone()


def test_a_read_runs_off_the_gui_thread_on_a_connection_of_its_own(
    qtbot: Any, vault: Vault
) -> None:
    seen: dict[str, Any] = {}

    def work(own: Vault, _progress: Progress) -> int:
        seen["thread"] = threading.get_ident()
        seen["connection"] = own.connection
        return people.count_people(own)

    delivered: list[tuple[object, bool]] = []
    task = VaultRead(vault, work)
    task.succeeded.connect(lambda count: delivered.append((count, on_gui_thread())))
    with qtbot.waitSignal(task.finished, timeout=WAIT_S * 1000):
        task.start()
    assert seen["thread"] != GUI_THREAD
    assert seen["connection"] is not vault.connection
    assert delivered == [(8, True)]
    # The worker's connection was closed when its work ended; the vault's is untouched.
    try:
        seen["connection"].execute("SELECT 1")
        raise AssertionError("the worker's connection is still open")
    except sqlcipher3.ProgrammingError:
        pass
    assert vault.is_open and people.count_people(vault) == 8


def test_a_superseded_read_is_cancelled_and_its_result_dropped(
    qtbot: Any, vault: Vault
) -> None:
    reads = LatestRead(vault)
    started, release = threading.Event(), threading.Event()

    def slow(_own: Vault) -> str:
        started.set()
        release.wait(WAIT_S)
        return "the older answer"

    delivered: list[object] = []
    first = reads.request(slow, delivered.append)
    assert started.wait(WAIT_S)
    second = reads.request(people.count_people, delivered.append)  # the user typed on
    assert first.was_cancelled and not second.was_cancelled
    qtbot.waitUntil(lambda: delivered == [8], timeout=WAIT_S * 1000)
    release.set()  # the older read ends last, with an answer nobody wants any more
    settle()
    assert delivered == [8]
    assert first.delivered and not reads.busy


def test_a_cancel_interrupts_a_long_statement(qtbot: Any, vault: Vault) -> None:
    running = threading.Event()
    failures: list[tuple[object, bool]] = []
    task = VaultRead(vault, lambda own, _progress: endless_statement(own, running))
    task.failed.connect(lambda error: failures.append((error, on_gui_thread())))
    task.start()
    assert running.wait(WAIT_S)
    task.cancel()
    qtbot.waitUntil(lambda: task.delivered, timeout=WAIT_S * 1000)
    ((error, gui_thread),) = failures
    assert isinstance(error, sqlcipher3.OperationalError) and gui_thread
    assert task.was_cancelled


def test_a_cancelled_write_rolls_back_and_leaves_the_vault_unchanged(
    qtbot: Any, vault: Vault
) -> None:
    before = people.count_people(vault)
    running = threading.Event()

    def erase_everyone(own: Vault, _progress: Progress) -> None:
        with own.transaction() as conn:
            conn.execute("DELETE FROM person")
            endless_statement(own, running)  # still in the same transaction

    failures: list[object] = []
    task = VaultWrite(vault, erase_everyone, cancellable=True)
    task.failed.connect(failures.append)
    task.start()
    assert running.wait(WAIT_S)
    # Mid-write: the GUI thread still reads the vault as it was, on its own connection.
    assert vault_writes_running(vault)
    assert people.count_people(vault) == before
    task.cancel()  # what the progress dialog's Cancel does
    qtbot.waitUntil(lambda: task.delivered, timeout=WAIT_S * 1000)
    assert len(failures) == 1 and isinstance(failures[0], OrganizerError)
    assert task.rolled_back and not vault_writes_running(vault)
    assert people.count_people(vault) == before
    assert vault.check().ok


def test_a_write_stopped_before_it_began_never_runs(qtbot: Any, vault: Vault) -> None:
    pool = QThreadPool()
    pool.setMaxThreadCount(1)
    release = threading.Event()
    busy = Task(lambda _progress: release.wait(WAIT_S)).start(pool)  # holds the one thread
    ran: list[bool] = []
    failures: list[object] = []
    queued = VaultWrite(vault, lambda own, _progress: ran.append(True),
                        undone_note="Nothing was written.")
    queued.failed.connect(failures.append)
    queued.start(pool)
    queued.stop()  # as a lock does
    assert queued.delivered and queued.rolled_back and queued.stopped_by_app
    assert len(failures) == 1 and isinstance(failures[0], Cancelled)
    release.set()
    assert pool.waitForDone(WAIT_S * 1000)
    settle()
    assert ran == [] and busy.delivered


def test_a_cancel_as_the_connection_opens_stops_the_work_and_never_reaches_it_later(
    qtbot: Any, vault: Vault, monkeypatch: Any
) -> None:
    real_own_connection = Vault.on_own_connection
    tasks: list[VaultRead] = []

    @contextlib.contextmanager
    def cancelled_while_opening(self: Vault) -> Iterator[Vault]:
        with real_own_connection(self) as own:
            tasks[0].cancel()  # the user cancels just as the worker's connection opens
            yield own

    monkeypatch.setattr(Vault, "on_own_connection", cancelled_while_opening)
    ran: list[bool] = []
    failures: list[object] = []
    task = VaultRead(vault, lambda own, _progress: ran.append(True))
    tasks.append(task)
    task.failed.connect(failures.append)
    with qtbot.waitSignal(task.finished, timeout=WAIT_S * 1000):
        task.start()
    task.cancel()  # again, once that connection is closed (as a lock's stop does)
    assert ran == [] and len(failures) == 1 and isinstance(failures[0], Cancelled)


def test_an_error_in_the_work_reaches_the_failure_callback_on_the_gui_thread(
    qtbot: Any, vault: Vault
) -> None:
    def refuse(_own: Vault, _progress: Progress) -> None:
        raise InvalidInput("That list no longer exists.")

    failures: list[tuple[str, bool]] = []
    successes: list[object] = []
    task = VaultRead(vault, refuse)
    task.failed.connect(lambda error: failures.append((str(error), on_gui_thread())))
    task.succeeded.connect(successes.append)
    with qtbot.waitSignal(task.finished, timeout=WAIT_S * 1000):
        task.start()
    assert failures == [("That list no longer exists.", True)] and successes == []

    # The newest-request-wins reads hand errors to their `failed` signal the same way.
    reads = LatestRead(vault)
    said: list[tuple[str, bool]] = []
    reads.failed.connect(lambda error: said.append((str(error), on_gui_thread())))
    reads.request(lambda own: refuse(own, Progress(task)), successes.append)
    qtbot.waitUntil(lambda: bool(said), timeout=WAIT_S * 1000)
    assert said == [("That list no longer exists.", True)] and successes == []


def test_finished_tasks_are_let_go_and_on_the_gui_thread(qtbot: Any, vault: Vault) -> None:
    """Every read is a task: none may linger once delivered (a search per keystroke), and
    a QObject must be deleted on its own thread, so the worker never holds the last
    reference, even when nothing else keeps the task."""
    threads: list[bool] = []
    reads = LatestRead(vault)
    for _ in range(40):
        task = VaultRead(vault, lambda own, _progress: people.count_people(own))
        task.destroyed.connect(lambda *_args: threads.append(on_gui_thread()))
        task.start()
        read = reads.request(people.count_people, lambda _count: None)
        read.destroyed.connect(lambda *_args: threads.append(on_gui_thread()))
        settle()  # each delivered in turn
    del task, read
    assert QThreadPool.globalInstance().waitForDone(WAIT_S * 1000)
    Task(lambda _progress: None).start()  # ending one more lets go of those retired before
    qtbot.waitUntil(lambda: not Task._running, timeout=WAIT_S * 1000)
    gc.collect()
    assert len(threads) == 80 and all(threads)


def test_locking_during_a_running_write_cancels_it_and_the_vault_closes_cleanly(
    qtbot: Any, make_controller: Callable[..., AppController], vault_file: Path,
) -> None:
    controller = make_controller()
    unlock(qtbot, controller, vault_file)
    settle()  # the window's first reads
    vault = controller.vault
    assert vault is not None
    raw_key, before = vault.raw_key, people.count_people(vault)
    midway, reading = threading.Event(), threading.Event()

    def erase_everyone(own: Vault, progress: Progress) -> None:
        with own.transaction() as conn:
            conn.execute("DELETE FROM person")
            midway.set()
            while not progress.cancelled:  # a write's chunks look at the flag like this
                time.sleep(0.001)
            raise OrganizerError("Stopped.")

    outcomes: list[tuple[str, bool]] = []
    write = VaultWrite(vault, erase_everyone, undone_note="The test's write was undone.")
    write.failed.connect(lambda error: outcomes.append((str(error), on_gui_thread())))
    write.start()
    read = VaultRead(vault, lambda own, _progress: endless_statement(own, reading)).start()
    assert midway.wait(WAIT_S) and reading.wait(WAIT_S)

    controller.lock()  # Ctrl+L: neither the write nor the minutes-long read holds it up

    assert controller.vault is None and not vault.is_open
    assert write.delivered and write.rolled_back and write.stopped_by_app
    assert outcomes == [("Stopped.", True)]
    assert read.delivered and read.was_cancelled
    assert vault_tasks() == []
    flush_deletions()  # the window went with the lock
    assert "The test's write was undone." in everything_shown()  # the unlock page says so
    # Every connection was closed: the last one to close removed the write-ahead log.
    assert not vault_file.with_name(vault_file.name + "-wal").exists()
    with Vault.open_with_key(vault_file, raw_key) as reopened:
        assert people.count_people(reopened) == before
        assert reopened.check().ok
