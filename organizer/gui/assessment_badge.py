"""Assessment badges: the campaign's 1-5 scale drawn as coloured, labelled pills.

The badge colours come from the campaign's own scale (campaign.assessment_scale), so they
are the one place the GUI paints fixed colours; everything else follows the system palette.
The text on a badge is black or white, whichever reads better on its colour.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from organizer.core import campaign
from organizer.core.campaign import AssessmentLevel
from organizer.core.vault import Vault
from organizer.i18n import N_, _

NOT_ASSESSED = N_("Not yet assessed")  # shown as _(NOT_ASSESSED)


class AssessmentScale:
    """Labels and colours of one campaign's scale, read once per window."""

    def __init__(self, levels: list[AssessmentLevel]) -> None:
        self.levels = list(levels)
        self._by_score = {level.score: level for level in levels}

    @classmethod
    def load(cls, vault: Vault) -> AssessmentScale:
        return cls(campaign.assessment_scale(vault))

    def label(self, score: int | None) -> str:
        level = self._by_score.get(score) if score is not None else None
        return level.label if level else _(NOT_ASSESSED)

    def text(self, score: int | None) -> str:
        """"2 · Leaning supportive": the number too, since colour alone is not enough."""
        if score is None or score not in self._by_score:
            return _(NOT_ASSESSED)
        return f"{score} · {self._by_score[score].label}"

    def colour(self, score: int | None) -> QColor | None:
        level = self._by_score.get(score) if score is not None else None
        return QColor(level.colour) if level else None


def readable_text_colour(background: QColor) -> QColor:
    """Black on light colours, white on dark ones (relative luminance, WCAG weights)."""
    luminance = 0.2126 * background.redF() + 0.7152 * background.greenF() + 0.0722 * (
        background.blueF()
    )
    return QColor("#000000") if luminance > 0.5 else QColor("#ffffff")


def paint_badge(
    painter: QPainter, rect: QRect, score: int | None, scale: AssessmentScale,
    palette: QPalette,
) -> None:
    """A rounded pill inside `rect` with the score's colour and text."""
    text = scale.text(score)
    metrics = QFontMetrics(painter.font())
    height = min(rect.height() - 4, metrics.height() + 6)
    width = min(rect.width() - 6, metrics.horizontalAdvance(text) + 16)
    if width <= 0 or height <= 0:
        return
    pill = QRectF(rect.left() + 3, rect.top() + (rect.height() - height) / 2, width, height)
    colour = scale.colour(score)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    if colour is None:
        # Not assessed: an outline in the palette's own colours, so it reads as "empty".
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Mid), 1, Qt.PenStyle.DashLine))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        text_colour = palette.color(QPalette.ColorRole.PlaceholderText)
    else:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        text_colour = readable_text_colour(colour)
    radius = height / 2
    painter.drawRoundedRect(pill, radius, radius)
    painter.setPen(text_colour)
    elided = metrics.elidedText(text, Qt.TextElideMode.ElideRight, int(width) - 12)
    painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, elided)
    painter.restore()


class AssessmentDelegate(QStyledItemDelegate):
    """Paints a column whose `score_role` data is an int 1-5 or None as a badge."""

    def __init__(self, scale: AssessmentScale, score_role: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.scale = scale
        self.score_role = score_role

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        # Let the style draw the row's background, selection and focus, then the badge.
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        score = index.data(self.score_role)
        paint_badge(
            painter, opt.rect, score if isinstance(score, int) else None, self.scale, opt.palette,
        )

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        hint = super().sizeHint(option, index)
        return QSize(max(hint.width(), 170), hint.height() + 4)


class AssessmentBadge(QWidget):
    """A single badge, for a person's page and the timeline."""

    def __init__(
        self, scale: AssessmentScale, score: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.scale = scale
        self._score = score
        self.setMinimumHeight(QFontMetrics(self.font()).height() + 10)
        self._update_accessible()

    def score(self) -> int | None:
        return self._score

    def set_score(self, score: int | None) -> None:
        self._score = score
        self._update_accessible()
        self.updateGeometry()
        self.update()

    def _update_accessible(self) -> None:
        # Translators: {assessment} is "2 · Leaning supportive" or "Not yet assessed".
        self.setAccessibleName(_("Assessment: {assessment}").format(
            assessment=self.scale.text(self._score)))
        self.setToolTip(self.scale.text(self._score))

    def sizeHint(self) -> QSize:
        metrics = QFontMetrics(self.font())
        return QSize(metrics.horizontalAdvance(self.scale.text(self._score)) + 24,
                     metrics.height() + 10)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        paint_badge(painter, self.rect(), self._score, self.scale, self.palette())
        painter.end()
