"""The people list's order and its newer filters: names sorted as a reader expects whatever
their accents, by last name when the campaign says so, an assessment range, and a list of
exactly these people (a call list made from the People page)."""

from __future__ import annotations

import pytest

from organizer.core import call_lists, people
from organizer.core.errors import InvalidInput
from organizer.core.people import PeopleFilter, PeopleSort, assessment_range
from organizer.core.vault import Vault
from tests.core.domain_fixtures import add, department


def names(vault: Vault, ids: list[str]) -> list[str]:
    return [row.display_name for row in people.people_rows(vault, ids)]


# ----- alphabetical order -------------------------------------------------------------------

ACCENTED = ["Zoe Brown", "élise Martin", "Emma Stone", "Ávila Ruiz", "Adam Ng", "Łukasz Nowak",
            "Lena Vogt", "Maya Okafor", "bo Park"]
BY_NAME = ["Adam Ng", "Ávila Ruiz", "bo Park", "élise Martin", "Emma Stone", "Lena Vogt",
           "Łukasz Nowak", "Maya Okafor", "Zoe Brown"]


@pytest.fixture
def accented(vault: Vault) -> Vault:
    for name in ACCENTED:
        add(vault, name)
    return vault


def test_accented_names_sort_with_their_letter_and_case_is_ignored(accented: Vault) -> None:
    assert names(accented, people.people_ids(accented)) == BY_NAME
    assert names(accented, people.people_ids(accented, descending=True)) == BY_NAME[::-1]


def test_the_short_lists_keep_their_index_order_which_agrees_without_accents(
    vault: Vault
) -> None:
    for name in ("Maya", "ravi", "Ana", "bo", "Zed"):
        add(vault, name)
    assert people.first_people_ids(vault, limit=3) == people.people_ids(vault)[:3]
    assert people.first_people_ids(vault, limit=3, descending=True) == \
        people.people_ids(vault, descending=True)[:3]


def test_names_the_same_but_for_accents_or_case_keep_one_stable_order(vault: Vault) -> None:
    for name in ("élise", "Elise", "elise", "Émile"):
        add(vault, name)
    assert names(vault, people.people_ids(vault)) == ["Elise", "elise", "élise", "Émile"]


def test_a_code_name_sorts_where_it_shows(vault: Vault) -> None:
    add(vault, "Zora Quinn", code_name="Ásgeir")
    add(vault, "Bea Lund")
    assert names(vault, people.people_ids(vault)) == ["Ásgeir", "Bea Lund"]


def test_department_names_with_accents_sort_with_their_letter(vault: Vault) -> None:
    for name in ("Finance", "Éclairage", "Design"):
        add(vault, f"Someone in {name}", department_id=department(vault, name))
    ids = people.people_ids(vault, sort=PeopleSort.DEPARTMENT)
    assert names(vault, ids) == [
        "Someone in Design", "Someone in Éclairage", "Someone in Finance",
    ]


@pytest.mark.parametrize(("text", "key"), [
    ("Ávila", "avila"), ("élise", "elise"), ("Łukasz", "lukasz"), ("Straße", "strasse"),
    ("ØSTERGAARD", "ostergaard"), ("Maya", "maya"),
])
def test_the_collation_key_drops_accents_and_case(text: str, key: str) -> None:
    assert people.collation_key(text) == key


# ----- by last name -------------------------------------------------------------------------

LAST_NAMES = ["Maya Okafor", "Sam Lee", "Ana Silva", "Ravi Kumar", "Bo", "Martin King Jr.",
              "Zoë Ávila", "Kumar, Amrit"]
BY_LAST_NAME = ["Zoë Ávila", "Bo", "Martin King Jr.", "Kumar, Amrit", "Ravi Kumar", "Sam Lee",
                "Maya Okafor", "Ana Silva"]


def test_by_last_name_the_family_name_decides_then_the_rest(vault: Vault) -> None:
    for name in LAST_NAMES:
        add(vault, name)
    by_last = people.people_ids(vault, by_last_name=True)
    assert names(vault, by_last) == BY_LAST_NAME
    assert people.people_ids(vault, descending=True, by_last_name=True) == by_last[::-1]
    # Ties on another column are broken by last name too.
    by_department = people.people_ids(vault, sort=PeopleSort.DEPARTMENT, by_last_name=True)
    assert by_department == by_last


@pytest.mark.parametrize(("name", "family"), [
    ("Okafor, Maya", "okafor"), ("Martin Luther King Jr.", "king"), ("  Maya   Okafor ", "okafor"),
    ("Ravi K. Menon III", "menon"), ("Bo", "bo"), ("Ludwig van Beethoven", "beethoven"),
    ("Ravi Kumar 2", "kumar"),
])
def test_the_family_name_is_the_last_word_or_before_a_comma(name: str, family: str) -> None:
    key = people.last_name_key(name)
    assert key is not None and key.partition("\x01")[0] == family


def test_by_last_name_a_code_name_sorts_as_it_shows(vault: Vault) -> None:
    add(vault, "Lena Vogt", code_name="Heron 2")
    add(vault, "Ana Silva")
    add(vault, "Hal Abbas")
    assert names(vault, people.people_ids(vault, by_last_name=True)) == [
        "Hal Abbas", "Heron 2", "Ana Silva",
    ]


def test_a_name_written_family_first_sorts_the_same() -> None:
    assert people.last_name_key("Okafor, Maya") == people.last_name_key("Maya Okafor")


def test_sorting_by_last_name_is_a_campaign_setting_off_by_default(vault: Vault) -> None:
    assert not people.sorts_by_last_name(vault)
    people.set_sorts_by_last_name(vault, True)
    assert people.sorts_by_last_name(vault)
    people.set_sorts_by_last_name(vault, False)
    assert not people.sorts_by_last_name(vault)


# ----- an assessment range ------------------------------------------------------------------


@pytest.fixture
def assessed(vault: Vault) -> dict[str, str]:
    ids = {}
    for name, score in (("One", 1), ("Two", 2), ("Three", 3), ("Four", 4), ("Five", 5),
                        ("Blank", None)):
        ids[name] = add(vault, name).id
        if score is not None:
            people.record_assessment(vault, ids[name], score, basis="other")
    return ids


@pytest.mark.parametrize(("scores", "expected"), [
    (assessment_range(2, 3), ["Three", "Two"]),
    (assessment_range(4, 2), ["Four", "Three", "Two"]),
    (assessment_range(5, 5), ["Five"]),
    (frozenset({1, 3}), ["One", "Three"]),
    (frozenset({0}), ["Blank"]),
    (frozenset({0, 1, 2}), ["Blank", "One", "Two"]),
])
def test_an_assessment_range_selects_exactly_the_scores_in_it(
    vault: Vault, assessed: dict[str, str], scores: frozenset[int], expected: list[str]
) -> None:
    chosen = PeopleFilter(assessments=scores)
    assert names(vault, people.people_ids(vault, chosen)) == expected
    assert people.count_people(vault, chosen) == len(expected)


def test_a_range_is_one_between_not_a_list_of_scores() -> None:
    where, params = PeopleFilter(assessments=assessment_range(1, 3)).where()
    assert "BETWEEN" in where and params == [1, 3]


@pytest.mark.parametrize(("low", "high"), [(0, 2), (1, 6), (-1, 3)])
def test_a_range_outside_the_scale_is_refused(low: int, high: int) -> None:
    with pytest.raises(InvalidInput, match="1 to 5"):
        assessment_range(low, high)


# ----- exactly these people -----------------------------------------------------------------


def test_person_ids_keeps_exactly_those_people_however_many_are_asked(vault: Vault) -> None:
    ana, bo = add(vault, "Ana").id, add(vault, "Bo").id
    add(vault, "Cy")
    # More ids than SQLite takes "?" in one statement: they go as one parameter.
    asked = frozenset({ana, bo, *(f"{n:032x}" for n in range(40_000))})
    chosen = PeopleFilter(person_ids=asked)
    assert people.people_ids(vault, chosen) == [ana, bo]
    assert people.count_people(vault, chosen) == 2
    assert people.people_ids(vault, PeopleFilter(person_ids=frozenset({bo}),
                                                 name_contains="Ana")) == []


def test_a_call_list_of_these_people_saves_and_reopens_them(vault: Vault) -> None:
    ana, bo = add(vault, "Ana").id, add(vault, "Bo").id
    add(vault, "Cy")
    criteria = call_lists.CallListCriteria(people=PeopleFilter(person_ids=frozenset({ana, bo})))
    assert call_lists.criteria_from_json(call_lists.criteria_to_json(criteria)) == criteria
    built = call_lists.build_call_list(vault, criteria)
    assert sorted(built.person_ids) == sorted([ana, bo])
