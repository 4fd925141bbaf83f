"""The global search box: names and the words of notes and one-on-ones, as you type."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from organizer.core.vault import Vault
from organizer.gui.main_window import PERSON, MainWindow
from tests.gui.vault_fixtures import (  # noqa: F401
    Seed,
    seed_template_fixture,
    seeded_fixture,
    vault_fixture,
    window_fixture,
)


def results_shown(window: MainWindow) -> list[str]:
    results = window.search_box.results
    return [results.item(i).text() for i in range(results.count())]


def test_a_word_of_a_one_on_ones_notes_finds_it_and_enter_opens_it(
    qtbot: Any, window: MainWindow, seeded: Seed
) -> None:
    window.today_page.follow_ups.setFocus()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    box = window.search_box
    assert box.hasFocus()
    qtbot.keyClicks(box, "xyloph")  # as you type: the last word is a prefix
    qtbot.waitUntil(lambda: box.results.isVisible(), timeout=3000)
    assert len(box.hits) == 1
    hit = box.hits[0]
    assert (hit.kind, hit.person) == ("one-on-one", "Ravi Kumar")
    assert "xylophone" in results_shown(window)[0]

    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert window.current_section() == PERSON
    page = window.person_page
    assert page.person_id == seeded.people["Ravi Kumar"]
    assert page.selected_one_on_one_id() == seeded.one_on_ones["ravi"]
    assert "xylophone" in page.one_on_one_text.toPlainText()
    assert not box.results.isVisible() and box.text() == ""


def test_names_come_first_and_the_arrow_keys_choose_a_hit(
    qtbot: Any, window: MainWindow, seeded: Seed
) -> None:
    window.person_page.name.setFocus()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    box = window.search_box
    assert box.hasFocus()
    qtbot.keyClicks(box, "lee")
    qtbot.waitUntil(lambda: box.results.isVisible(), timeout=3000)
    assert {h.person for h in box.hits} == {"Sam Lee", "Lee Novak"}
    assert all(h.kind == "person" for h in box.hits)
    qtbot.keyClick(box, Qt.Key.Key_Down)
    second = box.hits[1]
    qtbot.keyClick(box, Qt.Key.Key_Enter)
    assert window.person_page.person_id == second.person_id


def test_no_match_says_so_and_escape_closes_then_clears(
    qtbot: Any, window: MainWindow, vault: Vault
) -> None:
    box = window.search_box
    window.focus_search()
    qtbot.keyClicks(box, "quetzalcoatl")
    qtbot.waitUntil(lambda: box.results.isVisible(), timeout=3000)
    assert results_shown(window) == ["Nothing matches “quetzalcoatl”."]
    qtbot.keyClick(box, Qt.Key.Key_Return)  # nothing to open
    assert window.current_section() != PERSON
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    assert not box.results.isVisible() and box.text() == "quetzalcoatl"
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    assert box.text() == ""


def test_clicking_a_hit_opens_that_person(qtbot: Any, window: MainWindow, seeded: Seed) -> None:
    box = window.search_box
    window.focus_search()
    qtbot.keyClicks(box, "Ana")
    qtbot.waitUntil(lambda: box.results.isVisible(), timeout=3000)
    results = box.results
    rect = results.visualItemRect(results.item(0))
    qtbot.mouseClick(results.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.current_section() == PERSON
    assert window.person_page.person_id == seeded.people["Ana Silva"]


def test_enter_before_the_results_arrive_opens_the_first_hit_when_they_do(
    qtbot: Any, window: MainWindow, seeded: Seed
) -> None:
    box = window.search_box
    window.focus_search()
    box.setText("xyloph")  # typed, and Enter before the typing pause ends
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert box.searching  # the search runs in the thread pool; Enter waits for it
    qtbot.waitUntil(lambda: window.current_section() == PERSON, timeout=10_000)
    assert window.person_page.person_id == seeded.people["Ravi Kumar"]
    assert window.person_page.selected_one_on_one_id() == seeded.one_on_ones["ravi"]
