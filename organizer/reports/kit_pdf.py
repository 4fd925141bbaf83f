"""A recovery kit on paper: one page per share, for the member who keeps it.

Each page says which share it is ("Share 2 of 5, any 3 restore"), who it is for (or a line to
write a name on), what it is, its words (numbered, large, in columns read top to bottom), what
to do with it and what never to do. Nothing on the page or in the PDF's metadata names the
campaign, and the file is named kit-share-2-of-5.pdf whoever it is for.

Painted with QPainter like every report (organizer.reports.pages), written from memory to a
new private file (`call_list_pdf.write_pdf`: 0600, never through a symlink, renamed into
place). `make_recovery_kit` is `kit.make_kit` with these pages as its `write_share`; with
`log_copies` each share's page is logged as a printed copy (`organizer.core.printed_copies`)
and carries its copy mark at the foot of the page.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QImage,
    QPagedPaintDevice,
    QPainter,
    QPen,
)

from organizer import formats
from organizer.core import printed_copies
from organizer.core.backup import kit
from organizer.core.backup.kit import KitShare, RecoveryKit
from organizer.core.vault import Vault
from organizer.i18n import N_, _, ngettext
from organizer.reports.call_list_pdf import (
    PDF_RESOLUTION,
    configure_page,
    ensure_gui_application,
    write_pdf,
)
from organizer.reports.pages import Layout, page_images, paint_pages

KIT_TITLE = N_("Recovery kit share")  # the PDF's title, translated there
_GREY = QColor(90, 90, 90)
_RULE = QColor(150, 150, 150)
_WRAP = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop) | int(
    Qt.TextFlag.TextWordWrap)
_TOP_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
_TOP_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
_BOX_PAD = 5.0  # mm inside the words' box
_GAP = 4.0  # mm between blocks
_NUMBER_W = 10.0  # mm for a word's number


def made_on_text(day: dt.date) -> str:
    return formats.short_date(day)


def page_texts(share: KitShare) -> dict[str, str | list[str]]:
    """Every sentence a share's page prints, by block (tests read them back)."""
    k, n = share.threshold, share.count
    made = made_on_text(share.made_on)
    return {
        "kicker": _("ORGANIZER  ·  RECOVERY KIT"),
        # Translators: {date} is the day the kit was made.
        "made": _("Made {date}").format(date=made),
        "title": _("Share {number} of {count}, any {k} restore").format(
            number=share.number, count=n, k=k),
        # Translators: {date} is the day the kit was made.
        "intro": _(
            "These words are one piece of the passphrase that opens your committee's encrypted "
            "backups. One piece alone reveals nothing. Any {k} of the {n} pieces together open "
            "the backups made from {date} on (until the backup passphrase is changed), and a "
            "backup holds the whole campaign: so each piece is kept by a different member."
        ).format(k=k, n=n, date=made),
        "words": ngettext("The {n} word of this share, in order",
                          "The {n} words of this share, in order",
                          len(share.words)).format(n=len(share.words)),
        "hint": _("When typing them in, the first four letters of each word are enough."),
        "do_heading": _("What to do with it"),
        "do": [
            _("Keep this page at home, safe and dry, away from the other shares: in an "
              "envelope with your important papers, say."),
            # Translators: "Restore from backup…" and the quoted sentence are the app's own
            # menu item and option: use their translations.
            _("If the committee loses its backup passphrase (a lost laptop, an organizer who "
              "leaves), {k} members with shares meet in person with a backup file and type "
              "their words into Organizer: Restore from backup…, then \"I have recovery "
              "shares instead of the passphrase\".").format(k=k),
            _("If this page is lost or someone else may have seen it, tell the committee: it "
              "makes a new kit, and everyone destroys their old page."),
        ],
        "never_heading": _("Never"),
        "never": [
            _("photograph it, scan it or copy it;"),
            _("type these words into a phone, or into any computer except to restore in "
              "Organizer;"),
            _("keep two shares together, or give yours to someone who holds another;"),
            _("bring it to work."),
        ],
        # Translators: {file} is the share's file name (kit-share-2-of-5), never translated.
        "footer": _("{file}  ·  SLIP-39 words (an open standard) with a built-in check that "
                    "catches a wrong word.").format(file=share.file_name.removesuffix(".pdf")),
    }


class _Geometry:
    """Millimetres and fonts on one device."""

    def __init__(self, device: QPagedPaintDevice) -> None:
        self.device = device
        self.px_per_mm = device.logicalDpiY() / 25.4
        self.width = device.width() / self.px_per_mm
        self.height = device.height() / self.px_per_mm
        self.family = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont).family()

    def font(self, points: float, bold: bool = False) -> QFont:
        font = QFont(self.family)
        font.setPointSizeF(points)
        font.setBold(bold)
        # No ligatures: "fi" in "firm" stays two letters, on paper and in the PDF's text.
        font.setFeature(QFont.Tag("liga"), 0)
        return font

    def mm(self, value: float) -> float:
        return value * self.px_per_mm

    def rect(self, x: float, y: float, w: float, h: float) -> QRectF:
        return QRectF(self.mm(x), self.mm(y), self.mm(w), self.mm(h))

    def text_height(self, text: str, font: QFont, width: float) -> float:
        """Millimetres that `text` wrapped to `width` mm takes."""
        metrics = QFontMetricsF(font, self.device)
        bound = metrics.boundingRect(QRectF(0, 0, self.mm(width), 1e6), _WRAP, text)
        return bound.height() / self.px_per_mm

    def line_height(self, font: QFont) -> float:
        return QFontMetricsF(font, self.device).height() / self.px_per_mm


@dataclass(frozen=True)
class _Sizes:
    word_pt: float
    columns: int
    row: float  # mm per row of words


def _word_sizes(words: int) -> list[_Sizes]:
    """Largest first: two columns for a 20-word share; three, then four, for longer ones."""
    points = (20, 18, 16, 15, 14, 13, 12, 11, 10)
    if words <= 24:
        return [_Sizes(pt, 2, pt * 0.42 + 1.6) for pt in points]
    return [_Sizes(pt, columns, pt * 0.42 + 1.6) for columns in (3, 4) for pt in points
            if pt <= 16]


_MARK_PT = 7.5


def lay_out_share(device: QPagedPaintDevice, share: KitShare,
                  copy_mark: str | None = None) -> Layout:
    """One page: laid out on a configured device (`configure_page`), drawn by the result;
    `copy_mark` small at the very foot of the page."""
    ensure_gui_application()
    g = _Geometry(device)
    texts = page_texts(share)
    intro_font, body_font = g.font(11.5), g.font(10.5)
    heading_font = g.font(12.5, bold=True)
    do_w, never_w = _advice_widths(g)
    header = 6.0 + g.line_height(g.font(24, bold=True)) + 2.0 + g.line_height(g.font(15)) + 3.0
    intro = g.text_height(str(texts["intro"]), intro_font, g.width)
    do_height = _list_height(g, texts["do"], body_font, do_w, numbered=True)
    never_height = _list_height(g, texts["never"], body_font, never_w - 8.0,
                                numbered=False) + 4.0
    advice = 2.0 + g.line_height(heading_font) + 2.0 + max(do_height, never_height)
    footer = g.line_height(g.font(8.5)) + 2.0
    if copy_mark:
        footer += g.line_height(g.font(_MARK_PT)) + 0.5
    rows_of = len(share.words)
    box_fixed = 2 * _BOX_PAD + g.line_height(g.font(11, bold=True)) + 3.0 + \
        g.line_height(g.font(9.5)) + 2.0
    sizes = _word_sizes(rows_of)[-1]
    for candidate in _word_sizes(rows_of):
        rows = -(-rows_of // candidate.columns)
        total = header + intro + _GAP + box_fixed + rows * candidate.row + _GAP + advice + footer
        if total <= g.height:
            sizes = candidate
            break

    def draw(painter: QPainter, _number: int) -> None:
        _draw_share(painter, g, share, texts, sizes, header, copy_mark)

    return 1, draw


def _advice_widths(g: _Geometry) -> tuple[float, float]:
    """"What to do" (the longer list) and the boxed "Never", side by side."""
    do_w = (g.width - 6.0) * 0.56
    return do_w, g.width - 6.0 - do_w


def _list_height(g: _Geometry, items: object, font: QFont, width: float, *,
                 numbered: bool) -> float:
    assert isinstance(items, list)
    indent = 6.0 if numbered else 4.0
    return sum(g.text_height(str(item), font, width - indent) + 1.6 for item in items)


def _draw_share(painter: QPainter, g: _Geometry, share: KitShare,
                texts: dict[str, str | list[str]], sizes: _Sizes, header: float,
                copy_mark: str | None = None) -> None:
    text = painter.drawText
    painter.setPen(_GREY)
    painter.setFont(g.font(9, bold=True))
    text(g.rect(0, 0, g.width, 6), _TOP_LEFT, str(texts["kicker"]))
    painter.setFont(g.font(9))
    text(g.rect(0, 0, g.width, 6), _TOP_RIGHT, str(texts["made"]))

    painter.setPen(Qt.GlobalColor.black)
    y = 6.0
    title_font = g.font(24, bold=True)
    painter.setFont(title_font)
    text(g.rect(0, y, g.width, 14), _TOP_LEFT, str(texts["title"]))
    y += g.line_height(title_font) + 2.0
    holder_font = g.font(15)
    painter.setFont(holder_font)
    line = g.line_height(holder_font)
    if share.holder:
        # Translators: who keeps this share of the recovery kit.
        text(g.rect(0, y, g.width, line + 1), _TOP_LEFT, _("For: {name}").format(
            name=share.holder))
    else:
        # Translators: followed by a blank line to write a name on.
        text(g.rect(0, y, 20, line + 1), _TOP_LEFT, _("For:"))
        painter.setPen(QPen(_RULE, g.mm(0.3)))
        painter.drawLine(g.rect(14, y + line - 1, 90, 0).topLeft(),
                         g.rect(14, y + line - 1, 90, 0).topRight())
        painter.setPen(Qt.GlobalColor.black)
    y = header

    intro_font = g.font(11.5)
    painter.setFont(intro_font)
    intro = str(texts["intro"])
    height = g.text_height(intro, intro_font, g.width)
    text(g.rect(0, y, g.width, height + 1), _WRAP, intro)
    y += height + _GAP

    y = _draw_words(painter, g, share, texts, sizes, y) + _GAP

    heading_font = g.font(12.5, bold=True)
    body_font = g.font(10.5)
    do_w, never_w = _advice_widths(g)
    never_x = do_w + 6.0
    never_top = y
    y += 2.0
    painter.setFont(heading_font)
    text(g.rect(0, y, do_w, 8), _TOP_LEFT, str(texts["do_heading"]))
    text(g.rect(never_x + 4.0, y, never_w - 8.0, 8), _TOP_LEFT, str(texts["never_heading"]))
    y += g.line_height(heading_font) + 2.0
    painter.setFont(body_font)
    _draw_list(painter, g, texts["do"], body_font, 0, y, do_w, numbered=True)
    never_bottom = y + _list_height(g, texts["never"], body_font, never_w - 8.0,
                                    numbered=False) + 2.0
    painter.setPen(QPen(Qt.GlobalColor.black, g.mm(0.8)))
    painter.drawRect(g.rect(never_x, never_top, never_w, never_bottom - never_top))
    painter.setPen(Qt.GlobalColor.black)
    _draw_list(painter, g, texts["never"], body_font, never_x + 4.0, y, never_w - 8.0,
               numbered=False)

    footer_font = g.font(8.5)
    painter.setFont(footer_font)
    painter.setPen(_GREY)
    bottom = g.height - g.line_height(footer_font)
    if copy_mark:
        mark_font = g.font(_MARK_PT)
        mark_height = g.line_height(mark_font)
        bottom -= mark_height + 0.5
        painter.setFont(mark_font)
        text(g.rect(0, g.height - mark_height, g.width, mark_height + 1), _TOP_LEFT, copy_mark)
        painter.setFont(footer_font)
    text(g.rect(0, bottom, g.width, g.line_height(footer_font) + 1), _TOP_LEFT,
         str(texts["footer"]))


def _draw_words(painter: QPainter, g: _Geometry, share: KitShare,
                texts: dict[str, str | list[str]], sizes: _Sizes, top: float) -> float:
    """The box of numbered words, read down each column; returns its bottom."""
    caption_font = g.font(11, bold=True)
    hint_font = g.font(9.5)
    rows = -(-len(share.words) // sizes.columns)
    inner = g.width - 2 * _BOX_PAD
    height = (2 * _BOX_PAD + g.line_height(caption_font) + 3.0 + rows * sizes.row
              + g.line_height(hint_font) + 2.0)
    painter.setPen(QPen(Qt.GlobalColor.black, g.mm(0.5)))
    painter.drawRoundedRect(g.rect(0, top, g.width, height), g.mm(2.5), g.mm(2.5))
    x0, y = _BOX_PAD, top + _BOX_PAD
    painter.setFont(caption_font)
    painter.setPen(_GREY)
    painter.drawText(g.rect(x0, y, inner, 7), _TOP_LEFT, str(texts["words"]))
    y += g.line_height(caption_font) + 3.0
    column_w = inner / sizes.columns
    number_font = g.font(sizes.word_pt * 0.62)
    word_font = g.font(sizes.word_pt, bold=True)
    word_line = g.line_height(word_font)
    number_line = g.line_height(number_font)
    for index, word in enumerate(share.words):
        column, row = divmod(index, rows)
        x = x0 + column * column_w
        row_top = y + row * sizes.row
        painter.setPen(_GREY)
        painter.setFont(number_font)
        baseline_shift = (word_line - number_line) * 0.75
        painter.drawText(g.rect(x, row_top + baseline_shift, _NUMBER_W - 2.5, number_line + 1),
                         _TOP_RIGHT, f"{index + 1}.")
        painter.setPen(Qt.GlobalColor.black)
        painter.setFont(word_font)
        painter.drawText(g.rect(x + _NUMBER_W, row_top, column_w - _NUMBER_W, word_line + 1),
                         _TOP_LEFT, word)
        if row < rows - 1 and index + 1 < len(share.words):
            painter.setPen(QPen(QColor(210, 210, 210), g.mm(0.2)))
            line_y = row_top + sizes.row - 0.6
            painter.drawLine(g.rect(x + 2, line_y, 0, 0).topLeft(),
                             g.rect(x + column_w - 4, line_y, 0, 0).topLeft())
    y += rows * sizes.row + 1.0
    painter.setPen(_GREY)
    painter.setFont(hint_font)
    painter.drawText(g.rect(x0, y, inner, 6), _TOP_LEFT, str(texts["hint"]))
    painter.setPen(Qt.GlobalColor.black)
    return top + height


def _draw_list(painter: QPainter, g: _Geometry, items: object, font: QFont, x: float,
               y: float, width: float, *, numbered: bool) -> None:
    assert isinstance(items, list)
    indent = 6.0 if numbered else 4.0
    for number, item in enumerate(items, start=1):
        body = str(item)
        height = g.text_height(body, font, width - indent)
        mark = f"{number}." if numbered else "•"
        painter.drawText(g.rect(x, y, indent, 6), _TOP_LEFT, mark)
        painter.drawText(g.rect(x + indent, y, width - indent, height + 1), _WRAP, body)
        y += height + 1.6


# ----- ends: a PDF, the preview, a whole kit --------------------------------------------------


def render_share(device: QPagedPaintDevice, share: KitShare,
                 copy_mark: str | None = None) -> int:
    """Paint one share's page onto a configured device; returns 1."""
    return paint_pages(device, lay_out_share(device, share, copy_mark))


def write_share_pdf(share: KitShare, out_path: Path | str, *, page_size: str = "auto",
                    copy_mark: str | None = None) -> int:
    """One share's page as a PDF (0600, written from memory). Returns 1."""
    return write_pdf(out_path, page_size, lambda writer: render_share(writer, share, copy_mark),
                     title=KIT_TITLE)


def preview_share(share: KitShare, *, page_size: str = "auto",
                  copy_mark: str | None = None) -> list[QImage]:
    """The page as an image, exactly as it prints."""
    ensure_gui_application()
    return page_images(PDF_RESOLUTION, lambda writer: configure_page(writer, page_size),
                       lambda writer: lay_out_share(writer, share, copy_mark))


def make_recovery_kit(
    vault: Vault,
    folder: Path | str,
    count: int,
    threshold: int,
    *,
    holders: Sequence[str] = (),
    reuse_current: bool = False,
    page_size: str = "auto",
    log_copies: bool = False,
) -> tuple[RecoveryKit, list[Path]]:
    """`kit.make_kit` with one PDF page per share: all or nothing. With `log_copies`, each
    page is logged as a printed copy for its holder and carries its copy mark; if the kit
    fails after all, the copies logged for it are marked destroyed (their pages are
    deleted)."""
    logged: list[printed_copies.PrintedCopy] = []

    def write_share(share: KitShare, path: Path) -> int:
        mark = None
        if log_copies:
            copy = printed_copies.record_copy(
                vault, "recovery kit", printed_for=share.holder,
                description=share.file_name.removesuffix(".pdf"))
            logged.append(copy)
            mark = printed_copies.copy_mark(copy)
        pages = write_share_pdf(share, path, page_size=page_size, copy_mark=mark)
        if log_copies:
            printed_copies.set_pages(vault, logged[-1].id, pages)
        return pages

    try:
        return kit.make_kit(
            vault, folder, count, threshold, holders=holders, reuse_current=reuse_current,
            write_share=write_share,
        )
    except BaseException:
        for copy in logged:
            with contextlib.suppress(Exception):
                printed_copies.mark_destroyed(vault, copy.id)
        raise
