"""Colours and type sizes that follow the system: its light, dark and high-contrast palettes,
and its font size.

Nothing here names a colour a person reads against a background it does not also know: a
warning's red is picked, from a dark red and a light one, for the background it is drawn on,
and falls back to the palette's own text colour when neither is readable (a high-contrast
theme's grey). Headings are a factor of the application's font, so a larger system font makes
them larger too, also when it changes while Organizer runs. Colour never carries a state
alone: whoever marks a warning also says it in words.
"""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QEvent, QObject, Slot
from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QWidget

W = TypeVar("W", bound=QWidget)

# WCAG 2's minimum contrast for normal text (AA).
MINIMUM_CONTRAST = 4.5
# The app's warning red, for light backgrounds and for dark ones.
WARNING_ON_LIGHT = "#b3261e"
WARNING_ON_DARK = "#ffb4ab"


def luminance(colour: QColor) -> float:
    """WCAG 2's relative luminance of an opaque colour, 0 (black) to 1 (white)."""
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    return (0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF())
            + 0.0722 * channel(colour.blueF()))


def contrast(a: QColor, b: QColor) -> float:
    """WCAG 2's contrast ratio of two colours: 1 (the same) to 21 (black on white)."""
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _text_role(background_role: QPalette.ColorRole) -> QPalette.ColorRole:
    roles = {
        QPalette.ColorRole.Base: QPalette.ColorRole.Text,
        QPalette.ColorRole.AlternateBase: QPalette.ColorRole.Text,
        QPalette.ColorRole.Button: QPalette.ColorRole.ButtonText,
        QPalette.ColorRole.ToolTipBase: QPalette.ColorRole.ToolTipText,
        QPalette.ColorRole.Highlight: QPalette.ColorRole.HighlightedText,
    }
    return roles.get(background_role, QPalette.ColorRole.WindowText)


def warning_colour(palette: QPalette | None = None,
                   background: QPalette.ColorRole = QPalette.ColorRole.Window) -> QColor:
    """The warning red readable on `palette`'s `background` (Window: a label's; Base: a
    table's cells), or the palette's own text colour when no red is readable there."""
    palette = palette if palette is not None else QGuiApplication.palette()
    ground = palette.color(background)
    reds = (QColor(WARNING_ON_LIGHT), QColor(WARNING_ON_DARK))
    best = max(reds, key=lambda red: contrast(red, ground))
    if contrast(best, ground) >= MINIMUM_CONTRAST:
        return best
    return palette.color(_text_role(background))


def quiet_colour(palette: QPalette | None = None,
                 background: QPalette.ColorRole = QPalette.ColorRole.Base) -> QColor:
    """Secondary text ("(empty)"): the palette's placeholder colour when it is readable on
    `background`, else its text colour."""
    palette = palette if palette is not None else QGuiApplication.palette()
    quiet = palette.color(QPalette.ColorRole.PlaceholderText)
    if contrast(quiet, palette.color(background)) >= MINIMUM_CONTRAST:
        return quiet
    return palette.color(_text_role(background))


def relative_font(factor: float = 1.0, bold: bool | None = None,
                  base: QFont | None = None, fixed: bool = False) -> QFont:
    """A font `factor` times the application's size (the system's font size), bold or not,
    in the system's fixed-width family when `fixed`. Only these are set: the rest still
    comes from the widget's parent, as Qt resolves fonts."""
    base = base if base is not None else QApplication.font()
    font = fixed_width_font() if fixed else QFont()
    size = base.pointSizeF()
    if size > 0:
        font.setPointSizeF(size * factor)
    elif base.pixelSize() > 0:  # a system font given in pixels
        font.setPixelSize(max(1, round(base.pixelSize() * factor)))
    if bold is not None:
        font.setBold(bold)
    return font


def fixed_width_font() -> QFont:
    """The system's fixed-width family, and nothing else: the size stays the one the widget
    or item would have (the system's), which the system's own fixed font ignores."""
    mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font = QFont()
    font.setFamilies(mono.families())
    font.setStyleHint(QFont.StyleHint.Monospace)
    font.setFixedPitch(True)
    return font


class _Follower(QObject):
    """Keeps one widget's heading size and warning colour in step with the application's
    font and palette."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.setObjectName("theme-follower")
        self.widget = widget
        self.factor: float | None = None
        self.bold: bool | None = None
        self.fixed = False
        self.warning = False
        widget.installEventFilter(self)
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.fontChanged.connect(self._font_changed)

    def apply_font(self) -> None:
        if self.factor is None:
            return
        wanted = relative_font(self.factor, self.bold, QApplication.font(self.widget),
                               self.fixed)
        font = self.widget.font()
        if (font.pointSizeF() != wanted.pointSizeF() or font.pixelSize() != wanted.pixelSize()
                or (self.bold is not None and font.bold() != self.bold)):
            self.widget.setFont(wanted)

    def apply_palette(self) -> None:
        if not self.warning:
            return
        palette = self.widget.palette()
        # The text colour to fall back on is the one the widget would have had: its
        # parent's (its own is the red).
        parent = self.widget.parentWidget()
        inherited = parent.palette() if parent is not None else QApplication.palette(self.widget)
        red = warning_colour(inherited, self.widget.backgroundRole())
        if palette.color(QPalette.ColorRole.WindowText) != red or (
                palette.color(QPalette.ColorRole.Text) != red):
            # Only the text roles are the widget's own: the rest (its background above all)
            # still comes from its parent, so a new palette reaches it.
            own = QPalette()
            own.setColor(QPalette.ColorRole.WindowText, red)
            own.setColor(QPalette.ColorRole.Text, red)
            self.widget.setPalette(own)

    @Slot(QFont)
    def _font_changed(self, _font: QFont) -> None:
        self.apply_font()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.widget and event.type() in (
            QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange,
            QEvent.Type.StyleChange,
        ):
            self.apply_palette()
        return False


def _follower(widget: QWidget) -> _Follower:
    for child in widget.children():
        if isinstance(child, _Follower):
            return child
    return _Follower(widget)


def heading(widget: W, factor: float = 1.0, bold: bool | None = True,
            fixed: bool = False) -> W:
    """Make `widget`'s text `factor` times the application's font size (bold unless told,
    fixed-width when `fixed`), and keep it so when the system's font size changes. Returns
    the widget."""
    follower = _follower(widget)
    follower.factor, follower.bold, follower.fixed = factor, bold, fixed
    follower.apply_font()
    return widget


def bold(widget: W, on: bool = True) -> W:
    """Bold text in the size the widget would have anyway: only the weight is the widget's
    own, so the system's font size still reaches it. Returns the widget."""
    font = QFont()
    font.setBold(on)
    widget.setFont(font)
    return widget


def mark_warning(widget: QWidget, on: bool = True) -> None:
    """Draw `widget`'s text in the warning red readable on its background, in any palette
    (and as it changes); `on=False` gives it back the palette's colours. The text must say
    what is wrong in words too: the colour only underlines it."""
    follower = _follower(widget)
    if on:
        follower.warning = True
        follower.apply_palette()
    elif follower.warning:
        follower.warning = False
        widget.setPalette(QPalette())


def is_warning(widget: QWidget) -> bool:
    return any(isinstance(c, _Follower) and c.warning for c in widget.children())
