"""Me as the default where a member works on their own: a new call list is of my people and
its results are my calls, Today's "not talked to" list leads with my people. And a member
whose fingerprint is not confirmed is marked wherever their name stands beside what they
sent (the person page, conflicts to review)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette

from organizer.core import call_lists, conversations, people, relationships
from organizer.core.call_lists import CallListCriteria, CallListOptions
from organizer.core.committee import identity, roster
from organizer.core.conversations import OneOnOne
from organizer.core.people import PeopleFilter
from organizer.core.vault import Vault
from organizer.gui import theme, today_page
from organizer.gui.assessment_badge import AssessmentScale
from organizer.gui.call_lists_page import CallListsPage
from organizer.gui.call_results_sheet import CallResultsSheet
from organizer.gui.conflicts_dialog import ConflictsDialog
from organizer.gui.person_page import PersonPage
from organizer.gui.today_page import TodayPage
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
BEN_UNCONFIRMED = "Ben's fingerprint has not been compared yet: Settings › Committee"


def _i_am(vault: Vault, name: str, person_id: str) -> None:
    identity.ensure_identity(vault, name.split()[0])
    identity.set_my_person(vault, person_id)


# ----- call lists -----------------------------------------------------------------------------


@pytest.fixture
def call_lists_page(qtbot: Any, vault: Vault) -> Iterator[CallListsPage]:
    page = CallListsPage(vault, AssessmentScale.load(vault))
    qtbot.addWidget(page)
    page.show()
    settle()
    yield page
    page.hide()


def _show_again(page: CallListsPage) -> None:
    """Leave the page and come back, as after changing Settings: the choices are read again."""
    page.hide()
    page.show()
    settle()


def test_a_new_call_list_is_of_my_people_once_the_vault_knows_me(
    call_lists_page: CallListsPage, vault: Vault, seeded: Seed
) -> None:
    page = call_lists_page
    maya = seeded.people["Maya Okafor"]
    assert page.organizer_filter.currentData() is None  # anyone, before a committee
    assert page.count_label.text() == "6 people"

    _i_am(vault, "Maya Okafor", maya)
    _show_again(page)

    assert page.organizer_filter.currentData() == maya
    assert page.current_criteria().organizer_id == maya
    assert page.count_label.text() == "2 people"  # Ravi and Ana, assigned to Maya


def test_an_assigned_to_chosen_by_hand_is_never_moved_to_me(
    call_lists_page: CallListsPage, vault: Vault, seeded: Seed
) -> None:
    page = call_lists_page
    page.organizer_filter.setCurrentIndex(page.organizer_filter.findData(seeded.people["Jo Berg"]))

    _i_am(vault, "Maya Okafor", seeded.people["Maya Okafor"])
    _show_again(page)

    assert page.organizer_filter.currentData() == seeded.people["Jo Berg"]


def _infrastructure_list(vault: Vault, seeded: Seed, *, organizer: str | None = None) -> str:
    criteria = CallListCriteria(
        people=PeopleFilter(department_ids=frozenset({seeded.departments["Infrastructure"]})),
        organizer_id=organizer,
    )
    options = CallListOptions(per_organizer=organizer is not None)
    built = call_lists.build_call_list(vault, criteria, options)
    return call_lists.save_built(vault, built, "Infrastructure calls", printed=True)


def _sheet(qtbot: Any, vault: Vault, list_id: str) -> CallResultsSheet:
    sheet = CallResultsSheet(vault, list_id)
    qtbot.addWidget(sheet)
    return sheet


def test_results_are_recorded_as_my_calls_by_default(
    qtbot: Any, vault: Vault, seeded: Seed
) -> None:
    list_id = _infrastructure_list(vault, seeded)  # one section, no organizer
    assert _sheet(qtbot, vault, list_id).caller_id() is None  # "Not said" before a committee

    kim = seeded.people["Kim Rossi"]  # not ticked as on the OC yet
    _i_am(vault, "Kim Rossi", kim)
    sheet = _sheet(qtbot, vault, list_id)

    assert sheet.caller_id() == kim
    assert sheet.caller.currentText() == "Kim Rossi"


def test_the_organizer_whose_calls_they_are_still_comes_before_me(
    qtbot: Any, vault: Vault, seeded: Seed
) -> None:
    maya = seeded.people["Maya Okafor"]
    list_id = _infrastructure_list(vault, seeded, organizer=maya)  # "Maya's calls"
    _i_am(vault, "Jo Berg", seeded.people["Jo Berg"])

    assert _sheet(qtbot, vault, list_id).caller_id() == maya


def test_a_draft_left_without_a_caller_is_not_made_mine(
    qtbot: Any, vault: Vault, seeded: Seed
) -> None:
    list_id = _infrastructure_list(vault, seeded)
    first = _sheet(qtbot, vault, list_id)
    first.show()
    first.table.setFocus()
    qtbot.keyClick(first.table, Qt.Key.Key_2)  # no answer; who called left as "Not said"
    first.close_sheet()  # keeps the draft
    assert call_lists.results_draft(vault, list_id) is not None

    _i_am(vault, "Jo Berg", seeded.people["Jo Berg"])

    assert _sheet(qtbot, vault, list_id).caller_id() is None


# ----- Today ----------------------------------------------------------------------------------


def _today(qtbot: Any, vault: Vault) -> TodayPage:
    page = TodayPage(vault)
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    settle()
    return page


def _not_contacted(page: TodayPage) -> list[str]:
    tree = page.not_contacted
    return sorted(tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount()))


EVERYONE_NOT_CONTACTED = [
    "Ana Silva", "Jo Berg", "Kim Rossi", "Lee Novak", "Maya Okafor", "Noor Khan", "Sam Lee",
]


def test_today_leads_with_my_people_not_talked_to_and_everyones_one_click_away(
    qtbot: Any, vault: Vault, seeded: Seed
) -> None:
    before = _today(qtbot, vault)
    assert _not_contacted(before) == EVERYONE_NOT_CONTACTED
    assert not before.my_people_button.isVisible()

    _i_am(vault, "Maya Okafor", seeded.people["Maya Okafor"])
    page = _today(qtbot, vault)

    assert _not_contacted(page) == ["Ana Silva"]  # Ravi, also Maya's, was talked to
    assert page.not_contacted_heading.text().startswith("My people not talked to in")
    assert page.my_people_button.isVisible() and page.my_people_button.text() == "M&ine (1)"
    assert page.everyones_people_button.text() == "Ever&yone's (7)"

    qtbot.mouseClick(page.everyones_people_button, LEFT)
    assert _not_contacted(page) == EVERYONE_NOT_CONTACTED
    assert page.not_contacted_heading.text().startswith("Not talked to in")
    qtbot.mouseClick(page.my_people_button, LEFT)
    assert _not_contacted(page) == ["Ana Silva"]
    # The follow-ups' Mine is a button of its own: it stayed as it was.
    assert page.mine_button.isChecked()


def test_show_all_of_my_people_asks_the_people_page_for_mine(
    qtbot: Any, vault: Vault, seeded: Seed, monkeypatch: pytest.MonkeyPatch
) -> None:
    maya = seeded.people["Maya Okafor"]
    people.assign_oc_member(vault, [seeded.people["Kim Rossi"], seeded.people["Noor Khan"]], maya)
    _i_am(vault, "Maya Okafor", maya)
    monkeypatch.setattr(today_page, "NOT_CONTACTED_SHOWN", 2)
    page = _today(qtbot, vault)
    assert page.not_contacted.topLevelItemCount() == 2
    assert page.show_all_button.isVisible()

    with qtbot.waitSignal(page.show_people_requested) as asked:
        qtbot.mouseClick(page.show_all_button, LEFT)

    [wanted] = asked.args
    assert wanted == PeopleFilter(not_contacted_days=wanted.not_contacted_days,
                                  assigned_oc_member_id=maya)
    assert people.count_people(vault, wanted) == 3  # Ana, Kim and Noor


def test_with_none_of_my_people_waiting_today_points_to_everyones(
    qtbot: Any, vault: Vault, seeded: Seed
) -> None:
    _i_am(vault, "Jo Berg", seeded.people["Jo Berg"])
    conversations.log_one_on_one(  # Sam, Jo's one person, talked to today
        vault, OneOnOne(person_id=seeded.people["Sam Lee"], held_on=TODAY.isoformat())
    )
    page = _today(qtbot, vault)

    assert page.not_contacted_stack.currentWidget() is page.not_contacted_empty
    assert page.not_contacted_empty.text().endswith("6 other people have: see Everyone's.")
    assert not page.show_all_button.isVisible()


# ----- members not confirmed ------------------------------------------------------------------


@pytest.fixture
def pair(tmp_path: Path, empty_vault_template: VaultTemplate) -> Iterator[tuple[Vault, Vault]]:
    """Ana's and Ben's vaults, each with an identity and the other on its roster, unconfirmed."""
    ana, ben = committee_of(empty_vault_template, tmp_path, ("Ana", "Ben"))
    yield ana, ben
    finish_qt()
    ana.close()
    ben.close()


@pytest.fixture
def carla_from_ben(pair: tuple[Vault, Vault], tmp_path: Path) -> tuple[Vault, str]:
    """Ana's vault, holding Carla as Ben wrote her down: a one-on-one, an assessment and a
    relationship, all recorded by Ben."""
    ana, ben = pair
    carla = people.add_person(ben, people.Person(name="Carla")).id
    dana = people.add_person(ben, people.Person(name="Dana")).id
    conversations.log_one_on_one(ben, OneOnOne(person_id=carla, held_on=TODAY.isoformat(),
                                               notes="Talked about the rota"))
    people.record_assessment(ben, carla, 2, basis="hearsay")
    relationships.add_relationship(ben, carla, dana, "close to")
    exchange(ben, ana, tmp_path / "from-ben")
    return ana, carla


def _person_page(qtbot: Any, vault: Vault, person_id: str) -> PersonPage:
    page = PersonPage(vault, AssessmentScale.load(vault))
    qtbot.addWidget(page)
    page.show()
    page.show_person(person_id)
    return page


def _is_warning(item: Any, column: int) -> bool:
    view = item.treeWidget()
    red = theme.warning_colour(view.palette(), QPalette.ColorRole.Base)
    return bool(item.foreground(column).color() == red)


def test_a_member_not_confirmed_is_marked_beside_what_they_recorded(
    qtbot: Any, carla_from_ben: tuple[Vault, str]
) -> None:
    ana, carla = carla_from_ben
    page = _person_page(qtbot, ana, carla)

    cells = ((page.one_on_ones.topLevelItem(0), 3), (page.assessments.topLevelItem(0), 4),
             (page.relationships.topLevelItem(0), 1))
    for item, column in cells:
        assert item.text(column) == "Ben (not confirmed)"
        assert _is_warning(item, column)
        assert item.toolTip(column) == BEN_UNCONFIRMED
    assert "recorded by Ben (not confirmed)" in page.one_on_one_text.toPlainText()
    assert page.one_on_one_text.toolTip() == BEN_UNCONFIRMED
    assert page.member_names.text("bEN") == "bEN (not confirmed)"  # any case

    roster.confirm_member(ana, "Ben")
    page.show_person(carla)

    talk = page.one_on_ones.topLevelItem(0)
    assert talk.text(3) == "Ben" and not _is_warning(talk, 3)
    assert talk.toolTip(3) == "Recorded by Ben"
    assert page.relationships.topLevelItem(0).toolTip(1).startswith("Held by Ben:")
    assert "recorded by Ben" in page.one_on_one_text.toPlainText()
    assert "not confirmed" not in page.one_on_one_text.toPlainText()
    assert page.one_on_one_text.toolTip() == ""


def test_my_own_name_is_never_marked(
    qtbot: Any, carla_from_ben: tuple[Vault, str], tmp_path: Path,
    empty_vault_template: VaultTemplate,
) -> None:
    ana, carla = carla_from_ben
    # Someone sent Ana a card under her own name (in capitals, another key): not confirmed.
    other = empty_vault_template.open_copy(tmp_path / "other")
    roster.add_member(ana, identity.ensure_identity(other, "ANA").card().line())
    other.close()
    people.record_assessment(ana, carla, 3, basis="one-on-one")

    page = _person_page(qtbot, ana, carla)

    newest = page.assessments.topLevelItem(0)
    assert newest.text(4) == "Ana" and not _is_warning(newest, 4)
    assert page.assessments.topLevelItem(1).text(4) == "Ben (not confirmed)"


def test_a_conflict_from_a_member_not_confirmed_says_so(
    qtbot: Any, pair: tuple[Vault, Vault], tmp_path: Path
) -> None:
    ana, ben = pair
    carla = people.add_person(ana, people.Person(name="Carla"))
    exchange(ana, ben, tmp_path / "first")
    for vault, notes in ((ana, "Ana's version"), (ben, "Ben's version")):
        person = people.get_person(vault, carla.id)
        person.notes = notes
        people.update_person(vault, person)
    exchange(ana, ben, tmp_path / "second")  # Ben's vault keeps Ana's as a conflict
    dialog = ConflictsDialog(ben)
    qtbot.addWidget(dialog)
    dialog.show()

    label = dialog.cards[0].sender_label
    assert label.text().startswith("Found when an update from Ana (not confirmed) arrived")
    assert theme.is_warning(label) and not label.styleSheet()
    assert label.toolTip() == "Ana's fingerprint has not been compared yet: Settings › Committee"

    roster.confirm_member(ben, "Ana")
    dialog.reload()

    label = dialog.cards[0].sender_label
    assert label.text().startswith("Found when Ana's update arrived")
    assert label.toolTip() == "" and not theme.is_warning(label)
