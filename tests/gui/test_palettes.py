"""Issue 18: the app follows the system's dark and high-contrast palettes and its font size,
and colour is never the only signal.

Under a dark and a high-contrast palette (Fusion, which draws with the palette), every visible
label of the windows and dialogs below is drawn in its palette's colours, readable on what is
behind it (WCAG AA, 4.5:1), and no widget of the modules made palette-aware sets a colour of
its own in a style sheet. Headings follow the application's font size, also when it changes
while the window is open.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtGui import QColor, QFont, QKeySequence, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QStyleFactory, QWidget

from organizer.core import chart, structure_tests
from organizer.core.vault import Vault
from organizer.gui import theme
from organizer.gui.backup_dialogs import RestoreDialog
from organizer.gui.call_lists_page import CallListsPage
from organizer.gui.chart_page import (
    UNASSESSED_COLOUR,
    WARNING,
    ChartPage,
    describe_total,
    mark_colour,
)
from organizer.gui.import_dialog import ImportDialog
from organizer.gui.main_window import MainWindow
from organizer.gui.one_on_one_dialog import OneOnOneDialog
from organizer.gui.panic_key_ui import PanicKeyRow
from organizer.gui.plans_page import StructureTestDialog
from organizer.gui.start_screen import StartScreen
from organizer.gui.today_page import TodayPage
from organizer.gui.unlock import UnlockPage
from tests.gui.vault_fixtures import (  # noqa: F401
    Seed,
    make_window,
    seed_template_fixture,
    seeded_fixture,
    vault_fixture,
    window_fixture,
)

R = QPalette.ColorRole
G = QPalette.ColorGroup
# The modules made palette- and font-aware for issue 18 (the others are listed in its
# report): a widget they own sets no colour of its own.
FIXED_MODULES = frozenset({
    "organizer.gui.main_window", "organizer.gui.start_screen", "organizer.gui.unlock",
    "organizer.gui.import_dialog", "organizer.gui.plans_page",
    "organizer.gui.conflicts_dialog", "organizer.gui.committee_settings",
    "organizer.gui.committee_exchange", "organizer.gui.one_on_one_dialog",
    "organizer.gui.call_results_sheet", "organizer.gui.passphrase_fields",
    "organizer.gui.help_dialogs", "organizer.gui.panic_key_ui",
    "organizer.gui.chart_page", "organizer.gui.today_page", "organizer.gui.call_lists_page",
    "organizer.gui.person_page", "organizer.gui.backup_dialogs",
    # What those modules were split into.
    "organizer.gui.exchange_summary", "organizer.gui.receiving_updates",
    "organizer.gui.shared_folder_sync", "organizer.gui.chart_cells",
    "organizer.gui.wall_chart_grid", "organizer.gui.majority_tracker",
    "organizer.gui.restore_dialog", "organizer.gui.backup_settings",
    "organizer.gui.backup_common", "organizer.gui.person_form", "organizer.gui.person_tabs",
    "organizer.gui.person_prep_sheet", "organizer.gui.who_to_call",
    "organizer.gui.call_list_printing",
})
COLOUR_IN_CSS = re.compile(r"(^|[;{\s])(color|background(-color)?)\s*:", re.IGNORECASE)

DARK = {
    R.Window: "#2b2b2b", R.WindowText: "#e8e8e8", R.Base: "#1e1e1e",
    R.AlternateBase: "#323232", R.Text: "#e8e8e8", R.Button: "#3a3a3a",
    R.ButtonText: "#e8e8e8", R.BrightText: "#ff6e6e", R.Highlight: "#3d7ad6",
    R.HighlightedText: "#ffffff", R.ToolTipBase: "#44402a", R.ToolTipText: "#fff8d8",
    R.PlaceholderText: "#a8a8a8", R.Link: "#8ab4f8", R.Light: "#505050",
    R.Midlight: "#404040", R.Mid: "#333333", R.Dark: "#1a1a1a", R.Shadow: "#000000",
}
HIGH_CONTRAST = {  # white on black, as Windows' "Night sky" and GNOME's high contrast
    R.Window: "#000000", R.WindowText: "#ffffff", R.Base: "#000000",
    R.AlternateBase: "#101010", R.Text: "#ffffff", R.Button: "#000000",
    R.ButtonText: "#ffffff", R.BrightText: "#ffff00", R.Highlight: "#1aebff",
    R.HighlightedText: "#000000", R.ToolTipBase: "#000000", R.ToolTipText: "#ffff00",
    R.PlaceholderText: "#c0c0c0", R.Link: "#ffff00", R.Light: "#ffffff",
    R.Midlight: "#c0c0c0", R.Mid: "#808080", R.Dark: "#404040", R.Shadow: "#000000",
}


def make_palette(colours: dict[QPalette.ColorRole, str]) -> QPalette:
    palette = QPalette()
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    # Greyed text, still readable (informative labels use it as "quiet" text).
    palette.setColor(G.Disabled, R.WindowText, QColor(colours[R.PlaceholderText]))
    palette.setColor(G.Disabled, R.Text, QColor(colours[R.PlaceholderText]))
    palette.setColor(G.Disabled, R.ButtonText, QColor(colours[R.PlaceholderText]))
    return palette


@pytest.fixture(params=["dark", "high contrast"])
def system_palette(request: Any, qapp: QApplication) -> Iterator[QPalette]:
    """The system's palette and style as a dark (or high-contrast) desktop has them; the
    test's own are back afterwards."""
    style = qapp.style().name()
    palette = qapp.palette()
    qapp.setStyle(QStyleFactory.create("Fusion"))
    chosen = make_palette(DARK if request.param == "dark" else HIGH_CONTRAST)
    qapp.setPalette(chosen)
    yield chosen
    qapp.setPalette(palette)
    qapp.setStyle(QStyleFactory.create(style))
    QApplication.processEvents()


@pytest.fixture
def bigger_font(qapp: QApplication) -> Iterator[QFont]:
    font = qapp.font()
    yield font
    qapp.setFont(font)
    QApplication.processEvents()


def _owner(widget: QWidget) -> str:
    """The module of the nearest of our own classes that holds `widget` (or is it)."""
    current: QWidget | None = widget
    while current is not None:
        module = type(current).__module__
        if module.startswith("organizer."):
            return module
        current = current.parentWidget()
    return ""


def _background(label: QWidget) -> QColor:
    """What is drawn behind `label`: the nearest widget that fills its background."""
    current: QWidget | None = label
    while current is not None:
        if (current.autoFillBackground() or current.isWindow()) and (
                current.backgroundRole() != R.NoRole):
            return current.palette().color(current.backgroundRole())
        current = current.parentWidget()
    return QApplication.palette().color(R.Window)


def _text_colour(label: QLabel) -> QColor:
    group = G.Active if label.isEnabled() else G.Disabled
    return label.palette().color(group, label.foregroundRole())


def unreadable(*windows: QWidget) -> list[str]:
    """Every visible label drawn at under 4.5:1 on its background, and every widget of the
    palette-aware modules with a colour of its own in a style sheet."""
    QApplication.processEvents()
    found: list[str] = []
    for window in windows:
        for widget in [window, *window.findChildren(QWidget)]:
            if _owner(widget) in FIXED_MODULES and COLOUR_IN_CSS.search(widget.styleSheet()):
                found.append(f"{_owner(widget)}: {type(widget).__name__} "
                             f"{widget.objectName()!r} style sheet {widget.styleSheet()!r}")
            if not isinstance(widget, QLabel) or not widget.isVisible() or not widget.text():
                continue
            ratio = theme.contrast(_text_colour(widget), _background(widget))
            if ratio < theme.MINIMUM_CONTRAST:
                found.append(f"{_owner(widget)}: {widget.text()[:40]!r} at {ratio:.1f}:1 "
                             f"({_text_colour(widget).name()} on "
                             f"{_background(widget).name()})")
    return found


def test_contrast_and_warning_colour_arithmetic() -> None:
    assert theme.contrast(QColor("#000000"), QColor("#ffffff")) == pytest.approx(21.0)
    assert theme.contrast(QColor("#777777"), QColor("#777777")) == pytest.approx(1.0)
    for colours in (DARK, HIGH_CONTRAST):
        palette = make_palette(colours)
        for role in (R.Window, R.Base):
            red = theme.warning_colour(palette, role)
            assert theme.contrast(red, palette.color(role)) >= theme.MINIMUM_CONTRAST
    # A grey on which no red is readable: the palette's own text colour.
    grey = make_palette(DARK)
    grey.setColor(R.Window, QColor("#777777"))
    grey.setColor(R.WindowText, QColor("#000000"))
    assert theme.warning_colour(grey) == QColor("#000000")


def test_every_page_of_the_main_window_is_readable(
    qtbot: Any, system_palette: QPalette, vault: Vault, seeded: Seed
) -> None:
    window = make_window(qtbot, vault, demo=True)  # the demo banner too
    banner = window.findChild(QLabel, "demo-banner")
    assert banner is not None and banner.isVisible()
    for section in range(5):
        window.show_section(section)
        qtbot.wait(20)
        assert unreadable(window) == [], f"section {section}"
    window.show_person(seeded.people["Ravi Kumar"])  # a person's page
    qtbot.wait(20)
    assert window.person_page.isVisible()
    assert unreadable(window) == [], "person page"


def test_problems_and_warnings_are_readable_and_worded(
    qtbot: Any, system_palette: QPalette, vault: Vault, window: MainWindow
) -> None:
    problem = "Give the test a name."
    test_id = structure_tests.add_structure_test(vault, "Petition", 50)
    test = structure_tests.get_structure_test(vault, test_id)
    dialog = StructureTestDialog(vault, test, window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.show_error(problem)

    importing = ImportDialog(vault, window)
    qtbot.addWidget(importing)
    importing.show()
    importing._show_error("This file is empty.")

    row = PanicKeyRow()
    qtbot.addWidget(row)
    row.show()
    row.set_key(QKeySequence("L"))  # refused, in the warning colour

    logging = OneOnOneDialog(vault, window.scale, parent=window)
    qtbot.addWidget(logging)
    logging.show()

    for shown in (dialog.error, importing.error_label, row.problem):
        assert shown.isVisible() and shown.text()  # said in words
        assert theme.is_warning(shown)  # and in a red readable on this palette
    assert unreadable(window, dialog, importing, row, logging) == []


def test_a_wrong_recovery_share_is_worded_bold_and_readable(
    qtbot: Any, system_palette: QPalette
) -> None:
    dialog = RestoreDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.use_shares.setChecked(True)
    field = dialog.shares.fields[0]
    field.set_words("zzzz zzzz ")  # no word of the list
    dialog.shares.check()
    assert field.problem and field.status.text() == field.problem  # said in words
    assert field.status.isVisible() and field.status.font().bold()
    assert theme.is_warning(field.status) and not field.status.styleSheet()
    assert unreadable(dialog) == []

    field.set_words("")
    dialog.shares.check()
    assert not field.problem
    assert not theme.is_warning(field.status) and not field.status.font().bold()


def test_the_chart_draws_its_warnings_and_shares_in_the_palette(
    qtbot: Any, qapp: QApplication, system_palette: QPalette, vault: Vault, window: MainWindow
) -> None:
    # The "?" on the not-assessed swatch (and its hatching) reads, whatever the palette.
    for ground in (UNASSESSED_COLOUR, UNASSESSED_COLOUR.darker(130)):
        assert theme.contrast(mark_colour(UNASSESSED_COLOUR, UNASSESSED_COLOUR.darker(130)),
                              ground) >= theme.MINIMUM_CONTRAST
    wall = chart.wall_chart(vault)
    assert any(cell.ratio_warning for cell in wall.cells.values())
    red = theme.warning_colour(system_palette).name()
    assert f"color:{red}'>{WARNING}" in describe_total(wall, system_palette)

    window.show_section(2)
    page = window.chart_page
    assert isinstance(page, ChartPage)
    qtbot.waitUntil(lambda: WARNING in page.summary.text())
    assert f"color:{theme.warning_colour(page.summary.palette()).name()}" in (
        page.summary.text())
    # A light palette chosen while the chart is open: its red follows.
    light = make_palette({**DARK, R.Window: "#fafafa", R.WindowText: "#101010",
                          R.Base: "#ffffff", R.Text: "#101010", R.PlaceholderText: "#5f5f5f"})
    qapp.setPalette(light)
    QApplication.processEvents()
    assert f"color:{theme.WARNING_ON_LIGHT}" in page.summary.text()
    assert unreadable(window) == []


def test_a_palette_change_while_open_reaches_the_warnings(
    qtbot: Any, qapp: QApplication, system_palette: QPalette, vault: Vault, window: MainWindow
) -> None:
    test_id = structure_tests.add_structure_test(vault, "Petition", 50)
    dialog = StructureTestDialog(vault, structure_tests.get_structure_test(vault, test_id),
                                 window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.show_error("Give the test a name.")
    light = make_palette({**DARK, R.Window: "#fafafa", R.WindowText: "#101010",
                          R.Base: "#ffffff", R.Text: "#101010", R.ToolTipBase: "#fff3cd",
                          R.ToolTipText: "#3d2e00", R.PlaceholderText: "#5f5f5f"})
    qapp.setPalette(light)
    QApplication.processEvents()
    red = _text_colour(dialog.error)
    assert red == QColor(theme.WARNING_ON_LIGHT)
    assert unreadable(window, dialog) == []


def test_headings_follow_the_application_font_size(
    qtbot: Any, qapp: QApplication, bigger_font: QFont, vault: Vault, window: MainWindow
) -> None:
    start = StartScreen()
    unlock = UnlockPage()
    logging = OneOnOneDialog(vault, window.scale, parent=window)
    for shown in (start, unlock, logging):
        qtbot.addWidget(shown)
        shown.show()
    window.show_section(2)
    chart_page = window.chart_page
    window.show_section(4)
    calls = window.call_lists_page
    assert isinstance(chart_page, ChartPage) and isinstance(calls, CallListsPage)
    today: TodayPage = window.today_page
    restore = RestoreDialog()
    qtbot.addWidget(restore)
    restore.show()
    restore.use_shares.setChecked(True)
    share = restore.shares.fields[0]
    share.set_words("zzzz ")
    restore.shares.check()  # its problem in bold
    headings: dict[str, QWidget] = {
        "start screen title": start.findChildren(QLabel)[0],
        "unlock title": unlock.title,
        "one-on-one heading": logging.findChildren(QLabel)[0],
        "sections list": window.navigation,
        "campaign name": window.campaign_heading,
        "chart title": chart_page.title,
        "chart list heading": chart_page.without_oc_heading,
        "chart tracker toggle": chart_page.tracker_toggle,
        "today title": today.title,
        "today figure": today.people_count.figure,
        "today heading": today.follow_ups_heading,
        "today conflicts": today.conflicts_label,
        "call list count": calls.count_label,
        "call list heading": calls.findChildren(QLabel)[0],
        "person title": window.person_page.title,
        "share label": share.label,
        "share problem": share.status,
    }
    before = {name: widget.font().pointSizeF() for name, widget in headings.items()}
    base = qapp.font().pointSizeF()
    assert before["start screen title"] == pytest.approx(base * 1.8)
    assert before["campaign name"] == pytest.approx(base)
    assert before["chart title"] == pytest.approx(base * 1.5)
    assert before["today title"] == pytest.approx(base * 1.6)
    assert before["call list count"] == pytest.approx(base * 1.2)
    assert before["share problem"] == pytest.approx(base)

    larger = QFont(qapp.font())
    larger.setPointSizeF(base * 2)
    qapp.setFont(larger)  # the system's font size, changed while Organizer runs
    QApplication.processEvents()

    for name, heading in headings.items():
        assert heading.font().pointSizeF() == pytest.approx(before[name] * 2), name
    assert window.campaign_heading.font().bold()
    assert unlock.title.font().bold()
    for bold in ("chart title", "today figure", "today conflicts", "call list count",
                 "person title", "share problem"):
        assert headings[bold].font().bold(), bold
