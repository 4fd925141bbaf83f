"""Everything the shell shows is marked for translation (issue 18): the main window with its
menus and status bar, Today empty and filled (a committee member's view too), the start
screen, the unlock page with its problems, New campaign and Change passphrase with theirs,
About, Help › Keyboard shortcuts and the guide, and the print preview. Built under the
pseudo-locale, on a campaign whose own data has no ASCII letters, so any plain English left
is a message nobody marked."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QMenu, QWidget

from organizer import i18n
from organizer.core import paths, people, secrets
from organizer.core.committee import identity
from organizer.core.vault import Vault
from organizer.gui import messages
from organizer.gui.about_dialog import AboutDialog
from organizer.gui.help_dialogs import GuideDialog, ShortcutsDialog
from organizer.gui.main_window import MainWindow, describe_counts
from organizer.gui.new_campaign_dialog import NewCampaignDialog
from organizer.gui.passphrase_change import Keychain, PassphraseChanged, PassphraseChangeDialog
from organizer.gui.print_preview import PreviewDialog
from organizer.gui.start_screen import StartScreen
from organizer.gui.today_page import TodayPage, friendly_date, unsent_sentence
from organizer.gui.unlock import UnlockPage, describe_error
from tests.gui.settling import settle
from tests.i18n.pseudo_support import (  # noqa: F401
    data,
    pseudo_fixture,
    pseudo_template_fixture,
    pseudo_vault_fixture,
    pseudo_window_fixture,
    unmarked,
    untranslated,
)

# Qt's own standard buttons speak through qtbase's catalogue (organizer.gui.qt_language),
# which has no pseudo-locale: they are not ours to mark.
QT_BUTTON = re.compile(r"^QPushButton: '&?(Close|Cancel|OK)' ")


def ours(*widgets: QWidget) -> list[str]:
    return [found for found in untranslated(*widgets) if not QT_BUTTON.match(found)]


@pytest.fixture(autouse=True)
def boxes_answered() -> Iterator[None]:
    """No message box may wait for a click: one that appears fails the test."""
    messages.seam.reset()
    messages.seam.strict = True
    yield
    messages.seam.reset()
    messages.seam.strict = False


def assert_marked_but_the_suggestion(dialog: Any) -> None:
    """The suggested passphrase's words are the EFF word list's, not messages: all else in
    the dialog, the sentences round them included, is marked."""
    words = dialog.passphrase.text()
    assert words and words in dialog.suggestion.text()
    assert unmarked(dialog.suggestion.text().replace(words, "")) is None
    assert [found for found in ours(dialog) if words not in found] == []


def shown(qtbot: Any, widget: QWidget) -> Any:
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    settle()
    return widget


# ----- the main window and Today --------------------------------------------------------------


def test_the_main_window_its_menus_status_bar_and_today_are_all_marked(
    qtbot: Any, pseudo_window: MainWindow
) -> None:
    window = pseudo_window
    settle()
    qtbot.waitUntil(lambda: window.today_page.data is not None and bool(
        window.counts_label.text()), timeout=10_000)
    assert window.today_page.follow_ups.topLevelItemCount() > 0  # Sam's, overdue
    assert window.today_page.recent.topLevelItemCount() > 0
    assert window.today_page.title.text().startswith("⟦")  # built under the pseudo-locale
    assert ours(window) == []
    assert ours(*window.findChildren(QMenu)) == []
    assert unmarked(window.counts_label.text()) is None
    # Each section's page is built and shown: the window's own parts stay marked.
    for index in range(5):
        window.show_section(index)
        settle()
    window.show_section(0)
    settle()
    assert unmarked(window.windowTitle()) is None


def test_the_search_box_and_its_results_are_marked(
    qtbot: Any, pseudo_window: MainWindow
) -> None:
    box = pseudo_window.search_box
    box.setText(data("Ravi"))
    box.run_search()
    settle()
    qtbot.waitUntil(lambda: box.results.count() > 0, timeout=10_000)
    assert ours(box.results) == []
    box.setText(data("nobody at all"))
    box.run_search()
    settle()
    qtbot.waitUntil(lambda: box.results.count() == 1, timeout=10_000)
    assert ours(box.results) == []


def test_today_as_a_committee_member_sees_it_is_marked(
    qtbot: Any, pseudo: None, pseudo_vault: Vault
) -> None:
    vault = pseudo_vault
    maya = next(i for i in people.people_ids(vault)
                if people.get_person(vault, i).name == data("Maya Okafor"))
    identity.ensure_identity(vault, data("Maya"))
    identity.set_my_person(vault, maya)
    page = shown(qtbot, TodayPage(vault))
    qtbot.waitUntil(lambda: page.data is not None, timeout=10_000)
    assert page.mine_button.isVisible() and page.my_people_button.isVisible()
    assert ours(page) == []
    page.everyone_button.click()
    page.everyones_people_button.click()
    settle()
    assert ours(page) == []


def test_today_on_an_empty_campaign_welcomes_in_marked_words(
    qtbot: Any, pseudo: None, vault: Vault
) -> None:
    page = shown(qtbot, TodayPage(vault))
    qtbot.waitUntil(lambda: page.data is not None, timeout=10_000)
    assert page.welcome.isVisible()
    assert ours(page) == []


def test_today_s_sentences_and_dates_are_marked(pseudo: None) -> None:
    import datetime as dt

    today = dt.date(2026, 11, 23)
    for iso in ("2026-11-23", "2026-11-20", "2026-12-30", "2025-01-05", None):
        assert unmarked(friendly_date(iso, today)) is None, iso
    assert unmarked(unsent_sentence(((data("Ben"), 9), (data("Cleo"), None)))) is None


def test_the_status_bar_numbers_are_marked(pseudo: None) -> None:
    from organizer.core.people import PeopleCounts

    counts = PeopleCounts(people=12, oc_members=3, assigned=6, assessed=7, supporters=1,
                          organic_leaders=0)
    assert unmarked(describe_counts(counts)) is None


# ----- before a campaign is open ---------------------------------------------------------------


def test_the_start_screen_empty_and_with_campaigns_is_marked(qtbot: Any, pseudo: None) -> None:
    screen = shown(qtbot, StartScreen())
    screen.refresh()
    assert screen.empty_state.isVisible()
    assert ours(screen) == []
    folder = paths.data_dir()
    (folder / f"{data('harbour')}{paths.VAULT_SUFFIX}").write_bytes(b"")
    screen.refresh()
    assert screen.campaigns.isVisible()
    # The file's name, ".vault" and all, is the one text that is not a message.
    assert [found for found in ours(screen) if paths.VAULT_SUFFIX not in found] == []


def test_the_unlock_page_and_its_problems_are_marked(
    qtbot: Any, pseudo: None, pseudo_vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(secrets, "remembered_key", lambda _path: None)
    page = shown(qtbot, UnlockPage())
    page.set_vault(pseudo_vault.path, keychain_available=True, why_locked=i18n._("Locked."))
    settle()
    page.remember.setChecked(True)
    assert page.remember_warning.isVisible()
    page.unlock()  # no passphrase typed
    assert page.message.isVisible()
    assert ours(page) == []
    page.passphrase.setText("not the passphrase at all")
    page.unlock()
    qtbot.waitUntil(lambda: page.message.isVisible() and page._task is None, timeout=20_000)
    assert ours(page) == []
    page.set_vault(pseudo_vault.path, demo_passphrase=data("made up words"))
    assert page.demo_hint.isVisible()
    assert ours(page) == []
    assert unmarked(describe_error(ValueError("boom"))) is None


def test_new_campaign_with_a_problem_and_a_suggestion_is_marked(
    qtbot: Any, pseudo: None
) -> None:
    dialog = shown(qtbot, NewCampaignDialog())
    assert ours(dialog) == []
    dialog.create_campaign()  # no name yet
    assert dialog.error.isVisible()
    assert ours(dialog) == []
    dialog.name.setText(data("Harbour drive"))
    dialog.passphrase.setText("short")
    dialog.pair._update_strength()
    dialog.create_campaign()
    assert ours(dialog) == []
    dialog.suggest()
    assert dialog.suggestion.isVisible()
    assert_marked_but_the_suggestion(dialog)
    dialog.again.setText("something else entirely, not the same")
    dialog.create_campaign()  # the two passphrases differ
    assert dialog.error.text() and unmarked(dialog.error.text()) is None
    assert_marked_but_the_suggestion(dialog)
    dialog.reject()


def test_change_passphrase_its_problems_and_its_outcome_are_marked(
    qtbot: Any, pseudo: None, pseudo_vault: Vault
) -> None:
    dialog = shown(qtbot, PassphraseChangeDialog(pseudo_vault, keychain_available=True))
    assert ours(dialog) == []
    dialog.change()  # the current passphrase is missing
    assert dialog.error.isVisible()
    assert ours(dialog) == []
    dialog.suggest()
    assert_marked_but_the_suggestion(dialog)
    dialog._changed(PassphraseChanged([Path("old-copy.vault")], Keychain.FORGOTTEN))
    assert dialog.outcome.isVisible()
    # The erased copy's file name is the one text that is not a message.
    assert [found for found in ours(dialog) if "old-copy" not in found] == []
    for keychain in Keychain:
        assert unmarked(i18n._(keychain.value)) is None
    dialog.close()


# ----- About, Help and printing ------------------------------------------------------------------


def test_about_is_marked(qtbot: Any, pseudo: None) -> None:
    dialog = shown(qtbot, AboutDialog())
    assert ours(dialog) == []


def test_keyboard_shortcuts_are_marked_and_complete(
    qtbot: Any, pseudo_window: MainWindow
) -> None:
    dialog = shown(qtbot, ShortcutsDialog(pseudo_window))
    assert ours(dialog) == []
    keys = {keys for _group, _text, keys in dialog.rows}
    # The app's panic key and the one-on-one dialog's save are listed, though neither is
    # an action of the window.
    assert any("Ctrl+Shift+L" in k for k in keys)
    assert any("Ctrl+Return" in k for k in keys)
    assert any("Ctrl+D" in k for k in keys) and any("Ctrl+R" in k for k in keys)


def test_the_guide_is_marked(qtbot: Any, pseudo: None) -> None:
    dialog = shown(qtbot, GuideDialog(None))
    assert ours(dialog) == []
    assert unmarked(dialog.plain_text()) is None
    dialog.find_box.setText(i18n._("Coverage"))
    assert dialog.find_status.text()
    assert ours(dialog) == []
    dialog.find_box.setText(data("nowhere"))
    assert ours(dialog) == []


def test_the_print_preview_is_marked(qtbot: Any, pseudo: None) -> None:
    page = QImage(200, 280, QImage.Format.Format_RGB32)
    page.fill(0xFFFFFF)
    dialog = shown(qtbot, PreviewDialog([page, page], i18n._("Print preview")))
    assert ours(dialog) == []
