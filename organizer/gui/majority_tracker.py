"""The majority tracker's pictures and words: the whole unit's share against the
thresholds, supporters' share week by week, and what each group needs to reach its next line."""

from __future__ import annotations

import itertools

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFontMetrics, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from organizer import formats
from organizer.core.campaign import Threshold
from organizer.core.chart import SupportLine, SupportPoint
from organizer.gui import theme
from organizer.gui.chart_cells import mark_colour
from organizer.i18n import _


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
