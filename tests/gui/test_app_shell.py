"""The app's life through its real widgets: start screen, new campaign, unlock, lock, demo,
the keychain opt-in, the file dialog seam, and what is left on disk outside the vault."""

from __future__ import annotations

import hashlib
import os
import stat
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QLabel,
    QLineEdit,
    QProgressDialog,
    QPushButton,
)

from organizer.core import campaign, paths, secrets
from organizer.core.errors import OrganizerError
from organizer.core.passphrase import wordlist
from organizer.core.vault import Vault
from organizer.gui import start_screen
from organizer.gui.about_dialog import AboutDialog
from organizer.gui.app import AppController
from organizer.gui.main_window import MainWindow
from organizer.gui.new_campaign_dialog import NewCampaignDialog, default_vault_path
from organizer.gui.start_screen import EMPTY_TEXT, StartScreen
from organizer.gui.unlock import DOES_NOT_OPEN
from organizer.gui.workers import Task
from tests.conftest import assert_private, posix_only
from tests.gui.conftest import (
    CAMPAIGN_NAME,
    PASSPHRASE,
    PERSON_NAME,
    PERSON_NOTE,
    MemoryKeyring,
    everything_shown,
    unlock,
    widget_of,
)

Make = Callable[..., AppController]
LEFT = Qt.MouseButton.LeftButton


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ----- start screen ---------------------------------------------------------------------------


def test_start_screen_explains_what_to_do_when_there_are_no_campaigns(qtbot: Any) -> None:
    screen = StartScreen()
    qtbot.addWidget(screen)
    screen.refresh()
    screen.show()
    assert screen.empty_state.isVisible()
    assert screen.empty_state.text() == EMPTY_TEXT
    assert not screen.campaigns.isVisible()
    assert screen.restore_button.isEnabled()


def test_start_screen_lists_vaults_by_file_name_only(qtbot: Any, vault_file: Path) -> None:
    (paths.data_dir() / "notes.txt").write_text("not a vault")
    screen = StartScreen()
    qtbot.addWidget(screen)
    screen.refresh()
    screen.show()
    assert not screen.empty_state.isVisible()
    assert [screen.campaigns.item(i).text() for i in range(screen.campaigns.count())] == [
        vault_file.stem
    ]
    assert CAMPAIGN_NAME not in everything_shown()
    with qtbot.waitSignal(screen.open_requested) as opened:
        qtbot.keyClick(screen.campaigns, Qt.Key.Key_Return)
    assert opened.args == [vault_file]


def test_every_start_screen_control_is_named_and_reachable_by_keyboard(qtbot: Any) -> None:
    screen = StartScreen()
    qtbot.addWidget(screen)
    screen.refresh()
    for button in (screen.new_button, screen.open_other_button, screen.demo_button,
                   screen.about_button):
        assert button.accessibleName()
        assert button.focusPolicy() & Qt.FocusPolicy.TabFocus


# ----- new campaign -------------------------------------------------------------------------


def test_new_campaign_dialog_creates_a_private_vault_and_opens_it(
    qtbot: Any, make_controller: Make
) -> None:
    controller = make_controller()
    qtbot.mouseClick(controller.shell.start_screen.new_button, LEFT)
    dialog = widget_of(NewCampaignDialog)
    qtbot.keyClicks(dialog.name, "Night Shift Union")
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    qtbot.keyClicks(dialog.again, PASSPHRASE)
    expected = paths.data_dir() / "campaign.vault"  # never the campaign name
    assert dialog.location.text() == str(expected)
    qtbot.mouseClick(dialog.create_button, LEFT)
    qtbot.waitUntil(lambda: controller.main_window is not None, timeout=5000)

    assert_private(expected)
    window = controller.main_window
    assert isinstance(window, MainWindow)
    assert window.isVisible() and window.windowTitle() == "Organizer"
    assert not controller.shell.isVisible()
    assert controller.vault is not None
    assert campaign.campaign_name(controller.vault) == "Night Shift Union"
    assert window.clipboard is controller.clipboard  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("name", "first", "second", "location", "expected"),
    [
        ("", PASSPHRASE, PASSPHRASE, None, "Give the campaign a name"),
        ("Drive", "short", "short", None, "The passphrase is too short (5 characters)"),
        ("Drive", PASSPHRASE, PASSPHRASE + "x", None, "The two passphrases are different"),
        ("Drive", PASSPHRASE, PASSPHRASE, "missing/drive.vault", "does not exist"),
        ("Drive", PASSPHRASE, PASSPHRASE, "taken.vault", "A file already exists"),
    ],
)
def test_new_campaign_problems_show_inline_as_one_sentence(
    qtbot: Any, tmp_path: Path, name: str, first: str, second: str, location: str | None,
    expected: str,
) -> None:
    (tmp_path / "taken.vault").write_bytes(b"x")
    dialog = NewCampaignDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.name, name)
    qtbot.keyClicks(dialog.passphrase, first)
    qtbot.keyClicks(dialog.again, second)
    if location:
        dialog.location.setText(str(tmp_path / location))
    qtbot.mouseClick(dialog.create_button, LEFT)
    assert dialog.error.isVisible()
    assert expected in dialog.error.text()
    assert dialog.error.text().count(". ") <= 1  # one sentence (plus at most one hint)
    assert dialog.isVisible() and dialog.vault is None
    assert list(paths.data_dir().glob("*.vault")) == []


def test_suggest_a_passphrase_fills_both_fields_and_shows_it_with_advice(qtbot: Any) -> None:
    dialog = NewCampaignDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.suggest_button, LEFT)
    words = dialog.passphrase.text().split()
    assert len(words) == 6 and all(word in wordlist() for word in words)
    assert dialog.again.text() == dialog.passphrase.text()
    assert dialog.passphrase.text() in dialog.suggestion.text()
    assert "keep it away from work" in dialog.suggestion.text()
    assert "very strong" in dialog.strength.text()
    qtbot.keyClicks(dialog.passphrase, "x")  # once edited, the shown words are stale
    assert not dialog.suggestion.isVisible()


def test_strength_hint_follows_the_typing(qtbot: Any) -> None:
    dialog = NewCampaignDialog()
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.passphrase, "abc")
    assert "too short" in dialog.strength.text()
    qtbot.keyClicks(dialog.passphrase, "defghijklmn")
    assert "Strength: weak" in dialog.strength.text()


def test_default_file_names_never_name_the_campaign_and_never_overwrite() -> None:
    first = default_vault_path()
    assert first.name == "campaign.vault"
    first.write_bytes(b"x")
    assert default_vault_path().name == "campaign-2.vault"


# ----- unlock -----------------------------------------------------------------------------------


def test_wrong_passphrase_is_refused_plainly_and_changes_nothing_then_the_right_one_opens(
    qtbot: Any, make_controller: Make, vault_file: Path
) -> None:
    before = sha256(vault_file)
    controller = make_controller()
    qtbot.mouseClick(controller.shell.start_screen.open_button, LEFT)
    page = controller.shell.unlock_page
    assert page.isVisible() and page.vault_path == vault_file
    qtbot.keyClicks(page.passphrase, "not the passphrase at all")
    qtbot.keyClick(page.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.message.text() == DOES_NOT_OPEN, timeout=5000)
    assert page.message.isVisible()
    assert controller.main_window is None and controller.vault is None
    assert sha256(vault_file) == before
    assert not list(vault_file.parent.glob("*-wal"))

    page.passphrase.clear()
    qtbot.keyClicks(page.passphrase, PASSPHRASE)
    qtbot.keyClick(page.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: controller.main_window is not None, timeout=5000)
    assert controller.vault is not None
    assert campaign.campaign_name(controller.vault) == CAMPAIGN_NAME
    assert page.passphrase.text() == ""


def test_other_problems_are_shown_in_their_own_words(
    qtbot: Any, make_controller: Make, tmp_path: Path
) -> None:
    not_a_vault = tmp_path / "empty.vault"
    not_a_vault.write_bytes(b"")
    controller = make_controller()
    controller.show_unlock(not_a_vault)
    page = controller.shell.unlock_page
    qtbot.keyClicks(page.passphrase, PASSPHRASE)
    qtbot.mouseClick(page.unlock_button, LEFT)
    qtbot.waitUntil(lambda: "is empty, so it is not a vault" in page.message.text(), timeout=5000)
    assert controller.vault is None


def test_a_vault_open_in_one_window_is_refused_in_a_second(
    qtbot: Any, make_controller: Make, vault_file: Path
) -> None:
    first = make_controller()
    unlock(qtbot, first, vault_file)
    second = make_controller()
    second.show_unlock(vault_file)
    page = second.shell.unlock_page
    qtbot.keyClicks(page.passphrase, PASSPHRASE)
    qtbot.mouseClick(page.unlock_button, LEFT)
    qtbot.waitUntil(lambda: "already open in Organizer" in page.message.text(), timeout=5000)
    assert page.message.text() == (
        f"{vault_file.name} is already open in Organizer. "
        "Switch to that window, or close it first."
    )
    assert second.vault is None and second.main_window is None
    assert first.vault is not None and first.vault.is_open


def test_unlocking_derives_the_key_in_a_worker_thread(
    qtbot: Any, make_controller: Make, vault_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    controller = make_controller()
    controller.show_unlock(vault_file)
    page = controller.shell.unlock_page
    qtbot.keyClicks(page.passphrase, PASSPHRASE)
    threads: list[threading.Thread] = []
    original = Vault.open

    def recording_open(path: Path | str, passphrase: str) -> Vault:
        threads.append(threading.current_thread())
        return original(path, passphrase)

    monkeypatch.setattr(Vault, "open", staticmethod(recording_open))
    qtbot.mouseClick(page.unlock_button, LEFT)
    # The click returned before the key was derived: the window kept answering.
    assert controller.main_window is None
    assert not page.unlock_button.isEnabled()
    qtbot.waitUntil(lambda: controller.main_window is not None, timeout=5000)
    assert threads and threads[0] is not threading.main_thread()


# ----- locking --------------------------------------------------------------------------------


def test_ctrl_l_locks_and_leaves_no_name_or_note_in_any_widget(
    qtbot: Any, make_controller: Make, vault_file: Path
) -> None:
    controller = make_controller()
    unlock(qtbot, controller, vault_file)
    window = controller.main_window
    assert window is not None
    vault = controller.vault
    assert vault is not None
    _show_person_like_a_view_would(window)
    shown = everything_shown()
    assert CAMPAIGN_NAME in shown and PERSON_NAME in shown and PERSON_NOTE in shown

    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not any(isinstance(w, MainWindow)
                                    for w in QApplication.allWidgets()), timeout=3000)

    assert controller.vault is None and controller.main_window is None
    assert not vault.is_open
    with pytest.raises(OrganizerError):
        _ = vault.raw_key
    assert controller.shell.isVisible()
    assert controller.shell.pages.currentWidget() is controller.shell.unlock_page
    assert controller.shell.unlock_page.vault_path == vault_file
    assert controller.shell.unlock_page.why_locked.text() == "Locked."
    shown = everything_shown()
    for secret in (CAMPAIGN_NAME, PERSON_NAME, PERSON_NOTE, PASSPHRASE):
        assert secret not in shown


def _show_person_like_a_view_would(window: MainWindow) -> None:
    """Put the person into widgets and a model owned by the window, as the real views do."""
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QPlainTextEdit, QTableView

    model = QStandardItemModel(window)
    model.appendRow([QStandardItem(PERSON_NAME), QStandardItem(DEPARTMENT_LABEL)])
    table = QTableView(window)
    table.setModel(model)
    notes = QPlainTextEdit(PERSON_NOTE, window)
    label = QLabel(PERSON_NAME, window)
    for widget in (table, notes, label):
        widget.show()


DEPARTMENT_LABEL = "Night shift"


def test_close_vault_goes_back_to_the_start_screen(
    qtbot: Any, make_controller: Make, vault_file: Path
) -> None:
    controller = make_controller()
    unlock(qtbot, controller, vault_file)
    assert controller.main_window is not None
    controller.main_window.close_vault_requested.emit()
    assert controller.vault is None
    assert controller.shell.pages.currentWidget() is controller.shell.start_screen


# ----- remember on this computer --------------------------------------------------------------


def test_remember_is_offered_only_with_a_working_keychain(
    qtbot: Any, make_controller: Make, vault_file: Path
) -> None:
    controller = make_controller()
    qtbot.waitUntil(lambda: not Task._running, timeout=3000)
    controller.show_unlock(vault_file)
    assert controller.keychain_available is False
    assert controller.shell.unlock_page.remember.isHidden()


def test_remembered_key_unlocks_and_can_be_forgotten(
    qtbot: Any, make_controller: Make, vault_file: Path, memory_keyring: MemoryKeyring
) -> None:
    controller = make_controller()
    qtbot.waitUntil(lambda: controller.keychain_available, timeout=3000)
    controller.show_unlock(vault_file)
    page = controller.shell.unlock_page
    assert not page.remember.isHidden() and not page.remember.isChecked()
    page.remember.setChecked(True)
    assert "anyone who can log in" in page.remember_warning.text().lower()
    assert "employer" in page.remember_warning.text()
    qtbot.keyClicks(page.passphrase, PASSPHRASE)
    qtbot.mouseClick(page.unlock_button, LEFT)
    qtbot.waitUntil(lambda: controller.main_window is not None, timeout=5000)
    assert controller.vault is not None
    stored = list(memory_keyring.entries.values())
    assert stored == [controller.vault.raw_key] and PASSPHRASE not in stored[0]

    controller.lock()
    qtbot.waitUntil(lambda: not page.stored_key_button.isHidden(), timeout=3000)
    assert page.remember.isHidden()
    qtbot.mouseClick(page.stored_key_button, LEFT)
    qtbot.waitUntil(lambda: controller.main_window is not None, timeout=5000)

    controller.lock()
    qtbot.waitUntil(lambda: not page.forget_button.isHidden(), timeout=3000)
    qtbot.mouseClick(page.forget_button, LEFT)
    qtbot.waitUntil(lambda: page.forget_button.isHidden(), timeout=3000)
    assert memory_keyring.entries == {}
    assert secrets.remembered_key(vault_file) is None


def test_a_stale_stored_key_is_forgotten_with_a_plain_message(
    qtbot: Any, make_controller: Make, vault_file: Path, memory_keyring: MemoryKeyring
) -> None:
    secrets.remember_key(vault_file, "x'" + "00" * 48 + "'")
    controller = make_controller()
    qtbot.waitUntil(lambda: controller.keychain_available, timeout=3000)
    controller.show_unlock(vault_file)
    page = controller.shell.unlock_page
    qtbot.waitUntil(lambda: not page.stored_key_button.isHidden(), timeout=3000)
    qtbot.mouseClick(page.stored_key_button, LEFT)
    qtbot.waitUntil(lambda: "no longer opens this vault" in page.message.text(), timeout=5000)
    assert secrets.remembered_key(vault_file) is None
    assert page.stored_key_button.isHidden()


# ----- demo -------------------------------------------------------------------------------------


def test_demo_opens_a_made_up_campaign_and_deletes_it_on_quit(
    qtbot: Any, make_controller: Make
) -> None:
    pytest.importorskip("organizer.core.demo")
    controller = make_controller(demo=True)
    qtbot.waitUntil(lambda: controller.main_window is not None, timeout=20_000)
    assert controller.main_window is not None and controller.main_window.demo
    assert controller.vault is not None and campaign.is_demo(controller.vault)
    folder = controller.vault.path.parent
    assert_private(folder, 0o700)
    assert list(paths.data_dir().glob("*.vault")) == []  # never among the real campaigns

    controller.lock()  # the demo's made-up passphrase is shown, and works
    page = controller.shell.unlock_page
    assert page.demo_hint.isVisible() and page.passphrase.text()
    qtbot.mouseClick(page.unlock_button, LEFT)
    qtbot.waitUntil(lambda: controller.main_window is not None, timeout=5000)

    controller.shutdown()
    assert not folder.exists()


# ----- about ----------------------------------------------------------------------------------


def test_about_shows_versions_licences_and_the_security_model(
    qtbot: Any, make_controller: Make
) -> None:
    from organizer import __version__

    controller = make_controller()
    qtbot.mouseClick(controller.shell.start_screen.about_button, LEFT)
    dialog = widget_of(AboutDialog)
    text = dialog.findChild(QLabel, "about-text").text()
    for expected in (__version__, "GPL-3.0-or-later", "LGPLv3", "SQLCipher", "BSD",
                     "CC BY 3.0 US", "Electronic Frontier Foundation", "network"):
        assert expected in text
    dialog.close()


# ----- file dialogs and what Qt writes to disk --------------------------------------------------


def test_file_dialog_forgets_the_folders_it_visited(
    qtbot: Any, tmp_path: Path, qt_settings_folder: Path
) -> None:
    hidden = tmp_path / "ZZsecret-drive-folder"
    hidden.mkdir()
    target = hidden / "drive.vault"
    target.write_bytes(b"\0" * 4096)

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(50, answer)  # not up yet
            return
        try:  # browse into the folder and type the file name, as a person would
            dialog.setDirectory(str(hidden))
            dialog.findChild(QLineEdit, "fileNameEdit").setText(target.name)
            dialog.accept()
        finally:
            if dialog.isVisible():
                dialog.reject()  # never leave the test waiting on a modal dialog

    QTimer.singleShot(0, answer)
    assert start_screen.choose_open_path(None) == target
    written = "\n".join(
        p.read_text(errors="replace") for p in qt_settings_folder.rglob("*") if p.is_file()
    )
    assert written, "Qt should have written its file dialog state (to the private folder)"
    assert "ZZsecret-drive-folder" not in written


def test_no_campaign_name_person_or_path_is_written_outside_the_vault(
    qtbot: Any, make_controller: Make, vault_file: Path, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    controller = make_controller()
    unlock(qtbot, controller, vault_file)
    controller.lock()
    unlock(qtbot, controller, vault_file)
    controller.open_settings()
    qtbot.waitUntil(lambda: controller.settings_dialog is not None
                    and controller.settings_dialog.isVisible())
    assert controller.settings_dialog is not None
    controller.settings_dialog.save()
    controller.close_vault()
    controller.shutdown()

    needles = [CAMPAIGN_NAME, PERSON_NAME, PERSON_NOTE, str(vault_file), vault_file.name]
    for folder in (tmp_path / "config", home, tmp_path / "cache", tmp_path / "xdg-data",
                   tmp_path / "qt-settings"):
        for path in folder.rglob("*") if folder.exists() else []:
            if path.is_file():
                data = path.read_bytes()
                for needle in needles:
                    assert needle.encode() not in data, f"{needle!r} found in {path}"
    assert sorted(p.name for p in paths.data_dir().iterdir()) == [vault_file.name]


# ----- workers ----------------------------------------------------------------------------------


def test_worker_delivers_result_and_error_on_the_gui_thread(qtbot: Any) -> None:
    seen: list[tuple[str, object, bool]] = []

    def on_gui_thread() -> bool:
        return threading.current_thread() is threading.main_thread()

    ok = Task(lambda _p: threading.current_thread() is threading.main_thread())
    ok.succeeded.connect(lambda value: seen.append(("ok", value, on_gui_thread())))
    with qtbot.waitSignal(ok.finished):
        ok.start()
    bad = Task(lambda _p: (_ for _ in ()).throw(OrganizerError("Plain words.")))
    bad.failed.connect(lambda error: seen.append(("error", str(error), on_gui_thread())))
    with qtbot.waitSignal(bad.finished):
        bad.start()
    assert seen == [("ok", False, True), ("error", "Plain words.", True)]


def test_progress_dialog_appears_only_for_slow_work_and_cancel_reaches_the_work(
    qtbot: Any,
) -> None:
    quick = Task(lambda _p: time.sleep(0.05), progress_delay_ms=300)
    with qtbot.waitSignal(quick.finished):
        quick.start()
    qtbot.wait(350)
    assert not [w for w in QApplication.topLevelWidgets()
                if isinstance(w, QProgressDialog) and w.isVisible()]

    def slow(progress: Any) -> str:
        for step in range(100):
            if progress.cancelled:
                return "stopped"
            progress.report(step, 100)
            time.sleep(0.02)
        return "finished"

    results: list[object] = []
    task = Task(slow, progress_delay_ms=100, cancellable=True, label="Counting…")
    task.succeeded.connect(results.append)
    task.start()
    qtbot.waitUntil(lambda: any(isinstance(w, QProgressDialog) and w.isVisible()
                                for w in QApplication.topLevelWidgets()), timeout=2000)
    dialog = widget_of(QProgressDialog)
    assert dialog.labelText() == "Counting…"
    cancel = dialog.findChild(QPushButton)
    assert cancel.text() == "Cancel"
    qtbot.mouseClick(cancel, LEFT)
    qtbot.waitUntil(lambda: results == ["stopped"], timeout=3000)
    assert task.was_cancelled
    qtbot.waitUntil(lambda: not any(isinstance(w, QProgressDialog) and w.isVisible()
                                    for w in QApplication.topLevelWidgets()))


@posix_only  # a session ends with SIGTERM
def test_organizer_demo_cleans_up_when_the_session_ends(tmp_path: Path) -> None:
    """`organizer --demo` in a real process: SIGTERM (log out) deletes the demo and exits."""
    import signal
    import subprocess
    import sys

    pytest.importorskip("organizer.core.demo")
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp), "QT_QPA_PLATFORM": "offscreen"}
    process = subprocess.Popen(
        [sys.executable, "-c", "from organizer.gui.app import run_app; run_app(demo=True)"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 20
        while not list(temp.glob("organizer-demo-*/demo.vault")):
            assert process.poll() is None, process.communicate()[0]
            assert time.monotonic() < deadline, "the demo never appeared"
            time.sleep(0.1)
        made = next(temp.glob("organizer-demo-*"))
        assert stat.S_IMODE(made.stat().st_mode) == 0o700
        time.sleep(0.5)
        process.send_signal(signal.SIGTERM)
        output = process.communicate(timeout=15)[0]
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, output
    assert list(temp.iterdir()) == []  # demo and Qt's throwaway settings both gone
    assert list(paths.data_dir().glob("*.vault")) == []
