"""Full-text search as you type: names, code names, notes, one-on-ones and follow-ups; any text
a user can type is safe; the index follows every change through the schema's triggers."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from organizer.core import conversations, follow_ups, people, search
from organizer.core.conversations import OneOnOne
from organizer.core.people import Person
from organizer.core.vault import Vault
from tests.conftest import examples
from tests.core.domain_fixtures import (
    add,
    count,
    scratch_vault,
)


@pytest.fixture
def ravi(vault: Vault) -> Person:
    return add(vault, "Ravi Kumar", code_name="Sparrow", team="Storage", job_title="SRE",
               notes="Angry about the on-call rotation.")


def _kinds(hits: list[search.SearchHit]) -> list[tuple[str, str]]:
    return [(h.kind, h.person) for h in hits]


def test_search_finds_a_person_by_name_code_name_notes_team_and_job(
    vault: Vault, ravi: Person
) -> None:
    add(vault, "Tom Berg", notes="Likes the office.")
    for text in ("Ravi", "kumar", "Sparrow", "rotation", "Storage", "sre"):
        hits = search.search(vault, text)
        assert [(h.kind, h.record_id, h.person_id) for h in hits] == [
            ("person", ravi.id, ravi.id)], text
        assert hits[0].person == "Sparrow"


def test_search_finds_what_was_said_in_a_one_on_one(vault: Vault, ravi: Person) -> None:
    entry = conversations.log_one_on_one(
        vault, OneOnOne(person_id=ravi.id, held_on="2026-11-20", inoculate="reorg rumours",
                        answer="undecided", commitment="petition"),
    )
    [hit] = search.search(vault, "rumours")
    assert (hit.kind, hit.record_id, hit.person_id, hit.person) == (
        "one-on-one", entry.id, ravi.id, "Sparrow")
    assert search.HIGHLIGHT_START + "rumours" + search.HIGHLIGHT_END in hit.snippet
    assert [h.kind for h in search.search(vault, "petition")] == ["one-on-one"]


def test_search_finds_a_follow_up_by_its_description(vault: Vault, ravi: Person) -> None:
    follow_up = follow_ups.add_follow_up(vault, ravi.id, "2026-12-01", "Bring leaflets")
    [hit] = search.search(vault, "leaflets")
    assert (hit.kind, hit.record_id, hit.person) == ("follow-up", follow_up, "Sparrow")


def test_the_last_word_matches_as_a_prefix_while_typing(vault: Vault, ravi: Person) -> None:
    assert _kinds(search.search(vault, "Ra")) == [("person", "Sparrow")]
    assert _kinds(search.search(vault, "kumar rot")) == [("person", "Sparrow")]
    # Earlier words must be whole words.
    assert search.search(vault, "kum ravi") == []


def test_every_word_must_match(vault: Vault, ravi: Person) -> None:
    add(vault, "Ravi Shah")
    assert len(search.search(vault, "ravi")) == 2
    assert [h.person_id for h in search.search(vault, "ravi storage")] == [ravi.id]
    assert search.search(vault, "ravi office") == []


def test_search_ignores_case_and_accents(vault: Vault) -> None:
    zoe = add(vault, "Zoë Müller", notes="Café on the 3rd floor")
    for text in ("zoe", "MULLER", "cafe", "CAFÉ", "müll"):
        assert [h.person_id for h in search.search(vault, text)] == [zoe.id], text


def test_people_come_before_their_conversations(vault: Vault, ravi: Person) -> None:
    tom = add(vault, "Tom Berg")
    conversations.log_one_on_one(vault, OneOnOne(person_id=tom.id, notes="Ravi said hi"))
    hits = search.search(vault, "ravi")
    assert _kinds(hits) == [("person", "Sparrow"), ("one-on-one", "Tom Berg")]
    assert len(search.search(vault, "ravi", limit=1)) == 1


@pytest.mark.parametrize(
    "text",
    [
        "", "   ", '"', '""', "'", 'ravi"', '"unterminated', "ravi OR tom", "NOT ravi",
        "ravi AND", "NEAR(ravi tom)", "NEAR(", "(ravi", ")", "ravi)", "*", "ravi*", "^ravi",
        "title:ravi", "body : x", "-ravi", "+", "{title body}: ravi", "ravi\x00tom", "😀",
        "ravi 😀", "👩🏽‍💻", "%_\\", "'; DROP TABLE person; --", "e\u0301", "\u0300", "_",
        "ravi _", "中文", "١٢٣", "ǅ", "\ufeff", "a" * 5000,
    ],
)
def test_any_user_text_searches_without_raising(vault: Vault, ravi: Person, text: str) -> None:
    hits = search.search(vault, text)
    assert isinstance(hits, list)
    assert all(isinstance(h, search.SearchHit) for h in hits)


def test_fts_operators_typed_by_the_user_are_plain_words(vault: Vault) -> None:
    near = add(vault, "Dana", notes="Works near the loading dock")
    add(vault, "Eli", notes="Loading dock")
    assert [h.person_id for h in search.search(vault, "near dock")] == [near.id]
    assert search.fts_query('NEAR(a b) OR "c"') == '"NEAR" "a" "b" "OR" "c"*'
    assert search.fts_query("  ") == ""


def test_any_text_at_all_searches_without_raising(tmp_path_factory: pytest.TempPathFactory) -> None:
    with scratch_vault(tmp_path_factory, "search-any-text") as vault:
        add(vault, "Ravi Kumar", notes="on-call rotation, pay, return to office")

        @settings(max_examples=examples(60), deadline=None,
                  suppress_health_check=[HealthCheck.too_slow])
        @given(st.text())
        def check(text: str) -> None:
            assert isinstance(search.search(vault, text), list)

        check()


def test_the_index_follows_an_update_to_a_person(vault: Vault, ravi: Person) -> None:
    ravi.notes = "Now worried about layoffs."
    ravi.code_name = "Heron"
    people.update_person(vault, ravi)
    assert search.search(vault, "rotation") == []
    assert search.search(vault, "sparrow") == []
    assert [h.person for h in search.search(vault, "layoffs")] == ["Heron"]
    assert [h.person for h in search.search(vault, "heron")] == ["Heron"]
    assert count(vault, "search_index", "kind = 'person'") == 1


def test_the_index_follows_a_changed_one_on_one(vault: Vault, ravi: Person) -> None:
    entry = conversations.log_one_on_one(vault, OneOnOne(person_id=ravi.id, notes="bonus cut"))
    with vault.transaction() as conn:
        conn.execute("UPDATE one_on_one SET notes = 'hiring freeze' WHERE id = ?", (entry.id,))
    assert search.search(vault, "bonus") == []
    assert [h.record_id for h in search.search(vault, "freeze")] == [entry.id]


def test_the_index_follows_a_rescheduled_follow_up(vault: Vault, ravi: Person) -> None:
    follow_up = follow_ups.add_follow_up(vault, ravi.id, "2026-12-01", "Bring leaflets")
    follow_ups.reschedule(vault, follow_up, "2026-12-08")
    assert [h.record_id for h in search.search(vault, "leaflets")] == [follow_up]
    assert count(vault, "search_index", "kind = 'follow-up'") == 1


def test_the_index_forgets_a_deleted_person_and_all_their_records(
    vault: Vault, ravi: Person
) -> None:
    conversations.log_one_on_one(vault, OneOnOne(person_id=ravi.id, notes="bonus cut"))
    follow_ups.add_follow_up(vault, ravi.id, "2026-12-01", "Bring leaflets")
    tom = add(vault, "Tom", notes="bonus too")
    people.delete_person(vault, ravi.id)
    assert search.search(vault, "ravi") == []
    assert search.search(vault, "leaflets") == []
    assert [h.person_id for h in search.search(vault, "bonus")] == [tom.id]
    assert count(vault, "search_index") == 1
