"""Tags in the window: the People page's tag filter (marked when on), bulk adding and
removing a tag on the selected people, the person page's tags, and Settings › Lists' tags.
Real widgets, real vaults."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt

from organizer.core import tags
from organizer.core.committee import identity
from organizer.core.vault import Vault
from organizer.gui import messages
from organizer.gui import people_page as people_page_module
from organizer.gui.main_window import PEOPLE, MainWindow
from organizer.gui.people_page import FILTER_ON
from organizer.gui.settings_dialog import SettingsDialog
from tests.gui.settling import settle
from tests.gui.test_small_screens import ROOM, _hidden_buttons
from tests.gui.vault_fixtures import (  # noqa: F401
    Seed,
    seed_template_fixture,
    seeded_fixture,
    vault_fixture,
    window_fixture,
)


def names_shown(window: MainWindow) -> list[str]:
    settle()
    model = window.people_page.model
    return sorted(model.row(r).display_name for r in range(model.rowCount()))  # type: ignore[union-attr]


def select(window: MainWindow, seeded: Seed, names: tuple[str, ...]) -> None:
    page = window.people_page
    settle()
    selection = page.table.selectionModel()
    selection.clearSelection()
    for name in names:
        index = page.model.index(page.model.row_of(seeded.people[name]), 0)
        selection.select(
            index,
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )


def test_the_tag_filter_shows_exactly_the_tagged_people_and_is_marked(
    qtbot: Any, window: MainWindow, vault: Vault, seeded: Seed
) -> None:
    signed, spanish = tags.ensure_tags(vault, ["Card signed", "Spanish speaker"])
    tags.add_tags(vault, [seeded.people["Kim Rossi"], seeded.people["Sam Lee"]], [signed.id])
    tags.add_tags(vault, [seeded.people["Sam Lee"], seeded.people["Ana Silva"]], [spanish.id])
    page = window.people_page
    window.show_section(PEOPLE)
    page.refresh()
    settle()
    assert page.tag_filter.isVisibleTo(page)
    assert not page.clear_filters_button.isEnabled()

    page.tag_filter.tag_actions[signed.id].trigger()
    assert names_shown(window) == ["Kim Rossi", "Sam Lee"]
    assert page.tag_filter.font().bold()
    assert page.tag_filter.accessibleDescription() == FILTER_ON
    assert page.clear_filters_button.isEnabled()
    assert page.tag_filter.text() == "Tags: 1"
    assert "Card signed" in page.tag_filter.toolTip()

    page.tag_filter.tag_actions[spanish.id].trigger()
    assert names_shown(window) == ["Sam Lee"]  # all of them, by default
    page.tag_filter.any_action.trigger()
    assert names_shown(window) == ["Ana Silva", "Kim Rossi", "Sam Lee"]

    qtbot.mouseClick(page.clear_filters_button, Qt.MouseButton.LeftButton)
    assert page.tag_filter.chosen() == frozenset()
    assert not page.tag_filter.font().bold()
    assert len(names_shown(window)) == 8


def test_bulk_adding_a_new_tag_then_removing_it_writes_to_the_vault(
    qtbot: Any, window: MainWindow, vault: Vault, seeded: Seed, monkeypatch: Any
) -> None:
    page = window.people_page
    window.show_section(PEOPLE)
    assert not page.tag_filter.isVisibleTo(page)  # no tags yet
    chosen = ("Kim Rossi", "Lee Novak", "Noor Khan")
    select(window, seeded, chosen)
    assert page.add_tag_button.isEnabled() and page.remove_tag_button.isEnabled()
    asked: list[list[str]] = []

    def answer(text: str) -> Any:
        def choose(parent: Any, title: str, label: str, items: list[str], **_: Any) -> str:
            asked.append(items)
            return text
        return choose

    monkeypatch.setattr(people_page_module, "choose_item", answer("Night driver"))
    qtbot.mouseClick(page.add_tag_button, Qt.MouseButton.LeftButton)
    (tag,) = tags.list_tags(vault)
    assert (tag.name, tag.people) == ("Night driver", 3)
    assert set(tags.people_with_tags(vault, [tag.id])) == {seeded.people[n] for n in chosen}
    # The filter now offers it, and the rows stay selected.
    assert page.tag_filter.isVisibleTo(page) and tag.id in page.tag_filter.tag_actions
    assert set(page.selected_ids()) == {seeded.people[n] for n in chosen}

    select(window, seeded, ("Kim Rossi", "Ana Silva"))
    monkeypatch.setattr(people_page_module, "choose_item", answer("Night driver"))
    qtbot.mouseClick(page.remove_tag_button, Qt.MouseButton.LeftButton)
    assert asked[-1] == ["Night driver"]  # only the tags the selected people have
    assert set(tags.people_with_tags(vault, [tag.id])) == {
        seeded.people["Lee Novak"], seeded.people["Noor Khan"]}


def test_the_people_page_with_a_tag_filter_still_fits_1024_by_600(
    qtbot: Any, window: MainWindow, vault: Vault, seeded: Seed
) -> None:
    (tag,) = tags.ensure_tags(vault, ["Spanish speaker on nights"])
    identity.ensure_identity(vault, "Jo")  # "My people" shown too: the widest first row
    identity.set_my_person(vault, seeded.people["Jo Berg"])
    window.resize(ROOM)
    page = window.people_page
    window.show_section(PEOPLE)
    page.refresh()
    settle()
    page.tag_filter.tag_actions[tag.id].trigger()
    page.table.selectAll()
    settle()  # the list read done: "Loading…" gone from the bottom row
    qtbot.wait(20)
    area = window.pages.currentWidget()
    assert page.minimumSizeHint().width() <= area.maximumViewportSize().width()  # type: ignore[attr-defined]
    assert _hidden_buttons(window, page) == []


def test_the_person_page_shows_their_tags_and_edit_tags_adds_and_removes(
    qtbot: Any, window: MainWindow, vault: Vault, seeded: Seed
) -> None:
    kim = seeded.people["Kim Rossi"]
    signed, _ = tags.ensure_tags(vault, ["Card signed", "Spanish speaker"])
    tags.add_tags(vault, [kim], [signed.id])
    window.show_person(kim)
    page = window.person_page
    assert page.tags_row.names.text() == "Tags: Card signed"

    qtbot.mouseClick(page.tags_row.edit_button, Qt.MouseButton.LeftButton)
    dialog = page.tags_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.tick("Card signed", False)
    dialog.tick("Spanish speaker")
    qtbot.keyClicks(dialog.new_tags, "night driver, Steward")
    dialog.accept()

    assert [t.name for t in tags.tags_of(vault, kim)] == [
        "night driver", "Spanish speaker", "Steward"]
    assert page.tags_row.names.text() == "Tags: night driver, Spanish speaker, Steward"
    assert not page.has_unsaved_changes()  # written at once, not part of the form


def test_cancelling_edit_tags_writes_nothing(
    qtbot: Any, window: MainWindow, vault: Vault, seeded: Seed
) -> None:
    kim = seeded.people["Kim Rossi"]
    tags.ensure_tags(vault, ["Card signed"])
    window.show_person(kim)
    dialog = window.person_page.ask_edit_tags()
    assert dialog is not None
    dialog.tick("Card signed")
    dialog.reject()
    assert tags.tags_of(vault, kim) == []
    assert window.person_page.tags_row.names.text() == "No tags"


def _button(parent: Any, accessible_name: str) -> Any:
    from PySide6.QtWidgets import QPushButton

    found = [b for b in parent.findChildren(QPushButton) if b.accessibleName() == accessible_name]
    assert len(found) == 1
    return found[0]


def test_settings_lists_add_rename_merge_and_remove_tags(
    qtbot: Any, vault: Vault, seeded: Seed
) -> None:
    dialog = SettingsDialog(vault)
    qtbot.addWidget(dialog)
    dialog.show()
    editor = dialog.tag_editor
    assert editor.names() == []
    for name in ("Card signed", "Steward", "card signed"):
        qtbot.keyClicks(editor.new_name, name)
        qtbot.keyClick(editor.new_name, Qt.Key.Key_Return)
    assert editor.names() == ["Card signed", "Steward"]
    assert dialog.error.text() == "There is already a tag called card signed."
    editor.new_name.clear()

    signed, steward = tags.list_tags(vault)
    tags.add_tags(vault, [seeded.people["Kim Rossi"]], [signed.id])
    tags.add_tags(vault, [seeded.people["Sam Lee"], seeded.people["Ana Silva"]], [steward.id])
    editor.refresh()

    editor.entries.setCurrentRow(1)
    editor.rename(editor.entries.currentItem(), "Shop steward")
    assert editor.names() == ["Card signed", "Shop steward"]

    # Onto another's name: asked first, and "no" keeps both.
    editor.entries.setCurrentRow(1)
    messages.answer_next(False)
    editor.rename(editor.entries.currentItem(), "CARD SIGNED")
    assert "There is already a tag \u201cCard signed\u201d" in messages.seam.seen[-1].text
    assert "one tag" in messages.seam.seen[-1].text
    assert editor.names() == ["Card signed", "Shop steward"]
    editor.entries.setCurrentRow(1)
    messages.answer_next(True)
    editor.rename(editor.entries.currentItem(), "Card signed")
    (merged,) = tags.list_tags(vault)
    assert (merged.name, merged.people) == ("Card signed", 3)
    assert editor.names() == ["Card signed"]

    editor.entries.setCurrentRow(0)
    messages.answer_next(False)
    qtbot.mouseClick(_button(editor, "Remove tag"), Qt.MouseButton.LeftButton)
    assert messages.seam.seen[-1].text == (
        "Remove the tag \u201cCard signed\u201d? 3 people have this tag; they keep their "
        "records, without it.")
    assert len(tags.list_tags(vault)) == 1
    messages.answer_next(True)
    qtbot.mouseClick(_button(editor, "Remove tag"), Qt.MouseButton.LeftButton)
    assert tags.list_tags(vault) == [] and editor.names() == []


def test_a_call_list_of_the_people_tagged(
    qtbot: Any, window: MainWindow, vault: Vault, seeded: Seed
) -> None:
    from organizer.gui.main_window import CALL_LISTS

    signed, spanish = tags.ensure_tags(vault, ["Card signed", "Spanish speaker"])
    tags.add_tags(vault, [seeded.people[n] for n in ("Kim Rossi", "Sam Lee", "Maya Okafor")],
                  [signed.id])
    tags.add_tags(vault, [seeded.people["Sam Lee"]], [spanish.id])
    window.show_section(CALL_LISTS)
    calls = window.call_lists_page
    calls.organizer_filter.setCurrentIndex(0)  # anyone
    assert calls.tag_filter.isVisibleTo(calls)
    calls.tag_filter.tag_actions[signed.id].trigger()
    calls.update_count()
    settle()
    assert calls.count_label.text() == "2 people"  # Maya is on the OC: she calls
    built = calls.build()
    assert built is not None
    assert set(built.person_ids) == {seeded.people["Kim Rossi"], seeded.people["Sam Lee"]}
    calls.tag_filter.tag_actions[spanish.id].trigger()
    built = calls.build()
    assert built is not None and built.person_ids == [seeded.people["Sam Lee"]]


def test_while_the_list_is_read_the_bottom_row_is_no_wider(
    qtbot: Any, window: MainWindow, vault: Vault, seeded: Seed
) -> None:
    tags.ensure_tags(vault, ["Card signed"])
    window.resize(ROOM)
    page = window.people_page
    window.show_section(PEOPLE)
    page.refresh()
    settle()
    page.table.selectAll()
    qtbot.wait(20)
    settled = page.minimumSizeHint().width()
    page.model.busy_changed.emit(True)  # what a slow read shows
    qtbot.wait(20)
    assert page.busy_label.isVisibleTo(page) and not page.count_label.isVisibleTo(page)
    assert page.minimumSizeHint().width() <= max(
        settled, window.pages.currentWidget().maximumViewportSize().width())  # type: ignore[attr-defined]
    page.model.busy_changed.emit(False)
    assert page.count_label.isVisibleTo(page)
