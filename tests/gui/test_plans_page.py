"""The Plans page: action plans with steps (add, tick done, reorder, delete) and the
escalation ladder with participation set in bulk, on real vault files."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTreeWidgetItem

from organizer.core import plans, structure_tests
from organizer.core.vault import Vault
from organizer.gui import messages
from organizer.gui.assessment_badge import AssessmentScale
from organizer.gui.main_window import PLANS, MainWindow
from organizer.gui.people_model import CampaignChoices
from organizer.gui.plans_page import PlansPage
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
    tab.step_due.setText("2030-01-15")
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

    # A bad date is refused with a warning, not saved.
    tab.steps.setCurrentItem(_rows(tab.steps)[0])
    tab.step_due.setText("next week")
    messages.answer_next(True)
    tab.save_step_button.click()
    assert messages.seam.seen and messages.seam.seen[-1].kind == "warning"

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


def test_plans_section_in_the_window(qtbot: Any, window: MainWindow, vault: Vault) -> None:
    plans.add_plan(vault, "Zeppelin safety audit")
    window.show_section(PLANS)
    page = window.plans_page
    assert isinstance(page, PlansPage)
    assert "Zeppelin safety audit" in page.plans_tab.plan_titles()


def test_overdue_steps_show_on_today(qtbot: Any, window: MainWindow, vault: Vault) -> None:
    today_page = window.today_page
    assert not today_page.overdue_steps.isVisibleTo(today_page)
    plan_id = plans.add_plan(vault, "Xylophone rota fix")
    plans.add_step(vault, plan_id, "Quokka survey of the night shift", due_on="2020-01-01")
    plans.add_step(vault, plan_id, "Not late yet", due_on="2999-01-01")
    window.show_section(PLANS)
    window.plans_page.data_changed.emit()  # as after any change on the page
    window.show_section(0)
    tree = today_page.overdue_steps
    assert today_page.overdue_steps.isVisibleTo(today_page)
    assert tree.topLevelItemCount() == 1
    item = tree.topLevelItem(0)
    assert item is not None and item.text(1) == "Quokka survey of the night shift"
    assert item.text(2) == "Xylophone rota fix"
