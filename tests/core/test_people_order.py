"""The people list's order: names sorted as a reader expects whatever their accents."""

from __future__ import annotations

import pytest

from organizer.core import people
from organizer.core.people import PeopleSort
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
