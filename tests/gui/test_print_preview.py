"""The print preview: page images painted exactly as they print, shown without the print
system; only choosing Print there reaches the operating system's print dialog."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QDialog

from organizer.core import call_lists
from organizer.core.vault import Vault
from organizer.gui import print_preview
from organizer.gui.assessment_badge import AssessmentScale
from organizer.gui.call_lists_page import CallListsPage
from organizer.gui.print_preview import PRINT_SYSTEM_NOTE, PreviewDialog
from organizer.reports.call_list_pdf import preview_call_list
from tests.gui.vault_fixtures import (  # noqa: F401
    Seed,
    seed_template_fixture,
    seeded_fixture,
    vault_fixture,
)


@pytest.fixture
def page(qtbot: Any, vault: Vault) -> Iterator[CallListsPage]:
    widget = CallListsPage(vault, AssessmentScale.load(vault))
    qtbot.addWidget(widget)
    widget.resize(1100, 760)
    widget.show()
    yield widget
    widget.hide()


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


def test_the_preview_dialog_zooms_says_what_print_does_and_print_accepts(
    qtbot: Any, vault: Vault
) -> None:
    call_list = call_lists.build_call_list(
        vault, call_lists.CallListCriteria(), call_lists.CallListOptions())
    pages = preview_call_list(call_list, list_name="Tuesday", printed_on=dt.date.today())
    dialog = PreviewDialog(pages, "Print preview")
    qtbot.addWidget(dialog)
    assert dialog.count_label.text() == f"{len(pages)} page{'' if len(pages) == 1 else 's'}"
    assert dialog.note.text() == PRINT_SYSTEM_NOTE
    width = dialog.labels[0].pixmap().width()
    dialog.set_zoom(2.0)
    assert dialog.labels[0].pixmap().width() == 2 * width
    QTimer.singleShot(0, dialog.print_button.click)
    assert dialog.exec() == QDialog.DialogCode.Accepted
