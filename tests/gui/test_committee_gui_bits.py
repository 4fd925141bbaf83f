"""The committee on everyday screens: conflicts reviewed with a click (and the choice reaching
the other member), private one-on-ones, who wrote records down, "me" as the default OC member,
my follow-ups first on Today, and "My people"."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLabel

from organizer.core import conversations, follow_ups, people
from organizer.core.committee import conflicts, identity, roster
from organizer.core.people import PeopleFilter
from organizer.core.vault import Vault
from organizer.gui.assessment_badge import AssessmentScale
from organizer.gui.conflicts_dialog import EMPTY, ConflictsDialog
from organizer.gui.one_on_one_dialog import DRAFT_KIND, OneOnOneDialog
from organizer.gui.people_page import PeoplePage
from organizer.gui.person_page import PersonPage
from organizer.gui.today_page import TodayPage, unsent_members, unsent_sentence
from tests.conftest import VaultTemplate, committee_of, exchange
from tests.gui.settling import settle
from tests.gui.vault_fixtures import (  # noqa: F401
    Seed,
    finish_qt,
    seed_template_fixture,
    seeded_fixture,
    vault_fixture,
)

LEFT = Qt.MouseButton.LeftButton
TODAY = dt.date.today()


# ----- two members ----------------------------------------------------------------------------


@pytest.fixture
def pair(tmp_path: Path, empty_vault_template: VaultTemplate) -> Iterator[tuple[Vault, Vault]]:
    """Ana's and Ben's vaults, each with an identity and the other on its roster."""
    ana, ben = committee_of(empty_vault_template, tmp_path, ("Ana", "Ben"))
    yield ana, ben
    finish_qt()
    ana.close()
    ben.close()


def _concurrent_notes(ana: Vault, ben: Vault, tmp_path: Path) -> str:
    """Carla's notes edited by both before either saw the other's edit; Ben's is later, so
    Ben's vault keeps Ana's as a conflict to review."""
    carla = people.add_person(ana, people.Person(name="Carla"))
    exchange(ana, ben, tmp_path / "first")
    for vault, notes in ((ana, "Ana's version"), (ben, "Ben's version")):
        person = people.get_person(vault, carla.id)
        person.notes = notes
        people.update_person(vault, person)
    exchange(ana, ben, tmp_path / "second")
    exchange(ben, ana, tmp_path / "third")
    return carla.id


def _labels(widget: Any) -> str:
    return "\n".join(label.text() for label in widget.findChildren(QLabel) if label.isVisible())


def test_a_conflict_is_taken_with_a_click_and_the_choice_reaches_the_other_member(
    qtbot: Any, pair: tuple[Vault, Vault], tmp_path: Path
) -> None:
    ana, ben = pair
    carla = _concurrent_notes(ana, ben, tmp_path)
    dialog = ConflictsDialog(ben)
    qtbot.addWidget(dialog)
    dialog.show()

    [card] = dialog.cards
    shown = _labels(card)
    assert card.title_text == "Carla · notes"
    assert "Ben's version" in shown and "Ana's version" in shown
    # Ana's fingerprint was never compared on Ben's roster, so the sentence marks her.
    assert "Found when an update from Ana (not confirmed) arrived" in shown
    assert "goes to the whole committee" in dialog.travels.text()
    assert dialog.travels.isVisible()
    # Ben's own edit is the one everyone has; Ana's was set aside.
    assert shown.count("Changed by you,") == 1
    assert shown.index("Ben's version") < shown.index("Changed by you,")

    qtbot.mouseClick(card.buttons[True], LEFT)  # "Take this instead"

    assert people.get_person(ben, carla).notes == "Ana's version"
    assert conflicts.open_conflicts(ben) == []
    assert "Resolved" in card.outcome.text() and not card.buttons[True].isVisible()
    assert dialog.resolved == 1
    exchange(ben, ana, tmp_path / "fourth")
    assert people.get_person(ana, carla).notes == "Ana's version"

    dialog.reload()
    assert dialog.cards == [] and dialog.empty.isVisible() and dialog.empty.text() == EMPTY


def test_keeping_the_current_value_also_travels(
    qtbot: Any, pair: tuple[Vault, Vault], tmp_path: Path
) -> None:
    ana, ben = pair
    carla = _concurrent_notes(ana, ben, tmp_path)
    dialog = ConflictsDialog(ben)
    qtbot.addWidget(dialog)
    dialog.show()

    qtbot.mouseClick(dialog.cards[0].buttons[False], LEFT)  # "Keep this"
    exchange(ben, ana, tmp_path / "fourth")

    assert conflicts.open_conflicts(ben) == []
    for vault in (ana, ben):
        assert people.get_person(vault, carla).notes == "Ben's version"


def test_with_no_conflicts_the_dialog_says_so(qtbot: Any, vault: Vault) -> None:
    dialog = ConflictsDialog(vault)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.cards == []
    assert dialog.empty.isVisible() and dialog.empty.text() == "No conflicts to review."


# ----- Today ----------------------------------------------------------------------------------


@pytest.fixture
def ben_on_a_committee(
    pair: tuple[Vault, Vault], tmp_path: Path, empty_vault_template: VaultTemplate
) -> tuple[Vault, dict[str, str]]:
    """Ben's vault: one conflict, Ben is a person in it (me), one follow-up his and one
    Ana's, and Cleo on the roster, never sent anything."""
    ana, ben = pair
    _concurrent_notes(ana, ben, tmp_path)
    ids = {
        name: people.add_person(ben, people.Person(name=name, is_oc_member=oc)).id
        for name, oc in (("Ben Ortiz", True), ("Ana Reyes", True), ("Dev", False),
                         ("Eli", False))
    }
    identity.set_my_person(ben, ids["Ben Ortiz"])
    later = (TODAY + dt.timedelta(days=2)).isoformat()
    overdue = (TODAY - dt.timedelta(days=3)).isoformat()
    follow_ups.add_follow_up(ben, ids["Dev"], later, "Bring Dev the letter", ids["Ben Ortiz"])
    follow_ups.add_follow_up(ben, ids["Eli"], overdue, "Call Eli back", ids["Ana Reyes"])
    cleo = empty_vault_template.open_copy(tmp_path / "cleo")
    roster.add_member(ben, identity.ensure_identity(cleo, "Cleo").card().line())
    cleo.close()
    return ben, ids


def _today(qtbot: Any, vault: Vault) -> TodayPage:
    page = TodayPage(vault)
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    settle()
    return page


def _follow_up_people(page: TodayPage) -> list[str]:
    tree = page.follow_ups
    return [tree.topLevelItem(i).text(1) for i in range(tree.topLevelItemCount())]


def test_today_shows_my_follow_ups_first_and_everyones_one_click_away(
    qtbot: Any, ben_on_a_committee: tuple[Vault, dict[str, str]]
) -> None:
    ben, _ids = ben_on_a_committee
    page = _today(qtbot, ben)

    assert _follow_up_people(page) == ["Dev"]
    assert page.follow_ups_heading.text().startswith("My follow-ups")
    assert page.mine_button.isVisible() and page.mine_button.text() == "&Mine (1)"

    qtbot.mouseClick(page.everyone_button, LEFT)

    assert _follow_up_people(page) == ["Eli", "Dev"]  # everyone's, oldest first
    assert page.follow_ups_heading.text().startswith("Everyone's follow-ups")
    qtbot.mouseClick(page.mine_button, LEFT)
    assert _follow_up_people(page) == ["Dev"]


def test_today_without_me_lists_every_follow_up_as_before(qtbot: Any, vault: Vault) -> None:
    page = _today(qtbot, vault)
    assert _follow_up_people(page) == ["Sam Lee", "Ana Silva"]
    assert not page.mine_button.isVisible() and not page.everyone_button.isVisible()
    assert page.follow_ups_heading.text().startswith("Follow-ups")
    assert not page.conflicts_row.isVisible() and not page.unsent_label.isVisible()


def test_today_says_how_many_conflicts_and_opens_them(
    qtbot: Any, ben_on_a_committee: tuple[Vault, dict[str, str]]
) -> None:
    ben, _ids = ben_on_a_committee
    page = _today(qtbot, ben)
    assert page.conflicts_row.isVisible()
    assert page.conflicts_label.text() == "1 conflict to review"

    qtbot.mouseClick(page.conflicts_button, LEFT)
    dialog = page.conflicts_dialog
    assert dialog is not None and dialog.isVisible() and len(dialog.cards) == 1
    with qtbot.waitSignal(page.data_changed):
        qtbot.mouseClick(dialog.cards[0].buttons[False], LEFT)
        dialog.close()
    settle()

    assert page.conflicts_dialog is None
    assert not page.conflicts_row.isVisible()


def test_today_names_members_sent_nothing_for_a_week(
    qtbot: Any, ben_on_a_committee: tuple[Vault, dict[str, str]]
) -> None:
    ben, _ids = ben_on_a_committee
    page = _today(qtbot, ben)
    # Ana was sent an update a moment ago; Cleo never was.
    assert page.unsent_label.isVisible()
    assert page.unsent_label.text() == "Nothing sent to Cleo yet."

    in_nine_days = dt.datetime.now(dt.UTC) + dt.timedelta(days=9, minutes=1)
    later = unsent_members(ben, now=in_nine_days)
    assert later == [("Ana", 9), ("Cleo", None)]
    assert unsent_sentence(tuple(later)) == (
        "Nothing sent to Ana for 9 days. Nothing sent to Cleo yet."
    )


# ----- one-on-ones ----------------------------------------------------------------------------


def _dialog(qtbot: Any, vault: Vault, person_id: str | None) -> OneOnOneDialog:
    dialog = OneOnOneDialog(vault, AssessmentScale.load(vault), person_id=person_id)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _person_page(qtbot: Any, vault: Vault, person_id: str) -> PersonPage:
    page = PersonPage(vault, AssessmentScale.load(vault))
    qtbot.addWidget(page)
    page.show()
    page.show_person(person_id)
    return page


def test_a_private_one_on_one_is_saved_private_and_shows_a_lock(
    qtbot: Any, vault: Vault, seeded: Seed
) -> None:
    kim = seeded.people["Kim Rossi"]
    dialog = _dialog(qtbot, vault, kim)
    assert not dialog.private.isChecked()
    qtbot.keyClicks(dialog.notes, "Told me about her visa worries")
    # On the box itself: the check box spans the dialog's width, its middle is empty.
    qtbot.mouseClick(dialog.private, LEFT, pos=QPoint(8, dialog.private.height() // 2))
    assert dialog.private.isChecked()
    assert dialog.save()

    [summary] = conversations.one_on_ones_for(vault, kim)
    assert summary.is_private
    assert conversations.get_one_on_one(vault, summary.id).is_private

    page = _person_page(qtbot, vault, kim)
    item = page.one_on_ones.topLevelItem(0)
    assert not item.icon(0).isNull()
    assert item.text(0).endswith("private")
    assert "private" in str(item.data(0, Qt.ItemDataRole.AccessibleTextRole))
    assert "never sent to the committee" in page.one_on_one_text.toPlainText()

    today = _today(qtbot, vault)
    recent = [today.recent.topLevelItem(i) for i in range(today.recent.topLevelItemCount())]
    [locked] = [item for item in recent if item.text(0).endswith("private")]
    assert not locked.icon(0).isNull() and locked.text(1) == "Kim Rossi"


def test_an_ordinary_one_on_one_has_no_lock(qtbot: Any, vault: Vault, seeded: Seed) -> None:
    page = _person_page(qtbot, vault, seeded.people["Ravi Kumar"])
    item = page.one_on_ones.topLevelItem(0)
    assert item.icon(0).isNull() and "private" not in item.text(0)


def test_the_private_tick_is_kept_in_the_draft(qtbot: Any, vault: Vault, seeded: Seed) -> None:
    noor = seeded.people["Noor Khan"]
    dialog = _dialog(qtbot, vault, noor)
    qtbot.keyClicks(dialog.notes, "Half-finished notes")
    dialog.private.setChecked(True)
    dialog.close_keeping_draft()
    [draft] = conversations.drafts(vault, DRAFT_KIND)
    assert draft.body["is_private"] is True

    reopened = _dialog(qtbot, vault, noor)

    assert reopened.private.isChecked()
    assert reopened.notes.toPlainText() == "Half-finished notes"


def test_a_new_one_on_one_is_mine_by_default(qtbot: Any, vault: Vault, seeded: Seed) -> None:
    ravi, jo = seeded.people["Ravi Kumar"], seeded.people["Jo Berg"]
    before = _dialog(qtbot, vault, ravi)
    assert before.oc_member.currentData() == seeded.people["Maya Okafor"]  # Ravi's assigned
    before.reject()  # nothing typed: closes without asking

    identity.ensure_identity(vault, "Jo")
    identity.set_my_person(vault, jo)

    assert _dialog(qtbot, vault, ravi).oc_member.currentData() == jo
    assert _dialog(qtbot, vault, None).oc_member.currentData() == jo


def test_me_is_offered_even_before_being_ticked_as_on_the_oc(
    qtbot: Any, vault: Vault, seeded: Seed
) -> None:
    kim = seeded.people["Kim Rossi"]  # not on the OC
    identity.ensure_identity(vault, "Kim")
    identity.set_my_person(vault, kim)
    dialog = _dialog(qtbot, vault, seeded.people["Sam Lee"])
    assert dialog.oc_member.currentData() == kim
    assert dialog.oc_member.currentText() == "Kim Rossi"


# ----- who wrote it down ----------------------------------------------------------------------


def test_the_person_page_says_who_recorded_and_who_holds_what(
    qtbot: Any, vault: Vault, seeded: Seed
) -> None:
    ravi = seeded.people["Ravi Kumar"]
    before = _person_page(qtbot, vault, ravi)
    assert before.one_on_ones.isColumnHidden(3)  # no committee: nobody to name
    assert before.relationships.isColumnHidden(1)

    identity.ensure_identity(vault, "Maya")  # what was written here so far, Maya wrote
    people.record_assessment(vault, ravi, 2, basis="hearsay")
    page = _person_page(qtbot, vault, ravi)

    talk = page.one_on_ones.topLevelItem(0)
    assert not page.one_on_ones.isColumnHidden(3) and talk.text(3) == "Maya"
    assert "recorded by Maya" in page.one_on_one_text.toPlainText()
    newest = page.assessments.topLevelItem(0)
    assert not page.assessments.isColumnHidden(4) and newest.text(4) == "Maya"
    held = page.relationships.topLevelItem(0)
    assert not page.relationships.isColumnHidden(1) and held.text(1) == "Maya"
    assert held.toolTip(1).startswith("Held by Maya")


# ----- My people ------------------------------------------------------------------------------


def _names(page: PeoplePage) -> list[str]:
    settle()
    model = page.model
    return [model.row(r).display_name for r in range(model.rowCount())]  # type: ignore[union-attr]


def test_my_people_shows_the_people_assigned_to_me(
    qtbot: Any, vault: Vault, seeded: Seed
) -> None:
    page = PeoplePage(vault, AssessmentScale.load(vault))
    qtbot.addWidget(page)
    page.show()
    settle()
    assert not page.my_people.isVisible()  # the vault does not know who I am yet

    identity.ensure_identity(vault, "Maya")
    identity.set_my_person(vault, seeded.people["Maya Okafor"])
    page.refresh()
    settle()
    assert page.my_people.isVisible()
    qtbot.mouseClick(page.my_people, LEFT)

    assert _names(page) == ["Ana Silva", "Ravi Kumar"]
    assert not page.oc_member_filter.isEnabled()
    qtbot.mouseClick(page.clear_filters_button, LEFT)
    assert len(_names(page)) == 8 and page.oc_member_filter.isEnabled()


def test_todays_show_all_of_my_people_ticks_my_people(
    qtbot: Any, vault: Vault, seeded: Seed
) -> None:
    maya = seeded.people["Maya Okafor"]
    identity.ensure_identity(vault, "Maya")
    identity.set_my_person(vault, maya)
    page = PeoplePage(vault, AssessmentScale.load(vault))
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    settle()

    page.set_filter(PeopleFilter(not_contacted_days=3650, assigned_oc_member_id=maya))
    settle()

    assert page.my_people.isChecked() and page.not_contacted.isChecked()
    assert _names(page) == ["Ana Silva"]  # of my two, Ravi was talked to lately
