"""The Call lists page: choosing who to call, the live count, saving a PDF or printing through
the dialog seams, and the saved lists (open, rename, delete) on real vault files."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pypdf
import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QImage
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit, QWidget

from organizer.core import call_lists, structure_tests
from organizer.core.call_lists import CallListOptions
from organizer.core.vault import Vault
from organizer.gui import call_lists_page, messages, print_preview
from organizer.gui.assessment_badge import AssessmentScale
from organizer.gui.call_lists_page import EMPTY_TEXT, REMINDER, CallListsPage
from organizer.gui.main_window import CALL_LISTS, PEOPLE
from tests.conftest import assert_private
from tests.gui.settling import settle
from tests.gui.vault_fixtures import (  # noqa: F401
    CAMPAIGN,
    Seed,
    big_template_fixture,
    big_vault_fixture,
    seed_template_fixture,
    seeded_fixture,
    vault_fixture,
    window_fixture,
)

INFRASTRUCTURE = ("Ana Silva", "Kim Rossi", "Noor Khan", "Ravi Kumar")
NOT_INFRASTRUCTURE = ("Sam Lee", "Lee Novak", "Jo Berg")


@pytest.fixture
def page(qtbot: Any, vault: Vault) -> Iterator[CallListsPage]:
    widget = CallListsPage(vault, AssessmentScale.load(vault))
    qtbot.addWidget(widget)
    widget.resize(1100, 760)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    widget.hide()


def choose(combo: Any, text: str) -> None:
    index = combo.findText(text)
    assert index >= 0, f"{text!r} is not offered"
    combo.setCurrentIndex(index)


def pdf_text(path: Path) -> str:
    pages = pypdf.PdfReader(path).pages
    return " ".join(
        " ".join(unicodedata.normalize("NFKC", p.extract_text()).split()) for p in pages
    )


def save_pdf_to(
    qtbot: Any, page: CallListsPage, target: Path, monkeypatch: pytest.MonkeyPatch
) -> list[str]:
    """Press Save PDF with the file dialog answered by `target`; returns what it suggested."""
    suggested: list[str] = []

    def choose_pdf_path(parent: QWidget | None, name: str) -> Path:
        suggested.append(name)
        return target

    monkeypatch.setattr(call_lists_page, "choose_pdf_path", choose_pdf_path)
    with qtbot.waitSignal(page.list_saved, timeout=10_000):
        page.save_pdf_button.click()
    return suggested


def test_a_department_filter_counts_and_saves_a_pdf_of_exactly_those_people(
    qtbot: Any, page: CallListsPage, vault: Vault, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    page.update_count()
    settle()  # counted in the thread pool
    assert page.count_label.text() == "6 people"  # everyone but the two OC members
    choose(page.department_filter, "Infrastructure")
    qtbot.waitUntil(lambda: page.count_label.text() == "4 people", timeout=2000)
    page.per_organizer.setChecked(False)
    page.list_name.setText("Tuesday phone bank")
    target = tmp_path / "out" / "calls.pdf"
    target.parent.mkdir()

    suggested = save_pdf_to(qtbot, page, target, monkeypatch)

    assert suggested == [f"call-list-{dt.date.today().isoformat()}.pdf"]
    assert_private(target)
    text = pdf_text(target)
    positions = [text.find(name) for name in INFRASTRUCTURE]
    assert all(p >= 0 for p in positions), text
    assert positions == sorted(positions)  # in the order printed: by name
    for name in NOT_INFRASTRUCTURE:
        assert name not in text
    assert "Tuesday phone bank" in text
    assert CAMPAIGN not in text
    # The saved list is on the left, printed today, with its four people in paper order.
    assert page.saved.topLevelItemCount() == 1
    item = page.saved.topLevelItem(0)
    assert item is not None
    assert (item.text(0), item.text(1), item.text(2)) == ("Tuesday phone bank", "4", "today")
    saved = call_lists.saved_call_lists(vault)
    assert [(s.name, s.people, s.printed_at is not None) for s in saved] == [
        ("Tuesday phone bank", 4, True)
    ]
    reopened = call_lists.open_call_list(vault, saved[0].id)
    assert [row.name for row in reopened.rows] == list(INFRASTRUCTURE)
    assert "Shred" in page.status_label.text()


def test_code_names_keep_real_names_off_the_pdf_and_the_hint_says_why(
    qtbot: Any, page: CallListsPage, seeded: Seed, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert "safer on paper" in page.name_hint.text()
    choose(page.department_filter, "Infrastructure")
    page.name_style.setCurrentIndex(page.name_style.findData("initials"))
    assert "initials" in page.name_hint.text().lower()
    target = tmp_path / "initials.pdf"
    save_pdf_to(qtbot, page, target, monkeypatch)
    text = pdf_text(target)
    for name in (*INFRASTRUCTURE, "Maya Okafor"):  # Maya heads her section by initials too
        for part in name.split():
            assert part not in text
    assert "R.K." in text and "M.O." in text


def test_cancelling_the_file_dialog_writes_and_saves_nothing(
    page: CallListsPage, vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(call_lists_page, "choose_pdf_path", lambda parent, name: None)
    page.save_pdf_button.click()
    assert call_lists.saved_call_lists(vault) == []
    assert not list(tmp_path.glob("*.pdf"))
    assert page.saved_empty.text() == EMPTY_TEXT
    assert page.saved_stack.currentWidget() is page.saved_empty


def test_printing_saves_the_list_once_however_often_it_is_printed(
    qtbot: Any, page: CallListsPage, vault: Vault, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    printed: list[Path] = []

    def choose_printer(parent: QWidget | None, printer: QPrinter) -> bool:
        assert printer.docName() == "Call list"  # print queues never see a list's name
        out = tmp_path / f"printed-{len(printed)}.pdf"
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        printed.append(out)
        return True

    monkeypatch.setattr(print_preview, "choose_printer", choose_printer)
    choose(page.department_filter, "Sales")
    qtbot.waitUntil(lambda: page.count_label.text() == "2 people", timeout=2000)
    assert page.print_list()
    assert page.print_list()
    text = pdf_text(printed[-1])
    assert "Sam Lee" in text and "Lee Novak" in text and "Ravi Kumar" not in text
    assert "Jo Berg's calls" in text  # one section per organizer by default
    assert len(call_lists.saved_call_lists(vault)) == 1
    # A changed list is a new list.
    page.name_style.setCurrentIndex(page.name_style.findData("code name"))
    assert page.print_list()
    assert len(call_lists.saved_call_lists(vault)) == 2


def test_declining_the_print_dialog_saves_nothing(
    page: CallListsPage, vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(print_preview, "choose_printer", lambda parent, printer: False)
    assert not page.print_list()
    assert call_lists.saved_call_lists(vault) == []


def test_nobody_matching_disables_output_and_says_so(
    qtbot: Any, page: CallListsPage
) -> None:
    choose(page.department_filter, "Sales")
    page.follow_up_due.setChecked(True)  # Sam's follow-up is overdue; Lee has none
    qtbot.waitUntil(lambda: page.count_label.text() == "1 person", timeout=2000)
    page.leaders_only.setChecked(True)
    qtbot.waitUntil(lambda: page.count_label.text() == "No one matches", timeout=2000)
    assert not page.save_pdf_button.isEnabled()
    assert not page.print_button.isEnabled()


def test_structure_test_participation_picks_who_said_yes_but_has_not_done_it(
    qtbot: Any, page: CallListsPage, vault: Vault, seeded: Seed
) -> None:
    assert not page.structure_test.isVisibleTo(page)  # no tests yet: nothing to choose
    test_id = structure_tests.add_structure_test(vault, "Sign the petition", 60)
    structure_tests.set_participation(
        vault, test_id, [seeded.people["Ana Silva"], seeded.people["Kim Rossi"]], "committed"
    )
    structure_tests.set_participation(vault, test_id, [seeded.people["Sam Lee"]], "did it")
    page.hide()
    page.show()  # tests are read again when the page is shown
    assert page.structure_test.isVisibleTo(page)
    assert not page.participation_row.isEnabled()
    choose(page.structure_test, "Sign the petition")
    assert page.participation_row.isEnabled()
    page.participation["committed"].setChecked(True)
    qtbot.waitUntil(lambda: page.count_label.text() == "2 people", timeout=2000)
    page.participation["did it"].setChecked(True)
    qtbot.waitUntil(lambda: page.count_label.text() == "3 people", timeout=2000)
    criteria = page.current_criteria()
    assert criteria.structure_test_id == test_id
    assert criteria.participation_statuses == {"committed", "did it"}
    built = call_lists.build_call_list(vault, criteria)
    assert sorted(row.name for row in built.rows) == ["Ana Silva", "Kim Rossi", "Sam Lee"]


def test_an_assessment_range_counts_both_ends(qtbot: Any, page: CallListsPage) -> None:
    page.assessment_from.setCurrentIndex(page.assessment_from.findData(2))
    assert page.assessment_to.isEnabled() and page.assessment_to.currentData() == 2
    qtbot.waitUntil(lambda: page.count_label.text() == "1 person", timeout=2000)  # Ana
    page.assessment_to.setCurrentIndex(page.assessment_to.findData(3))
    qtbot.waitUntil(lambda: page.count_label.text() == "4 people", timeout=2000)  # +Sam, Kim, Ravi
    assert page.current_criteria().people.assessments == {2, 3}


def test_rename_and_delete_ask_first(
    page: CallListsPage, vault: Vault, monkeypatch: pytest.MonkeyPatch,
    answered_messages: messages.MessageSeam,
) -> None:
    built = call_lists.build_call_list(vault)
    list_id = call_lists.save_built(vault, built, "Old name", printed=True)
    page.refresh_saved_lists()
    assert page.selected_list_id() == list_id

    monkeypatch.setattr(call_lists_page, "ask_list_name", lambda parent, label, text: "Night")
    page.rename_button.click()
    assert [s.name for s in call_lists.saved_call_lists(vault)] == ["Night"]

    messages.answer_next(False)
    page.delete_button.click()
    assert answered_messages.seen[-1].text == "Delete the call list “Night”?"
    assert len(call_lists.saved_call_lists(vault)) == 1
    messages.answer_next(True)
    page.delete_button.click()
    assert call_lists.saved_call_lists(vault) == []
    assert page.saved_stack.currentWidget() is page.saved_empty


def test_the_page_reminds_that_paper_leaks_and_is_in_the_main_window(
    window: Any,
) -> None:
    window.show_section(CALL_LISTS)
    page = window.current_page()
    assert isinstance(page, CallListsPage)
    assert page.reminder.text() == REMINDER
    for widget in (page.saved, page.department_filter, page.count_label, page.name_style,
                   page.destroy_by_date, page.page_size, page.list_name):
        assert widget.accessibleName(), widget


def test_the_pdf_file_dialog_forgets_the_folders_it_visited(
    qtbot: Any, tmp_path: Path, qt_settings_folder: Path
) -> None:
    hidden = tmp_path / "ZZsecret-print-folder"
    hidden.mkdir()

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(50, answer)  # not up yet
            return
        try:
            assert dialog.findChild(QLineEdit, "fileNameEdit").text().startswith("call-list-")
            dialog.setDirectory(str(hidden))
            dialog.findChild(QLineEdit, "fileNameEdit").setText("tuesday.pdf")
            dialog.accept()
        finally:
            if dialog.isVisible():
                dialog.reject()

    QTimer.singleShot(0, answer)
    chosen = call_lists_page.choose_pdf_path(None, call_lists_page.suggested_pdf_name())
    assert chosen == hidden / "tuesday.pdf"
    written = "\n".join(
        p.read_text(errors="replace") for p in qt_settings_folder.rglob("*") if p.is_file()
    )
    assert "ZZsecret-print-folder" not in written


# ----- the live count waits until the page is shown ---------------------------------------------


def test_the_count_is_read_when_the_page_is_shown_not_when_it_is_built(
    qtbot: Any, vault: Vault
) -> None:
    widget = CallListsPage(vault, AssessmentScale.load(vault))
    qtbot.addWidget(widget)
    assert widget.count_label.text() == ""  # built: nothing read yet
    assert widget.department_filter.count() == 0
    widget.show()
    qtbot.waitExposed(widget)
    settle()
    assert widget.count_label.text() == "6 people"  # everyone but the two OC members
    assert widget.department_filter.findText("Infrastructure") >= 0
    widget.hide()


def test_the_window_builds_the_call_lists_page_when_it_is_first_shown(
    qtbot: Any, window: Any
) -> None:
    window.show_section(PEOPLE)
    assert window.findChildren(CallListsPage) == []  # unlocking did not build or count it
    window.show_section(CALL_LISTS)
    page = window.current_page()
    assert isinstance(page, CallListsPage) and page is window.call_lists_page
    assert window.findChildren(CallListsPage) == [page]
    settle()
    assert page.count_label.text() == "6 people"
    assert window.current_section() == CALL_LISTS == window.navigation.currentRow()


def test_a_big_campaign_counts_in_the_background_once_shown(
    qtbot: Any, big_vault: Vault
) -> None:
    widget = CallListsPage(big_vault, AssessmentScale.load(big_vault))
    qtbot.addWidget(widget)
    widget.show()
    assert widget.count_label.text() == "Counting…"
    expected = call_lists.build_call_list(
        big_vault, widget.current_criteria(), CallListOptions(columns=())
    ).people_count
    assert expected > 1000
    qtbot.waitUntil(lambda: widget.count_label.text() == f"{expected:,} people", timeout=10_000)
    assert widget.save_pdf_button.isEnabled()
    widget.hide()


# ----- the preview: page images, no print system -------------------------------------------


def _no_print_system(*_args: object) -> object:
    raise AssertionError("the preview reached the print system")


def test_preview_shows_every_page_and_closing_it_prints_and_saves_nothing(
    page: CallListsPage, vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[list[QImage]] = []

    def preview(_parent: object, pages: list[QImage], title: str = "") -> bool:
        shown.append(pages)
        return False

    monkeypatch.setattr(print_preview, "show_preview", preview)
    monkeypatch.setattr(print_preview, "new_printer", _no_print_system)
    monkeypatch.setattr(print_preview, "choose_printer", _no_print_system)
    assert page.preview() is False
    assert len(shown) == 1 and shown[0], "the preview had pages"
    first = shown[0][0]
    assert first.height() > first.width(), "portrait pages"
    assert not first.isNull()
    assert call_lists.saved_call_lists(vault) == []


def test_choosing_print_in_the_preview_opens_the_print_dialog(
    page: CallListsPage, vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    def choose_printer(_parent: object, printer: Any) -> bool:
        asked.append(printer.docName())
        return False  # the person cancels the print dialog

    monkeypatch.setattr(print_preview, "show_preview", lambda *_args: True)
    monkeypatch.setattr(print_preview, "choose_printer", choose_printer)
    assert page.preview() is False
    assert asked == ["Call list"]
    assert call_lists.saved_call_lists(vault) == []
