"""Typed work is never lost or changed by accident: leaving unsaved edits asks Save /
Discard / Cancel (Esc stays), the person page shows that it has unsaved edits, the wheel
scrolls the form instead of changing a drop-down, and a typed next step ticks Follow-up
only until the organizer decides otherwise."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QMessageBox, QScrollArea, QWidget

from organizer.core import people
from organizer.core.vault import Vault
from organizer.gui import messages
from organizer.gui.main_window import PEOPLE, PERSON, MainWindow
from tests.gui.vault_fixtures import (  # noqa: F401
    Seed,
    finish_qt,
    seed_template_fixture,
    seeded_fixture,
    vault_fixture,
    window_fixture,
)


def _wheel(widget: QWidget, notches: int = -3) -> None:
    """Roll the mouse wheel over the middle of `widget` (negative: towards the user)."""
    middle = QPointF(widget.width() / 2, widget.height() / 2)
    event = QWheelEvent(
        middle, QPointF(widget.mapToGlobal(middle.toPoint())), QPoint(0, 0),
        QPoint(0, 120 * notches), Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase, False,
    )
    QApplication.sendEvent(widget, event)


def test_cancel_stays_on_the_page_with_the_edits(
    qtbot: Any, window: MainWindow, vault: Vault, seeded: Seed
) -> None:
    kim = seeded.people["Kim Rossi"]
    window.show_person(kim)
    qtbot.keyClicks(window.person_page.job_title, "Forklift lead")
    messages.answer_next(messages.STAY)
    window.show_section(PEOPLE)
    assert messages.seam.seen[-1].text == "Save your changes to Kim Rossi?"
    assert window.current_section() == PERSON
    assert window.person_page.job_title.text() == "Forklift lead"
    assert people.get_person(vault, kim).job_title == ""
    messages.answer_next(messages.STAY)
    assert window.show_person(seeded.people["Sam Lee"]) is False
    assert window.person_page.person_id == kim


def test_escape_on_the_real_question_stays(
    qtbot: Any, window: MainWindow, vault: Vault, seeded: Seed,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    kim = seeded.people["Kim Rossi"]
    window.show_person(kim)
    qtbot.keyClicks(window.person_page.team, "Yard")
    monkeypatch.setattr(messages.seam, "strict", False)
    asked: list[list[str]] = []

    def press_escape() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        asked.append([button.text() for button in box.buttons()])
        qtbot.keyClick(box, Qt.Key.Key_Escape)

    QTimer.singleShot(0, press_escape)
    window.show_section(PEOPLE)
    assert sorted(asked[0]) == sorted(["Save", "Discard changes", "Cancel"])
    assert window.current_section() == PERSON
    assert window.person_page.team.text() == "Yard"
    assert people.get_person(vault, kim).team == ""


def test_the_page_says_when_it_has_unsaved_edits(
    qtbot: Any, window: MainWindow, seeded: Seed
) -> None:
    window.show_person(seeded.people["Kim Rossi"])
    page = window.person_page
    assert not page.unsaved_label.isVisible() and not page.save_button.isEnabled()
    qtbot.keyClicks(page.team, "Yard")
    assert page.unsaved_label.isVisible() and page.unsaved_label.text().endswith("changes")
    assert page.save_button.isEnabled() and page.revert_button.isEnabled()
    qtbot.mouseClick(page.revert_button, Qt.MouseButton.LeftButton)
    assert page.team.text() == ""
    assert not page.unsaved_label.isVisible() and not page.save_button.isEnabled()
    qtbot.keyClicks(page.team, "Yard")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert not page.unsaved_label.isVisible() and not page.save_button.isEnabled()


def test_the_wheel_scrolls_the_form_and_leaves_drop_downs_alone(
    qtbot: Any, window: MainWindow, seeded: Seed
) -> None:
    window.resize(1024, 560)
    window.show_person(seeded.people["Kim Rossi"])
    page = window.person_page
    channel = page.safe_channel
    form = next(area for area in page.findChildren(QScrollArea)
                if area.isAncestorOf(channel))
    qtbot.waitUntil(lambda: form.verticalScrollBar().maximum() > 0)
    before, scrolled = channel.currentIndex(), form.verticalScrollBar().value()
    page.name.setFocus()
    _wheel(channel)
    assert channel.currentIndex() == before
    assert form.verticalScrollBar().value() > scrolled, "the form scrolled instead"
    assert not page.unsaved_label.isVisible()

    channel.setFocus()  # clicked or tabbed into: the wheel is the organizer's choice
    _wheel(channel, -1)
    assert channel.currentIndex() != before


def test_a_next_step_ticks_follow_up_until_the_organizer_decides(
    qtbot: Any, window: MainWindow, seeded: Seed
) -> None:
    window.show_person(seeded.people["Kim Rossi"])
    dialog = window.new_one_on_one()
    assert not dialog.follow_up.isChecked()
    qtbot.keyClicks(dialog.next_step, "Bring")
    assert dialog.follow_up.isChecked() and dialog.follow_up_on.isEnabled()
    qtbot.mouseClick(dialog.follow_up, Qt.MouseButton.LeftButton)  # not this time
    assert not dialog.follow_up.isChecked()
    qtbot.keyClicks(dialog.next_step, " the letter")
    assert not dialog.follow_up.isChecked(), "the organizer's choice stays"
    messages.answer_next(True)  # discard the one-on-one
    dialog.reject()
