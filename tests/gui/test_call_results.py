"""Typing a printed call list's results back in: keys 1-7, Enter to the next person, nothing
recorded before the confirmation, and a draft inside the vault that outlives the sheet."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from organizer import formats
from organizer.core import call_lists
from organizer.core.call_lists import CallListCriteria, CallListOptions, CallResult
from organizer.core.people import PeopleFilter
from organizer.core.vault import Vault
from organizer.gui import call_results_sheet, messages
from organizer.gui.assessment_badge import AssessmentScale
from organizer.gui.call_lists_page import CallListsPage
from organizer.gui.call_results_sheet import CallResultsSheet, Column, describe_recording
from organizer.gui.main_window import CALL_LISTS
from tests.gui.vault_fixtures import (  # noqa: F401
    Seed,
    seed_template_fixture,
    seeded_fixture,
    vault_fixture,
    window_fixture,
)

# The Infrastructure people who are not on the OC, in the list's order (by name).
ON_LIST = ("Ana Silva", "Kim Rossi", "Noor Khan", "Ravi Kumar")
TODAY = dt.date.today()


def save_infrastructure_list(vault: Vault, seeded: Seed) -> str:
    criteria = CallListCriteria(
        people=PeopleFilter(department_ids=frozenset({seeded.departments["Infrastructure"]}))
    )
    built = call_lists.build_call_list(vault, criteria, CallListOptions(per_organizer=False))
    assert [row.name for row in built.rows] == list(ON_LIST)
    return call_lists.save_built(vault, built, "Infrastructure calls", printed=True)


@pytest.fixture
def list_id(vault: Vault, seeded: Seed) -> str:
    return save_infrastructure_list(vault, seeded)


@pytest.fixture
def page(qtbot: Any, vault: Vault, list_id: str) -> Iterator[CallListsPage]:
    widget = CallListsPage(vault, AssessmentScale.load(vault))
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    widget.hide()


def open_sheet(page: CallListsPage, list_id: str) -> CallResultsSheet:
    page.refresh_saved_lists(select=list_id)
    page.results_button.click()
    sheet = page.sheet
    assert sheet is not None and sheet.isVisible()
    return sheet


def type_the_calls(qtbot: Any, sheet: CallResultsSheet) -> None:
    """Ana: reached, with a note; Kim: call back; Noor: left the company. Keys only."""
    table = sheet.table
    table.setFocus()
    assert table.currentIndex().row() == 0 and table.currentIndex().column() == Column.OUTCOME
    qtbot.keyClick(table, Qt.Key.Key_1)
    for _ in range(3):  # Outcome -> Call back on -> Commitment -> Note
        qtbot.keyClick(table, Qt.Key.Key_Tab)
    assert table.currentIndex().column() == Column.NOTE
    qtbot.keyClicks(table, "W")  # typing starts editing the note...
    editor = QApplication.focusWidget()
    assert editor is not table
    qtbot.keyClicks(editor, "orried about the rota")  # ...and the keys go on into it
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # keeps the note, goes to the next person
    qtbot.waitUntil(lambda: table.currentIndex().row() == 1)
    assert table.currentIndex().column() == Column.OUTCOME
    qtbot.keyClick(table, Qt.Key.Key_5)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    qtbot.keyClick(table, Qt.Key.Key_6)
    qtbot.keyClick(table, Qt.Key.Key_X)  # only 1-7 mean something in the Outcome column
    model = sheet.model
    assert [model.index(r, Column.OUTCOME).data() for r in range(4)] == [
        "1 · reached", "5 · call back", "6 · left the company", ""
    ]
    assert model.index(0, Column.NOTE).data() == "Worried about the rota"


def count(vault: Vault, sql: str, *params: object) -> int:
    return int(vault.connection.execute(sql, params).fetchone()[0])


def test_keys_record_each_outcome_after_the_confirmation(
    qtbot: Any, page: CallListsPage, vault: Vault, seeded: Seed, list_id: str,
    answered_messages: messages.MessageSeam,
) -> None:
    sheet = open_sheet(page, list_id)
    assert "1 reached · 2 no answer" in sheet.legend.text()
    sheet.caller.setCurrentIndex(sheet.caller.findData(seeded.people["Maya Okafor"]))
    type_the_calls(qtbot, sheet)
    assert sheet.progress_label.text() == "3 of 4 typed"

    messages.answer_next(True)
    with qtbot.waitSignal(page.data_changed):
        sheet.record_button.click()

    question = answered_messages.seen[-1]
    assert question.text == "Record 3 calls?"
    assert "3 call attempts" in question.detail and "1 call-back" in question.detail
    ana, kim, noor, ravi = (seeded.people[name] for name in ON_LIST)
    maya = seeded.people["Maya Okafor"]
    attempts = dict(vault.connection.execute(
        "SELECT person_id, outcome FROM call_attempt WHERE caller_id = ?", (maya,)
    ).fetchall())
    assert attempts == {ana: "reached", kim: "call back", noor: "left the company"}
    assert count(vault, "SELECT count(*) FROM call_attempt") == 3
    # Reached with a note: a phone one-on-one holding it, and last contact today.
    assert count(vault, "SELECT count(*) FROM one_on_one WHERE person_id = ? AND channel = "
                 "'phone' AND notes = 'Worried about the rota'", ana) == 1
    assert vault.connection.execute(
        "SELECT last_contact_on FROM person WHERE id = ?", (ana,)
    ).fetchone()[0] == TODAY.isoformat()
    # Call back: a follow-up for the caller two days on.
    due = (TODAY + dt.timedelta(days=2)).isoformat()
    assert count(vault, "SELECT count(*) FROM follow_up WHERE person_id = ? AND owner_id = ? "
                 "AND due_on = ? AND done_at IS NULL", kim, maya, due) == 1
    # Left the company: marked so, from the call's day.
    assert vault.connection.execute(
        "SELECT left_company_on FROM person WHERE id = ?", (noor,)
    ).fetchone()[0] == TODAY.isoformat()
    assert count(vault, "SELECT count(*) FROM call_attempt WHERE person_id = ?", ravi) == 0
    # Everything typed is recorded: the draft is gone and the page shows the lists again.
    assert call_lists.results_draft(vault, list_id) is None
    assert page.sheet is None
    assert page.stack.currentWidget() is page.overview
    assert page.status_label.text().startswith("Recorded 3 calls")


def test_cancelling_the_confirmation_records_nothing(
    qtbot: Any, page: CallListsPage, vault: Vault, list_id: str,
    answered_messages: messages.MessageSeam,
) -> None:
    sheet = open_sheet(page, list_id)
    type_the_calls(qtbot, sheet)
    messages.answer_next(False)
    sheet.record_button.click()
    assert answered_messages.seen[-1].text == "Record 3 calls?"
    assert count(vault, "SELECT count(*) FROM call_attempt") == 0
    assert count(vault, "SELECT count(*) FROM one_on_one WHERE channel = 'phone'") == 0
    assert count(vault, "SELECT count(*) FROM follow_up WHERE description LIKE 'Call back%'") == 0
    assert count(vault, "SELECT count(*) FROM person WHERE left_company_on IS NOT NULL") == 0
    assert page.sheet is sheet and sheet.model.results()  # still there to go on with


def test_a_draft_survives_closing_and_reopening_the_sheet(
    qtbot: Any, page: CallListsPage, vault: Vault, seeded: Seed, list_id: str
) -> None:
    sheet = open_sheet(page, list_id)
    sheet.caller.setCurrentIndex(sheet.caller.findData(seeded.people["Jo Berg"]))
    type_the_calls(qtbot, sheet)
    sheet.back_button.click()
    assert page.sheet is None
    draft = call_lists.results_draft(vault, list_id)
    assert draft is not None and len(draft.results) == 3
    assert count(vault, "SELECT count(*) FROM call_attempt") == 0  # a draft records nothing

    reopened = open_sheet(page, list_id)
    assert reopened is not sheet
    model = reopened.model
    assert [model.index(r, Column.OUTCOME).data() for r in range(4)] == [
        "1 · reached", "5 · call back", "6 · left the company", ""
    ]
    assert model.index(0, Column.NOTE).data() == "Worried about the rota"
    assert reopened.caller_id() == seeded.people["Jo Berg"]
    assert reopened.restored_label.isVisible()
    assert "Restored 3 results" in reopened.restored_label.text()


def test_the_draft_is_kept_a_moment_after_typing_and_when_the_window_hides(
    qtbot: Any, window: Any, vault: Vault, seeded: Seed, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(call_results_sheet, "DRAFT_PAUSE_MS", 50)
    list_id = save_infrastructure_list(vault, seeded)
    window.show_section(CALL_LISTS)
    page = window.call_lists_page
    sheet = page.open_results(list_id)
    assert sheet is not None
    sheet.table.setFocus()
    qtbot.keyClick(sheet.table, Qt.Key.Key_2)
    qtbot.waitUntil(lambda: call_lists.results_draft(vault, list_id) is not None, timeout=2000)
    assert "Draft kept" in sheet.draft_label.text()

    qtbot.keyClick(sheet.table, Qt.Key.Key_Return)
    qtbot.keyClick(sheet.table, Qt.Key.Key_3)
    window.hide()  # what the app does just before it locks the vault
    draft = call_lists.results_draft(vault, list_id)
    assert draft is not None
    assert [r.outcome for r in draft.results] == ["no answer", "left message"]


def test_an_error_from_recording_is_one_sentence_and_saves_nothing(
    qtbot: Any, page: CallListsPage, vault: Vault, list_id: str,
    answered_messages: messages.MessageSeam,
) -> None:
    sheet = open_sheet(page, list_id)
    type_the_calls(qtbot, sheet)
    call_lists.delete_call_list(vault, list_id)  # e.g. deleted in another window meanwhile
    messages.answer_next(True, True)
    sheet.record_button.click()
    warning = answered_messages.seen[-1]
    assert warning.kind == "warning"
    assert warning.text == "This call list no longer exists."
    assert count(vault, "SELECT count(*) FROM call_attempt") == 0
    assert count(vault, "SELECT count(*) FROM person WHERE left_company_on IS NOT NULL") == 0


def test_a_note_without_an_outcome_is_pointed_out_before_asking(
    qtbot: Any, page: CallListsPage, vault: Vault, list_id: str,
    answered_messages: messages.MessageSeam,
) -> None:
    sheet = open_sheet(page, list_id)
    model = sheet.model
    model.setData(model.index(0, Column.OUTCOME), "2")
    model.setData(model.index(2, Column.NOTE), "Talk at the gate")
    messages.answer_next(True)
    sheet.record_button.click()
    assert answered_messages.seen[-1].kind == "warning"
    assert "Number 3 has a note" in answered_messages.seen[-1].text
    assert sheet.table.currentIndex().row() == 2
    assert count(vault, "SELECT count(*) FROM call_attempt") == 0


def test_a_chosen_call_back_date_and_clearing_keys(
    qtbot: Any, page: CallListsPage, vault: Vault, seeded: Seed, list_id: str,
    answered_messages: messages.MessageSeam,
) -> None:
    sheet = open_sheet(page, list_id)
    model, table = sheet.model, sheet.table
    later = TODAY + dt.timedelta(days=9)
    model.setData(model.index(1, Column.OUTCOME), "call back")
    assert model.setData(model.index(1, Column.CALL_BACK), later)
    assert model.index(1, Column.CALL_BACK).data() == formats.short_date(later)
    table.setFocus()
    table.setCurrentIndex(model.index(0, Column.OUTCOME))
    qtbot.keyClick(table, Qt.Key.Key_7)
    qtbot.keyClick(table, Qt.Key.Key_Delete)  # changed my mind
    assert model.index(0, Column.OUTCOME).data() == ""
    assert sheet.progress_label.text() == "1 of 4 typed"
    messages.answer_next(True)
    sheet.record_button.click()
    kim = seeded.people["Kim Rossi"]
    assert vault.connection.execute(
        "SELECT due_on FROM follow_up WHERE person_id = ? AND description LIKE 'Call back%'",
        (kim,),
    ).fetchone()[0] == later.isoformat()


def test_the_confirmation_says_what_recording_does() -> None:
    results = [
        CallResult("a", "reached", note="Yes to the petition"),
        CallResult("b", "reached"),
        CallResult("c", "call back"),
        CallResult("d", "left the company"),
        CallResult("e", "no answer"),
    ]
    question, detail = describe_recording(results)
    assert question == "Record 5 calls?"
    assert detail == (
        "This adds 5 call attempts, updates last contact for the 2 people reached, makes 1 "
        "phone one-on-one from the notes and commitments, schedules 1 call-back as follow-up "
        "and marks 1 person as having left the company. Recorded calls cannot be taken back "
        "from this sheet."
    )


def test_one_organizers_section_is_recorded_with_them_as_caller_and_the_rest_waits(
    qtbot: Any, page: CallListsPage, vault: Vault, seeded: Seed,
    answered_messages: messages.MessageSeam,
) -> None:
    criteria = CallListCriteria(
        people=PeopleFilter(department_ids=frozenset({seeded.departments["Infrastructure"]}))
    )
    built = call_lists.build_call_list(vault, criteria, CallListOptions(per_organizer=True))
    list_id = call_lists.save_built(vault, built, "By organizer", printed=True)
    sheet = open_sheet(page, list_id)
    model = sheet.model
    # Maya's calls (Ana, Ravi), then the unassigned (Kim, Noor), as on paper.
    assert [model.index(r, Column.SECTION).data() for r in range(4)] == [
        "Maya Okafor's calls", "", "Unassigned", ""
    ]
    assert sheet.section.isVisibleTo(sheet)
    model.setData(model.index(2, Column.OUTCOME), "2")  # Kim, from the other sheet of paper
    sheet.section.setCurrentIndex(sheet.section.findText("Maya Okafor's calls (2)"))
    maya = seeded.people["Maya Okafor"]
    assert sheet.caller_id() == maya
    assert [sheet.table.isRowHidden(r) for r in range(4)] == [False, False, True, True]
    sheet.table.setFocus()
    qtbot.keyClick(sheet.table, Qt.Key.Key_3)
    assert sheet.progress_label.text() == "1 of 2 typed"

    messages.answer_next(True)
    sheet.record_button.click()
    assert answered_messages.seen[-1].text == "Record 1 call?"
    ana, kim = seeded.people["Ana Silva"], seeded.people["Kim Rossi"]
    assert vault.connection.execute(
        "SELECT person_id, caller_id, outcome FROM call_attempt"
    ).fetchall() == [(ana, maya, "left message")]
    # Kim's result is not recorded yet: it stays on the sheet and in the draft.
    assert page.sheet is sheet
    draft = call_lists.results_draft(vault, list_id)
    assert draft is not None
    assert [(r.person_id, r.outcome) for r in draft.results] == [(kim, "no answer")]
