"""The Chart page: the wall chart (departments x shifts), the majority tracker, who needs
attention, the issues tally and supporters' share over time.

Everything here is read from organizer.core.chart; the page never writes. It refreshes each
time it is shown, so an assessment changed elsewhere shows up the next time it is opened, and
re-reads the thresholds when its window is activated again (after the Settings dialog).
"""

from __future__ import annotations

import datetime as dt
import html
import itertools
from dataclasses import dataclass
from pathlib import Path

import shiboken6
from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetrics,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTabWidget,
    QToolButton,
    QToolTip,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from organizer import formats
from organizer.core import campaign, chart, people
from organizer.core.campaign import Threshold
from organizer.core.chart import (
    SCORES,
    ChartCell,
    IssuesTally,
    MajorityTracker,
    ShortList,
    SupportLine,
    SupportPoint,
    WallChart,
)
from organizer.core.errors import OrganizerError
from organizer.core.people import PeopleFilter
from organizer.core.printed_copies import PrintedCopy
from organizer.core.vault import Vault
from organizer.gui import messages, print_preview, printed_copies_ui, theme
from organizer.gui.assessment_badge import AssessmentScale, readable_text_colour
from organizer.gui.workers import Task
from organizer.i18n import N_, _, ngettext
from organizer.words import count

PERSON_ROLE = Qt.ItemDataRole.UserRole + 1
CELL_PEOPLE_SHOWN = 500
WARNING = "⚠"
# A swatch, never a text colour: what is drawn on it (its "?") takes mark_colour's black or
# white, and the legend says "?" beside it in the palette's own colour.
UNASSESSED_COLOUR = QColor("#b8b8b8")

Key = tuple[str | None, str | None]
TOTAL = "__total__"  # a column/row key meaning "all"
CHART_DOCUMENT_NAME = N_("Wall chart")  # neutral: print queues show it
_NO_LIMIT = 16_777_215  # Qt's QWIDGETSIZE_MAX: no maximum size


def suggested_chart_pdf_name(today: dt.date | None = None) -> str:
    """"wall-chart-2026-11-23.pdf": never a campaign's or site's name."""
    return f"wall-chart-{(today or dt.date.today()).isoformat()}.pdf"


def choose_chart_pdf_path(parent: QWidget | None, suggested: str) -> Path | None:
    """Ask where to save the chart's PDF; None when cancelled. A seam for tests."""
    from organizer.gui.call_lists_page import choose_pdf_path

    return choose_pdf_path(parent, suggested, _("Save the wall chart as PDF"))


def _ratio_text(cell: ChartCell) -> str:
    """"1:8": coworkers per OC member, never "1:0" when the OC outnumbers the others."""
    ratio = cell.oc_ratio
    return "" if ratio is None else f"1:{max(1, round(ratio))}"


def in_this_cell() -> str:
    """The default `place` of a cell's sentences."""
    # Translators: completes "Nobody {place}", "No OC member {place}": where the figures
    # are. Also "in this department", "on this shift", "on the chart".
    return _("in this cell")


def oc_sentences(cell: ChartCell, place: str | None = None) -> list[str]:
    """What a cell says about its OC members and coverage, in words that cannot contradict
    each other: a cell with no OC member never says "covered 100%" (its coworkers' OC
    members are in other cells). `place` is "in this cell", "in this department"..."""
    if not cell.people:
        return []
    place = in_this_cell() if place is None else place
    oc_members = count(cell.oc_members, "OC member", "OC members")
    coworkers = count(cell.coworkers, "coworker", "coworkers")
    if not cell.coworkers:
        # Translators: {oc_members} is "2 OC members"; {place} is "in this cell" and so on.
        return [_("{oc_members} and no other coworkers {place}").format(
            oc_members=oc_members, place=place)]
    covered = formats.number(cell.covered)
    if not cell.oc_members:
        if cell.covered:
            # Translators: {coworkers} is "3 coworkers": "1 of 3 coworkers has an OC member
            # elsewhere" (in another cell of the chart).
            have = ngettext("{covered} of {coworkers} has an OC member elsewhere",
                            "{covered} of {coworkers} have an OC member elsewhere",
                            cell.covered)
        else:
            have = ngettext("{covered} of {coworkers} has an OC member",
                            "{covered} of {coworkers} have an OC member", cell.covered)
        return [f"{WARNING} " + _("No OC member {place}").format(place=place),
                have.format(covered=covered, coworkers=coworkers)]
    per = count(max(1, round(cell.oc_ratio or 0)), "coworker", "coworkers")
    lines = [
        # Translators: "2 OC members · OC ratio 1:8 (8 coworkers per OC member)". 1:N
        # means N coworkers for each OC member.
        _("{oc_members} · OC ratio {ratio} ({per} per OC member)").format(
            oc_members=oc_members, ratio=_ratio_text(cell), per=per),
        # Translators: "Coverage 80%: 8 of 10 coworkers have an OC member". Coverage is
        # the share of coworkers with an OC member assigned to them.
        ngettext("Coverage {percent}: {covered} of {coworkers} has an OC member",
                 "Coverage {percent}: {covered} of {coworkers} have an OC member",
                 cell.covered).format(percent=formats.percent(cell.coverage),
                                      covered=covered, coworkers=coworkers),
    ]
    if cell.ratio_warning:
        # Translators: {warning} says how thin the OC is: "1 OC member per 14 coworkers
        # (aim for 1 per 10)".
        lines.append(f"{WARNING} " + _("Too few OC: {warning}").format(
            warning=cell.ratio_warning))
    return lines


def cell_summary(cell: ChartCell, place: str | None = None) -> str:
    """The words a cell shows, also used for tooltips and by tests."""
    place = in_this_cell() if place is None else place
    if not cell.people:
        # Translators: {place} is "in this cell", "in this department"…
        return _("Nobody {place}").format(place=place)
    lines = [
        f"{count(cell.people, 'person', 'people')} · "
        f"{count(cell.supporters, 'supporter', 'supporters')} "
        f"({formats.percent(cell.share)})",
        _("{assessed} of {people} assessed").format(
            assessed=formats.number(cell.assessed), people=formats.number(cell.people)),
        *oc_sentences(cell, place),
    ]
    return "\n".join(lines)


def cell_oc_lines(cell: ChartCell, width: int, metrics: QFontMetrics,
                  place: str | None = None) -> tuple[str, str, bool]:
    """The two short lines at the foot of a painted cell, as long as `width` allows, and
    whether the first is a warning (painted red, but always with its sign and words)."""

    def fit(*candidates: str) -> str:
        for text in candidates:
            if metrics.horizontalAdvance(text) <= width:
                return text
        return metrics.elidedText(candidates[-1], Qt.TextElideMode.ElideRight, width)

    place = in_this_cell() if place is None else place
    if not cell.people:
        return "", "", False
    covered = formats.number(cell.covered)
    total = formats.number(cell.coworkers)
    if not cell.coworkers:
        oc_number = formats.number(cell.oc_members)
        return fit(_("{oc_members}, nobody else").format(
                       oc_members=count(cell.oc_members, "OC member", "OC members")),
                   # Translators: short for "2 OC members, nobody else".
                   _("OC {n}, nobody else").format(n=oc_number)), "", False
    if not cell.oc_members:
        first = fit(f"{WARNING} " + _("No OC member {place}").format(place=place),
                    f"{WARNING} " + _("No OC member here"), f"{WARNING} " + _("No OC member"))
        if cell.covered:
            # Translators: three ever shorter forms of one line painted in a chart cell:
            # "1 of 3 have an OC member elsewhere" (in another cell).
            second = fit(ngettext("{covered} of {total} has an OC member elsewhere",
                                  "{covered} of {total} have an OC member elsewhere",
                                  cell.covered).format(covered=covered, total=total),
                         ngettext("{covered} of {total} has OC elsewhere",
                                  "{covered} of {total} have OC elsewhere",
                                  cell.covered).format(covered=covered, total=total),
                         ngettext("{covered}/{total} has OC elsewhere",
                                  "{covered}/{total} have OC elsewhere",
                                  cell.covered).format(covered=covered, total=total))
        else:
            second = fit(_("0 of {total} have an OC member").format(total=total),
                         # Translators: none of the cell's coworkers has an OC member.
                         _("0 of {total} covered").format(total=total))
        return first, second, True
    ratio = _ratio_text(cell)
    oc_members = count(cell.oc_members, "OC member", "OC members")
    if cell.ratio_warning:
        first = fit(f"{WARNING} " + _("Too few OC: {oc_members} · {ratio}").format(
                        oc_members=oc_members, ratio=ratio),
                    f"{WARNING} " + _("Too few OC ({ratio})").format(ratio=ratio),
                    f"{WARNING} {ratio}")
    else:
        first = fit(_("{oc_members} · OC ratio {ratio}").format(oc_members=oc_members,
                                                                ratio=ratio),
                    f"{oc_members} · {ratio}",
                    # Translators: short for "2 OC members · 1:8".
                    _("OC {n} · {ratio}").format(n=formats.number(cell.oc_members),
                                                 ratio=ratio))
    pct = formats.percent(cell.coverage)
    second = fit(ngettext("Coverage {percent}: {covered} of {total} has an OC member",
                          "Coverage {percent}: {covered} of {total} have an OC member",
                          cell.covered).format(percent=pct, covered=covered, total=total),
                 _("Coverage {percent} ({covered} of {total})").format(
                     percent=pct, covered=covered, total=total),
                 _("Coverage {percent}").format(percent=pct))
    return first, second, bool(cell.ratio_warning)


def chart_definitions() -> list[tuple[str, str]]:
    """(term, meaning) for the words of the chart's cells, in Help › Guide's own words
    (the guide's glossary says the same sentences)."""

    def lower(text: str) -> str:
        return text[:1].lower() + text[1:]

    return [
        (_("Coverage"),
         lower(_("The share of coworkers who have an OC member assigned to them."))),
        # Translators: 1:N is how the OC ratio is written ("1:8": 8 coworkers for each OC
        # member); keep it as it is.
        (_("OC ratio 1:N"),
         lower(_("Coworkers per OC member, written 1:N. Aim for 1:{limit} or better.")
               .format(limit=chart.OC_RATIO_LIMIT))),
        (_("Coworkers"), _("everyone not on the OC")),
    ]


def describe_total(wall: WallChart, palette: QPalette | None = None) -> str:
    """The chart's totals in one line (rich text). It says how many who left are not
    charted: the People page and the status bar count them, so their totals are larger.
    Its warning is in the red readable on `palette`'s window (the application's if None),
    and says so in a sign and words too."""
    total = wall.total
    people_n = formats.number(total.people)
    if wall.left_company:
        left = ngettext("{n} who left the company is not charted",
                        "{n} who left the company are not charted",
                        wall.left_company).format(n=formats.number(wall.left_company))
        # Translators: {left} is "3 who left the company are not charted".
        on_chart = ngettext("<b>{n}</b> person on the chart ({left})",
                            "<b>{n}</b> people on the chart ({left})",
                            total.people).format(n=people_n, left=left)
    else:
        on_chart = ngettext("<b>{n}</b> person on the chart", "<b>{n}</b> people on the chart",
                            total.people).format(n=people_n)
    warnings = sum(1 for c in wall.cells.values() if c.ratio_warning)
    parts = [
        on_chart,
        ngettext("<b>{n}</b> supporter ({percent})", "<b>{n}</b> supporters ({percent})",
                 total.supporters).format(n=formats.number(total.supporters),
                                          percent=formats.percent(total.share)),
        ngettext("{n} assessed", "{n} assessed", total.assessed).format(
            n=formats.number(total.assessed)),
        count(total.oc_members, "OC member", "OC members"),
        # Translators: the share of coworkers with an OC member assigned to them.
        _("coverage {percent}").format(percent=formats.percent(total.coverage)),
    ]
    text = " · ".join(parts) + "."
    if warnings:
        need = ngettext("{n} cell needs more OC members.", "{n} cells need more OC members.",
                        warnings).format(n=formats.number(warnings))
        red = theme.warning_colour(palette).name()
        text += f" <span style='color:{red}'>{WARNING} {need}</span>"
    return text


def score_colour(scale: AssessmentScale, score: int | None) -> QColor:
    return scale.colour(score) or UNASSESSED_COLOUR


def mark_colour(*backgrounds: QColor) -> QColor:
    """Black or white, whichever reads better on every one of `backgrounds` (a swatch and
    its hatching): what is written on a coloured swatch or bar (its "?" or number)."""
    return max((QColor("#000000"), QColor("#ffffff")),
               key=lambda ink: min(theme.contrast(ink, b) for b in backgrounds))


@dataclass
class _Slot:
    """Where one cell or total is painted."""

    rect: QRect
    key: tuple[str | None, str | None]  # department id or TOTAL, shift id or TOTAL
    cell: ChartCell


class WallChartGrid(QWidget):
    """Departments down, shifts across, totals on the right and at the bottom.

    Cells are at least CELL_WIDTH wide and grow with the room there is (up to
    MAX_CELL_WIDTH), so a wide screen spends its width on the chart rather than on blank."""

    cell_clicked = Signal(object, object)  # department id or TOTAL/None, shift id or TOTAL/None
    person_activated = Signal(str)

    LABEL_WIDTH = 150
    HEADER_HEIGHT = 30
    CELL_WIDTH = 200
    MAX_CELL_WIDTH = 400
    CELL_HEIGHT = 128
    BADGE = 20
    BADGE_MARK = 9  # the square with the assessment's number, at a badge's corner

    def __init__(self, scale: AssessmentScale, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.scale = scale
        self.chart: WallChart | None = None
        self.selected: tuple[str | None, str | None] | None = None
        self._slots: list[_Slot] = []
        self._badge_rects: list[tuple[QRect, chart.Badge]] = []
        self.setMouseTracking(True)
        self.setAccessibleName(_("Wall chart"))
        self.setSizePolicy(QSizePolicy.Policy.MinimumExpanding,
                           QSizePolicy.Policy.MinimumExpanding)

    def set_chart(self, wall: WallChart) -> None:
        self.chart = wall
        self._layout()
        self.updateGeometry()
        self.update()

    def cell_width(self) -> int:
        """Each column's width: the room there is, shared, within the cells' bounds."""
        if self.chart is None:
            return self.CELL_WIDTH
        room = (self.width() - self.LABEL_WIDTH - 2) // (len(self.chart.columns) + 1)
        return max(self.CELL_WIDTH, min(self.MAX_CELL_WIDTH, room))

    def place(self, department_id: str | None, shift_id: str | None) -> str:
        """Where a cell's figures are, in words: "in this cell", "in this department"..."""
        # Translators: where a cell's figures are, completing "Nobody {place}" and "No OC
        # member {place}".
        if department_id == TOTAL and shift_id == TOTAL:
            return _("on the chart")
        if shift_id == TOTAL:
            return _("in this department")
        if department_id == TOTAL:
            return _("on this shift")
        return in_this_cell()

    # ----- accessors (tests, tooltips) --------------------------------------------------

    def cell_for(self, department_id: str | None, shift_id: str | None) -> ChartCell:
        assert self.chart is not None
        if department_id == TOTAL and shift_id == TOTAL:
            return self.chart.total
        if shift_id == TOTAL:
            return self.chart.row_totals[department_id]
        if department_id == TOTAL:
            return self.chart.column_totals[shift_id]
        return self.chart.cell(department_id, shift_id)

    def cell_text(self, department_id: str | None, shift_id: str | None) -> str:
        return cell_summary(self.cell_for(department_id, shift_id),
                            self.place(department_id, shift_id))

    def painted_lines(self, department_id: str | None, shift_id: str | None) -> list[str]:
        """The lines of words a cell paints (its badges and bar aside), for tests."""
        for slot in self._slots:
            if slot.key == (department_id, shift_id):
                headline, first, second, _warn = self._cell_lines(
                    slot, QFontMetrics(self.font()))
                return [t for t in (headline, first, second) if t]
        raise KeyError((department_id, shift_id))

    def cell_rect(self, department_id: str | None, shift_id: str | None) -> QRect:
        for slot in self._slots:
            if slot.key == (department_id, shift_id):
                return slot.rect
        raise KeyError((department_id, shift_id))

    # ----- layout and painting ----------------------------------------------------------

    def _layout(self) -> None:
        self._slots = []
        if self.chart is None:
            return
        wall = self.chart
        width = self.cell_width()
        columns: list[str | None] = [c.id for c in wall.columns] + [TOTAL]
        rows: list[str | None] = [r.id for r in wall.rows] + [TOTAL]
        for r, dept in enumerate(rows):
            for c, shift in enumerate(columns):
                rect = QRect(self.LABEL_WIDTH + c * width,
                             self.HEADER_HEIGHT + r * self.CELL_HEIGHT,
                             width, self.CELL_HEIGHT)
                self._slots.append(_Slot(rect, (dept, shift), self.cell_for(dept, shift)))

    def sizeHint(self) -> QSize:
        if self.chart is None:
            return QSize(400, 200)
        return QSize(self.LABEL_WIDTH + (len(self.chart.columns) + 1) * self.CELL_WIDTH + 2,
                     self.HEADER_HEIGHT + (len(self.chart.rows) + 1) * self.CELL_HEIGHT + 2)

    def minimumSizeHint(self) -> QSize:
        # The scroll area grows the grid to its room, never below every cell's least size.
        return self.sizeHint()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._layout()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        palette = self.palette()
        self._badge_rects = []
        if self.chart is None:
            painter.end()
            return
        wall = self.chart
        bold = QFont(self.font())
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(palette.color(QPalette.ColorRole.WindowText))
        column_names = [c.name for c in wall.columns] + [_("All shifts")]
        width = self.cell_width()
        for c, name in enumerate(column_names):
            rect = QRect(self.LABEL_WIDTH + c * width, 0, width, self.HEADER_HEIGHT)
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, name)
        row_names = [r.name for r in wall.rows] + [_("All departments")]
        for r, name in enumerate(row_names):
            rect = QRect(4, self.HEADER_HEIGHT + r * self.CELL_HEIGHT, self.LABEL_WIDTH - 8,
                         self.CELL_HEIGHT)
            painter.drawText(rect, Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap,
                             name)
        painter.setFont(self.font())
        for slot in self._slots:
            self._paint_cell(painter, slot, palette)
        painter.end()

    def _cell_lines(self, slot: _Slot, metrics: QFontMetrics) -> tuple[str, str, str, bool]:
        """(headline, OC line, coverage line, OC line is a warning) as painted in `slot`."""
        cell = slot.cell
        width = slot.rect.width() - 16
        if not cell.people:
            return _("nobody"), "", "", False
        bold = QFont(self.font())
        bold.setBold(True)
        heavy = QFontMetrics(bold)
        people_text = count(cell.people, "person", "people")
        headline = f"{people_text} · {count(cell.supporters, 'supporter', 'supporters')}"
        # Translators: short for "12 people · 5 supporters": {n} people for the union.
        short = _("{people} · {n} for").format(people=people_text,
                                                n=formats.number(cell.supporters))
        share = f" ({formats.percent(cell.share)})"
        headline = next((t for t in (headline + share, short + share, short)
                         if heavy.horizontalAdvance(t) <= width), short)
        first, second, warn = cell_oc_lines(cell, width, metrics, self.place(*slot.key))
        return headline, first, second, warn

    def _paint_cell(self, painter: QPainter, slot: _Slot, palette: QPalette) -> None:
        cell = slot.cell
        is_total = TOTAL in slot.key
        rect = slot.rect.adjusted(2, 2, -2, -2)
        background = palette.color(QPalette.ColorRole.Base)
        if is_total:
            background = palette.color(QPalette.ColorRole.AlternateBase)
        painter.setBrush(background)
        border = palette.color(QPalette.ColorRole.Mid)
        width = 1
        if slot.key == self.selected:
            border = palette.color(QPalette.ColorRole.Highlight)
            width = 3
        painter.setPen(QPen(border, width))
        painter.drawRoundedRect(QRectF(rect), 6, 6)
        inner = rect.adjusted(6, 4, -6, -4)
        metrics = QFontMetrics(painter.font())
        line = metrics.height()
        text = palette.color(QPalette.ColorRole.Text)
        headline, first, second, warn = self._cell_lines(slot, metrics)
        if not cell.people:
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(inner, Qt.AlignmentFlag.AlignCenter, headline)
            return
        bold = QFont(painter.font())
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(text)
        painter.drawText(
            QRect(inner.left(), inner.top(), inner.width(), line), Qt.AlignmentFlag.AlignLeft,
            headline,
        )
        painter.setFont(self.font())
        body = QRect(inner.left(), inner.top() + line + 4, inner.width(),
                     inner.height() - 3 * line - 8)
        if cell.badges is not None and not is_total:
            self._paint_badges(painter, body, cell)
        else:
            self._paint_bar(painter, QRect(body.left(), body.top() + 4, body.width(),
                                           min(26, body.height())), cell)
        bottom = inner.bottom() - 2 * line
        # A warning is red (one readable on the cells, in any palette), and says so in its
        # sign and words too: colour is never the only signal.
        painter.setPen(theme.warning_colour(palette, QPalette.ColorRole.Base) if warn
                       else text)
        painter.drawText(QRect(inner.left(), bottom, inner.width(), line),
                         Qt.AlignmentFlag.AlignLeft, first)
        painter.setPen(text)
        painter.drawText(QRect(inner.left(), bottom + line, inner.width(), line),
                         Qt.AlignmentFlag.AlignLeft, second)

    def _paint_badges(self, painter: QPainter, body: QRect, cell: ChartCell) -> None:
        size, gap = self.BADGE, 3
        step = size + gap
        per_row = max(1, (body.width() + gap) // step)
        small = QFont(painter.font())
        small.setPointSizeF(max(6.0, small.pointSizeF() * 0.7))
        tiny = QFont(small)
        tiny.setPointSizeF(max(5.0, small.pointSizeF() * 0.8))
        painter.setFont(small)
        for i, badge in enumerate(cell.badges or []):
            x = body.left() + (i % per_row) * step
            y = body.top() + (i // per_row) * (size + gap)
            rect = QRect(x, y, size, size)
            if rect.bottom() > body.bottom() + 4:
                break
            colour = score_colour(self.scale, badge.assessment)
            painter.setBrush(colour)
            if badge.is_oc_member:
                painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Text), 2))
            else:
                painter.setPen(Qt.PenStyle.NoPen)
            if badge.is_organic_leader:
                painter.drawRect(rect)
            else:
                painter.drawEllipse(rect)
            painter.setPen(readable_text_colour(colour))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter,
                             chart.badge_initials(badge.display_name))
            # The assessment's number in the badge's corner ("?" for none): colour is
            # never the only signal of where someone stands.
            mark = QRect(rect.right() - self.BADGE_MARK + 2, rect.bottom() - self.BADGE_MARK + 2,
                         self.BADGE_MARK, self.BADGE_MARK)
            painter.setFont(tiny)
            painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Text), 1))
            painter.setBrush(self.palette().color(QPalette.ColorRole.Base))
            painter.drawRect(mark)
            painter.drawText(mark, Qt.AlignmentFlag.AlignCenter, score_mark(badge.assessment))
            painter.setFont(small)
            self._badge_rects.append((rect, badge))
        painter.setFont(self.font())

    def _paint_bar(self, painter: QPainter, bar: QRect, cell: ChartCell) -> None:
        parts: list[tuple[int | None, int, QColor]] = [
            (s, cell.by_score[s], score_colour(self.scale, s)) for s in SCORES
        ]
        parts.append((None, cell.unassessed, UNASSESSED_COLOUR))
        x = float(bar.left())
        for score, number, colour in parts:
            if not number:
                continue
            w = bar.width() * number / cell.people
            segment = QRectF(x, bar.top(), w, bar.height())
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            painter.drawRect(segment)
            if score is None:
                painter.setBrush(QBrush(colour.darker(130), Qt.BrushStyle.BDiagPattern))
                painter.drawRect(segment)
            # "2: 5" (assessment: how many), or the assessment alone where narrow: the
            # colour is never the only signal of which assessment a part is.
            mark = score_mark(score)
            metrics = QFontMetrics(painter.font())
            painter.setPen(mark_colour(colour, colour.darker(130)) if score is None
                           else readable_text_colour(colour))
            for label in (f"{mark}: {formats.number(number)}", mark):
                if metrics.horizontalAdvance(label) + 4 < w:
                    painter.drawText(segment, Qt.AlignmentFlag.AlignCenter, label)
                    break
            x += w

    # ----- interaction ------------------------------------------------------------------

    def slot_at(self, pos: QPoint) -> _Slot | None:
        for slot in self._slots:
            if slot.rect.contains(pos):
                return slot
        return None

    def badge_at(self, pos: QPoint) -> chart.Badge | None:
        for rect, badge in self._badge_rects:
            if rect.contains(pos):
                return badge
        return None

    def select(self, department_id: str | None, shift_id: str | None) -> None:
        self.selected = (department_id, shift_id)
        self.update()
        self.cell_clicked.emit(department_id, shift_id)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        slot = self.slot_at(event.position().toPoint())
        if slot is not None and event.button() == Qt.MouseButton.LeftButton:
            self.select(*slot.key)
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        badge = self.badge_at(event.position().toPoint())
        if badge is not None:
            self.person_activated.emit(badge.person_id)
        super().mouseDoubleClickEvent(event)

    def event(self, event: object) -> bool:
        if isinstance(event, QHelpEvent):
            badge = self.badge_at(event.pos())
            if badge is not None:
                # "OC member" is also counted ("2 OC members"): one catalogue entry.
                extra = [x for x, on in ((ngettext("OC member", "OC members", 1),
                                          badge.is_oc_member),
                                         (_("organic leader"), badge.is_organic_leader)) if on]
                tip = f"{badge.display_name}\n{self.scale.text(badge.assessment)}"
                if extra:
                    tip += "\n" + ", ".join(extra)
                QToolTip.showText(event.globalPos(), tip, self)
                return True
            slot = self.slot_at(event.pos())
            if slot is not None:
                QToolTip.showText(event.globalPos(),
                                  cell_summary(slot.cell, self.place(*slot.key))
                                  + "\n" + _("(click to list the people)"), self)
                return True
            QToolTip.hideText()
            return True
        return super().event(event)  # type: ignore[arg-type]


class ThresholdBar(QWidget):
    """The whole unit's share as a horizontal bar with the thresholds as tick marks."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.share = 0.0
        self.thresholds: list[Threshold] = []
        self.setMinimumHeight(62)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(_("Supporters' share against the thresholds"))

    def set_values(self, share: float, thresholds: list[Threshold]) -> None:
        self.share = share
        self.thresholds = list(thresholds)
        self.setToolTip(_("Supporters: {percent}").format(percent=formats.percent(share)))
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        palette = self.palette()
        metrics = QFontMetrics(painter.font())
        bar = QRectF(10, 6, self.width() - 20, 22)
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Mid), 1))
        painter.setBrush(palette.color(QPalette.ColorRole.Base))
        painter.drawRect(bar)
        filled = QRectF(bar.left(), bar.top(), bar.width() * min(1.0, self.share), bar.height())
        # The palette's highlight (a dark or high-contrast theme's own), its percentage in
        # the palette's highlighted text where that reads, else in black or white.
        fill = palette.color(QPalette.ColorRole.Highlight)
        on_fill = palette.color(QPalette.ColorRole.HighlightedText)
        if theme.contrast(on_fill, fill) < theme.MINIMUM_CONTRAST:
            on_fill = mark_colour(fill)
        painter.setBrush(fill)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawRect(filled)
        painter.setPen(on_fill if self.share > 0.08
                       else palette.color(QPalette.ColorRole.Text))
        painter.drawText(filled.adjusted(4, 0, 0, 0) if self.share > 0.08
                         else bar.adjusted(4, 0, 0, 0),
                         Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                         formats.percent(self.share))
        for threshold in self.thresholds:
            x = bar.left() + bar.width() * threshold.percent / 100
            reached = self.share * 100 >= threshold.percent
            painter.setPen(QPen(palette.color(QPalette.ColorRole.Text), 2))
            painter.drawLine(QPointF(x, bar.top() - 3), QPointF(x, bar.bottom() + 4))
            label = threshold_text(threshold.percent) + (" ✓" if reached else "")
            w = metrics.horizontalAdvance(label)
            painter.drawText(QPointF(x - w / 2, bar.bottom() + 6 + metrics.ascent()), label)
        painter.end()


class HistoryChart(QWidget):
    """Supporters' share at the end of each week, with the thresholds as dashed lines."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.points: list[SupportPoint] = []
        self.thresholds: list[Threshold] = []
        self.setMinimumSize(300, 110)  # fits under the chart on a 1024×600 screen
        self.setAccessibleName(_("Supporters' share over time"))

    def set_points(self, points: list[SupportPoint], thresholds: list[Threshold]) -> None:
        self.points = list(points)
        self.thresholds = list(thresholds)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        palette = self.palette()
        metrics = QFontMetrics(painter.font())
        left, top = metrics.horizontalAdvance(formats.percent(1)) + 10, 10
        plot = QRectF(left, top, self.width() - left - 12,
                      self.height() - top - metrics.height() - 12)
        text = palette.color(QPalette.ColorRole.Text)
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Mid), 1))
        painter.drawRect(plot)

        def y_of(share: float) -> float:
            return plot.bottom() - plot.height() * share

        for percent in (0, 50, 100):
            painter.setPen(text)
            painter.drawText(QPointF(2, y_of(percent / 100) + metrics.ascent() / 2),
                             formats.percent(percent / 100))
        for threshold in self.thresholds:
            y = y_of(threshold.percent / 100)
            painter.setPen(QPen(palette.color(QPalette.ColorRole.Mid), 1, Qt.PenStyle.DashLine))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            label = threshold_text(threshold.percent)
            painter.drawText(QPointF(plot.right() - metrics.horizontalAdvance(label) - 2, y - 2),
                             label)
        if not self.points:
            painter.setPen(text)
            painter.drawText(plot, Qt.AlignmentFlag.AlignCenter, _("No assessments yet"))
            painter.end()
            return
        n = len(self.points)
        step = plot.width() / max(1, n - 1)
        xy = [QPointF(plot.left() + i * step, y_of(p.share)) for i, p in enumerate(self.points)]
        line = palette.color(QPalette.ColorRole.Highlight)  # a dark or high-contrast theme's
        painter.setPen(QPen(line, 2.5))
        for a, b in itertools.pairwise(xy):
            painter.drawLine(a, b)
        painter.setBrush(line)
        for point in xy:
            painter.drawEllipse(point, 3, 3)
        painter.setPen(text)
        painter.drawText(QPointF(plot.left(), plot.bottom() + 4 + metrics.ascent()),
                         formats.short_date(self.points[0].on))
        last = (f"{formats.short_date(self.points[-1].on)}: "
                f"{formats.percent(self.points[-1].share)}")
        painter.drawText(QPointF(plot.right() - metrics.horizontalAdvance(last),
                                 plot.bottom() + 4 + metrics.ascent()), last)
        painter.end()


def describe_line(line: SupportLine) -> tuple[str, str, str]:
    """(share, next line, what it takes) for the tracker table."""
    if not line.people:
        return "—", "—", _("nobody here yet")
    # Translators: "40% (12 of 30)": the share of supporters, then how many of how many.
    share = _("{percent} ({supporters} of {people})").format(
        percent=formats.percent(line.share), supporters=formats.number(line.supporters),
        people=formats.number(line.people))
    if line.next_threshold is None:
        # Translators: every threshold is reached.
        return share, _("all reached ✓"), "—"
    target = threshold_text(line.next_threshold.percent)
    return share, target, _("{n} more to reach {target}").format(
        n=formats.number(line.more_needed), target=target)


def threshold_text(percent: float) -> str:
    """A threshold ("65%", "65 %" in Spanish); a fractional one keeps its decimals."""
    if percent == int(percent):
        return formats.percent(percent / 100)
    return formats.number(percent) + "%"


def score_mark(score: int | None) -> str:
    """What a badge or a bar part says of its assessment: the number, "?" for none."""
    return "?" if score is None else str(score)


class _CellPanel(QWidget):
    """The chosen cell's people beside the chart. Its size hint is what the splitter starts
    it at: room for a long name and an assessment, so names are not cut short on a laptop."""

    def sizeHint(self) -> QSize:
        metrics = QFontMetrics(self.font())
        wide = metrics.horizontalAdvance("Alexandra Montgomery  2 · Leaning support")
        return QSize(max(self.minimumWidth(), wide + 40), super().sizeHint().height())


def _heading(text: str) -> QLabel:
    # 1.1 times the system's font size, and still so when it changes.
    return theme.heading(QLabel(text), 1.1)


def _tree(headers: list[str], name: str) -> QTreeWidget:
    tree = QTreeWidget()
    tree.setHeaderLabels(headers)
    tree.setRootIsDecorated(False)
    tree.setAlternatingRowColors(True)
    tree.setAccessibleName(name)
    tree.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return tree


class ChartPage(QWidget):
    person_requested = Signal(str)

    def __init__(self, vault: Vault, scale: AssessmentScale,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.scale = scale
        self.tracker: MajorityTracker | None = None
        self.tally: IssuesTally | None = None
        self.history: list[SupportPoint] = []
        self.without_oc: ShortList | None = None
        self.leaders: ShortList | None = None
        self._loading = False
        self._sides_set = False  # the chart and the cell list split once there is room

        outer = QVBoxLayout(self)
        top = QHBoxLayout()
        self.title = title = theme.heading(QLabel(_("Wall chart")), 1.5)
        top.addWidget(title)
        top.addSpacing(20)
        top.addWidget(QLabel(_("Site:")))
        self.site_filter = QComboBox()
        self.site_filter.setAccessibleName(_("Site"))
        self.site_filter.currentIndexChanged.connect(self._site_changed)
        top.addWidget(self.site_filter)
        top.addSpacing(12)
        self.print_button = QPushButton(_("&Print…"))
        self.print_button.setToolTip(_("Print the wall chart and the tracker's figures "
                                       "(landscape), with a preview first"))
        self.print_button.clicked.connect(self.print_chart)
        top.addWidget(self.print_button)
        self.save_pdf_button = QPushButton(_("Save P&DF…"))
        self.save_pdf_button.setToolTip(_("Save the wall chart as a landscape PDF"))
        self.save_pdf_button.clicked.connect(self.save_pdf)
        top.addWidget(self.save_pdf_button)
        self.print_initials = QCheckBox(_("&Initials on paper"))
        self.print_initials.setToolTip(
            _("Print and Save PDF show the people of each small cell by their initials (of "
              "the code name when there is one). Off: only counts, no one named."))
        top.addWidget(self.print_initials)
        self._task: Task | None = None
        top.addStretch(1)
        outer.addLayout(top)
        self.legend = QLabel()
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setWordWrap(True)
        self.legend.setAccessibleName(_("Key to the wall chart"))
        outer.addWidget(self.legend)
        self.summary = QLabel()
        self._summary_red = theme.warning_colour(self.summary.palette()).name()
        self.summary.installEventFilter(self)
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(_("The chart's totals"))
        outer.addWidget(self.summary)

        # The wall chart on top with most of the height; the tracker and its lists fold
        # away below it, the whole unit's headline always in view.
        self.splitter = splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        self.upper = upper = QSplitter(Qt.Orientation.Horizontal)
        upper.setChildrenCollapsible(False)
        self.grid = WallChartGrid(scale)
        self.grid.cell_clicked.connect(self.show_cell_people)
        self.grid.person_activated.connect(self.person_requested)
        self.grid_area = scroll = QScrollArea()
        scroll.setWidget(self.grid)
        scroll.setWidgetResizable(True)  # the grid takes the width there is (see its cells)
        scroll.setMinimumSize(240, 120)
        upper.addWidget(scroll)
        self.cell_panel = side = _CellPanel()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        self.cell_heading = _heading(_("Click a cell to see its people"))
        self.cell_heading.setWordWrap(True)
        side_layout.addWidget(self.cell_heading)
        self.cell_people = QTreeWidget()
        self.cell_people.setHeaderLabels([_("Name"), _("Assessment")])
        self.cell_people.setRootIsDecorated(False)
        self.cell_people.setAlternatingRowColors(True)
        self.cell_people.setAccessibleName(_("People in the chosen cell"))
        self.cell_people.setIconSize(QSize(12, 12))
        # Names are never cut short: the name column fits the longest, and the assessment
        # (its number first) takes what is left.
        header = self.cell_people.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.cell_people.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.cell_people.itemActivated.connect(self._open_tree_item)
        self.cell_people.itemDoubleClicked.connect(self._open_tree_item)
        side_layout.addWidget(self.cell_people, 1)
        hint = QLabel(_("Double-click a name to open their page."))
        hint.setWordWrap(True)
        side_layout.addWidget(hint)
        side.setMinimumWidth(180)
        upper.addWidget(side)
        # The chart takes what the list does not need; the list starts wide enough for
        # names (its size hint) and can be dragged wider.
        upper.setStretchFactor(0, 1)
        upper.setStretchFactor(1, 0)
        splitter.addWidget(upper)

        self.tracker_section = QWidget()
        section = QVBoxLayout(self.tracker_section)
        section.setContentsMargins(0, 0, 0, 0)
        self.tracker_bar = bar = QHBoxLayout()
        self.tracker_toggle = QToolButton()
        self.tracker_toggle.setText(_("&Majority tracker"))
        self.tracker_toggle.setToolTip(
            _("Show or hide the majority tracker, who needs attention, the issues tally and "
              "supporters' share over time"))
        self.tracker_toggle.setAccessibleName(
            _("Majority tracker, who needs attention, issues and momentum"))
        self.tracker_toggle.setCheckable(True)
        self.tracker_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.tracker_toggle.setAutoRaise(True)
        self.tracker_toggle.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        theme.bold(self.tracker_toggle)
        bar.addWidget(self.tracker_toggle, 0, Qt.AlignmentFlag.AlignTop)
        self.unit_label = QLabel()
        self.unit_label.setWordWrap(True)
        self.unit_label.setAccessibleName(_("The whole unit against the thresholds"))
        bar.addWidget(self.unit_label, 1)
        section.addLayout(bar)

        self.tabs = QTabWidget()
        # Majority tracker
        tracker = QWidget()
        tl = QVBoxLayout(tracker)
        self.threshold_bar = ThresholdBar()
        tl.addWidget(self.threshold_bar)
        self.tracker_table = _tree([_("Group"), _("Supporters"), _("Next line"),
                                    _("What it takes")], _("Majority tracker"))
        tl.addWidget(self.tracker_table, 1)
        self.tabs.addTab(tracker, _("Majority tracker"))
        # Who needs attention
        attention = QWidget()
        al = QHBoxLayout(attention)
        left = QVBoxLayout()
        self.without_oc_heading = _heading(_("No OC member assigned"))
        left.addWidget(self.without_oc_heading)
        self.without_oc_list = _tree([_("Name"), _("Department"), _("Shift"), _("Assessment")],
                                     _("People with no OC member"))
        self.without_oc_list.itemDoubleClicked.connect(self._open_tree_item)
        left.addWidget(self.without_oc_list)
        right = QVBoxLayout()
        self.leaders_heading = _heading(_("Organic leaders not yet 1–2"))
        right.addWidget(self.leaders_heading)
        self.leaders_list = _tree([_("Name"), _("Department"), _("Shift"), _("Assessment"),
                                   ngettext("OC member", "OC members", 1)],
                                  _("Organic leaders not yet supportive"))
        self.leaders_list.itemDoubleClicked.connect(self._open_tree_item)
        right.addWidget(self.leaders_list)
        al.addLayout(left)
        al.addLayout(right)
        self.tabs.addTab(attention, _("Who needs attention"))
        # Issues
        self.issues_table = _tree([_("Issue"), _("People")], _("Issues tally"))
        self.tabs.addTab(self.issues_table, _("Issues"))
        # History
        history = QWidget()
        hl = QVBoxLayout(history)
        hl.addWidget(QLabel(_("Share of supporters (1–2) at the end of each week; "
                              "dashed lines are the thresholds.")))
        self.history_chart = HistoryChart()
        hl.addWidget(self.history_chart, 1)
        self.tabs.addTab(history, _("Momentum"))
        section.addWidget(self.tabs, 1)
        splitter.addWidget(self.tracker_section)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        outer.addWidget(splitter, 1)
        self._fill_legend()
        # Open or folded as this campaign last left it (folded at first: the chart first).
        self.tracker_toggle.setChecked(not chart.tracker_folded(vault))
        self._show_tracker_section(self.tracker_toggle.isChecked())
        self.tracker_toggle.toggled.connect(self.fold_tracker_toggled)

    # ----- data ---------------------------------------------------------------------------

    def _fill_legend(self) -> None:
        parts = []
        for level in self.scale.levels:
            parts.append(f"<span style='color:{level.colour}'>●</span> {level.score} "
                         f"{html.escape(level.label)}")
        parts.append(f"<span style='color:{UNASSESSED_COLOUR.name()}'>●</span> ? "
                     + html.escape(_("not assessed")))
        parts.append(" " + html.escape(_("Ringed = OC member, square = organic leader. "
                                         "Big cells show a bar of counts by assessment.")))
        # Translators: says how a badge and a bar show assessments without colour.
        parts.append(" " + html.escape(_("The number in a badge's corner and each part of a "
                                         "bar (“2: 5”: five people at 2) give the "
                                         "assessment.")))
        words = chart_definitions()
        self.legend.setText(
            "&nbsp;&nbsp;".join(parts) + "<br>"
            + " ".join(f"<b>{html.escape(term)}</b>: {html.escape(meaning)}"
                       + ("" if meaning.endswith(".") else ".")
                       for term, meaning in words))
        plain = " ".join(f"{term}: {meaning}" for term, meaning in words)
        # Translators: {definitions} is "Coverage: the share of … OC ratio 1:N: …".
        self.legend.setToolTip(_("{definitions} (More in Help › Guide.)").format(
            definitions=plain))
        self.legend.setAccessibleDescription(plain)
        self.grid.setAccessibleDescription(
            _("Departments down, shifts across; each cell counts its people by assessment. "
              "{definitions}").format(definitions=plain))

    def _show_tracker_section(self, shown: bool) -> None:
        self.tabs.setVisible(shown)
        handle = self.splitter.handle(1)
        if handle is not None:
            handle.setEnabled(shown)  # folded, there is nothing to drag
        self.tracker_toggle.setArrowType(
            Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)
        if shown:
            self.tracker_section.setMaximumHeight(_NO_LIMIT)
            self._give_chart_most_height()
        else:
            self._fit_folded_tracker()

    def _give_chart_most_height(self) -> None:
        """Open, the tracker gets 2 parts of the height and the wall chart 3."""
        room = sum(self.splitter.sizes())
        if room > 0:
            self.splitter.setSizes([room * 3 // 5, room - room * 3 // 5])

    def _fit_folded_tracker(self) -> None:
        """Folded, the section is only its headline row, however many lines that wraps to:
        the splitter gives the wall chart all the rest."""
        if self.tracker_toggle.isChecked():
            return
        bar = self.tracker_bar
        width = self.tracker_section.width()
        height = (bar.heightForWidth(width) if bar.hasHeightForWidth() and width > 0
                  else -1)
        self.tracker_section.setMaximumHeight(max(height, bar.sizeHint().height()))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_folded_tracker()
        self._split_once()

    def _split_once(self) -> None:
        """The first time the page is shown: the cell list as wide as names need (its
        hint), but never more than 30% of a small screen; the chart gets the rest, and
        most of the height when the tracker is open. Later the organizer's own dragging
        stands."""
        if self._sides_set or not self.isVisible() or self.upper.width() <= 0:
            return
        if self.tracker_toggle.isChecked():
            self._give_chart_most_height()
        room = self.upper.width() - self.upper.handleWidth()
        side = min(self.cell_panel.sizeHint().width(),
                   max(self.cell_panel.minimumWidth(), room * 3 // 10))
        self.upper.setSizes([room - side, side])
        self._sides_set = True

    def fold_tracker_toggled(self, shown: bool) -> None:
        """Open or fold the tracker, and keep the choice in this campaign's vault."""
        self._show_tracker_section(shown)
        chart.set_tracker_folded(self.vault, not shown)

    def _reload_sites(self) -> None:
        chosen = self.site_filter.currentData()
        self.site_filter.blockSignals(True)
        self.site_filter.clear()
        self.site_filter.addItem(_("All sites"), None)
        for entry in campaign.list_entries(self.vault, "site"):
            self.site_filter.addItem(entry.name, entry.id)
        index = self.site_filter.findData(chosen) if chosen is not None else 0
        self.site_filter.setCurrentIndex(max(0, index))
        self.site_filter.blockSignals(False)

    def site_id(self) -> str | None:
        value = self.site_filter.currentData()
        return value if isinstance(value, str) else None

    # ----- printing -----------------------------------------------------------------------

    def copy_recipient(self) -> str:
        """Who a printed chart is for: me, when the vault knows who I am (else no one)."""
        from organizer.core.committee import identity

        try:
            me = identity.get_identity(self.vault)
        except OrganizerError:
            return ""
        return me.name if me is not None else ""

    def print_chart(self) -> bool:
        """The chart as it will print (landscape); True when it was printed from there."""
        from organizer.reports.chart_pdf import (
            chart_print,
            landscape,
            preview_wall_chart,
            render_wall_chart,
        )

        data = chart_print(self.vault, site_id=self.site_id())
        initials = self.print_initials.isChecked()
        try:
            pages = preview_wall_chart(data, initials=initials,
                                       copy_mark=printed_copies_ui.preview_mark(
                                           printed_for=self.copy_recipient()))
        except OrganizerError as error:
            messages.warn_error(self, error)
            return False
        if not print_preview.show_preview(self, pages):
            return False
        printer = print_preview.new_printer("auto", _(CHART_DOCUMENT_NAME))
        landscape(printer)
        if not print_preview.choose_printer(self, printer):
            return False
        logged = printed_copies_ui.record(self, self.vault, "wall chart",
                                          printed_for=self.copy_recipient(),
                                          description=data.site_name)
        if logged is None:
            return False
        copy, mark = logged
        printed = 0
        try:
            printed = render_wall_chart(printer, data, initials=initials, copy_mark=mark)
        except OrganizerError as error:
            messages.warn_error(self, error)
            return False
        finally:
            printed_copies_ui.finished(self.vault, copy, printed)
        return True

    def save_pdf(self) -> Task | None:
        """Ask where, then write the chart's PDF in the background."""
        from organizer.reports.chart_pdf import chart_print, render_wall_chart_pdf

        path = choose_chart_pdf_path(self, suggested_chart_pdf_name())
        if path is None:
            return None
        data = chart_print(self.vault, site_id=self.site_id())
        initials = self.print_initials.isChecked()
        logged = printed_copies_ui.record(self, self.vault, "wall chart",
                                          printed_for=self.copy_recipient(),
                                          description=data.site_name)
        if logged is None:
            return None
        copy, mark = logged

        def work(_progress: object) -> int:
            return render_wall_chart_pdf(data, path, initials=initials, copy_mark=mark)

        self.save_pdf_button.setEnabled(False)
        task = Task(work, parent=self, label=_("Writing the PDF…"))
        task.succeeded.connect(lambda pages: self._pdf_written(path, pages, copy))
        task.failed.connect(lambda error: self._pdf_failed(error, copy))
        task.finished.connect(self._pdf_finished)
        self._task = task
        return task.start()

    def _pdf_written(self, path: Path, pages: object,
                     copy: PrintedCopy | None = None) -> None:
        if not shiboken6.isValid(self):
            return
        written = int(pages) if isinstance(pages, int) else 0
        if copy is not None and self.vault.is_open:
            printed_copies_ui.finished(self.vault, copy, max(written, 1))
        saved = ngettext("Saved the wall chart ({n} page) as {file}.",
                         "Saved the wall chart ({n} pages) as {file}.", written).format(
            n=formats.number(written), file=html.escape(path.name))
        self.summary.setText(f"{self.summary.text()} <i>{saved}</i>")

    def _pdf_failed(self, error: object, copy: PrintedCopy | None = None) -> None:
        if not shiboken6.isValid(self):
            return
        if copy is not None and self.vault.is_open:
            printed_copies_ui.finished(self.vault, copy, 0)  # nothing to shred
        if isinstance(error, OrganizerError):
            messages.warn_error(self, error)
        else:
            messages.warn(self, _("Organizer could not write the PDF."), str(error))

    def _pdf_finished(self) -> None:
        if shiboken6.isValid(self):
            self._task = None
            self.save_pdf_button.setEnabled(True)

    def _site_changed(self) -> None:
        if not self._loading:
            self._refresh_chart()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._split_once()
        self.refresh()

    def event(self, event: QEvent) -> bool:
        # The window-modal Settings dialog can change the thresholds while this page stays
        # shown (no showEvent); its window is activated again when the dialog closes.
        if event.type() == QEvent.Type.WindowActivate and self.isVisible():
            self.refresh_thresholds()
        return super().event(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The totals' own palette, once it has changed (the page hears of a change before
        # its children have the new palette).
        if watched is self.summary and event.type() == QEvent.Type.PaletteChange:
            self._recolour_summary()
        return super().eventFilter(watched, event)

    def _recolour_summary(self) -> None:
        """The totals' warning in the red readable on the palette now in use (a dark or
        high-contrast theme chosen while Organizer runs)."""
        red = theme.warning_colour(self.summary.palette()).name()
        if red != self._summary_red:
            self.summary.setText(self.summary.text().replace(
                f"color:{self._summary_red}", f"color:{red}"))
            self._summary_red = red

    def refresh_thresholds(self) -> None:
        """Measure against the campaign's thresholds again if they changed (one tiny read
        when they did not)."""
        lines = campaign.thresholds(self.vault)
        if self.tracker is None or lines == self.tracker.thresholds:
            return
        self.tracker = chart.majority_tracker(self.vault, site_id=self.site_id())
        self._show_tracker()
        self.history_chart.set_points(self.history, lines)

    def refresh(self) -> None:
        """Read everything again (cheap: each figure is one grouped query)."""
        self._loading = True
        try:
            self._reload_sites()
        finally:
            self._loading = False
        self._refresh_chart()
        self.without_oc = chart.people_without_oc_member(self.vault, limit=100)
        self.leaders = chart.organic_leaders_not_supportive(self.vault, limit=100)
        self.tally = chart.issues_tally(self.vault)
        self.history = chart.support_history(self.vault, weeks=26)
        self._show_lists()
        self._show_tally()
        self.history_chart.set_points(self.history, campaign.thresholds(self.vault))

    def _refresh_chart(self) -> None:
        site = self.site_id()
        wall = chart.wall_chart(self.vault, site_id=site)
        self.grid.set_chart(wall)
        self.tracker = chart.majority_tracker(self.vault, site_id=site)
        self.summary.setText(describe_total(wall, self.summary.palette()))
        self._summary_red = theme.warning_colour(self.summary.palette()).name()
        self.summary.setToolTip(
            _("People who left the company stay in the vault, and the People page lists "
              "them, but they are not on the chart or in any of its figures."))
        self._show_tracker()
        if self.grid.selected is not None:
            try:
                self.show_cell_people(*self.grid.selected)
            except KeyError:
                self.grid.selected = None

    def _show_tracker(self) -> None:
        tracker = self.tracker
        if tracker is None:
            return
        unit = tracker.unit
        share, target, needed = describe_line(unit)
        # Translators: {share} is "40% (12 of 30)", {target} "50%", {needed} "3 more to
        # reach 50%".
        self.unit_label.setText(_("Whole unit: {share} supporters · next line {target} · "
                                  "{needed}").format(share=share, target=target,
                                                     needed=needed))
        self.threshold_bar.set_values(unit.share, tracker.thresholds)
        self.tracker_table.clear()
        for heading, lines in ((_("Departments"), tracker.departments),
                               (_("Shifts"), tracker.shifts)):
            head = QTreeWidgetItem([heading])
            font = head.font(0)
            font.setBold(True)
            head.setFont(0, font)
            self.tracker_table.addTopLevelItem(head)
            for line in lines:
                self.tracker_table.addTopLevelItem(
                    QTreeWidgetItem(["   " + line.name, *describe_line(line)]))

    def _show_lists(self) -> None:
        for tree, heading, found, base, with_oc in (
            (self.without_oc_list, self.without_oc_heading, self.without_oc,
             _("No OC member assigned"), False),
            (self.leaders_list, self.leaders_heading, self.leaders,
             _("Organic leaders not yet 1–2"), True),
        ):
            tree.clear()
            if found is None:
                continue
            heading.setText(f"{base} ({formats.number(found.total)})")
            for p in found.people:
                values = [p.display_name, p.department, p.shift, self.scale.text(p.assessment)]
                if with_oc:
                    # Translators: no OC member is assigned to this person.
                    values.append(p.oc_member or _("none"))
                item = QTreeWidgetItem(values)
                item.setData(0, PERSON_ROLE, p.id)
                tree.addTopLevelItem(item)

    def _show_tally(self) -> None:
        tally = self.tally
        if tally is None:
            return
        self.issues_table.clear()
        headers = [_("Issue"), _("People")] + [d.name for d in tally.departments]
        self.issues_table.setHeaderLabels(headers)
        for issue in tally.issues:
            values = [issue.name, formats.number(issue.people)]
            for d in tally.departments:
                n = issue.by_department.get(d.id, 0)
                values.append(f"{formats.number(n)} ({formats.percent(tally.share(issue, d.id))})"
                              if n else "—")
            self.issues_table.addTopLevelItem(QTreeWidgetItem(values))

    # ----- a cell's people ----------------------------------------------------------------

    def _axis_name(self, axis_id: str | None, names: list[chart.ChartAxis], all_text: str,
                   none_text: str) -> str:
        if axis_id == TOTAL:
            return all_text
        for axis in names:
            if axis.id == axis_id:
                return axis.name
        return none_text

    def cell_filter(self, department_id: str | None, shift_id: str | None) -> PeopleFilter:
        """Who is in a cell: its department and shift (None is the "No department" row or
        "No shift" column, TOTAL every one) at the chosen site."""

        def only(axis_id: str | None, blank: str) -> frozenset[str]:
            if axis_id == TOTAL:
                return frozenset()
            return frozenset({blank if axis_id is None else axis_id})

        site = self.site_id()
        return PeopleFilter(
            department_ids=only(department_id, people.NO_DEPARTMENT),
            shift_ids=only(shift_id, people.NO_SHIFT),
            site_ids=frozenset({site}) if site else frozenset(),
            current_only=True,  # the chart leaves out people who left the company
        )

    def show_cell_people(self, department_id: str | None, shift_id: str | None) -> None:
        wall = self.grid.chart
        if wall is None:
            return
        cell = self.grid.cell_for(department_id, shift_id)
        where = " · ".join((
            self._axis_name(department_id, wall.rows, _("All departments"),
                            _(chart.NO_DEPARTMENT)),
            self._axis_name(shift_id, wall.columns, _("All shifts"), _(chart.NO_SHIFT)),
        ))
        self.cell_people.clear()
        rows: list[tuple[str, str, int | None]] = []
        if cell.badges is not None:
            rows = [(b.person_id, b.display_name, b.assessment) for b in cell.badges]
        else:
            found = people.first_people_ids(
                self.vault, self.cell_filter(department_id, shift_id), limit=CELL_PEOPLE_SHOWN)
            rows = [(r.id, r.display_name, r.assessment)
                    for r in people.people_rows(self.vault, found)]
        # Translators: how many of a cell's people the list shows: "500 shown".
        shown = (_("{n} shown").format(n=formats.number(len(rows)))
                 if len(rows) < cell.people else "")
        self.cell_heading.setText(f"{where}: {count(cell.people, 'person', 'people')}"
                                  + (f" ({shown})" if shown else ""))
        items = []
        for person_id, name, score in rows:
            item = QTreeWidgetItem([name, self.scale.text(score)])
            item.setData(0, PERSON_ROLE, person_id)
            item.setData(0, Qt.ItemDataRole.DecorationRole, score_colour(self.scale, score))
            item.setToolTip(0, name)
            item.setToolTip(1, self.scale.text(score))
            items.append(item)
        self.cell_people.addTopLevelItems(items)

    def cell_people_names(self) -> list[str]:
        return [item.text(0) for item in self.cell_people_items()]

    def cell_people_items(self) -> list[QTreeWidgetItem]:
        tree = self.cell_people
        return [item for i in range(tree.topLevelItemCount())
                if (item := tree.topLevelItem(i)) is not None]

    def _open_tree_item(self, item: QTreeWidgetItem) -> None:
        person_id = item.data(0, PERSON_ROLE)
        if isinstance(person_id, str):
            self.person_requested.emit(person_id)
