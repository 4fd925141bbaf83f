"""Every page and the main dialogs fit a 1024×600 screen: the window's minimum size fits
it, and at that size every enabled button of a page or dialog is inside the visible area
(a form's own scroll area may hide its fields, never the buttons that act on them)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QDialog,
    QPushButton,
    QWidget,
)

from organizer.core import paths
from organizer.core.vault import Vault
from organizer.gui import screen_fit
from organizer.gui.backup_dialogs import BackupNowDialog, RestoreDialog
from organizer.gui.duplicates_dialog import DuplicatesDialog
from organizer.gui.export_dialog import ExportDialog
from organizer.gui.import_dialog import ImportDialog
from organizer.gui.main_window import CALL_LISTS, CHART, PEOPLE, PLANS, TODAY, MainWindow
from organizer.gui.new_campaign_dialog import NewCampaignDialog
from organizer.gui.settings_dialog import SettingsDialog
from tests.gui.vault_fixtures import (  # noqa: F401
    Seed,
    finish_qt,
    seed_template_fixture,
    seeded_fixture,
    vault_fixture,
    window_fixture,
)

# 1024×600, less a window manager's title bar.
SCREEN = QSize(1024, 600)
ROOM = QSize(1024, 570)
# In logical pixels, the room the window has on a 1366×768 laptop at 150% scaling (a title
# bar and a panel less): smaller than the 1024×600 screen, and than a 1920×1080 screen at
# 200% (960×505), which it therefore covers.
SCALED = {"1366x768 at 150%": QSize(910, 480)}
ROOMS = {"1024x600": ROOM, **SCALED}


def _in_a_form(button: QPushButton, inside: QWidget) -> bool:
    """Whether `button` scrolls with fields in a scroll area of `inside` (a form's "Copy"
    beside a phone number), rather than sitting in a button bar."""
    area = button.parentWidget()
    while area is not None and area is not inside:
        if isinstance(area, QAbstractScrollArea):
            return True
        area = area.parentWidget()
    return False


def _hidden_buttons(top: QWidget, inside: QWidget, *, fields_scroll: bool = False
                    ) -> list[str]:
    """Enabled, shown push buttons of `inside` that are not wholly visible in `top`; with
    `fields_scroll`, leaving out the buttons among a form's fields, which scroll with them
    on a screen too short for the whole form (the page's own Save never does)."""
    hidden = []
    for button in inside.findChildren(QPushButton):
        if not button.isVisibleTo(top) or not button.isEnabled():
            continue
        if fields_scroll and _in_a_form(button, inside):
            continue
        seen = top.rect()
        area = button.parentWidget()
        while area is not None and area is not top:
            if isinstance(area, QAbstractScrollArea):
                viewport = area.viewport()
                seen = seen.intersected(QRect(viewport.mapTo(top, QPoint(0, 0)),
                                              viewport.size()))
            area = area.parentWidget()
        if not seen.contains(QRect(button.mapTo(top, QPoint(0, 0)), button.size())):
            hidden.append(button.text() or button.accessibleName())
    return hidden


def _settle(qtbot: Any) -> None:
    qtbot.wait(20)


@pytest.mark.parametrize("room", sorted(ROOMS))
def test_the_window_s_minimum_size_fits_the_screen(window: MainWindow, room: str) -> None:
    least = window.minimumSizeHint().expandedTo(window.minimumSize())
    assert least.width() <= ROOMS[room].width() and least.height() <= ROOMS[room].height()


@pytest.mark.parametrize("room", sorted(ROOMS))
@pytest.mark.parametrize("section", [TODAY, PEOPLE, CHART, PLANS, CALL_LISTS, "person"])
def test_every_page_shows_its_buttons_at_1024_by_600_and_scaled(
    qtbot: Any, window: MainWindow, seeded: Seed, section: int | str, room: str
) -> None:
    room_name = room
    window.resize(ROOMS[room])
    if section == "person":
        window.show_person(seeded.people["Kim Rossi"])
    else:
        assert isinstance(section, int)
        window.show_section(section)
    _settle(qtbot)
    page = window.current_page()
    least = page.minimumSizeHint()
    area = window.pages.currentWidget()
    assert isinstance(area, QAbstractScrollArea)
    room = area.maximumViewportSize()
    assert least.width() <= room.width(), f"{type(page).__name__} is too wide: {least}"
    assert least.height() <= room.height(), f"{type(page).__name__} is too tall: {least}"
    assert _hidden_buttons(window, page, fields_scroll=room_name != "1024x600") == []
    for button in page.findChildren(QPushButton):
        if button.text().replace("&", "") in ("Save", "Print…", "Save PDF…", "Save plan"):
            assert not _in_a_form(button, page), f"{button.text()} scrolls out of view"


DIALOGS: dict[str, Callable[[Vault, MainWindow], QDialog]] = {
    "one-on-one": lambda vault, window: window.new_one_on_one(),
    "settings": lambda vault, window: SettingsDialog(vault, parent=window),
    "import": lambda vault, window: ImportDialog(vault, window),
    "export": lambda vault, window: ExportDialog(vault, parent=window),
    "duplicates": lambda vault, window: DuplicatesDialog(vault, set(), window),
    "back up now": lambda vault, window: BackupNowDialog(vault, window),
    "restore": lambda vault, window: RestoreDialog(parent=window),
    "new campaign": lambda vault, window: NewCampaignDialog(window),
}


@pytest.mark.parametrize("room", sorted(ROOMS))
@pytest.mark.parametrize("name", sorted(DIALOGS))
def test_the_main_dialogs_fit_with_their_buttons_in_view(
    qtbot: Any, window: MainWindow, vault: Vault, name: str, room: str
) -> None:
    ROOM = ROOMS[room]
    dialog = DIALOGS[name](vault, window)
    qtbot.addWidget(dialog)
    dialog.show()
    _settle(qtbot)
    least = dialog.minimumSizeHint().expandedTo(dialog.minimumSize())
    assert least.width() <= ROOM.width() and least.height() <= ROOM.height(), least
    dialog.resize(dialog.size().boundedTo(ROOM))
    _settle(qtbot)
    assert dialog.width() <= ROOM.width() and dialog.height() <= ROOM.height()
    assert _hidden_buttons(dialog, dialog) == []
    dialog.reject()


def test_the_window_opens_at_its_last_size_on_this_computer_within_the_screen(
    qtbot: Any, vault: Vault
) -> None:
    first = MainWindow(vault)
    qtbot.addWidget(first)
    first.show()
    first.resize(700, 450)
    first.hide()  # the app hides the window when it locks or closes
    again = MainWindow(vault)
    qtbot.addWidget(again)
    assert again.size() == QSize(700, 450)
    kept = (paths.config_dir(create=False) / screen_fit.SIZE_FILE).read_text("utf-8")
    assert set(json.loads(kept)) == {"width", "height"}  # nothing of the campaign

    again.show()
    again.resize(5000, 4000)
    again.hide()
    third = MainWindow(vault)
    qtbot.addWidget(third)
    room = screen_fit.room_for(third)
    assert room is not None and room.width() < 5000
    assert third.width() <= room.width() and third.height() <= room.height()
