"""The settings dialog saves through organizer.core.campaign, all or nothing."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from organizer.core import campaign, secrets
from organizer.core.vault import Vault
from organizer.gui import messages, settings_dialog
from organizer.gui.app import AppController
from organizer.gui.settings_dialog import NEVER_WARNING, SettingsDialog
from tests.gui.conftest import DEPARTMENT, PASSPHRASE, MemoryKeyring, unlock

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def vault(vault_file: Path) -> Iterator[Vault]:
    opened = Vault.open(vault_file, PASSPHRASE)
    yield opened
    opened.close()


@pytest.fixture
def dialog(qtbot: Any, vault: Vault) -> SettingsDialog:
    shown = SettingsDialog(vault)
    qtbot.addWidget(shown)
    shown.show()
    return shown


def test_saves_auto_lock_minutes_and_a_renamed_level(
    qtbot: Any, dialog: SettingsDialog, vault: Vault
) -> None:
    dialog.auto_lock.selectAll()
    qtbot.keyClicks(dialog.auto_lock, "12")
    label = dialog.level_labels[3]
    label.selectAll()
    qtbot.keyClicks(label, "Not sure yet")
    with qtbot.waitSignal(dialog.saved):
        qtbot.mouseClick(dialog.save_button, LEFT)
    assert campaign.auto_lock_minutes(vault) == 12
    assert campaign.assessment_scale(vault)[2].label == "Not sure yet"
    assert not dialog.isVisible()


def test_a_bad_value_is_refused_in_one_sentence_and_nothing_is_saved(
    qtbot: Any, dialog: SettingsDialog, vault: Vault
) -> None:
    dialog.auto_lock.selectAll()
    qtbot.keyClicks(dialog.auto_lock, "12")
    dialog.level_labels[1].setText("Leader")
    dialog.level_labels[4].clear()  # a level without a label
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert dialog.isVisible()
    assert dialog.error.text() == "Level 4 needs a label. Nothing was saved."
    assert campaign.auto_lock_minutes(vault) == 5
    assert [level.label for level in campaign.assessment_scale(vault)][:4] == [
        "Active supporter / leader", "Leaning supportive", "Undecided", "Leaning against"
    ]


def test_numbers_outside_the_allowed_range_cannot_be_typed(dialog: SettingsDialog) -> None:
    dialog.clipboard_seconds.setValue(2)
    assert dialog.clipboard_seconds.value() == 5
    dialog.auto_lock.setValue(999)
    assert dialog.auto_lock.value() == 240


def test_never_locking_warns_that_it_is_unsafe(qtbot: Any, dialog: SettingsDialog) -> None:
    assert not dialog.never_warning.isVisible()
    dialog.auto_lock.setValue(0)
    assert dialog.auto_lock.text() == "Never"
    assert dialog.never_warning.isVisible() and dialog.never_warning.text() == NEVER_WARNING


def test_a_level_colour_is_chosen_and_saved(
    qtbot: Any, dialog: SettingsDialog, vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(settings_dialog, "choose_colour", lambda *_args: "#123abc")
    qtbot.mouseClick(dialog.colour_buttons[2], LEFT)
    with qtbot.waitSignal(dialog.saved):
        qtbot.mouseClick(dialog.save_button, LEFT)
    assert campaign.assessment_scale(vault)[1].colour == "#123abc"


def test_lists_add_rename_and_remove_with_a_count_of_the_people_in_it(
    qtbot: Any, dialog: SettingsDialog, vault: Vault
) -> None:
    departments = dialog.list_editors["department"]
    assert departments.names() == [DEPARTMENT]
    qtbot.keyClicks(departments.new_name, "Platform")
    qtbot.keyClick(departments.new_name, Qt.Key.Key_Return)
    assert [e.name for e in campaign.list_entries(vault, "department")] == [DEPARTMENT, "Platform"]

    departments.entries.setCurrentRow(1)
    departments.rename(departments.entries.currentItem(), "Platform Engineering")
    assert departments.names() == [DEPARTMENT, "Platform Engineering"]

    departments.entries.setCurrentRow(0)
    messages.answer_next(False)  # keep it after all
    qtbot.mouseClick(_button(departments, "Remove department"), LEFT)
    assert messages.seam.seen[-1].text == (
        f"Remove the department \u201c{DEPARTMENT}\u201d? "
        "1 person is in it; they keep their record, with no department."
    )
    assert len(campaign.list_entries(vault, "department")) == 2

    messages.answer_next(True)
    qtbot.mouseClick(_button(departments, "Remove department"), LEFT)
    assert [e.name for e in campaign.list_entries(vault, "department")] == [
        "Platform Engineering"
    ]


def test_renaming_to_a_name_in_use_is_refused(qtbot: Any, dialog: SettingsDialog) -> None:
    shifts = dialog.list_editors["shift"]
    for name in ("Day", "Night"):
        shifts.new_name.setText(name)
        shifts.add()
    shifts.entries.setCurrentRow(1)
    shifts.rename(shifts.entries.currentItem(), "day")
    assert dialog.error.text() == "There is already a shift called day."
    assert shifts.names() == ["Day", "Night"]


def _button(parent: Any, accessible_name: str) -> Any:
    from PySide6.QtWidgets import QPushButton

    found = [b for b in parent.findChildren(QPushButton) if b.accessibleName() == accessible_name]
    assert len(found) == 1
    return found[0]


def test_remember_is_disabled_without_a_keychain(dialog: SettingsDialog) -> None:
    assert not dialog.remember.isEnabled()


def test_remember_on_this_computer_stores_and_forgets_the_raw_key(
    qtbot: Any, vault: Vault, memory_keyring: MemoryKeyring
) -> None:
    dialog = SettingsDialog(vault, keychain_available=True)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.remember.isEnabled)
    assert not dialog.remember.isChecked()
    dialog.remember.setChecked(True)
    with qtbot.waitSignal(dialog.saved):
        qtbot.mouseClick(dialog.save_button, LEFT)
    assert secrets.remembered_key(vault.path) == vault.raw_key

    again = SettingsDialog(vault, keychain_available=True)
    qtbot.addWidget(again)
    qtbot.waitUntil(again.remember.isEnabled)
    assert again.remember.isChecked()
    again.remember.setChecked(False)
    with qtbot.waitSignal(again.saved):
        again.save()
    assert memory_keyring.entries == {}


def test_saving_in_the_app_applies_the_new_auto_lock_delay(
    qtbot: Any, make_controller: Callable[..., AppController], vault_file: Path
) -> None:
    controller = make_controller()
    unlock(qtbot, controller, vault_file)
    assert controller.main_window is not None
    controller.main_window.settings_requested.emit()
    dialog = controller.settings_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.auto_lock.setValue(2)
    with qtbot.waitSignal(dialog.saved):
        dialog.save()
    assert controller.idle.timeout_ms == 2 * 60_000
