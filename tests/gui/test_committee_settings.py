"""Settings › Committee: my card, the members and the shared folder, on real vaults.

Every change on the tab goes through organizer.core.committee at once; what the core refuses
is shown as its one sentence and the vault is left as it was.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from organizer.core.committee import folder, identity, roster
from organizer.core.vault import Vault
from organizer.gui import committee_settings, messages
from organizer.gui.committee_settings import (
    REMOVE_CONSEQUENCES,
    AddMemberDialog,
    CommitteeTab,
    fingerprint_rows,
    scope_sentence,
)
from organizer.gui.settings_dialog import SettingsDialog
from tests.conftest import VaultTemplate
from tests.gui.vault_fixtures import (  # noqa: F401
    seed_template_fixture,
    seeded_fixture,
    vault_fixture,
)

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def dialog(qtbot: Any, vault: Vault) -> Iterator[SettingsDialog]:
    shown = SettingsDialog(vault)
    qtbot.addWidget(shown)
    shown.tabs.setCurrentWidget(shown.committee)
    shown.show()
    yield shown
    shown.hide()


@pytest.fixture
def tab(dialog: SettingsDialog, vault: Vault) -> CommitteeTab:
    """The tab once I have set up my card (as Ana)."""
    identity.ensure_identity(vault, "Ana")
    dialog.committee.refresh()
    return dialog.committee


@pytest.fixture
def make_card(empty_vault_template: VaultTemplate, tmp_path: Path) -> Any:
    """The card line of another member's own vault."""

    def make(name: str) -> str:
        other = empty_vault_template.open_copy(tmp_path / name.lower())
        try:
            return identity.ensure_identity(other, name).card().line()
        finally:
            other.close()

    return make


def _add(tab: CommitteeTab, card: str, *, confirmed: bool = False,
         departments: list[str] | None = None) -> AddMemberDialog:
    adding = tab.add_member()
    adding.paste(card)
    adding.confirmed.setChecked(confirmed)
    if departments is not None:
        adding.scope.set_chosen(departments)
    adding.accept_button.click()
    return adding


def _members_shown(tab: CommitteeTab) -> list[list[str]]:
    table = tab.members
    return [[table.item(row, column).text() for column in range(table.columnCount())]
            for row in range(table.rowCount())]


# ----- who I am ------------------------------------------------------------------------------


def test_setting_up_my_card_from_the_tab_makes_my_identity(
    qtbot: Any, dialog: SettingsDialog, vault: Vault
) -> None:
    tab = dialog.committee
    assert tab.setup_part.isVisible() and not tab.card_section.isVisible()
    qtbot.keyClicks(tab.setup_name, "Ana Martinez")
    qtbot.mouseClick(tab.setup_button, LEFT)

    me = identity.get_identity(vault)
    assert me is not None and me.name == "Ana Martinez"
    assert not tab.setup_part.isVisible() and tab.card_section.isVisible()
    assert tab.card_line.text() == me.card().line()
    assert tab.my_fingerprint.text() == fingerprint_rows(me.fingerprint)
    assert not tab.qr.pixmap().isNull()


def test_a_name_the_core_refuses_is_shown_and_nothing_is_made(
    qtbot: Any, dialog: SettingsDialog, vault: Vault
) -> None:
    qtbot.mouseClick(dialog.committee.setup_button, LEFT)
    assert dialog.error.text() == "A committee member needs a name."
    assert identity.get_identity(vault) is None


def test_renaming_myself_changes_my_card_not_my_fingerprint(
    qtbot: Any, tab: CommitteeTab, vault: Vault
) -> None:
    before = identity.get_identity(vault)
    tab.my_name.selectAll()
    qtbot.keyClicks(tab.my_name, "Ana M.")
    qtbot.keyClick(tab.my_name, Qt.Key.Key_Return)
    after = identity.get_identity(vault)
    assert before is not None and after is not None
    assert after.name == "Ana M." and after.fingerprint == before.fingerprint
    assert tab.card_line.text() == after.card().line()


def test_this_is_me_says_which_person_record_is_me(
    qtbot: Any, tab: CommitteeTab, vault: Vault, seeded: Any
) -> None:
    qtbot.keyClicks(tab.my_person, "Maya")
    qtbot.keyClick(tab.my_person, Qt.Key.Key_Return)
    me = identity.get_identity(vault)
    assert me is not None and me.person_id == seeded.people["Maya Okafor"]


# ----- my card -------------------------------------------------------------------------------


def test_copying_my_card_puts_its_line_on_the_clipboard(
    qtbot: Any, tab: CommitteeTab, vault: Vault
) -> None:
    qtbot.mouseClick(tab.copy_button, LEFT)
    me = identity.get_identity(vault)
    assert me is not None
    assert QApplication.clipboard().text() == me.card().line()
    assert tab.copied.isVisible()


# ----- members -------------------------------------------------------------------------------


def test_a_pasted_card_shows_their_fingerprint_and_adds_them_confirmed_with_their_scope(
    tab: CommitteeTab, vault: Vault, make_card: Any
) -> None:
    card = make_card("Ben")
    adding = tab.add_member()
    adding.paste(f"Hi Ana, here is my card:\n{card}\nBen")
    assert adding.found.isVisible() and adding.name_label.text() == "Ben"
    assert adding.fingerprint.text() == fingerprint_rows(identity.parse_card(card).fingerprint)
    adding.confirmed.setChecked(True)
    adding.scope.set_chosen(["Infrastructure"])
    adding.accept_button.click()

    ben = roster.find_member(vault, "Ben")
    assert ben.confirmed and not ben.all_departments
    assert ben.department_names == ["Infrastructure"]
    assert not adding.isVisible()
    assert _members_shown(tab)[0][:4] == [
        "Ben", fingerprint_rows(ben.fingerprint, per_row=6), "✓ confirmed", "Infrastructure"
    ]


def test_each_change_on_the_tab_is_announced_for_whoever_watches_the_committee(
    qtbot: Any, tab: CommitteeTab, make_card: Any
) -> None:
    with qtbot.waitSignal(tab.changed, timeout=1000):
        _add(tab, make_card("Ben"))
    with qtbot.assertNotEmitted(tab.changed):
        tab.add_member().reject()


def test_a_member_added_without_the_tick_is_shown_as_not_confirmed(
    tab: CommitteeTab, vault: Vault, make_card: Any
) -> None:
    _add(tab, make_card("Dev"))
    dev = roster.find_member(vault, "Dev")
    assert not dev.confirmed and dev.all_departments
    assert _members_shown(tab)[0][2:4] == ["⚠ not confirmed", "all departments"]
    assert "Dev is not confirmed" in tab.unconfirmed.text()


def test_a_card_that_does_not_parse_shows_the_core_sentence_and_adds_nothing(
    tab: CommitteeTab, vault: Vault
) -> None:
    adding = tab.add_member()
    adding.paste("organizer-member:1:QmVu:age1abc:xyz")
    assert adding.card_problem.text() == (
        "The member card is damaged (its keys do not read correctly); ask for it again."
    )
    assert not adding.accept_button.isEnabled() and not adding.found.isVisible()
    adding.save()
    assert adding.isVisible()
    assert roster.list_members(vault) == []


def test_my_own_card_is_refused_with_the_core_sentence(tab: CommitteeTab, vault: Vault) -> None:
    adding = _add(tab, tab.card_line.text())
    assert adding.isVisible()
    assert adding.error.text() == "That is your own card; add the cards the other members send you."
    assert roster.list_members(vault) == []


def test_only_these_with_nothing_ticked_is_refused_rather_than_read_as_everything(
    tab: CommitteeTab, vault: Vault, make_card: Any
) -> None:
    adding = _add(tab, make_card("Ben"), departments=[])
    assert adding.error.text() == "Tick at least one department, or choose All departments."
    assert roster.list_members(vault) == []


def test_a_card_file_can_be_opened_instead_of_pasted(
    tab: CommitteeTab, vault: Vault, make_card: Any, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    saved = tmp_path / "ben-card.txt"
    saved.write_text(make_card("Ben") + "\n", encoding="utf-8")
    monkeypatch.setattr(committee_settings, "choose_card_file", lambda parent: saved)
    adding = tab.add_member()
    adding.open_button.click()
    assert adding.name_label.text() == "Ben"


def test_changing_the_scope_updates_the_roster_and_names_what_they_will_not_receive(
    tab: CommitteeTab, vault: Vault, make_card: Any
) -> None:
    _add(tab, make_card("Ben"), confirmed=True)
    tab.members.select_member("Ben")
    scoping = tab.change_scope()
    assert scoping is not None
    assert scoping.scope.sentence.text() == (
        "Ben will receive everything you share, from every department."
    )
    scoping.scope.set_chosen(["Sales"])
    assert scoping.scope.sentence.text() == (
        "Ben will receive: Sales and every OC member. "
        "Not: Infrastructure and people with no department."
    )
    scoping.accept_button.click()
    assert roster.find_member(vault, "Ben").department_names == ["Sales"]
    assert _members_shown(tab)[0][3] == "Sales"


def test_the_scope_sentence_lists_three_or_more_with_commas() -> None:
    assert scope_sentence(
        "Ben", False, ["Warehouse", "Dock"], ["Warehouse", "Dock", "Office", "Drivers"]
    ) == (
        "Ben will receive: Warehouse, Dock, and every OC member. "
        "Not: Office, Drivers, and people with no department."
    )


def test_confirming_later_marks_them_confirmed(
    tab: CommitteeTab, vault: Vault, make_card: Any
) -> None:
    _add(tab, make_card("Dev"))
    tab.members.select_member("Dev")
    confirming = tab.confirm_selected()
    assert confirming is not None
    confirming.confirmed.setChecked(True)
    confirming.accept_button.click()
    assert roster.find_member(vault, "Dev").confirmed
    assert not tab.unconfirmed.isVisible()


def test_removing_asks_first_says_what_it_cannot_undo_and_marks_them_removed(
    tab: CommitteeTab, vault: Vault, make_card: Any,
    answered_messages: messages.MessageSeam,
) -> None:
    _add(tab, make_card("Ben"), confirmed=True)
    tab.members.select_member("Ben")
    messages.answer_next(False)
    tab.remove_button.click()
    assert roster.find_member(vault, "Ben").active

    messages.answer_next(True)
    tab.remove_button.click()
    asked = answered_messages.seen[-1]
    assert asked.text == "Remove Ben from the committee?"
    assert asked.detail == REMOVE_CONSEQUENCES
    assert "Their later files will be refused." in asked.detail
    assert "Files already sent to them cannot be unsent: they keep what they received." in (
        asked.detail
    )
    assert not roster.find_member(vault, "Ben").active
    assert _members_shown(tab)[0][6] != ""
    assert not tab.remove_button.isEnabled()


# ----- shared folder -------------------------------------------------------------------------


def test_a_shared_folder_is_set_and_cleared(
    tab: CommitteeTab, vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced = tmp_path / "Sync"
    synced.mkdir()
    monkeypatch.setattr(committee_settings, "choose_shared_folder", lambda parent, start: synced)
    tab.choose_button.click()
    assert folder.shared_folder(vault) == synced
    assert tab.folder_path.text() == str(synced) and tab.stop_button.isEnabled()

    tab.stop_button.click()
    assert folder.shared_folder(vault) is None
    assert tab.folder_path.text() == "" and not tab.stop_button.isEnabled()


def test_a_missing_folder_shows_the_core_sentence_and_changes_nothing(
    tab: CommitteeTab, dialog: SettingsDialog, vault: Vault, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    gone = tmp_path / "unplugged"
    monkeypatch.setattr(committee_settings, "choose_shared_folder", lambda parent, start: gone)
    tab.choose_button.click()
    assert dialog.error.text() == f"The folder {gone} does not exist. Choose an existing folder."
    assert folder.shared_folder(vault) is None


# ----- the dialog ----------------------------------------------------------------------------


def test_the_tab_fits_a_small_screen_and_has_its_shortcut(
    dialog: SettingsDialog, tab: CommitteeTab, make_card: Any
) -> None:
    for name in ("Ben", "Chloé", "Dev"):
        _add(tab, make_card(name))
    assert dialog.tabs.tabText(dialog.tabs.indexOf(tab)) == "Co&mmittee"
    # Long content scrolls inside the tab: the dialog's Save and Cancel stay on screen.
    assert dialog.minimumSizeHint().height() <= 600
    assert tab.add_member().minimumSizeHint().height() <= 600


def test_no_window_title_names_a_member(tab: CommitteeTab, make_card: Any) -> None:
    # Other programs can read window titles; who is on the committee is the secret.
    _add(tab, make_card("Ben"))
    tab.members.select_member("Ben")
    opened = [tab.confirm_selected(), tab.change_scope(), tab.add_member()]
    assert all(dialog is not None for dialog in opened)
    titles = [widget.windowTitle() for widget in QApplication.topLevelWidgets()]
    assert not [title for title in titles if "Ben" in title]
