"""Call lists on paper: painted with QPainter onto a QPdfWriter (PDF) or a QPrinter (printing and
print preview). No widgets, so the GUI and the command line share it.

What is printed comes from `organizer.core.call_lists.CallList`, which already holds only what
the options allow (names as chosen, personal phones only or none, chosen columns). This module
adds layout: every page carries the list's name, the date, "Page X of Y" and the
confidentiality line, plus "Printed for" / "Destroy by" when given, and under the
confidentiality line the copy mark when one is given (`copy_mark`, from
`organizer.core.printed_copies`: "Copy K7QM-2XRD · printed Dec 4, 2026"), in a strip of its
own so it never covers anything. With code names or initials
beside phone numbers, every page also says that a phone number identifies a person anyway.

Each organizer's section starts under its heading ("Maya's calls"); a short section goes on
the same page as the one before, below a dashed line to cut along, and one that does not fit
starts a new page. Someone without a personal phone is not a call: they are listed first in
their section, one line each, under "No phone on file: reach in person". Every call is one
block of fixed height that never splits across pages: number and name (bold), phone numbers,
department / shift, assessment, last contact, main issue, seven tick boxes (5 mm squares, for
a pen) for the outcome, a box for the commitment and two ruled lines for notes. Every person
keeps their number on the list, so results are typed back by number. Nothing is drawn within
10 mm of the paper's edge.

The PDF's metadata is neutral ("Call list", "Organizer"): no campaign or list name, no names.
The file is written to a private temporary file beside the target (0600) and renamed into place.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import os
import secrets
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QLocale, QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QGuiApplication,
    QImage,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
)

from organizer import formats
from organizer.core.call_lists import CallList, CallRow, resolve_page_size
from organizer.core.vault import DEFAULT_SCALE, DEFAULT_THRESHOLDS
from organizer.i18n import N_, _
from organizer.platform import current as this_platform
from organizer.reports.pages import Layout, PdfNotWritten, page_images, paint_pages, pdf_in_memory
from organizer.reports.phone_format import format_phone

# Marked for translation, translated where printed: `_(CONFIDENTIAL)`.
CONFIDENTIAL = N_("CONFIDENTIAL: do not copy, shred after use")
IN_PERSON_HEADING = N_("No phone on file: reach in person")
OUTCOME_LABELS: tuple[str, ...] = (
    N_("Reached"), N_("No answer"), N_("Left message"), N_("Wrong number"), N_("Call back"),
    N_("Left the company"), N_("Refused"),
)
PDF_TITLE = N_("Call list")
PDF_CREATOR = "Organizer"
PDF_RESOLUTION = 300
MARGIN_MM = 10.0  # nothing closer to the paper's edge (printers need 4-6 mm)

# Sizes in millimetres and points.
_BOX_MM = 5.0  # tick boxes: a pen tick needs at least 4 mm
_BOX_PITCH_MM = 6.2
_ROW_MIN_MM = 39.0
_ROW_MAX_STRETCH = 1.18
_BODY_PT = 11.0
_NAME_PT = 12.5
_SMALL_PT = 8.0
_LABEL_PT = 10.0
_DETAIL_PT = 10.5
_NUMBER_W_MM = 9.0  # the person's number, right-aligned left of the name
_MARK_PT = 7.5  # the copy mark: small, under the confidentiality line
MARK_MM = 4.0  # the strip the copy mark takes at the foot of a page


_APP: list[QGuiApplication] = []


def ensure_gui_application() -> QGuiApplication:
    """The running QGuiApplication (a QApplication counts), or a new offscreen one for the
    command line: painting text needs one, a window system does not."""
    existing = QGuiApplication.instance()
    if isinstance(existing, QGuiApplication):
        return existing
    if existing is not None:
        raise RuntimeError("a QCoreApplication exists; printing needs a QGuiApplication")
    app = QGuiApplication([sys.argv[0] if sys.argv else "organizer", "-platform", "offscreen"])
    _APP.append(app)
    return app


def system_locale_name() -> str:
    """The locale that decides A4 or Letter: LC_ALL, LC_PAPER, else Qt's system locale."""
    for variable in ("LC_ALL", "LC_PAPER"):
        value = os.environ.get(variable)
        if value:
            return value
    return QLocale.system().name()


def page_size_id(page_size: str) -> QPageSize.PageSizeId:
    size = resolve_page_size(page_size, system_locale_name())
    return QPageSize.PageSizeId.Letter if size == "Letter" else QPageSize.PageSizeId.A4


def configure_page(device: QPagedPaintDevice, page_size: str) -> None:
    """Portrait A4 or Letter ("auto": from the locale) with 10 mm margins. Call it on the
    QPrinter before a print dialog or preview too, so paper and layout agree."""
    layout = QPageLayout(
        QPageSize(page_size_id(page_size)), QPageLayout.Orientation.Portrait,
        QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM), QPageLayout.Unit.Millimeter,
    )
    device.setPageLayout(layout)


# ----- layout -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Placed:
    """One thing on a page, `top` mm from the top of the printable area."""

    kind: str  # "section" (an organizer's heading), "apart heading", "apart" or "call"
    section: int  # index into the list's sections
    top: float
    row: CallRow | None = None  # for "apart" and "call"
    continued: bool = False  # a heading repeated on a new page
    cut: bool = False  # a section heading below another section: a cut line above it


_Page = tuple[_Placed, ...]


class _Painter:
    """Millimetre geometry and cached fonts for one device."""

    def __init__(self, device: QPagedPaintDevice) -> None:
        self.device = device
        self.px_per_mm = device.logicalDpiY() / 25.4
        margins = device.pageLayout().margins(QPageLayout.Unit.Millimeter)
        self.inset_left = max(0.0, MARGIN_MM - margins.left())
        self.inset_top = max(0.0, MARGIN_MM - margins.top())
        inset_right = max(0.0, MARGIN_MM - margins.right())
        inset_bottom = max(0.0, MARGIN_MM - margins.bottom())
        self.width = device.width() / self.px_per_mm - self.inset_left - inset_right
        self.height = device.height() / self.px_per_mm - self.inset_top - inset_bottom
        family = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont).family()
        self.family = family
        self._fonts: dict[tuple[float, bool, bool], tuple[QFont, QFontMetricsF]] = {}

    def font(self, points: float, bold: bool = False, italic: bool = False) -> QFont:
        return self._font(points, bold, italic)[0]

    def metrics(self, points: float, bold: bool = False, italic: bool = False) -> QFontMetricsF:
        return self._font(points, bold, italic)[1]

    def _font(self, points: float, bold: bool, italic: bool) -> tuple[QFont, QFontMetricsF]:
        key = (points, bold, italic)
        if key not in self._fonts:
            font = QFont(self.family)
            font.setPointSizeF(points)
            font.setBold(bold)
            font.setItalic(italic)
            font.setKerning(True)
            self._fonts[key] = (font, QFontMetricsF(font, self.device))
        return self._fonts[key]

    def mm(self, value: float) -> float:
        return value * self.px_per_mm

    def rect(self, x: float, y: float, w: float, h: float) -> QRectF:
        return QRectF(
            self.mm(x + self.inset_left), self.mm(y + self.inset_top), self.mm(w), self.mm(h)
        )

    def text_width_mm(self, text: str, points: float, bold: bool = False) -> float:
        return self.metrics(points, bold).horizontalAdvance(text) / self.px_per_mm

    def fit(
        self, text: str, points: float, width_mm: float, *, bold: bool = False,
        smallest: float | None = None,
    ) -> tuple[QFont, str]:
        """The text in the largest size from `points` down to `smallest` that fits the width;
        elided with "…" at the smallest size only if it still does not fit."""
        size = points
        floor = smallest if smallest is not None else points
        while size >= floor:
            if self.text_width_mm(text, size, bold) <= width_mm:
                return self.font(size, bold), text
            size -= 0.5
        size = floor
        elided = self.metrics(size, bold).elidedText(
            text, Qt.TextElideMode.ElideRight, self.mm(width_mm)
        )
        return self.font(size, bold), elided


@dataclass(frozen=True)
class _Geometry:
    header: float
    section: float
    footer: float
    row: float
    rows_per_page: int
    grid_columns: tuple[float, float]  # widths of the two tick-box columns
    left: float  # width of the text column beside the tick boxes


_CUT_GAP_MM = 6.0  # above a section that starts below another one: room for the cut line
_APART_HEADING_MM = 7.5
_APART_LINE_MM = 6.0
_APART_GAP_MM = 2.5  # between the last person to reach in person and the first call


def _geometry(p: _Painter, has_sections: bool, note: str = "",
              copy_mark: str | None = None) -> _Geometry:
    header = 15.0
    section = 9.0 if has_sections else 0.0
    footer = (13.0 if note else 8.0) + (MARK_MM if copy_mark else 0.0)
    available = p.height - header - section - footer
    rows = max(1, math.floor(available / _ROW_MIN_MM))
    row = min(available / rows, _ROW_MIN_MM * _ROW_MAX_STRETCH)
    label_gap = 1.8
    col_gap = 4.0
    first = max(p.text_width_mm(_(t), _LABEL_PT) for t in OUTCOME_LABELS[:4])
    second = max(p.text_width_mm(_(t), _LABEL_PT) for t in OUTCOME_LABELS[4:])
    grid = (_BOX_MM + label_gap + first + col_gap, _BOX_MM + label_gap + second)
    left = p.width - sum(grid) - 5.0
    return _Geometry(header, section, footer, row, rows, grid, left)


def to_reach_in_person(call_list: CallList) -> list[CallRow]:
    """The people printed apart under "No phone on file: reach in person", not as calls:
    those without a personal phone, when the list prints phones at all."""
    if not call_list.options.phones:
        return []
    return [row for row in call_list.rows if not row.phones]


def honesty_note(call_list: CallList) -> str:
    """What a page with code names or initials beside phone numbers must say: the number
    gives the person away anyway. "" when there is nothing to say."""
    style = call_list.options.name_style
    if style == "name" or not any(row.phones for row in call_list.rows):
        return ""
    if style == "code name":
        return _("Code names hide names, not people: a phone number identifies a person "
                 "anyway. Keep this page as safe as one with full names.")
    return _("Initials hide names, not people: a phone number identifies a person anyway. "
             "Keep this page as safe as one with full names.")


def _paginate(call_list: CallList, p: _Painter, g: _Geometry) -> list[_Page]:
    """Sections flow down the pages: a section starts below the one before when its heading
    and its first person fit, else on a new page; a page break inside a section repeats its
    heading ("continued"). The people to reach in person come first in their section, then
    the calls. Nobody is split across pages; a section with nobody gets no heading."""
    has_sections = g.section > 0
    bottom = p.height - g.footer
    pages: list[_Page] = []
    page: list[_Placed] = []
    y = g.header
    phones = call_list.options.phones
    for index, section in enumerate(call_list.sections):
        apart = [row for row in section.rows if phones and not row.phones]
        calls = [row for row in section.rows if not (phones and not row.phones)]
        items = [("apart", row) for row in apart] + [("call", row) for row in calls]
        heading_here = apart_heading_here = False
        for position, (kind, row) in enumerate(items):
            height = _APART_LINE_MM if kind == "apart" else g.row
            # A little room between the section's last person to reach in person and its
            # first call.
            gap = (_APART_GAP_MM if kind == "call" and heading_here and page[-1].kind == "apart"
                   else 0.0)
            need = gap + height
            if kind == "apart" and not apart_heading_here:
                need += _APART_HEADING_MM
            if not heading_here:
                need += g.section + (_CUT_GAP_MM if has_sections and page else 0.0)
            if page and y + need > bottom + 0.01:
                pages.append(tuple(page))
                page, y, gap = [], g.header, 0.0
                heading_here = apart_heading_here = False
            if not heading_here:
                if has_sections:
                    cut = bool(page)
                    y += _CUT_GAP_MM if cut else 0.0
                    page.append(_Placed("section", index, y, continued=position > 0, cut=cut))
                    y += g.section
                heading_here = True
            if kind == "apart" and not apart_heading_here:
                page.append(_Placed("apart heading", index, y, continued=position > 0))
                y += _APART_HEADING_MM
                apart_heading_here = True
            y += gap
            page.append(_Placed(kind, index, y, row))
            y += height
    if page or not pages:
        pages.append(tuple(page))
    return pages


# ----- drawing ------------------------------------------------------------------------------

_BLACK = QColor("#000000")
_GREY = QColor("#555555")
_RULE = QColor("#8a8a8a")


def _draw_text(
    painter: QPainter, p: _Painter, rect: QRectF, text: str, font: QFont,
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft, colour: QColor = _BLACK,
) -> None:
    painter.setFont(font)
    painter.setPen(colour)
    painter.drawText(rect, int(align | Qt.AlignmentFlag.AlignVCenter), text)


def _line(painter: QPainter, p: _Painter, x1: float, y1: float, x2: float, y2: float,
          width_mm: float, colour: QColor) -> None:
    pen = QPen(colour)
    pen.setWidthF(p.mm(width_mm))
    painter.setPen(pen)
    painter.drawLine(
        QPointF(p.mm(x1 + p.inset_left), p.mm(y1 + p.inset_top)),
        QPointF(p.mm(x2 + p.inset_left), p.mm(y2 + p.inset_top)),
    )


def _draw_header(
    painter: QPainter, p: _Painter, g: _Geometry, *, list_name: str, printed_on: dt.date,
    page: int, pages: int, call_list: CallList, campaign_name: str | None,
) -> None:
    page_text = page_of(page, pages)
    page_width = p.text_width_mm(page_text, _LABEL_PT) + 2
    font, name = p.fit(list_name, 14, p.width - page_width - 4, bold=True, smallest=11)
    _draw_text(painter, p, p.rect(0, 0, p.width - page_width - 2, 7), name, font)
    _draw_text(painter, p, p.rect(p.width - page_width, 0, page_width, 7), page_text,
               p.font(_LABEL_PT), Qt.AlignmentFlag.AlignRight)
    facts = [printed_text(printed_on)]
    if campaign_name:
        facts.append(campaign_name)
    if call_list.options.printed_for.strip():
        facts.append(_("Printed for {name}").format(name=call_list.options.printed_for.strip()))
    if call_list.options.destroy_by:
        facts.append(_("Destroy by {date}").format(
            date=formats.short_date(call_list.options.destroy_by)))
    if not call_list.options.phones:
        facts.append(_("No phone numbers on this list"))
    font, text = p.fit("   ·   ".join(facts), _LABEL_PT, p.width, smallest=8)
    _draw_text(painter, p, p.rect(0, 7.2, p.width, 5.2), text, font, colour=_BLACK)
    _line(painter, p, 0, g.header - 1.5, p.width, g.header - 1.5, 0.5, _BLACK)


def level_label(label: str) -> str:
    """An assessment level's label as printed: the default scale's words in the reader's
    language, a label the committee chose as they typed it."""
    return _(label) if label in {default for _score, default, _colour in DEFAULT_SCALE} \
        else label


def threshold_label(label: str) -> str:
    """A threshold's label as printed: the defaults translated, the committee's own as typed."""
    return _(label) if label in {default for _percent, default in DEFAULT_THRESHOLDS} \
        else label


def page_of(page: int, pages: int) -> str:
    """"Page 2 of 5", at the top of every printed page."""
    return _("Page {page} of {pages}").format(page=page, pages=pages)


def printed_text(day: dt.date) -> str:
    """"Printed Dec 4, 2026": when the page was printed, on every printed page."""
    # Translators: {date} is the day the page was printed, e.g. "Dec 4, 2026".
    return _("Printed {date}").format(date=formats.short_date(day))


def continued(heading: str) -> str:
    """A heading repeated at the top of the next page."""
    # Translators: a heading repeated on the next page, e.g. "Maya's calls (continued)".
    return _("{heading} (continued)").format(heading=heading)


def _draw_section_title(painter: QPainter, p: _Painter, g: _Geometry, placed: _Placed,
                        title: str) -> None:
    top = placed.top
    if placed.cut:
        # Sections sharing a page: a dashed line to cut along, so each caller can still be
        # handed only their own people.
        y = top - _CUT_GAP_MM / 2
        pen = QPen(_GREY)
        pen.setWidthF(p.mm(0.3))
        pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        # Translators: printed beside a dashed line to cut a sheet of paper along.
        label = _("cut here")
        label_w = p.text_width_mm(label, _SMALL_PT) + 2
        painter.drawLine(p.rect(0, y, 0, 0).topLeft(),
                         p.rect(p.width - label_w - 1, y, 0, 0).topLeft())
        _draw_text(painter, p, p.rect(p.width - label_w, y - 2, label_w, 4), label,
                   p.font(_SMALL_PT), Qt.AlignmentFlag.AlignRight, _GREY)
    text = continued(title) if placed.continued else title
    font, text = p.fit(text, 15, p.width, bold=True, smallest=11)
    _draw_text(painter, p, p.rect(0, top, p.width, g.section - 1.5), text, font)


def draw_copy_mark(painter: QPainter, p: _Painter, top: float, copy_mark: str | None) -> None:
    """The copy mark, small and grey, centred in the MARK_MM strip from `top` mm down."""
    if not copy_mark:
        return
    font, text = p.fit(copy_mark, _MARK_PT, p.width, smallest=6.0)
    _draw_text(painter, p, p.rect(0, top, p.width, MARK_MM), text, font,
               Qt.AlignmentFlag.AlignHCenter, _GREY)


def _draw_footer(painter: QPainter, p: _Painter, g: _Geometry, note: str = "",
                 copy_mark: str | None = None) -> None:
    top = p.height - g.footer
    if note:
        font, note = p.fit(note, _DETAIL_PT - 1, p.width, smallest=7.5)
        italic = QFont(font)
        italic.setItalic(True)
        _draw_text(painter, p, p.rect(0, top, p.width, 4.5), note, italic,
                   Qt.AlignmentFlag.AlignHCenter)
        top += 5.0
    _line(painter, p, 0, top + 1.5, p.width, top + 1.5, 0.3, _BLACK)
    _draw_text(painter, p, p.rect(0, top + 2, p.width, 6), _(CONFIDENTIAL),
               p.font(_LABEL_PT, bold=True), Qt.AlignmentFlag.AlignHCenter)
    draw_copy_mark(painter, p, top + 8.0, copy_mark)


def last_contact_text(day: str | None, printed_on: dt.date) -> str:
    """"Last contact 12 days ago": what a caller needs, short enough for one line."""
    if not day:
        return _("Last contact: never")
    try:
        when = dt.date.fromisoformat(day[:10])
    except ValueError:
        # Translators: {date} is a date as it was typed in.
        return _("Last contact {date}").format(date=day)
    if when > printed_on:
        return _("Last contact {date}").format(date=formats.short_date(when))
    # Translators: {when} is "today", "yesterday", "12 days ago", "5 weeks ago"...
    return _("Last contact {when}").format(when=formats.relative_date(when, today=printed_on))


def _details(row: CallRow, columns: Sequence[str], printed_on: dt.date) -> tuple[str, str]:
    first = []
    place = " / ".join(v for v in (row.department, row.shift) if v)
    if place:
        first.append(place)
    if "assessment" in columns and row.assessment:
        first.append(level_label(row.assessment))
    second = []
    if "last contact" in columns:
        second.append(last_contact_text(row.last_contact_on, printed_on))
    if "main issue" in columns and row.main_issue:
        second.append(_("Issue: {issue}").format(issue=row.main_issue))
    return "   ·   ".join(first), "   ·   ".join(second)


def _draw_row(painter: QPainter, p: _Painter, g: _Geometry, row: CallRow, top: float,
              columns: Sequence[str], printed_on: dt.date, separator: bool) -> None:
    number_w = _NUMBER_W_MM
    text_w = g.left - number_w
    # Number and name.
    y = top + 1.8
    _draw_text(painter, p, p.rect(0, y, number_w - 1.5, 6.5), str(row.number),
               p.font(_LABEL_PT), Qt.AlignmentFlag.AlignRight, _GREY)
    font, name = p.fit(row.name, _NAME_PT, text_w, bold=True, smallest=10)
    _draw_text(painter, p, p.rect(number_w, y, text_w, 6.5), name, font)
    # Phones (none on a list that prints no phones: the details move up).
    y += 6.6
    if row.phones:
        # Translators: printed between two phone numbers of the same person.
        either = _("or")
        phones = f"    {either}    ".join(format_phone(n) for n in row.phones)
        font, phones = p.fit(phones, _NAME_PT, text_w, smallest=9)
        _draw_text(painter, p, p.rect(number_w, y, text_w, 6.0), phones, font)
        y += 6.2
    # Details.
    first, second = _details(row, columns, printed_on)
    for text in (first, second):
        if text:
            font, text = p.fit(text, _DETAIL_PT, text_w, smallest=8.5)
            _draw_text(painter, p, p.rect(number_w, y, text_w, 5.0), text, font)
            y += 5.0
    # Tick boxes: 1-4 in the first column, 5-7 in the second (the GUI's keys 1-7).
    box_pen = QPen(_BLACK)
    box_pen.setWidthF(p.mm(0.35))
    grid_x = p.width - sum(g.grid_columns)
    label_font = p.font(_LABEL_PT)
    for index, label in enumerate(_(label) for label in OUTCOME_LABELS):
        column, line = divmod(index, 4)
        x = grid_x + (g.grid_columns[0] if column else 0.0)
        y_box = top + 1.8 + line * _BOX_PITCH_MM
        painter.setPen(box_pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(p.rect(x, y_box, _BOX_MM, _BOX_MM))
        _draw_text(painter, p, p.rect(x + _BOX_MM + 1.8, y_box - 0.5, 40, _BOX_MM + 1),
                   label, label_font)
    # Commitment box and notes lines, filling the rest of the row.
    writing_top = top + 1.8 + 4 * _BOX_PITCH_MM + 1.2
    writing_h = top + g.row - 2.0 - writing_top
    commit_w = min(80.0, p.width * 0.42)
    pen = QPen(_BLACK)
    pen.setWidthF(p.mm(0.3))
    painter.setPen(pen)
    painter.drawRect(p.rect(number_w, writing_top, commit_w - number_w, writing_h))
    small = p.font(_SMALL_PT)
    _draw_text(painter, p, p.rect(number_w + 1.2, writing_top + 0.3, 40, 3.6),
               _("Commitment"), small, colour=_GREY)
    notes_x = commit_w + 4.0
    _draw_text(painter, p, p.rect(notes_x, writing_top + 0.3, 30, 3.6), _("Notes"), small,
               colour=_GREY)
    for fraction in (0.5, 1.0):
        line_y = writing_top + writing_h * fraction
        _line(painter, p, notes_x, line_y, p.width, line_y, 0.25, _RULE)
    # Separator from the next call (the footer's rule closes a page's last one).
    if separator:
        _line(painter, p, 0, top + g.row, p.width, top + g.row, 0.2, _RULE)


def _draw_apart_heading(painter: QPainter, p: _Painter, placed: _Placed) -> None:
    text = continued(_(IN_PERSON_HEADING)) if placed.continued else _(IN_PERSON_HEADING)
    _draw_text(painter, p, p.rect(0, placed.top + 1.0, p.width, _APART_HEADING_MM - 2.0), text,
               p.font(_BODY_PT, bold=True, italic=True))


def _draw_apart_row(painter: QPainter, p: _Painter, row: CallRow, top: float,
                    columns: Sequence[str], printed_on: dt.date, separator: bool) -> None:
    """One line: number, name, and the details a caller would get, without tick boxes."""
    y = top + 0.5
    _draw_text(painter, p, p.rect(0, y, _NUMBER_W_MM - 1.5, 5.0), str(row.number),
               p.font(_LABEL_PT), Qt.AlignmentFlag.AlignRight, _GREY)
    name_w = min(p.text_width_mm(row.name, _BODY_PT, bold=True) + 0.5, p.width * 0.4)
    font, name = p.fit(row.name, _BODY_PT, name_w, bold=True, smallest=9)
    _draw_text(painter, p, p.rect(_NUMBER_W_MM, y, name_w, 5.0), name, font)
    details = "   ·   ".join(t for t in _details(row, columns, printed_on) if t)
    if details:
        x = _NUMBER_W_MM + name_w + 4.0
        font, details = p.fit(details, _LABEL_PT, p.width - x, smallest=8)
        _draw_text(painter, p, p.rect(x, y, p.width - x, 5.0), details, font)
    if separator:
        _line(painter, p, _NUMBER_W_MM, top + _APART_LINE_MM, p.width, top + _APART_LINE_MM,
              0.15, _RULE)


def render_call_list(
    device: QPagedPaintDevice,
    call_list: CallList,
    *,
    list_name: str,
    printed_on: dt.date,
    campaign_name: str | None = None,
    copy_mark: str | None = None,
) -> int:
    """Paint the list onto a configured device (QPdfWriter, QPrinter, the printer of a
    QPrintPreviewDialog). Returns the number of pages. Needs a QGuiApplication (see
    `ensure_gui_application`); call `configure_page` first to get the options' paper size.
    `copy_mark` is printed small at the foot of every page."""
    return paint_pages(device, lay_out_call_list(
        device, call_list, list_name=list_name, printed_on=printed_on,
        campaign_name=campaign_name, copy_mark=copy_mark))


def lay_out_call_list(
    device: QPagedPaintDevice,
    call_list: CallList,
    *,
    list_name: str,
    printed_on: dt.date,
    campaign_name: str | None = None,
    copy_mark: str | None = None,
) -> Layout:
    """The list's pages on a configured device: how many, and how to draw each."""
    ensure_gui_application()
    p = _Painter(device)
    has_sections = any(s.title for s in call_list.sections)
    note = honesty_note(call_list)
    g = _geometry(p, has_sections, note, copy_mark)
    pages = _paginate(call_list, p, g)
    columns = call_list.options.columns

    def draw(painter: QPainter, number: int) -> None:
        page = pages[number - 1]
        _draw_header(painter, p, g, list_name=list_name, printed_on=printed_on,
                     page=number, pages=len(pages), call_list=call_list,
                     campaign_name=campaign_name)
        if not page:
            _draw_text(painter, p, p.rect(0, g.header + g.section + 4, p.width, 8),
                       _("No one is on this list."), p.font(_BODY_PT, italic=True))
        for index, placed in enumerate(page):
            after = page[index + 1] if index + 1 < len(page) else None
            separator = after is not None and after.kind == placed.kind
            if placed.kind == "section":
                _draw_section_title(painter, p, g, placed,
                                    call_list.sections[placed.section].title)
            elif placed.kind == "apart heading":
                _draw_apart_heading(painter, p, placed)
            elif placed.kind == "apart" and placed.row is not None:
                _draw_apart_row(painter, p, placed.row, placed.top, columns, printed_on,
                                separator)
            elif placed.row is not None:
                _draw_row(painter, p, g, placed.row, placed.top, columns, printed_on,
                          separator)
        _draw_footer(painter, p, g, note, copy_mark)

    return len(pages), draw


def preview_call_list(call_list: CallList, *, list_name: str, printed_on: dt.date,
                      campaign_name: str | None = None,
                      copy_mark: str | None = None) -> list[QImage]:
    """The list's pages as images, exactly as they print, without the print system."""
    ensure_gui_application()
    return page_images(
        PDF_RESOLUTION, lambda writer: configure_page(writer, call_list.options.page_size),
        lambda writer: lay_out_call_list(writer, call_list, list_name=list_name,
                                         printed_on=printed_on, campaign_name=campaign_name,
                                         copy_mark=copy_mark))


def render_call_list_pdf(
    call_list: CallList,
    out_path: Path | str,
    *,
    list_name: str,
    printed_on: dt.date,
    campaign_name: str | None = None,
    copy_mark: str | None = None,
) -> int:
    """Write the list as a PDF at `out_path` (0600, via a temporary file renamed into place).
    Returns the number of pages."""
    return write_pdf(
        out_path, call_list.options.page_size,
        lambda writer: render_call_list(writer, call_list, list_name=list_name,
                                        printed_on=printed_on, campaign_name=campaign_name,
                                        copy_mark=copy_mark),
    )


def write_pdf(
    out_path: Path | str, page_size: str, paint: Callable[[QPdfWriter], int], *,
    title: str = PDF_TITLE,
) -> int:
    """Paint a PDF with `paint(writer) -> pages` in memory, write it to a private temporary
    file beside `out_path` (created new, 0600, never through a symlink), then rename it into
    place. Metadata: `title` (a message marked with N_, translated here), creator
    "Organizer"."""
    ensure_gui_application()
    out_path = Path(out_path).expanduser().absolute()
    folder = out_path.parent
    if not folder.is_dir():
        raise PdfNotWritten(_("The folder {folder} does not exist. Choose an existing "
                              "folder.").format(folder=folder))
    if out_path.is_dir():
        raise PdfNotWritten(_("{path} is a folder. Give a file name ending in .pdf.").format(
            path=out_path))
    data, pages = pdf_in_memory(PDF_RESOLUTION, lambda writer: configure_page(writer, page_size),
                                paint, title=_(title), creator=PDF_CREATOR)
    if not data:
        raise PdfNotWritten(_("Organizer could not write the PDF in {folder}.").format(
            folder=folder))
    temporary = folder / f".{out_path.name}.{secrets.token_hex(4)}.tmp"
    system = this_platform()
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | system.NO_FOLLOW | system.NO_INHERIT
    try:
        fd = os.open(temporary, flags, 0o600)
    except OSError as error:
        raise PdfNotWritten(
            _("Organizer cannot write in {folder} ({problem}). Choose another folder.").format(
                folder=folder, problem=error.strerror)
        ) from None
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temporary, out_path)
        with contextlib.suppress(OSError):
            dir_fd = os.open(folder, os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)
    except BaseException as error:
        with contextlib.suppress(OSError):
            temporary.unlink()
        if isinstance(error, OSError):
            raise PdfNotWritten(
                _("Organizer could not write the PDF in {folder} ({problem}).").format(
                    folder=folder, problem=error.strerror)
            ) from None
        raise
    return pages


# ----- the one-on-one prep sheet: in prep_sheet_pdf.py ---------------------------------------

_PREP_SHEET_NAMES = frozenset({
    "PREP_TITLE", "PREP_ITEMS_PER_SECTION", "PrepSheet", "prep_sheet", "render_prep_sheet",
    "render_prep_sheet_pdf",
})


def __getattr__(name: str) -> Any:
    """The prep sheet's names, still importable from here, where they used to live (looked
    up on use: prep_sheet_pdf imports this module)."""
    if name in _PREP_SHEET_NAMES:
        from organizer.reports import prep_sheet_pdf

        return getattr(prep_sheet_pdf, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
