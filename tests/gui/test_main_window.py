"""The main window: its contract with the app, sections and shortcuts, the status bar, the demo
banner, asking before unsaved edits are lost, and a name for every control."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from organizer.core import people
from organizer.core.vault import Vault
from organizer.gui import messages
from organizer.gui.about_dialog import AboutDialog
from organizer.gui.main_window import (
    CALL_LISTS,
    CHART,
    PEOPLE,
    PERSON,
    PLANS,
    TODAY,
    WINDOW_TITLE,
    MainWindow,
)
from tests.gui.settling import settle
from tests.gui.vault_fixtures import (  # noqa: F401
    CAMPAIGN,
    Seed,
    big_template_fixture,
    big_vault_fixture,
    finish_qt,
    make_window,
    seed_template_fixture,
    seeded_fixture,
    vault_fixture,
    window_fixture,
)

CTRL = Qt.KeyboardModifier.ControlModifier


def test_the_window_title_never_names_the_campaign_or_a_person(
    qtbot: Any, window: MainWindow, seeded: Seed
) -> None:
    assert window.windowTitle() == WINDOW_TITLE == "Organizer"
    window.show_person(seeded.people["Ravi Kumar"])
    dialog = window.new_one_on_one()
    assert window.windowTitle() == "Organizer" and dialog.windowTitle() == "Organizer"
    # The campaign's name is shown inside the window instead, with the numbers.
    assert window.campaign_label.text() == CAMPAIGN
    settle()  # the numbers are read in the thread pool
    assert window.counts_label.text() == (
        "8 people · 2 on the OC · coverage 50% · 5 assessed · 2 supporters"
    )
    dialog.reject()


def test_ctrl_and_a_number_switch_sections(
    qtbot: Any, window: MainWindow
) -> None:
    window.today_page.follow_ups.setFocus()
    for key, section in ((Qt.Key.Key_2, PEOPLE), (Qt.Key.Key_3, CHART), (Qt.Key.Key_4, PLANS),
                         (Qt.Key.Key_5, CALL_LISTS), (Qt.Key.Key_1, TODAY)):
        qtbot.keyClick(QApplication.focusWidget() or window, key, CTRL)
        assert window.current_section() == section
        assert window.navigation.currentRow() == section
        assert window.current_page() is {
            TODAY: window.today_page, PEOPLE: window.people_page, CHART: window.chart_page,
            PLANS: window.plans_page, CALL_LISTS: window.call_lists_page,
        }[section]


def test_clicking_people_in_the_sections_list_goes_back_from_a_person(
    qtbot: Any, window: MainWindow, seeded: Seed
) -> None:
    window.show_person(seeded.people["Ana Silva"])
    assert window.navigation.currentRow() == PEOPLE
    navigation = window.navigation
    rect = navigation.visualItemRect(navigation.item(PEOPLE))
    qtbot.mouseClick(navigation.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.current_section() == PEOPLE


def test_the_file_menu_asks_the_app_to_lock_settle_and_close(
    qtbot: Any, window: MainWindow
) -> None:
    window.today_page.follow_ups.setFocus()
    with qtbot.waitSignal(window.lock_requested, timeout=1000):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_L, CTRL)
    with qtbot.waitSignal(window.settings_requested, timeout=1000):
        window.settings_action.trigger()
    with qtbot.waitSignal(window.close_vault_requested, timeout=1000):
        window.close_action.trigger()
    menus = [action.text() for action in window.menuBar().actions()]
    assert menus == ["&File", "&Edit", "&View", "&Committee", "&Help"]
    assert window.quit_action.shortcut().toString() == "Ctrl+Q"
    assert window.new_one_on_one_action.shortcut().toString() == "Ctrl+N"
    assert {k.toString() for k in window.find_action.shortcuts()} == {"Ctrl+F", "Ctrl+K"}


def test_about_goes_to_the_app_when_it_listens_and_opens_the_box_otherwise(
    qtbot: Any, window: MainWindow
) -> None:
    window.about_action.trigger()
    boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, AboutDialog)]
    assert any(box.isVisible() for box in boxes)
    for box in boxes:
        box.close()
    window.about_requested.connect(lambda: None)
    with qtbot.waitSignal(window.about_requested, timeout=1000):
        window.about_action.trigger()


def test_the_demo_banner_shows_only_for_the_demo(qtbot: Any, vault: Vault) -> None:
    demo_window = make_window(qtbot, vault, demo=True)
    banner = demo_window.findChild(QLabel, "demo-banner")
    assert banner is not None and banner.isVisible() and "made up" in banner.text()
    demo_window.close()
    demo_window.deleteLater()
    plain = make_window(qtbot, vault)
    assert plain.findChild(QLabel, "demo-banner") is None
    plain.close()


def test_leaving_a_person_with_unsaved_edits_asks_to_save_them(
    qtbot: Any, window: MainWindow, vault: Vault, seeded: Seed
) -> None:
    kim = seeded.people["Kim Rossi"]
    window.show_person(kim)
    qtbot.keyClicks(window.person_page.job_title, "Forklift lead")
    messages.answer_next(messages.SAVE)
    window.show_section(PEOPLE)
    assert messages.seam.seen[-1].text == "Save your changes to Kim Rossi?"
    assert people.get_person(vault, kim).job_title == "Forklift lead"
    assert window.current_section() == PEOPLE

    window.show_person(kim)
    qtbot.keyClicks(window.person_page.team, "Yard")
    messages.answer_next(messages.DISCARD)
    window.show_person(seeded.people["Sam Lee"])
    assert people.get_person(vault, kim).team == ""
    assert window.current_section() == PERSON
    assert window.person_page.person_id == seeded.people["Sam Lee"]


def test_every_control_has_a_name_a_screen_reader_can_say(
    qtbot: Any, window: MainWindow, seeded: Seed
) -> None:
    window.show_person(seeded.people["Ravi Kumar"])
    dialog = window.new_one_on_one()
    dialog.show_aeiou(True)
    unnamed = []
    checked = 0
    for top in (window, dialog):
        for widget in top.findChildren(QWidget):
            if not isinstance(widget, QLineEdit | QComboBox | QAbstractSpinBox | QPlainTextEdit
                              | QAbstractItemView | QAbstractButton):
                continue
            if not widget.isVisibleTo(top) or widget.focusPolicy() == Qt.FocusPolicy.NoFocus:
                continue
            if isinstance(widget, QLineEdit) and isinstance(widget.parent(), QComboBox
                                                             | QAbstractSpinBox):
                continue  # the editor inside a combo or date field: named by its owner
            checked += 1
            labelled = any(
                label.buddy() is widget for label in top.findChildren(QLabel)
            )
            text = widget.text() if isinstance(widget, QAbstractButton) else ""
            if not (widget.accessibleName() or labelled or text):
                unnamed.append(f"{type(widget).__name__} {widget.objectName()}")
    dialog.reject()
    assert checked > 60
    assert unnamed == []


def test_on_a_big_campaign_the_people_list_is_read_before_the_status_bar_numbers(
    qtbot: Any, big_vault: Vault
) -> None:
    # Both reads go to the thread pool; run side by side they slow each other on 100,000
    # people, and the list is what the organizer waits for.
    window = MainWindow(big_vault)
    qtbot.addWidget(window)
    model = window.people_page.model
    numbers_when_the_list_came: list[str] = []
    model.ids_loaded.connect(lambda _n: numbers_when_the_list_came.append(
        window.counts_label.text()))
    window.show()
    window.show_section(PEOPLE)
    assert model.busy and window.counts_label.text() == ""
    qtbot.waitUntil(lambda: bool(window.counts_label.text()), timeout=10_000)
    total = people.count_people(big_vault)
    assert numbers_when_the_list_came == [""]
    assert model.rowCount() == total and not model.busy
    assert window.counts_label.text().startswith(f"{total:,} people")
    window.hide()
    finish_qt()
