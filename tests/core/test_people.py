"""People: the person record, the people table (filters, sorting, counts), bulk assignment,
assessment history, and real erasure of a person."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass, fields
from pathlib import Path

import pytest
import sqlcipher3

from organizer.core import (
    conversations,
    follow_ups,
    people,
    records,
    relationships,
    search,
    workplace_issues,
)
from organizer.core.conversations import FollowUpRequest, OneOnOne
from organizer.core.errors import InvalidInput, OrganizerError, VaultDamaged
from organizer.core.people import PeopleFilter, PeopleSort, Person
from organizer.core.vault import Vault
from tests.core.domain_fixtures import (  # noqa: F401
    PASSPHRASE,
    add,
    add_oc,
    count,
    decrypted_pages,
    department,
    oc_member_fixture,
    pages_containing,
    scratch_vault,
    shift,
    site,
    table_counts,
)

TODAY = dt.date.today()


def days_ago(n: int) -> str:
    return (TODAY - dt.timedelta(days=n)).isoformat()


def days_ahead(n: int) -> str:
    return (TODAY + dt.timedelta(days=n)).isoformat()


# ----- the person record ----------------------------------------------------------------------


def test_every_editable_field_round_trips_through_add_get_and_update(vault: Vault) -> None:
    infra, sales = department(vault, "Infra"), department(vault, "Sales")
    day, night = shift(vault, "Day"), shift(vault, "Night")
    berlin, remote = site(vault, "Berlin"), site(vault, "Remote")
    maya = add_oc(vault, "Maya Okafor")
    jun = add_oc(vault, "Jun Park")

    first = Person(
        name="Ravi Kumar", code_name="Sparrow", personal_phone="+49 170 0000001",
        personal_email="ravi@example.org", work_phone="+49 30 1234", work_email="ravi@corp.test",
        department_id=infra, team="Storage", job_title="SRE", shift_id=day, site_id=berlin,
        start_date="2021-03-15", language="Hindi", safe_channel="Signal",
        assigned_oc_member_id=maya.id, is_oc_member=False, is_organic_leader=True,
        left_company_on=None, notes="Angry about the on-call rota.\nTalks to the whole team.",
    )
    saved = people.add_person(vault, first)
    assert saved.id and saved.created_at and saved.updated_at
    again = people.get_person(vault, saved.id)
    for name in people.EDITABLE_FIELDS:
        assert getattr(again, name) == getattr(first, name), name

    changed = Person(
        id=saved.id, name="Ravi K.", code_name="", personal_phone="+49 170 0000002",
        personal_email="r.k@example.org", work_phone="", work_email="",
        department_id=sales, team="Billing", job_title="Staff SRE", shift_id=night,
        site_id=remote, start_date="2020-01-02", language="English", safe_channel="in person",
        assigned_oc_member_id=jun.id, is_oc_member=True, is_organic_leader=False,
        left_company_on="2026-11-23", notes="Moved to billing.",
    )
    updated = people.update_person(vault, changed)
    for name in people.EDITABLE_FIELDS:
        assert getattr(updated, name) == getattr(changed, name), name
        assert getattr(people.get_person(vault, saved.id), name) == getattr(changed, name)


def test_saving_strips_surrounding_spaces_but_keeps_notes_exactly(vault: Vault) -> None:
    person = add(vault, "  Ravi  ", code_name=" Sparrow ", team=" Storage ", notes="  keep  \n")
    assert (person.name, person.code_name, person.team) == ("Ravi", "Sparrow", "Storage")
    assert person.notes == "  keep  \n"


def test_blank_ids_and_dates_are_saved_as_null(vault: Vault) -> None:
    person = add(vault, "Ravi", department_id="", start_date="", assigned_oc_member_id="")
    assert person.department_id is None
    assert person.start_date is None
    assert person.assigned_oc_member_id is None


@pytest.mark.parametrize("name", ["", "   ", "\t\n"])
def test_a_person_without_a_name_is_refused_and_nothing_is_saved(vault: Vault, name: str) -> None:
    before = table_counts(vault)
    with pytest.raises(InvalidInput, match="name"):
        people.add_person(vault, Person(name=name, code_name="Sparrow"))
    assert table_counts(vault) == before


@pytest.mark.parametrize("column", ["start_date", "left_company_on"])
@pytest.mark.parametrize("bad", ["2024-02-30", "yesterday", "15/03/2021", "2024-1-5",
                                 "20240105", "2024-W01-1"])
def test_a_person_with_a_date_that_is_not_yyyy_mm_dd_is_refused_and_nothing_is_saved(
    vault: Vault, column: str, bad: str
) -> None:
    before = table_counts(vault)
    with pytest.raises(InvalidInput, match="not a date"):
        people.add_person(vault, Person(name="Ravi", **{column: bad}))
    assert table_counts(vault) == before


def test_an_update_with_a_bad_date_leaves_the_person_as_they_were(vault: Vault) -> None:
    ravi = add(vault, "Ravi", start_date="2021-03-15")
    ravi.name = "Ravi Renamed"
    ravi.start_date = "2021-02-31"
    with pytest.raises(InvalidInput):
        people.update_person(vault, ravi)
    stored = people.get_person(vault, ravi.id)
    assert (stored.name, stored.start_date) == ("Ravi", "2021-03-15")


def test_a_person_cannot_be_their_own_oc_member(vault: Vault) -> None:
    maya = add_oc(vault, "Maya")
    maya.assigned_oc_member_id = maya.id
    with pytest.raises(InvalidInput, match="own"):
        people.update_person(vault, maya)
    assert people.get_person(vault, maya.id).assigned_oc_member_id is None


def test_updating_someone_who_was_deleted_is_refused(vault: Vault) -> None:
    ravi = add(vault, "Ravi")
    people.delete_person(vault, ravi.id)
    with pytest.raises(InvalidInput, match="no longer exists"):
        people.update_person(vault, ravi)
    with pytest.raises(InvalidInput, match="no longer exists"):
        people.get_person(vault, ravi.id)


def test_display_name_prefers_the_code_name(vault: Vault) -> None:
    assert add(vault, "Ravi Kumar", code_name="Sparrow").display_name == "Sparrow"
    assert add(vault, "Lena Vogel").display_name == "Lena Vogel"
    assert Person(name="Lena", code_name="   ").display_name == "Lena"


def test_find_people_matches_name_or_code_name_with_prefix_matches_first(vault: Vault) -> None:
    ravi = add(vault, "Ravi Kumar", code_name="Sparrow")
    arav = add(vault, "Arav Singh")
    add(vault, "Tom Berg")
    assert people.find_people(vault, "rav") == [(ravi.id, "Sparrow"), (arav.id, "Arav Singh")]
    assert people.find_people(vault, "SPARR") == [(ravi.id, "Sparrow")]
    assert people.find_people(vault, "  ") == []
    assert len(people.find_people(vault, "a", limit=1)) == 1


def test_find_people_treats_like_wildcards_as_plain_characters(vault: Vault) -> None:
    add(vault, "Ravi Kumar")
    percent = add(vault, "100% Dana")
    assert people.find_people(vault, "%") == [(percent.id, "100% Dana")]
    assert people.find_people(vault, "_") == []


def test_oc_members_lists_only_committee_members_by_display_name(vault: Vault) -> None:
    maya = add_oc(vault, "Maya", code_name="Zed")
    jun = add_oc(vault, "Jun")
    add(vault, "Ravi")
    assert people.oc_members(vault) == [(jun.id, "Jun"), (maya.id, "Zed")]


# ----- the people table ---------------------------------------------------------------------


@dataclass
class World:
    """Seven coworkers spread over departments, shifts, sites, assessments and contact."""

    vault: Vault
    infra: str
    sales: str
    day: str
    night: str
    berlin: str
    remote: str
    on_call: str
    ids: dict[str, str]  # display name -> id

    def names(self, ids: list[str]) -> list[str]:
        by_id = {v: k for k, v in self.ids.items()}
        return [by_id[i] for i in ids]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    """Built once per module: the tests that use it only read."""
    with scratch_vault(tmp_path_factory, "people-world") as vault:
        yield _build_world(vault)


def _build_world(vault: Vault) -> World:
    infra, sales = department(vault, "Infra"), department(vault, "Sales")
    day, night = shift(vault, "Day"), shift(vault, "Night")
    berlin, remote = site(vault, "Berlin"), site(vault, "Remote")
    on_call = workplace_issues.get_or_add_issue(vault, "on-call load").id
    maya = add_oc(vault, "Maya", department_id=infra, shift_id=day, site_id=berlin,
                  job_title="Engineer")
    jun = add_oc(vault, "Jun", department_id=sales, shift_id=day)
    ravi = add(vault, "Ravi", department_id=infra, shift_id=day, site_id=berlin,
               assigned_oc_member_id=maya.id, is_organic_leader=True, team="Storage")
    lena = add(vault, "Lena", code_name="Wren", department_id=infra, shift_id=night,
               site_id=remote, assigned_oc_member_id=maya.id, team="Networks")
    tom = add(vault, "Tom", department_id=sales, shift_id=day, site_id=berlin, team="Accounts")
    ana = add(vault, "Ana", department_id=sales, shift_id=night, job_title="Analyst")
    bo = add(vault, "Bo", assigned_oc_member_id=jun.id, is_organic_leader=True,
             job_title="engineer")

    people.record_assessment(vault, maya.id, 1, basis="other")
    people.record_assessment(vault, tom.id, 4, basis="hearsay")
    people.record_assessment(vault, bo.id, 5, basis="hearsay")
    conversations.log_one_on_one(
        vault, OneOnOne(person_id=ravi.id, held_on=days_ago(5), oc_member_id=maya.id,
                        assessment_after=3, issue_ids=[on_call]),
        follow_up=FollowUpRequest(due_on=days_ahead(3)),
    )
    conversations.log_one_on_one(
        vault, OneOnOne(person_id=lena.id, held_on=days_ago(40), oc_member_id=maya.id,
                        assessment_after=2),
        follow_up=FollowUpRequest(due_on=days_ahead(10)),
    )
    conversations.log_one_on_one(vault, OneOnOne(person_id=ana.id, held_on=days_ago(60)))
    follow_ups.add_follow_up(vault, tom.id, days_ahead(1), "bring the petition")
    workplace_issues.add_issue_to_people(vault, [tom.id], on_call)
    ids = {"Maya": maya.id, "Jun": jun.id, "Ravi": ravi.id, "Wren": lena.id, "Tom": tom.id,
           "Ana": ana.id, "Bo": bo.id}
    return World(vault, infra, sales, day, night, berlin, remote, on_call, ids)


def test_without_a_filter_the_table_lists_everyone_by_display_name(world: World) -> None:
    vault = world.vault
    ids = people.people_ids(vault)
    assert world.names(ids) == ["Ana", "Bo", "Jun", "Maya", "Ravi", "Tom", "Wren"]
    assert people.count_people(vault) == 7


FILTERS: dict[str, tuple[object, list[str]]] = {
    "department": ("department_ids", ["Maya", "Ravi", "Wren"]),
    "shift": ("shift_ids", ["Ana", "Wren"]),
    "site": ("site_ids", ["Maya", "Ravi", "Tom"]),
    "assessment": ("assessments", ["Ravi", "Wren"]),
    "not assessed": ("not_assessed", ["Ana", "Jun"]),
    "not assessed or opposed": ("not_assessed_or_5", ["Ana", "Bo", "Jun"]),
    "oc members": ("oc_members_only", ["Jun", "Maya"]),
    "assigned to Maya": ("assigned_oc_member_id", ["Ravi", "Wren"]),
    "unassigned": ("unassigned_only", ["Ana", "Tom"]),
    "issue": ("issue_id", ["Ravi", "Tom"]),
    "not contacted in 30 days": ("not_contacted_days", ["Ana", "Bo", "Jun", "Maya", "Tom",
                                                        "Wren"]),
    "organic leaders": ("organic_leaders_only", ["Bo", "Ravi"]),
    "name contains": ("name_contains", ["Wren"]),
}


def _filter(world: World, key: object) -> PeopleFilter:
    return {
        "department_ids": PeopleFilter(department_ids=frozenset({world.infra})),
        "shift_ids": PeopleFilter(shift_ids=frozenset({world.night})),
        "site_ids": PeopleFilter(site_ids=frozenset({world.berlin})),
        "assessments": PeopleFilter(assessments=frozenset({2, 3})),
        "not_assessed": PeopleFilter(assessments=frozenset({0})),
        "not_assessed_or_5": PeopleFilter(assessments=frozenset({0, 5})),
        "oc_members_only": PeopleFilter(oc_members_only=True),
        "assigned_oc_member_id": PeopleFilter(assigned_oc_member_id=world.ids["Maya"]),
        "unassigned_only": PeopleFilter(unassigned_only=True),
        "issue_id": PeopleFilter(issue_id=world.on_call),
        "not_contacted_days": PeopleFilter(not_contacted_days=30),
        "organic_leaders_only": PeopleFilter(organic_leaders_only=True),
        "name_contains": PeopleFilter(name_contains=" REN "),
    }[str(key)]


@pytest.mark.parametrize("label", list(FILTERS))
def test_each_filter_alone_selects_exactly_the_matching_people(
    world: World, label: str
) -> None:
    vault = world.vault
    key, expected = FILTERS[label]
    people_filter = _filter(world, key)
    ids = people.people_ids(vault, people_filter)
    assert world.names(ids) == expected
    assert people.count_people(vault, people_filter) == len(ids)


def test_filters_combine_department_assessment_and_not_contacted(world: World) -> None:
    vault = world.vault
    combined = PeopleFilter(
        department_ids=frozenset({world.infra}), assessments=frozenset({2, 3}),
        not_contacted_days=30,
    )
    # Ravi (Infra, 3) was talked to 5 days ago; Maya (Infra) is a 1; Wren is left.
    assert world.names(people.people_ids(vault, combined)) == ["Wren"]
    assert people.count_people(vault, combined) == 1


def test_filters_combine_shift_site_and_unassigned(world: World) -> None:
    vault = world.vault
    combined = PeopleFilter(shift_ids=frozenset({world.day}),
                            site_ids=frozenset({world.berlin}), unassigned_only=True)
    assert world.names(people.people_ids(vault, combined)) == ["Tom"]
    assert people.count_people(vault, combined) == 1


BLANKS: dict[str, tuple[str, list[str]]] = {
    # Bo has no department, shift or site; Jun and Ana have no site.
    "no department": ("department", ["Bo"]),
    "no shift": ("shift", ["Bo"]),
    "no site": ("site", ["Ana", "Bo", "Jun"]),
}


def _blank_filter(world: World, field: str, *real: str) -> PeopleFilter:
    chosen = frozenset(real)
    if field == "department":
        return PeopleFilter(department_ids=chosen | {people.NO_DEPARTMENT})
    if field == "shift":
        return PeopleFilter(shift_ids=chosen | {people.NO_SHIFT})
    return PeopleFilter(site_ids=chosen | {people.NO_SITE})


@pytest.mark.parametrize("label", list(BLANKS))
def test_a_blank_department_shift_or_site_can_be_chosen(world: World, label: str) -> None:
    field, expected = BLANKS[label]
    blank = _blank_filter(world, field)
    ids = people.people_ids(world.vault, blank)
    assert ids == [world.ids[name] for name in expected]
    assert people.count_people(world.vault, blank) == len(expected)
    # Alone, the blank is a plain IS NULL: no OR for SQLite to answer with two lookups.
    where, params = blank.where()
    assert where == f"p.{field}_id IS NULL" and params == []


def test_a_blank_and_real_ids_together_match_either(world: World) -> None:
    vault = world.vault
    infra_or_none = _blank_filter(world, "department", world.infra)
    assert world.names(people.people_ids(vault, infra_or_none)) == ["Bo", "Maya", "Ravi", "Wren"]
    night_or_none = _blank_filter(world, "shift", world.night)
    assert world.names(people.people_ids(vault, night_or_none)) == ["Ana", "Bo", "Wren"]
    assert people.count_people(vault, night_or_none) == 3
    # Combined with another field: no department and no shift at Berlin is nobody.
    nobody = PeopleFilter(department_ids=frozenset({people.NO_DEPARTMENT}),
                          site_ids=frozenset({world.berlin}))
    assert people.people_ids(vault, nobody) == []


def test_current_only_leaves_out_people_who_left(vault: Vault) -> None:
    stays = add(vault, "Stays")
    add(vault, "Left", left_company_on="2026-01-31")
    current = PeopleFilter(department_ids=frozenset({people.NO_DEPARTMENT}), current_only=True)
    assert people.people_ids(vault, current) == [stays.id]
    assert people.count_people(vault, current) == 1
    assert people.count_people(vault, PeopleFilter(current_only=False)) == 2


def test_not_contacted_filter_counts_days_from_today(world: World) -> None:
    vault = world.vault
    recent = PeopleFilter(not_contacted_days=4)
    assert "Ravi" in world.names(people.people_ids(vault, recent))
    assert "Ravi" not in world.names(people.people_ids(vault, PeopleFilter(not_contacted_days=6)))


SORTED: dict[PeopleSort, tuple[list[str], list[str]]] = {
    PeopleSort.NAME: (["Ana", "Bo", "Jun", "Maya", "Ravi", "Tom", "Wren"],
                      ["Wren", "Tom", "Ravi", "Maya", "Jun", "Bo", "Ana"]),
    PeopleSort.DEPARTMENT: (["Maya", "Ravi", "Wren", "Ana", "Jun", "Tom", "Bo"],
                            ["Ana", "Jun", "Tom", "Maya", "Ravi", "Wren", "Bo"]),
    PeopleSort.SHIFT: (["Jun", "Maya", "Ravi", "Tom", "Ana", "Wren", "Bo"],
                       ["Ana", "Wren", "Jun", "Maya", "Ravi", "Tom", "Bo"]),
    PeopleSort.TEAM: (["Tom", "Wren", "Ravi", "Ana", "Bo", "Jun", "Maya"],
                      ["Ravi", "Wren", "Tom", "Ana", "Bo", "Jun", "Maya"]),
    # "Engineer" and "engineer" are the same job title: their tie goes by name.
    PeopleSort.JOB_TITLE: (["Ana", "Bo", "Maya", "Jun", "Ravi", "Tom", "Wren"],
                           ["Bo", "Maya", "Ana", "Jun", "Ravi", "Tom", "Wren"]),
    PeopleSort.SITE: (["Maya", "Ravi", "Tom", "Wren", "Ana", "Bo", "Jun"],
                      ["Wren", "Maya", "Ravi", "Tom", "Ana", "Bo", "Jun"]),
    PeopleSort.ASSESSMENT: (["Maya", "Wren", "Ravi", "Tom", "Bo", "Ana", "Jun"],
                            ["Bo", "Tom", "Ravi", "Wren", "Maya", "Ana", "Jun"]),
    PeopleSort.OC_MEMBER: (["Bo", "Ravi", "Wren", "Ana", "Jun", "Maya", "Tom"],
                           ["Ravi", "Wren", "Bo", "Ana", "Jun", "Maya", "Tom"]),
    PeopleSort.LAST_CONTACT: (["Ana", "Wren", "Ravi", "Bo", "Jun", "Maya", "Tom"],
                              ["Ravi", "Wren", "Ana", "Bo", "Jun", "Maya", "Tom"]),
    PeopleSort.NEXT_FOLLOW_UP: (["Tom", "Ravi", "Wren", "Ana", "Bo", "Jun", "Maya"],
                                ["Wren", "Ravi", "Tom", "Ana", "Bo", "Jun", "Maya"]),
}


@pytest.mark.parametrize("sort", list(PeopleSort), ids=lambda s: s.value)
@pytest.mark.parametrize("descending", [False, True], ids=["ascending", "descending"])
def test_sorting_by_each_column_puts_blanks_last_and_breaks_ties_by_name(
    world: World, sort: PeopleSort, descending: bool
) -> None:
    vault = world.vault
    ascending_order, descending_order = SORTED[sort]
    ids = people.people_ids(vault, sort=sort, descending=descending)
    assert world.names(ids) == (descending_order if descending else ascending_order)


def test_every_sort_has_an_expected_order() -> None:
    assert set(SORTED) == set(PeopleSort)


def test_people_rows_show_each_column_in_the_order_asked(world: World) -> None:
    vault = world.vault
    ravi, wren = world.ids["Ravi"], world.ids["Wren"]
    rows = people.people_rows(vault, [wren, "no-such-id", ravi])
    assert [r.id for r in rows] == [wren, ravi]
    assert rows[1] == people.PersonRow(
        id=ravi, display_name="Ravi", department="Infra", shift="Day", site="Berlin",
        assessment=3, is_oc_member=False, is_organic_leader=True, oc_member="Maya",
        last_contact_on=days_ago(5), next_follow_up_on=days_ahead(3), team="Storage",
        job_title="",
    )
    assert rows[0].display_name == "Wren"
    assert (rows[0].site, rows[0].assessment) == ("Remote", 2)
    bo = people.people_rows(vault, [world.ids["Bo"]])[0]
    assert (bo.department, bo.shift, bo.site, bo.oc_member) == ("", "", "", "Jun")
    assert bo.last_contact_on is None and bo.next_follow_up_on is None
    assert people.people_rows(vault, []) == []


def test_people_rows_fetches_more_than_one_chunk_in_order(vault: Vault) -> None:
    with vault.transaction() as conn:
        stamp = records.now()
        ids = [records.new_id() for _ in range(1203)]
        conn.executemany(
            "INSERT INTO person (id, name, created_at, updated_at) VALUES (?,?,?,?)",
            [(i, f"P{n:05d}", stamp, stamp) for n, i in enumerate(ids)],
        )
    wanted = list(reversed(ids))
    assert [r.id for r in people.people_rows(vault, wanted)] == wanted
    assert people.count_people(vault) == len(people.people_ids(vault)) == 1203


# ----- bulk assignment ----------------------------------------------------------------------


def test_assigning_an_oc_member_to_many_people_at_once(vault: Vault) -> None:
    maya = add_oc(vault, "Maya")
    ravi, tom = add(vault, "Ravi"), add(vault, "Tom")
    assert people.assign_oc_member(vault, [ravi.id, tom.id, maya.id], maya.id) == 2
    assert people.get_person(vault, ravi.id).assigned_oc_member_id == maya.id
    assert people.get_person(vault, tom.id).assigned_oc_member_id == maya.id
    assert people.get_person(vault, maya.id).assigned_oc_member_id is None
    assert people.assign_oc_member(vault, [ravi.id], None) == 1
    assert people.get_person(vault, ravi.id).assigned_oc_member_id is None


def test_assigning_someone_who_is_not_on_the_committee_is_refused(vault: Vault) -> None:
    ravi, tom = add(vault, "Ravi"), add(vault, "Tom")
    with pytest.raises(InvalidInput, match="OC member"):
        people.assign_oc_member(vault, [ravi.id], tom.id)
    with pytest.raises(InvalidInput, match="OC member"):
        people.assign_oc_member(vault, [ravi.id], "no-such-person")
    assert people.get_person(vault, ravi.id).assigned_oc_member_id is None


def test_people_counts_and_coverage(world: World) -> None:
    vault = world.vault
    counts = people.people_counts(vault)
    assert counts == people.PeopleCounts(
        people=7, oc_members=2, assigned=3, assessed=5, supporters=2, organic_leaders=2,
        by_score={1: 1, 2: 1, 3: 1, 4: 1, 5: 1},
    )
    # Ravi, Wren and Bo of the five coworkers who are not on the committee.
    assert counts.coverage == pytest.approx(3 / 5)


def test_an_empty_vault_has_zero_coverage(vault: Vault) -> None:
    counts = people.people_counts(vault)
    assert (counts.people, counts.coverage, counts.by_score) == (0, 0.0, {})


# ----- assessments --------------------------------------------------------------------------


def test_assessment_history_is_newest_first_and_the_person_follows_the_newest(
    vault: Vault, oc_member: Person
) -> None:
    ravi = add(vault, "Ravi")
    assert people.get_person(vault, ravi.id).assessment is None
    people.record_assessment(vault, ravi.id, 3, assessed_by_id=oc_member.id,
                             assessed_at="2026-01-10T10:00:00.000Z", note="undecided")
    people.record_assessment(vault, ravi.id, 2, basis="hearsay",
                             assessed_at="2026-02-10T10:00:00.000Z", note="told Jun")
    assert people.get_person(vault, ravi.id).assessment == 2
    # An older assessment typed in later does not replace the newest one.
    people.record_assessment(vault, ravi.id, 5, basis="structure test",
                             assessed_at="2025-12-01T10:00:00.000Z")
    assert people.get_person(vault, ravi.id).assessment == 2
    history = people.assessment_history(vault, ravi.id)
    assert [(h.score, h.basis, h.note) for h in history] == [
        (2, "hearsay", "told Jun"), (3, "one-on-one", "undecided"), (5, "structure test", ""),
    ]
    assert history[1].assessed_by == oc_member.display_name
    assert history[0].assessed_by == ""


def test_clearing_an_assessment_leaves_the_person_not_assessed(vault: Vault) -> None:
    ravi = add(vault, "Ravi")
    people.record_assessment(vault, ravi.id, 3)
    people.record_assessment(vault, ravi.id, None, basis="other", note="left the team")
    assert people.get_person(vault, ravi.id).assessment is None
    assert [h.score for h in people.assessment_history(vault, ravi.id)] == [None, 3]


@pytest.mark.parametrize(("score", "basis"), [(0, "hearsay"), (6, "hearsay"), (-1, "other"),
                                               (3, "gossip"), (3, "")])
def test_an_assessment_outside_the_scale_or_with_an_unknown_basis_is_refused(
    vault: Vault, score: int, basis: str
) -> None:
    ravi = add(vault, "Ravi")
    with pytest.raises(InvalidInput):
        people.record_assessment(vault, ravi.id, score, basis=basis)
    assert people.assessment_history(vault, ravi.id) == []
    assert people.get_person(vault, ravi.id).assessment is None


# ----- erasure ------------------------------------------------------------------------------

MARKER = "Zqxvorlekmarker"


@dataclass
class Erasable:
    ravi: Person
    tom: Person
    maya: Person
    one_on_one_id: str
    issue_id: str


def _person_with_everything(vault: Vault) -> Erasable:
    """Ravi, with a 1:1, assessments, follow-ups, relationships both ways, an action, calls,
    a draft and an issue, and a marker word in every free-text field about him."""
    maya = add_oc(vault, "Maya Okafor")
    tom = add(vault, "Tom Berg", assigned_oc_member_id=None)
    ravi = add(vault, f"Ravi {MARKER}name", code_name=f"{MARKER}code",
               notes=f"Secret: {MARKER} said he would sign.")
    issue = workplace_issues.get_or_add_issue(vault, "on-call load")
    entry = conversations.log_one_on_one(
        vault,
        OneOnOne(person_id=ravi.id, held_on="2026-11-20", oc_member_id=maya.id,
                 agitate=f"{MARKER} hates the pager", ask="sign the petition", answer="yes",
                 assessment_after=2, next_step=f"call {MARKER} back", notes=f"{MARKER} notes",
                 issue_ids=[issue.id]),
        follow_up=FollowUpRequest(due_on="2026-11-27", description=f"{MARKER} follow-up"),
    )
    people.record_assessment(vault, ravi.id, 1, basis="hearsay", note=f"{MARKER} hearsay")
    follow_ups.add_follow_up(vault, ravi.id, "2026-12-01", f"{MARKER} second follow-up")
    relationships.add_relationship(vault, ravi.id, tom.id, "influences", f"{MARKER} leads")
    relationships.add_relationship(vault, tom.id, ravi.id, "close to", f"{MARKER} friend")
    conversations.save_draft(vault, "one-on-one", ravi.id, {"notes": f"{MARKER} draft"})
    # Tom was assigned to Ravi (made an OC member for the occasion).
    stamp = records.now()
    with vault.transaction() as conn:
        conn.execute("UPDATE person SET is_oc_member = 1 WHERE id = ?", (ravi.id,))
        conn.execute("UPDATE person SET assigned_oc_member_id = ? WHERE id = ?",
                     (ravi.id, tom.id))
        test_id = records.new_id()
        conn.execute(
            "INSERT INTO structure_test (id, name, target_percent, created_at, updated_at) "
            "VALUES (?, 'Petition', 51, ?, ?)", (test_id, stamp, stamp))
        conn.execute(
            "INSERT INTO participation (id, structure_test_id, person_id, status, created_at, "
            "updated_at) VALUES (?,?,?,'committed',?,?)",
            (records.new_id(), test_id, ravi.id, stamp, stamp))
        conn.execute(
            "INSERT INTO call_attempt (id, person_id, caller_id, called_at, outcome, "
            "commitment, note, created_at, updated_at) VALUES (?,?,?,?,'reached','sign',?,?,?)",
            (records.new_id(), ravi.id, maya.id, stamp, f"{MARKER} call", stamp, stamp))
        conn.execute(
            "INSERT INTO call_attempt (id, person_id, caller_id, called_at, outcome, "
            "created_at, updated_at) VALUES (?,?,?,?,'no answer',?,?)",
            (records.new_id(), ravi.id, maya.id, stamp, stamp, stamp))
        plan_id, list_id = records.new_id(), records.new_id()
        conn.execute(
            "INSERT INTO action_plan (id, title, created_at, updated_at) "
            "VALUES (?, 'Deliver the letter', ?, ?)", (plan_id, stamp, stamp))
        conn.execute("INSERT INTO action_plan_person (plan_id, person_id) VALUES (?, ?)",
                     (plan_id, ravi.id))
        conn.execute(
            "INSERT INTO call_list (id, name, created_at, updated_at) "
            "VALUES (?, 'Petition drive', ?, ?)", (list_id, stamp, stamp))
        conn.execute(
            "INSERT INTO call_list_person (call_list_id, person_id, position) VALUES (?,?,1)",
            (list_id, ravi.id))
    return Erasable(ravi, tom, maya, entry.id, issue.id)


def _rows_mentioning(vault: Vault, value: str) -> list[str]:
    """'table.column' for every stored value equal to `value`, across all ordinary tables."""
    conn = vault.connection
    found = []
    tables = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "AND name NOT LIKE 'search_index%'")]
    for table in tables:
        for column in [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]:
            hits = conn.execute(f"SELECT count(*) FROM {table} WHERE {column} = ?", (value,))
            if hits.fetchone()[0]:
                found.append(f"{table}.{column}")
    return found


def test_deleting_a_person_erases_everything_about_them_and_keeps_only_a_tombstone(
    vault: Vault,
) -> None:
    world = _person_with_everything(vault)
    ravi = world.ravi.id
    assert people.erasure_preview(vault, ravi) == {
        "one-on-ones": 1, "assessments": 2, "follow-ups": 2, "relationships": 2,
        "action participations": 1, "call attempts": 2, "drafts": 1,
        "action plan links": 1, "call list entries": 1,
    }
    assert count(vault, "person_issue", "person_id = ?", (ravi,)) == 1
    assert count(vault, "call_list_person", "person_id = ?", (ravi,)) == 1

    erased = people.delete_person(vault, ravi)

    assert erased["one-on-ones"] == 1 and erased["relationships"] == 2
    for table, column in [
        ("person", "id"), ("one_on_one", "person_id"), ("assessment", "person_id"),
        ("follow_up", "person_id"), ("relationship", "person_id"),
        ("relationship", "other_person_id"), ("participation", "person_id"),
        ("call_attempt", "person_id"), ("draft", "person_id"), ("person_issue", "person_id"),
        ("one_on_one_issue", "one_on_one_id"), ("action_plan_person", "person_id"),
        ("call_list_person", "person_id"),
    ]:
        value = world.one_on_one_id if table == "one_on_one_issue" else ravi
        assert count(vault, table, f"{column} = ?", (value,)) == 0, table
    # The UUID survives twice: the tombstone, and the erasure's stamp that carries it to
    # the committee (no other stamp of Ravi's, not even of the links that went with him).
    assert sorted(_rows_mentioning(vault, ravi)) == ["field_stamp.row_id", "tombstone.id"]
    assert vault.connection.execute(
        "SELECT field FROM field_stamp WHERE instr(row_id, ?)", (ravi,)
    ).fetchall() == [("_deleted",)]
    tombstone = vault.connection.execute("SELECT * FROM tombstone").fetchall()
    assert len(tombstone) == 1
    assert tombstone[0][:2] == (ravi, "person")
    # Everyone else stays; Tom just has no assigned OC member any more.
    assert people.get_person(vault, world.tom.id).assigned_oc_member_id is None
    assert people.get_person(vault, world.maya.id).name == "Maya Okafor"
    assert workplace_issues.list_issues(vault)[0].people == 0
    # The plan and the call list stay; only Ravi's place on them goes.
    assert count(vault, "action_plan") == count(vault, "call_list") == 1


def test_after_deleting_a_person_search_finds_none_of_their_words(vault: Vault) -> None:
    world = _person_with_everything(vault)
    assert search.search(vault, MARKER)
    people.delete_person(vault, world.ravi.id)
    for words in (MARKER, "Ravi", "pager", "petition", f"{MARKER}code", "hearsay"):
        assert search.search(vault, words) == [], words
    assert count(vault, "search_index", "person_id = ?", (world.ravi.id,)) == 0
    assert [h.person for h in search.search(vault, "Tom")] == ["Tom Berg"]


def test_deleting_someone_twice_is_refused_and_keeps_one_tombstone(vault: Vault) -> None:
    ravi = add(vault, "Ravi")
    people.delete_person(vault, ravi.id)
    with pytest.raises(InvalidInput, match="no longer exists"):
        people.delete_person(vault, ravi.id)
    assert count(vault, "tombstone") == 1


def _assert_wal_empty(path: Path) -> None:
    wal = path.with_name(path.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0, "the WAL still holds page images"


def test_deleted_persons_words_are_gone_from_every_decrypted_page_of_the_file(
    vault: Vault,
) -> None:
    pytest.importorskip("cryptography", reason="the independent page reader needs it")
    world = _person_with_everything(vault)
    vault.checkpoint()
    before = pages_containing(decrypted_pages(vault.path, vault.raw_key), MARKER)
    # The control: the marker really is in the file before the deletion.
    assert len(before) >= 3

    people.delete_person(vault, world.ravi.id)

    _assert_wal_empty(vault.path)
    pages = decrypted_pages(vault.path, vault.raw_key)
    assert pages_containing(pages, MARKER) == []
    assert pages_containing(pages, MARKER.lower()[3:]) == []  # no prefix-compressed FTS term
    vault.close()
    _assert_wal_empty(vault.path)


def test_deleted_persons_words_are_gone_from_every_page_read_through_sqlite_dbpage(
    vault: Vault,
) -> None:
    path = vault.path
    probe = sqlcipher3.connect(":memory:")
    try:
        probe.execute("SELECT count(*) FROM sqlite_dbpage").fetchone()
    except sqlcipher3.OperationalError:
        pytest.skip("this SQLCipher build has no sqlite_dbpage virtual table "
                    "(SQLITE_ENABLE_DBPAGE_VTAB); the decrypted-page test above covers it")
    finally:
        probe.close()
    world = _person_with_everything(vault)
    people.delete_person(vault, world.ravi.id)
    vault.checkpoint()
    vault.close()
    _assert_wal_empty(path)
    conn = sqlcipher3.connect(str(path))
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.set_key(PASSPHRASE)
        pages = [bytes(row[0]) for row in conn.execute("SELECT data FROM sqlite_dbpage")]
    finally:
        conn.close()
    assert pages
    assert pages_containing(pages, MARKER) == []


def test_a_draft_body_is_stored_as_json_and_erased_with_its_person(vault: Vault) -> None:
    ravi = add(vault, "Ravi")
    draft_id = conversations.save_draft(vault, "one-on-one", ravi.id, {"notes": "x"})
    body = vault.connection.execute("SELECT body FROM draft WHERE id = ?", (draft_id,))
    assert json.loads(body.fetchone()[0]) == {"notes": "x"}
    people.delete_person(vault, ravi.id)
    assert count(vault, "draft") == 0


def test_person_dataclass_lists_every_editable_field() -> None:
    names = {f.name for f in fields(Person)}
    assert set(people.EDITABLE_FIELDS) <= names


# Stale references: a form still open on someone who was just deleted.
STALE_ACTIONS = {
    "follow-up": lambda v, gone, other: follow_ups.add_follow_up(v, gone, "2026-12-01"),
    "relationship": lambda v, gone, other: relationships.add_relationship(v, other, gone),
    "issue": lambda v, gone, other: workplace_issues.add_issue_to_people(
        v, [gone], workplace_issues.get_or_add_issue(v, "pay").id),
    "assessment": lambda v, gone, other: people.record_assessment(v, gone, 3),
    "draft autosave": lambda v, gone, other: conversations.save_draft(
        v, "one-on-one", gone, {"notes": "typing"}),
    "one-on-one by a deleted OC member": lambda v, gone, other: conversations.log_one_on_one(
        v, OneOnOne(person_id=other, oc_member_id=gone)),
}


@pytest.mark.parametrize("action", list(STALE_ACTIONS))
def test_acting_on_someone_just_deleted_is_refused_without_calling_the_vault_damaged(
    vault: Vault, action: str
) -> None:
    tom = add(vault, "Tom")
    gone = add(vault, "Ravi").id
    people.delete_person(vault, gone)
    workplace_issues.get_or_add_issue(vault, "pay")
    before = table_counts(vault)
    with pytest.raises(OrganizerError) as refused:
        STALE_ACTIONS[action](vault, gone, tom.id)
    assert table_counts(vault) == before
    assert not isinstance(refused.value, VaultDamaged), str(refused.value)
