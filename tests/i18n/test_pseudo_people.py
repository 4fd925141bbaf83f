"""Everything the People area shows is marked for translation (issue 18): the People page with
its filters, column chooser and menus; a person's page on every tab; the one-on-one dialog;
the tag and saved-view dialogs and menus; the conflicts dialog. Built under the pseudo-locale,
on a campaign whose own data has no ASCII letters, so any plain English left is a message
nobody marked."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from organizer.core import campaign, conversations, people, relationships, saved_views, tags
from organizer.core.committee import conflicts, identity
from organizer.core.committee.conflicts import Conflict
from organizer.core.people import PeopleFilter
from organizer.core.vault import Vault
from organizer.gui.assessment_badge import AssessmentScale
from organizer.gui.conflicts_dialog import ConflictsDialog
from organizer.gui.one_on_one_dialog import DRAFT_KIND as ONE_ON_ONE_DRAFT
from organizer.gui.one_on_one_dialog import OneOnOneDialog
from organizer.gui.people_page import PeoplePage
from organizer.gui.person_page import DRAFT_KIND as PERSON_DRAFT
from organizer.gui.person_page import PersonPage
from organizer.gui.tags_ui import EditTagsDialog, TagFilterButton, TagsRow
from tests.gui.settling import settle
from tests.gui.vault_fixtures import Seed, empty_template_fixture, open_copy  # noqa: F401
from tests.i18n.pseudo_support import (  # noqa: F401
    data,
    pseudo_fixture,
    pseudo_template_fixture,
    pseudo_vault_fixture,
    pseudo_window_fixture,
    untranslated,
)
from tests.i18n.pseudo_support import unmarked as unmarked_words

LEVELS = ("Active supporter", "Leaning supportive", "Undecided", "Leaning against", "Opposed")


def pseudo_scale(vault: Vault) -> AssessmentScale:
    """The campaign's own labels for its scale are its data (a campaign names its levels):
    written without ASCII letters like the rest of the pseudo campaign."""
    for level in campaign.assessment_scale(vault):
        campaign.set_assessment_level(vault, level.score, data(LEVELS[level.score - 1]),
                                      level.colour)
    return AssessmentScale.load(vault)


def ids(vault: Vault) -> dict[str, str]:
    return {person.name: person.id
            for person in (people.get_person(vault, i) for i in people.people_ids(vault))}


def shown(qtbot: Any, widget: Any) -> Any:
    qtbot.addWidget(widget)
    widget.resize(1280, 860)
    widget.show()
    settle()
    return widget


# ----- the People page --------------------------------------------------------------------


def test_the_people_page_filters_columns_and_menus_are_all_marked(
    qtbot: Any, pseudo: None, pseudo_vault: Vault
) -> None:
    vault = pseudo_vault
    found = ids(vault)
    maya, ravi = found[data("Maya Okafor")], found[data("Ravi Kumar")]
    # Everything the filters offer: tags, saved views, "My people" (the vault knows me).
    (tag,) = tags.ensure_tags(vault, [data("card signed")])
    tags.add_tags(vault, [ravi], [tag.id])
    saved_views.save_view(vault, data("night shift"), PeopleFilter(name_contains="ó"))
    identity.ensure_identity(vault, data("Maya"))
    identity.set_my_person(vault, maya)
    page = shown(qtbot, PeoplePage(vault, pseudo_scale(vault)))
    page.refresh()
    settle()
    assert page.model.rowCount() == 4
    assert page.my_people.isVisible() and page.tag_filter.isVisible()
    menus = (page.columns_menu, page.views_button.views_menu, page.tag_filter.menu_)
    assert untranslated(page, *menus) == []

    # Every column shown, names by last name, rows selected, filters on (bold, described).
    for column in page.column_actions:
        page.set_column_shown(column, True)
    page.set_sort_by_last_name(True)
    page.table.selectAll()
    page.tag_filter.choose([tag.id])
    page.oc_member_filter.ensure_filled()
    page.oc_member_filter.setCurrentIndex(2)
    page.assessment_from.setCurrentIndex(1)
    page.not_contacted.setChecked(True)
    page.leaders_only.setChecked(True)
    settle()
    assert page.active_filters()
    assert page.views_button.rename_menu is not None
    assert untranslated(page, *menus, page.views_button.rename_menu) == []

    # Nobody matches: the empty state says so, with its button.
    page.name_filter.setText("ẋẋẋ")
    page.apply_filters()
    settle()
    assert page.stack.currentIndex() == 1
    assert untranslated(page, *menus) == []
    page.hide()


def test_the_people_page_of_an_empty_campaign_is_marked(
    qtbot: Any, pseudo: None, empty_template: Seed, tmp_path: Path
) -> None:
    vault = open_copy(empty_template, tmp_path)
    try:
        page = shown(qtbot, PeoplePage(vault, pseudo_scale(vault)))
        page.refresh()
        settle()
        assert page.stack.currentIndex() == 1
        assert untranslated(page, page.columns_menu, page.views_button.views_menu) == []
        page.hide()
        page.deleteLater()
    finally:
        settle()
        vault.close()


# ----- a person's page --------------------------------------------------------------------


def test_a_persons_page_is_marked_on_every_tab_with_unsaved_edits(
    qtbot: Any, pseudo: None, pseudo_vault: Vault, monkeypatch: Any
) -> None:
    vault = pseudo_vault
    found = ids(vault)
    maya, ravi, ana = (found[data(n)] for n in ("Maya Okafor", "Ravi Kumar", "Ana Silva"))
    relationships.add_relationship(vault, ravi, maya, "influences")
    relationships.add_relationship(vault, ana, ravi, "close to")
    (tag,) = tags.ensure_tags(vault, [data("card signed")])
    tags.add_tags(vault, [ravi], [tag.id])
    person = people.get_person(vault, ravi)
    person.code_name = data("Sparrow")
    person.safe_channel = "Signal"
    people.update_person(vault, person)
    people.record_assessment(vault, ravi, 2, assessed_by_id=maya, basis="one-on-one",
                             note=data("Said yes to the petition"))
    conversations.log_one_on_one(vault, conversations.OneOnOne(
        person_id=ravi, held_on=dt.date.today().isoformat(), oc_member_id=maya,
        channel="phone", agitate=data("Short-staffed"), notes=data("Call back"),
        assessment_after=2, is_private=True))
    scale = pseudo_scale(vault)
    page = shown(qtbot, PersonPage(vault, scale, copy_text=lambda text: 30))
    page.show_person(ravi)
    settle()
    page.copy_field(page.personal_phone)
    page.name.setText(data("Ravi K."))  # an unsaved edit: the marker shows
    assert page.unsaved_label.isVisible() and page.copied_label.isVisible()
    for index in range(page.tabs.count()):
        page.tabs.setCurrentIndex(index)
        for row in range(page.one_on_ones.topLevelItemCount()):  # each one-on-one shown
            page.one_on_ones.setCurrentItem(page.one_on_ones.topLevelItem(row))
            assert untranslated(page) == [], page.one_on_one_text.toPlainText()
        assert untranslated(page) == [], page.tabs.tabText(index)
    assert unmarked_words(page.one_on_one_text.toPlainText()) is None

    # A problem saving is said beside Save; the edits kept as a draft come back with a note.
    page.department.setCurrentText("")
    monkeypatch.setattr(people, "update_person", _refuse)
    assert not page.save()
    assert page.error_label.isVisibleTo(page)
    assert untranslated(page) == []
    page.save_draft()
    page.show_person(ravi)
    assert page.draft_note.isVisibleTo(page)
    assert untranslated(page) == []
    assert [d for d in conversations.drafts(vault, PERSON_DRAFT) if d.person_id == ravi]

    # Its dialogs: change the assessment, edit the tags.
    assessment = page.ask_change_assessment()
    assert assessment is not None
    assert untranslated(assessment) == []
    assessment.reject()
    tags_dialog = page.ask_edit_tags()
    assert tags_dialog is not None
    assert untranslated(tags_dialog) == []
    tags_dialog.reject()

    # A new person: an empty form.
    page.discard_unsaved()
    page.new_person()
    assert untranslated(page) == []
    page.hide()


def _refuse(*args: object, **kwargs: object) -> None:
    from organizer.core.errors import InvalidInput
    from organizer.i18n import _

    raise InvalidInput(_("A person needs a name."))


# ----- the one-on-one dialog --------------------------------------------------------------


def test_the_one_on_one_dialog_is_marked_empty_filled_and_with_an_error(
    qtbot: Any, pseudo: None, pseudo_vault: Vault
) -> None:
    vault = pseudo_vault
    ravi = ids(vault)[data("Ravi Kumar")]
    scale = pseudo_scale(vault)
    empty = shown(qtbot, OneOnOneDialog(vault, scale))
    assert untranslated(empty) == []
    assert not empty.save()  # nobody chosen: the error is said in the dialog
    assert empty.error_label.isVisible()
    assert untranslated(empty) == []
    empty.close_keeping_draft()

    dialog = shown(qtbot, OneOnOneDialog(vault, scale, person_id=ravi))
    dialog.aeiou_toggle.setChecked(True)
    dialog.follow_up.setChecked(True)
    dialog.ask.setText(data("Will you sign?"))
    dialog.private.setChecked(True)
    assert untranslated(dialog) == []
    dialog.close_keeping_draft()
    assert [d for d in conversations.drafts(vault, ONE_ON_ONE_DRAFT) if d.person_id == ravi]

    reopened = shown(qtbot, OneOnOneDialog(vault, scale, person_id=ravi))
    assert reopened.draft_note.isVisible()
    assert untranslated(reopened) == []
    reopened.close_keeping_draft()


# ----- tags and saved views ---------------------------------------------------------------


def test_the_tag_widgets_and_dialog_are_marked(qtbot: Any, pseudo: None,
                                               pseudo_vault: Vault) -> None:
    vault = pseudo_vault
    made = tags.ensure_tags(vault, [data("card signed"), data("night")])
    button = shown(qtbot, TagFilterButton())
    button.set_tags(made)
    assert untranslated(button, button.menu_) == []
    button.choose([t.id for t in made], match_all=False)
    assert unmarked_words(button.toolTip()) is None
    assert untranslated(button, button.menu_) == []
    row = shown(qtbot, TagsRow())
    assert untranslated(row) == []
    row.show_tags([t.name for t in made])
    assert untranslated(row) == []
    dialog = shown(qtbot, EditTagsDialog(data("Ravi Kumar"), made, [made[0].id]))
    assert untranslated(dialog) == []


def test_the_saved_views_menu_and_its_questions_are_marked(
    qtbot: Any, pseudo: None, pseudo_vault: Vault, monkeypatch: Any
) -> None:
    from organizer.gui import messages, saved_views_ui

    vault = pseudo_vault
    view = saved_views.save_view(vault, data("night shift"), PeopleFilter(name_contains="ó"))
    asked: list[str] = []

    def ask_name(parent: Any, label: str, text: str = "") -> str | None:
        asked.append(label)
        return data("nights")

    def confirm(parent: Any, question: str, **labels: str) -> bool:
        asked.extend([question, *labels.values()])
        return True

    monkeypatch.setattr(saved_views_ui, "ask_view_name", ask_name)
    monkeypatch.setattr(messages, "confirm", confirm)
    page = shown(qtbot, PeoplePage(vault, pseudo_scale(vault)))
    button = page.views_button
    assert button.rename_menu is not None and button.delete_menu is not None
    assert untranslated(button, button.views_menu, button.rename_menu,
                        button.delete_menu) == []
    assert button.ask_rename(view.id) == data("nights")
    assert dict(saved_views.list_views(vault))[view.id] == data("nights")
    assert button.ask_save() == data("nights")  # the same name: asks before replacing
    assert button.ask_delete(view.id)
    assert asked and all(unmarked_words(text) is None for text in asked), asked
    page.hide()


# ----- the conflicts dialog ---------------------------------------------------------------


def _conflict(number: int, table: str, record_id: str, field: str, current: object,
              other: object, member: str) -> Conflict:
    stamp = f"{1_764_000_000_000 + number}-0-device"
    return Conflict(
        id=f"conflict-{number}", table=table, record_id=record_id, field=field,
        current=current, current_stamp=stamp, other=other, other_stamp=stamp,
        member=member, found_at="2026-12-04T15:05:00Z", about=data("Ravi Kumar"),
        current_is_mine=number % 2 == 0,
    )


def test_the_conflicts_dialog_is_marked_empty_and_with_conflicts(
    qtbot: Any, pseudo: None, pseudo_vault: Vault, monkeypatch: Any
) -> None:
    vault = pseudo_vault
    empty = shown(qtbot, ConflictsDialog(vault))
    assert not empty.cards
    assert untranslated(empty) == []

    found = ids(vault)
    ravi = found[data("Ravi Kumar")]
    infra = campaign.list_entries(vault, "department")[0].id
    open_ones = [
        _conflict(1, "person", ravi, "notes", data("Worried about pay"), data("Calm now"),
                  data("Ana")),
        _conflict(2, "person", ravi, "safe_channel", "Signal", "in person", ""),
        _conflict(3, "person", ravi, "department_id", infra, "gone-id", data("Ben")),
        _conflict(4, "person", ravi, "is_oc_member", 1, 0, data("Ben")),
        _conflict(5, "follow_up", "f-1", "due_on", "2026-12-09", None, data("Ben")),
        _conflict(6, "one_on_one", "o-1", "assessment_after", 2, 3, data("Ben")),
        _conflict(7, "assessment", "a-1", "one_on_one_id", "o-1", "o-2", data("Ben")),
        _conflict(8, "relationship", "r-1", "kind", "close to", "influences", data("Ben")),
        _conflict(9, "person", ravi, "assigned_oc_member_id", "nobody", None, data("Ben")),
    ]
    monkeypatch.setattr(conflicts, "open_conflicts", lambda vault: list(open_ones))
    pseudo_scale(vault)  # the dialog reads the campaign's scale itself
    dialog = shown(qtbot, ConflictsDialog(vault))
    assert len(dialog.cards) == len(open_ones)
    assert untranslated(dialog) == []

    # A choice that is saved, and one that is not: each says so on its card.
    monkeypatch.setattr(conflicts, "resolve", lambda vault, conflict_id, take_other: None)
    assert dialog.resolve(dialog.cards[0], True)

    def fail(vault: Vault, conflict_id: str, take_other: bool) -> None:
        from organizer.core.errors import InvalidInput
        from organizer.i18n import _

        raise InvalidInput(_("This conflict is about something Organizer cannot change."))

    monkeypatch.setattr(conflicts, "resolve", fail)
    assert not dialog.resolve(dialog.cards[1], False)
    assert untranslated(dialog) == []


@pytest.fixture(autouse=True)
def _hide_windows_after(qtbot: Any) -> Any:
    yield
    settle()
