"""Printing from the app: the printer set up for a page size, Qt's print dialog and print
preview, each behind a module-level function that tests replace (a modal dialog would block).

The painting itself lives in organizer.reports (shared with the command line); here is only
the part a person clicks through.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QDialog, QWidget

from organizer.reports.call_list_pdf import configure_page

# Print queues, spoolers and some printers' panels show the document name: keep it neutral,
# never a list's or campaign's name.
DOCUMENT_NAME = "Call list"


def new_printer(page_size: str, document_name: str = DOCUMENT_NAME) -> QPrinter:
    """A high-resolution printer on A4 or Letter ("auto": from the locale), 10 mm margins."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(document_name)
    printer.setCreator("Organizer")
    configure_page(printer, page_size)
    return printer


def choose_printer(parent: QWidget | None, printer: QPrinter) -> bool:
    """Qt's print dialog for `printer`; True when the user chose Print. A seam for tests."""
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("Print")
    # Printing a page range would cut a list mid-section; the whole list or nothing.
    dialog.setOption(QPrintDialog.PrintDialogOption.PrintPageRange, False)
    try:
        return dialog.exec() == QDialog.DialogCode.Accepted
    finally:
        dialog.deleteLater()


def show_preview(
    parent: QWidget | None, printer: QPrinter, paint: Callable[[QPrinter], None]
) -> bool:
    """Qt's print preview, painted by `paint(printer)`; True when the user printed from it.
    A seam for tests."""
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle("Print preview")
    dialog.paintRequested.connect(paint)
    if parent is not None:
        window = parent.window()
        dialog.resize(max(800, window.width() * 4 // 5), max(600, window.height() * 9 // 10))
    try:
        return dialog.exec() == QDialog.DialogCode.Accepted
    finally:
        dialog.deleteLater()
