"""Pages painted once, for any of three ends: a PDF, paper, or the preview's images.

A report lays itself out on a configured paged device and hands back how many pages it has
and a function that draws page n with a QPainter. `paint_pages` draws them onto that device
(a QPdfWriter, or the QPrinter of the explicit Print action); `page_images` draws them onto
plain images for the preview, laid out on a QPdfWriter in memory. Neither the preview nor a
PDF touches Qt's print support, whose CUPS plugin opens network sockets when it loads.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QBuffer, QIODevice, Qt
from PySide6.QtGui import QImage, QPagedPaintDevice, QPainter, QPdfWriter

from organizer.core.errors import OrganizerError
from organizer.i18n import _

DrawPage = Callable[[QPainter, int], None]  # (painter, page number from 1)
Layout = tuple[int, DrawPage]  # (pages, how to draw each)
PREVIEW_DPI = 96


class PdfNotWritten(OrganizerError):
    """The PDF or printout could not be made where asked."""


def paint_pages(device: QPagedPaintDevice, layout: Layout) -> int:
    """Draw every page onto `device`, a new page before each after the first; returns the
    number of pages."""
    count, draw = layout
    painter = QPainter()
    if not painter.begin(device):
        raise PdfNotWritten(_("Organizer could not start printing (is the file or printer "
                              "available?). Nothing was printed."))
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for number in range(1, count + 1):
            if number > 1 and not device.newPage():
                raise PdfNotWritten(
                    _("The printer refused a new page; the printout is incomplete."))
            draw(painter, number)
    finally:
        painter.end()
    return count


def pdf_in_memory(resolution: int, configure: Callable[[QPdfWriter], None],
                  paint: Callable[[QPdfWriter], int], *, title: str = "",
                  creator: str = "") -> tuple[bytes, int]:
    """A PDF painted into memory: its bytes and its number of pages (no file is opened by
    name, so nothing can be swapped in under the writer)."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(resolution)
    writer.setTitle(title)
    writer.setCreator(creator)
    writer.setAuthor("")
    configure(writer)
    pages = paint(writer)
    del writer  # finishes the PDF into the buffer
    data = bytes(buffer.data().data())
    buffer.close()
    return data, pages


def page_images(resolution: int, configure: Callable[[QPdfWriter], None],
                lay_out: Callable[[QPdfWriter], Layout], dpi: int = PREVIEW_DPI
                ) -> list[QImage]:
    """Every page as a white image at `dpi`, drawn exactly as onto paper: laid out on a
    QPdfWriter configured like the real one (in memory, never written), then each page
    drawn onto an image whose fonts resolve at the writer's resolution, scaled down."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(resolution)
    configure(writer)
    count, draw = lay_out(writer)
    page = writer.pageLayout()
    full = page.fullRectPixels(dpi)
    margins = page.paintRectPixels(dpi)
    dots_per_metre = round(resolution / 0.0254)
    images: list[QImage] = []
    for number in range(1, count + 1):
        image = QImage(full.width(), full.height(), QImage.Format.Format_RGB32)
        image.setDotsPerMeterX(dots_per_metre)
        image.setDotsPerMeterY(dots_per_metre)
        image.fill(Qt.GlobalColor.white)
        painter = QPainter(image)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
            painter.translate(margins.left(), margins.top())
            painter.scale(dpi / resolution, dpi / resolution)
            draw(painter, number)
        finally:
            painter.end()
        images.append(image)
    del writer
    buffer.close()
    return images
