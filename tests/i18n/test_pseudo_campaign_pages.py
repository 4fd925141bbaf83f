"""The campaign pages under the pseudo-locale: the Chart page (its tracker open, a cell
chosen), the Plans page (a plan, a structure test and its form), the Call lists page (a list
built, what goes on the page) and the call results sheet show no text nobody marked."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QWidget

from organizer.core import call_lists, campaign, plans, structure_tests
from organizer.core.call_lists import CallListCriteria, CallListOptions, CallResult
from organizer.core.people import PeopleFilter
from organizer.core.vault import Vault
from organizer.gui.assessment_badge import AssessmentScale
from organizer.gui.call_lists_page import CallListsPage
from organizer.gui.call_results_sheet import (
    Column,
    describe_recorded,
    describe_recording,
)
from organizer.gui.chart_page import (
    TOTAL,
    ChartPage,
    cell_oc_lines,
    cell_summary,
    chart_definitions,
    describe_line,
    describe_total,
)
from organizer.gui.people_model import CampaignChoices
from organizer.gui.plans_page import PlansPage
from tests.gui.vault_fixtures import Seed
from tests.i18n.pseudo_support import (  # noqa: F401
    data,
    pseudo_fixture,
    pseudo_template_fixture,
    pseudo_vault_fixture,
    pseudo_window_fixture,
    unmarked,
    untranslated,
)

TODAY = dt.date.today()


def _show(qtbot: Any, widget: QWidget) -> None:
    qtbot.addWidget(widget)
    widget.resize(1280, 860)
    widget.show()
    qtbot.waitExposed(widget)


def _plain(texts: list[str]) -> list[str]:
    """The texts with words nobody marked, with the words."""
    return [f"{text!r} ({words})" for text in texts if (words := unmarked(text))]


@pytest.fixture(name="scale")
def scale_fixture(pseudo_vault: Vault) -> AssessmentScale:
    """The campaign's scale in its own words (campaign data, like its people's names: the
    default labels are another page's to translate)."""
    for level in campaign.assessment_scale(pseudo_vault):
        campaign.set_assessment_level(pseudo_vault, level.score, data(level.label),
                                      level.colour)
    return AssessmentScale.load(pseudo_vault)


# ----- the Chart page --------------------------------------------------------------------


@pytest.fixture(name="chart_page")
def chart_page_fixture(qtbot: Any, pseudo: None, pseudo_vault: Vault,
                       scale: AssessmentScale) -> Iterator[ChartPage]:
    page = ChartPage(pseudo_vault, scale)
    _show(qtbot, page)
    yield page
    page.hide()


def test_the_chart_page_with_its_tracker_open_and_a_cell_chosen(
    qtbot: Any, chart_page: ChartPage, pseudo_template: Seed,
) -> None:
    page = chart_page
    assert untranslated(page) == []
    infra, day = pseudo_template.departments["Infrastructure"], pseudo_template.shifts["Day"]
    page.grid.select(infra, day)
    assert page.cell_people_names()
    page.tracker_toggle.setChecked(True)
    assert page.tabs.isVisible()
    for tab in range(page.tabs.count()):
        page.tabs.setCurrentIndex(tab)
        assert untranslated(page) == [], page.tabs.tabText(tab)
    # Every cell, total and tooltip in words, and what a cell paints.
    wall = page.grid.chart
    assert wall is not None
    keys = [(r, c) for r in [*(a.id for a in wall.rows), TOTAL]
            for c in [*(a.id for a in wall.columns), TOTAL]]
    metrics = QFontMetrics(page.font())
    texts = [describe_total(wall), page.summary.toolTip()]
    for key in keys:
        cell = page.grid.cell_for(*key)
        place = page.grid.place(*key)
        texts += [page.grid.cell_text(*key), cell_summary(cell, place),
                  *page.grid.painted_lines(*key)]
        for width in (400, 150, 60):
            texts += cell_oc_lines(cell, width, metrics, place)[:2]
    assert page.tracker is not None
    texts += describe_line(page.tracker.unit)
    for term, meaning in chart_definitions():
        texts += [term, meaning]
    assert _plain(texts) == []
    # The total row and column and the whole chart, chosen.
    page.grid.select(TOTAL, TOTAL)
    page.grid.select(infra, TOTAL)
    assert untranslated(page) == []


def test_an_empty_chart_and_a_cell_of_nobody(
    chart_page: ChartPage, pseudo_vault: Vault,
) -> None:
    page = chart_page
    # The site has nobody: every cell is empty.
    page.site_filter.setCurrentIndex(1)
    wall = page.grid.chart
    assert wall is not None and wall.total.people == 0
    page.grid.select(TOTAL, TOTAL)
    assert untranslated(page) == []
    assert _plain([describe_total(wall), cell_summary(wall.total),
                   *describe_line(chart_tracker_unit(page))]) == []


def chart_tracker_unit(page: ChartPage) -> Any:
    assert page.tracker is not None
    return page.tracker.unit


# ----- the Plans page --------------------------------------------------------------------


@pytest.fixture(name="plans_page")
def plans_page_fixture(qtbot: Any, pseudo: None, pseudo_vault: Vault,
                       scale: AssessmentScale) -> Iterator[PlansPage]:
    page = PlansPage(pseudo_vault, scale, choices=CampaignChoices(pseudo_vault))
    _show(qtbot, page)
    yield page
    page.hide()


def test_the_plans_page_empty_then_with_a_plan_and_a_structure_test(
    qtbot: Any, plans_page: PlansPage, pseudo_vault: Vault, pseudo_template: Seed,
) -> None:
    page = plans_page
    for tab in range(page.tabs.count()):
        page.tabs.setCurrentIndex(tab)
        assert untranslated(page) == [], page.tabs.tabText(tab)

    maya, ravi = pseudo_template.people["Maya Okafor"], pseudo_template.people["Ravi Kumar"]
    plan_id = plans.add_plan(pseudo_vault, data("Sticker day"), goal=data("Everyone wears one"),
                             due_on=(TODAY + dt.timedelta(days=20)).isoformat())
    plans.add_step(pseudo_vault, plan_id, data("Order stickers"), owner_id=maya,
                   due_on=(TODAY - dt.timedelta(days=2)).isoformat())
    plans.add_step(pseudo_vault, plan_id, data("Hand them out"))
    plans.link_people(pseudo_vault, plan_id, [ravi])
    test_id = structure_tests.add_structure_test(
        pseudo_vault, data("Petition"), 60, planned_on=(TODAY + dt.timedelta(days=9)).isoformat(),
        department_ids={pseudo_template.departments["Infrastructure"]})
    structure_tests.add_structure_test(pseudo_vault, data("Rally"), 75.5)
    structure_tests.set_participation(pseudo_vault, test_id, [ravi], "committed")
    structure_tests.set_participation(pseudo_vault, test_id, [maya], "did it")
    page.refresh()

    page.tabs.setCurrentIndex(0)
    plans_tab = page.plans_tab
    assert plans_tab.plan_titles() == [data("Sticker day")]
    for section in range(plans_tab.sections.count()):
        plans_tab.sections.setCurrentIndex(section)
        assert untranslated(page) == [], plans_tab.sections.tabText(section)

    page.tabs.setCurrentIndex(1)
    ladder = page.ladder_tab
    ladder.select_test(data("Petition"))
    assert ladder.participants.topLevelItemCount()
    assert untranslated(page) == []
    for combo in (ladder.status_filter, ladder.assessment_filter):
        combo.setCurrentIndex(combo.count() - 1)
        assert untranslated(page) == []

    dialog = ladder.edit_test()
    assert dialog is not None
    qtbot.waitExposed(dialog)
    assert untranslated(dialog) == []
    dialog.name.setText("")
    dialog.save()  # refused: the sentence is shown in the dialog
    assert dialog.error.isVisible()
    assert untranslated(dialog) == []
    dialog.reject()


# ----- the Call lists page and the results sheet -------------------------------------------


@pytest.fixture(name="calls_page")
def calls_page_fixture(qtbot: Any, pseudo: None, pseudo_vault: Vault,
                       scale: AssessmentScale) -> Iterator[CallListsPage]:
    page = CallListsPage(pseudo_vault, scale, choices=CampaignChoices(pseudo_vault))
    _show(qtbot, page)
    yield page
    if page.sheet is not None:
        page.close_results()
    page.hide()


def _wait_for_count(qtbot: Any, page: CallListsPage) -> None:
    """Until the count is shown ("⟦6 ƥéóƥĺé⟧"): someone matches."""
    qtbot.waitUntil(lambda: any(ch.isdigit() for ch in page.count_label.text()), timeout=5000)


def test_the_call_lists_page_empty_then_with_a_list_built(
    qtbot: Any, calls_page: CallListsPage, pseudo_vault: Vault, pseudo_template: Seed,
) -> None:
    page = calls_page
    _wait_for_count(qtbot, page)
    # No saved lists; the new list's choices and what goes on the page.
    assert page.saved_stack.currentWidget() is page.saved_empty
    assert untranslated(page) == []
    for index in range(page.name_style.count()):
        page.name_style.setCurrentIndex(index)
        assert untranslated(page) == []
    assert "⟦" in page.list_name.placeholderText()  # "Calls Dec 4, 2026", translated

    # Nobody matches: no one is assessed 5.
    page.assessment_from.setCurrentIndex(page.assessment_from.findData(5))
    page.not_contacted.setChecked(True)
    page.update_count()
    qtbot.waitUntil(lambda: not page.preview_button.isEnabled(), timeout=5000)
    assert untranslated(page) == []

    # Saved lists, and a list started for the People page's people.
    built = call_lists.build_call_list(pseudo_vault, CallListCriteria(),
                                       CallListOptions(per_organizer=False))
    list_id = call_lists.save_built(pseudo_vault, built, data("Night calls"), printed=True)
    call_lists.save_built(pseudo_vault, built, data("Unprinted calls"))
    page.start_list_for(PeopleFilter(person_ids=frozenset(pseudo_template.people.values())))
    page.refresh_saved_lists(select=list_id)
    _wait_for_count(qtbot, page)
    assert page.preset_row.isVisible()
    assert untranslated(page) == []
    page._saved(built, data("Night calls"), page.default_list_name())  # the status line
    assert unmarked(page.status_label.text()) is None


def test_the_call_results_sheet(
    qtbot: Any, calls_page: CallListsPage, pseudo_vault: Vault, pseudo_template: Seed,
) -> None:
    built = call_lists.build_call_list(pseudo_vault, CallListCriteria(),
                                       CallListOptions(per_organizer=False))
    list_id = call_lists.save_built(pseudo_vault, built, data("Night calls"), printed=True)
    calls_page.refresh_saved_lists(select=list_id)
    sheet = calls_page.open_results(list_id)
    assert sheet is not None
    assert untranslated(sheet) == []
    model = sheet.model
    model.setData(model.index(0, Column.OUTCOME), "1")
    model.setData(model.index(0, Column.NOTE), data("Will sign"))
    model.setData(model.index(1, Column.OUTCOME), "5")  # call back: the default day, grey
    model.setData(model.index(2, Column.OUTCOME), "6")
    sheet.save_draft()
    assert sheet.draft_label.text()
    texts = []
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                         Qt.ItemDataRole.AccessibleDescriptionRole):
                value = model.data(model.index(row, column), role)
                if isinstance(value, str):
                    texts.append(value)
    for column in range(model.columnCount()):
        texts.append(str(model.headerData(column, Qt.Orientation.Horizontal)))
    assert _plain(texts) == []
    assert untranslated(sheet) == []

    # Opened again: the draft is restored and says so.
    calls_page.close_results()
    reopened = calls_page.open_results(list_id)
    assert reopened is not None and reopened.restored_label.isVisible()
    assert untranslated(reopened) == []

    results = [CallResult("a", "reached", note=data("Yes")), CallResult("b", "reached"),
               CallResult("c", "call back"), CallResult("d", "left the company"),
               CallResult("e", "no answer")]
    question, detail = describe_recording(results)
    one_question, one_detail = describe_recording(results[-1:])
    recorded = call_lists.RecordedResults(call_attempts=5, reached=2, one_on_ones=1,
                                          follow_ups=1, left_company=1,
                                          by_outcome={"reached": 2, "call back": 1,
                                                      "left the company": 1, "no answer": 1})
    assert _plain([question, detail, one_question, one_detail,
                   describe_recorded(recorded)]) == []
    # The outcome column's drop-down, open.
    reopened.table.edit(reopened.model.index(0, Column.OUTCOME))
    assert untranslated(reopened) == []
