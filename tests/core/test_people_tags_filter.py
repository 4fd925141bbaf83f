"""PeopleFilter by tags: all of the tags or any of them, combined with the other filters,
counted and listed the same way. Real vaults."""

from __future__ import annotations

from organizer.core import people, tags
from organizer.core.people import PeopleFilter
from organizer.core.vault import Vault
from tests.core.domain_fixtures import add


def _names(vault: Vault, people_filter: PeopleFilter) -> list[str]:
    ids = people.people_ids(vault, people_filter)
    return sorted(people.get_person(vault, i).name for i in ids)


def test_the_tag_filter_finds_people_with_all_or_any_of_the_tags(vault: Vault) -> None:
    ana, bo, cy, di = (add(vault, n).id for n in ("Ana", "Bo", "Cy", "Di"))
    signed, spanish = tags.ensure_tags(vault, ["Card signed", "Spanish speaker"])
    tags.add_tags(vault, [ana, bo], [signed.id])
    tags.add_tags(vault, [bo, cy], [spanish.id])
    both = frozenset({signed.id, spanish.id})

    assert _names(vault, PeopleFilter(tag_ids=frozenset({signed.id}))) == ["Ana", "Bo"]
    assert _names(vault, PeopleFilter(tag_ids=both)) == ["Bo"]
    assert _names(vault, PeopleFilter(tag_ids=both, tags_match_all=False)) == [
        "Ana", "Bo", "Cy"]
    assert people.count_people(vault, PeopleFilter(tag_ids=both, tags_match_all=False)) == 3
    assert _names(vault, PeopleFilter(tag_ids=both, tags_match_all=False,
                                      name_contains="a")) == ["Ana"]
    assert _names(vault, PeopleFilter()) == ["Ana", "Bo", "Cy", "Di"]
    assert di  # untagged: in no tag filter


def test_a_call_list_of_the_tagged_keeps_its_tags_when_saved_and_reopened(
    vault: Vault,
) -> None:
    from organizer.core import call_lists
    from organizer.core.call_lists import CallListCriteria

    ana, bo, _cy = (add(vault, n).id for n in ("Ana", "Bo", "Cy"))
    oc = add(vault, "Oona", is_oc_member=True).id
    (night,) = tags.ensure_tags(vault, ["Night driver"])
    tags.add_tags(vault, [ana, bo, oc], [night.id])
    criteria = CallListCriteria(people=PeopleFilter(tag_ids=frozenset({night.id})))

    built = call_lists.build_call_list(vault, criteria)
    assert sorted(built.person_ids) == sorted([ana, bo])  # OC members call, as ever
    assert call_lists.count_call_list(vault, criteria) == 2
    assert call_lists.criteria_from_json(call_lists.criteria_to_json(criteria)) == criteria
    either = CallListCriteria(people=PeopleFilter(tag_ids=frozenset({night.id}),
                                                  tags_match_all=False))
    assert call_lists.criteria_from_json(call_lists.criteria_to_json(either)) == either
