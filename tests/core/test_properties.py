"""Property tests: whatever text a user types is stored and read back exactly as the core
promises, and words in it can be found. One vault per test, re-used across examples."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from organizer.core import conversations, people, search, workplace_issues
from organizer.core.conversations import CHANNELS, OneOnOne
from organizer.core.people import EDITABLE_FIELDS, Person
from organizer.core.vault import Vault
from tests.conftest import examples
from tests.core.domain_fixtures import add, add_oc, department, scratch_vault, shift, site

FAST = settings(max_examples=examples(50), deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

_ID_FIELDS = tuple(f for f in EDITABLE_FIELDS if f.endswith("_id"))
_DATE_FIELDS = ("start_date", "left_company_on")


def optional_date() -> st.SearchStrategy[str | None]:
    return st.none() | st.dates().map(dt.date.isoformat)


def expected_after_save(person: Person) -> dict[str, object]:
    """What people.add_person promises to store: NUL characters dropped, text trimmed except
    notes, blank ids and dates as NULL, flags as booleans."""
    expected: dict[str, object] = {}
    for column in EDITABLE_FIELDS:
        value = getattr(person, column)
        if column in _DATE_FIELDS or column in _ID_FIELDS:
            value = (value.strip() if column in _ID_FIELDS and value else value) or None
        elif isinstance(value, str):
            value = value.replace("\x00", "")
            value = value.strip() if column != "notes" else value
        expected[column] = value
    return expected


def test_any_person_reads_back_as_saved(tmp_path_factory: pytest.TempPathFactory) -> None:
    with scratch_vault(tmp_path_factory, "prop-people") as vault:
        departments = [None, department(vault, "Infra"), department(vault, "Sales")]
        shifts = [None, shift(vault, "Day")]
        sites = [None, site(vault, "Berlin")]
        ocs = [None, add_oc(vault, "Maya").id]

        @FAST
        @given(
            name=st.text(min_size=1).filter(lambda s: bool(s.strip())),
            texts=st.fixed_dictionaries({
                c: st.text() for c in (
                    "code_name", "personal_phone", "personal_email", "work_phone",
                    "work_email", "team", "job_title", "language", "safe_channel", "notes")
            }),
            start_date=optional_date(), left_company_on=optional_date(),
            department_id=st.sampled_from(departments), shift_id=st.sampled_from(shifts),
            site_id=st.sampled_from(sites), assigned_oc_member_id=st.sampled_from(ocs),
            is_oc_member=st.booleans(), is_organic_leader=st.booleans(),
        )
        def check(name: str, texts: dict[str, str], **others: object) -> None:
            person = Person(name=name, **texts, **others)  # type: ignore[arg-type]
            saved = people.add_person(vault, person)
            stored = people.get_person(vault, saved.id)
            expected = expected_after_save(person)
            assert {c: getattr(stored, c) for c in EDITABLE_FIELDS} == expected
            assert stored.display_name == (stored.code_name or stored.name)

        check()


def test_any_one_on_one_reads_back_as_logged(tmp_path_factory: pytest.TempPathFactory) -> None:
    with scratch_vault(tmp_path_factory, "prop-one-on-ones") as vault:
        ravi = add(vault, "Ravi")
        maya = add_oc(vault, "Maya")
        issues = [workplace_issues.get_or_add_issue(vault, n).id for n in ("pay", "rto", "on")]
        scores = st.none() | st.integers(1, 5)

        @FAST
        @given(
            texts=st.fixed_dictionaries({f: st.text() for f in conversations._TEXT_FIELDS}),
            held_on=st.dates().map(dt.date.isoformat), channel=st.sampled_from(CHANNELS),
            oc_member_id=st.sampled_from([None, maya.id]), assessment_before=scores,
            assessment_after=scores, issue_ids=st.lists(st.sampled_from(issues)),
        )
        def check(texts: dict[str, str], issue_ids: list[str], **others: object) -> None:
            entry = OneOnOne(person_id=ravi.id, issue_ids=issue_ids, **texts,
                             **others)  # type: ignore[arg-type]
            logged = conversations.log_one_on_one(vault, entry)
            stored = conversations.get_one_on_one(vault, logged.id)
            assert sorted(stored.issue_ids) == sorted(set(issue_ids))
            stored.issue_ids = logged.issue_ids
            assert stored == logged
            for column, value in texts.items():
                assert getattr(stored, column) == value

        check()


json_text = st.text()
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | json_text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(json_text, inner, max_size=4),
    max_leaves=12,
)


def test_any_draft_body_reads_back_as_saved(tmp_path_factory: pytest.TempPathFactory) -> None:
    with scratch_vault(tmp_path_factory, "prop-drafts") as vault:
        ravi = add(vault, "Ravi")

        @FAST
        @given(first=st.dictionaries(json_text, json_values, max_size=8),
               second=st.dictionaries(json_text, json_text, max_size=8))
        def check(first: dict[str, object], second: dict[str, object]) -> None:
            draft_id = conversations.save_draft(vault, "one-on-one", ravi.id, first)
            assert _draft(vault, draft_id).body == first
            conversations.save_draft(vault, "one-on-one", ravi.id, second, draft_id)
            assert _draft(vault, draft_id).body == second
            conversations.discard_draft(vault, draft_id)

        check()


def _draft(vault: Vault, draft_id: str) -> conversations.Draft:
    [draft] = [d for d in conversations.drafts(vault) if d.id == draft_id]
    return draft


# Letters and digits the FTS5 unicode61 tokenizer (Unicode 6.1 tables) knows as word
# characters: Latin, Greek and Cyrillic, any case, with or without diacritics.
word_chars = st.characters(categories=("Lu", "Ll", "Nd"), max_codepoint=0x04FF)
words = st.text(alphabet=word_chars, min_size=1, max_size=20)


def test_a_word_anywhere_in_notes_is_found_and_gone_once_deleted(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    with scratch_vault(tmp_path_factory, "prop-search") as vault:

        @FAST
        @given(before=st.text(), word=words, after=st.text())
        def check(before: str, word: str, after: str) -> None:
            person = add(vault, "Someone", notes=f"{before} {word} {after}")
            found = {h.person_id for h in search.search(vault, word, limit=10_000)}
            assert person.id in found
            if word.isascii():  # SQLite's case tables stop at Unicode 6.1
                swapped = search.search(vault, word.swapcase(), limit=10_000)
                assert person.id in {h.person_id for h in swapped}
            people.delete_person(vault, person.id)
            assert person.id not in {
                h.person_id for h in search.search(vault, word, limit=10_000)}

        check()


def test_any_typed_name_filter_finds_exactly_the_people_whose_name_contains_it(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    with scratch_vault(tmp_path_factory, "prop-find") as vault:
        names = ["Ravi Kumar", "100% Dana", "under_score", "Zoë", "back\\slash", "Ana"]
        ids = {add(vault, n).id: n for n in names}

        @FAST
        @given(st.text(max_size=6) | st.sampled_from(["%", "_", "\\", "a_", "0%", "ë"]))
        def check(text: str) -> None:
            typed = text.strip()
            found = people.people_ids(vault, people.PeopleFilter(name_contains=text))
            if not typed:
                assert len(found) == len(names)
                return
            # SQLite's LIKE ignores case for ASCII letters only.
            expected = {
                i for i, n in ids.items()
                if typed in n or (typed.isascii() and typed.lower() in n.lower())
            }
            assert set(found) == expected
            assert people.count_people(vault, people.PeopleFilter(name_contains=text)) == len(
                expected)
            assert {i for i, _ in people.find_people(vault, text, limit=100)} == expected

        check()
