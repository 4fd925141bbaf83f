"""The escalation ladder: defaults, editing and order, participation in bulk, turnout against
the target, and how each organic leader's group turned out."""

from __future__ import annotations

import pytest

from organizer.core import people, relationships
from organizer.core import structure_tests as st
from organizer.core.errors import InvalidInput
from organizer.core.vault import Vault
from tests.core.domain_fixtures import (
    add,
    add_oc,
    count,
    department,
    shift,
    table_counts,
    vault_fixture,  # noqa: F401
)


def names(vault: Vault) -> list[tuple[int, str, float]]:
    return [(t.ladder_position, t.name, t.target_percent) for t in st.structure_tests(vault)]


def test_default_ladder_from_the_guide_only_once(vault: Vault) -> None:
    assert st.add_default_ladder(vault) == 8
    assert names(vault) == [
        (1, "Committee meeting", 1.0), (2, "Start signing cards", 10.0),
        (3, "Majority petition", 51.0), (4, "Wearing buttons", 60.0), (5, "Rally", 75.0),
        (6, "Overtime boycott", 80.0), (7, "Strike vote", 85.0), (8, "Strike", 90.0)]
    assert all(t.whole_unit for t in st.structure_tests(vault))
    assert st.add_default_ladder(vault) == 0
    assert count(vault, "structure_test") == 8


def test_no_default_ladder_over_the_committees_own(vault: Vault) -> None:
    st.add_structure_test(vault, "Sticker day", 40)
    assert st.add_default_ladder(vault) == 0
    assert names(vault) == [(1, "Sticker day", 40.0)]


def test_add_update_move_and_delete_tests(vault: Vault) -> None:
    infra, night = department(vault, "Infra"), shift(vault, "Night")
    petition = st.add_structure_test(vault, "Petition", 51, planned_on="2026-12-01",
                                     description="The open letter")
    rally = st.add_structure_test(vault, "Rally", 75)
    buttons = st.add_structure_test(vault, "Buttons", 60, department_id=infra,
                                    shift_id=night)
    assert names(vault) == [(1, "Petition", 51.0), (2, "Rally", 75.0), (3, "Buttons", 60.0)]
    test = st.get_structure_test(vault, buttons)
    assert (test.scope_department_id, test.scope_shift_id, test.scope_site_id,
            test.whole_unit) == (infra, night, None, False)

    assert st.move_structure_test(vault, buttons, up=False)
    assert names(vault) == [(1, "Petition", 51.0), (2, "Buttons", 60.0), (3, "Rally", 75.0)]
    assert not st.move_structure_test(vault, rally, up=True)  # already the top rung
    assert not st.move_structure_test(vault, petition, up=False)  # already the bottom

    st.update_structure_test(vault, petition, name="Majority petition", target_percent=55,
                             planned_on="", description="")
    test = st.get_structure_test(vault, petition)
    assert (test.name, test.target_percent, test.planned_on, test.description,
            test.ladder_position) == ("Majority petition", 55.0, None, "", 1)

    st.delete_structure_test(vault, petition)
    assert names(vault) == [(1, "Buttons", 60.0), (2, "Rally", 75.0)]
    with pytest.raises(InvalidInput, match="no longer exists"):
        st.get_structure_test(vault, petition)


@pytest.mark.parametrize(("name", "target", "planned", "message"), [
    (" ", 10, None, "needs a name"),
    ("Rally", 0, None, "more than 0%"),
    ("Rally", 101, None, "more than 0%"),
    ("Rally", 75, "next week", "not a date"),
])
def test_bad_tests_are_refused(vault: Vault, name: str, target: float, planned: str | None,
                               message: str) -> None:
    before = table_counts(vault)
    with pytest.raises(InvalidInput, match=message):
        st.add_structure_test(vault, name, target, planned_on=planned)
    assert table_counts(vault) == before


def test_a_scope_must_exist(vault: Vault) -> None:
    with pytest.raises(InvalidInput, match="department no longer exists"):
        st.add_structure_test(vault, "Rally", 75, department_id="deleted-department")
    test_id = st.add_structure_test(vault, "Rally", 75)
    with pytest.raises(InvalidInput, match="shift no longer exists"):
        st.update_structure_test(vault, test_id, name="Rally", target_percent=75,
                                 shift_id="deleted-shift")
    assert st.get_structure_test(vault, test_id).whole_unit


def ten_people(vault: Vault) -> list[str]:
    return [add(vault, f"Worker {n}").id for n in range(10)]


def summary(vault: Vault, test_id: str) -> st.StructureTestSummary:
    return next(s for s in st.ladder(vault) if s.test.id == test_id)


def figures(s: st.StructureTestSummary) -> tuple[object, ...]:
    return (s.people, s.asked, s.committed, s.did_it, s.declined, s.not_asked, s.needed,
            s.more_needed, s.reached)


def test_participation_in_bulk_turnout_and_reached(vault: Vault) -> None:
    ids = ten_people(vault)
    test_id = st.add_structure_test(vault, "Petition", 51)

    assert st.set_participation(vault, test_id, ids[:4], "did it") == 4
    assert st.set_participation(vault, test_id, ids[4:6], "committed") == 2
    assert st.set_participation(vault, test_id, [ids[6]], "declined") == 1
    assert st.set_participation(vault, test_id, [ids[7]], "asked") == 1

    s = summary(vault, test_id)
    # 51% of 10 = ceil(5.1) = 6 must do it: 4 did, 2 more needed.
    assert figures(s) == (10, 1, 2, 4, 1, 2, 6, 2, False)
    assert (s.turnout, s.committed_share, s.scope) == (0.4, 0.6, "Whole unit")

    # The committed two did it: an update, not a second row.
    assert st.set_participation(vault, test_id, ids[4:6], "did it") == 2
    assert st.set_participation(vault, test_id, ids[4:6], "did it") == 0  # no change
    assert count(vault, "participation") == 8
    s = summary(vault, test_id)
    assert figures(s) == (10, 1, 0, 6, 1, 2, 6, 0, True)
    assert s.turnout == 0.6

    assert st.participation_for_test(vault, test_id) == {
        **dict.fromkeys(ids[:6], "did it"), ids[6]: "declined", ids[7]: "asked"}
    assert st.clear_participation(vault, test_id, [ids[0], ids[9]]) == 1
    assert figures(summary(vault, test_id)) == (10, 1, 0, 5, 1, 3, 6, 1, False)


def test_bad_participation_is_refused(vault: Vault) -> None:
    ids = ten_people(vault)
    test_id = st.add_structure_test(vault, "Petition", 51)
    with pytest.raises(InvalidInput, match="not a participation status"):
        st.set_participation(vault, test_id, ids, "maybe")
    with pytest.raises(InvalidInput, match="no longer exists"):
        st.set_participation(vault, "deleted-test", ids, "asked")
    assert count(vault, "participation") == 0
    # An id of someone deleted meanwhile is skipped, the rest are saved.
    assert st.set_participation(vault, test_id, [ids[0], "deleted-person"], "asked") == 1


def test_scope_and_people_who_left(vault: Vault) -> None:
    infra, support = department(vault, "Infra"), department(vault, "Support")
    night = shift(vault, "Night")
    inside = [add(vault, f"Infra {n}", department_id=infra).id for n in range(4)]
    inside_night = add(vault, "Infra night", department_id=infra, shift_id=night).id
    outside = [add(vault, f"Support {n}", department_id=support).id for n in range(3)]
    gone = add(vault, "Gone", department_id=infra, left_company_on="2026-10-01").id
    infra_test = st.add_structure_test(vault, "Infra rally", 50, department_id=infra)
    night_test = st.add_structure_test(vault, "Night walk-out", 50, department_id=infra,
                                       shift_id=night)
    unit_test = st.add_structure_test(vault, "Petition", 50)
    for test_id in (infra_test, night_test, unit_test):
        st.set_participation(vault, test_id, [*inside[:2], inside_night, *outside, gone],
                             "did it")

    # Infra: 5 current people; the 3 from Support and Gone (left) are not counted.
    assert figures(summary(vault, infra_test)) == (5, 0, 0, 3, 0, 2, 3, 0, True)
    assert summary(vault, infra_test).scope == "Infra"
    assert figures(summary(vault, night_test)) == (1, 0, 0, 1, 0, 0, 1, 0, True)
    assert summary(vault, night_test).scope == "Infra · Night"
    assert figures(summary(vault, unit_test)) == (8, 0, 0, 6, 0, 2, 4, 0, True)

    # Someone moving out of Infra leaves its count, not the unit's.
    moved = people.get_person(vault, inside[0])
    moved.department_id = support
    people.update_person(vault, moved)
    assert figures(summary(vault, infra_test)) == (4, 0, 0, 2, 0, 2, 2, 0, True)
    assert summary(vault, unit_test).did_it == 6


def test_an_empty_scope_reaches_nothing(vault: Vault) -> None:
    legal = department(vault, "Legal")
    add(vault, "Elsewhere")
    test_id = st.add_structure_test(vault, "Legal lunch", 10, department_id=legal)
    s = summary(vault, test_id)
    assert figures(s) == (0, 0, 0, 0, 0, 0, 0, 0, False)
    assert (s.turnout, s.committed_share) == (0.0, 0.0)


def test_ladder_lists_every_rung_in_order(vault: Vault) -> None:
    ids = ten_people(vault)
    st.add_default_ladder(vault)
    meeting = st.structure_tests(vault)[0].id
    st.set_participation(vault, meeting, ids[:1], "did it")

    rungs = st.ladder(vault)

    assert [r.test.name for r in rungs][:3] == [
        "Committee meeting", "Start signing cards", "Majority petition"]
    # 1% of 10 people = 1: the meeting is reached; signing cards (10%) needs 1 who did it.
    assert [(r.needed, r.did_it, r.reached) for r in rungs][:3] == [
        (1, 1, True), (1, 0, False), (6, 0, False)]


def test_leader_turnout_through_relationships_both_ways(vault: Vault) -> None:
    infra, support = department(vault, "Infra"), department(vault, "Support")
    lena = add(vault, "Lena", is_organic_leader=True, department_id=infra)
    omar = add(vault, "Omar", is_organic_leader=True, code_name="Heron", department_id=support)
    add(vault, "Quiet leader", is_organic_leader=True, department_id=infra)
    add(vault, "Former leader", is_organic_leader=True, left_company_on="2026-01-01")
    a, b, c, d = (add(vault, n, department_id=infra).id for n in "abcd")
    e = add(vault, "e", department_id=support).id
    gone = add(vault, "gone", department_id=infra, left_company_on="2026-01-01").id
    maya = add_oc(vault, "Maya").id
    relationships.add_relationship(vault, lena.id, a, "close to")
    relationships.add_relationship(vault, lena.id, a, "friends")  # a twice: counts once
    relationships.add_relationship(vault, b, lena.id, "influences")  # the other way round
    relationships.add_relationship(vault, c, lena.id, "works with")
    relationships.add_relationship(vault, gone, lena.id, "close to")  # left: not counted
    relationships.add_relationship(vault, omar.id, e, "close to")
    relationships.add_relationship(vault, omar.id, b, "close to")
    relationships.add_relationship(vault, d, maya, "close to")  # Maya is no leader
    test_id = st.add_structure_test(vault, "Petition", 51)
    st.set_participation(vault, test_id, [a, e], "did it")
    st.set_participation(vault, test_id, [b], "declined")
    st.set_participation(vault, test_id, [lena.id], "committed")

    turnout = st.leader_turnout(vault, test_id)

    assert [(t.leader, t.leader_status, t.group, t.asked, t.committed, t.did_it, t.declined,
             t.not_asked) for t in turnout] == [
        ("Lena", "committed", 3, 0, 0, 1, 1, 1),  # a did it, b declined, c not asked
        ("Heron", None, 2, 0, 0, 1, 1, 0),  # e did it, b declined
        ("Quiet leader", None, 0, 0, 0, 0, 0, 0),
    ]
    assert turnout[0].leader_id == lena.id
    assert turnout[0].turnout == pytest.approx(1 / 3)
    assert turnout[2].turnout == 0.0

    # Scoped to Infra: Omar's Support friend e drops out of his group.
    infra_test = st.add_structure_test(vault, "Infra rally", 50, department_id=infra)
    st.set_participation(vault, infra_test, [a, b, e], "did it")
    scoped = {t.leader: (t.group, t.did_it) for t in st.leader_turnout(vault, infra_test)}
    assert scoped == {"Lena": (3, 2), "Heron": (1, 1), "Quiet leader": (0, 0)}
