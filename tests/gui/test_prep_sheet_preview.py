"""The person page's "Prep sheet…": the sheet is shown first, as it will print, in the real
preview dialog (answered from a timer, as the call list's file dialog is), and only Print or
Save PDF there writes anything; on real vault copies, PDFs read back with pypdf."""

from __future__ import annotations

import datetime as dt
import os
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pypdf
import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from organizer.core import conversations, people
from organizer.core.conversations import OneOnOne
from organizer.core.vault import Vault
from organizer.gui import call_lists_page, messages, person_page, print_preview
from organizer.gui.main_window import MainWindow
from organizer.gui.person_page import PREP_SHEET_PRINT, PersonPage, PrepSheetPreview
from organizer.gui.print_preview import PRINT_SYSTEM_NOTE
from organizer.gui.printed_copies_ui import preview_mark
from organizer.reports.call_list_pdf import CONFIDENTIAL
from organizer.reports.prep_sheet_pdf import ERASED, PREP_TITLE, prep_sheet, preview_prep_sheet
from tests.conftest import WINDOWS, assert_private, posix_modes
from tests.gui.vault_fixtures import (  # noqa: F401
    Seed,
    seed_template_fixture,
    seeded_fixture,
    vault_fixture,
    window_fixture,
)

# The newest conversation's last sentence comes well after the 160 characters that lists
# show of a conversation, so only a sheet that prints it whole has it.
LATEST_ANSWER = (
    "He said the pager rotation got worse again this month, with two nights in a row for "
    "everyone on the team. He will sign the petition once his manager is back from leave. "
    "He wants the xylophone meeting moved to the afternoon."
)


@pytest.fixture
def page(window: MainWindow, seeded: Seed) -> PersonPage:
    """Ravi's page, open in the main window."""
    assert window.show_person(seeded.people["Ravi Kumar"])
    return window.person_page


@pytest.fixture
def no_print_system(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object) -> object:
        raise AssertionError("the preview reached the print system")

    monkeypatch.setattr(print_preview, "new_printer", refuse)
    monkeypatch.setattr(print_preview, "choose_printer", refuse)


class AskedWhere:
    """Stands in for the save dialog: records its caption, answers with `path`."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.captions: list[str] = []

    def __call__(self, _parent: object, suggested: Path, caption: str, *_rest: object
                 ) -> Path | None:
        self.captions.append(caption)
        return self.path


Answer = Callable[[Callable[[PrepSheetPreview], None]], list[PrepSheetPreview]]


@pytest.fixture
def answer_preview() -> Iterator[Answer]:
    """`answer_preview(act)`: once the preview is up, look at it and answer it with `act`;
    the list it returns gets the dialog (it stays empty when no preview came). A preview
    left open is closed, never waited on, and no answer outlives its test."""
    over = [False]

    def answer_with(act: Callable[[PrepSheetPreview], None]) -> list[PrepSheetPreview]:
        seen: list[PrepSheetPreview] = []
        tries = [0]

        def answer() -> None:
            dialog = QApplication.activeModalWidget()
            if not isinstance(dialog, PrepSheetPreview):
                tries[0] += 1
                if tries[0] < 200 and not over[0]:
                    QTimer.singleShot(25, answer)  # not up yet
                return
            seen.append(dialog)
            try:
                act(dialog)
            finally:
                if dialog.isVisible():
                    dialog.reject()

        QTimer.singleShot(0, answer)
        return seen

    yield answer_with
    over[0] = True


def pdf_text(path: Path) -> str:
    return " ".join(" ".join(unicodedata.normalize("NFKC", p.extract_text()).split())
                    for p in pypdf.PdfReader(path).pages)


def test_prep_sheet_shows_the_sheet_as_it_will_print_before_anything_is_written(
    qtbot: Any, page: PersonPage, vault: Vault, seeded: Seed, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch, no_print_system: None,
    answer_preview: Answer,
) -> None:
    asked = AskedWhere(tmp_path / "prep.pdf")
    monkeypatch.setattr(call_lists_page, "choose_save_path", asked)
    ravi = seeded.people["Ravi Kumar"]
    # As it prints, with the copy mark (its code drawn only when printed or saved).
    expected = preview_prep_sheet(prep_sheet(vault, ravi), printed_on=dt.date.today(),
                                  copy_mark=preview_mark())
    looked: list[str] = []

    def look(dialog: PrepSheetPreview) -> None:
        assert dialog.windowTitle() == "Prep sheet preview"  # never the person's name
        assert dialog.count_label.text() == "1 page"
        assert [image.size() for image in dialog.pages] == [expected[0].size()]
        assert dialog.pages[0] == expected[0], "the preview is the sheet as it prints"
        assert dialog.pages[0].height() > dialog.pages[0].width()
        assert not dialog.labels[0].pixmap().isNull()
        assert dialog.print_button.text() == "Print…"
        assert dialog.save_button.text() == "Save PDF…"
        assert dialog.note.text() == PRINT_SYSTEM_NOTE
        assert not list(tmp_path.glob("*.pdf")) and asked.captions == []
        looked.append("looked")
        dialog.close_button.click()

    seen = answer_preview(look)
    page.prep_sheet_button.click()
    assert seen, "Prep sheet… showed no preview"
    assert looked == ["looked"]


def test_closing_the_preview_writes_nothing_and_asks_nothing(
    qtbot: Any, page: PersonPage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    no_print_system: None, answer_preview: Answer,
) -> None:
    asked = AskedWhere(tmp_path / "prep.pdf")
    monkeypatch.setattr(call_lists_page, "choose_save_path", asked)
    seen = answer_preview(lambda dialog: QTest.keyClick(dialog, Qt.Key.Key_Escape))
    assert page.save_prep_sheet() is None
    assert seen, "no preview was shown"
    assert asked.captions == []
    assert list(tmp_path.glob("*.pdf")) == []


def test_save_pdf_in_the_preview_writes_a_private_pdf_with_the_latest_conversation(
    qtbot: Any, page: PersonPage, vault: Vault, seeded: Seed, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch, no_print_system: None,
    answer_preview: Answer,
) -> None:
    ravi = seeded.people["Ravi Kumar"]
    conversations.log_one_on_one(vault, OneOnOne(
        person_id=ravi, held_on=dt.date.today().isoformat(), channel="phone",
        oc_member_id=seeded.people["Maya Okafor"], ask="Will you sign this week?",
        answer=LATEST_ANSWER))
    out = tmp_path / "prep.pdf"
    asked = AskedWhere(out)
    monkeypatch.setattr(call_lists_page, "choose_save_path", asked)
    seen = answer_preview(lambda dialog: dialog.save_button.click())
    assert page.save_prep_sheet() == out
    assert seen and asked.captions == ["Save the prep sheet as PDF"]
    assert_private(out)
    reader = pypdf.PdfReader(out)
    assert len(reader.pages) == 1
    assert reader.metadata is not None and reader.metadata.title == PREP_TITLE
    text = pdf_text(out)
    assert f"{PREP_TITLE}: Ravi Kumar" in text and CONFIDENTIAL in text
    assert " ".join(LATEST_ANSWER.split()) in text, "the latest conversation, whole"
    assert text.index("Will you sign this week?") < text.index("Maybe after payday")


def test_print_in_the_preview_prints_the_sheet_under_a_neutral_name(
    qtbot: Any, page: PersonPage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    printed = tmp_path / "printed.pdf"
    names: list[str] = []

    def choose_printer(_parent: object, printer: QPrinter) -> bool:
        names.append(printer.docName())
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printed))
        return True

    asked = AskedWhere(None)
    monkeypatch.setattr(call_lists_page, "choose_save_path", asked)
    monkeypatch.setattr(person_page, "show_prep_sheet_preview", lambda *_args: PREP_SHEET_PRINT)
    monkeypatch.setattr(print_preview, "choose_printer", choose_printer)
    assert page.save_prep_sheet() is None  # printed, not saved
    assert asked.captions == []
    assert names == [PREP_TITLE]  # print queues never see the person's name
    assert f"{PREP_TITLE}: Ravi Kumar" in pdf_text(printed)


def test_a_person_erased_while_the_preview_is_open_is_not_written(
    qtbot: Any, page: PersonPage, vault: Vault, seeded: Seed, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch, no_print_system: None,
    answer_preview: Answer,
) -> None:
    asked = AskedWhere(tmp_path / "prep.pdf")
    monkeypatch.setattr(call_lists_page, "choose_save_path", asked)

    def erase_then_save(dialog: PrepSheetPreview) -> None:
        people.delete_person(vault, seeded.people["Ravi Kumar"])
        dialog.save_button.click()

    messages.answer_next(True)
    seen = answer_preview(erase_then_save)
    assert page.save_prep_sheet() is None
    assert seen
    assert [m.text for m in messages.seam.seen] == [ERASED]
    assert asked.captions == []  # not even asked where
    assert list(tmp_path.glob("*.pdf")) == []


def test_a_person_erased_before_prep_sheet_gets_one_sentence_and_no_preview(
    qtbot: Any, page: PersonPage, vault: Vault, seeded: Seed, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shown: list[object] = []
    monkeypatch.setattr(person_page, "show_prep_sheet_preview",
                        lambda *args: shown.append(args) or "")
    asked = AskedWhere(tmp_path / "prep.pdf")
    monkeypatch.setattr(call_lists_page, "choose_save_path", asked)
    people.delete_person(vault, seeded.people["Ravi Kumar"])
    messages.answer_next(True)
    assert page.save_prep_sheet() is None
    assert [(m.kind, m.text) for m in messages.seam.seen] == [("warning", ERASED)]
    assert shown == [] and asked.captions == []
    assert list(tmp_path.glob("*.pdf")) == []


@posix_modes
def test_an_unwritable_folder_is_one_plain_message_and_nothing_is_written(
    qtbot: Any, page: PersonPage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    no_print_system: None,
) -> None:
    if not WINDOWS and os.geteuid() == 0:  # chmod does not stop root: a folder that refuses
        folder = Path("/proc/sys")
    else:
        folder = tmp_path / "read-only"
        folder.mkdir()
        folder.chmod(0o500)
    before = sorted(os.listdir(folder))
    monkeypatch.setattr(person_page, "show_prep_sheet_preview",
                        lambda *_args: person_page.PREP_SHEET_SAVE)
    monkeypatch.setattr(person_page, "choose_prep_sheet_path",
                        lambda *_args: folder / "prep.pdf")
    messages.answer_next(True)
    try:
        assert page.save_prep_sheet() is None
        assert sorted(os.listdir(folder)) == before
    finally:
        if folder.is_relative_to(tmp_path):
            folder.chmod(0o700)
    [message] = messages.seam.seen
    assert message.kind == "warning" and not message.report
    assert f"cannot write in {folder}" in message.text
    assert "\n" not in message.text and "Traceback" not in message.text
    assert message.text.endswith(".")
