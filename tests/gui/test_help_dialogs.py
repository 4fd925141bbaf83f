"""Help › Guide and Help › Keyboard shortcuts: the guide says what the code does, in the
campaign's own words, finds text and opens no link; the shortcuts list is read from the window
itself; both open once, fit a small screen, close on Esc and name every control."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QListWidget,
    QMainWindow,
    QMenu,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from organizer.core import campaign, chart
from organizer.core.conversations import AEIOU_SECTIONS
from organizer.core.vault import DEFAULT_SCALE, DEFAULT_THRESHOLDS, Vault
from organizer.gui.help_dialogs import (
    GLOSSARY,
    SMALL_SCREEN,
    GuideDialog,
    ShortcutsDialog,
    guide_sections,
    shortcuts_of,
)
from organizer.gui.main_window import MainWindow
from tests.gui.vault_fixtures import finish_qt, make_window


def native(keys: str) -> str:
    return QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)


def help_menu_of(window: QMainWindow) -> QMenu:
    for action in window.menuBar().actions():
        menu = action.menu()
        if isinstance(menu, QMenu) and action.text().replace("&", "") == "Help":
            return menu
    raise AssertionError("the window has no Help menu")


@pytest.fixture
def main_window(qtbot: Any, vault: Vault) -> Iterator[MainWindow]:
    """The real main window on an empty campaign (it adds the help actions itself)."""
    window = make_window(qtbot, vault)
    yield window
    for widget in window.findChildren(QWidget):
        if widget.isWindow() and widget.isVisible():
            widget.hide()
    window.hide()
    window.deleteLater()
    finish_qt()


def guide(qtbot: Any, vault: Vault | None = None) -> GuideDialog:
    dialog = GuideDialog(vault)
    qtbot.addWidget(dialog)
    return dialog


# ----- the guide ----------------------------------------------------------------------------


def test_the_guide_explains_every_word_of_its_glossary_and_the_organizing_basics(
    qtbot: Any,
) -> None:
    text = guide(qtbot).plain_text()
    for term, meaning, _anchor in GLOSSARY:
        assert term in text and meaning in text
    for word, _, _meaning in (label.partition(": ") for _field, label in AEIOU_SECTIONS):
        assert word in text
    for needed in ("AEIOU", "Agitate", "Educate", "Inoculate", "Organize", "Uplift",
                   "OC ratio 1:N", "Coverage", "Structure test", "escalation ladder",
                   "majority", "supermajority", "Lock", "Back up", "screen sharing",
                   "destroy-by date", "code names", "never goes on the Internet"):
        assert needed in text, needed


def test_without_a_vault_the_guide_shows_the_default_scale_and_thresholds(qtbot: Any) -> None:
    text = guide(qtbot).plain_text()
    for score, label, _colour in DEFAULT_SCALE:
        assert f"{score} {label}" in text
    for percent, label in DEFAULT_THRESHOLDS:
        assert f"{percent:g}% {label}" in text
    assert "labels a new campaign starts with" in text


def test_with_a_vault_the_guide_uses_the_campaign_s_own_scale_and_lines(
    qtbot: Any, vault: Vault
) -> None:
    campaign.set_assessment_level(vault, 3, "On the fence", "#fee08b")
    campaign.set_assessment_level(vault, 1, "Committee-ready", "#1a9850")
    campaign.set_thresholds(vault, [(40, "Open letter"), (70, "Walkout")])
    campaign.set_auto_lock_minutes(vault, 7)

    text = guide(qtbot, vault).plain_text()

    assert "3 On the fence" in text and "1 Committee-ready" in text
    assert "Undecided" not in text and "Active supporter" not in text
    assert "40% Open letter" in text and "70% Walkout" in text
    assert "Showing of interest" not in text
    assert "this campaign's own labels" in text
    assert "after 7 idle minutes" in text


def test_the_guide_s_definitions_are_the_chart_s(qtbot: Any) -> None:
    text = guide(qtbot).plain_text()
    # Supporters are 1 and 2; the OC ratio warns above 1:10; a line rounds up.
    assert chart.SUPPORTER_SCORES == (1, 2)
    assert "People assessed 1 or 2 count as supporters" in text
    assert f"Aim for 1:{chart.OC_RATIO_LIMIT} or better" in text
    assert f"above 1:{chart.OC_RATIO_LIMIT}" in text
    assert chart.people_needed(51, 20) == 11
    assert "51% of 20 people is 11" in text
    # Coverage leaves the OC out, as ChartCell.coverage does.
    assert "coworkers (everyone not on the OC) who have an OC member assigned" in text


def test_a_locked_vault_s_guide_falls_back_to_the_defaults(qtbot: Any, vault: Vault) -> None:
    vault.close()
    text = guide(qtbot, vault).plain_text()
    assert "1 Active supporter / leader" in text


def test_find_highlights_every_match_and_lists_only_the_sections_that_have_one(
    qtbot: Any,
) -> None:
    dialog = guide(qtbot)
    dialog.show()
    qtbot.keyClicks(dialog.find_box, "coverage")

    highlighted = dialog.text.extraSelections()
    assert len(highlighted) >= 3
    assert all(s.cursor.selectedText().casefold() == "coverage" for s in highlighted)
    assert dialog.find_status.text() == f"{len(highlighted)} matches"
    shown = [dialog.contents.item(i).text() for i in range(dialog.contents.count())
             if not dialog.contents.item(i).isHidden()]
    assert shown == ["Coverage and the OC ratio", "Words we use"]
    assert dialog.text.textCursor().selectedText().casefold() == "coverage"

    first = dialog.text.textCursor().position()
    qtbot.keyClick(dialog.find_box, Qt.Key.Key_Return)  # the next match; the guide stays open
    assert dialog.isVisible()
    assert dialog.text.textCursor().position() > first

    dialog.find_box.clear()
    qtbot.keyClicks(dialog.find_box, "zzqqxx")
    assert dialog.find_status.text() == "Not found"
    assert dialog.text.extraSelections() == []
    assert all(dialog.contents.item(i).isHidden() for i in range(dialog.contents.count()))
    dialog.find_box.clear()
    assert not any(dialog.contents.item(i).isHidden() for i in range(dialog.contents.count()))


def test_the_contents_go_to_their_section(qtbot: Any) -> None:
    dialog = guide(qtbot)
    dialog.show()
    qtbot.waitExposed(dialog)
    bar = dialog.text.verticalScrollBar()
    assert bar.value() == 0
    dialog.contents.setCurrentRow(dialog.contents.count() - 1)  # Words we use
    assert bar.value() > 0


def test_no_link_opens_anything_and_no_resource_is_loaded(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    dialog = guide(qtbot)
    dialog.show()
    browser = dialog.text
    assert not browser.openExternalLinks() and not browser.openLinks()
    shown = browser.toHtml()

    for url in ("https://example.org/", "http://127.0.0.1:1/x", "file:///etc/passwd",
                "mailto:boss@example.com", "other.html"):
        browser.anchorClicked.emit(QUrl(url))
    assert opened == []
    assert browser.source().isEmpty() and browser.toHtml() == shown
    for url in ("https://example.org/logo.png", "file:///etc/hostname", "guide.css"):
        assert browser.loadResource(2, QUrl(url)) is None
    # The guide's own links go only to its own sections.
    for section in guide_sections(None):
        assert "http" not in section.body and "src=" not in section.body
    bar = browser.verticalScrollBar()
    browser.anchorClicked.emit(QUrl("#glossary"))
    assert bar.value() > 0 and opened == []


# ----- keyboard shortcuts -------------------------------------------------------------------


def test_shortcuts_of_reads_menus_widgets_and_qshortcuts_of_that_window_only(
    qtbot: Any,
) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    central = QWidget()
    window.setCentralWidget(central)
    names = QListWidget(central)
    names.setAccessibleName("Saved lists")
    QVBoxLayout(central).addWidget(names)

    file_menu = window.menuBar().addMenu("&File")
    opening = file_menu.addAction("&Open…")
    opening.setShortcut(QKeySequence("Ctrl+O"))
    file_menu.addAction("No keys here")
    file_menu.addSeparator()
    recent = file_menu.addMenu("&Recent")
    last = recent.addAction("Open &last")
    last.setShortcuts([QKeySequence("Ctrl+Shift+O"), QKeySequence("F9")])
    hidden = file_menu.addAction("Hidden")
    hidden.setShortcut(QKeySequence("Ctrl+H"))
    hidden.setVisible(False)
    view_menu = window.menuBar().addMenu("&View")
    zoom = view_menu.addAction("&Zoom")
    zoom.setShortcut(QKeySequence("Ctrl+="))

    remove = QAction("&Delete list", names)
    remove.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
    names.addAction(remove)
    refresh = QAction("Refresh", window)
    refresh.setShortcut(QKeySequence("F5"))
    window.addAction(refresh)
    described = QShortcut(QKeySequence("Alt+Home"), central)
    described.setWhatsThis("Go to the start")
    QShortcut(QKeySequence(QKeySequence.StandardKey.Save), names)  # named by its standard key

    # Another window's keys are not this one's.
    dialog = QDialog(window)
    QShortcut(QKeySequence("Ctrl+Return"), dialog)
    dialog_action = QAction("Send", dialog)
    dialog_action.setShortcut(QKeySequence("Ctrl+E"))
    dialog.addAction(dialog_action)

    assert shortcuts_of(window) == [
        ("File", "Open", native("Ctrl+O")),
        ("File › Recent", "Open last", f"{native('Ctrl+Shift+O')} or {native('F9')}"),
        ("View", "Zoom", native("Ctrl+=")),
        ("General", "Go to the start", native("Alt+Home")),  # on a nameless container
        ("General", "Refresh", native("F5")),
        ("Saved lists", "Delete list", QKeySequence(QKeySequence.StandardKey.Delete)
         .toString(QKeySequence.SequenceFormat.NativeText)),
        ("Saved lists", "Save", QKeySequence(QKeySequence.StandardKey.Save)
         .toString(QKeySequence.SequenceFormat.NativeText)),
    ]


def test_the_main_window_s_shortcuts_include_lock_find_and_help_and_never_clash(
    main_window: MainWindow,
) -> None:
    rows = shortcuts_of(main_window)
    found = {(group, action): keys for group, action, keys in rows}

    assert found[("File", "Lock")] == native("Ctrl+L")
    assert found[("File", "New one-on-one")] == native("Ctrl+N")
    assert native("Ctrl+K") in found[("Edit", "Find")].split(" or ")
    assert native("Ctrl+F") in found[("Edit", "Find")].split(" or ")
    assert found[("View", "Today")] == native("Ctrl+1")
    assert native("F1") in found[("Help", "Guide")].split(" or ")
    assert found[("Help", "Keyboard shortcuts")] == native("Ctrl+/")
    # The menus come in the menu bar's order.
    groups = list(dict.fromkeys(group for group, _action, _keys in rows))
    assert groups[:4] == ["File", "Edit", "View", "Help"]
    # No key does two things in the window's menus.
    menu_keys = [key for group, _action, keys in rows
                 if group in ("File", "Edit", "View", "Committee", "Help")
                 for key in keys.split(" or ")]
    assert len(menu_keys) == len(set(menu_keys))


def test_the_shortcuts_dialog_lists_the_window_s_shortcuts_by_group(
    qtbot: Any, main_window: MainWindow
) -> None:
    dialog = ShortcutsDialog(main_window)
    table = dialog.table
    assert table.columnCount() == 2
    assert [table.headerItem().text(i) for i in range(2)] == ["What it does", "Keys"]
    shown = []
    for i in range(table.topLevelItemCount()):
        group = table.topLevelItem(i)
        for j in range(group.childCount()):
            item = group.child(j)
            shown.append((group.text(0), item.text(0), item.text(1)))
    assert shown == shortcuts_of(main_window)
    assert ("File", "Lock", native("Ctrl+L")) in shown
    dialog.close()


# ----- the Help menu ------------------------------------------------------------------------


def test_help_actions_go_above_about_and_each_opens_one_modeless_dialog(
    qtbot: Any, main_window: MainWindow, vault: Vault
) -> None:
    campaign.set_assessment_level(vault, 2, "Nearly there", "#91cf60")
    menu = help_menu_of(main_window)
    texts = [a.text() for a in menu.actions()]
    assert texts[:3] == ["&Guide", "&Keyboard shortcuts", ""]
    assert texts[-1] == "&About Organizer"
    guide_action, shortcuts_action = menu.actions()[:2]
    assert guide_action in main_window.actions()  # keys work with the menu bar hidden

    guide_action.trigger()
    guides = [d for d in main_window.findChildren(GuideDialog) if d.isVisible()]
    assert len(guides) == 1 and not guides[0].isModal()
    assert "2 Nearly there" in guides[0].plain_text()
    guide_action.trigger()  # a second ask raises the same one
    assert [d for d in main_window.findChildren(GuideDialog) if d.isVisible()] == guides

    shortcuts_action.trigger()
    lists = [d for d in main_window.findChildren(ShortcutsDialog) if d.isVisible()]
    assert len(lists) == 1 and not lists[0].isModal()
    shortcuts_action.trigger()
    assert [d for d in main_window.findChildren(ShortcutsDialog) if d.isVisible()] == lists

    guides[0].close()
    finish_qt()
    guide_action.trigger()
    again = [d for d in main_window.findChildren(GuideDialog) if d.isVisible()]
    assert len(again) == 1


def test_f1_and_ctrl_slash_open_the_dialogs_from_the_main_window(
    qtbot: Any, main_window: MainWindow
) -> None:
    qtbot.keyClick(QApplication.focusWidget() or main_window, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: any(d.isVisible() for d in main_window.findChildren(GuideDialog)))
    main_window.activateWindow()
    qtbot.waitActive(main_window)
    qtbot.keyClick(QApplication.focusWidget() or main_window, Qt.Key.Key_Slash,
                   Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(
        lambda: any(d.isVisible() for d in main_window.findChildren(ShortcutsDialog)))


# ----- fit, names, tab order, Esc -----------------------------------------------------------


@pytest.fixture
def both_dialogs(qtbot: Any, main_window: MainWindow) -> list[QDialog]:
    dialogs: list[QDialog] = [GuideDialog(None, main_window), ShortcutsDialog(main_window)]
    for dialog in dialogs:
        dialog.show()
        qtbot.waitExposed(dialog)
    return dialogs


def test_the_dialogs_fit_a_1024_by_600_screen_with_their_buttons_in_view(
    both_dialogs: list[QDialog],
) -> None:
    width, height = SMALL_SCREEN
    for dialog in both_dialogs:
        for size in (dialog.sizeHint(), dialog.minimumSize(), dialog.minimumSizeHint(),
                     dialog.size()):
            assert size.width() <= width and size.height() <= height, dialog.objectName()
        dialog.resize(dialog.minimumSize())
        close = dialog.close_button  # type: ignore[attr-defined]
        QApplication.processEvents()
        assert close.isVisible()
        assert dialog.rect().contains(close.geometry().translated(close.parentWidget().pos()))


def test_every_control_has_a_name_and_tab_follows_the_visual_order(
    both_dialogs: list[QDialog],
) -> None:
    guide_dialog, shortcuts_dialog = both_dialogs
    for dialog in both_dialogs:
        assert dialog.accessibleName()
        for widget in dialog.findChildren(QWidget):
            if widget.isVisibleTo(dialog) and widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
                assert widget.accessibleName(), f"{type(widget).__name__} has no name"

    def tab_chain(dialog: QDialog, first: QWidget) -> list[QWidget]:
        chain = [first]
        widget = first.nextInFocusChain()
        while widget is not first and len(chain) < 50:
            if (widget.isVisibleTo(dialog) and widget.isEnabled()
                    and widget.focusPolicy() & Qt.FocusPolicy.TabFocus):
                chain.append(widget)
            widget = widget.nextInFocusChain()
        return chain

    g = guide_dialog
    assert isinstance(g, GuideDialog)
    assert tab_chain(g, g.find_box) == [g.find_box, g.find_next_button, g.contents, g.text,
                                        g.close_button]
    s = shortcuts_dialog
    assert isinstance(s, ShortcutsDialog)
    assert tab_chain(s, s.table) == [s.table, s.close_button]


def test_esc_closes_both_dialogs(qtbot: Any, both_dialogs: list[QDialog]) -> None:
    guide_dialog, shortcuts_dialog = both_dialogs
    assert isinstance(guide_dialog, GuideDialog)
    assert isinstance(shortcuts_dialog, ShortcutsDialog)
    qtbot.keyClicks(guide_dialog.find_box, "lock")
    qtbot.keyClick(guide_dialog.find_box, Qt.Key.Key_Escape)
    assert not guide_dialog.isVisible()
    qtbot.keyClick(shortcuts_dialog.table, Qt.Key.Key_Escape)
    assert not shortcuts_dialog.isVisible()


def test_the_guide_text_is_read_only(qtbot: Any) -> None:
    dialog = guide(qtbot)
    assert dialog.text.isReadOnly()
    assert isinstance(dialog.text, QTextEdit)
