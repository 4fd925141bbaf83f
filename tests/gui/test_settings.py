"""The settings dialog saves through organizer.core.campaign, all or nothing."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from organizer.core import campaign, secrets, structure_tests
from organizer.core.vault import DEFAULT_THRESHOLDS, Vault
from organizer.gui import messages, settings_dialog
from organizer.gui.app import AppController
from organizer.gui.settings_dialog import NEVER_WARNING, SettingsDialog
from tests.conftest import VaultTemplate
from tests.gui.conftest import DEPARTMENT, MemoryKeyring, unlock

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def vault(vault_file: Path, drive_template: VaultTemplate) -> Iterator[Vault]:
    opened = Vault.open_with_key(vault_file, drive_template.raw_key)
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


def test_removing_a_department_says_which_structure_tests_it_would_widen(
    qtbot: Any, dialog: SettingsDialog, vault: Vault
) -> None:
    departments = dialog.list_editors["department"]
    zanzibar = campaign.list_entries(vault, "department")[0].id
    platform = campaign.add_list_entry(vault, "department", "Platform").id
    departments.refresh()
    structure_tests.add_structure_test(vault, "Dock lunch", 20, department_ids={zanzibar})
    structure_tests.add_structure_test(vault, "Both floors", 50,
                                       department_ids={zanzibar, platform})
    structure_tests.add_structure_test(vault, "Loading bay rally", 60,
                                       department_ids={zanzibar})
    departments.entries.setCurrentRow(0)
    messages.answer_next(False)
    qtbot.mouseClick(_button(departments, "Remove department"), LEFT)
    assert messages.seam.seen[-1].text == (
        f"Remove the department \u201c{DEPARTMENT}\u201d? "
        "1 person is in it; they keep their record, with no department. "
        "The structure tests \u201cDock lunch\u201d and \u201cLoading bay rally\u201d cover "
        "only this department; without it, they will cover every department.")
    departments.entries.setCurrentRow(1)  # Platform: no test has it alone
    messages.answer_next(False)
    qtbot.mouseClick(_button(departments, "Remove department"), LEFT)
    assert messages.seam.seen[-1].text == (
        "Remove the department \u201cPlatform\u201d? Nobody is in this department.")
    assert len(campaign.list_entries(vault, "department")) == 2


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


# ----- support thresholds -------------------------------------------------------------------


def _thresholds(vault: Vault) -> list[tuple[float, str]]:
    return [(t.percent, t.label) for t in campaign.thresholds(vault)]


def test_thresholds_are_listed_edited_added_removed_and_saved(
    qtbot: Any, dialog: SettingsDialog, vault: Vault
) -> None:
    editor = dialog.thresholds
    assert editor.typed() == [
        ("30", "Showing of interest (NLRB)"), ("51", "Majority"), ("65", "Go public"),
        ("80", "Strength"), ("90", "Supermajority")]
    editor.edit(1, "55", "Clear majority")  # 51 -> 55
    editor.table.setCurrentCell(3, 0)
    qtbot.mouseClick(_button(editor, "Remove threshold"), LEFT)  # 80% Strength
    qtbot.mouseClick(_button(editor, "Add threshold"), LEFT)
    assert editor.table.rowCount() == 5
    editor.edit(4, "70 %", "Card majority")
    assert _thresholds(vault)[1] == (51.0, "Majority")  # nothing written before Save
    with qtbot.waitSignal(dialog.saved):
        qtbot.mouseClick(dialog.save_button, LEFT)
    assert _thresholds(vault) == [
        (30.0, "Showing of interest (NLRB)"), (55.0, "Clear majority"), (65.0, "Go public"),
        (70.0, "Card majority"), (90.0, "Supermajority")]


@pytest.mark.parametrize(("percent", "sentence"), [
    ("0", "A threshold must be more than 0% and at most 100%, not 0%."),
    ("120", "A threshold must be more than 0% and at most 100%, not 120%."),
    ("lots", "'lots' is not a percentage."),
    ("", "Each threshold needs a percentage, like 51."),
    ("65", "65% is there twice; give each threshold its own percentage."),
])
def test_a_bad_threshold_is_refused_and_nothing_is_saved(
    qtbot: Any, dialog: SettingsDialog, vault: Vault, percent: str, sentence: str
) -> None:
    before = _thresholds(vault)
    dialog.auto_lock.setValue(12)
    dialog.thresholds.edit(0, percent, "Bad")
    assert dialog.error.text() == sentence  # said while typing, before Save
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert dialog.isVisible()
    assert dialog.error.text() == f"{sentence} Nothing was saved."
    assert _thresholds(vault) == before
    assert campaign.auto_lock_minutes(vault) == 5


def test_removing_every_threshold_is_refused(qtbot: Any, dialog: SettingsDialog,
                                              vault: Vault) -> None:
    editor = dialog.thresholds
    while editor.table.rowCount():
        editor.table.setCurrentCell(0, 0)
        editor.remove()
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert dialog.error.text() == (
        "Keep at least one threshold, like 51% for a majority. Nothing was saved.")
    assert len(_thresholds(vault)) == 5


def test_restore_defaults_puts_back_the_usual_five(
    qtbot: Any, dialog: SettingsDialog, vault: Vault
) -> None:
    campaign.set_thresholds(vault, [(40, "Forty"), (75, "Three in four")])
    again = SettingsDialog(vault)
    qtbot.addWidget(again)
    again.show()
    assert again.thresholds.typed() == [("40", "Forty"), ("75", "Three in four")]
    qtbot.mouseClick(again.thresholds.defaults_button, LEFT)
    assert [p for p, _ in again.thresholds.typed()] == ["30", "51", "65", "80", "90"]
    assert _thresholds(vault)[0] == (40.0, "Forty")  # only Save writes
    with qtbot.waitSignal(again.saved):
        qtbot.mouseClick(again.save_button, LEFT)
    assert _thresholds(vault) == [(p, label) for p, label in DEFAULT_THRESHOLDS]


def test_untouched_thresholds_are_saved_exactly_as_they_were(
    qtbot: Any, vault: Vault
) -> None:
    campaign.set_thresholds(vault, [(100 / 3, "A third"), (51, "Majority")])
    before = campaign.thresholds(vault)
    dialog = SettingsDialog(vault)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.thresholds.typed()[1] == ("51", "Majority")
    dialog.auto_lock.setValue(7)
    with qtbot.waitSignal(dialog.saved):
        qtbot.mouseClick(dialog.save_button, LEFT)
    assert campaign.auto_lock_minutes(vault) == 7
    assert campaign.thresholds(vault) == before  # same rows, not even rewritten


def test_the_chart_shown_behind_settings_follows_new_thresholds(
    qtbot: Any, make_controller: Callable[..., AppController], vault_file: Path
) -> None:
    from organizer.gui.chart_page import ChartPage
    from organizer.gui.main_window import CHART

    controller = make_controller()
    unlock(qtbot, controller, vault_file)
    window = controller.main_window
    assert window is not None
    window.show_section(CHART)
    page = window.chart_page
    assert isinstance(page, ChartPage) and page.tracker is not None
    # One person, not assessed: 0% of 1, the next line is the first threshold.
    assert "next line 30%" in page.unit_label.text()
    assert [t.percent for t in page.threshold_bar.thresholds] == [30, 51, 65, 80, 90]

    window.settings_requested.emit()
    dialog = controller.settings_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.thresholds.set_values([(25.0, "Quarter"), (60.0, "Strong")])
    with qtbot.waitSignal(dialog.saved):
        qtbot.mouseClick(dialog.save_button, LEFT)
    # Saving tells the window, which redraws the page in view at once (no show event and,
    # offscreen, no window activation either).
    qtbot.waitUntil(lambda: "next line 25%" in page.unit_label.text(), timeout=3000)
    assert window.current_section() == CHART
    assert [t.percent for t in page.threshold_bar.thresholds] == [25, 60]
    assert [t.percent for t in page.history_chart.thresholds] == [25, 60]
