"""Follow-ups: what is due, what is overdue, done and rescheduled, and each person's next
follow-up kept in step by the schema's triggers."""

from __future__ import annotations

import datetime as dt

import pytest

from organizer.core import follow_ups, people
from organizer.core.errors import InvalidInput
from organizer.core.vault import Vault
from tests.core.domain_fixtures import (
    add,
    add_oc,
    count,
    table_counts,
)

MONDAY = dt.date(2026, 11, 23)


def test_due_follow_ups_are_the_open_ones_due_by_the_day_oldest_first(vault: Vault) -> None:
    ravi, tom = add(vault, "Ravi", code_name="Sparrow"), add(vault, "Tom")
    late = follow_ups.add_follow_up(vault, ravi.id, "2026-11-20", "Bring the petition")
    today = follow_ups.add_follow_up(vault, tom.id, "2026-11-23", "Ask about the meeting")
    follow_ups.add_follow_up(vault, tom.id, "2026-11-24", "Tomorrow's")
    due = follow_ups.due_follow_ups(vault, through=MONDAY)
    assert [f.id for f in due] == [late, today]
    assert (due[0].person, due[0].description) == ("Sparrow", "Bring the petition")
    assert len(follow_ups.due_follow_ups(vault, through=MONDAY + dt.timedelta(days=1))) == 3
    assert len(follow_ups.due_follow_ups(vault, through=MONDAY, limit=1)) == 1


def test_due_follow_ups_of_one_owner_are_found_before_the_limit(vault: Vault) -> None:
    ravi, ana = add(vault, "Ravi"), add_oc(vault, "Ana")
    for day in range(1, 6):  # five of someone else's come first
        follow_ups.add_follow_up(vault, ravi.id, f"2026-11-0{day}", "Theirs")
    mine = follow_ups.add_follow_up(vault, ravi.id, "2026-11-20", "Mine", owner_id=ana.id)

    due = follow_ups.due_follow_ups(vault, through=MONDAY, limit=3, owner_id=ana.id)

    assert [f.id for f in due] == [mine]


def test_a_follow_up_is_overdue_only_when_open_and_due_before_today(vault: Vault) -> None:
    ravi = add(vault, "Ravi")
    follow_ups.add_follow_up(vault, ravi.id, "2026-11-20")
    follow_ups.add_follow_up(vault, ravi.id, "2026-11-23")
    late, today = follow_ups.due_follow_ups(vault, through=MONDAY)
    assert late.is_overdue(MONDAY)
    assert not today.is_overdue(MONDAY)
    assert today.is_overdue(MONDAY + dt.timedelta(days=1))
    follow_ups.mark_done(vault, late.id)
    [done] = [f for f in follow_ups.follow_ups_for(vault, ravi.id) if f.id == late.id]
    assert not done.is_overdue(MONDAY)


def test_marking_a_follow_up_done_removes_it_from_the_due_list(vault: Vault) -> None:
    ravi = add(vault, "Ravi")
    first = follow_ups.add_follow_up(vault, ravi.id, "2026-11-20")
    second = follow_ups.add_follow_up(vault, ravi.id, "2026-11-21")
    follow_ups.mark_done(vault, first)
    assert [f.id for f in follow_ups.due_follow_ups(vault, through=MONDAY)] == [second]
    [done] = [f for f in follow_ups.follow_ups_for(vault, ravi.id) if f.id == first]
    assert done.done_at is not None
    follow_ups.mark_done(vault, first, done=False)
    assert [f.id for f in follow_ups.due_follow_ups(vault, through=MONDAY)] == [first, second]


def test_the_persons_next_follow_up_stays_in_step_with_add_done_and_reschedule(
    vault: Vault,
) -> None:
    ravi = add(vault, "Ravi")

    def next_on() -> str | None:
        return people.get_person(vault, ravi.id).next_follow_up_on

    assert next_on() is None
    later = follow_ups.add_follow_up(vault, ravi.id, "2026-12-10")
    assert next_on() == "2026-12-10"
    sooner = follow_ups.add_follow_up(vault, ravi.id, "2026-12-01")
    assert next_on() == "2026-12-01"
    follow_ups.mark_done(vault, sooner)
    assert next_on() == "2026-12-10"
    follow_ups.reschedule(vault, later, "2026-12-05")
    assert next_on() == "2026-12-05"
    follow_ups.mark_done(vault, sooner, done=False)
    assert next_on() == "2026-12-01"
    follow_ups.mark_done(vault, sooner)
    follow_ups.mark_done(vault, later)
    assert next_on() is None


def test_deleting_a_follow_up_row_updates_next_follow_up(vault: Vault) -> None:
    ravi = add(vault, "Ravi")
    first = follow_ups.add_follow_up(vault, ravi.id, "2026-12-01")
    follow_ups.add_follow_up(vault, ravi.id, "2026-12-09")
    with vault.transaction() as conn:
        conn.execute("DELETE FROM follow_up WHERE id = ?", (first,))
    assert people.get_person(vault, ravi.id).next_follow_up_on == "2026-12-09"


def test_rescheduling_moves_the_due_date(vault: Vault) -> None:
    ravi = add(vault, "Ravi")
    follow_up = follow_ups.add_follow_up(vault, ravi.id, "2026-11-20")
    follow_ups.reschedule(vault, follow_up, "2026-11-30")
    assert follow_ups.due_follow_ups(vault, through=MONDAY) == []
    [moved] = follow_ups.follow_ups_for(vault, ravi.id)
    assert moved.due_on == "2026-11-30"


@pytest.mark.parametrize("bad", ["2026-11-31", "soon", "", "20261130", "30.11.2026"])
def test_rescheduling_to_something_that_is_not_a_date_is_refused(vault: Vault, bad: str) -> None:
    ravi = add(vault, "Ravi")
    follow_up = follow_ups.add_follow_up(vault, ravi.id, "2026-11-20")
    with pytest.raises(InvalidInput, match="not a date"):
        follow_ups.reschedule(vault, follow_up, bad)
    assert follow_ups.follow_ups_for(vault, ravi.id)[0].due_on == "2026-11-20"


@pytest.mark.parametrize("bad", ["2026-02-29", "tomorrow", "", "2026-W48-1"])
def test_adding_a_follow_up_without_a_real_date_saves_nothing(vault: Vault, bad: str) -> None:
    ravi = add(vault, "Ravi")
    before = table_counts(vault)
    with pytest.raises(InvalidInput, match="not a date"):
        follow_ups.add_follow_up(vault, ravi.id, bad, "call")
    assert table_counts(vault) == before


def test_a_persons_follow_ups_list_open_ones_first_then_done(vault: Vault) -> None:
    ravi = add(vault, "Ravi")
    maya = add_oc(vault, "Maya", code_name="Kite")
    done_early = follow_ups.add_follow_up(vault, ravi.id, "2026-11-01", "  done one  ")
    open_late = follow_ups.add_follow_up(vault, ravi.id, "2026-12-01", owner_id=maya.id)
    open_soon = follow_ups.add_follow_up(vault, ravi.id, "2026-11-25")
    follow_ups.mark_done(vault, done_early)
    listed = follow_ups.follow_ups_for(vault, ravi.id)
    assert [f.id for f in listed] == [open_soon, open_late, done_early]
    assert listed[2].description == "done one"
    assert (listed[1].owner_id, listed[1].owner) == (maya.id, "Kite")
    assert listed[0].owner == ""
    assert count(vault, "follow_up") == 3
