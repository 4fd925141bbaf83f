"""Encrypted backups in the app: automatic backup on lock (verified, rotated), "Back up now…",
"Restore from backup…" on the start screen, the Backups settings tab, and Today's line.

Every backup operation runs scrypt (1-5 s), so each test does as few as it can."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from organizer.core import backup, paths, people
from organizer.core.vault import Vault
from organizer.gui import backup_dialogs, backup_settings, restore_dialog
from organizer.gui.app import AppController
from organizer.gui.backup_dialogs import BackupNowDialog, RestoreDialog
from organizer.gui.settings_dialog import SettingsDialog
from tests.gui.conftest import (
    CAMPAIGN_NAME,
    PASSPHRASE,
    PERSON_NAME,
    everything_shown,
    flush_deletions,
    unlock,
    widget_of,
)

Make = Callable[..., AppController]
LEFT = Qt.MouseButton.LeftButton
BACKUP_PASSPHRASE = "otter canoe lantern basil"
NEW_PASSPHRASE = "maple quartz harbor violin"


def open_vault(controller: AppController) -> Vault:
    assert controller.vault is not None
    return controller.vault


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".partial-" in p.name or "creat" in p.name)


@pytest.fixture(scope="module")
def backup_file(tmp_path_factory: pytest.TempPathFactory, vault_template: Path) -> Path:
    """One backup of the template campaign, made once for the restore tests."""
    target = tmp_path_factory.mktemp("backups") / "drive-backup.age"
    vault = Vault.open(vault_template, PASSPHRASE)
    try:
        backup.export_backup(vault, target, BACKUP_PASSPHRASE)
    finally:
        vault.close()
    return target


# ----- automatic backups ---------------------------------------------------------------------


def test_lock_makes_a_verified_automatic_backup_and_rotates_the_oldest(
    qtbot: Any, make_controller: Make, vault_file: Path, tmp_path: Path
) -> None:
    controller = make_controller()
    unlock(qtbot, controller, vault_file)
    vault = open_vault(controller)
    usb = tmp_path / "usb"
    usb.mkdir()
    keep = 3
    backup.set_auto_backup_settings(vault, folder=usb, keep=keep, passphrase=BACKUP_PASSPHRASE)
    now = dt.datetime.now(dt.UTC)
    older = []
    for days in (13, 12, 11, 10):  # keep + 1 earlier backups of this campaign
        name = backup.suggested_backup_name(vault, now - dt.timedelta(days=days))
        (usb / name).write_bytes(backup.AGE_HEADER + b"an older backup")
        older.append(usb / name)
    other_file = usb / "holiday-photos.txt"
    other_file.write_text("not a backup")

    controller.lock()
    # The lock does not wait for the backup: the window and the vault are gone at once.
    assert controller.vault is None and controller.main_window is None
    assert controller.shell.pages.currentWidget() is controller.shell.unlock_page
    qtbot.waitUntil(lambda: controller.backup_task is None, timeout=60_000)
    kept = backup.automatic_backups(usb, older[0].name[: len(backup.AUTO_PREFIX) + 9])
    assert len(kept) == keep
    assert kept[:2] == older[2:]  # the two oldest went, after the new one verified
    newest = kept[-1]
    assert newest not in older
    assert CAMPAIGN_NAME not in newest.name
    manifest = backup.verify_backup(newest, BACKUP_PASSPHRASE)
    assert manifest.counts["person"] == 1
    assert other_file.exists()
    assert leftovers(usb) == []


def test_lock_without_automatic_backups_locks_at_once(
    qtbot: Any, make_controller: Make, vault_file: Path
) -> None:
    controller = make_controller()
    unlock(qtbot, controller, vault_file)
    controller.lock()
    assert controller.vault is None  # no backup to wait for
    assert controller.backup_task is None


# ----- Back up now… --------------------------------------------------------------------------


def test_back_up_now_writes_a_verified_backup_and_cancel_leaves_nothing(
    qtbot: Any, make_controller: Make, vault_file: Path, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch, answered_messages: Any,
) -> None:
    controller = make_controller()
    unlock(qtbot, controller, vault_file)
    window = controller.main_window
    assert window is not None
    today = window.today_page
    assert today.backup_status.text().startswith("This campaign has no backup yet.")

    out = tmp_path / "stick"
    out.mkdir()
    target = out / "my-backup.age"
    monkeypatch.setattr(backup_dialogs, "choose_backup_target", lambda parent, suggested: target)
    window.backup_action.trigger()
    dialog = widget_of(BackupNowDialog)
    suggested = Path(dialog.location.text()).name
    assert suggested.startswith("organizer-backup-") and suggested.endswith(".age")
    assert CAMPAIGN_NAME not in dialog.location.text()
    assert not dialog.use_automatic.isEnabled()  # no automatic-backup passphrase set
    qtbot.mouseClick(dialog.browse_button, LEFT)
    assert dialog.location.text() == str(target)

    qtbot.keyClicks(dialog.pair.passphrase, "short")
    qtbot.keyClicks(dialog.pair.again, "short")
    qtbot.mouseClick(dialog.backup_button, LEFT)
    assert "too short" in dialog.error.text()
    assert dialog.error.isVisible()

    dialog.pair.clear()
    qtbot.keyClicks(dialog.pair.passphrase, BACKUP_PASSPHRASE)
    qtbot.keyClicks(dialog.pair.again, BACKUP_PASSPHRASE)
    # Cancel (Esc / Cancel while it runs): nothing under the final name, no temporary file.
    # The export waits until the cancel was asked for, so the test does not race scrypt.
    cancel_asked = threading.Event()
    real_export = backup_dialogs.export_backup

    def export_after_cancel(*args: Any, **kwargs: Any) -> Any:
        assert cancel_asked.wait(10)
        return real_export(*args, **kwargs)

    monkeypatch.setattr(backup_dialogs, "export_backup", export_after_cancel)
    qtbot.mouseClick(dialog.backup_button, LEFT)
    dialog.reject()
    cancel_asked.set()
    qtbot.waitUntil(lambda: dialog._task is None, timeout=30_000)
    monkeypatch.setattr(backup_dialogs, "export_backup", real_export)
    assert dialog.isVisible()
    assert "cancelled" in dialog.error.text()
    assert not target.exists()
    assert leftovers(out) == []

    answered_messages.answers.append(True)
    qtbot.mouseClick(dialog.backup_button, LEFT)
    qtbot.waitUntil(lambda: bool(answered_messages.seen), timeout=30_000)
    assert [m.text for m in answered_messages.seen] == [
        "Backup written and verified: my-backup.age"
    ]
    assert backup.verify_backup(target, BACKUP_PASSPHRASE).counts["person"] == 1
    assert today.backup_status.text().startswith("Last backup: today at ")
    assert today.backup_status.text().endswith(", verified.")

    # Backing up to the same file again asks first; "Cancel" leaves the file as it was,
    # "Replace" replaces it.
    first = target.read_bytes()
    answered_messages.seen.clear()
    window.backup_action.trigger()
    dialog = widget_of(BackupNowDialog)
    qtbot.mouseClick(dialog.browse_button, LEFT)
    qtbot.keyClicks(dialog.pair.passphrase, BACKUP_PASSPHRASE)
    qtbot.keyClicks(dialog.pair.again, BACKUP_PASSPHRASE)
    answered_messages.answers.append(False)
    qtbot.mouseClick(dialog.backup_button, LEFT)
    assert answered_messages.seen[-1].text.startswith("There is already a file named")
    assert target.read_bytes() == first
    answered_messages.answers.extend([True, True])
    qtbot.mouseClick(dialog.backup_button, LEFT)
    qtbot.waitUntil(lambda: len(answered_messages.seen) == 3, timeout=30_000)
    assert answered_messages.seen[-1].text == "Backup written and verified: my-backup.age"
    assert target.read_bytes() != first
    assert leftovers(out) == []
    controller.close_vault()
    assert controller.vault is None


# ----- Restore from backup… -----------------------------------------------------------------


def start_restore(
    qtbot: Any, controller: AppController, backup_path: Path, monkeypatch: pytest.MonkeyPatch
) -> RestoreDialog:
    monkeypatch.setattr(restore_dialog, "choose_backup_file", lambda parent, start=None: None)
    import organizer.gui.app as app_module

    monkeypatch.setattr(app_module, "choose_backup_file", lambda parent: backup_path)
    screen = controller.shell.start_screen
    assert screen.restore_button.isEnabled()
    qtbot.mouseClick(screen.restore_button, LEFT)
    dialog: RestoreDialog = widget_of(RestoreDialog)
    assert dialog.backup_file.text() == str(backup_path)
    return dialog


def test_restore_from_backup_makes_a_new_vault_that_opens_with_the_new_passphrase(
    qtbot: Any, make_controller: Make, backup_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    controller = make_controller()
    dialog = start_restore(qtbot, controller, backup_file, monkeypatch)
    expected = paths.data_dir() / "campaign-restored.vault"
    assert dialog.location.text() == str(expected)
    qtbot.keyClicks(dialog.backup_passphrase, BACKUP_PASSPHRASE)
    qtbot.keyClicks(dialog.pair.passphrase, NEW_PASSPHRASE)
    qtbot.keyClicks(dialog.pair.again, NEW_PASSPHRASE)
    qtbot.mouseClick(dialog.restore_button, LEFT)
    qtbot.waitUntil(lambda: controller.main_window is not None, timeout=30_000)

    vault = open_vault(controller)
    assert vault.path == expected
    rows = people.people_rows(vault, people.first_people_ids(vault))
    assert [row.display_name for row in rows] == [PERSON_NAME]
    controller.lock()
    assert controller.vault is None
    unlock(qtbot, controller, expected, NEW_PASSPHRASE)
    assert people.count_people(open_vault(controller)) == 1
    controller.close_vault()


def test_restore_with_the_wrong_backup_passphrase_says_so_and_creates_nothing(
    qtbot: Any, make_controller: Make, backup_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    controller = make_controller()
    dialog = start_restore(qtbot, controller, backup_file, monkeypatch)
    before = sorted(paths.data_dir().iterdir())
    qtbot.keyClicks(dialog.backup_passphrase, "not the backup passphrase")
    qtbot.keyClicks(dialog.pair.passphrase, NEW_PASSPHRASE)
    qtbot.keyClicks(dialog.pair.again, NEW_PASSPHRASE)
    qtbot.mouseClick(dialog.restore_button, LEFT)
    qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=30_000)
    qtbot.waitUntil(lambda: dialog._task is None, timeout=5_000)

    assert dialog.error.text() == "The backup passphrase is wrong (or the file was changed)."
    assert dialog.isVisible()
    assert controller.vault is None
    assert sorted(paths.data_dir().iterdir()) == before
    dialog.reject()


# ----- the Backups tab and Today ----------------------------------------------------------


def test_backups_tab_turns_automatic_backups_on_and_refuses_a_short_passphrase(
    qtbot: Any, make_controller: Make, vault_file: Path, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    controller = make_controller()
    unlock(qtbot, controller, vault_file)
    vault = open_vault(controller)
    usb = tmp_path / "usb"
    usb.mkdir()
    monkeypatch.setattr(backup_settings, "choose_backup_folder", lambda parent, start=None: usb)
    controller.open_settings()
    dialog = widget_of(SettingsDialog)
    page = dialog.backups
    page.enabled.setChecked(True)
    qtbot.mouseClick(page.choose_button, LEFT)
    assert page.folder.text() == str(usb)
    assert page.keep.value() == backup.DEFAULT_KEEP

    qtbot.keyClicks(page.pair.passphrase, "too short")
    qtbot.keyClicks(page.pair.again, "too short")
    dialog.save()
    assert dialog.isVisible() and "too short" in dialog.error.text()
    assert not backup.auto_backup_settings(vault).enabled

    page.pair.clear()
    qtbot.keyClicks(page.pair.passphrase, BACKUP_PASSPHRASE)
    qtbot.keyClicks(page.pair.again, BACKUP_PASSPHRASE)
    page.keep.setValue(4)
    dialog.save()
    assert not dialog.isVisible()
    settings = backup.auto_backup_settings(vault)
    assert settings.enabled and settings.folder == usb and settings.keep == 4
    assert page.pair.is_empty()  # the passphrase is not kept in the widget after saving
    # (Closing would now back up; the lock test pays for that scrypt run, not this one.)
    backup.set_auto_backup_settings(vault, folder=None)
    controller.close_vault()
    assert backup.automatic_backups(usb) == []


def test_today_warns_when_the_backup_folder_is_missing(
    qtbot: Any, make_controller: Make, vault_file: Path, tmp_path: Path
) -> None:
    controller = make_controller()
    unlock(qtbot, controller, vault_file)
    vault = open_vault(controller)
    window = controller.main_window
    assert window is not None
    line = window.today_page.backup_status
    assert line.text() == (
        "This campaign has no backup yet. Back it up now, or turn on automatic backups."
    )
    usb = tmp_path / "usb"
    usb.mkdir()
    backup.set_auto_backup_settings(vault, folder=usb, passphrase=BACKUP_PASSPHRASE)
    usb.rmdir()  # the stick was unplugged
    window.today_page.refresh_backup_status()
    assert "is missing (is the disk plugged in?)" in line.text()
    backup.set_auto_backup_settings(vault, folder=None)
    controller.close_vault()


def test_a_lock_during_a_backup_drops_every_view_at_once_and_the_backup_goes_on(
    qtbot: Any, make_controller: Make, vault_file: Path, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The daily backup is running (held mid-way here) when the idle lock comes: every
    window and view goes at once, and the backup finishes afterwards in its worker, which
    holds only the vault's path and key."""
    import organizer.gui.app as app_module

    controller = make_controller()
    unlock(qtbot, controller, vault_file)
    vault = open_vault(controller)
    usb = tmp_path / "usb"
    usb.mkdir()
    backup.set_auto_backup_settings(vault, folder=usb, keep=3, passphrase=BACKUP_PASSPHRASE)
    started, release = threading.Event(), threading.Event()
    real = app_module.run_automatic_backup

    def held_backup(*args: Any, **kwargs: Any) -> Any:
        started.set()
        assert release.wait(30)
        return real(*args, **kwargs)

    monkeypatch.setattr(app_module, "run_automatic_backup", held_backup)
    controller.daily_backup()
    assert started.wait(10)
    assert PERSON_NAME in everything_shown()

    controller.lock("Locked after a while without use.")
    assert controller.vault is None and controller.main_window is None
    flush_deletions()
    assert PERSON_NAME not in everything_shown() and CAMPAIGN_NAME not in everything_shown()
    assert controller.backup_task is not None, "the backup was neither awaited nor cancelled"

    release.set()
    qtbot.waitUntil(lambda: controller.backup_task is None, timeout=60_000)
    made = backup.automatic_backups(usb)
    assert len(made) == 1
    assert backup.verify_backup(made[0], BACKUP_PASSPHRASE).counts["person"] == 1
