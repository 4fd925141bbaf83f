"""Every control a person can reach has a name a screen reader says (issue 18): a button's
text or accessible name; for a field, its accessible name or the label it is the buddy of.
Checked on every page and the main dialogs, as they open."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QDialog,
    QHeaderView,
    QKeySequenceEdit,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from organizer.core.vault import Vault
from organizer.gui.backup_dialogs import BackupNowDialog, RestoreDialog
from organizer.gui.export_dialog import ExportDialog
from organizer.gui.import_dialog import ImportDialog
from organizer.gui.main_window import CALL_LISTS, CHART, PEOPLE, PLANS, TODAY, MainWindow
from organizer.gui.new_campaign_dialog import NewCampaignDialog
from organizer.gui.settings_dialog import SettingsDialog
from tests.gui.vault_fixtures import (  # noqa: F401
    Seed,
    seed_template_fixture,
    seeded_fixture,
    vault_fixture,
    window_fixture,
)

CONTROLS = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QPlainTextEdit, QTextEdit,
            QAbstractItemView, QKeySequenceEdit)


def _part_of_another_control(widget: QWidget) -> bool:
    """A combo box's or spin box's own line edit, a header, a tab bar's scroll button:
    Qt names them through the control they belong to."""
    if isinstance(widget, QHeaderView):
        return True
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QComboBox | QAbstractSpinBox | QKeySequenceEdit
                      | QAbstractItemView):  # a table's corner button, an editor
            return True
        if type(parent).__name__ in ("QTabBar", "QCalendarWidget", "QScrollBar"):
            return True
        parent = parent.parentWidget()
    return False


def unnamed(root: QWidget) -> list[str]:
    buddies = {id(label.buddy()) for label in root.findChildren(QLabel)
               if label.buddy() is not None and label.text().strip()}
    found = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, CONTROLS) or not widget.isVisibleTo(root):
            continue
        if widget.focusPolicy() == Qt.FocusPolicy.NoFocus and not isinstance(
                widget, QAbstractButton):
            continue
        if _part_of_another_control(widget):
            continue
        if widget.accessibleName().strip() or id(widget) in buddies:
            continue
        if isinstance(widget, QAbstractButton) and widget.text().replace("&", "").strip():
            continue
        where = widget.objectName() or type(widget).__name__
        parent = widget.parentWidget()
        found.append(f"{where} in {type(parent).__name__ if parent else '-'}: "
                     f"{getattr(widget, 'placeholderText', lambda: '')()!r} "
                     f"{widget.toolTip()!r}")
    return found


@pytest.mark.parametrize("section", [TODAY, PEOPLE, CHART, PLANS, CALL_LISTS, "person"])
def test_every_control_on_every_page_has_a_name(
    qtbot: Any, window: MainWindow, seeded: Seed, section: int | str
) -> None:
    if section == "person":
        window.show_person(seeded.people["Ravi Kumar"])
    else:
        assert isinstance(section, int)
        window.show_section(section)
    qtbot.wait(20)
    assert unnamed(window) == []


DIALOGS: dict[str, Callable[[Vault, MainWindow], QDialog]] = {
    "one-on-one": lambda vault, window: window.new_one_on_one(),
    "settings": lambda vault, window: SettingsDialog(vault, parent=window),
    "import": lambda vault, window: ImportDialog(vault, window),
    "export": lambda vault, window: ExportDialog(vault, parent=window),
    "back up now": lambda vault, window: BackupNowDialog(vault, window),
    "restore": lambda vault, window: RestoreDialog(parent=window),
    "new campaign": lambda vault, window: NewCampaignDialog(window),
}


@pytest.mark.parametrize("name", sorted(DIALOGS))
def test_every_control_in_the_main_dialogs_has_a_name(
    qtbot: Any, window: MainWindow, vault: Vault, name: str
) -> None:
    dialog = DIALOGS[name](vault, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.wait(20)
    problems = unnamed(dialog)
    if isinstance(dialog, SettingsDialog):
        for index in range(dialog.tabs.count()):
            dialog.tabs.setCurrentIndex(index)
            problems += unnamed(dialog)
    assert sorted(set(problems)) == []
    dialog.reject()


def test_a_control_without_a_name_is_found(qtbot: Any) -> None:
    from PySide6.QtWidgets import QVBoxLayout

    root = QWidget()
    qtbot.addWidget(root)
    layout = QVBoxLayout(root)
    named, buddied, bare = QLineEdit(), QLineEdit(), QLineEdit()
    named.setAccessibleName("Name")
    label = QLabel("&Phone")
    label.setBuddy(buddied)
    for widget in (named, label, buddied, bare):
        layout.addWidget(widget)
    root.show()
    assert len(unnamed(root)) == 1
