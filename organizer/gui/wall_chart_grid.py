"""The wall chart's grid: departments down, shifts across, each cell painted with its
figures, badges or bar; a click lists a cell's people, a double-click opens a person."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPoint, QRect, QRectF, QSize, Qt, Signal
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
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from organizer import formats
from organizer.core import chart
from organizer.core.chart import SCORES, ChartCell, WallChart
from organizer.gui import theme
from organizer.gui.assessment_badge import AssessmentScale, readable_text_colour
from organizer.gui.chart_cells import (
    TOTAL,
    UNASSESSED_COLOUR,
    cell_oc_lines,
    cell_summary,
    in_this_cell,
    mark_colour,
    score_colour,
    score_mark,
)
from organizer.i18n import _, ngettext
from organizer.words import count


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
