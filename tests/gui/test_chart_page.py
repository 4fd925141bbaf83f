"""The Chart page on the seeded campaign (8 people, Infrastructure/Sales x Day/Night), counted
by hand: cell figures, warnings, totals, a cell's people (the "No department" row too), and
reacting to an assessment; and readable at a glance: words that cannot contradict each other,
a key in the guide's words, a tracker that folds away, room for the chart and for names."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocumentFragment
from PySide6.QtWidgets import QAbstractScrollArea

from organizer.core import campaign, chart, people
from organizer.core.chart import BADGE_LIMIT
from organizer.core.people import Person
from organizer.core.vault import Vault
from organizer.gui.assessment_badge import AssessmentScale
from organizer.gui.chart_page import TOTAL, ChartPage, describe_line
from organizer.gui.help_dialogs import GLOSSARY
from organizer.gui.main_window import CHART, PEOPLE, MainWindow
from tests.gui.vault_fixtures import (  # noqa: F401
    Seed,
    seed_template_fixture,
    seeded_fixture,
    vault_fixture,
    window_fixture,
)


@pytest.fixture
def page(qtbot: Any, vault: Vault) -> Iterator[ChartPage]:
    widget = ChartPage(vault, AssessmentScale.load(vault))
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    widget.hide()


def test_cells_show_hand_counted_figures(page: ChartPage, seeded: Seed) -> None:
    infra, sales = seeded.departments["Infrastructure"], seeded.departments["Sales"]
    day, night = seeded.shifts["Day"], seeded.shifts["Night"]
    grid = page.grid
    # Infrastructure/Day: Maya (OC), Ravi (3, assigned), Kim (3), Noor (1): 1 supporter of 4.
    text = grid.cell_text(infra, day)
    assert "4 people · 1 supporter (25%)" in text
    assert "3 of 4 assessed" in text
    assert "1 OC member · OC ratio 1:3 (3 coworkers per OC member)" in text
    assert "Coverage 33%: 1 of 3 coworkers has an OC member" in text
    assert "⚠" not in text
    # Infrastructure/Night: Ana (2) alone, no OC member there.
    text = grid.cell_text(infra, night)
    assert "1 person · 1 supporter (100%)" in text
    assert "⚠ No OC member in this cell" in text
    # Sales/Day: Sam (3) and Lee (not assessed), no OC member.
    text = grid.cell_text(sales, day)
    assert "2 people · 0 supporters (0%)" in text and "⚠ No OC member" in text
    # Sales/Night: only Jo, an OC member: nobody to cover, no warning.
    text = grid.cell_text(sales, night)
    assert "1 person · 0 supporters" in text and "⚠" not in text
    assert "1 OC member and no other coworkers in this cell" in text
    # Totals.
    assert "5 people · 2 supporters (40%)" in grid.cell_text(infra, TOTAL)
    assert "3 people · 0 supporters" in grid.cell_text(sales, TOTAL)
    assert "6 people · 1 supporter (17%)" in grid.cell_text(TOTAL, day)
    assert "8 people · 2 supporters (25%)" in grid.cell_text(TOTAL, TOTAL)
    assert "<b>8</b> people on the chart · <b>2</b> supporters (25%)" in page.summary.text()


def test_tracker_and_lists(page: ChartPage) -> None:
    tracker = page.tracker
    assert tracker is not None
    # 2 of 8: 30% of 8 needs 3 supporters, so one more.
    assert describe_line(tracker.unit) == ("25% (2 of 8)", "30%", "1 more to reach 30%")
    assert "1 more to reach 30%" in page.unit_label.text()
    table = page.tracker_table
    rows = [table.topLevelItem(i) for i in range(table.topLevelItemCount())]
    texts = {r.text(0).strip(): r.text(3) for r in rows if r is not None}
    assert texts["Infrastructure"] == "1 more to reach 51%"  # 2 of 5; 51% of 5 is 3
    assert texts["Sales"] == "1 more to reach 30%"  # 0 of 3; 30% of 3 is 1
    # Lee Novak and Kim Rossi and Noor Khan have no OC member; Noor is a leader at 1.
    assert page.without_oc is not None and page.without_oc.total == 3
    assert page.leaders is not None and page.leaders.total == 0


def test_clicking_a_cell_lists_its_people(qtbot: Any, page: ChartPage, seeded: Seed) -> None:
    infra, day = seeded.departments["Infrastructure"], seeded.shifts["Day"]
    rect = page.grid.cell_rect(infra, day)
    qtbot.mouseClick(page.grid, Qt.MouseButton.LeftButton, pos=rect.center())
    assert sorted(page.cell_people_names()) == [
        "Kim Rossi", "Maya Okafor", "Noor Khan", "Ravi Kumar"]
    assert page.cell_heading.text().startswith("Infrastructure · Day: 4 people")
    item = page.cell_people_items()[0]
    with qtbot.waitSignal(page.person_requested) as opened:
        page.cell_people.itemDoubleClicked.emit(item, 0)
    assert opened.args == [item.data(0, Qt.ItemDataRole.UserRole + 1)]
    # The row total lists the whole department.
    qtbot.mouseClick(page.grid, Qt.MouseButton.LeftButton,
                     pos=page.grid.cell_rect(infra, TOTAL).center())
    assert len(page.cell_people_names()) == 5


def test_chart_reflects_an_assessment_made_elsewhere(
    qtbot: Any, window: MainWindow, vault: Vault, seeded: Seed
) -> None:
    infra, day = seeded.departments["Infrastructure"], seeded.shifts["Day"]
    window.show_section(CHART)
    page = window.chart_page
    assert isinstance(page, ChartPage)
    assert "4 people · 1 supporter (25%)" in page.grid.cell_text(infra, day)
    window.show_section(PEOPLE)
    people.record_assessment(vault, seeded.people["Kim Rossi"], 2,
                             assessed_by_id=seeded.people["Maya Okafor"], basis="hearsay")
    window.show_section(CHART)
    assert "4 people · 2 supporters (50%)" in page.grid.cell_text(infra, day)
    assert "8 people · 3 supporters (38%)" in page.grid.cell_text(TOTAL, TOTAL)
    # Refreshing in place works too.
    people.record_assessment(vault, seeded.people["Kim Rossi"], 4,
                             assessed_by_id=seeded.people["Maya Okafor"], basis="hearsay")
    page.refresh()
    assert "4 people · 1 supporter (25%)" in page.grid.cell_text(infra, day)


def test_clicking_a_no_department_cell_lists_exactly_its_people(
    qtbot: Any, page: ChartPage, vault: Vault, seeded: Seed
) -> None:
    day = seeded.shifts["Day"]
    # More than BADGE_LIMIT, so the cell draws a bar and its list comes from a people query.
    assert BADGE_LIMIT < 26
    floating = {people.add_person(vault, Person(name=f"Floater {n:02d}", shift_id=day)).id
                for n in range(26)}
    nowhere = {people.add_person(vault, Person(name=f"Nowhere {n}")).id for n in range(2)}
    people.add_person(vault, Person(name="Gone Floater", shift_id=day,
                                    left_company_on="2026-01-31"))  # not on the chart
    page.refresh()
    grid = page.grid
    assert grid.cell_for(None, day).badges is None

    def click(department_id: str | None, shift_id: str | None) -> set[str]:
        qtbot.mouseClick(grid, Qt.MouseButton.LeftButton,
                         pos=grid.cell_rect(department_id, shift_id).center())
        listed = [item.data(0, Qt.ItemDataRole.UserRole + 1)
                  for item in page.cell_people_items()]
        assert len(listed) == len(set(listed))
        return set(listed)

    assert click(None, day) == floating
    assert page.cell_heading.text() == "No department · Day: 26 people"
    assert click(None, TOTAL) == floating | nowhere  # the "No department" row's total
    assert page.cell_heading.text() == "No department · All shifts: 28 people"
    assert click(None, None) == nowhere  # a small cell: its badges
    assert click(TOTAL, None) == nowhere  # the "No shift" column's total
    assert page.cell_heading.text() == "All departments · No shift: 2 people"


# ----- readable at a glance -------------------------------------------------------------


def test_a_cell_with_no_oc_member_never_claims_full_coverage(page: ChartPage,
                                                             seeded: Seed) -> None:
    """Ana works Infrastructure nights, where no OC member works; Maya (days) is hers. The
    cell said "OC 0 · covered 100% · ⚠ No OC member"; now it says where her OC member is."""
    infra, night = seeded.departments["Infrastructure"], seeded.shifts["Night"]
    sales, day = seeded.departments["Sales"], seeded.shifts["Day"]
    text = page.grid.cell_text(infra, night)
    assert "⚠ No OC member in this cell" in text
    assert "1 of 1 coworker has an OC member elsewhere" in text
    assert "covered" not in text.lower() and "coverage" not in text.lower()
    # What the cell paints: the sign and the words (colour is never the only signal), and
    # no percentage of coverage; as much of the sentence as the cell's width holds.
    _headline, oc_line, coverage_line = page.grid.painted_lines(infra, night)
    assert oc_line == "⚠ No OC member in this cell"
    assert coverage_line.startswith("1 of 1 has ") and coverage_line.endswith(" elsewhere")
    # Sam has an OC member (Jo, on nights), Lee has none.
    assert "1 of 2 coworkers has an OC member elsewhere" in page.grid.cell_text(sales, day)
    # A cell with OC members keeps its coverage, with the count it is made of.
    oc_line, coverage_line = page.grid.painted_lines(infra, day)[1:]
    assert oc_line == "1 OC member · OC ratio 1:3"
    assert coverage_line.startswith("Coverage 33%") and "1 of 3" in coverage_line


def test_the_key_explains_coverage_and_the_oc_ratio_as_the_guide_does(
    page: ChartPage,
) -> None:
    meanings = {word: meaning for word, meaning, _section in GLOSSARY}
    coverage, ratio = meanings["Coverage"], meanings["OC ratio"]
    # The page's own words are the guide's, first letter aside.
    shown = QTextDocumentFragment.fromHtml(page.legend.text()).toPlainText()
    for term, meaning in (("Coverage:", coverage), ("OC ratio 1:N:", ratio)):
        assert f"{term} {meaning[0].lower()}{meaning[1:]}" in shown
        assert f"{meaning[0].lower()}{meaning[1:]}" in page.legend.toolTip()
        assert f"{meaning[0].lower()}{meaning[1:]}" in page.legend.accessibleDescription()
        assert f"{meaning[0].lower()}{meaning[1:]}" in page.grid.accessibleDescription()
    assert "Coworkers: everyone not on the OC" in shown
    assert page.legend.isVisible()


def test_the_tracker_folds_and_the_campaign_remembers(qtbot: Any, vault: Vault,
                                                      page: ChartPage) -> None:
    # Folded at first: the wall chart has the height, the unit's headline stays in view.
    assert not page.tracker_toggle.isChecked() and not page.tabs.isVisible()
    assert page.unit_label.isVisible() and "next line 30%" in page.unit_label.text()
    assert page.grid_area.height() > 0.8 * page.splitter.height()

    qtbot.mouseClick(page.tracker_toggle, Qt.MouseButton.LeftButton)
    assert page.tabs.isVisible()
    assert page.grid_area.height() > page.tracker_section.height()  # the chart keeps most
    # Kept in the campaign's vault, not in Qt's settings files.
    assert campaign.setting(vault, chart.TRACKER_FOLDED_SETTING) == "0"

    again = ChartPage(vault, AssessmentScale.load(vault))
    qtbot.addWidget(again)
    again.resize(1200, 800)
    again.show()
    qtbot.waitExposed(again)
    assert again.tracker_toggle.isChecked() and again.tabs.isVisible()
    qtbot.mouseClick(again.tracker_toggle, Qt.MouseButton.LeftButton)
    assert not again.tabs.isVisible()
    again.hide()

    third = ChartPage(vault, AssessmentScale.load(vault))
    qtbot.addWidget(third)
    assert not third.tracker_toggle.isChecked() and third.tabs.isHidden()


def test_the_total_says_how_many_who_left_are_not_charted(page: ChartPage,
                                                         vault: Vault) -> None:
    assert "<b>8</b> people on the chart · " in page.summary.text()
    assert "left" not in page.summary.text()
    people.add_person(vault, Person(name="Gone Away", left_company_on="2026-01-31"))
    page.refresh()
    # The status bar and the People page count 9; the chart says why it counts 8.
    assert people.people_counts(vault).people == 9
    assert ("<b>8</b> people on the chart (1 who left the company is not charted)"
            in page.summary.text())
    people.add_person(vault, Person(name="Gone Too", left_company_on="2026-02-28"))
    page.refresh()
    assert "(2 who left the company are not charted)" in page.summary.text()
    assert "not on the chart" in page.summary.toolTip()


def test_names_in_the_cell_list_are_not_cut_short_on_a_laptop(
    qtbot: Any, window: MainWindow, vault: Vault, seeded: Seed
) -> None:
    infra, day = seeded.departments["Infrastructure"], seeded.shifts["Day"]
    people.add_person(vault, Person(name="Alexandra Montgomery-Whitfield",
                                    department_id=infra, shift_id=day))
    window.resize(1280, 770)  # 1280×800 less a title bar
    window.show_section(CHART)
    page = window.chart_page
    assert isinstance(page, ChartPage)
    qtbot.wait(20)
    page.grid.select(infra, day)
    tree = page.cell_people
    assert "Alexandra Montgomery-Whitfield" in page.cell_people_names()
    # The name column holds its longest name whole, inside the list's visible width.
    assert tree.columnWidth(0) >= tree.sizeHintForColumn(0)
    assert tree.columnWidth(0) < tree.viewport().width()
    # And the chart beside it still gets most of the width.
    assert page.grid_area.width() > 2 * page.cell_panel.width()


def test_the_grid_uses_the_width_of_a_big_screen(qtbot: Any, window: MainWindow) -> None:
    window.resize(1920, 1040)
    window.show_section(CHART)
    page = window.chart_page
    assert isinstance(page, ChartPage)
    qtbot.wait(20)
    # Day, Night and All shifts share the room instead of leaving half the screen blank.
    room = page.grid_area.viewport().width()
    assert page.grid.width() >= room
    assert page.grid.cell_rect(TOTAL, TOTAL).right() > 0.8 * room


def test_the_page_fits_a_small_screen_with_the_tracker_open(
    qtbot: Any, window: MainWindow
) -> None:
    window.resize(1024, 570)
    window.show_section(CHART)
    page = window.chart_page
    assert isinstance(page, ChartPage)
    page.tracker_toggle.setChecked(True)
    qtbot.wait(20)
    area = window.pages.currentWidget()
    assert isinstance(area, QAbstractScrollArea)
    least, room = page.minimumSizeHint(), area.maximumViewportSize()
    assert least.width() <= room.width() and least.height() <= room.height(), (least, room)
