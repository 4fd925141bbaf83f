"""Printed copies in the app: a call list saved as PDF from the Call lists page is logged
once, its code on every page; the Printed copies tab lists it, finds it by its code and marks
it destroyed; Today reminds of a copy past its destroy-by date until it is marked destroyed;
a cancelled file or print dialog logs nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QWidget

from organizer.core import printed_copies
from organizer.core.vault import Vault
from organizer.gui import call_lists_page, print_preview
from organizer.gui.assessment_badge import AssessmentScale
from organizer.gui.call_lists_page import CallListsPage
from organizer.gui.main_window import MainWindow
from organizer.gui.printed_copies_ui import (
    DESTROYED,
    FOR,
    PRINTED,
    PrintedCopiesTab,
    overdue_sentence,
)
from tests.gui.settling import settle
from tests.gui.test_call_lists_page import choose, save_pdf_to
from tests.gui.vault_fixtures import (  # noqa: F401
    Seed,
    seed_template_fixture,
    seeded_fixture,
    vault_fixture,
    window_fixture,
)
from tests.reports.test_copy_marks import page_texts


@pytest.fixture
def page(qtbot: Any, vault: Vault) -> Iterator[CallListsPage]:
    widget = CallListsPage(vault, AssessmentScale.load(vault))
    qtbot.addWidget(widget)
    widget.resize(1100, 760)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    widget.hide()


@pytest.fixture
def tab(qtbot: Any, vault: Vault) -> Iterator[PrintedCopiesTab]:
    widget = PrintedCopiesTab(vault)
    qtbot.addWidget(widget)
    widget.resize(900, 500)
    widget.show()
    yield widget
    widget.hide()


def test_saving_a_call_list_logs_one_copy_whose_code_is_on_every_page(
    qtbot: Any, page: CallListsPage, vault: Vault, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    page.update_count()
    settle()
    choose(page.organizer_filter, "Maya Okafor")  # her people, for her
    qtbot.waitUntil(lambda: page.count_label.text() == "2 people", timeout=2000)
    target = tmp_path / "calls.pdf"
    save_pdf_to(qtbot, page, target, monkeypatch)
    settle()
    [copy] = printed_copies.printed_copies(vault)
    assert (copy.kind, copy.printed_for) == ("call list", "Maya Okafor")
    assert copy.destroy_by == page.destroy_by_date.date().toPython().isoformat()
    texts = page_texts(target)
    assert copy.pages == len(texts) >= 1
    for text in texts:
        assert f"Copy {copy.copy_code} · for Maya Okafor" in text

    # With code names, the mark leaves her name out; the log keeps it. "Printed for" typed
    # in goes to the log too.
    choose(page.name_style, "Code names (initials when there is none)")
    page.printed_for.setText("Heron")
    second = tmp_path / "codes.pdf"
    save_pdf_to(qtbot, page, second, monkeypatch)
    settle()
    newest = printed_copies.printed_copies(vault)
    assert len(newest) == 2
    logged = next(c for c in newest if c.id != copy.id)
    assert logged.printed_for == "Heron"
    text = " ".join(page_texts(second))
    assert f"Copy {logged.copy_code} · printed" in text and "Maya" not in text


def test_a_cancelled_save_or_print_dialog_logs_nothing(
    qtbot: Any, page: CallListsPage, vault: Vault, monkeypatch: pytest.MonkeyPatch,
) -> None:
    page.update_count()
    qtbot.waitUntil(lambda: page.save_pdf_button.isEnabled(), timeout=2000)
    monkeypatch.setattr(call_lists_page, "choose_pdf_path", lambda parent, name: None)
    assert page.save_pdf() is None
    monkeypatch.setattr(print_preview, "choose_printer",
                        lambda parent, printer: False)
    assert page.print_list() is False
    settle()
    assert printed_copies.printed_copies(vault) == []


def test_printing_logs_the_copy_after_the_print_dialog(
    qtbot: Any, page: CallListsPage, vault: Vault, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from PySide6.QtPrintSupport import QPrinter

    page.update_count()
    qtbot.waitUntil(lambda: page.print_button.isEnabled(), timeout=2000)
    printers: list[QPrinter] = []

    def choose_printer(parent: QWidget | None, printer: QPrinter) -> bool:
        assert printed_copies.printed_copies(vault) == []  # not before the dialog
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(Path(str(vault.path)).parent / "printed.pdf"))
        printers.append(printer)
        return True

    monkeypatch.setattr(print_preview, "choose_printer", choose_printer)
    assert page.print_list() is True
    [copy] = printed_copies.printed_copies(vault)
    texts = page_texts(Path(str(vault.path)).parent / "printed.pdf")
    assert copy.pages == len(texts)
    assert all(f"Copy {copy.copy_code}" in text for text in texts)


def test_the_tab_lists_finds_and_marks_copies_destroyed(
    tab: PrintedCopiesTab, vault: Vault,
) -> None:
    assert tab.empty_label.isVisibleTo(tab) and not tab.table.isVisibleTo(tab)
    yesterday = dt.date.today() - dt.timedelta(days=1)
    old = printed_copies.record_copy(vault, "call list", printed_for="Maya Okafor",
                                     description="Calls", destroy_by=yesterday)
    new = printed_copies.record_copy(vault, "wall chart")
    tab.refresh()
    assert tab.table.topLevelItemCount() == 2
    codes = {tab.table.topLevelItem(row).text(0) for row in range(2)}
    assert codes == {old.copy_code, new.copy_code}
    # The overdue copy says so in words, not colour alone.
    row = next(tab.table.topLevelItem(r) for r in range(2)
               if tab.table.topLevelItem(r).text(0) == old.copy_code)
    assert row.text(DESTROYED) == "Overdue: shred it" and row.font(DESTROYED).bold()
    assert row.text(FOR) == "Maya Okafor" and row.text(PRINTED)
    assert tab.overdue_label.text() == overdue_sentence(1)

    # Typed back from a page, in lower case and without the dash.
    found = tab.find_code(old.copy_code.lower().replace("-", ""))
    assert found is not None and found.id == old.id
    assert tab.selected_id() == old.id
    assert "Maya Okafor" in tab.found_label.text()
    assert tab.find_code("ZZZZ-ZZZZ") is None
    assert "No printed copy" in tab.found_label.text()

    tab.find_code(old.copy_code)
    assert tab.destroyed_button.text().replace("&", "") == "Mark destroyed"
    assert tab.toggle_destroyed()
    assert printed_copies.find_copy(vault, old.copy_code).destroyed_at is not None
    assert tab.selected_id() == old.id
    assert tab.destroyed_button.text().replace("&", "") == "Not destroyed"
    assert tab.overdue_label.text() == ""
    assert printed_copies.overdue_copies(vault) == []
    assert tab.toggle_destroyed()  # not after all
    assert printed_copies.find_copy(vault, old.copy_code).destroyed_at is None


def test_today_reminds_of_overdue_copies_until_they_are_marked_destroyed(
    qtbot: Any, window: MainWindow, vault: Vault,
) -> None:
    today_page = window.today_page
    today_page.refresh()
    settle()
    assert not today_page.copies_label.isVisibleTo(today_page)
    yesterday = dt.date.today() - dt.timedelta(days=1)
    copies = [printed_copies.record_copy(vault, "call list", destroy_by=yesterday)
              for _ in range(2)]
    printed_copies.record_copy(vault, "call list",
                               destroy_by=dt.date.today() + dt.timedelta(days=3))
    today_page.refresh()
    settle()
    assert today_page.copies_label.isVisibleTo(today_page)
    assert today_page.copies_label.text() == (
        "2 printed copies are past their destroy-by date: shred them and mark them destroyed "
        "in Settings › Printed copies.")
    assert today_page.copies_label.font().bold()
    printed_copies.mark_destroyed(vault, copies[0].id)
    today_page.refresh()
    settle()
    assert today_page.copies_label.text().startswith("1 printed copy is past its")
    printed_copies.mark_destroyed(vault, copies[1].id)
    today_page.refresh()
    settle()
    assert not today_page.copies_label.isVisibleTo(today_page)
