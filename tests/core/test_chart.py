"""The wall chart, the majority tracker, the issues tally and support history: the numbers are
right, checked against tables worked out by hand on small campaigns built in real vaults."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from organizer.core import campaign, chart, people, workplace_issues
from organizer.core.campaign import Threshold
from organizer.core.chart import ChartCell
from organizer.core.conversations import OneOnOne, log_one_on_one
from organizer.core.vault import Vault
from tests.core.domain_fixtures import (
    add,
    add_oc,
    department,
    shift,
    site,
)


@dataclass
class Unit:
    """12 current people in Infra and Support x Day and Night, an empty Legal department,
    and Jon, who left. Assessment in brackets, (OC) on the committee, -> assigned OC member.

                 Day                                      Night
    Infra        Maya (1, OC), Ravi (3) -> Maya,          Cleo (1) -> Maya, Dev (4)
                 Ana (2) -> Maya, Ben (-)
                 [Jon (1), left the company]
    Support      Omar (2, OC), Eli (1) -> Omar,           Ivy (2)
                 Fay (5) -> Omar, Gus (-) -> Omar, Hana (3)
    Legal        nobody                                   nobody
    """

    infra: str
    support: str
    legal: str
    day: str
    night: str
    ids: dict[str, str]


def build_unit(vault: Vault) -> Unit:
    infra, support, legal = (department(vault, n) for n in ("Infra", "Support", "Legal"))
    day, night = shift(vault, "Day"), shift(vault, "Night")
    ids: dict[str, str] = {}
    maya = add_oc(vault, "Maya", department_id=infra, shift_id=day)
    omar = add_oc(vault, "Omar", department_id=support, shift_id=day)
    ids["Maya"], ids["Omar"] = maya.id, omar.id
    plan = [
        ("Ravi", infra, day, maya.id), ("Ana", infra, day, maya.id), ("Ben", infra, day, None),
        ("Cleo", infra, night, maya.id), ("Dev", infra, night, None),
        ("Eli", support, day, omar.id), ("Fay", support, day, omar.id),
        ("Gus", support, day, omar.id), ("Hana", support, day, None),
        ("Ivy", support, night, None),
    ]
    for name, dept, sh, oc in plan:
        ids[name] = add(vault, name, department_id=dept, shift_id=sh,
                        assigned_oc_member_id=oc).id
    ids["Jon"] = add(vault, "Jon", department_id=infra, shift_id=day,
                     left_company_on="2026-10-01").id
    scores = {"Maya": 1, "Omar": 2, "Ravi": 3, "Ana": 2, "Cleo": 1, "Dev": 4, "Eli": 1,
              "Fay": 5, "Hana": 3, "Ivy": 2, "Jon": 1}
    for name, score in scores.items():
        people.record_assessment(vault, ids[name], score)
    return Unit(infra, support, legal, day, night, ids)


def figures(cell: ChartCell) -> dict[str, object]:
    return {
        "people": cell.people, "assessed": cell.assessed, "unassessed": cell.unassessed,
        "by_score": cell.by_score, "supporters": cell.supporters, "share": cell.share,
        "oc": cell.oc_members, "coworkers": cell.coworkers, "covered": cell.covered,
        "coverage": cell.coverage, "ratio": cell.oc_ratio, "warning": cell.ratio_warning,
    }


def expected(people: int, assessed: int, scores: dict[int, int], oc: int, covered: int,
             ratio: float | None, warning: str = "") -> dict[str, object]:
    by_score = {s: scores.get(s, 0) for s in (1, 2, 3, 4, 5)}
    supporters = by_score[1] + by_score[2]
    coworkers = people - oc
    return {
        "people": people, "assessed": assessed, "unassessed": people - assessed,
        "by_score": by_score, "supporters": supporters,
        "share": pytest.approx(supporters / people) if people else 0.0,
        "oc": oc, "coworkers": coworkers, "covered": covered,
        "coverage": pytest.approx(covered / coworkers) if coworkers else 0.0,
        "ratio": ratio, "warning": warning,
    }


NO_OC = "No OC member"


# ----- the wall chart -----------------------------------------------------------------------


def test_every_cell_row_column_and_total_matches_the_hand_count(vault: Vault) -> None:
    u = build_unit(vault)
    wall = chart.wall_chart(vault)

    assert [(a.id, a.name) for a in wall.rows] == [
        (u.infra, "Infra"), (u.support, "Support"), (u.legal, "Legal")]
    assert [(a.id, a.name) for a in wall.columns] == [(u.day, "Day"), (u.night, "Night")]
    table = {
        (u.infra, u.day): expected(4, 3, {1: 1, 2: 1, 3: 1}, oc=1, covered=2, ratio=3.0),
        (u.infra, u.night): expected(2, 2, {1: 1, 4: 1}, oc=0, covered=1, ratio=None,
                                     warning=NO_OC),
        (u.support, u.day): expected(5, 4, {1: 1, 2: 1, 3: 1, 5: 1}, oc=1, covered=3,
                                     ratio=4.0),
        (u.support, u.night): expected(1, 1, {2: 1}, oc=0, covered=0, ratio=None,
                                       warning=NO_OC),
        (u.legal, u.day): expected(0, 0, {}, oc=0, covered=0, ratio=None),
        (u.legal, u.night): expected(0, 0, {}, oc=0, covered=0, ratio=None),
    }
    assert set(wall.cells) == set(table)
    for key, want in table.items():
        assert figures(wall.cell(*key)) == want, key
    assert figures(wall.row_totals[u.infra]) == expected(
        6, 5, {1: 2, 2: 1, 3: 1, 4: 1}, oc=1, covered=3, ratio=5.0)
    assert figures(wall.row_totals[u.support]) == expected(
        6, 5, {1: 1, 2: 2, 3: 1, 5: 1}, oc=1, covered=3, ratio=5.0)
    assert figures(wall.row_totals[u.legal]) == expected(0, 0, {}, oc=0, covered=0, ratio=None)
    assert figures(wall.column_totals[u.day]) == expected(
        9, 7, {1: 2, 2: 2, 3: 2, 5: 1}, oc=2, covered=5, ratio=3.5)
    assert figures(wall.column_totals[u.night]) == expected(
        3, 3, {1: 1, 2: 1, 4: 1}, oc=0, covered=1, ratio=None, warning=NO_OC)
    assert figures(wall.total) == expected(
        12, 10, {1: 3, 2: 3, 3: 2, 4: 1, 5: 1}, oc=2, covered=6, ratio=5.0)
    # The literal figures a reader would check first.
    assert wall.total.share == 0.5
    assert wall.cell(u.infra, u.day).coverage == pytest.approx(2 / 3)
    assert wall.column_totals[u.day].share == pytest.approx(4 / 9)


def test_small_cells_list_their_people_as_badges_by_display_name(vault: Vault) -> None:
    u = build_unit(vault)
    ravi = people.get_person(vault, u.ids["Ravi"])
    ravi.code_name = "Falcon"
    ravi.is_organic_leader = True
    people.update_person(vault, ravi)

    cell = chart.wall_chart(vault).cell(u.infra, u.day)

    assert cell.badges is not None
    assert [(b.display_name, b.assessment, b.is_oc_member, b.is_organic_leader)
            for b in cell.badges] == [
        ("Ana", 2, False, False), ("Ben", None, False, False), ("Falcon", 3, False, True),
        ("Maya", 1, True, False)]
    assert {b.person_id for b in cell.badges} == {
        u.ids[n] for n in ("Ana", "Ben", "Ravi", "Maya")}
    assert chart.wall_chart(vault).cell(u.legal, u.day).badges == []
    assert chart.wall_chart(vault).total.badges is None


def test_badges_stop_above_the_badge_limit(vault: Vault) -> None:
    big, small = department(vault, "Big"), department(vault, "Small")
    day = shift(vault, "Day")
    with vault.transaction() as conn:
        for n in range(chart.BADGE_LIMIT + 1):
            conn.execute(
                "INSERT INTO person (id, name, department_id, shift_id, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, 'x', 'x')", (f"big{n:03d}", f"Big {n:03d}", big, day))
        for n in range(chart.BADGE_LIMIT):
            conn.execute(
                "INSERT INTO person (id, name, department_id, shift_id, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, 'x', 'x')", (f"small{n:03d}", f"Small {n:03d}", small, day))

    wall = chart.wall_chart(vault)

    assert wall.cell(big, day).people == chart.BADGE_LIMIT + 1
    assert wall.cell(big, day).badges is None
    small_badges = wall.cell(small, day).badges
    assert small_badges is not None and len(small_badges) == chart.BADGE_LIMIT
    assert small_badges[0].display_name == "Small 000"


def test_people_without_department_or_shift_get_their_own_row_and_column(vault: Vault) -> None:
    infra, day = department(vault, "Infra"), shift(vault, "Day")
    add(vault, "Placed", department_id=infra, shift_id=day)
    loose = add(vault, "Loose")
    half = add(vault, "Half", department_id=infra)
    people.record_assessment(vault, loose.id, 2)

    wall = chart.wall_chart(vault)

    assert [(a.id, a.name) for a in wall.rows] == [(infra, "Infra"), (None, "No department")]
    assert [(a.id, a.name) for a in wall.columns] == [(day, "Day"), (None, "No shift")]
    assert wall.cell(None, None).people == 1
    assert wall.cell(None, None).supporters == 1
    assert wall.cell(None, None).badges is not None
    assert [b.person_id for b in wall.cell(infra, None).badges or []] == [half.id]
    assert wall.row_totals[None].people == 1
    assert wall.column_totals[None].people == 2
    assert wall.total.people == 3


def test_no_blank_row_or_column_when_everyone_is_placed(vault: Vault) -> None:
    infra, day = department(vault, "Infra"), shift(vault, "Day")
    add(vault, "Placed", department_id=infra, shift_id=day)
    # Someone who left without a department does not bring the blank row back.
    add(vault, "Gone", left_company_on="2026-01-01")

    wall = chart.wall_chart(vault)

    assert [a.id for a in wall.rows] == [infra]
    assert [a.id for a in wall.columns] == [day]


def test_nobody_assessed_gives_zero_shares_and_no_errors(vault: Vault) -> None:
    infra, day = department(vault, "Infra"), shift(vault, "Day")
    oc = add_oc(vault, "Maya", department_id=infra, shift_id=day)
    for name in ("A", "B", "C"):
        add(vault, name, department_id=infra, shift_id=day, assigned_oc_member_id=oc.id)

    cell = chart.wall_chart(vault).cell(infra, day)

    assert figures(cell) == expected(4, 0, {}, oc=1, covered=3, ratio=3.0)
    assert cell.share == 0.0
    tracker = chart.majority_tracker(vault)
    assert tracker.unit.supporters == 0
    assert tracker.unit.reached is None
    assert tracker.unit.next_threshold is not None
    assert tracker.unit.next_threshold.percent == 30.0
    assert tracker.unit.more_needed == 2  # ceil(30% of 4)


def test_an_empty_vault_charts_without_dividing_by_zero(vault: Vault) -> None:
    wall = chart.wall_chart(vault)
    assert wall.rows == [] and wall.columns == [] and wall.cells == {}
    assert figures(wall.total) == expected(0, 0, {}, oc=0, covered=0, ratio=None)
    tracker = chart.majority_tracker(vault)
    assert tracker.unit.people == 0 and tracker.unit.more_needed == 0
    assert tracker.unit.next_threshold is None and not tracker.unit.all_reached
    assert chart.issues_tally(vault).issues == []
    assert chart.people_without_oc_member(vault).total == 0


@pytest.mark.parametrize(("coworkers", "warning"), [
    (10, ""),
    (11, "1 OC member per 11 coworkers (aim for 1 per 10)"),
])
def test_oc_ratio_warns_above_one_per_ten(vault: Vault, coworkers: int, warning: str) -> None:
    infra, day = department(vault, "Infra"), shift(vault, "Day")
    add_oc(vault, "Maya", department_id=infra, shift_id=day)
    for n in range(coworkers):
        add(vault, f"Coworker {n}", department_id=infra, shift_id=day)

    cell = chart.wall_chart(vault).cell(infra, day)

    assert cell.oc_ratio == coworkers
    assert cell.ratio_warning == warning
    assert cell.coverage == 0.0


def test_a_cell_of_only_oc_members_does_not_warn(vault: Vault) -> None:
    infra, day = department(vault, "Infra"), shift(vault, "Day")
    add_oc(vault, "Maya", department_id=infra, shift_id=day)
    cell = chart.wall_chart(vault).cell(infra, day)
    assert (cell.oc_ratio, cell.ratio_warning, cell.coverage) == (0.0, "", 0.0)


def test_moving_a_person_moves_them_on_the_chart(vault: Vault) -> None:
    u = build_unit(vault)
    hana = people.get_person(vault, u.ids["Hana"])
    hana.department_id, hana.shift_id = u.infra, u.night
    hana.assigned_oc_member_id = u.ids["Maya"]
    people.update_person(vault, hana)

    wall = chart.wall_chart(vault)

    assert figures(wall.cell(u.support, u.day)) == expected(
        4, 3, {1: 1, 2: 1, 5: 1}, oc=1, covered=3, ratio=3.0)
    assert figures(wall.cell(u.infra, u.night)) == expected(
        3, 3, {1: 1, 3: 1, 4: 1}, oc=0, covered=2, ratio=None, warning=NO_OC)
    assert wall.row_totals[u.infra].people == 7
    assert wall.row_totals[u.support].people == 5
    assert wall.total.people == 12


def test_people_who_leave_drop_off_the_chart(vault: Vault) -> None:
    u = build_unit(vault)
    eli = people.get_person(vault, u.ids["Eli"])
    eli.left_company_on = "2026-11-20"
    people.update_person(vault, eli)

    wall = chart.wall_chart(vault)

    assert figures(wall.cell(u.support, u.day)) == expected(
        4, 3, {2: 1, 3: 1, 5: 1}, oc=1, covered=2, ratio=3.0)
    assert wall.total.people == 11
    assert u.ids["Eli"] not in {b.person_id for b in wall.cell(u.support, u.day).badges or []}
    assert u.ids["Jon"] not in {b.person_id for b in wall.cell(u.infra, u.day).badges or []}


def test_an_assessment_change_turns_the_cell_greener(vault: Vault) -> None:
    u = build_unit(vault)
    people.record_assessment(vault, u.ids["Ravi"], 2)

    wall = chart.wall_chart(vault)

    assert wall.cell(u.infra, u.day).supporters == 3
    assert wall.cell(u.infra, u.day).share == 0.75
    assert wall.cell(u.infra, u.day).by_score[3] == 0


def test_site_filter_charts_one_site(vault: Vault) -> None:
    infra, day = department(vault, "Infra"), shift(vault, "Day")
    hq, east = site(vault, "HQ"), site(vault, "Eastfield")
    a = add(vault, "A", department_id=infra, shift_id=day, site_id=hq)
    add(vault, "B", department_id=infra, shift_id=day, site_id=east)
    add(vault, "C", department_id=infra, site_id=hq)
    people.record_assessment(vault, a.id, 1)

    at_hq = chart.wall_chart(vault, site_id=hq)

    assert at_hq.site_id == hq
    assert at_hq.total.people == 2
    assert at_hq.cell(infra, day).people == 1
    assert at_hq.cell(infra, day).supporters == 1
    assert [b.person_id for b in at_hq.cell(infra, day).badges or []] == [a.id]
    assert chart.wall_chart(vault, site_id=east).total.supporters == 0
    assert chart.majority_tracker(vault, site_id=east).unit.people == 1


def test_people_who_left_are_counted_apart_from_the_chart(vault: Vault) -> None:
    u = build_unit(vault)
    wall = chart.wall_chart(vault)
    # Jon left: 13 people in the vault, 12 on the chart, and the chart knows why.
    assert wall.total.people == 12 and wall.left_company == 1
    assert people.people_counts(vault).people == wall.total.people + wall.left_company
    hq = site(vault, "HQ")
    add(vault, "Gone from HQ", department_id=u.infra, site_id=hq, left_company_on="2026-11-01")
    add(vault, "At HQ", department_id=u.infra, site_id=hq)
    assert chart.wall_chart(vault).left_company == 2
    at_hq = chart.wall_chart(vault, site_id=hq)
    assert (at_hq.total.people, at_hq.left_company) == (1, 1)


def test_the_tracker_is_folded_until_the_campaign_opens_it(vault: Vault) -> None:
    assert chart.tracker_folded(vault)
    chart.set_tracker_folded(vault, False)
    assert not chart.tracker_folded(vault)
    assert campaign.setting(vault, chart.TRACKER_FOLDED_SETTING) == "0"
    chart.set_tracker_folded(vault, True)
    assert chart.tracker_folded(vault)


# ----- the majority tracker -----------------------------------------------------------------


def line_figures(line: chart.SupportLine) -> tuple[object, ...]:
    return (
        line.name, line.people, line.supporters,
        line.reached.percent if line.reached else None,
        line.next_threshold.percent if line.next_threshold else None,
        line.more_needed,
    )


def test_tracker_places_unit_departments_and_shifts_against_the_lines(vault: Vault) -> None:
    build_unit(vault)

    tracker = chart.majority_tracker(vault)

    assert [t.percent for t in tracker.thresholds] == [30.0, 51.0, 65.0, 80.0, 90.0]
    # Unit: 6 of 12. 30% needs 4 (reached); 51% needs ceil(6.12) = 7: one more.
    assert line_figures(tracker.unit) == ("Whole unit", 12, 6, 30.0, 51.0, 1)
    assert tracker.unit.share == 0.5
    assert [line_figures(d) for d in tracker.departments] == [
        ("Infra", 6, 3, 30.0, 51.0, 1),  # 51% of 6 = ceil(3.06) = 4
        ("Support", 6, 3, 30.0, 51.0, 1),
        ("Legal", 0, 0, None, None, 0),  # empty: nothing to aim for
    ]
    assert [line_figures(s) for s in tracker.shifts] == [
        ("Day", 9, 4, 30.0, 51.0, 1),  # 51% of 9 = ceil(4.59) = 5
        ("Night", 3, 2, 65.0, 80.0, 1),  # 65% of 3 = ceil(1.95) = 2; 80% = ceil(2.4) = 3
    ]
    assert not tracker.departments[2].all_reached
    assert tracker.departments[2].share == 0.0


def test_tracker_follows_edited_thresholds(vault: Vault) -> None:
    build_unit(vault)
    campaign.set_thresholds(vault, [(75.0, "Strong"), (40.0, "Start")])

    tracker = chart.majority_tracker(vault)

    assert [t.percent for t in tracker.thresholds] == [40.0, 75.0]
    assert line_figures(tracker.unit) == ("Whole unit", 12, 6, 40.0, 75.0, 3)  # 9 - 6
    assert [line_figures(s) for s in tracker.shifts] == [
        ("Day", 9, 4, 40.0, 75.0, 3),  # ceil(6.75) = 7
        ("Night", 3, 2, 40.0, 75.0, 1),  # ceil(2.25) = 3
    ]


def test_reaching_every_line_leaves_nothing_more_needed(vault: Vault) -> None:
    u = build_unit(vault)
    campaign.set_thresholds(vault, [(50.0, "Half")])
    tracker = chart.majority_tracker(vault)
    night = tracker.shifts[1]
    assert (night.reached.percent if night.reached else None, night.next_threshold) == (50.0, None)
    assert night.all_reached and night.more_needed == 0
    people.record_assessment(vault, u.ids["Dev"], 5)  # no change in support: still reached
    assert chart.majority_tracker(vault).shifts[1].all_reached


def test_an_assessment_change_updates_more_needed(vault: Vault) -> None:
    u = build_unit(vault)
    people.record_assessment(vault, u.ids["Ravi"], 2)

    infra = chart.majority_tracker(vault).departments[0]

    # 4 of 6: 51% (4) and 65% (ceil 3.9 = 4) reached; 80% needs ceil(4.8) = 5.
    assert line_figures(infra) == ("Infra", 6, 4, 65.0, 80.0, 1)


def test_more_needed_matches_the_guide_example() -> None:
    lines = [Threshold("b", 65.0, ""), Threshold("a", 30.0, "")]
    line = chart.support_line("x", "Infra / Day", 20, 9, lines)
    # 20 people, 9 supporters: 30% needs 6 (reached); 65% needs 13: 4 more.
    assert line_figures(line) == ("Infra / Day", 20, 9, 30.0, 65.0, 4)
    with_majority = chart.support_line("x", "Infra / Day", 20, 9, [*lines, Threshold("c", 51, "")])
    assert line_figures(with_majority)[3:] == (30.0, 51.0, 2)  # 51% of 20 needs 11


@pytest.mark.parametrize(("percent", "people", "needed"), [
    (65.0, 20, 13), (51.0, 20, 11), (30.0, 10, 3), (51.0, 100, 51), (80.0, 5, 4),
    (90.0, 10, 9), (1.0, 1, 1), (33.3, 3, 1), (100.0, 7, 7), (51.0, 0, 0),
    (64.4, 250, 161),  # 161.00000000000003 in floats
])
def test_people_needed_rounds_up_without_float_noise(
    percent: float, people: int, needed: int
) -> None:
    assert chart.people_needed(percent, people) == needed


def test_people_without_an_oc_member_supporters_first(vault: Vault) -> None:
    u = build_unit(vault)

    short = chart.people_without_oc_member(vault)
    first_two = chart.people_without_oc_member(vault, limit=2)

    assert short.total == 4
    assert [(p.display_name, p.assessment, p.department, p.shift, p.oc_member)
            for p in short.people] == [
        ("Ivy", 2, "Support", "Night", ""), ("Hana", 3, "Support", "Day", ""),
        ("Dev", 4, "Infra", "Night", ""), ("Ben", None, "Infra", "Day", "")]
    assert first_two.total == 4 and [p.id for p in first_two.people] == [
        u.ids["Ivy"], u.ids["Hana"]]
    # Filling up from the unassessed when the assessed run out.
    four = chart.people_without_oc_member(vault, limit=4)
    assert [p.display_name for p in four.people] == ["Ivy", "Hana", "Dev", "Ben"]


def test_organic_leaders_not_yet_supportive(vault: Vault) -> None:
    u = build_unit(vault)
    for name in ("Ravi", "Cleo", "Ben", "Fay", "Jon"):
        person = people.get_person(vault, u.ids[name])
        person.is_organic_leader = True
        people.update_person(vault, person)

    leaders = chart.organic_leaders_not_supportive(vault)
    first = chart.organic_leaders_not_supportive(vault, limit=1)

    # Cleo (1) is supportive; Jon left; the unassessed come last.
    assert leaders.total == 3
    assert [(p.display_name, p.assessment, p.oc_member) for p in leaders.people] == [
        ("Ravi", 3, "Maya"), ("Fay", 5, "Omar"), ("Ben", None, "")]
    assert (first.total, [p.display_name for p in first.people]) == (3, ["Ravi"])


# ----- the issues tally ---------------------------------------------------------------------


def test_issues_count_distinct_people_from_one_on_ones_and_records(vault: Vault) -> None:
    u = build_unit(vault)
    pay = workplace_issues.get_or_add_issue(vault, "Pay")
    rto = workplace_issues.get_or_add_issue(vault, "RTO")
    layoffs = workplace_issues.get_or_add_issue(vault, "Layoffs")
    workplace_issues.get_or_add_issue(vault, "Contractors")  # raised by nobody
    maya = u.ids["Maya"]
    for person, held_on, issues in (
        ("Ravi", "2026-11-01", [pay.id, rto.id]),
        ("Ravi", "2026-11-08", [pay.id]),  # Ravi again: still one person for pay
        ("Ana", "2026-11-02", [pay.id, layoffs.id]),
        ("Jon", "2026-09-01", [pay.id, layoffs.id]),  # left the company: not counted
    ):
        log_one_on_one(vault, OneOnOne(u.ids[person], held_on, maya, issue_ids=issues))
    floater = add(vault, "Floater").id  # no department
    workplace_issues.add_issue_to_people(vault, [u.ids["Hana"], floater], rto.id)  # by hand
    # Unlinked from Ana's record: a correction, so no longer counted.
    workplace_issues.remove_issue_from_person(vault, u.ids["Ana"], layoffs.id)

    tally = chart.issues_tally(vault)

    assert [(i.name, i.people, i.by_department) for i in tally.issues] == [
        ("RTO", 3, {u.infra: 1, u.support: 1, None: 1}),
        ("Pay", 2, {u.infra: 2}),
        ("Contractors", 0, {}),
        ("Layoffs", 0, {}),
    ]
    assert [d.name for d in tally.departments] == ["Infra", "Support", "Legal", "No department"]
    assert tally.headcount == {u.infra: 6, u.support: 6, None: 1}
    pay_count = tally.issues[1]
    assert tally.share(pay_count, u.infra) == pytest.approx(2 / 6)
    assert tally.share(pay_count, u.legal) == 0.0


# ----- support over time --------------------------------------------------------------------


def at(day: str) -> str:
    return f"{day}T12:00:00.000Z"


def test_support_history_counts_each_week_from_the_assessment_history(vault: Vault) -> None:
    def person(name: str, **fields: object) -> str:
        return add(vault, name, **fields).id

    a, b, c = person("A"), person("B"), person("C")
    d = person("D", left_company_on="2026-11-12")
    f, g, h = person("F"), person("G"), person("H")
    record = people.record_assessment
    record(vault, a, 3, assessed_at=at("2026-10-01"))
    record(vault, a, 2, assessed_at=at("2026-11-10"))  # supporter from the third week
    record(vault, b, 1, assessed_at=at("2026-10-15"))
    record(vault, b, 4, assessed_at=at("2026-11-20"))  # lost in the last week
    record(vault, d, 1, assessed_at=at("2026-10-01"))  # supporter until leaving on 11-12
    record(vault, d, 2, assessed_at=at("2026-11-15"))  # after leaving: ignored
    record(vault, f, 2, assessed_at=at("2026-11-09"))  # on the week's last day: counts
    record(vault, f, 3, assessed_at="2026-11-09T08:00:00.000Z")  # earlier that day
    # Two at the same instant: the one entered later wins, as on the person's record.
    record(vault, g, 3, assessed_at=at("2026-11-01"))
    record(vault, g, 1, assessed_at=at("2026-11-01"))
    record(vault, h, 1, assessed_at=at("2026-11-12"))
    record(vault, h, 3, assessed_at=at("2026-11-12"))
    record(vault, c, 1, assessed_at=at("2026-12-01"))  # after today: not yet
    assert people.get_person(vault, g).assessment == 1
    assert people.get_person(vault, h).assessment == 3

    history = chart.support_history(vault, weeks=4, today=dt.date(2026, 11, 23))

    assert [(p.on, p.people, p.supporters) for p in history] == [
        ("2026-11-02", 7, 3),  # B, D, G
        ("2026-11-09", 7, 4),  # B, D, F, G
        ("2026-11-16", 6, 4),  # A, B, F, G; D left
        ("2026-11-23", 6, 3),  # A, F, G; B lost
    ]
    assert history[0].share == pytest.approx(3 / 7)


def test_support_history_without_assessments_is_flat_zero(vault: Vault) -> None:
    add(vault, "A")
    history = chart.support_history(vault, weeks=3, today=dt.date(2026, 11, 23))
    assert [(p.on, p.people, p.supporters, p.share) for p in history] == [
        ("2026-11-09", 1, 0, 0.0), ("2026-11-16", 1, 0, 0.0), ("2026-11-23", 1, 0, 0.0)]
    assert chart.support_history(vault, weeks=0) == []


def test_support_history_today_agrees_with_the_chart(vault: Vault) -> None:
    u = build_unit(vault)  # every assessment made just now
    before = chart.support_history(vault, weeks=3)
    people.record_assessment(vault, u.ids["Ravi"], 2)
    after = chart.support_history(vault, weeks=3)

    assert [p.supporters for p in before] == [0, 0, 6]
    assert [p.supporters for p in after] == [0, 0, 7]
    assert before[-1].on == dt.date.today().isoformat()
    total = chart.wall_chart(vault).total
    assert (after[-1].people, after[-1].supporters) == (total.people, total.supporters)
