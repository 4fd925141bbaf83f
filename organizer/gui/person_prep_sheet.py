"""A person's prep sheet from their page: its preview (Print… or Save PDF…), where its PDF
is saved, and printing it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QImage
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QWidget

from organizer.core.committee import identity
from organizer.core.errors import OrganizerError
from organizer.core.printed_copies import PrintedCopy
from organizer.core.vault import Vault
from organizer.gui import messages, print_preview, printed_copies_ui
from organizer.gui.print_preview import PreviewDialog
from organizer.i18n import _

if TYPE_CHECKING:
    from organizer.reports.prep_sheet_pdf import PrepSheet

    _PageBase = QWidget  # mixed into PersonPage, a QWidget: type-checked as one
else:
    _PageBase = object


def suggested_prep_sheet_name(today: dt.date | None = None) -> str:
    """"prep-sheet-2026-11-23.pdf": never the person's name."""
    return f"prep-sheet-{(today or dt.date.today()).isoformat()}.pdf"


def choose_prep_sheet_path(parent: QWidget | None, suggested: str) -> Path | None:
    """Ask where to save the prep sheet's PDF; None when cancelled. A seam for tests."""
    from organizer.gui.call_lists_page import choose_pdf_path

    return choose_pdf_path(parent, suggested, _("Save the prep sheet as PDF"))


PREP_SHEET_PRINT, PREP_SHEET_SAVE = "print", "save PDF"


class PrepSheetPreview(PreviewDialog):
    """The prep sheet as it will print, with Print… and Save PDF… (each closes it)."""

    def __init__(self, pages: list[QImage], parent: QWidget | None = None) -> None:
        super().__init__(pages, _("Prep sheet preview"), parent)
        self.choice = PREP_SHEET_PRINT  # what accepting means, unless Save PDF… says otherwise
        buttons = self.findChild(QDialogButtonBox)  # PreviewDialog's, with Print… and Close
        assert buttons is not None
        self.save_button = buttons.addButton(_("Save PDF…"),
                                             QDialogButtonBox.ButtonRole.ActionRole)
        self.save_button.clicked.connect(self.save_pdf)

    def save_pdf(self) -> None:
        self.choice = PREP_SHEET_SAVE
        self.accept()


def show_prep_sheet_preview(parent: QWidget | None, pages: list[QImage]) -> str:
    """The prep sheet's preview: PREP_SHEET_PRINT, PREP_SHEET_SAVE, or "" when closed
    (Close, Esc). A seam for tests."""
    dialog = PrepSheetPreview(pages, parent)
    if parent is not None:
        window = parent.window()
        dialog.resize(max(800, window.width() * 4 // 5), max(600, window.height() * 9 // 10))
    try:
        return dialog.choice if dialog.exec() == QDialog.DialogCode.Accepted else ""
    finally:
        dialog.deleteLater()


class PrepSheetPrinting(_PageBase):
    """PersonPage's prep sheet (mixed into it): reading it, logging the copy, printing it.
    Opening the preview and saving the PDF stay in gui/person_page.py, which calls the
    seams above through its own module (tests replace them there)."""

    vault: Vault  # the page's

    def _prep_sheet(self, person_id: str, today: dt.date) -> PrepSheet | None:
        """The sheet as the vault has it now; None (after saying why) when it cannot be
        made, such as for a person erased meanwhile."""
        from organizer.reports.prep_sheet_pdf import prep_sheet

        try:
            return prep_sheet(self.vault, person_id, today=today)
        except OrganizerError as error:
            messages.warn_error(self, error)
            return None

    def _copy_recipient(self) -> str:
        """Who a prep sheet is for: me, when the vault knows who I am (else no one)."""
        try:
            me = identity.get_identity(self.vault)
        except OrganizerError:
            return ""
        return me.name if me is not None else ""

    def _record_prep_sheet(self) -> tuple[PrintedCopy, str] | None:
        """Log the prep sheet about to be printed or saved. Not whom it is about: the log
        outlives a person erased, and must not keep their name."""
        return printed_copies_ui.record(self, self.vault, "prep sheet",
                                        printed_for=self._copy_recipient())

    def _print_prep_sheet(self, person_id: str, today: dt.date) -> bool:
        """The operating system's print dialog, then the printer (the only path that loads
        the print system); True once printed."""
        from organizer.reports.prep_sheet_pdf import PREP_TITLE, render_prep_sheet

        if self._prep_sheet(person_id, today) is None:
            return False
        printer = print_preview.new_printer("auto", PREP_TITLE)
        if not print_preview.choose_printer(self, printer):
            return False
        sheet = self._prep_sheet(person_id, today)  # as it is once the printer is chosen
        if sheet is None:
            return False
        logged = self._record_prep_sheet()
        if logged is None:
            return False
        copy, mark = logged
        pages = 0
        try:
            pages = render_prep_sheet(printer, sheet, printed_on=today, copy_mark=mark)
        except OrganizerError as error:
            messages.warn_error(self, error)
            return False
        finally:
            printed_copies_ui.finished(self.vault, copy, pages)
        return True
