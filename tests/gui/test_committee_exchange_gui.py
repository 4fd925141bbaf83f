"""Exchanging updates from the app: the shared folder kept in step by FolderSync, File ›
Receive updates… (good and refused files side by side), update files dropped on the window,
a lock in the middle of a merge, and File › Send updates…. Real vaults, real files; two or
more members, each with an identity and the others on their roster."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QWidget

from organizer.core import conversations, demo, people
from organizer.core.committee import folder, identity, roster, send
from organizer.core.committee.envelope import UpdateNotForMe
from organizer.core.committee.receive import receive_file
from organizer.core.conversations import OneOnOne
from organizer.core.vault import Vault
from organizer.gui import committee_exchange, messages
from organizer.gui.app import AppController
from organizer.gui.committee_exchange import (
    ExchangeSummaryDialog,
    FolderSync,
    ReceiveUpdatesDialog,
    SendUpdatesDialog,
)
from organizer.gui.main_window import MainWindow
from organizer.gui.workers import VaultWrite, vault_writes_running
from tests.conftest import VaultTemplate
from tests.gui.conftest import everything_shown, flush_deletions, unlock, widget_of
from tests.gui.settling import settle
from tests.gui.vault_fixtures import finish_qt, make_window

LEFT = Qt.MouseButton.LeftButton


@dataclass
class Member:
    name: str
    vault: Vault


def _join(members: list[Member]) -> None:
    """Each makes an identity, and adds every other member's card to their roster."""
    cards = [identity.ensure_identity(m.vault, m.name).card().line() for m in members]
    for i, member in enumerate(members):
        for j, card in enumerate(cards):
            if i != j:
                roster.add_member(member.vault, card)


@pytest.fixture
def committee(tmp_path: Path, empty_vault_template: VaultTemplate) -> Iterator[list[Member]]:
    """Ana and Ben, each in their own vault, each on the other's roster."""
    members = [Member(name, empty_vault_template.open_copy(tmp_path / name.lower()))
               for name in ("Ana", "Ben")]
    _join(members)
    yield members
    settle()
    finish_qt()
    for member in members:
        member.vault.close()


def _names(vault: Vault) -> set[str]:
    return {str(r[0]) for r in vault.connection.execute("SELECT name FROM person")}


def _talks(vault: Vault) -> set[tuple[str, str]]:
    return {(str(r[0]), str(r[1])) for r in vault.connection.execute(
        "SELECT p.name, o.notes FROM one_on_one o JOIN person p ON p.id = o.person_id")}


def _count(vault: Vault) -> int:
    return int(vault.connection.execute("SELECT count(*) FROM person").fetchone()[0])


def _write_down(vault: Vault, name: str, notes: str) -> None:
    person = people.add_person(vault, people.Person(name=name))
    conversations.log_one_on_one(vault, OneOnOne(person_id=person.id, notes=notes))


def _shared(tmp_path: Path) -> Path:
    shared = tmp_path / "shared"
    shared.mkdir()
    return shared


def _update_for(sender: Vault, out: Path) -> Path:
    out.mkdir(exist_ok=True)
    [sent] = send.send_updates(sender, out)
    return sent.path


def _summary(qtbot: Any) -> ExchangeSummaryDialog:
    qtbot.waitUntil(lambda: any(
        isinstance(w, ExchangeSummaryDialog) and w.isVisible()
        for w in QApplication.topLevelWidgets()), timeout=30_000)
    return widget_of(ExchangeSummaryDialog)  # type: ignore[no-any-return]


@pytest.fixture
def window_for(qtbot: Any) -> Iterator[Callable[[Vault], MainWindow]]:
    """The main window on a member's vault (its FolderSync not started: no app here)."""
    made: list[MainWindow] = []

    def make(vault: Vault) -> MainWindow:
        window = make_window(qtbot, vault)
        made.append(window)
        return window

    yield make
    for window in made:
        for child in window.findChildren(QWidget):
            if child.isWindow() and child.isVisible():
                child.hide()
        window.hide()
        window.deleteLater()
    settle()
    finish_qt()


# ----- the shared folder ------------------------------------------------------------------


def test_two_members_sharing_a_folder_end_with_the_same_people_and_one_on_ones(
    qtbot: Any, committee: list[Member], tmp_path: Path
) -> None:
    ana, ben = committee
    shared = _shared(tmp_path)
    _write_down(ana.vault, "Carla Mendes", "Worried about the new rota")
    _write_down(ben.vault, "Dev Patel", "Will bring two coworkers to the meeting")
    syncs = []
    for member in committee:
        folder.set_shared_folder(member.vault, shared)
        # Short waits, so the test does not sit through the app's two-second quiet time.
        syncs.append(FolderSync(member.vault, debounce_ms=50))
    ana_sync, ben_sync = syncs
    try:
        # Ben is unlocked: a first pass soon, which writes his news for Ana.
        with qtbot.waitSignal(ben_sync.exchanged, timeout=30_000):
            ben_sync.start()
        assert ben_sync.status.startswith("Shared folder: 1 sent, 0 received, ")
        # Ana's pass, by hand, receives it and writes hers; Ben's watcher sees her file
        # arrive and his next pass merges it, without anyone asking.
        with qtbot.waitSignal(ana_sync.exchanged, timeout=30_000):
            assert ana_sync.exchange_now() is not None
        assert ana_sync.last is not None
        assert [r.sender for r in ana_sync.last.received] == ["Ben"]
        qtbot.waitUntil(lambda: "Carla Mendes" in _names(ben.vault), timeout=30_000)
        qtbot.waitUntil(lambda: not ben_sync.busy, timeout=30_000)
    finally:
        for sync in syncs:
            sync.stop()

    assert _names(ana.vault) == _names(ben.vault) == {"Carla Mendes", "Dev Patel"}
    assert _talks(ana.vault) == _talks(ben.vault) == {
        ("Carla Mendes", "Worried about the new rota"),
        ("Dev Patel", "Will bring two coworkers to the meeting"),
    }
    assert not vault_writes_running()


def test_unlocking_keeps_the_shared_folder_in_step_and_locking_stops_it(
    qtbot: Any, make_controller: Callable[..., AppController], vault_file: Path,
    drive_template: VaultTemplate, empty_vault_template: VaultTemplate, tmp_path: Path,
) -> None:
    shared = _shared(tmp_path)
    with Vault.open_with_key(vault_file, drive_template.raw_key) as ben:
        ana = Member("Ana", empty_vault_template.open_copy(tmp_path / "ana"))
        try:
            _join([ana, Member("Ben", ben)])
            _write_down(ana.vault, "Carla Mendes", "Worried about the new rota")
            folder.exchange_with_folder(ana.vault, shared)  # her file waits in the folder
        finally:
            ana.vault.close()
        folder.set_shared_folder(ben, shared)
    controller = make_controller()

    unlock(qtbot, controller, vault_file)

    window = controller.main_window
    assert window is not None and controller.vault is not None
    sync = window.folder_sync
    assert sync.active
    qtbot.waitUntil(lambda: window.folder_status.full_text.startswith(
        "Shared folder: 1 sent, 1 received, "), timeout=20_000)
    assert "Carla Mendes" in _names(controller.vault)
    controller.lock()
    assert not sync.active and not sync.busy  # (the window goes; no pass starts again)
    assert not vault_writes_running()


def test_a_missing_shared_folder_is_one_line_in_the_status_bar_not_a_dialog(
    qtbot: Any, committee: list[Member], tmp_path: Path, window_for: Callable[[Vault], MainWindow],
) -> None:
    ana = committee[0]
    shared = _shared(tmp_path)
    folder.set_shared_folder(ana.vault, shared)
    shared.rmdir()  # the USB stick was pulled out
    window = window_for(ana.vault)
    window.folder_sync.start()  # what unlocking does
    window.folder_sync.exchange_now()  # (rather than wait for the first pass's two seconds)
    try:
        qtbot.waitUntil(lambda: window.folder_status.isVisible(), timeout=30_000)
    finally:
        window.folder_sync.stop()
    assert window.folder_status.full_text == (
        f"The shared folder {shared} is not there (is the disk or share connected?)."
    )
    # (the messages seam is strict: a box would have failed the test)


def test_exchange_now_by_hand_shows_what_it_did(
    qtbot: Any, committee: list[Member], tmp_path: Path,
    window_for: Callable[[Vault], MainWindow],
) -> None:
    ana = committee[0]
    shared = _shared(tmp_path)
    folder.set_shared_folder(ana.vault, shared)
    _write_down(ana.vault, "Carla Mendes", "Worried about the new rota")
    window = window_for(ana.vault)

    window.exchange_now_action.trigger()
    summary = _summary(qtbot)

    assert summary.heading.text() == f"Exchanged with {shared}."
    [line] = summary.lines
    assert line.startswith("For Ben (everything they may see): 1 person, 1 one-on-one")
    assert window.folder_status.full_text.startswith("Shared folder: 1 sent, 0 received, ")
    summary.accept()


# ----- receiving --------------------------------------------------------------------------


def test_receive_applies_the_good_file_and_names_the_refused_one(
    qtbot: Any, committee: list[Member], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    window_for: Callable[[Vault], MainWindow],
) -> None:
    ana, ben = committee
    _write_down(ana.vault, "Carla Mendes", "Worried about the new rota")
    good = _update_for(ana.vault, tmp_path / "from-ana")
    junk = tmp_path / "x.organizer-update"
    junk.write_bytes(os.urandom(600))
    window = window_for(ben.vault)
    monkeypatch.setattr(committee_exchange, "choose_update_files", lambda _parent: [good, junk])

    window.receive_updates_action.trigger()
    chooser = widget_of(ReceiveUpdatesDialog)
    qtbot.mouseClick(chooser.files_button, LEFT)
    summary = _summary(qtbot)

    assert summary.heading.text() == "Received 2 files: 1 applied, 1 not applied."
    assert summary.lines == [
        "From Ana: 1 new one-on-one, 1 new person, 0 people changed, 0 conflicts to review.",
        "x.organizer-update is not an Organizer update file.",
    ]
    assert not summary.conflicts_button.isVisible()
    assert _names(ben.vault) == {"Carla Mendes"}
    # The window read again: the status bar counts the newcomer.
    qtbot.waitUntil(lambda: window.counts_label.text().startswith("1 person"), timeout=10_000)
    summary.accept()


def test_an_update_file_dropped_on_the_window_is_received(
    qtbot: Any, committee: list[Member], tmp_path: Path,
    window_for: Callable[[Vault], MainWindow],
) -> None:
    ana, ben = committee
    _write_down(ana.vault, "Carla Mendes", "Worried about the new rota")
    good = _update_for(ana.vault, tmp_path / "downloads")
    window = window_for(ben.vault)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(good))])

    enter = QDragEnterEvent(QPoint(40, 40), Qt.DropAction.CopyAction, mime, LEFT,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(40, 40), Qt.DropAction.CopyAction, mime, LEFT,
                      Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, drop)

    summary = _summary(qtbot)
    assert summary.lines[0].startswith("From Ana: 1 new one-on-one, 1 new person")
    assert _names(ben.vault) == {"Carla Mendes"}
    summary.accept()


def test_a_dragged_file_that_is_not_an_update_is_not_taken(
    committee: list[Member], tmp_path: Path, window_for: Callable[[Vault], MainWindow],
) -> None:
    window = window_for(committee[1].vault)
    photo = tmp_path / "holiday.jpg"
    photo.write_bytes(b"\xff\xd8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(photo))])
    enter = QDragEnterEvent(QPoint(40, 40), Qt.DropAction.CopyAction, mime, LEFT,
                            Qt.KeyboardModifier.NoModifier)
    enter.ignore()
    QApplication.sendEvent(window, enter)
    assert not enter.isAccepted()


def test_locking_during_a_merge_leaves_the_vault_consistent(
    qtbot: Any, make_controller: Callable[..., AppController], vault_file: Path,
    drive_template: VaultTemplate, empty_vault_template: VaultTemplate, tmp_path: Path,
) -> None:
    # Ben's vault is the one the app unlocks; Ana sends him a big first update.
    with Vault.open_with_key(vault_file, drive_template.raw_key) as ben:
        ana = Member("Ana", empty_vault_template.open_copy(tmp_path / "ana"))
        try:
            _join([ana, Member("Ben", ben)])
            demo.generate_demo(ana.vault, people=3000, seed=7, one_on_ones=3000)
            big = _update_for(ana.vault, tmp_path / "from-ana")
            sent_people = _count(ana.vault)
        finally:
            ana.vault.close()
    controller = make_controller()
    unlock(qtbot, controller, vault_file)
    window = controller.main_window
    assert window is not None and controller.vault is not None
    before = _count(controller.vault)

    task = window.receive_files([big])
    assert isinstance(task, VaultWrite)
    with qtbot.waitSignal(task.progressed, timeout=30_000):
        pass  # the worker began the file
    controller.lock()  # what Ctrl+L, the idle timer or the screen locking do

    assert controller.vault is None and controller.main_window is None
    assert not vault_writes_running()
    flush_deletions()
    with Vault.open_with_key(vault_file, drive_template.raw_key) as reopened:
        after = _count(reopened)
        assert after in (before, before + sent_people)
        assert reopened.check().ok
    if after == before:  # the lock undid the merge, and the unlock page says so
        assert "Receiving updates was stopped by the lock" in everything_shown()


# ----- sending ----------------------------------------------------------------------------


@pytest.fixture
def four(tmp_path: Path, empty_vault_template: VaultTemplate) -> Iterator[list[Member]]:
    members = [Member(name, empty_vault_template.open_copy(tmp_path / name.lower()))
               for name in ("Ana", "Ben", "Cy", "Dee")]
    _join(members)
    yield members
    settle()
    finish_qt()
    for member in members:
        member.vault.close()


def test_send_writes_one_file_per_chosen_member(
    qtbot: Any, four: list[Member], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    window_for: Callable[[Vault], MainWindow],
) -> None:
    ana = four[0].vault
    roster.confirm_member(ana, "Cy")
    _write_down(ana, "Carla Mendes", "Worried about the new rota")
    out = tmp_path / "usb"
    out.mkdir()
    monkeypatch.setattr(committee_exchange, "choose_send_folder", lambda _p, _start: out)
    window = window_for(ana)

    window.send_updates_action.trigger()
    dialog = widget_of(SendUpdatesDialog)
    assert dialog.chosen_names() == ["Ben", "Cy", "Dee"]  # everyone, to begin with
    assert not dialog.send_button.isEnabled()  # no folder yet
    dialog.set_chosen(["Ben", "Dee"])
    qtbot.mouseClick(dialog.browse_button, LEFT)
    qtbot.mouseClick(dialog.send_button, LEFT)
    summary = _summary(qtbot)

    files = sorted(out.iterdir())
    assert len(files) == 2 and all(f.name.endswith(".organizer-update") for f in files)
    assert summary.heading.text() == f"2 update files written to {out}."
    assert [line.split(" (")[0] for line in summary.lines[:2]] == ["For Ben", "For Dee"]
    assert summary.lines[2:] == [
        "Ben's fingerprint is not confirmed yet: compare it in Settings › Committee.",
        "Dee's fingerprint is not confirmed yet: compare it in Settings › Committee.",
    ]
    summary.accept()
    # Each member chosen can open exactly one of the files; Cy, not chosen, none.
    for member, expected in ((four[1], ["Ana"]), (four[2], []), (four[3], ["Ana"])):
        me = identity.get_identity(member.vault)
        assert me is not None
        senders = []
        for path in files:
            with contextlib.suppress(UpdateNotForMe):  # written for someone else
                senders.append(receive_file(member.vault, me, path).sender)
        assert senders == expected


def test_without_an_identity_send_and_receive_point_to_settings(
    empty_vault: Vault, window_for: Callable[[Vault], MainWindow],
    answered_messages: messages.MessageSeam,
) -> None:
    window = window_for(empty_vault)
    answered_messages.answers.extend([True, True])
    window.send_updates_action.trigger()
    window.receive_updates_action.trigger()
    assert [m.text for m in answered_messages.seen] == [committee_exchange.NO_IDENTITY] * 2
    assert "Settings › Committee" in committee_exchange.NO_IDENTITY


@pytest.fixture(name="empty_vault")
def empty_vault_fixture(empty_vault_template: VaultTemplate, tmp_path: Path) -> Iterator[Vault]:
    vault = empty_vault_template.open_copy(tmp_path / "lone")
    yield vault
    finish_qt()
    vault.close()
