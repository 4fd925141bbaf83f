"""Settings › Safety › Change passphrase…: the vault is re-keyed in a worker through
`Vault.change_passphrase` (as `organizer vault passwd`), the remembered key follows, and
every refusal is one sentence that leaves the vault as it was.

Each change costs about three key derivations, so only the tests about a change make one.
"""

from __future__ import annotations

import errno
import hashlib
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from organizer.core import secrets
from organizer.core.errors import DiskFull, WrongPassphrase
from organizer.core.vault import Vault
from organizer.gui.passphrase_change import (
    BUSY_ELSEWHERE,
    CHANGED,
    NOT_CHANGED,
    NOT_CURRENT,
    OLD_COPIES,
    Keychain,
    PassphraseChangeDialog,
)
from organizer.gui.passphrase_fields import DIFFERENT
from organizer.gui.settings_dialog import SettingsDialog
from organizer.gui.workers import Task, stop_vault_tasks
from tests.conftest import PASSPHRASE, VaultTemplate
from tests.gui.conftest import MemoryKeyring

LEFT = Qt.MouseButton.LeftButton
NEW_PASSPHRASE = "quiver lantern mosaic oyster thimble gravel"


class RefusingKeyring(MemoryKeyring):
    """A keychain that holds the old key but takes no new one (a locked or full keychain)."""

    refuse = False

    def set_password(self, service: str, username: str, password: str) -> None:
        if self.refuse:
            raise RuntimeError("the keychain is locked")
        super().set_password(service, username, password)


@pytest.fixture
def vault(vault_file: Path, drive_template: VaultTemplate) -> Iterator[Vault]:
    opened = Vault.open_with_key(vault_file, drive_template.raw_key)
    yield opened
    opened.close()


def open_dialog(qtbot: Any, vault: Vault, *, keychain_available: bool = False
                ) -> tuple[SettingsDialog, PassphraseChangeDialog]:
    """Settings, then its Change passphrase… button, as a person would."""
    settings = SettingsDialog(vault, keychain_available=keychain_available)
    qtbot.addWidget(settings)
    settings.show()
    if keychain_available:
        qtbot.waitUntil(settings.remember.isEnabled)
    qtbot.mouseClick(settings.change_passphrase_button, LEFT)
    dialog = settings.passphrase_dialog
    assert dialog is not None and dialog.isVisible()
    return settings, dialog


def fill(qtbot: Any, dialog: PassphraseChangeDialog, current: str, new: str,
         again: str | None = None) -> None:
    qtbot.keyClicks(dialog.current, current)
    qtbot.keyClicks(dialog.passphrase, new)
    qtbot.keyClicks(dialog.again, new if again is None else again)


def change(qtbot: Any, dialog: PassphraseChangeDialog) -> None:
    """Click Change passphrase and wait for the worker's outcome, whatever it is."""
    qtbot.mouseClick(dialog.change_button, LEFT)
    qtbot.waitUntil(lambda: dialog._task is None, timeout=10_000)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_new_passphrase_opens_the_vault_and_the_old_one_no_longer_does(
    qtbot: Any, vault: Vault, vault_file: Path, drive_template: VaultTemplate
) -> None:
    _settings, dialog = open_dialog(qtbot, vault)
    fill(qtbot, dialog, PASSPHRASE, NEW_PASSPHRASE)
    with qtbot.waitSignal(dialog.changed, timeout=10_000):
        qtbot.mouseClick(dialog.change_button, LEFT)
        # Busy while the worker re-keys: nothing can be typed, clicked again or cancelled.
        assert not dialog.current.isEnabled() and not dialog.change_button.isEnabled()
        assert not dialog.cancel_button.isEnabled()
    assert dialog.outcome.isVisible() and not dialog.form_page.isVisible()
    assert dialog.outcome.text().startswith(CHANGED)
    assert OLD_COPIES in dialog.outcome.text()
    assert not dialog.error.isVisible()
    assert dialog.current.text() == dialog.passphrase.text() == dialog.again.text() == ""
    # The window goes on with the same, re-keyed vault.
    assert vault.is_open and vault.raw_key != drive_template.raw_key
    assert vault.check().ok
    qtbot.mouseClick(dialog.close_button, LEFT)
    assert not dialog.isVisible()

    vault.close()
    Vault.open(vault_file, NEW_PASSPHRASE).close()
    with pytest.raises(WrongPassphrase):
        Vault.open(vault_file, PASSPHRASE)


def test_a_wrong_current_passphrase_is_one_sentence_and_leaves_the_file_untouched(
    qtbot: Any, vault_file: Path, drive_template: VaultTemplate
) -> None:
    before = sha256(vault_file)
    vault = Vault.open_with_key(vault_file, drive_template.raw_key)
    try:
        _settings, dialog = open_dialog(qtbot, vault)
        fill(qtbot, dialog, "not the passphrase at all", NEW_PASSPHRASE)
        change(qtbot, dialog)
        assert dialog.error.isVisible() and dialog.error.text() == NOT_CURRENT
        assert dialog.form_page.isVisible() and not dialog.outcome.isVisible()
        assert dialog.current.isEnabled() and dialog.change_button.isEnabled()
        assert vault.raw_key == drive_template.raw_key
    finally:
        vault.close()
    assert sha256(vault_file) == before
    assert not list(vault_file.parent.glob(f".{vault_file.name}.rekeying*"))


@pytest.mark.parametrize(("new", "again", "said"), [
    (NEW_PASSPHRASE, NEW_PASSPHRASE + " x", DIFFERENT),
    ("password1234", "password1234", "That passphrase would be easy to guess"),
    ("short", "short", "The passphrase is too short (5 characters)."),
    (PASSPHRASE, PASSPHRASE, "The new passphrase is the current one."),
])
def test_a_mismatched_or_weak_new_passphrase_is_refused_before_anything_runs(
    qtbot: Any, vault: Vault, drive_template: VaultTemplate, new: str, again: str, said: str
) -> None:
    _settings, dialog = open_dialog(qtbot, vault)
    fill(qtbot, dialog, PASSPHRASE, new, again)
    qtbot.mouseClick(dialog.change_button, LEFT)
    assert dialog._task is None  # refused on the spot: no worker, no key derivation
    assert dialog.error.isVisible() and dialog.error.text().startswith(said)
    assert vault.raw_key == drive_template.raw_key
    # Typing again clears the sentence.
    qtbot.keyClicks(dialog.again, "z")
    assert not dialog.error.isVisible()


def test_suggest_fills_both_new_fields_with_six_words_and_shows_them(
    qtbot: Any, vault: Vault
) -> None:
    _settings, dialog = open_dialog(qtbot, vault)
    qtbot.mouseClick(dialog.suggest_button, LEFT)
    words = dialog.passphrase.text()
    assert len(words.split()) == 6
    assert dialog.again.text() == words
    assert dialog.pair.problem() == ""
    assert dialog.strength.text().startswith("Strength: very strong.")
    assert dialog.suggestion.isVisible() and words in dialog.suggestion.text()
    assert dialog.current.text() == ""  # the current passphrase is still the person's to type
    qtbot.keyClicks(dialog.passphrase, "x")
    assert not dialog.suggestion.isVisible()


def test_the_remembered_key_follows_the_change(
    qtbot: Any, vault: Vault, vault_file: Path, drive_template: VaultTemplate,
    memory_keyring: MemoryKeyring,
) -> None:
    secrets.remember_key(vault_file, drive_template.raw_key)
    settings, dialog = open_dialog(qtbot, vault, keychain_available=True)
    assert settings.remember.isChecked()
    fill(qtbot, dialog, PASSPHRASE, NEW_PASSPHRASE)
    change(qtbot, dialog)
    assert Keychain.UPDATED.value in dialog.outcome.text()
    remembered = secrets.remembered_key(vault_file)
    assert remembered == vault.raw_key != drive_template.raw_key
    assert settings.remember.isChecked()
    vault.close()
    Vault.open_with_key(vault_file, remembered).close()


def test_a_keychain_that_refuses_the_new_key_forgets_the_old_one_and_says_so(
    qtbot: Any, vault: Vault, vault_file: Path, drive_template: VaultTemplate
) -> None:
    import keyring

    backend = RefusingKeyring()
    keyring.set_keyring(backend)  # the suite's no_keychain fixture puts the failing one back
    secrets.remember_key(vault_file, drive_template.raw_key)
    backend.refuse = True
    settings, dialog = open_dialog(qtbot, vault, keychain_available=True)
    fill(qtbot, dialog, PASSPHRASE, NEW_PASSPHRASE)
    change(qtbot, dialog)
    assert dialog.outcome.text().startswith(CHANGED)
    assert Keychain.FORGOTTEN.value in dialog.outcome.text()
    assert backend.entries == {}
    assert not settings.remember.isChecked()


def test_a_failed_re_keying_is_one_sentence_and_the_vault_goes_on_with_the_old_key(
    qtbot: Any, vault: Vault, vault_file: Path, drive_template: VaultTemplate,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def disk_full(*_args: Any, **_kwargs: Any) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    _settings, dialog = open_dialog(qtbot, vault)
    fill(qtbot, dialog, PASSPHRASE, NEW_PASSPHRASE)
    monkeypatch.setattr(shutil, "copyfile", disk_full)  # the copy to re-key fills the disk
    change(qtbot, dialog)
    assert dialog.error.text() == f"{DiskFull()} {NOT_CHANGED}"
    assert dialog.form_page.isVisible()
    assert vault.is_open and vault.raw_key == drive_template.raw_key
    assert vault.check().ok
    assert not list(vault_file.parent.glob(f".{vault_file.name}.rekeying*"))


def test_a_lock_during_the_change_waits_for_it_to_finish(
    qtbot: Any, vault: Vault, drive_template: VaultTemplate, monkeypatch: pytest.MonkeyPatch
) -> None:
    began = threading.Event()
    rekey = vault.change_passphrase

    def noted(current: str, new: str) -> list[Path]:
        began.set()
        return rekey(current, new)

    monkeypatch.setattr(vault, "change_passphrase", noted)
    _settings, dialog = open_dialog(qtbot, vault)
    fill(qtbot, dialog, PASSPHRASE, NEW_PASSPHRASE)
    qtbot.mouseClick(dialog.change_button, LEFT)
    assert began.wait(10)
    # What a lock, a close or a quit does first: the vault is closed only after this.
    assert stop_vault_tasks(vault) == []  # nothing undone
    assert dialog._task is None and dialog.outcome.text().startswith(CHANGED)
    assert vault.is_open and vault.raw_key != drive_template.raw_key


def test_the_change_waits_until_no_other_work_is_running(
    qtbot: Any, vault: Vault, drive_template: VaultTemplate
) -> None:
    release = threading.Event()
    backup = Task(lambda _progress: release.wait(10))  # like an automatic backup's worker
    backup.start()
    try:
        _settings, dialog = open_dialog(qtbot, vault)
        fill(qtbot, dialog, PASSPHRASE, NEW_PASSPHRASE)
        qtbot.mouseClick(dialog.change_button, LEFT)
        assert dialog._task is None
        assert dialog.error.text() == BUSY_ELSEWHERE
        assert vault.raw_key == drive_template.raw_key
    finally:
        release.set()
        qtbot.waitUntil(lambda: not backup.is_running)
