"""The query changes made for campaign scale (benchmarks/campaign_scale.py) keep the answers:
the people list's order now read from the person_sort_name index, the search that stops
ranking once a query matches very many records, and people_counts read from indexes."""

from __future__ import annotations

import pytest

from organizer.core import conversations, people, search
from organizer.core.conversations import OneOnOne
from organizer.core.people import PeopleFilter, PeopleSort
from organizer.core.vault import Vault
from tests.core.domain_fixtures import add, add_oc

NAMES = [
    ("zoë adams", ""), ("Zoe Brown", ""), ("anna", "Heron"), ("Anna", ""), ("anna", ""),
    ("Bob", "heron 2"), ("Émile", ""), ("Carl", "Alpha"), ("carl", "alpha"), ("Dora", " "),
]


@pytest.fixture
def crowd(vault: Vault) -> Vault:
    for name, code_name in NAMES:
        add(vault, name, code_name=code_name)
    return vault


def _old_order(vault: Vault, descending: bool) -> list[str]:
    """The people list's order, worked out in Python: the name as shown (code name first) by
    its collation key, then as written, then the id."""
    rows = vault.connection.execute("SELECT id, name, code_name FROM person").fetchall()
    shown = [(str(i), code or name) for i, name, code in rows]
    ordered = sorted(shown, key=lambda r: (people.collation_key(r[1]), r[1], r[0]))
    return [i for i, _name in (ordered[::-1] if descending else ordered)]


@pytest.mark.parametrize("descending", [False, True])
def test_the_people_list_keeps_its_order_by_name(crowd: Vault, descending: bool) -> None:
    assert people.people_ids(crowd, sort=PeopleSort.NAME, descending=descending) == \
        _old_order(crowd, descending)
    assert people.first_people_ids(crowd, sort=PeopleSort.NAME, descending=descending,
                                   limit=4) == _old_order(crowd, descending)[:4]


def test_the_people_list_by_name_is_read_from_the_index_without_sorting(crowd: Vault) -> None:
    order = people._index_order(PeopleSort.NAME, descending=False)
    plan = " ".join(str(row[3]) for row in crowd.connection.execute(
        f"EXPLAIN QUERY PLAN SELECT p.id {people._FROM} WHERE 1 ORDER BY {order}"))
    assert "person_sort_name" in plan
    assert "TEMP B-TREE" not in plan


def test_other_sorts_still_put_blanks_last(crowd: Vault) -> None:
    ids = people.people_ids(crowd, sort=PeopleSort.ASSESSMENT)
    assert sorted(ids) == sorted(_old_order(crowd, False))


def test_people_counts_agree_with_the_rows(vault: Vault) -> None:
    maya = add_oc(vault, "Maya")
    add(vault, "Ravi", assigned_oc_member_id=maya.id, is_organic_leader=True)
    add(vault, "Tom")
    tom_id = people.people_ids(vault, PeopleFilter(name_contains="Tom"))[0]
    people.record_assessment(vault, tom_id, 2)
    counts = people.people_counts(vault)
    assert (counts.people, counts.oc_members, counts.assigned, counts.assessed,
            counts.supporters, counts.organic_leaders) == (3, 1, 1, 1, 1, 1)
    assert counts.by_score == {2: 1}


# ----- search: ranked while it is narrow, the first matches once it is broad --------------------


@pytest.fixture
def talkative(vault: Vault) -> Vault:
    ravi = add(vault, "Ravi Kumar", notes="pay rise")
    for n in range(6):
        conversations.log_one_on_one(vault, OneOnOne(person_id=ravi.id, notes=f"pay talk {n}"))
    add(vault, "Payal Shah")
    add(vault, "Tom", notes="wants pay transparency")
    return vault


def test_a_narrow_search_is_ranked_people_first(talkative: Vault) -> None:
    hits = search.search(talkative, "pay")
    kinds = [h.kind for h in hits]
    assert kinds == sorted(kinds, key=lambda k: k != "person")
    assert {h.person for h in hits if h.kind == "person"} == {"Ravi Kumar", "Payal Shah", "Tom"}
    assert len(hits) == 9


def test_a_broad_search_shows_its_first_matches_people_first(
    talkative: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    ranked = search.search(talkative, "pa")
    monkeypatch.setattr(search, "RANKED_UP_TO", 4)
    broad = search.search(talkative, "pa")
    # The four oldest matches (index rowids interleave kinds: record rowid * 4 + kind): Ravi,
    # his first talk, Payal, his second talk; people first.
    assert [(h.kind, h.person) for h in broad] == [
        ("person", "Ravi Kumar"), ("person", "Payal Shah"), ("one-on-one", "Ravi Kumar"),
        ("one-on-one", "Ravi Kumar")]
    assert {h.record_id for h in broad} <= {h.record_id for h in ranked}
    assert all(search.HIGHLIGHT_START in h.snippet for h in broad)
    assert len(search.search(talkative, "pa", limit=2)) == 2
    # Narrower again: ranked over every match.
    assert [h.person for h in search.search(talkative, "payal")] == ["Payal Shah"]
