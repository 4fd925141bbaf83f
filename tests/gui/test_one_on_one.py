"""Logging a one-on-one: keyboard only, drafts that survive, and no silent loss on Esc."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from organizer.core import conversations, follow_ups, people
from organizer.core.vault import Vault
from organizer.gui import messages
from organizer.gui.main_window import PERSON, TODAY, MainWindow
from organizer.gui.one_on_one_dialog import DRAFT_KIND, OneOnOneDialog
from tests.gui.settling import settle
from tests.gui.vault_fixtures import (  # noqa: F401
    Seed,
    focused,
    seed_template_fixture,
    seeded_fixture,
    vault_fixture,
    window_fixture,
)

CTRL = Qt.KeyboardModifier.ControlModifier


def press(qtbot: Any, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
          ) -> None:
    """A key press where the keyboard focus is, as a person's keyboard would send it."""
    qtbot.keyClick(focused(), key, modifier)


def type_text(qtbot: Any, text: str) -> None:
    qtbot.keyClicks(focused(), text)


def activate(qtbot: Any, dialog: OneOnOneDialog) -> OneOnOneDialog:
    """Make the dialog the active window, as the window manager would on opening it."""
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None
                    and QApplication.focusWidget().window() is dialog, timeout=3000)
    return dialog


def open_dialog_with_ctrl_n(qtbot: Any, window: MainWindow) -> OneOnOneDialog:
    press(qtbot, Qt.Key.Key_N, CTRL)
    dialog = window.one_on_one_dialog
    assert dialog is not None and dialog.isVisible()
    return activate(qtbot, dialog)


def test_logging_a_one_on_one_with_the_keyboard_alone(
    qtbot: Any, window: MainWindow, vault: Vault, seeded: Seed
) -> None:
    kim = seeded.people["Kim Rossi"]
    window.show_person(kim)
    window.person_page.name.setFocus()
    dialog = open_dialog_with_ctrl_n(qtbot, window)

    assert dialog.person_id == kim
    assert focused() is dialog.held_on  # the person is chosen: start at the date
    press(qtbot, Qt.Key.Key_Tab)  # channel
    assert focused() is dialog.channel
    press(qtbot, Qt.Key.Key_Down)  # "phone"
    press(qtbot, Qt.Key.Key_Tab)  # OC member
    press(qtbot, Qt.Key.Key_Tab)  # issues
    type_text(qtbot, "on-call load, Parking")
    press(qtbot, Qt.Key.Key_Tab)  # the AEIOU toggle, folded: skip it
    assert focused() is dialog.aeiou_toggle
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.ask
    type_text(qtbot, "Will you sign the letter?")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "Yes, and she will ask two teammates")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "Sign on Friday")
    press(qtbot, Qt.Key.Key_Tab)  # assessment after: 3 -> 2
    assert focused() is dialog.assessment_after
    press(qtbot, Qt.Key.Key_Up)
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "Bring the letter")
    press(qtbot, Qt.Key.Key_Tab)  # follow-up box, ticked by typing the next step
    assert focused() is dialog.follow_up and dialog.follow_up.isChecked()
    press(qtbot, Qt.Key.Key_Tab)  # follow-up date: keep the week-from-now default
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.notes
    type_text(qtbot, "Talked in the quarry canteen")
    press(qtbot, Qt.Key.Key_Return, CTRL)

    assert not dialog.isVisible()
    history = conversations.one_on_ones_for(vault, kim)
    assert len(history) == 1
    saved = conversations.get_one_on_one(vault, history[0].id)
    assert (saved.channel, saved.ask, saved.commitment, saved.notes) == (
        "phone", "Will you sign the letter?", "Sign on Friday", "Talked in the quarry canteen"
    )
    assert (saved.assessment_before, saved.assessment_after) == (3, 2)
    assert people.get_person(vault, kim).assessment == 2
    assert len(saved.issue_ids) == 2
    # It is in the person's history on their page, selected.
    page = window.person_page
    assert window.current_section() == PERSON
    assert page.selected_one_on_one_id() == saved.id
    assert "quarry canteen" in page.one_on_one_text.toPlainText()
    # The follow-up shows on Today, a week from now.
    due = (dt.date.today() + dt.timedelta(days=7)).isoformat()
    assert [(f.due_on, f.description) for f in follow_ups.follow_ups_for(vault, kim)] == [
        (due, "Bring the letter")
    ]
    window.show_section(TODAY)
    settle()  # Today re-reads in the thread pool
    shown = [
        window.today_page.follow_ups.topLevelItem(i).text(1)
        for i in range(window.today_page.follow_ups.topLevelItemCount())
    ]
    assert "Kim Rossi" in shown
    assert conversations.drafts(vault, DRAFT_KIND) == []


def test_from_anywhere_the_person_is_picked_first_by_typing_their_name(
    qtbot: Any, window: MainWindow, vault: Vault, seeded: Seed
) -> None:
    window.today_page.follow_ups.setFocus()
    dialog = open_dialog_with_ctrl_n(qtbot, window)
    assert focused() is dialog.picker
    type_text(qtbot, "noor")
    press(qtbot, Qt.Key.Key_Tab)
    assert dialog.person_id == seeded.people["Noor Khan"]
    assert focused() is dialog.held_on
    # Her current assessment is the default "after".
    assert dialog.assessment_after.currentData() == 1
    dialog.notes.setFocus()
    type_text(qtbot, "Quick hello")
    press(qtbot, Qt.Key.Key_Enter, CTRL)
    assert [s.summary for s in conversations.one_on_ones_for(vault, seeded.people["Noor Khan"])
            ] == ["Quick hello"]


def test_saving_without_a_person_says_so_and_keeps_the_dialog_open(
    qtbot: Any, window: MainWindow, vault: Vault
) -> None:
    dialog = activate(qtbot, window.new_one_on_one())
    dialog.notes.setFocus()
    qtbot.keyClicks(dialog.notes, "Who was this again")
    qtbot.keyClick(dialog.notes, Qt.Key.Key_Return, CTRL)
    assert dialog.isVisible()
    assert "Choose who you talked with" in dialog.error_label.text()
    messages.answer_next(True)  # yes, discard
    dialog.reject()


def test_a_draft_is_kept_in_the_vault_while_typing_and_restored_on_reopen(
    qtbot: Any, window: MainWindow, vault: Vault, seeded: Seed
) -> None:
    ravi = seeded.people["Ravi Kumar"]
    dialog = window.new_one_on_one(ravi)
    qtbot.keyClicks(dialog.ask, "Come to the Thursday meeting?")
    qtbot.keyClicks(dialog.notes, "Asked about the overtime rota")
    # A couple of seconds after typing stops, the form is in the vault.
    qtbot.waitUntil(lambda: conversations.drafts(vault, DRAFT_KIND) != [], timeout=5000)
    (draft,) = conversations.drafts(vault, DRAFT_KIND)
    assert draft.person_id == ravi
    assert draft.body["notes"] == "Asked about the overtime rota"

    # The window goes away without asking (as on lock): the dialog keeps its draft.
    qtbot.keyClicks(dialog.next_step, "Text him Sunday")
    dialog.done(0)
    (draft,) = conversations.drafts(vault, DRAFT_KIND)
    assert draft.body["next_step"] == "Text him Sunday"

    reopened = window.new_one_on_one(ravi)
    assert reopened is not dialog
    assert reopened.ask.text() == "Come to the Thursday meeting?"
    assert reopened.notes.toPlainText() == "Asked about the overtime rota"
    assert reopened.next_step.text() == "Text him Sunday"
    assert reopened.draft_note.isVisibleTo(reopened)
    assert reopened.save()
    # Saving used the draft and dropped it.
    assert conversations.drafts(vault, DRAFT_KIND) == []
    assert len(conversations.one_on_ones_for(vault, ravi)) == 3


def test_escape_with_text_typed_asks_before_discarding(
    qtbot: Any, window: MainWindow, vault: Vault, seeded: Seed
) -> None:
    dialog = window.new_one_on_one(seeded.people["Sam Lee"])
    qtbot.keyClicks(dialog.ask, "Sign the petition?")
    dialog.save_draft()
    assert len(conversations.drafts(vault, DRAFT_KIND)) == 1

    messages.answer_next(False)  # "Keep editing"
    qtbot.keyClick(dialog.ask, Qt.Key.Key_Escape)
    assert dialog.isVisible()
    assert messages.seam.seen[-1].text.startswith("Discard this one-on-one?")
    assert dialog.ask.text() == "Sign the petition?"

    messages.answer_next(True)  # "Discard"
    qtbot.keyClick(dialog.ask, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert conversations.drafts(vault, DRAFT_KIND) == []
    assert conversations.one_on_ones_for(vault, seeded.people["Sam Lee"]) == []


def test_escape_on_an_untouched_dialog_closes_without_asking(
    qtbot: Any, window: MainWindow, seeded: Seed
) -> None:
    dialog = window.new_one_on_one(seeded.people["Sam Lee"])
    qtbot.keyClick(dialog.held_on, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert messages.seam.seen == []
