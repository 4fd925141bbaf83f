"""The Plans page: action plans with steps (add, tick done, reorder, delete) and the
escalation ladder (edit a test's scope, reorder, delete) with participation set in bulk, on
real vault files."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTreeWidgetItem

from organizer import formats
from organizer.core import plans, structure_tests
from organizer.core.vault import Vault
from organizer.gui import messages
from organizer.gui.assessment_badge import AssessmentScale
from organizer.gui.main_window import PLANS, MainWindow
from organizer.gui.people_model import CampaignChoices
from organizer.gui.plans_page import PlansPage, StructureTestDialog
from tests.gui.settling import settle
from tests.gui.vault_fixtures import (  # noqa: F401
    Seed,
    seed_template_fixture,
    seeded_fixture,
    vault_fixture,
    window_fixture,
)


@pytest.fixture
def page(qtbot: Any, vault: Vault) -> Iterator[PlansPage]:
    widget = PlansPage(vault, AssessmentScale.load(vault), choices=CampaignChoices(vault))
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    widget.hide()


def _rows(tree: Any) -> list[QTreeWidgetItem]:
    return [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]


def test_plan_with_two_steps_done_and_reordered(
    qtbot: Any, page: PlansPage, vault: Vault, seeded: Seed
) -> None:
    tab = page.plans_tab
    tab.new_title.setText("Heating petition")
    with qtbot.waitSignal(page.data_changed):
        tab.add_plan_button.click()
    assert "Heating petition" in tab.plan_titles()
    assert tab.plan is not None and tab.plan.title == "Heating petition"
    plan_id = tab.plan.id

    tab.step_description.setText("Draft the text")
    tab.step_owner.setCurrentIndex(tab.step_owner.findData(seeded.people["Maya Okafor"]))
    tab.step_due.set_iso("2030-01-15")
    tab.add_step_button.click()
    tab.step_description.setText("Collect signatures")
    tab.add_step_button.click()
    assert tab.step_texts() == ["Draft the text", "Collect signatures"]
    steps = plans.get_plan(vault, plan_id).steps
    assert steps[0].owner_id == seeded.people["Maya Okafor"]
    assert steps[0].due_on == "2030-01-15"

    # Tick the first step done.
    _rows(tab.steps)[0].setCheckState(0, Qt.CheckState.Checked)
    steps = plans.get_plan(vault, plan_id).steps
    assert steps[0].done_at and not steps[1].done_at
    row = next(r for r in _rows(tab.plan_list) if r.text(0) == "Heating petition")
    assert row.text(3) == "1/2"

    # Move the second step up.
    tab.steps.setCurrentItem(_rows(tab.steps)[1])
    tab.up_button.click()
    assert tab.step_texts() == ["Collect signatures", "Draft the text"]
    assert [s.description for s in plans.get_plan(vault, plan_id).steps] == [
        "Collect signatures", "Draft the text"]
    assert _rows(tab.steps)[1].checkState(0) == Qt.CheckState.Checked

    # Dates are picked, never typed; a due date can be taken off again.
    tab.steps.setCurrentItem(_rows(tab.steps)[1])
    assert tab.step_due.iso_or_none() == "2030-01-15"
    tab.step_due.clear_day()
    assert tab.step_due.text() == "No due date"
    tab.save_step_button.click()
    assert plans.get_plan(vault, plan_id).steps[1].due_on is None

    # Delete asks first; cancelling keeps the plan.
    messages.answer_next(False)
    tab.delete_plan_button.click()
    assert "Heating petition" in tab.plan_titles()
    messages.answer_next(True)
    tab.delete_plan_button.click()
    assert "Heating petition" not in tab.plan_titles()
    assert all(p.id != plan_id for p in plans.list_plans(vault))


def test_linking_people_to_a_plan(qtbot: Any, page: PlansPage, vault: Vault,
                                  seeded: Seed) -> None:
    plan_id = plans.add_plan(vault, "Meet the night shift")
    page.refresh()
    tab = page.plans_tab
    tab._select_plan(plan_id)
    tab.picker.set_person(seeded.people["Ana Silva"])
    tab.link_button.click()
    assert [p.display_name for p in plans.get_plan(vault, plan_id).people] == ["Ana Silva"]
    assert tab.linked.count() == 1
    tab.linked.setCurrentRow(0)
    tab.unlink_button.click()
    assert plans.get_plan(vault, plan_id).people == []


def test_participation_in_bulk_from_the_ladder(
    qtbot: Any, page: PlansPage, vault: Vault, seeded: Seed
) -> None:
    ladder = page.ladder_tab
    page.tabs.setCurrentWidget(ladder)
    if not structure_tests.ladder(vault):
        assert ladder.default_button.isVisibleTo(ladder)
        ladder.default_button.click()
    assert not ladder.default_button.isVisibleTo(ladder)
    petition = next(r for r in _rows(ladder.tests) if r.text(1) == "Majority petition")
    ladder.tests.setCurrentItem(petition)
    test_id = ladder.current_test_id()
    assert test_id is not None
    # 8 people in scope; 51% of 8 is 5.
    assert petition.text(5) == "8"
    assert petition.text(7) == "5 more"

    # Only Infrastructure: 5 people.
    ladder.department_filter.setCurrentIndex(
        ladder.department_filter.findData(seeded.departments["Infrastructure"]))
    assert ladder.participants.topLevelItemCount() == 5
    chosen = ("Ana Silva", "Kim Rossi", "Noor Khan")
    for row in _rows(ladder.participants):
        row.setSelected(row.text(0) in chosen)
    ladder.mark_buttons["committed"].click()
    ids = {seeded.people[name] for name in chosen}
    assert structure_tests.participation_for_test(vault, test_id) == dict.fromkeys(
        ids, "committed")
    assert [ladder.participant_status(name) for name in chosen] == ["committed"] * 3
    assert ladder.participant_status("Ravi Kumar") == "—"

    # They did it: the turnout and "still needed" follow.
    for row in _rows(ladder.participants):
        row.setSelected(row.text(0) in chosen)
    ladder.mark_buttons["did it"].click()
    petition = next(r for r in _rows(ladder.tests) if r.text(1) == "Majority petition")
    assert petition.text(7) == "2 more"
    turnout = petition.data(6, Qt.ItemDataRole.UserRole + 2)
    assert turnout[0] == pytest.approx(3 / 8)
    assert "3 did it" in ladder.participation_heading.text()
    # Noor is an organic leader; nobody is related to her, so no group.
    # Clear one person.
    for row in _rows(ladder.participants):
        row.setSelected(row.text(0) == "Kim Rossi")
    ladder.mark_buttons[""].click()
    assert seeded.people["Kim Rossi"] not in structure_tests.participation_for_test(
        vault, test_id)
    assert ladder.participant_status("Kim Rossi") == "—"


def _ladder_of_three(qtbot: Any, page: PlansPage, vault: Vault) -> dict[str, str]:
    ids = {name: structure_tests.add_structure_test(vault, name, target)
           for name, target in (("Sign cards", 10), ("Petition", 51), ("Strike", 90))}
    page.tabs.setCurrentWidget(page.ladder_tab)
    page.refresh()
    return ids


def _open_editor(qtbot: Any, page: PlansPage, name: str) -> StructureTestDialog:
    ladder = page.ladder_tab
    ladder.select_test(name)
    qtbot.mouseClick(ladder.edit_button, Qt.MouseButton.LeftButton)
    dialog = ladder.test_dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def test_editing_a_test_with_two_departments_a_shift_and_a_date(
    qtbot: Any, page: PlansPage, vault: Vault, seeded: Seed
) -> None:
    ids = _ladder_of_three(qtbot, page, vault)
    ladder = page.ladder_tab
    dialog = _open_editor(qtbot, page, "Petition")
    assert (dialog.name.text(), dialog.target.value(), dialog.checked_departments()) == (
        "Petition", 51.0, set())

    dialog.name.clear()
    qtbot.keyClicks(dialog.name, "Night petition")
    dialog.target.selectAll()
    qtbot.keyClicks(dialog.target, "60")
    qtbot.keyClicks(dialog.planned, "2030-03-02")
    dialog.set_department_checked("Infrastructure", True)
    dialog.set_department_checked("Sales", True)
    dialog.shift.setCurrentIndex(dialog.shift.findText("Night"))
    qtbot.keyClicks(dialog.description, "Both night crews sign at handover")
    with qtbot.waitSignal(page.data_changed):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert not dialog.isVisible()
    test = structure_tests.get_structure_test(vault, ids["Petition"])
    assert (test.name, test.target_percent, test.planned_on, test.scope_department_ids,
            test.scope_shift_id, test.scope_site_id, test.description) == (
        "Night petition", 60.0, "2030-03-02",
        {seeded.departments["Infrastructure"], seeded.departments["Sales"]},
        seeded.shifts["Night"], None, "Both night crews sign at handover")
    # The row follows: Ana (Infrastructure) and Jo (Sales) work nights; 60% of 2 is 2.
    row = next(r for r in _rows(ladder.tests) if r.text(1) == "Night petition")
    assert [row.text(c) for c in (2, 3, 4, 5, 7)] == [
        "60%", formats.short_date("2030-03-02"), "Infrastructure, Sales · Night", "2",
        "2 more"]
    assert ladder.current_test_id() == ids["Petition"]
    # Only the people in its scope are listed for marking.
    assert sorted(r.text(0) for r in _rows(ladder.participants)) == ["Ana Silva", "Jo Berg"]

    # Opening it again shows what was saved; unticking everything means every department.
    dialog = _open_editor(qtbot, page, "Night petition")
    assert dialog.checked_departments() == {
        seeded.departments["Infrastructure"], seeded.departments["Sales"]}
    assert dialog.shift.currentText() == "Night"
    dialog.set_department_checked("Infrastructure", False)
    dialog.set_department_checked("Sales", False)
    dialog.shift.setCurrentIndex(0)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert structure_tests.get_structure_test(vault, ids["Petition"]).whole_unit
    row = next(r for r in _rows(ladder.tests) if r.text(1) == "Night petition")
    assert (row.text(4), row.text(5)) == ("Whole unit", "8")


def test_a_target_the_spin_box_rounds_is_kept_as_it_was(
    qtbot: Any, page: PlansPage, vault: Vault
) -> None:
    test_id = structure_tests.add_structure_test(vault, "A third of the floor", 100 / 3)
    page.tabs.setCurrentWidget(page.ladder_tab)
    page.refresh()
    dialog = _open_editor(qtbot, page, "A third of the floor")
    assert dialog.target.text() == "33.33 %"
    dialog.name.setText("A third of the shop floor")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    test = structure_tests.get_structure_test(vault, test_id)
    assert (test.name, test.target_percent) == ("A third of the shop floor", 100 / 3)


@pytest.mark.parametrize(("change", "sentence"), [
    ("name", "A structure test needs a name, like 'Majority petition'. Nothing was saved."),
    ("target", "A target share must be more than 0% and at most 100%. Nothing was saved."),
])
def test_a_bad_edit_is_refused_in_the_dialog_and_nothing_is_saved(
    qtbot: Any, page: PlansPage, vault: Vault, change: str, sentence: str
) -> None:
    ids = _ladder_of_three(qtbot, page, vault)
    before = structure_tests.get_structure_test(vault, ids["Petition"])
    dialog = _open_editor(qtbot, page, "Petition")
    dialog.set_department_checked("Sales", True)
    if change == "name":
        dialog.name.setText("   ")
    else:
        dialog.target.setValue(0)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.error.isVisible() and dialog.error.text() == sentence
    assert structure_tests.get_structure_test(vault, ids["Petition"]) == before
    dialog.reject()
    assert not dialog.isVisible()


def test_moving_tests_along_the_ladder(qtbot: Any, page: PlansPage, vault: Vault) -> None:
    ids = _ladder_of_three(qtbot, page, vault)
    ladder = page.ladder_tab
    ladder.select_test("Sign cards")
    assert not ladder.earlier_button.isEnabled()  # already the bottom rung
    with qtbot.waitSignal(page.data_changed):
        qtbot.mouseClick(ladder.later_button, Qt.MouseButton.LeftButton)
    assert ladder.test_names() == ["Petition", "Sign cards", "Strike"]
    assert [(t.ladder_position, t.id) for t in structure_tests.structure_tests(vault)] == [
        (1, ids["Petition"]), (2, ids["Sign cards"]), (3, ids["Strike"])]
    assert ladder.current_test_id() == ids["Sign cards"]  # it stays chosen
    qtbot.mouseClick(ladder.later_button, Qt.MouseButton.LeftButton)
    assert ladder.test_names() == ["Petition", "Strike", "Sign cards"]
    assert not ladder.later_button.isEnabled()  # now the top rung
    qtbot.mouseClick(ladder.earlier_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(ladder.earlier_button, Qt.MouseButton.LeftButton)
    assert ladder.test_names() == ["Sign cards", "Petition", "Strike"]
    assert [t.name for t in structure_tests.structure_tests(vault)] == ladder.test_names()
    assert [row.text(0) for row in _rows(ladder.tests)] == ["1", "2", "3"]


def test_deleting_a_test_asks_first_naming_it(
    qtbot: Any, page: PlansPage, vault: Vault, seeded: Seed
) -> None:
    ids = _ladder_of_three(qtbot, page, vault)
    structure_tests.set_participation(
        vault, ids["Petition"], [seeded.people["Ana Silva"], seeded.people["Sam Lee"]], "asked")
    ladder = page.ladder_tab
    page.refresh()
    ladder.select_test("Petition")
    messages.answer_next(False)
    qtbot.mouseClick(ladder.delete_button, Qt.MouseButton.LeftButton)
    assert messages.seam.seen[-1].text == (
        "Delete the structure test “Petition” and the status of the 2 people asked?")
    assert ladder.test_names() == ["Sign cards", "Petition", "Strike"]

    messages.answer_next(True)
    with qtbot.waitSignal(page.data_changed):
        qtbot.mouseClick(ladder.delete_button, Qt.MouseButton.LeftButton)
    assert ladder.test_names() == ["Sign cards", "Strike"]
    assert [t.id for t in structure_tests.structure_tests(vault)] == [
        ids["Sign cards"], ids["Strike"]]

    ladder.select_test("Strike")
    messages.answer_next(True)
    qtbot.mouseClick(ladder.delete_button, Qt.MouseButton.LeftButton)
    assert messages.seam.seen[-1].text == "Delete the structure test “Strike”?"
    assert ladder.test_names() == ["Sign cards"]


def test_plans_section_in_the_window(qtbot: Any, window: MainWindow, vault: Vault) -> None:
    plans.add_plan(vault, "Zeppelin safety audit")
    window.show_section(PLANS)
    page = window.plans_page
    assert isinstance(page, PlansPage)
    assert "Zeppelin safety audit" in page.plans_tab.plan_titles()


def test_overdue_steps_show_on_today(qtbot: Any, window: MainWindow, vault: Vault) -> None:
    today_page = window.today_page
    settle()  # Today is read in the thread pool
    assert not today_page.overdue_steps.isVisibleTo(today_page)
    plan_id = plans.add_plan(vault, "Xylophone rota fix")
    plans.add_step(vault, plan_id, "Quokka survey of the night shift", due_on="2020-01-01")
    plans.add_step(vault, plan_id, "Not late yet", due_on="2999-01-01")
    window.show_section(PLANS)
    page = window.plans_page
    assert isinstance(page, PlansPage)
    page.data_changed.emit()  # as after any change on the page
    window.show_section(0)
    settle()
    tree = today_page.overdue_steps
    assert today_page.overdue_steps.isVisibleTo(today_page)
    assert tree.topLevelItemCount() == 1
    item = tree.topLevelItem(0)
    assert item is not None and item.text(1) == "Quokka survey of the night shift"
    assert item.text(2) == "Xylophone rota fix"
