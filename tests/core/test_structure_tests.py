"""The escalation ladder: defaults, editing and order, participation in bulk, turnout against
the target, scopes of several departments (and the schema v2 migration that made them), and
how each organic leader's group turned out."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlcipher3

from organizer.core import campaign, people, records, relationships, schema
from organizer.core import structure_tests as st
from organizer.core import vault as vault_module
from organizer.core.errors import InvalidInput
from organizer.core.vault import Vault
from tests.core.domain_fixtures import (
    PASSPHRASE,
    add,
    add_oc,
    count,
    department,
    shift,
    table_counts,
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
    buttons = st.add_structure_test(vault, "Buttons", 60, department_ids={infra},
                                    shift_id=night)
    assert names(vault) == [(1, "Petition", 51.0), (2, "Rally", 75.0), (3, "Buttons", 60.0)]
    test = st.get_structure_test(vault, buttons)
    assert (test.scope_department_ids, test.scope_shift_id, test.scope_site_id,
            test.whole_unit) == (frozenset({infra}), night, None, False)

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
        st.add_structure_test(vault, "Rally", 75, department_ids=["deleted-department"])
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
    infra_test = st.add_structure_test(vault, "Infra rally", 50, department_ids={infra})
    night_test = st.add_structure_test(vault, "Night walk-out", 50, department_ids={infra},
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
    test_id = st.add_structure_test(vault, "Legal lunch", 10, department_ids={legal})
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
    infra_test = st.add_structure_test(vault, "Infra rally", 50, department_ids={infra})
    st.set_participation(vault, infra_test, [a, b, e], "did it")
    scoped = {t.leader: (t.group, t.did_it) for t in st.leader_turnout(vault, infra_test)}
    assert scoped == {"Lena": (3, 2), "Heron": (1, 1), "Quiet leader": (0, 0)}


# ----- several departments ------------------------------------------------------------------


@dataclass
class Warehouse:
    """12 coworkers, hand-placed: Warehouse 4 (+1 who left), Packing 3, Office 2, 2 in no
    department. Nights: w1, p1, p2."""

    warehouse: str
    packing: str
    office: str
    night: str
    ids: dict[str, str]


def _warehouse(vault: Vault) -> Warehouse:
    warehouse, packing = department(vault, "Warehouse"), department(vault, "Packing")
    office, night = department(vault, "Office"), shift(vault, "Night")
    placed = {
        "w1": {"department_id": warehouse, "shift_id": night},
        "w2": {"department_id": warehouse}, "w3": {"department_id": warehouse},
        "w4": {"department_id": warehouse},
        "w-gone": {"department_id": warehouse, "left_company_on": "2026-09-30"},
        "p1": {"department_id": packing, "shift_id": night},
        "p2": {"department_id": packing, "shift_id": night},
        "p3": {"department_id": packing},
        "o1": {"department_id": office}, "o2": {"department_id": office},
        "n1": {}, "n2": {},
    }
    ids = {name: add(vault, name, **fields).id for name, fields in placed.items()}
    return Warehouse(warehouse, packing, office, night, ids)


def _took_part(vault: Vault, place: Warehouse, test_id: str) -> None:
    for status, names in (("did it", ["w1", "w2", "p1", "o1", "n1", "w-gone"]),
                          ("committed", ["p2", "o2"]), ("declined", ["w3"]),
                          ("asked", ["n2"])):
        st.set_participation(vault, test_id, [place.ids[n] for n in names], status)


def test_a_test_scoped_to_two_of_three_departments_counts_only_them(vault: Vault) -> None:
    place = _warehouse(vault)
    test_id = st.add_structure_test(vault, "Dock walk-out", 50,
                                    department_ids=[place.packing, place.warehouse])
    night_id = st.add_structure_test(vault, "Night sticker day", 50,
                                     department_ids={place.warehouse, place.packing},
                                     shift_id=place.night)
    unit_id = st.add_structure_test(vault, "Petition", 50)
    for each in (test_id, night_id, unit_id):
        _took_part(vault, place, each)

    assert st.get_structure_test(vault, test_id).scope_department_ids == {
        place.warehouse, place.packing}
    # In scope: w1-w4 and p1-p3 = 7 (w-gone left; Office and no department are outside).
    # Did it: w1, w2, p1 = 3; committed p2; declined w3; w4 and p3 not asked.
    # 50% of 7 = ceil(3.5) = 4 needed, 1 more.
    s = summary(vault, test_id)
    assert figures(s) == (7, 0, 1, 3, 1, 2, 4, 1, False)
    assert s.scope == "Warehouse, Packing"  # in the list's order, not the order given
    # Nights of both: w1, p1 (did it), p2 (committed): 2 of 3, ceil(1.5) = 2 needed.
    s = summary(vault, night_id)
    assert figures(s) == (3, 0, 1, 2, 0, 0, 2, 0, True)
    assert s.scope == "Warehouse, Packing · Night"
    # The whole unit: 11 current people; did it w1 w2 p1 o1 n1; committed p2 o2; n2 asked.
    assert figures(summary(vault, unit_id)) == (11, 1, 2, 5, 1, 2, 6, 1, False)


def test_leader_turnout_keeps_to_the_tests_departments(vault: Vault) -> None:
    place = _warehouse(vault)
    leader = add(vault, "Rosa", is_organic_leader=True, department_id=place.office)
    for name in ("w1", "p3", "o1", "n1"):
        relationships.add_relationship(vault, leader.id, place.ids[name], "close to")
    test_id = st.add_structure_test(vault, "Dock walk-out", 50,
                                    department_ids={place.warehouse, place.packing})
    _took_part(vault, place, test_id)
    [rosa] = st.leader_turnout(vault, test_id)
    # w1 (did it) and p3 (not asked) are in scope; o1 and n1 are not.
    assert (rosa.leader, rosa.group, rosa.did_it, rosa.not_asked) == ("Rosa", 2, 1, 1)


def test_editing_a_tests_departments(vault: Vault) -> None:
    place = _warehouse(vault)
    test_id = st.add_structure_test(vault, "Dock walk-out", 50,
                                    department_ids={place.warehouse, place.packing})
    _took_part(vault, place, test_id)

    st.update_structure_test(vault, test_id, name="Office walk-out", target_percent=50,
                             department_ids={place.office})
    test = st.get_structure_test(vault, test_id)
    assert (test.name, test.scope_department_ids) == ("Office walk-out", {place.office})
    assert count(vault, "structure_test_department") == 1
    # o1 did it, o2 committed.
    assert figures(summary(vault, test_id)) == (2, 0, 1, 1, 0, 0, 1, 0, True)
    assert summary(vault, test_id).scope == "Office"

    st.update_structure_test(vault, test_id, name="Office walk-out", target_percent=50,
                             department_ids=[place.office, place.packing, ""])
    assert st.get_structure_test(vault, test_id).scope_department_ids == {
        place.office, place.packing}
    assert summary(vault, test_id).scope == "Packing, Office"

    st.update_structure_test(vault, test_id, name="Everyone out", target_percent=50)
    test = st.get_structure_test(vault, test_id)
    assert test.whole_unit and test.scope_department_ids == frozenset()
    assert count(vault, "structure_test_department") == 0
    assert figures(summary(vault, test_id))[:4] == (11, 1, 2, 5)


def test_a_missing_department_refuses_the_whole_scope(vault: Vault) -> None:
    place = _warehouse(vault)
    test_id = st.add_structure_test(vault, "Dock walk-out", 50,
                                    department_ids={place.warehouse})
    before = table_counts(vault)
    with pytest.raises(InvalidInput) as refused:
        st.add_structure_test(vault, "Rally", 75,
                              department_ids={place.packing, "deleted-department"})
    assert str(refused.value) == "That department no longer exists; choose another scope."
    with pytest.raises(InvalidInput, match="department no longer exists"):
        st.update_structure_test(vault, test_id, name="Renamed", target_percent=60,
                                 department_ids={place.office, "deleted-department"})
    assert table_counts(vault) == before
    test = st.get_structure_test(vault, test_id)
    assert (test.name, test.scope_department_ids) == ("Dock walk-out", {place.warehouse})


def test_deleting_a_department_removes_it_from_the_tests_scope(vault: Vault) -> None:
    place = _warehouse(vault)
    test_id = st.add_structure_test(vault, "Dock walk-out", 50,
                                    department_ids={place.warehouse, place.packing})
    other_id = st.add_structure_test(vault, "Packing lunch", 10,
                                     department_ids={place.packing, place.office})
    only_packing = st.add_structure_test(vault, "Packing rally", 10,
                                         department_ids={place.packing}, shift_id=place.night)
    _took_part(vault, place, test_id)
    # Asked before removing: only the test scoped to Packing alone would be widened.
    assert st.tests_scoped_only_to(vault, place.packing) == ["Packing rally"]
    assert st.tests_scoped_only_to(vault, place.office) == []

    assert campaign.remove_list_entry(vault, "department", place.packing) == 3

    assert count(vault, "structure_test_department", "department_id = ?",
                 (place.packing,)) == 0
    assert st.get_structure_test(vault, test_id).scope_department_ids == {place.warehouse}
    assert st.get_structure_test(vault, other_id).scope_department_ids == {place.office}
    # p1-p3 now have no department, so only w1-w4 are in scope: w1, w2 did it, w3 declined.
    s = summary(vault, test_id)
    assert figures(s) == (4, 0, 0, 2, 1, 1, 2, 0, True)
    assert s.scope == "Warehouse"
    # The test that had only Packing keeps its shift and now takes every department.
    widened = st.get_structure_test(vault, only_packing)
    assert (widened.scope_department_ids, widened.scope_shift_id) == (frozenset(), place.night)
    assert summary(vault, only_packing).scope == "Night"


# ----- the move to schema v2 ----------------------------------------------------------------


def _vault_at_schema_1(path: Path) -> tuple[str, str, str]:
    """A vault as Organizer wrote it before v2: one scope_department_id column, no links.
    Returns (department id, scoped test id, whole-unit test id)."""
    conn = sqlcipher3.connect(str(path), isolation_level=None)
    try:
        conn.set_key(PASSPHRASE)
        conn.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
        conn.execute("PRAGMA journal_mode = WAL").fetchall()
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("BEGIN IMMEDIATE")
        for statement in vault_module._split_sql(schema.MIGRATIONS[0]):
            conn.execute(statement)
        conn.execute("PRAGMA user_version = 1")
        stamp = records.now()
        department_id, scoped, whole = records.new_id(), records.new_id(), records.new_id()
        conn.execute("INSERT INTO campaign (id, name, created_at, updated_at) "
                     "VALUES (?,?,?,?)", (records.new_id(), "Old campaign", stamp, stamp))
        conn.execute("INSERT INTO department (id, name, created_at, updated_at) "
                     "VALUES (?,?,?,?)", (department_id, "Warehouse", stamp, stamp))
        conn.executemany(
            "INSERT INTO structure_test (id, name, ladder_position, target_percent, "
            "scope_department_id, created_at, updated_at) VALUES (?,?,?,?,?,?,?)",
            [(scoped, "Dock walk-out", 1, 60.0, department_id, stamp, stamp),
             (whole, "Petition", 2, 51.0, None, stamp, stamp)])
        for n in range(3):
            conn.execute("INSERT INTO person (id, name, department_id, created_at, updated_at) "
                         "VALUES (?,?,?,?,?)",
                         (records.new_id(), f"Worker {n}", department_id if n else None,
                          stamp, stamp))
        conn.execute("COMMIT")
    finally:
        conn.close()
    return department_id, scoped, whole


def test_a_schema_1_vault_opens_with_its_department_scope_as_a_link(tmp_path: Path) -> None:
    path = tmp_path / "old.vault"
    department_id, scoped, whole = _vault_at_schema_1(path)

    with Vault.open(path, PASSPHRASE) as vault:
        conn = vault.connection
        assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
        assert conn.execute(
            "SELECT structure_test_id, department_id FROM structure_test_department"
        ).fetchall() == [(scoped, department_id)]
        assert conn.execute(
            "SELECT count(*) FROM structure_test WHERE scope_department_id IS NOT NULL"
        ).fetchone()[0] == 0
        test = st.get_structure_test(vault, scoped)
        assert (test.scope_department_ids, test.whole_unit) == ({department_id}, False)
        assert st.get_structure_test(vault, whole).whole_unit
        # Worker 1 and 2 are in the Warehouse; Worker 0 has no department.
        assert [(s.test.name, s.scope, s.people) for s in st.ladder(vault)] == [
            ("Dock walk-out", "Warehouse", 2), ("Petition", "Whole unit", 3)]
    # The safety copy went once the upgraded vault passed its check.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.vault"]
