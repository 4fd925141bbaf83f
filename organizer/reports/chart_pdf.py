"""The wall chart on paper: departments x shifts coloured by assessment, with the majority
tracker's figures. Painted with QPainter onto a QPdfWriter (PDF) or a QPrinter (printing and
print preview), so the GUI and the command line share it.

Landscape A4 or Letter. Every page carries "Wall chart", the date, "Page X of Y" and the
confidentiality line (and under it, when one is given, the copy mark: `copy_mark`). Each cell
shows a stacked bar coloured by assessment with the counts in it, then "N people · S%
supporters" and the OC ratio ("OC 1:12", with ⚠ when the committee is too thin there); a
Total column and a Total row close the grid. The chart fits one page when
it can, with fonts scaled down to a floor of 7 pt; otherwise its rows go on as many pages as
needed (the shift headings repeated). `poster=True` instead draws the chart at full size and
tiles it across pages to be taped together: as few tiles as hold it, all the same size (so
none holds a sliver), neighbours sharing a 12 mm strip. Each tile shows only its own part of
the chart, a dashed line where the next tile's edge goes, a solid line to cut along where it
goes over the one before, and a sentence saying so. The tracker's figures (the whole unit
against the thresholds, then "N more to reach X%" per department and shift) follow the grid,
on the last grid page when there is room, else on a page of their own.

Only counts and the names of departments, shifts and sites are printed: no person's name.
With `initials=True` (`organizer chart --initials`, the Chart page's "Initials on paper"),
each cell of up to chart.BADGE_LIMIT people also shows its people as on the Chart page: the
initials of their display name (the code name when there is one) in a circle coloured by
assessment, ringed for an OC member, a square for an organic leader. Never a full name.
The PDF's metadata is neutral ("Wall chart", "Organizer"); the file is written 0600 via a
temporary file renamed into place (see `call_list_pdf.write_pdf`).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, replace
from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPagedPaintDevice, QPageLayout, QPainter, QPen

from organizer import formats
from organizer.core import campaign, chart
from organizer.core.campaign import AssessmentLevel, Threshold
from organizer.core.chart import (
    SCORES,
    ChartAxis,
    ChartCell,
    MajorityTracker,
    SupportLine,
    WallChart,
)
from organizer.core.vault import Vault
from organizer.i18n import N_, _, ngettext
from organizer.reports.call_list_pdf import (
    CONFIDENTIAL,
    MARK_MM,
    PDF_RESOLUTION,
    _Painter,
    configure_page,
    draw_copy_mark,
    ensure_gui_application,
    level_label,
    page_of,
    printed_text,
    threshold_label,
    write_pdf,
)
from organizer.reports.pages import Layout, page_images, paint_pages
from organizer.words import count

CHART_TITLE = N_("Wall chart")  # translated where printed: _(CHART_TITLE)
UNASSESSED_COLOUR = "#b8b8b8"
WARNING = "⚠"
FONT_FLOOR_PT = 7.0

# At scale 1.0 (fonts 9-10 pt); everything shrinks together down to FONT_FLOOR_PT.
_TEXT_PT = 9.5
_HEAD_PT = 10.0
_CELL_H_MM = 19.0
_HEAD_ROW_MM = 8.0
_MIN_CELL_W_MM = 52.0  # full size (poster); a page squeezes cells narrower
_HEADER_MM = 14.0
_LEGEND_MM = 6.0
_FOOTER_MM = 8.0
_TRACKER_LINE_MM = 5.2
_PAD_MM = 1.2  # inside a cell
_BADGE_MM = 5.6  # a person's initials in a circle (a square for an organic leader)
_BADGE_GAP_MM = 0.8
_BADGE_PT = 7.0
POSTER_OVERLAP_MM = 12.0  # printed on both neighbouring tiles, to lay one over the other
_JOIN_NOTE_MM = 6.0  # under a tile's part of the chart: how to join it to its neighbours

_BADGE_NOTE = N_("Initials: ringed = OC member, square = organic leader")


def _oc_note() -> str:
    # Translators: explains "OC 1:12" in the chart's cells; {warning} is a warning sign and
    # {limit} a number: the most coworkers one OC member can keep up with.
    return _("OC 1:N = coworkers per OC member; {warning} above 1:{limit}").format(
        warning=WARNING, limit=chart.OC_RATIO_LIMIT)


def _percent(value: float) -> str:
    """A threshold's percentage (51.0) as the locale writes it ("51%")."""
    return formats.percent(value / 100)

_BLACK = QColor("#000000")
_GREY = QColor("#555555")
_GRID = QColor("#8a8a8a")
_WARN = QColor("#b00020")
_TOTAL_FILL = QColor("#f0f0f0")


@dataclass(frozen=True)
class ChartPrint:
    """Everything the printed chart shows, read from the vault by `chart_print` (on the thread
    that owns the vault); painting needs nothing else, so it can run in the background."""

    wall: WallChart
    tracker: MajorityTracker
    scale: tuple[AssessmentLevel, ...]
    site_name: str  # "All sites" or the site's name
    printed_on: dt.date


def chart_print(vault: Vault, *, site_id: str | None = None,
                printed_on: dt.date | None = None) -> ChartPrint:
    site_name = _("All sites")
    if site_id is not None:
        names = {e.id: e.name for e in campaign.list_entries(vault, "site")}
        site_name = names.get(site_id, _("One site"))
    return ChartPrint(
        wall=chart.wall_chart(vault, site_id=site_id),
        tracker=chart.majority_tracker(vault, site_id=site_id),
        scale=tuple(campaign.assessment_scale(vault)),
        site_name=site_name,
        printed_on=printed_on or dt.date.today(),
    )


def landscape(device: QPagedPaintDevice) -> None:
    """Turn a configured device (see `call_list_pdf.configure_page`) to landscape."""
    device.setPageOrientation(QPageLayout.Orientation.Landscape)


# ----- layout -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Layout:
    scale: float  # 1.0 full size, down to FONT_FLOOR_PT / _TEXT_PT
    name_w: float  # the department column
    cell_w: float
    cell_h: float
    head_h: float
    initials: bool = False  # small cells show their people's initials instead of a bar

    @property
    def text_pt(self) -> float:
        return max(FONT_FLOOR_PT, _TEXT_PT * self.scale)

    @property
    def head_pt(self) -> float:
        return max(FONT_FLOOR_PT, _HEAD_PT * self.scale)

    @property
    def line_h(self) -> float:
        """Millimetres per text line in a cell, a little leading included."""
        return self.text_pt * 0.47

    @property
    def badges_per_line(self) -> int:
        return max(1, math.floor((self.cell_w - 2 * _PAD_MM + _BADGE_GAP_MM)
                                 / (_BADGE_MM + _BADGE_GAP_MM)))


@dataclass(frozen=True)
class _Page:
    kind: str  # "grid", "tracker" or "tile"
    rows: tuple[int, ...] = ()  # row indexes; len(rows) stands for the Total row
    tracker: bool = False  # the tracker follows the grid on this page
    tracker_from: int = 0  # first tracker line on this page
    tracker_to: int = 0
    tile: tuple[int, int] = (0, 0)  # poster: (column, row) of the tile


@dataclass(frozen=True)
class _Tiles:
    """A poster's cut of the full-size chart: the (start, length) in mm of each column and
    row of tiles; neighbours share POSTER_OVERLAP_MM."""

    across: tuple[tuple[float, float], ...]
    down: tuple[tuple[float, float], ...]


def poster_spans(total: float, page: float,
                 overlap: float = POSTER_OVERLAP_MM) -> list[tuple[float, float]]:
    """(start, length) of each tile along one side of a poster `total` mm long, on pages
    holding `page` mm: as few tiles as fit, neighbours overlapping by `overlap`, and all the
    same length, so no tile holds a sliver (each holds more than half a page)."""
    if total <= page:
        return [(0.0, total)]
    count = math.ceil((total - overlap) / (page - overlap) - 1e-9)
    length = (total + (count - 1) * overlap) / count
    return [(k * (length - overlap), length) for k in range(count)]


def _tracker_lines(t: MajorityTracker) -> list[tuple[str, SupportLine | None]]:
    """(heading, None) or (kind, line) entries, in print order."""
    lines: list[tuple[str, SupportLine | None]] = [(N_("Departments"), None)]
    lines += [("department", d) for d in t.departments if d.people]
    lines.append((N_("Shifts"), None))
    lines += [("shift", s) for s in t.shifts if s.people]
    return lines


def _name_width(p: _Painter, wall: WallChart, points: float) -> float:
    widest = max([p.text_width_mm(r.name, points, bold=True) for r in wall.rows]
                 + [p.text_width_mm(_("Total"), points, bold=True)])
    return min(max(widest + 4.0, 24.0), 48.0)


def _most_badges(wall: WallChart) -> int:
    return max((len(cell.badges) for cell in wall.cells.values() if cell.badges), default=0)


def _layout_for(p: _Painter, wall: WallChart, scale: float, width: float | None,
                initials: bool = False) -> _Layout:
    name_w = _name_width(p, wall, max(FONT_FLOOR_PT, _HEAD_PT * scale))
    columns = len(wall.columns) + 1
    cell_w = (width - name_w) / columns if width is not None else _MIN_CELL_W_MM
    layout = _Layout(scale, name_w, cell_w, _CELL_H_MM * scale,
                     _HEAD_ROW_MM * max(scale, 0.85), initials)
    if initials:
        lines = math.ceil(_most_badges(wall) / layout.badges_per_line)
        needed = (2 * _PAD_MM + lines * (_BADGE_MM + _BADGE_GAP_MM) + 2 * layout.line_h
                  + 0.6)
        layout = replace(layout, cell_h=max(layout.cell_h, needed))
    return layout


def _grid_height(layout: _Layout, rows: int) -> float:
    return layout.head_h + (rows + 1) * layout.cell_h


def _grid_width(layout: _Layout, wall: WallChart) -> float:
    return layout.name_w + (len(wall.columns) + 1) * layout.cell_w


def _paginate(p: _Painter, data: ChartPrint, poster: bool, initials: bool = False,
              footer: float = _FOOTER_MM) -> tuple[_Layout, list[_Page], _Tiles]:
    wall = data.wall
    body_top = _HEADER_MM + _LEGEND_MM
    available = p.height - body_top - footer
    tracker_count = len(_tracker_lines(data.tracker))
    tracker_h = _tracker_height(tracker_count)
    n = len(wall.rows)
    no_tiles = _Tiles((), ())
    if poster:
        layout = _layout_for(p, wall, 1.0, None, initials)
        tiles = _Tiles(tuple(poster_spans(_grid_width(layout, wall), p.width)),
                       tuple(poster_spans(_grid_height(layout, n),
                                          available - _JOIN_NOTE_MM)))
        pages = [_Page("tile", tile=(i, j)) for j in range(len(tiles.down))
                 for i in range(len(tiles.across))]
        return layout, pages + _tracker_pages(p, tracker_count, available), tiles
    floor = FONT_FLOOR_PT / _TEXT_PT
    scales = [1.0 - 0.05 * k for k in range(int((1.0 - floor) / 0.05) + 1)] + [floor]
    for scale in scales:  # the grid and the tracker on one page
        layout = _layout_for(p, wall, scale, p.width, initials)
        if _grid_height(layout, n) + tracker_h + 4 <= available:
            return layout, [_Page("grid", tuple(range(n + 1)), tracker=True,
                                  tracker_to=tracker_count)], no_tiles
    for scale in scales:  # the grid on one page, the tracker on the next
        layout = _layout_for(p, wall, scale, p.width, initials)
        if _grid_height(layout, n) <= available:
            return layout, [_Page("grid", tuple(range(n + 1))),
                            *_tracker_pages(p, tracker_count, available)], no_tiles
    # Rows over several pages, the headings repeated and the Total row on the last.
    layout = _layout_for(p, wall, 1.0, p.width, initials)
    per_page = max(1, math.floor((available - layout.head_h) / layout.cell_h))
    indexes = list(range(n + 1))
    pages = [_Page("grid", tuple(indexes[k:k + per_page]))
             for k in range(0, len(indexes), per_page)]
    return layout, pages + _tracker_pages(p, tracker_count, available), no_tiles


def _tracker_height(lines: int) -> float:
    return 20.0 + math.ceil(lines / 2) * _TRACKER_LINE_MM


def _tracker_pages(p: _Painter, count: int, available: float) -> list[_Page]:
    per_page = max(1, math.floor((available - 20.0) / _TRACKER_LINE_MM))
    # Two columns of lines on a landscape page.
    per_page *= 2
    return [_Page("tracker", tracker=True, tracker_from=k, tracker_to=min(count, k + per_page))
            for k in range(0, max(count, 1), per_page)]


# ----- drawing ------------------------------------------------------------------------------


def _text(painter: QPainter, rect: QRectF, text: str, points: float, p: _Painter, *,
          bold: bool = False, colour: QColor = _BLACK,
          align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft) -> None:
    width_mm = rect.width() / p.px_per_mm
    font, shown = p.fit(text, points, width_mm, bold=bold, smallest=min(points, FONT_FLOOR_PT))
    painter.setFont(font)
    painter.setPen(colour)
    painter.drawText(rect, int(align | Qt.AlignmentFlag.AlignVCenter), shown)


def _line(painter: QPainter, p: _Painter, x1: float, y1: float, x2: float, y2: float,
          width_mm: float, colour: QColor) -> None:
    pen = QPen(colour)
    pen.setWidthF(p.mm(width_mm))
    painter.setPen(pen)
    painter.drawLine(p.rect(x1, y1, 0, 0).topLeft(), p.rect(x2, y2, 0, 0).topLeft())


def _readable_on(colour: QColor) -> QColor:
    luminance = 0.299 * colour.redF() + 0.587 * colour.greenF() + 0.114 * colour.blueF()
    return _BLACK if luminance > 0.55 else QColor("#ffffff")


def _colours(data: ChartPrint) -> dict[int | None, QColor]:
    colours: dict[int | None, QColor] = {level.score: QColor(level.colour)
                                         for level in data.scale}
    colours[None] = QColor(UNASSESSED_COLOUR)
    return colours


def _facts(data: ChartPrint) -> str:
    total = data.wall.total
    return "   ·   ".join((
        printed_text(data.printed_on),
        data.site_name,
        count(total.people, "person", "people"),
        # Translators: {supporters} is "1 supporter" or "12 supporters"; (1–2) the scores
        # that count as supporters.
        _("{supporters} (1–2), {percent}").format(
            supporters=count(total.supporters, "supporter", "supporters"),
            percent=formats.percent(total.share)),
        ngettext("{n} assessed", "{n} assessed", total.assessed).format(
            n=formats.number(total.assessed)),
        count(total.oc_members, "OC member", "OC members"),
    ))


def _draw_header(painter: QPainter, p: _Painter, data: ChartPrint, page: int,
                 pages: int) -> None:
    page_text = page_of(page, pages)
    page_w = p.text_width_mm(page_text, 10) + 2
    _text(painter, p.rect(0, 0, p.width - page_w - 2, 7), _(CHART_TITLE), 15, p, bold=True)
    _text(painter, p.rect(p.width - page_w, 0, page_w, 7), page_text, 10, p,
          align=Qt.AlignmentFlag.AlignRight)
    _text(painter, p.rect(0, 7.2, p.width, 5.0), _facts(data), 10, p)
    _line(painter, p, 0, _HEADER_MM - 1.2, p.width, _HEADER_MM - 1.2, 0.5, _BLACK)


def _draw_legend(painter: QPainter, p: _Painter, data: ChartPrint,
                 initials: bool = False) -> None:
    colours = _colours(data)
    x = 0.0
    y = _HEADER_MM + 0.6
    points = 8.5
    entries: list[tuple[int | None, str]] = [
        (level.score, f"{level.score} {level_label(level.label)}") for level in data.scale]
    entries.append((None, _("not assessed")))
    for score, label in entries:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colours[score])
        painter.drawRect(p.rect(x, y + 0.8, 3.5, 3.5))
        w = p.text_width_mm(label, points) + 1
        _text(painter, p.rect(x + 4.5, y, w, 5), label, points, p)
        x += 4.5 + w + 4
    if initials:
        _text(painter, p.rect(x, y, max(0.0, p.width - x), 5), _(_BADGE_NOTE), points, p,
              colour=_GREY)

def _draw_footer(painter: QPainter, p: _Painter, copy_mark: str | None = None) -> None:
    top = p.height - _FOOTER_MM - (MARK_MM if copy_mark else 0.0)
    _line(painter, p, 0, top + 1.5, p.width, top + 1.5, 0.3, _BLACK)
    confidential = _(CONFIDENTIAL)
    _text(painter, p.rect(0, top + 2, p.width, _FOOTER_MM - 2), confidential, 10, p,
          bold=True, align=Qt.AlignmentFlag.AlignHCenter)
    side = (p.width - p.text_width_mm(confidential, 10, bold=True)) / 2 - 4
    _text(painter, p.rect(0, top + 2, side, _FOOTER_MM - 2), _oc_note(), 8, p, colour=_GREY)
    draw_copy_mark(painter, p, top + _FOOTER_MM, copy_mark)


def _ratio_text(cell: ChartCell) -> str:
    if not cell.people:
        return ""
    ratio = cell.oc_ratio
    if ratio is None:
        text = _("no OC member")
    elif ratio >= 1:
        # Translators: one OC member for every {n} coworkers.
        text = _("OC 1:{n}").format(n=f"{ratio:.0f}")
    else:
        # Translators: {n} OC members (more OC members than coworkers in the cell).
        text = _("OC {n}").format(n=cell.oc_members)
    if cell.ratio_warning:
        text = f"{WARNING} {text}"
    return text


def _draw_cell(painter: QPainter, p: _Painter, layout: _Layout, cell: ChartCell, x: float,
               y: float, colours: dict[int | None, QColor], *, total: bool) -> None:
    w, h = layout.cell_w, layout.cell_h
    if total:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(_TOTAL_FILL)
        painter.drawRect(p.rect(x, y, w, h))
    pad = _PAD_MM
    pt = layout.text_pt
    line_h = layout.line_h
    # The bar keeps its height when cells grow to hold initials; the two lines of figures
    # stay at the bottom of the cell.
    bar_h = _CELL_H_MM * layout.scale - 2 * pad - 2 * line_h - 0.6
    bar_w = w - 2 * pad
    ty = y + h - pad - 2 * line_h - 0.2
    if not cell.people:
        _text(painter, p.rect(x + pad, y, w - 2 * pad, h), "–", pt, p, colour=_GREY,
              align=Qt.AlignmentFlag.AlignHCenter)
        return
    if layout.initials and cell.badges is not None and not total:
        _draw_badges(painter, p, layout, cell, x + pad, y + pad, colours)
    else:
        _draw_bar(painter, p, cell, x + pad, y + pad, bar_w, bar_h, pt, colours)
    # Translators: {people} is "1 person" or "12 people"; "sup." is short for supporters.
    figures = _("{people} · {supporters} sup. ({percent})").format(
        people=count(cell.people, "person", "people"),
        supporters=formats.number(cell.supporters), percent=formats.percent(cell.share))
    _text(painter, p.rect(x + pad, ty, bar_w, line_h), figures, pt, p, bold=total)
    ratio = _ratio_text(cell)
    _text(painter, p.rect(x + pad, ty + line_h, bar_w, line_h), ratio, pt, p,
          colour=_WARN if cell.ratio_warning else _GREY)


def _draw_badges(painter: QPainter, p: _Painter, layout: _Layout, cell: ChartCell,
                 left: float, top: float, colours: dict[int | None, QColor]) -> None:
    """The cell's people as on the Chart page: initials in a circle coloured by assessment,
    ringed for an OC member, a square for an organic leader."""
    per_line = layout.badges_per_line
    step = _BADGE_MM + _BADGE_GAP_MM
    ring = QPen(_BLACK)
    ring.setWidthF(p.mm(0.45))
    font = p.font(_BADGE_PT, True)
    for k, badge in enumerate(cell.badges or []):
        rect = p.rect(left + (k % per_line) * step, top + (k // per_line) * step,
                      _BADGE_MM, _BADGE_MM)
        colour = colours[badge.assessment]
        painter.setBrush(colour)
        painter.setPen(ring if badge.is_oc_member else Qt.PenStyle.NoPen)
        if badge.is_organic_leader:
            painter.drawRect(rect)
        else:
            painter.drawEllipse(rect)
        painter.setFont(font)
        painter.setPen(_readable_on(colour))
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter),
                         chart.badge_initials(badge.display_name))


def _draw_bar(painter: QPainter, p: _Painter, cell: ChartCell, left: float, top: float,
              bar_w: float, bar_h: float, pt: float,
              colours: dict[int | None, QColor]) -> None:
    """Stacked bar: 1 (left) to 5, then not assessed; each segment's count inside it."""
    segments: list[tuple[int | None, int]] = [(s, cell.by_score[s]) for s in SCORES]
    segments.append((None, cell.unassessed))
    bx = left
    count_pt = max(FONT_FLOOR_PT, min(pt, bar_h * 2.2))
    for score, number in segments:
        if not number:
            continue
        seg_w = bar_w * number / cell.people
        colour = colours[score]
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawRect(p.rect(bx, top, seg_w, bar_h))
        label = formats.number(number)
        if p.text_width_mm(label, count_pt, bold=True) + 0.6 <= seg_w:
            font = p.font(count_pt, True)
            painter.setFont(font)
            painter.setPen(_readable_on(colour))
            painter.drawText(p.rect(bx, top, seg_w, bar_h),
                             int(Qt.AlignmentFlag.AlignCenter), label)
        bx += seg_w
    painter.setPen(QPen(_GRID, p.mm(0.15)))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(p.rect(left, top, bar_w, bar_h))


def _draw_grid(painter: QPainter, p: _Painter, data: ChartPrint, layout: _Layout,
               rows: tuple[int, ...], top: float, left: float = 0.0,
               visible: tuple[float, float, float, float] | None = None) -> float:
    """The heading row and the given rows (len(wall.rows) is the Total row); returns the
    bottom. With `visible` (left, top, right, bottom in mm), only what lies in that window
    is drawn: a poster tile holds its own part of the chart, not a clipped copy of all of it."""
    wall = data.wall
    colours = _colours(data)
    columns: list[ChartAxis | None] = [*wall.columns, None]
    x0 = left + layout.name_w

    def seen(x: float, y: float, w: float, h: float) -> bool:
        return visible is None or (x < visible[2] and x + w > visible[0]
                                   and y < visible[3] and y + h > visible[1])

    hp = layout.head_pt
    for k, column in enumerate(columns):
        x = x0 + k * layout.cell_w
        name = column.name if column is not None else _("Total")
        if seen(x, top, layout.cell_w, layout.head_h):
            _text(painter, p.rect(x + 1, top, layout.cell_w - 2, layout.head_h), name, hp, p,
                  bold=True, align=Qt.AlignmentFlag.AlignHCenter)
    y = top + layout.head_h
    _line(painter, p, left, y, x0 + len(columns) * layout.cell_w, y, 0.4, _BLACK)
    n = len(wall.rows)
    for index in rows:
        row = wall.rows[index] if index < n else None
        name = row.name if row is not None else _("Total")
        if seen(left, y, layout.name_w, layout.cell_h):
            _text(painter, p.rect(left + 0.5, y, layout.name_w - 1.5, layout.cell_h), name,
                  hp, p, bold=True)
        for k, column in enumerate(columns):
            x = x0 + k * layout.cell_w
            if not seen(x, y, layout.cell_w, layout.cell_h):
                continue
            if row is None:
                cell = wall.column_totals[column.id] if column is not None else wall.total
            elif column is None:
                cell = wall.row_totals[row.id]
            else:
                cell = wall.cell(row.id, column.id)
            _draw_cell(painter, p, layout, cell, x, y, colours,
                       total=row is None or column is None)
        y += layout.cell_h
        weight = 0.4 if index == n - 1 else 0.15
        _line(painter, p, left, y, x0 + len(columns) * layout.cell_w, y, weight,
              _BLACK if weight > 0.2 else _GRID)
    for k in range(len(columns) + 1):
        x = x0 + k * layout.cell_w
        weight = 0.4 if k in (0, len(columns) - 1) else 0.15
        _line(painter, p, x, top, x, y, weight, _BLACK if weight > 0.2 else _GRID)
    return y


def _threshold_text(thresholds: list[Threshold]) -> str:
    # Translators: a threshold: its percentage, then its name ("51% Majority").
    return ", ".join(_("{percent} {label}").format(
        percent=_percent(t.percent), label=threshold_label(t.label)).strip()
        for t in thresholds) or _("none set")


def _line_text(line: SupportLine) -> str:
    values = {"name": line.name, "supporters": formats.number(line.supporters),
              "people": formats.number(line.people), "share": formats.percent(line.share)}
    if line.next_threshold is not None:
        # Translators: a department or shift: its supporters of its people, then how many
        # more supporters it needs to reach the next threshold ({percent}).
        return ngettext(
            "{name}: {supporters} of {people} ({share}), {n} more to reach {percent}",
            "{name}: {supporters} of {people} ({share}), {n} more to reach {percent}",
            line.more_needed,
        ).format(n=formats.number(line.more_needed),
                 percent=_percent(line.next_threshold.percent), **values)
    if line.all_reached:
        return _("{name}: {supporters} of {people} ({share}), every threshold reached"
                 ).format(**values)
    return _("{name}: {supporters} of {people} ({share})").format(**values)


def _draw_tracker(painter: QPainter, p: _Painter, tracker: MajorityTracker, top: float,
                  first: int, last: int) -> None:
    _text(painter, p.rect(0, top, p.width, 7), _("Majority tracker"), 12.5, p, bold=True)
    _text(painter, p.rect(0, top + 7, p.width, 5.5), whole_unit_text(tracker), 10.5, p,
          bold=True)
    _text(painter, p.rect(0, top + 12.5, p.width, 5),
          _("Thresholds: {thresholds}").format(thresholds=_threshold_text(tracker.thresholds)),
          9.5, p, colour=_GREY)
    lines = _tracker_lines(tracker)[first:last]
    half = math.ceil(len(lines) / 2)
    column_w = p.width / 2 - 3
    for k, (kind, line) in enumerate(lines):
        x = 0.0 if k < half else p.width / 2 + 3
        y = top + 19 + (k if k < half else k - half) * _TRACKER_LINE_MM
        if line is None:
            _text(painter, p.rect(x, y, column_w, _TRACKER_LINE_MM), _(kind), 10, p, bold=True)
            continue
        done = line.all_reached
        _text(painter, p.rect(x + 3, y, column_w - 3, _TRACKER_LINE_MM), _line_text(line),
              9.5, p, colour=_GREY if done else _BLACK)


def whole_unit_text(tracker: MajorityTracker) -> str:
    """The tracker's first line: the whole unit's supporters, the threshold reached and
    the next one."""
    unit = tracker.unit
    values = {"supporters": formats.number(unit.supporters),
              "people": formats.number(unit.people), "share": formats.percent(unit.share)}
    if unit.reached:
        # Translators: {label} is the threshold's name, e.g. "Majority".
        reached = _("reached {percent} ({label})").format(
            percent=_percent(unit.reached.percent), label=threshold_label(unit.reached.label))
    else:
        reached = _("no threshold reached yet")
    if unit.next_threshold:
        # Translators: {reached} is "reached 51% (Majority)" or "no threshold reached yet";
        # {label} is the next threshold's name.
        return ngettext(
            "Whole unit: {supporters} of {people} supporters ({share}), {reached}; {n} more "
            "supporter to reach {percent} ({label}).",
            "Whole unit: {supporters} of {people} supporters ({share}), {reached}; {n} more "
            "supporters to reach {percent} ({label}).", unit.more_needed,
        ).format(reached=reached, n=formats.number(unit.more_needed),
                 percent=_percent(unit.next_threshold.percent),
                 label=threshold_label(unit.next_threshold.label), **values)
    # Translators: {reached} is "reached 51% (Majority)" or "no threshold reached yet".
    return _("Whole unit: {supporters} of {people} supporters ({share}), {reached}.").format(
        reached=reached, **values)


def join_note(column: int, row: int, across: int, down: int) -> str:
    """How a poster tile joins its neighbours, in the words printed under it; "" for a
    poster of one tile."""
    sentences = []
    left, above = column > 0, row > 0
    if left and above:
        sentences.append(_("Cut along the solid lines, then lay this sheet over the sheet to "
                           "its left and above, the cut edge on its dashed line."))
    elif left:
        sentences.append(_("Cut along the solid line, then lay this sheet over the sheet to "
                           "its left, the cut edge on its dashed line."))
    elif above:
        sentences.append(_("Cut along the solid line, then lay this sheet over the sheet "
                           "above, the cut edge on its dashed line."))
    right, below = column + 1 < across, row + 1 < down
    if right and below:
        sentences.append(_("The sheet to the right and the sheet below overlap this one up "
                           "to the dashed lines."))
    elif right:
        sentences.append(_("The sheet to the right overlaps this one up to the dashed line."))
    elif below:
        sentences.append(_("The sheet below overlaps this one up to the dashed line."))
    return " ".join(sentences)


def _draw_tile(painter: QPainter, p: _Painter, data: ChartPrint, layout: _Layout,
               tiles: _Tiles, column: int, row: int) -> None:
    """One poster tile: its part of the full-size chart, with overlap marks on every side
    that joins another tile and how to join them."""
    body_top = _HEADER_MM + _LEGEND_MM
    x_start, width = tiles.across[column]
    y_start, height = tiles.down[row]
    painter.save()
    painter.setClipRect(p.rect(0, body_top, width, height))
    painter.translate(-p.mm(x_start), -p.mm(y_start))
    _draw_grid(painter, p, data, layout, tuple(range(len(data.wall.rows) + 1)), body_top,
               visible=(x_start, body_top + y_start, x_start + width,
                        body_top + y_start + height))
    painter.restore()
    bottom = body_top + height
    dashed = QPen(_BLACK, p.mm(0.35))
    dashed.setStyle(Qt.PenStyle.DashLine)
    solid = QPen(_BLACK, p.mm(0.35))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    reach = 3.0  # marks run a little past the chart, to be seen and cut along
    if column + 1 < len(tiles.across):
        x = width - POSTER_OVERLAP_MM
        painter.setPen(dashed)
        painter.drawLine(p.rect(x, body_top - reach, 0, 0).topLeft(),
                         p.rect(x, bottom + 1.5, 0, 0).topLeft())
    if row + 1 < len(tiles.down):
        y = bottom - POSTER_OVERLAP_MM
        painter.setPen(dashed)
        painter.drawLine(p.rect(0, y, 0, 0).topLeft(),
                         p.rect(min(p.width, width + reach), y, 0, 0).topLeft())
    if column > 0:
        painter.setPen(solid)
        painter.drawLine(p.rect(0, body_top, 0, 0).topLeft(),
                         p.rect(0, bottom + 1.5, 0, 0).topLeft())
    if row > 0:
        painter.setPen(solid)
        painter.drawLine(p.rect(0, body_top, 0, 0).topLeft(),
                         p.rect(min(p.width, width + reach), body_top, 0, 0).topLeft())
    note = join_note(column, row, len(tiles.across), len(tiles.down))
    if note:
        _text(painter, p.rect(0, bottom + 1.5, p.width, _JOIN_NOTE_MM - 2), note, 8.5, p,
              colour=_GREY)
    _text(painter, p.rect(p.width / 3, 0, p.width / 3, 7),
          _("Poster: column {column} of {columns}, row {row} of {rows}").format(
              column=column + 1, columns=len(tiles.across), row=row + 1, rows=len(tiles.down)),
          10, p, bold=True, align=Qt.AlignmentFlag.AlignHCenter)


def render_wall_chart(device: QPagedPaintDevice, data: ChartPrint, *,
                      poster: bool = False, initials: bool = False,
                      copy_mark: str | None = None) -> int:
    """Paint the chart onto a configured landscape device (a QPdfWriter, or the QPrinter of
    the Print action). Returns the number of pages."""
    return paint_pages(device, lay_out_wall_chart(device, data, poster=poster,
                                                  initials=initials, copy_mark=copy_mark))


def lay_out_wall_chart(device: QPagedPaintDevice, data: ChartPrint, *,
                       poster: bool = False, initials: bool = False,
                       copy_mark: str | None = None) -> Layout:
    """The chart's pages on a configured landscape device: how many, and how to draw each.
    With `initials`, small cells show their people's initials (see the module's docstring);
    `copy_mark` goes small under every page's confidentiality line."""
    ensure_gui_application()
    p = _Painter(device)
    layout, pages, tiles = _paginate(p, data, poster, initials,
                                     _FOOTER_MM + (MARK_MM if copy_mark else 0.0))
    body_top = _HEADER_MM + _LEGEND_MM

    def draw(painter: QPainter, number: int) -> None:
        page = pages[number - 1]
        _draw_header(painter, p, data, number, len(pages))
        _draw_footer(painter, p, copy_mark)
        if page.kind == "tracker":
            _draw_tracker(painter, p, data.tracker, _HEADER_MM + 1, page.tracker_from,
                          page.tracker_to)
            return
        _draw_legend(painter, p, data, initials)
        if page.kind == "tile":
            _draw_tile(painter, p, data, layout, tiles, *page.tile)
            return
        bottom = _draw_grid(painter, p, data, layout, page.rows, body_top)
        if page.tracker:
            _draw_tracker(painter, p, data.tracker, bottom + 4, page.tracker_from,
                          page.tracker_to)

    return len(pages), draw


def preview_wall_chart(data: ChartPrint, *, page_size: str = "auto", poster: bool = False,
                       initials: bool = False, copy_mark: str | None = None) -> list[QImage]:
    """The chart's pages as images, exactly as they print, without the print system."""
    ensure_gui_application()

    def configure(writer: QPagedPaintDevice) -> None:
        configure_page(writer, page_size)
        landscape(writer)

    return page_images(PDF_RESOLUTION, configure,
                       lambda writer: lay_out_wall_chart(writer, data, poster=poster,
                                                         initials=initials,
                                                         copy_mark=copy_mark))


def render_wall_chart_pdf(data: ChartPrint, out_path: Path | str, *, page_size: str = "auto",
                          poster: bool = False, initials: bool = False,
                          copy_mark: str | None = None) -> int:
    """Write the chart as a landscape PDF at `out_path` (0600, via a temporary file renamed
    into place). Returns the number of pages."""

    def paint(writer: QPagedPaintDevice) -> int:
        landscape(writer)
        return render_wall_chart(writer, data, poster=poster, initials=initials,
                                 copy_mark=copy_mark)

    return write_pdf(out_path, page_size, paint, title=CHART_TITLE)
