"""The recovery kit in the app: Settings › Backups › "Make a recovery kit…" writes a page per
share and makes the kit's passphrase the backup passphrase; "Restore from backup…" takes the
shares instead of the passphrase, each checked as it is typed."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pypdf
import pytest
import shamir_mnemonic
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from organizer.core import backup, campaign, paths, people
from organizer.core.backup import kit
from organizer.core.vault import Vault
from organizer.gui import backup_settings
from organizer.gui.app import AppController
from organizer.gui.backup_dialogs import RecoveryKitDialog, RestoreDialog, ShareField
from organizer.gui.settings_dialog import SettingsDialog
from tests.gui.conftest import CAMPAIGN_NAME, PASSPHRASE, PERSON_NAME, unlock, widget_of

Make = Callable[..., AppController]
LEFT = Qt.MouseButton.LeftButton
KIT_PASSPHRASE = "abacus yearbook canopy drizzle unusable pony"
NEW_PASSPHRASE = "maple quartz harbor violin"


def page_words(path: Path) -> list[str]:
    text = " ".join(pypdf.PdfReader(path).pages[0].extract_text().split())
    found = {int(n): w for n, w in re.findall(r"\b(\d{1,2})\. ([a-z]+)\b", text)}
    return [found[n] for n in sorted(found)]


def open_vault(controller: AppController) -> Vault:
    assert controller.vault is not None
    return controller.vault


# ----- Settings › Backups › Make a recovery kit… ----------------------------------------------


def test_backups_tab_makes_a_kit_whose_pages_hold_the_new_backup_passphrase(
    qtbot: Any, make_controller: Make, vault_file: Path, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch, answered_messages: Any,
) -> None:
    controller = make_controller()
    unlock(qtbot, controller, vault_file)
    vault = open_vault(controller)
    backup.set_auto_backup_settings(vault, folder=None, passphrase="an older backup passphrase")
    folder = tmp_path / "kit"
    folder.mkdir()
    monkeypatch.setattr(backup_settings, "choose_kit_folder", lambda parent, start=None: folder)
    controller.open_settings()
    settings = widget_of(SettingsDialog)
    page = settings.backups
    assert page.kit_status.text().startswith("No recovery kit yet.")
    qtbot.keyClicks(page.pair.passphrase, "a passphrase typed but not saved")

    qtbot.mouseClick(page.kit_button, LEFT)
    dialog = widget_of(RecoveryKitDialog)
    assert dialog.make_new.isChecked() and dialog.use_current.isEnabled()
    assert "Backups made before still need the old passphrase" in dialog.passphrase_note.text()
    dialog.count.setValue(4)
    dialog.threshold.setValue(2)
    assert dialog.threshold.maximum() == 4
    qtbot.keyClicks(dialog.holders[0], "Maya Chen")
    qtbot.keyClicks(dialog.holders[2], "Ben Ortiz")
    qtbot.mouseClick(dialog.choose_button, LEFT)
    assert dialog.folder.text() == str(folder)

    answered_messages.answers.append(True)
    qtbot.mouseClick(dialog.make_button, LEFT)
    qtbot.waitUntil(lambda: bool(answered_messages.seen), timeout=30_000)
    message = answered_messages.seen[0]
    assert message.text.startswith("The recovery kit is ready: 4 pages in")
    assert "Backups made from now on use the kit's new passphrase" in message.text
    assert "delete the files" in message.detail
    assert not shiboken6.isValid(dialog) or not dialog.isVisible()  # closed, then deleted

    names = sorted(p.name for p in folder.iterdir())
    assert names == [f"kit-share-{n}-of-4.pdf" for n in range(1, 5)]
    texts = [" ".join(pypdf.PdfReader(folder / n).pages[0].extract_text().split())
             for n in names]
    assert "For: Maya Chen" in texts[0] and "For: Ben Ortiz" in texts[2]
    assert all(CAMPAIGN_NAME not in text for text in texts)
    stored = campaign.setting(vault, backup.KEY_PASSPHRASE)
    typed = [" ".join(page_words(folder / names[n])) for n in (3, 0)]
    assert kit.recover_passphrase(typed) == stored != "an older backup passphrase"
    # The page shows the kit, and the passphrase typed there is gone: saving keeps the kit's.
    assert page.kit_status.text().startswith("Recovery kit: any 2 of 4 shares, made ")
    assert page.pair.is_empty()
    assert "the recovery kit's" in page.passphrase_note.text()
    settings.save()
    assert campaign.setting(vault, backup.KEY_PASSPHRASE) == stored
    controller.close_vault()


def test_the_kit_dialog_refuses_a_folder_with_another_kit_s_pages(
    qtbot: Any, make_controller: Make, vault_file: Path, tmp_path: Path,
) -> None:
    controller = make_controller()
    unlock(qtbot, controller, vault_file)
    vault = open_vault(controller)
    (tmp_path / "kit-share-1-of-3.pdf").write_bytes(b"%PDF an older kit")
    dialog = RecoveryKitDialog(vault)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.use_current.isEnabled()  # no backup passphrase yet
    dialog.folder.setText(str(tmp_path))
    qtbot.mouseClick(dialog.make_button, LEFT)
    assert "already holds a recovery kit's pages" in dialog.error.text()
    assert dialog.isVisible() and dialog._task is None
    assert campaign.setting(vault, backup.KEY_PASSPHRASE) == ""
    dialog.reject()
    controller.close_vault()


# ----- Restore from backup… with shares ------------------------------------------------------


def start_restore(qtbot: Any, controller: AppController, backup_path: Path,
                  monkeypatch: pytest.MonkeyPatch) -> RestoreDialog:
    import organizer.gui.app as app_module

    monkeypatch.setattr(app_module, "choose_backup_file", lambda parent: backup_path)
    qtbot.mouseClick(controller.shell.start_screen.restore_button, LEFT)
    dialog: RestoreDialog = widget_of(RestoreDialog)
    qtbot.mouseClick(dialog.use_shares, LEFT)
    assert dialog.use_shares.isChecked()
    assert not dialog.backup_passphrase.isVisible() and dialog.shares.isVisible()
    return dialog


def type_share(qtbot: Any, field: ShareField, words: str) -> None:
    field.text.clear()
    qtbot.keyClicks(field.text, words)


def test_each_share_is_checked_as_it_is_typed_and_bad_ones_restore_nothing(
    qtbot: Any, make_controller: Make, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    shares = [" ".join(s.words) for s in kit.split_passphrase(KIT_PASSPHRASE, 5, 3)]
    other = " ".join(kit.split_passphrase(KIT_PASSPHRASE, 5, 3)[1].words)
    not_really = tmp_path / "backup.age"
    not_really.write_bytes(backup.AGE_HEADER + b"checked only after the shares")
    controller = make_controller()
    dialog = start_restore(qtbot, controller, not_really, monkeypatch)
    fields = dialog.shares.fields
    assert len(fields) == 2  # any kit needs two at least
    buddies = {label.text(): label.buddy() for label in dialog.findChildren(QLabel)}
    assert buddies["&Backup"] is dialog.backup_file
    assert buddies["Save the &new campaign to"] is dialog.location
    assert buddies["Share 1"] is fields[0].text

    # A word on no list is said at once, once it is followed by a space.
    type_share(qtbot, fields[0], " ".join(shares[0].split()[:3]) + " walkou")
    assert fields[0].status.text() == "4 words so far."  # still typing that word
    qtbot.keyClicks(fields[0].text, "t ")
    assert fields[0].status.text().startswith("Word 4 of share 1 is not a word")
    # Four letters a word are enough; a complete share is checked at once.
    type_share(qtbot, fields[0], " ".join(w[:4] for w in shares[0].split()))
    assert fields[0].status.text() == "✓ Correct: share 1 of its kit, any 3 restore."
    assert len(dialog.shares.fields) == 3  # the kit needs three

    # A wrong word (another list word) is caught once the share has its 20 words.
    words = shares[2].split()
    words[9] = next(w for w in shamir_mnemonic.wordlist.WORDLIST if w != words[9])
    type_share(qtbot, fields[1], " ".join(words[:19]))
    assert fields[1].status.text() == "19 words so far (of 20)."
    qtbot.keyClicks(fields[1].text, " " + words[19])
    assert fields[1].status.text().startswith("Share 2 has a wrong word")

    type_share(qtbot, fields[1], other)
    assert fields[1].status.text().startswith(
        "Share 2 is from a different recovery kit than share 1")
    type_share(qtbot, fields[1], shares[0])
    assert fields[1].status.text().startswith("Share 2 is the same share as share 1")

    # Two good shares of three: Restore says what is missing and makes nothing.
    type_share(qtbot, fields[1], shares[4])
    assert fields[1].status.text().startswith("✓ Correct: share 5 of its kit")
    qtbot.keyClicks(dialog.pair.passphrase, NEW_PASSPHRASE)
    qtbot.keyClicks(dialog.pair.again, NEW_PASSPHRASE)
    before = sorted(paths.data_dir().iterdir())
    qtbot.mouseClick(dialog.restore_button, LEFT)
    assert dialog.error.text() == (
        "This kit needs 3 different shares to restore, and only 2 were given.")
    # A share left incomplete says so when the cursor leaves it.
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    fields[2].text.setFocus()
    type_share(qtbot, fields[2], " ".join(shares[3].split()[:8]))
    assert fields[2].status.text() == "8 words so far (of 20)."
    qtbot.keyClick(fields[2].text, Qt.Key.Key_Tab)  # on to the next field
    qtbot.waitUntil(lambda: fields[2].status.text().startswith("Share 3 has 8 words"))
    assert dialog._task is None and controller.vault is None
    assert sorted(paths.data_dir().iterdir()) == before
    dialog.reject()


@pytest.fixture(scope="module")
def kit_backup(tmp_path_factory: pytest.TempPathFactory, vault_template: Path
               ) -> tuple[Path, list[str]]:
    """A backup made with a kit's passphrase (one scrypt run), and that kit's shares."""
    target = tmp_path_factory.mktemp("kit-backups") / "drive-backup.age"
    vault = Vault.open(vault_template, PASSPHRASE)
    try:
        backup.export_backup(vault, target, KIT_PASSPHRASE)
    finally:
        vault.close()
    return target, [" ".join(s.words) for s in kit.split_passphrase(KIT_PASSPHRASE, 4, 2)]


@pytest.mark.slow
def test_restore_with_shares_makes_a_new_vault_that_opens_with_the_new_passphrase(
    qtbot: Any, make_controller: Make, kit_backup: tuple[Path, list[str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    backup_file, shares = kit_backup
    controller = make_controller()
    dialog = start_restore(qtbot, controller, backup_file, monkeypatch)
    type_share(qtbot, dialog.shares.fields[0], shares[3])
    type_share(qtbot, dialog.shares.fields[1], shares[1].upper())
    assert all(f.read is not None for f in dialog.shares.fields)
    qtbot.keyClicks(dialog.pair.passphrase, NEW_PASSPHRASE)
    qtbot.keyClicks(dialog.pair.again, NEW_PASSPHRASE)
    qtbot.mouseClick(dialog.restore_button, LEFT)
    qtbot.waitUntil(lambda: controller.main_window is not None, timeout=30_000)

    vault = open_vault(controller)
    assert vault.path == paths.data_dir() / "campaign-restored.vault"
    rows = people.people_rows(vault, people.first_people_ids(vault))
    assert [row.display_name for row in rows] == [PERSON_NAME]
    controller.lock()
    unlock(qtbot, controller, paths.data_dir() / "campaign-restored.vault", NEW_PASSPHRASE)
    assert people.count_people(open_vault(controller)) == 1
    controller.close_vault()


def test_the_kit_dialog_and_restoring_with_shares_fit_a_1024_by_600_screen(
    qtbot: Any, vault: Vault
) -> None:
    room = (1024, 570)  # less a window manager's title bar
    kit_dialog = RecoveryKitDialog(vault)
    kit_dialog.count.setValue(kit.MAX_SHARES)
    restore = RestoreDialog()
    restore.use_shares.setChecked(True)
    shares = [" ".join(s.words) for s in kit.split_passphrase("Our union, our rules!", 16, 16)]
    restore.shares.fields[0].set_words(shares[0])  # 59 words, and 16 fields for a 16 of 16
    assert len(restore.shares.fields) == 16
    for dialog in (kit_dialog, restore):
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.wait(20)
        least = dialog.minimumSizeHint().expandedTo(dialog.minimumSize())
        assert least.width() <= room[0] and least.height() <= room[1], least
        dialog.reject()
