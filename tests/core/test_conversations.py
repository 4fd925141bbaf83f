"""One-on-ones: logging a conversation with its assessment change, follow-up and issues in one
transaction; conversation history; crash-safe drafts."""

from __future__ import annotations

import pytest

from organizer.core import conversations, follow_ups, people, workplace_issues
from organizer.core.conversations import FollowUpRequest, OneOnOne
from organizer.core.errors import InvalidInput
from organizer.core.people import Person
from organizer.core.vault import Vault
from tests.core.domain_fixtures import (  # noqa: F401
    add,
    add_oc,
    count,
    oc_member_fixture,
    table_counts,
)


@pytest.fixture
def ravi(vault: Vault) -> Person:
    return add(vault, "Ravi Kumar", code_name="Sparrow")


def _full_entry(who: str, oc_member_id: str, **changes: object) -> OneOnOne:
    values: dict[str, object] = dict(
        person_id=who, held_on="2026-11-22", oc_member_id=oc_member_id, channel="Signal",
        agitate="The pager goes off every night.", educate="The VP decides the rota.",
        inoculate="They will say it is temporary.", organize="Talk to the Storage team.",
        uplift="A fair rota for everyone.", ask="Will you sign the petition?", answer="Yes",
        commitment="Signs on Friday", assessment_before=3, assessment_after=2,
        next_step="Bring the petition on Friday", notes="Worried about his visa.",
    )
    values.update(changes)
    return OneOnOne(**values)  # type: ignore[arg-type]


def test_logging_a_one_on_one_saves_every_field(
    vault: Vault, ravi: Person, oc_member: Person
) -> None:
    pay = workplace_issues.get_or_add_issue(vault, "pay")
    entry = _full_entry(ravi.id, oc_member.id, issue_ids=[pay.id])
    saved = conversations.log_one_on_one(vault, entry)
    assert saved.id and saved.created_at
    assert conversations.get_one_on_one(vault, saved.id) == saved
    stored = conversations.get_one_on_one(vault, saved.id)
    assert (stored.channel, stored.ask, stored.answer, stored.commitment) == (
        "Signal", "Will you sign the petition?", "Yes", "Signs on Friday")
    assert (stored.assessment_before, stored.assessment_after) == (3, 2)
    assert stored.issue_ids == [pay.id]


def test_getting_a_one_on_one_that_does_not_exist_is_refused(vault: Vault) -> None:
    with pytest.raises(InvalidInput, match="no longer exists"):
        conversations.get_one_on_one(vault, "missing")


def test_assessment_before_defaults_to_the_current_assessment(
    vault: Vault, ravi: Person
) -> None:
    people.record_assessment(vault, ravi.id, 4, basis="hearsay")
    saved = conversations.log_one_on_one(vault, OneOnOne(person_id=ravi.id, held_on="2099-01-01"))
    assert saved.assessment_before == 4
    assert conversations.get_one_on_one(vault, saved.id).assessment_before == 4


def test_logging_a_one_on_one_with_a_new_assessment_records_history(
    vault: Vault, ravi: Person, oc_member: Person
) -> None:
    people.record_assessment(vault, ravi.id, 3, basis="hearsay",
                             assessed_at="2026-01-01T00:00:00.000Z")
    saved = conversations.log_one_on_one(
        vault, OneOnOne(person_id=ravi.id, held_on="2026-11-22", oc_member_id=oc_member.id,
                        assessment_after=2, next_step="Bring the petition"),
    )
    assert people.get_person(vault, ravi.id).assessment == 2
    newest = people.assessment_history(vault, ravi.id)[0]
    assert (newest.score, newest.basis, newest.assessed_by) == (2, "one-on-one", "Maya Okafor")
    assert newest.one_on_one_id == saved.id
    assert newest.note == "Bring the petition"
    assert newest.assessed_at.startswith("2026-11-22T")


def test_the_assessment_note_overrides_the_next_step_in_the_history(
    vault: Vault, ravi: Person, oc_member: Person
) -> None:
    conversations.log_one_on_one(
        vault, OneOnOne(person_id=ravi.id, oc_member_id=oc_member.id, assessment_after=1,
                        next_step="Ask him to host a meeting"),
        assessment_note="Brought two coworkers along",
    )
    assert people.assessment_history(vault, ravi.id)[0].note == "Brought two coworkers along"


def test_an_unchanged_assessment_records_no_new_history(
    vault: Vault, ravi: Person, oc_member: Person
) -> None:
    people.record_assessment(vault, ravi.id, 3, basis="hearsay")
    conversations.log_one_on_one(
        vault, OneOnOne(person_id=ravi.id, oc_member_id=oc_member.id, assessment_after=3))
    conversations.log_one_on_one(vault, OneOnOne(person_id=ravi.id, oc_member_id=oc_member.id))
    assert [h.score for h in people.assessment_history(vault, ravi.id)] == [3]
    assert people.get_person(vault, ravi.id).assessment == 3


def test_the_follow_up_defaults_to_the_next_step_and_the_oc_member(
    vault: Vault, ravi: Person, oc_member: Person
) -> None:
    saved = conversations.log_one_on_one(
        vault, OneOnOne(person_id=ravi.id, oc_member_id=oc_member.id,
                        next_step="Bring the petition"),
        follow_up=FollowUpRequest(due_on="2026-11-29"),
    )
    [follow_up] = follow_ups.follow_ups_for(vault, ravi.id)
    assert (follow_up.due_on, follow_up.description) == ("2026-11-29", "Bring the petition")
    assert (follow_up.owner_id, follow_up.owner) == (oc_member.id, "Maya Okafor")
    assert follow_up.person == "Sparrow"
    linked = vault.connection.execute("SELECT one_on_one_id FROM follow_up").fetchone()[0]
    assert linked == saved.id
    assert people.get_person(vault, ravi.id).next_follow_up_on == "2026-11-29"


def test_an_explicit_follow_up_description_and_owner_win(
    vault: Vault, ravi: Person, oc_member: Person
) -> None:
    jun = add_oc(vault, "Jun")
    conversations.log_one_on_one(
        vault, OneOnOne(person_id=ravi.id, oc_member_id=oc_member.id, next_step="x"),
        follow_up=FollowUpRequest(due_on="2026-12-01", description="Call him", owner_id=jun.id),
    )
    [follow_up] = follow_ups.follow_ups_for(vault, ravi.id)
    assert (follow_up.description, follow_up.owner) == ("Call him", "Jun")


def test_issues_raised_are_linked_to_the_one_on_one_and_the_person(
    vault: Vault, ravi: Person
) -> None:
    pay = workplace_issues.get_or_add_issue(vault, "pay")
    rto = workplace_issues.get_or_add_issue(vault, "return to office")
    first = conversations.log_one_on_one(
        vault, OneOnOne(person_id=ravi.id, issue_ids=[pay.id, rto.id, pay.id]))
    conversations.log_one_on_one(vault, OneOnOne(person_id=ravi.id, issue_ids=[pay.id]))
    assert sorted(conversations.get_one_on_one(vault, first.id).issue_ids) == sorted(
        [pay.id, rto.id])
    assert [i.name for i in workplace_issues.issues_for_person(vault, ravi.id)] == [
        "pay", "return to office"]
    assert count(vault, "person_issue") == 2
    assert count(vault, "one_on_one_issue") == 3


def test_last_contact_is_the_latest_one_on_one_and_an_older_one_does_not_move_it_back(
    vault: Vault, ravi: Person
) -> None:
    conversations.log_one_on_one(vault, OneOnOne(person_id=ravi.id, held_on="2026-11-10"))
    assert people.get_person(vault, ravi.id).last_contact_on == "2026-11-10"
    conversations.log_one_on_one(vault, OneOnOne(person_id=ravi.id, held_on="2026-11-20"))
    assert people.get_person(vault, ravi.id).last_contact_on == "2026-11-20"
    conversations.log_one_on_one(vault, OneOnOne(person_id=ravi.id, held_on="2026-10-01"))
    assert people.get_person(vault, ravi.id).last_contact_on == "2026-11-20"


def test_an_older_one_on_one_with_a_changed_assessment_keeps_the_newest_as_current(
    vault: Vault, ravi: Person
) -> None:
    conversations.log_one_on_one(
        vault, OneOnOne(person_id=ravi.id, held_on="2026-11-20", assessment_after=2))
    conversations.log_one_on_one(
        vault, OneOnOne(person_id=ravi.id, held_on="2026-10-01", assessment_after=4))
    assert people.get_person(vault, ravi.id).assessment == 2
    assert [h.score for h in people.assessment_history(vault, ravi.id)] == [2, 4]


@pytest.mark.parametrize(
    "changes",
    [
        {"held_on": "2026-02-30"},
        {"held_on": "yesterday"},
        {"held_on": "20261122"},
        {"held_on": ""},
        {"channel": "carrier pigeon"},
        {"channel": "signal"},
        {"assessment_after": 6},
        {"assessment_before": 0},
        {"person_id": ""},
    ],
    ids=lambda c: next(iter(c.items()))[0] + "=" + repr(next(iter(c.values()))),
)
def test_a_one_on_one_with_a_bad_field_is_refused_and_nothing_is_saved(
    vault: Vault, ravi: Person, oc_member: Person, changes: dict[str, object]
) -> None:
    draft_id = conversations.save_draft(vault, "one-on-one", ravi.id, {"notes": "typed"})
    before = table_counts(vault)
    with pytest.raises(InvalidInput):
        conversations.log_one_on_one(
            vault, _full_entry(ravi.id, oc_member.id, **changes),
            follow_up=FollowUpRequest(due_on="2026-12-01"), draft_id=draft_id,
        )
    assert table_counts(vault) == before
    assert people.get_person(vault, ravi.id).assessment is None


def test_a_bad_follow_up_date_refuses_the_whole_one_on_one(
    vault: Vault, ravi: Person, oc_member: Person
) -> None:
    before = table_counts(vault)
    with pytest.raises(InvalidInput, match="follow-up date"):
        conversations.log_one_on_one(vault, _full_entry(ravi.id, oc_member.id),
                                     follow_up=FollowUpRequest(due_on="next week"))
    assert table_counts(vault) == before


def test_a_one_on_one_with_someone_who_was_deleted_is_refused(vault: Vault, ravi: Person) -> None:
    people.delete_person(vault, ravi.id)
    before = table_counts(vault)
    with pytest.raises(InvalidInput, match="no longer exists"):
        conversations.log_one_on_one(vault, OneOnOne(person_id=ravi.id, assessment_after=2),
                                     follow_up=FollowUpRequest(due_on="2026-12-01"))
    assert table_counts(vault) == before


def test_one_on_ones_for_a_person_are_newest_first_with_a_summary(
    vault: Vault, ravi: Person, oc_member: Person
) -> None:
    old = conversations.log_one_on_one(
        vault, OneOnOne(person_id=ravi.id, held_on="2026-10-01", ask="Coffee?", answer="Sure"))
    new = conversations.log_one_on_one(
        vault, OneOnOne(person_id=ravi.id, held_on="2026-11-01", oc_member_id=oc_member.id,
                        notes="Talked about pay"))
    other = add(vault, "Tom")
    conversations.log_one_on_one(vault, OneOnOne(person_id=other.id, held_on="2026-11-05"))
    history = conversations.one_on_ones_for(vault, ravi.id)
    assert [h.id for h in history] == [new.id, old.id]
    assert (history[0].person, history[0].oc_member, history[0].summary) == (
        "Sparrow", "Maya Okafor", "Talked about pay")
    assert history[1].summary == "Coffee? · Sure"
    assert history[1].oc_member == ""


def test_recent_one_on_ones_are_newest_first_across_people_and_limited(
    vault: Vault, ravi: Person
) -> None:
    tom = add(vault, "Tom")
    logged = [
        conversations.log_one_on_one(vault, OneOnOne(person_id=p, held_on=d))
        for p, d in [(ravi.id, "2026-11-01"), (tom.id, "2026-11-03"), (ravi.id, "2026-11-02"),
                     (tom.id, "2026-11-03")]
    ]
    recent = conversations.recent_one_on_ones(vault)
    # Same day: the one logged last comes first.
    assert [r.id for r in recent] == [logged[3].id, logged[1].id, logged[2].id, logged[0].id]
    assert [r.person for r in recent] == ["Tom", "Tom", "Sparrow", "Sparrow"]
    assert len(conversations.recent_one_on_ones(vault, limit=2)) == 2


# ----- drafts -------------------------------------------------------------------------------


def test_a_draft_is_saved_updated_listed_and_discarded(vault: Vault, ravi: Person) -> None:
    draft_id = conversations.save_draft(vault, "one-on-one", ravi.id, {"agitate": "pag"})
    assert conversations.save_draft(
        vault, "one-on-one", ravi.id, {"agitate": "pager"}, draft_id) == draft_id
    [draft] = conversations.drafts(vault)
    assert (draft.id, draft.kind, draft.person_id, draft.body) == (
        draft_id, "one-on-one", ravi.id, {"agitate": "pager"})
    assert conversations.drafts(vault, kind="call-list") == []
    conversations.discard_draft(vault, draft_id)
    assert conversations.drafts(vault) == []


def test_drafts_are_listed_most_recently_saved_first(vault: Vault, ravi: Person) -> None:
    first = conversations.save_draft(vault, "one-on-one", ravi.id, {"n": "1"})
    second = conversations.save_draft(vault, "one-on-one", None, {"n": "2"})
    assert [d.id for d in conversations.drafts(vault)] == [second, first]
    conversations.save_draft(vault, "one-on-one", ravi.id, {"n": "1b"}, first)
    assert [d.id for d in conversations.drafts(vault)] == [first, second]


def test_logging_a_one_on_one_from_a_draft_removes_the_draft(vault: Vault, ravi: Person) -> None:
    draft_id = conversations.save_draft(vault, "one-on-one", ravi.id, {"notes": "typed"})
    keep = conversations.save_draft(vault, "one-on-one", ravi.id, {"notes": "another"})
    conversations.log_one_on_one(vault, OneOnOne(person_id=ravi.id, notes="typed"),
                                 draft_id=draft_id)
    assert [d.id for d in conversations.drafts(vault)] == [keep]


def test_issues_named_on_the_form_are_created_with_the_one_on_one(
    vault: Vault, ravi: Person
) -> None:
    pay = workplace_issues.get_or_add_issue(vault, "pay")
    saved = conversations.log_one_on_one(
        vault, OneOnOne(person_id=ravi.id, issue_ids=[pay.id],
                        issue_names=["PAY", "Pager rotation"]))
    names = {i.id: i.name for i in workplace_issues.list_issues(vault)}
    assert sorted(names[i] for i in saved.issue_ids) == ["Pager rotation", "pay"]
    assert sorted(conversations.get_one_on_one(vault, saved.id).issue_ids) == sorted(
        saved.issue_ids)


def test_a_failing_save_leaves_no_new_issue_behind(vault: Vault, ravi: Person) -> None:
    """Issue names typed on the form are created inside the save's transaction: a save that
    fails (here the person was deleted meanwhile) creates none of them."""
    people.delete_person(vault, ravi.id)
    before = table_counts(vault)
    with pytest.raises(InvalidInput, match="no longer exists"):
        conversations.log_one_on_one(
            vault, OneOnOne(person_id=ravi.id, issue_names=["Brand new grievance"]))
    assert table_counts(vault) == before
    assert "Brand new grievance" not in [i.name for i in workplace_issues.list_issues(vault)]


def test_a_failing_save_after_its_issues_were_made_rolls_them_back(
    vault: Vault, ravi: Person
) -> None:
    """The failure comes after the new issue was inserted (a bad follow-up owner breaks a
    link rule at the very end): the issue goes with the rest of the transaction."""
    before = table_counts(vault)
    with pytest.raises(InvalidInput):
        conversations.log_one_on_one(
            vault, OneOnOne(person_id=ravi.id, issue_names=["Late-night deploys"]),
            follow_up=FollowUpRequest(due_on="2026-12-01", owner_id="no-such-person"))
    assert table_counts(vault) == before
    assert "Late-night deploys" not in [i.name for i in workplace_issues.list_issues(vault)]


def test_naming_an_issue_for_many_people_creates_it_once(vault: Vault, ravi: Person) -> None:
    added = workplace_issues.add_named_issue_to_people(vault, [ravi.id], "Parking")
    again = workplace_issues.add_named_issue_to_people(vault, [ravi.id], "parking")
    assert added == again == 1
    assert [i.name for i in workplace_issues.issues_for_person(vault, ravi.id)] == ["Parking"]
