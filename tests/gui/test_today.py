"""Today: follow-ups due and overdue (done, rescheduled), recent one-on-ones, who no one has
talked to, the numbers, and what an empty campaign says to do first."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt

from organizer.core import follow_ups, people
from organizer.core.vault import Vault
from organizer.gui.main_window import PEOPLE, PERSON, TODAY, MainWindow
from organizer.gui.today_page import TodayPage, friendly_date
from tests.gui.settling import settle
from tests.gui.vault_fixtures import (  # noqa: F401
    Seed,
    big_template_fixture,
    big_vault_fixture,
    empty_template_fixture,
    empty_vault_fixture,
    finish_qt,
    make_window,
    seed_template_fixture,
    seeded_fixture,
    vault_fixture,
    window_fixture,
)


def follow_up_rows(page: TodayPage) -> list[tuple[str, str, str]]:
    settle()  # Today is read in the thread pool
    tree = page.follow_ups
    return [
        (tree.topLevelItem(i).text(0), tree.topLevelItem(i).text(1), tree.topLevelItem(i).text(2))
        for i in range(tree.topLevelItemCount())
    ]


def test_overdue_follow_ups_are_marked_and_marking_one_done_removes_it(
    qtbot: Any, window: MainWindow, vault: Vault, seeded: Seed
) -> None:
    page = window.today_page
    assert follow_up_rows(page) == [
        ("Overdue 10 days", "Sam Lee", "Ask Sam about the petition"),
        ("In 3 days", "Ana Silva", "Walk Ana through the letter"),
    ]
    overdue = page.follow_ups.topLevelItem(0)
    assert not overdue.icon(0).isNull() and overdue.font(0).bold()
    assert not page.follow_ups.topLevelItem(1).font(0).bold()
    assert "1 overdue" in page.follow_ups_heading.text()

    page.follow_ups.setCurrentItem(overdue)
    qtbot.mouseClick(page.mark_done_button, Qt.MouseButton.LeftButton)
    assert [row[1] for row in follow_up_rows(page)] == ["Ana Silva"]
    (done,) = [f for f in follow_ups.follow_ups_for(vault, seeded.people["Sam Lee"])]
    assert done.done_at is not None
    settle()
    assert "People" not in window.counts_label.text() and "8 people" in window.counts_label.text()


def test_rescheduling_moves_a_follow_up_out_of_the_week(
    qtbot: Any, window: MainWindow, vault: Vault, seeded: Seed
) -> None:
    page = window.today_page
    settle()
    page.follow_ups.setCurrentItem(page.follow_ups.topLevelItem(1))  # Ana, in 3 days
    page.reschedule_date.setDate(QDate.currentDate().addDays(20))
    qtbot.mouseClick(page.reschedule_button, Qt.MouseButton.LeftButton)
    assert [row[1] for row in follow_up_rows(page)] == ["Sam Lee"]
    (moved,) = follow_ups.follow_ups_for(vault, seeded.people["Ana Silva"])
    assert moved.due_on == (dt.date.today() + dt.timedelta(days=20)).isoformat()


def test_recent_one_on_ones_and_people_not_talked_to(
    qtbot: Any, window: MainWindow, seeded: Seed
) -> None:
    page = window.today_page
    recent = page.recent
    settle()
    assert [recent.topLevelItem(i).text(1) for i in range(recent.topLevelItemCount())] == [
        "Ravi Kumar", "Ravi Kumar"
    ]
    assert recent.topLevelItem(0).text(0) == "3 days ago"
    not_contacted = page.not_contacted
    names = {not_contacted.topLevelItem(i).text(0)
             for i in range(not_contacted.topLevelItemCount())}
    assert "Ravi Kumar" not in names and {"Sam Lee", "Noor Khan"} <= names
    assert page.not_contacted_heading.text() == "Not talked to in 30 days (7)"
    assert [c.figure.text() for c in (page.people_count, page.oc_count, page.coverage_count,
                                      page.assessed_count, page.supporters_count)] == [
        "8", "2", "50%", "5", "2"
    ]

    page.recent.itemActivated.emit(recent.topLevelItem(0), 0)
    assert window.current_section() == PERSON
    assert window.person_page.selected_one_on_one_id() == seeded.one_on_ones["ravi"]


def test_double_clicking_a_follow_up_opens_the_person(
    qtbot: Any, window: MainWindow, seeded: Seed
) -> None:
    tree = window.today_page.follow_ups
    settle()
    item = tree.topLevelItem(0)
    rect = tree.visualItemRect(item)
    # A real double-click is press, release, double-click (QTest sends only the last).
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.current_section() == PERSON
    assert window.person_page.person_id == seeded.people["Sam Lee"]


def test_an_empty_campaign_says_what_to_do_first(qtbot: Any, empty_vault: Vault) -> None:
    window = make_window(qtbot, empty_vault)
    page = window.today_page
    settle()
    assert page.body.currentWidget() is page.welcome
    assert page.people_count.figure.text() == "0"
    window.show_section(PEOPLE)
    people_page = window.people_page
    settle()
    assert people_page.stack.currentWidget() is people_page.empty
    assert "No one here yet" in people_page.empty_text.text()
    qtbot.mouseClick(people_page.empty_button, Qt.MouseButton.LeftButton)
    assert window.current_section() == PERSON and window.person_page.person is None
    window.close()


def test_dates_are_said_the_way_people_say_them() -> None:
    today = dt.date(2026, 11, 23)
    assert friendly_date("2026-11-23", today) == "today"
    assert friendly_date("2026-11-22", today) == "yesterday"
    assert friendly_date("2026-11-26", today) == "in 3 days"
    assert friendly_date("2026-11-02", today) == "3 weeks ago"
    assert friendly_date("2025-01-05", today) == "Jan 5, 2025"  # further off: the date
    assert friendly_date(None, today) == "never"


def test_show_all_lists_everyone_not_talked_to_on_the_people_page(
    qtbot: Any, window: MainWindow
) -> None:
    page = window.today_page
    page.show_all_button.show()  # shown when more people wait than the list holds
    qtbot.mouseClick(page.show_all_button, Qt.MouseButton.LeftButton)
    assert window.current_section() == PEOPLE
    people_page = window.people_page
    assert people_page.not_contacted.isChecked()
    assert people_page.not_contacted_days.value() == 30
    settle()
    assert people_page.model.rowCount() == 7


# ----- read when first shown ------------------------------------------------------------------


def test_the_page_reads_when_it_is_first_shown_not_when_it_is_built(
    qtbot: Any, vault: Vault
) -> None:
    page = TodayPage(vault)
    qtbot.addWidget(page)
    assert page.data is None and page.follow_ups.topLevelItemCount() == 0
    page.show()
    assert page.data is None  # read in the thread pool, from the next turn of the loop
    settle()
    assert page.data is not None
    assert [row[1] for row in follow_up_rows(page)] == ["Sam Lee", "Ana Silva"]
    assert page.backup_status.text()
    page.hide()


@pytest.fixture
def big_window(qtbot: Any, big_vault: Vault) -> Iterator[MainWindow]:
    """A window on the big campaign, built not shown."""
    window = MainWindow(big_vault)
    qtbot.addWidget(window)
    yield window
    window.hide()
    finish_qt()


def test_a_big_campaign_fills_today_in_the_background_when_the_window_opens_on_it(
    qtbot: Any, big_window: MainWindow, big_vault: Vault
) -> None:
    page = big_window.today_page
    big_window.show()
    assert big_window.current_section() == TODAY
    qtbot.waitUntil(lambda: page.data is not None, timeout=10_000)
    assert page.data is not None and page.data.counts.people == people.count_people(big_vault)
    assert page.people_count.figure.text() == f"{people.count_people(big_vault):,}"


def test_opening_straight_onto_people_leaves_today_unread_until_it_is_shown(
    qtbot: Any, big_window: MainWindow
) -> None:
    page = big_window.today_page
    big_window.show()
    big_window.show_section(PEOPLE)  # as a window opened onto People does, before any event
    finish_qt()  # every read started so far has finished and been delivered
    assert page.data is None
    big_window.show_section(TODAY)
    qtbot.waitUntil(lambda: page.data is not None, timeout=10_000)
    assert page.follow_ups.topLevelItemCount() + page.recent.topLevelItemCount() > 0


def test_ctrl_d_and_ctrl_r_mark_done_and_reschedule_from_the_keyboard(
    qtbot: Any, window: MainWindow, vault: Vault, seeded: Seed
) -> None:
    page = window.today_page
    settle()
    page.follow_ups.setFocus()
    page.follow_ups.setCurrentItem(page.follow_ups.topLevelItem(1))  # Ana, in 3 days
    page.reschedule_date.setDate(QDate.currentDate().addDays(20))
    qtbot.keyClick(page.follow_ups, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    (moved,) = follow_ups.follow_ups_for(vault, seeded.people["Ana Silva"])
    assert moved.due_on == (dt.date.today() + dt.timedelta(days=20)).isoformat()
    page.follow_ups.setFocus()
    page.follow_ups.setCurrentItem(page.follow_ups.topLevelItem(0))  # Sam, overdue
    qtbot.keyClick(page.follow_ups, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    (done,) = follow_ups.follow_ups_for(vault, seeded.people["Sam Lee"])
    assert done.done_at is not None
