"""Action plans: CRUD, step order, done and overdue steps, linked people, validation."""

from __future__ import annotations

import datetime as dt

import pytest

from organizer.core import plans
from organizer.core.errors import InvalidInput
from organizer.core.vault import Vault
from tests.core.domain_fixtures import (
    add,
    add_oc,
    count,
    table_counts,
)

TODAY = dt.date(2026, 11, 23)


def step_texts(vault: Vault, plan_id: str) -> list[tuple[int, str]]:
    return [(s.position, s.description) for s in plans.get_plan(vault, plan_id).steps]


def test_a_plan_is_saved_read_updated_and_deleted(vault: Vault) -> None:
    plan_id = plans.add_plan(vault, "  Deliver the letter  ", goal="Majority signs",
                             due_on="2026-12-05")

    plan = plans.get_plan(vault, plan_id)
    assert (plan.title, plan.goal, plan.due_on, plan.status) == (
        "Deliver the letter", "Majority signs", "2026-12-05", "active")
    assert plan.steps == [] and plan.people == []

    plans.update_plan(vault, plan_id, title="Deliver the open letter", goal="", due_on="",
                      status="done")
    plan = plans.get_plan(vault, plan_id)
    assert (plan.title, plan.goal, plan.due_on, plan.status) == (
        "Deliver the open letter", "", None, "done")

    plans.set_plan_status(vault, plan_id, "dropped")
    assert plans.get_plan(vault, plan_id).status == "dropped"

    plans.add_step(vault, plan_id, "Draft it")
    plans.delete_plan(vault, plan_id)
    assert count(vault, "action_plan") == 0
    assert count(vault, "action_step") == 0  # the steps go with the plan
    with pytest.raises(InvalidInput, match="no longer exists"):
        plans.get_plan(vault, plan_id)
    with pytest.raises(InvalidInput, match="no longer exists"):
        plans.delete_plan(vault, plan_id)


@pytest.mark.parametrize(("title", "due_on", "status", "message"), [
    ("   ", None, "active", "needs a title"),
    ("Letter", "5 December", "active", "not a target date"),
    ("Letter", "2026-02-30", "active", "not a target date"),
    ("Letter", None, "paused", "not a plan status"),
])
def test_bad_plans_are_refused_and_nothing_is_saved(
    vault: Vault, title: str, due_on: str | None, status: str, message: str
) -> None:
    before = table_counts(vault)
    with pytest.raises(InvalidInput, match=message):
        plans.add_plan(vault, title, due_on=due_on, status=status)
    assert table_counts(vault) == before


def test_steps_keep_their_order_through_moves_and_deletes(vault: Vault) -> None:
    plan_id = plans.add_plan(vault, "Letter")
    first = plans.add_step(vault, plan_id, "Draft")
    second = plans.add_step(vault, plan_id, "Translate")
    third = plans.add_step(vault, plan_id, "Collect signatures")
    assert step_texts(vault, plan_id) == [(1, "Draft"), (2, "Translate"),
                                          (3, "Collect signatures")]

    assert plans.move_step(vault, third, up=True)
    assert step_texts(vault, plan_id) == [(1, "Draft"), (2, "Collect signatures"),
                                          (3, "Translate")]
    assert not plans.move_step(vault, first, up=True)  # already first
    assert plans.move_step(vault, first, up=False)
    assert step_texts(vault, plan_id) == [(1, "Collect signatures"), (2, "Draft"),
                                          (3, "Translate")]
    assert not plans.move_step(vault, second, up=False)  # already last

    plans.delete_step(vault, third)
    assert step_texts(vault, plan_id) == [(1, "Draft"), (2, "Translate")]
    plans.add_step(vault, plan_id, "Deliver")
    assert step_texts(vault, plan_id) == [(1, "Draft"), (2, "Translate"), (3, "Deliver")]


def test_steps_of_two_plans_do_not_mix(vault: Vault) -> None:
    a, b = plans.add_plan(vault, "A"), plans.add_plan(vault, "B")
    plans.add_step(vault, a, "A1")
    b1 = plans.add_step(vault, b, "B1")
    plans.add_step(vault, a, "A2")
    plans.add_step(vault, b, "B2")
    plans.move_step(vault, b1, up=False)
    assert step_texts(vault, a) == [(1, "A1"), (2, "A2")]
    assert step_texts(vault, b) == [(1, "B2"), (2, "B1")]


def test_a_step_is_owned_by_an_oc_member(vault: Vault) -> None:
    maya = add_oc(vault, "Maya", code_name="Kestrel")
    ravi = add(vault, "Ravi")
    plan_id = plans.add_plan(vault, "Letter")

    step_id = plans.add_step(vault, plan_id, "Draft", owner_id=maya.id, due_on="2026-11-30")
    step = plans.get_plan(vault, plan_id).steps[0]
    assert (step.id, step.owner_id, step.owner, step.due_on, step.is_done) == (
        step_id, maya.id, "Kestrel", "2026-11-30", False)

    with pytest.raises(InvalidInput, match="must be an OC member"):
        plans.add_step(vault, plan_id, "Translate", owner_id=ravi.id)
    with pytest.raises(InvalidInput, match="must be an OC member"):
        plans.update_step(vault, step_id, description="Draft", owner_id=ravi.id)
    with pytest.raises(InvalidInput, match="needs a description"):
        plans.update_step(vault, step_id, description=" ")
    with pytest.raises(InvalidInput, match="not a due date"):
        plans.add_step(vault, plan_id, "Translate", due_on="tomorrow")
    with pytest.raises(InvalidInput, match="no longer exists"):
        plans.add_step(vault, "nope", "Translate")
    assert count(vault, "action_step") == 1

    plans.update_step(vault, step_id, description="Draft the letter", owner_id=None, due_on="")
    step = plans.get_plan(vault, plan_id).steps[0]
    assert (step.description, step.owner_id, step.owner, step.due_on) == (
        "Draft the letter", None, "", None)


def test_marking_steps_done_and_open_again(vault: Vault) -> None:
    plan_id = plans.add_plan(vault, "Letter")
    step_id = plans.add_step(vault, plan_id, "Draft", due_on="2026-11-01")

    plans.mark_step_done(vault, step_id)
    step = plans.get_plan(vault, plan_id).steps[0]
    assert step.is_done and step.done_at is not None
    assert not step.is_overdue(TODAY)

    plans.mark_step_done(vault, step_id, done=False)
    step = plans.get_plan(vault, plan_id).steps[0]
    assert not step.is_done and step.is_overdue(TODAY)
    with pytest.raises(InvalidInput, match="no longer exists"):
        plans.mark_step_done(vault, "nope")


def test_list_plans_counts_steps_done_overdue_and_people(vault: Vault) -> None:
    letter = plans.add_plan(vault, "Letter", due_on="2026-12-05")
    rally = plans.add_plan(vault, "Rally", due_on="2026-12-01")
    old = plans.add_plan(vault, "Old plan", status="done")
    draft = plans.add_step(vault, letter, "Draft", due_on="2026-11-01")
    plans.add_step(vault, letter, "Translate", due_on="2026-11-20")  # overdue
    plans.add_step(vault, letter, "Collect", due_on="2026-11-23")  # due today: not overdue
    plans.add_step(vault, letter, "Deliver")  # no date
    plans.mark_step_done(vault, draft)
    ravi, ana = add(vault, "Ravi"), add(vault, "Ana")
    assert plans.link_people(vault, letter, [ravi.id, ana.id, ravi.id]) == 2

    summaries = plans.list_plans(vault, today=TODAY)

    # Active plans first by target date, then the others.
    assert [(p.title, p.steps, p.steps_done, p.steps_overdue, p.people, p.next_due_on)
            for p in summaries] == [
        ("Rally", 0, 0, 0, 0, None),
        ("Letter", 4, 1, 1, 2, "2026-11-20"),
        ("Old plan", 0, 0, 0, 0, None),
    ]
    assert [p.id for p in plans.list_plans(vault, status="done")] == [old]
    assert [p.id for p in plans.list_plans(vault, status="active", today=TODAY)] == [rally, letter]


def test_linked_people_by_display_name(vault: Vault) -> None:
    plan_id = plans.add_plan(vault, "Letter")
    ravi = add(vault, "Ravi", code_name="Falcon")
    ana = add(vault, "Ana")

    assert plans.link_people(vault, plan_id, [ravi.id, ana.id]) == 2
    assert plans.link_people(vault, plan_id, [ana.id, "deleted-person"]) == 0
    assert [(p.id, p.display_name) for p in plans.get_plan(vault, plan_id).people] == [
        (ana.id, "Ana"), (ravi.id, "Falcon")]

    plans.unlink_person(vault, plan_id, ana.id)
    assert [p.id for p in plans.get_plan(vault, plan_id).people] == [ravi.id]
    assert count(vault, "person") == 2  # unlinking never touches the person
    with pytest.raises(InvalidInput, match="no longer exists"):
        plans.link_people(vault, "nope", [ravi.id])


def test_overdue_steps_for_the_today_page(vault: Vault) -> None:
    maya = add_oc(vault, "Maya")
    letter = plans.add_plan(vault, "Letter")
    rally = plans.add_plan(vault, "Rally")
    dropped = plans.add_plan(vault, "Dropped", status="dropped")
    late = plans.add_step(vault, letter, "Translate", owner_id=maya.id, due_on="2026-11-20")
    plans.add_step(vault, letter, "Collect", due_on="2026-11-23")  # due today
    done = plans.add_step(vault, letter, "Draft", due_on="2026-11-01")
    plans.mark_step_done(vault, done)
    plans.add_step(vault, letter, "Deliver")  # no due date
    later = plans.add_step(vault, rally, "Book the square", due_on="2026-11-02")
    plans.add_step(vault, dropped, "Ignored", due_on="2026-10-01")

    overdue = plans.overdue_steps(vault, today=TODAY)

    assert [(o.step_id, o.plan_id, o.plan_title, o.description, o.owner, o.due_on,
             o.days_overdue) for o in overdue] == [
        (later, rally, "Rally", "Book the square", "", "2026-11-02", 21),
        (late, letter, "Letter", "Translate", "Maya", "2026-11-20", 3),
    ]
    plans.set_plan_status(vault, rally, "done")
    assert [o.step_id for o in plans.overdue_steps(vault, today=TODAY)] == [late]


def test_deleting_the_owner_keeps_the_step(vault: Vault) -> None:
    from organizer.core import people

    maya = add_oc(vault, "Maya")
    plan_id = plans.add_plan(vault, "Letter")
    plans.add_step(vault, plan_id, "Draft", owner_id=maya.id)
    people.delete_person(vault, maya.id)
    step = plans.get_plan(vault, plan_id).steps[0]
    assert (step.description, step.owner_id, step.owner) == ("Draft", None, "")
