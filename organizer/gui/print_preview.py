"""Printing from the app: the preview (our own dialog of page images) and, only for the
explicit Print action, the operating system's print dialog and printer, each behind a
module-level function that tests replace (a modal dialog would block).

Why our own preview: Qt's QPrintPreviewDialog needs a QPrinter, and creating a QPrinter loads
Qt's print-system plugin (CUPS on Linux), which opens network sockets. The preview shows
images painted by organizer.reports exactly as the pages print, and never touches the print
system; Qt's print support is imported only when the user chooses Print.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QKeySequence, QPalette, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from organizer import formats
from organizer.i18n import N_, _, ngettext
from organizer.reports.call_list_pdf import configure_page

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

# Print queues, spoolers and some printers' panels show the document name: keep it neutral,
# never a list's or campaign's name.
DOCUMENT_NAME = N_("Call list")
PRINT_SYSTEM_NOTE = N_(
    "Print hands the pages to this computer's print system, which may reach printers over "
    "the network. Preview and Save PDF never use it."
)


def new_printer(page_size: str, document_name: str = DOCUMENT_NAME) -> QPrinter:
    """A high-resolution printer on A4 or Letter ("auto": from the locale), 10 mm margins.
    Only for the Print action: this is where the print system is loaded."""
    from PySide6.QtPrintSupport import QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(_(document_name))
    printer.setCreator("Organizer")
    configure_page(printer, page_size)
    return printer


def choose_printer(parent: QWidget | None, printer: QPrinter) -> bool:
    """The print dialog for `printer`; True when the user chose Print. A seam for tests."""
    from PySide6.QtPrintSupport import QPrintDialog

    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(_("Print (uses this computer's print system)"))
    # Printing a page range would cut a list mid-section; the whole list or nothing.
    dialog.setOption(QPrintDialog.PrintDialogOption.PrintPageRange, False)
    try:
        return dialog.exec() == QDialog.DialogCode.Accepted
    finally:
        dialog.deleteLater()


class PreviewDialog(QDialog):
    """The pages as they will print, one under the other; Print… closes it with Accepted."""

    def __init__(self, pages: list[QImage], title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.pages = pages
        self._zoom = 1.0
        self.labels: list[QLabel] = []
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setSpacing(12)
        column.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        for number in range(1, len(pages) + 1):
            label = QLabel()
            label.setAccessibleName(_("Page {number} of {count}").format(
                number=formats.number(number), count=formats.number(len(pages))))
            label.setStyleSheet("border: 1px solid palette(mid); background: white;")
            column.addWidget(label)
            self.labels.append(label)
        self.page_area = QScrollArea()
        self.page_area.setWidget(holder)
        self.page_area.setWidgetResizable(True)
        self.page_area.setBackgroundRole(QPalette.ColorRole.Dark)

        self.count_label = QLabel(ngettext("{n} page", "{n} pages", len(pages)).format(
            n=formats.number(len(pages))))
        zoom_out = QPushButton(_("Zoom out"))
        zoom_out.clicked.connect(lambda: self.set_zoom(self._zoom / 1.25))
        zoom_in = QPushButton(_("Zoom in"))
        zoom_in.clicked.connect(lambda: self.set_zoom(self._zoom * 1.25))
        QShortcut(QKeySequence.StandardKey.ZoomIn, self, lambda: self.set_zoom(self._zoom * 1.25))
        QShortcut(QKeySequence.StandardKey.ZoomOut, self, lambda: self.set_zoom(self._zoom / 1.25))
        tools = QHBoxLayout()
        tools.addWidget(self.count_label)
        tools.addStretch(1)
        tools.addWidget(zoom_out)
        tools.addWidget(zoom_in)

        self.note = QLabel(_(PRINT_SYSTEM_NOTE))
        self.note.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.print_button = buttons.addButton(_("Print…"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.close_button.setDefault(True)

        layout = QVBoxLayout(self)
        layout.addLayout(tools)
        layout.addWidget(self.page_area, 1)
        layout.addWidget(self.note)
        layout.addWidget(buttons)
        self.set_zoom(1.0)

    def set_zoom(self, zoom: float) -> None:
        self._zoom = min(4.0, max(0.25, zoom))
        for label, image in zip(self.labels, self.pages, strict=True):
            width = max(1, round(image.width() * self._zoom))
            label.setPixmap(QPixmap.fromImage(image).scaledToWidth(
                width, Qt.TransformationMode.SmoothTransformation))


def show_preview(parent: QWidget | None, pages: list[QImage], title: str | None = None
                 ) -> bool:
    """The preview of `pages`; True when the user chose Print… A seam for tests."""
    dialog = PreviewDialog(pages, title or _("Print preview"), parent)
    if parent is not None:
        window = parent.window()
        dialog.resize(max(800, window.width() * 4 // 5), max(600, window.height() * 9 // 10))
    try:
        return dialog.exec() == QDialog.DialogCode.Accepted
    finally:
        dialog.deleteLater()
