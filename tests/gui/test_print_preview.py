"""The print preview: page images painted exactly as they print, shown without the print
system; only choosing Print there reaches the operating system's print dialog."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog

from organizer.core import call_lists
from organizer.core.vault import Vault
from organizer.gui.print_preview import PRINT_SYSTEM_NOTE, PreviewDialog
from organizer.reports.call_list_pdf import preview_call_list
from tests.gui.vault_fixtures import (  # noqa: F401
    Seed,
    seed_template_fixture,
    seeded_fixture,
    vault_fixture,
)


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
