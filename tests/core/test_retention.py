"""Keeping less (issue 21): each retention rule erases exactly what its preview listed, the
search index and the file keep no erased word, and nothing runs until confirmed."""

from __future__ import annotations

import datetime as dt

import pytest

from organizer.core import conversations, records, retention, search
from organizer.core.conversations import OneOnOne
from organizer.core.errors import InvalidInput
from organizer.core.retention import RetentionRules
from organizer.core.vault import Vault
from tests.core.domain_fixtures import (  # noqa: F401
    add,
    add_oc,
    count,
    decrypted_pages,
    oc_member_fixture,
    pages_containing,
)

TODAY = dt.date(2026, 12, 4)
OLD_WORD = "Xylophonequartz"
NEW_WORD = "Marmalade"


def _day(days_ago: int) -> str:
    return (TODAY - dt.timedelta(days=days_ago)).isoformat()


def _one_on_ones(vault: Vault) -> tuple[str, str]:
    maya = add_oc(vault, "Maya Okafor")
    ravi = add(vault, "Ravi Kumar")
    old = conversations.log_one_on_one(vault, OneOnOne(
        person_id=ravi.id, held_on=_day(430), oc_member_id=maya.id, notes=f"{OLD_WORD} pay",
        ask="Sign the card?", answer="Yes", commitment="Signs Friday", next_step="Bring card",
        agitate="Pager rotation", assessment_before=3, assessment_after=2))
    new = conversations.log_one_on_one(vault, OneOnOne(
        person_id=ravi.id, held_on=_day(20), oc_member_id=maya.id, notes=f"{NEW_WORD} talk"))
    return old.id, new.id


def _row(vault: Vault, one_on_one_id: str) -> dict[str, object]:
    cursor = vault.connection.execute("SELECT * FROM one_on_one WHERE id = ?", (one_on_one_id,))
    names = [d[0] for d in cursor.description]
    return dict(zip(names, cursor.fetchone(), strict=True))


def test_old_one_on_ones_lose_their_words_and_keep_their_facts(vault: Vault) -> None:
    old, new = _one_on_ones(vault)
    rules = RetentionRules(one_on_one_months=12)
    before_old, before_new = _row(vault, old), _row(vault, new)

    listed = retention.preview(vault, rules, TODAY)
    assert listed.one_on_ones == [old]
    assert listed.sentences() == ["1 one-on-one note older than 12 months"]
    erased = retention.apply(vault, rules, TODAY)

    assert erased.one_on_ones == listed.one_on_ones
    after = _row(vault, old)
    for name in retention.FREE_TEXT:
        assert after[name] == ""
    for kept in ("held_on", "oc_member_id", "person_id", "commitment", "assessment_before",
                 "assessment_after", "channel"):
        assert after[kept] == before_old[kept]
    assert _row(vault, new) == before_new
    assert search.search(vault, OLD_WORD) == []
    assert [hit.record_id for hit in search.search(vault, NEW_WORD)] == [new]
    assert retention.preview(vault, rules, TODAY).empty  # nothing left to erase


def test_an_erased_note_is_in_no_decrypted_page_of_the_file(vault: Vault) -> None:
    pytest.importorskip("cryptography", reason="the independent page reader needs it")
    _one_on_ones(vault)
    vault.checkpoint()
    assert pages_containing(decrypted_pages(vault.path, vault.raw_key), OLD_WORD)  # control
    retention.apply(vault, RetentionRules(one_on_one_months=12), TODAY)
    pages = decrypted_pages(vault.path, vault.raw_key)
    assert pages_containing(pages, OLD_WORD) == []
    assert pages_containing(pages, OLD_WORD.lower()[3:]) == []  # no prefix-compressed term


def test_people_who_left_long_ago_are_erased_with_a_tombstone(vault: Vault) -> None:
    long_gone = add(vault, "Dana Oldleaver", left_company_on=_day(120))
    recent = add(vault, "Eli Newleaver", left_company_on=_day(30))
    staying = add(vault, "Fay Stays")
    rules = RetentionRules(left_days=90)

    listed = retention.preview(vault, rules, TODAY)
    assert listed.people == [long_gone.id]
    assert listed.summary() == "This will erase: 1 person who left more than 90 days ago."
    retention.apply(vault, rules, TODAY)

    remaining = {str(r[0]) for r in vault.connection.execute("SELECT id FROM person")}
    assert remaining == {recent.id, staying.id}
    assert count(vault, "tombstone", "id = ? AND kind = 'person'", (long_gone.id,)) == 1
    assert search.search(vault, "Oldleaver") == []


def test_old_drafts_and_old_call_results_go_and_newer_ones_stay(vault: Vault) -> None:
    ravi = add(vault, "Ravi Kumar")
    draft = conversations.save_draft(vault, "one-on-one", ravi.id, {"notes": "half typed"})
    stamp = records.now()
    now = dt.date.today()  # the draft is saved now: the call dates follow the same clock
    with vault.transaction() as conn:
        for days_ago, outcome in ((200, "no answer"), (5, "reached")):
            called_at = f"{now - dt.timedelta(days=days_ago)}T10:00:00.000Z"
            conn.execute(
                "INSERT INTO call_attempt (id, person_id, called_at, outcome, created_at, "
                "updated_at) VALUES (?,?,?,?,?,?)",
                (records.new_id(), ravi.id, called_at, outcome, stamp, stamp))
    old_call = str(vault.connection.execute(
        "SELECT id FROM call_attempt WHERE outcome = 'no answer'").fetchone()[0])
    # 40 days from now the draft is older than 30, and only the first call older than 180.
    later = now + dt.timedelta(days=40)
    rules = RetentionRules(draft_days=30, call_result_days=180)

    assert retention.preview(vault, rules, now).drafts == []
    listed = retention.preview(vault, rules, later)
    assert listed.drafts == [draft]
    assert listed.call_results == [old_call]
    erased = retention.apply(vault, rules, later)
    assert (erased.drafts, erased.call_results) == (listed.drafts, listed.call_results)
    assert count(vault, "draft") == 0
    left = [str(r[0]) for r in vault.connection.execute("SELECT outcome FROM call_attempt")]
    assert left == ["reached"]


def test_rules_are_off_by_default_and_run_on_unlock_only_once_confirmed(vault: Vault) -> None:
    old, _new = _one_on_ones(vault)
    assert retention.rules(vault) == RetentionRules()
    assert retention.run_on_unlock(vault, TODAY) is None

    retention.set_rules(vault, RetentionRules(one_on_one_months=12))
    assert retention.run_on_unlock(vault, TODAY) is None  # not confirmed yet
    assert _row(vault, old)["notes"] != ""

    retention.confirm(vault)
    assert retention.rules(vault).confirmed
    erased = retention.run_on_unlock(vault, TODAY)
    assert erased is not None and erased.one_on_ones == [old]
    assert _row(vault, old)["notes"] == ""


def test_a_period_out_of_range_is_refused_and_nothing_is_kept(vault: Vault) -> None:
    with pytest.raises(InvalidInput, match="whole number from 1 to 120"):
        retention.set_rules(vault, RetentionRules(one_on_one_months=0))
    assert retention.rules(vault) == RetentionRules()


def test_damaged_rules_read_as_off(vault: Vault) -> None:
    from organizer.core import campaign

    for text in ("{not json", '{"left_days": -4}', '{"left_days": "soon"}', "[]"):
        campaign.set_setting(vault, retention.SETTING, text)
        assert retention.rules(vault) == RetentionRules()


@pytest.mark.parametrize(("day", "months", "expected"), [
    (dt.date(2026, 3, 31), 1, dt.date(2026, 2, 28)),
    (dt.date(2024, 3, 31), 1, dt.date(2024, 2, 29)),
    (dt.date(2026, 1, 15), 12, dt.date(2025, 1, 15)),
    (dt.date(2026, 1, 15), 13, dt.date(2024, 12, 15)),
])
def test_months_before_keeps_the_day_or_the_month_s_last(
    day: dt.date, months: int, expected: dt.date
) -> None:
    assert retention.months_before(day, months) == expected
