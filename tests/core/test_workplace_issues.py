"""Workplace issues: one per name whatever the case, and how many people raised each."""

from __future__ import annotations

import pytest

from organizer.core import conversations, people, workplace_issues
from organizer.core.conversations import OneOnOne
from organizer.core.errors import InvalidInput
from organizer.core.people import PeopleFilter
from organizer.core.vault import Vault
from tests.core.domain_fixtures import add, count


def test_get_or_add_finds_an_issue_whatever_its_case_and_spacing(vault: Vault) -> None:
    first = workplace_issues.get_or_add_issue(vault, "  On-call   load ", "Night pages")
    assert (first.name, first.description) == ("On-call load", "Night pages")
    again = workplace_issues.get_or_add_issue(vault, "ON-CALL LOAD")
    assert again.id == first.id
    assert again.name == "On-call load"
    assert count(vault, "workplace_issue") == 1


@pytest.mark.parametrize("name", ["", "   ", "\n\t"])
def test_an_issue_without_a_name_is_refused(vault: Vault, name: str) -> None:
    with pytest.raises(InvalidInput, match="name"):
        workplace_issues.get_or_add_issue(vault, name)
    assert count(vault, "workplace_issue") == 0


def test_issues_are_counted_per_person_most_raised_first(vault: Vault) -> None:
    ravi, tom, ana = add(vault, "Ravi"), add(vault, "Tom"), add(vault, "Ana")
    pay = workplace_issues.get_or_add_issue(vault, "pay")
    rto = workplace_issues.get_or_add_issue(vault, "Return to office")
    layoffs = workplace_issues.get_or_add_issue(vault, "layoffs")
    assert workplace_issues.add_issue_to_people(vault, [ravi.id, tom.id], rto.id) == 2
    workplace_issues.add_issue_to_people(vault, [ana.id], pay.id)
    # Raised twice by Ravi (in two one-on-ones) still counts Ravi once.
    conversations.log_one_on_one(vault, OneOnOne(person_id=ravi.id, issue_ids=[pay.id]))
    conversations.log_one_on_one(vault, OneOnOne(person_id=ravi.id, issue_ids=[pay.id]))
    listed = workplace_issues.list_issues(vault)
    assert [(i.name, i.people) for i in listed] == [
        ("pay", 2), ("Return to office", 2), ("layoffs", 0)]
    assert listed[2].id == layoffs.id


def test_adding_an_issue_to_people_twice_links_each_person_once(vault: Vault) -> None:
    ravi, tom = add(vault, "Ravi"), add(vault, "Tom")
    pay = workplace_issues.get_or_add_issue(vault, "pay")
    workplace_issues.add_issue_to_people(vault, [ravi.id], pay.id)
    workplace_issues.add_issue_to_people(vault, [ravi.id, tom.id, tom.id], pay.id)
    assert count(vault, "person_issue") == 2
    filtered = people.people_ids(vault, PeopleFilter(issue_id=pay.id))
    assert sorted(filtered) == sorted([ravi.id, tom.id])


def test_issues_for_a_person_are_listed_by_name_and_can_be_removed(vault: Vault) -> None:
    ravi = add(vault, "Ravi")
    pay = workplace_issues.get_or_add_issue(vault, "pay")
    bonus = workplace_issues.get_or_add_issue(vault, "Bonus")
    workplace_issues.add_issue_to_people(vault, [ravi.id], pay.id)
    workplace_issues.add_issue_to_people(vault, [ravi.id], bonus.id)
    assert [i.name for i in workplace_issues.issues_for_person(vault, ravi.id)] == [
        "Bonus", "pay"]
    workplace_issues.remove_issue_from_person(vault, ravi.id, bonus.id)
    assert [i.name for i in workplace_issues.issues_for_person(vault, ravi.id)] == ["pay"]
    assert count(vault, "workplace_issue") == 2
