"""Relationships: who is close to, or influences, whom, seen from both people."""

from __future__ import annotations

import pytest

from organizer.core import people, relationships
from organizer.core.errors import InvalidInput
from organizer.core.vault import Vault
from tests.core.domain_fixtures import add, count


def test_a_relationship_is_listed_for_both_people_in_its_direction(vault: Vault) -> None:
    ravi = add(vault, "Ravi", code_name="Sparrow")
    tom = add(vault, "Tom Berg")
    relationship_id = relationships.add_relationship(
        vault, ravi.id, tom.id, "influences", "Tom asks Ravi first")
    [from_ravi] = relationships.relationships_for(vault, ravi.id)
    [from_tom] = relationships.relationships_for(vault, tom.id)
    assert from_ravi == relationships.Relationship(
        relationship_id, tom.id, "Tom Berg", "influences", True, "Tom asks Ravi first")
    assert from_tom == relationships.Relationship(
        relationship_id, ravi.id, "Sparrow", "influences", False, "Tom asks Ravi first")
    assert from_ravi.describe() == "influences Tom Berg"
    assert from_tom.describe() == "Sparrow influences them"


def test_the_same_relationship_twice_is_refused(vault: Vault) -> None:
    ravi, tom = add(vault, "Ravi"), add(vault, "Tom")
    relationships.add_relationship(vault, ravi.id, tom.id, "close to")
    with pytest.raises(InvalidInput, match="already"):
        relationships.add_relationship(vault, ravi.id, tom.id, "close to", "again")
    assert count(vault, "relationship") == 1


def test_another_kind_or_the_other_direction_is_a_different_relationship(vault: Vault) -> None:
    ravi, tom = add(vault, "Ravi"), add(vault, "Tom")
    relationships.add_relationship(vault, ravi.id, tom.id, "close to")
    relationships.add_relationship(vault, ravi.id, tom.id, "works with")
    relationships.add_relationship(vault, tom.id, ravi.id, "close to")
    listed = relationships.relationships_for(vault, ravi.id)
    assert sorted((r.kind, r.outgoing) for r in listed) == [
        ("close to", False), ("close to", True), ("works with", True)]


def test_a_relationship_with_oneself_is_refused(vault: Vault) -> None:
    ravi = add(vault, "Ravi")
    with pytest.raises(InvalidInput, match="two different people"):
        relationships.add_relationship(vault, ravi.id, ravi.id)
    assert count(vault, "relationship") == 0


def test_an_unknown_kind_of_relationship_is_refused(vault: Vault) -> None:
    ravi, tom = add(vault, "Ravi"), add(vault, "Tom")
    with pytest.raises(InvalidInput, match="kind"):
        relationships.add_relationship(vault, ravi.id, tom.id, "enemies")
    assert count(vault, "relationship") == 0


def test_removing_a_relationship_removes_it_for_both_people(vault: Vault) -> None:
    ravi, tom = add(vault, "Ravi"), add(vault, "Tom")
    relationship_id = relationships.add_relationship(vault, ravi.id, tom.id, "friends")
    relationships.remove_relationship(vault, relationship_id)
    assert relationships.relationships_for(vault, ravi.id) == []
    assert relationships.relationships_for(vault, tom.id) == []


def test_deleting_either_person_removes_the_relationship(vault: Vault) -> None:
    ravi, tom, ana = add(vault, "Ravi"), add(vault, "Tom"), add(vault, "Ana")
    relationships.add_relationship(vault, ravi.id, tom.id, "family")
    relationships.add_relationship(vault, ana.id, ravi.id, "influences")
    people.delete_person(vault, ravi.id)
    assert relationships.relationships_for(vault, tom.id) == []
    assert relationships.relationships_for(vault, ana.id) == []
    assert count(vault, "relationship") == 0
