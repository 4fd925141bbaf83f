"""A person's page: editing, the assessment timeline, copying safely, relationships, issues,
and deletion that names what it erases."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from organizer.core import campaign, conversations, people, search, workplace_issues
from organizer.core.errors import InvalidInput
from organizer.core.vault import Vault
from organizer.gui import messages
from organizer.gui.main_window import PEOPLE, PERSON, MainWindow
from organizer.gui.person_page import DRAFT_KIND, erasure_sentence
from tests.gui.settling import settle
from tests.gui.vault_fixtures import (  # noqa: F401
    Seed,
    seed_template_fixture,
    seeded_fixture,
    vault_fixture,
    window_fixture,
)


def test_editing_fields_and_saving_with_ctrl_s(
    qtbot: Any, window: MainWindow, vault: Vault, seeded: Seed
) -> None:
    ravi = seeded.people["Ravi Kumar"]
    window.show_person(ravi)
    page = window.person_page
    assert page.name.text() == "Ravi Kumar"
    assert page.safe_channel.currentText() == "Signal"
    assert page.assigned_oc_member.currentText() == "Maya Okafor"
    page.code_name.setFocus()
    qtbot.keyClicks(page.code_name, "Falcon")
    page.is_organic_leader.setChecked(True)
    page.shift.setCurrentIndex(page.shift.findData(seeded.shifts["Night"]))
    qtbot.keyClicks(page.start_date, "2021-04-01")
    assert page.has_unsaved_changes()
    qtbot.keyClick(page.code_name, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    saved = people.get_person(vault, ravi)
    assert (saved.code_name, saved.is_organic_leader, saved.shift_id, saved.start_date) == (
        "Falcon", True, seeded.shifts["Night"], "2021-04-01"
    )
    assert page.title.text() == "Falcon"  # the code name goes on screen
    assert not page.has_unsaved_changes()


def test_a_bad_date_is_explained_and_nothing_is_saved(
    qtbot: Any, window: MainWindow, vault: Vault, seeded: Seed
) -> None:
    window.show_person(seeded.people["Ana Silva"])
    page = window.person_page
    qtbot.keyClicks(page.left_company_on, "next week")
    assert not page.save()
    assert "'next week' is not a date" in page.error_label.text()
    assert people.get_person(vault, seeded.people["Ana Silva"]).left_company_on is None


def test_changing_an_assessment_adds_an_entry_to_the_timeline(
    qtbot: Any, window: MainWindow, vault: Vault, seeded: Seed
) -> None:
    sam = seeded.people["Sam Lee"]
    window.show_person(sam)
    page = window.person_page
    assert page.assessments.topLevelItemCount() == 1
    qtbot.mouseClick(page.change_assessment_button, Qt.MouseButton.LeftButton)
    dialog = page.assessment_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.score.setCurrentIndex(dialog.score.findData(2))
    dialog.assessed_by.setCurrentIndex(dialog.assessed_by.findData(seeded.people["Jo Berg"]))
    dialog.basis.setCurrentText("structure test")
    qtbot.keyClicks(dialog.note, "Wore the button all week")
    dialog.accept()

    assert people.get_person(vault, sam).assessment == 2
    timeline = page.assessments
    assert timeline.topLevelItemCount() == 2
    newest = timeline.topLevelItem(0)
    assert [newest.text(c) for c in (1, 2, 3, 5)] == [  # 4: recorded by, on a committee
        "2 · Leaning supportive", "Jo Berg", "structure test", "Wore the button all week"
    ]
    assert timeline.topLevelItem(1).text(1) == "3 · Undecided"
    assert page.badge.score() == 2


def test_copying_the_phone_number_puts_it_on_the_clipboard_for_a_while(
    qtbot: Any, window: MainWindow, vault: Vault, seeded: Seed
) -> None:
    campaign.set_clipboard_clear_seconds(vault, 12)
    window.show_person(seeded.people["Ravi Kumar"])
    page = window.person_page
    qtbot.mouseClick(page.copy_phone_button, Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == "+1 555 0142"
    assert "12 seconds" in page.copied_label.text()
    assert window.clipboard is not None and window.clipboard.holds_ours()
    window.clipboard.clear_if_ours()  # what the timer does after 12 s
    assert QApplication.clipboard().text() == ""


def test_relationships_click_through_to_the_other_person_and_can_be_added(
    qtbot: Any, window: MainWindow, vault: Vault, seeded: Seed
) -> None:
    window.show_person(seeded.people["Ravi Kumar"])
    page = window.person_page
    assert page.relationships.topLevelItem(0).text(0) == "close to Ana Silva"
    page.relationship_kind.setCurrentText("influences")
    qtbot.keyClicks(page.relationship_picker, "Noor")
    page.relationship_picker._take_best()  # Tab or Enter in the picker does this
    assert page.relationship_picker.person_id == seeded.people["Noor Khan"]
    page.add_relationship()
    assert page.relationships.topLevelItemCount() == 2

    page.relationships.itemActivated.emit(page.relationships.topLevelItem(0), 0)
    assert window.current_section() == PERSON
    assert window.person_page.person_id in {seeded.people["Ana Silva"], seeded.people["Noor Khan"]}


def test_issues_are_added_by_typing_and_removed(
    qtbot: Any, window: MainWindow, vault: Vault, seeded: Seed
) -> None:
    kim = seeded.people["Kim Rossi"]
    window.show_person(kim)
    page = window.person_page
    qtbot.keyClicks(page.issue_text, "Return to office")
    qtbot.keyClick(page.issue_text, Qt.Key.Key_Return)
    assert [i.name for i in workplace_issues.issues_for_person(vault, kim)] == [
        "Return to office"
    ]
    page.issues.setCurrentItem(page.issues.topLevelItem(0))
    page.remove_issue()
    assert workplace_issues.issues_for_person(vault, kim) == []


def test_deleting_names_what_will_be_erased_then_erases_it(
    qtbot: Any, window: MainWindow, vault: Vault, seeded: Seed
) -> None:
    ravi = seeded.people["Ravi Kumar"]
    assert search.search(vault, "xylophone")
    window.show_person(ravi)
    page = window.person_page
    messages.answer_next(True)
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)

    question = messages.seam.seen[-1].text
    assert question == (
        "Delete Ravi Kumar? This erases 2 one-on-ones, 1 assessment, 1 follow-up and "
        "1 relationship for good. It cannot be undone."
    )
    with pytest.raises(InvalidInput):
        people.get_person(vault, ravi)
    assert search.search(vault, "xylophone") == []
    assert search.search(vault, "Ravi") == []
    # Back on the People list, which no longer shows them; the form holds nothing of theirs.
    assert window.current_section() == PEOPLE
    model = window.people_page.model
    settle()  # the list re-reads in the thread pool
    assert model.rowCount() == 7 and model.row_of(ravi) == -1
    assert page.name.text() == "" and page.personal_phone.text() == ""


def test_cancelling_the_deletion_keeps_everything(
    qtbot: Any, window: MainWindow, vault: Vault, seeded: Seed
) -> None:
    window.show_person(seeded.people["Lee Novak"])
    messages.answer_next(False)
    assert not window.person_page.ask_delete()
    assert messages.seam.seen[-1].text == (
        "Delete Lee Novak? This erases their record for good. It cannot be undone."
    )
    assert people.get_person(vault, seeded.people["Lee Novak"]).name == "Lee Novak"
    assert window.current_section() == PERSON


def test_the_erasure_sentence_counts_in_plain_words() -> None:
    assert erasure_sentence("Ana", {"one-on-ones": 1, "assessments": 0, "follow-ups": 3}) == (
        "Delete Ana? This erases 1 one-on-one and 3 follow-ups for good. It cannot be undone."
    )
    assert erasure_sentence("Jo", {"drafts": 1}) == (
        "Delete Jo? This erases their record and 1 draft for good. It cannot be undone."
    )


def test_unsaved_edits_become_a_draft_when_the_window_goes_and_come_back(
    qtbot: Any, window: MainWindow, vault: Vault, seeded: Seed
) -> None:
    ana = seeded.people["Ana Silva"]
    window.show_person(ana)
    qtbot.keyClicks(window.person_page.team, "Dispatch")
    window.hide()  # what the app does just before locking
    (draft,) = conversations.drafts(vault, DRAFT_KIND)
    assert draft.person_id == ana and draft.body["team"] == "Dispatch"

    window.show()
    window.person_page.show_person(ana)  # opened again, after unlocking
    page = window.person_page
    assert page.team.text() == "Dispatch"
    assert page.draft_note.isVisibleTo(page)
    assert page.save()
    assert people.get_person(vault, ana).team == "Dispatch"
    assert conversations.drafts(vault, DRAFT_KIND) == []


def test_a_bug_in_a_save_says_internal_error_with_details_and_keeps_the_vault(
    qtbot: Any, window: MainWindow, vault: Vault, seeded: Seed
) -> None:
    """An SQL error the user cannot have caused (here a trigger reading a missing table, as a
    bad migration would leave) is an internal error: never 'damaged, restore your backup'."""
    kim = seeded.people["Kim Rossi"]
    vault.connection.execute(
        "CREATE TEMP TRIGGER broken BEFORE INSERT ON person_issue "
        "BEGIN SELECT count(*) FROM table_a_bad_migration_dropped; END"
    )
    before = [i.name for i in workplace_issues.list_issues(vault)]
    window.show_person(kim)
    page = window.person_page
    messages.answer_next(True)
    qtbot.keyClicks(page.issue_text, "Night-shift pay")
    qtbot.keyClick(page.issue_text, Qt.Key.Key_Return)
    shown = messages.seam.seen[-1]
    assert shown.kind == "warning"
    assert "did not expect" in shown.text and "unchanged" in shown.text
    assert "restore" not in shown.text.lower() and "damaged" not in shown.text.lower()
    assert shown.report.startswith("SQLITE_ERROR in organizer.core.")
    assert "table_a_bad_migration_dropped" not in shown.report
    assert [i.name for i in workplace_issues.list_issues(vault)] == before
    assert workplace_issues.issues_for_person(vault, kim) == []
