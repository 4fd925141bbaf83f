"""Structure tests on the escalation ladder: public actions that show real support, each with
the share of the unit that should take part, who was asked and what each person did.

Counting rules, the same everywhere in this module:
- "People in scope" are the coworkers who have not left the company (left_company_on blank)
  and who match the test's scope: in any one of its departments (the
  structure_test_department links; none means every department), on its shift and at its
  site (a blank shift or site matches everyone). A person with no department is outside
  every test scoped to departments.
  OC members count: they are workers in the unit and take part too.
- A person has one participation status per test (asked, committed, did it, declined): the
  latest one set. Counts only include people in scope, so turnout can never exceed 100%.
- Turnout = people who did it / people in scope. A test is reached when at least
  ceil(target% x people in scope) did it, and never when its scope holds nobody.

Ladder order: tests are read by ladder_position, then target, then creation. This module
numbers the rungs 1, 2, 3... from the bottom (the first, smallest action); the demo
generator writes them from 0, and only the order matters. Moving a test renumbers the whole
ladder 1..n. "Up" means one rung higher: later and bigger.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from organizer.core import records
from organizer.core.chart import current_groups, people_needed
from organizer.core.errors import InvalidInput
from organizer.core.people import display_name
from organizer.core.vault import Connection, Vault
from organizer.i18n import N_, _

# The default ladder from the organizing guide: (name, target percent). The names are stored
# in the language the ladder is added in; shown elsewhere translated, `_(name)`.
DEFAULT_LADDER: tuple[tuple[str, float], ...] = (
    (N_("Committee meeting"), 1.0),
    (N_("Start signing cards"), 10.0),
    (N_("Majority petition"), 51.0),
    (N_("Wearing buttons"), 60.0),
    (N_("Rally"), 75.0),
    (N_("Overtime boycott"), 80.0),
    (N_("Strike vote"), 85.0),
    (N_("Strike"), 90.0),
)
# Stored as written here; shown translated, `_(status)`.
STATUSES: tuple[str, ...] = (N_("asked"), N_("committed"), N_("did it"), N_("declined"))

_NO_TEST = N_("This structure test no longer exists (was it deleted?).")
# What `_check_scope` says when a list entry of the scope was removed meanwhile.
_SCOPE_GONE = {
    "department": N_("That department no longer exists; choose another scope."),
    "shift": N_("That shift no longer exists; choose another scope."),
    "site": N_("That site no longer exists; choose another scope."),
}


@dataclass(frozen=True)
class StructureTest:
    id: str
    name: str
    ladder_position: int  # the rung, counted from the bottom: see "Ladder order" above
    target_percent: float
    planned_on: str | None
    scope_department_ids: frozenset[str]  # empty: any department
    scope_shift_id: str | None
    scope_site_id: str | None
    description: str

    @property
    def whole_unit(self) -> bool:
        """True when no department, shift or site narrows the test."""
        return not (self.scope_department_ids or self.scope_shift_id or self.scope_site_id)


@dataclass(frozen=True)
class StructureTestSummary:
    """One rung of the ladder with how it went."""

    test: StructureTest
    scope: str  # "Whole unit", or e.g. "Warehouse, Packing · Night shift"
    people: int  # in scope
    asked: int  # asked, no answer yet
    committed: int
    did_it: int
    declined: int
    needed: int  # people who must do it to reach the target
    more_needed: int  # needed - did it, never below 0
    reached: bool

    @property
    def not_asked(self) -> int:
        return self.people - self.asked - self.committed - self.did_it - self.declined

    @property
    def turnout(self) -> float:
        """Share of people in scope who did it (0.0 for an empty scope)."""
        return self.did_it / self.people if self.people else 0.0

    @property
    def committed_share(self) -> float:
        """Share who did it or committed to: what the turnout may become."""
        return (self.did_it + self.committed) / self.people if self.people else 0.0


@dataclass(frozen=True)
class LeaderTurnout:
    """How an organic leader's group (the people related to them) turned out for a test."""

    leader_id: str
    leader: str  # display name
    leader_status: str | None  # the leader's own participation, None when not asked
    group: int  # related people in the test's scope (either direction, not left)
    asked: int
    committed: int
    did_it: int
    declined: int

    @property
    def not_asked(self) -> int:
        return self.group - self.asked - self.committed - self.did_it - self.declined

    @property
    def turnout(self) -> float:
        return self.did_it / self.group if self.group else 0.0


# ----- validation ---------------------------------------------------------------------------


def _check_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise InvalidInput(_("A structure test needs a name, like 'Majority petition'."))
    return name


def _check_target(target_percent: float) -> float:
    try:
        value = float(target_percent)
    except (TypeError, ValueError):
        raise InvalidInput(_("{value} is not a percentage.")
                           .format(value=repr(target_percent))) from None
    if not 0 < value <= 100:
        raise InvalidInput(_("A target share must be more than 0% and at most 100%."))
    return value


def _check_date(value: str | None) -> str | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return records.parse_date(value).isoformat()
    except ValueError:
        raise InvalidInput(_("{value} is not a date; use the form 2026-11-23.")
                           .format(value=repr(value))) from None


def _check_scope(
    conn: Connection, department_ids: Iterable[str], shift_id: str | None,
    site_id: str | None,
) -> tuple[frozenset[str], str | None, str | None]:
    """The scope as saved: blank ids dropped, and every id still in its list."""
    if isinstance(department_ids, str):  # one id, not its characters
        department_ids = (department_ids,)
    departments = frozenset(d for d in department_ids if d)
    for table, entry_id in (*(("department", d) for d in sorted(departments)),
                            ("shift", shift_id), ("site", site_id)):
        if entry_id and conn.execute(
            f"SELECT 1 FROM {table} WHERE id = ?", (entry_id,)
        ).fetchone() is None:
            raise InvalidInput(_(_SCOPE_GONE[table]))
    return departments, shift_id or None, site_id or None


def _save_departments(conn: Connection, test_id: str, department_ids: frozenset[str]) -> None:
    conn.execute("DELETE FROM structure_test_department WHERE structure_test_id = ?",
                 (test_id,))
    conn.executemany(
        "INSERT INTO structure_test_department (structure_test_id, department_id) VALUES (?,?)",
        [(test_id, d) for d in sorted(department_ids)],
    )


def _check_status(status: str) -> str:
    if status not in STATUSES:
        raise InvalidInput(_(
            "{status} is not a participation status (asked, committed, did it, declined)."
        ).format(status=repr(status)))
    return status


# ----- the ladder's rungs -------------------------------------------------------------------

# scope_department_id is left out on purpose: since schema v2 it is always NULL and a test's
# departments are the rows of structure_test_department.
_TEST_COLUMNS = (
    "id, name, ladder_position, target_percent, planned_on, scope_shift_id, scope_site_id, "
    "description"
)


def _test_from_row(r: Sequence[Any], department_ids: Iterable[str]) -> StructureTest:
    return StructureTest(
        id=str(r[0]), name=str(r[1]), ladder_position=int(r[2]), target_percent=float(r[3]),
        planned_on=r[4], scope_department_ids=frozenset(department_ids), scope_shift_id=r[5],
        scope_site_id=r[6], description=str(r[7]),
    )


def structure_tests(vault: Vault) -> list[StructureTest]:
    """Every test in ladder order."""
    conn = vault.connection
    departments: dict[str, set[str]] = defaultdict(set)
    for test_id, department_id in conn.execute(
        "SELECT structure_test_id, department_id FROM structure_test_department"
    ).fetchall():
        departments[str(test_id)].add(str(department_id))
    rows = conn.execute(
        f"SELECT {_TEST_COLUMNS} FROM structure_test "
        "ORDER BY ladder_position, target_percent, created_at"
    ).fetchall()
    return [_test_from_row(r, departments.get(str(r[0]), ())) for r in rows]


def get_structure_test(vault: Vault, test_id: str) -> StructureTest:
    conn = vault.connection
    row = conn.execute(
        f"SELECT {_TEST_COLUMNS} FROM structure_test WHERE id = ?", (test_id,)
    ).fetchone()
    if row is None:
        raise InvalidInput(_(_NO_TEST))
    departments = [str(r[0]) for r in conn.execute(
        "SELECT department_id FROM structure_test_department WHERE structure_test_id = ?",
        (test_id,)).fetchall()]
    return _test_from_row(row, departments)


def add_structure_test(
    vault: Vault,
    name: str,
    target_percent: float,
    *,
    planned_on: str | None = None,
    department_ids: Iterable[str] = (),
    shift_id: str | None = None,
    site_id: str | None = None,
    description: str = "",
) -> str:
    """Add a test as the new top rung (after the last one); returns its id.

    `department_ids` narrows it to people in any of those departments (none: every
    department); `shift_id` and `site_id` narrow it further."""
    name = _check_name(name)
    target = _check_target(target_percent)
    planned = _check_date(planned_on)
    test_id = records.new_id()
    stamp = records.now()
    with vault.transaction() as conn:
        departments, shift, site = _check_scope(conn, department_ids, shift_id, site_id)
        position = conn.execute(
            "SELECT coalesce(max(ladder_position), 0) + 1 FROM structure_test"
        ).fetchone()[0]
        conn.execute(
            "INSERT INTO structure_test (id, name, ladder_position, target_percent, planned_on, "
            "scope_shift_id, scope_site_id, description, created_at, updated_at) "
            "VALUES (?,?,?,?,?,?,?,?,?,?)",
            (test_id, name, position, target, planned, shift, site, description.strip(),
             stamp, stamp),
        )
        _save_departments(conn, test_id, departments)
    return test_id


def add_default_ladder(vault: Vault) -> int:
    """Add the default ladder to a vault that has no structure tests yet, named in the
    language in use; returns how many."""
    stamp = records.now()
    with vault.transaction() as conn:
        if conn.execute("SELECT 1 FROM structure_test LIMIT 1").fetchone() is not None:
            return 0
        conn.executemany(
            "INSERT INTO structure_test (id, name, ladder_position, target_percent, created_at, "
            "updated_at) VALUES (?,?,?,?,?,?)",
            [(records.new_id(), _(name), position, percent, stamp, stamp)
             for position, (name, percent) in enumerate(DEFAULT_LADDER, 1)],
        )
    return len(DEFAULT_LADDER)


def update_structure_test(
    vault: Vault,
    test_id: str,
    *,
    name: str,
    target_percent: float,
    planned_on: str | None = None,
    department_ids: Iterable[str] = (),
    shift_id: str | None = None,
    site_id: str | None = None,
    description: str = "",
) -> None:
    """Save the test form, scope included (its rung moves with `move_structure_test`)."""
    name = _check_name(name)
    target = _check_target(target_percent)
    planned = _check_date(planned_on)
    with vault.transaction() as conn:
        departments, shift, site = _check_scope(conn, department_ids, shift_id, site_id)
        cursor = conn.execute(
            "UPDATE structure_test SET name = ?, target_percent = ?, planned_on = ?, "
            "scope_shift_id = ?, scope_site_id = ?, description = ?, updated_at = ? "
            "WHERE id = ?",
            (name, target, planned, shift, site, description.strip(), records.now(), test_id),
        )
        if cursor.rowcount != 1:
            raise InvalidInput(_(_NO_TEST))
        _save_departments(conn, test_id, departments)


def tests_scoped_only_to(vault: Vault, department_id: str) -> list[str]:
    """Names of the tests whose only department is this one, in ladder order: removing the
    department from the lists would widen them to every department."""
    rows = vault.connection.execute(
        "SELECT t.name FROM structure_test_department sd "
        "JOIN structure_test t ON t.id = sd.structure_test_id "
        "WHERE sd.department_id = ? AND NOT EXISTS (SELECT 1 FROM structure_test_department o "
        "WHERE o.structure_test_id = sd.structure_test_id AND o.department_id <> ?) "
        "ORDER BY t.ladder_position, t.target_percent, t.created_at",
        (department_id, department_id),
    ).fetchall()
    return [str(r[0]) for r in rows]


def delete_structure_test(vault: Vault, test_id: str) -> None:
    """Delete a test and everyone's participation in it."""
    with vault.transaction() as conn:
        cursor = conn.execute("DELETE FROM structure_test WHERE id = ?", (test_id,))
        if cursor.rowcount != 1:
            raise InvalidInput(_(_NO_TEST))
        _renumber(conn, _ordered_ids(conn))


def _ordered_ids(conn: Connection) -> list[str]:
    return [
        str(r[0])
        for r in conn.execute(
            "SELECT id FROM structure_test ORDER BY ladder_position, target_percent, created_at"
        ).fetchall()
    ]


def _renumber(conn: Connection, ordered_ids: list[str]) -> None:
    stamp = records.now()
    conn.executemany(
        "UPDATE structure_test SET ladder_position = ?, updated_at = ? "
        "WHERE id = ? AND ladder_position <> ?",
        [(n, stamp, test_id, n) for n, test_id in enumerate(ordered_ids, 1)],
    )


def move_structure_test(vault: Vault, test_id: str, *, up: bool) -> bool:
    """Move a test one rung up the ladder (later, bigger) or down (earlier); False when it is
    already the top or bottom rung. Renumbers the ladder 1..n."""
    with vault.transaction() as conn:
        ids = _ordered_ids(conn)
        if test_id not in ids:
            raise InvalidInput(_(_NO_TEST))
        at = ids.index(test_id)
        other = at + 1 if up else at - 1
        if not 0 <= other < len(ids):
            return False
        ids[at], ids[other] = ids[other], ids[at]
        # Renumbering 1..n also mends gaps and ties left by imports or the demo.
        _renumber(conn, ids)
    return True


# ----- participation ------------------------------------------------------------------------


def set_participation(
    vault: Vault, structure_test_id: str, person_ids: Iterable[str], status: str
) -> int:
    """Set one status for many people at once (adding or replacing it).

    Returns how many people's status was added or changed (those who already had it and
    ids of people deleted meanwhile are not counted)."""
    _check_status(status)
    ids = list(dict.fromkeys(person_ids))
    stamp = records.now()
    with vault.transaction() as conn:
        if conn.execute(
            "SELECT 1 FROM structure_test WHERE id = ?", (structure_test_id,)
        ).fetchone() is None:
            raise InvalidInput(_(_NO_TEST))
        # The SELECT skips ids of people deleted meanwhile instead of failing the whole batch.
        cursor = conn.executemany(
            "INSERT INTO participation (id, structure_test_id, person_id, status, created_at, "
            "updated_at) SELECT ?, ?, id, ?, ?, ? FROM person WHERE id = ? "
            "ON CONFLICT (structure_test_id, person_id) DO UPDATE SET status = excluded.status, "
            "updated_at = excluded.updated_at WHERE status <> excluded.status",
            [(records.new_id(), structure_test_id, status, stamp, stamp, person_id)
             for person_id in ids],
        )
        # rowcount, not total_changes: the stamping triggers' rows are not the caller's.
        changed = cursor.rowcount
    return int(changed)


def clear_participation(vault: Vault, structure_test_id: str, person_ids: Iterable[str]) -> int:
    """Forget these people's participation in the test; returns how many were removed."""
    ids = list(dict.fromkeys(person_ids))
    with vault.transaction() as conn:
        cursor = conn.executemany(
            "DELETE FROM participation WHERE structure_test_id = ? AND person_id = ?",
            [(structure_test_id, person_id) for person_id in ids],
        )
        # rowcount, not total_changes: the stamping triggers' rows are not the caller's.
        removed = cursor.rowcount
    return int(removed)


def participation_for_test(vault: Vault, structure_test_id: str) -> dict[str, str]:
    """person id -> status, for everyone with a status in this test."""
    rows = vault.connection.execute(
        "SELECT person_id, status FROM participation WHERE structure_test_id = ?",
        (structure_test_id,),
    ).fetchall()
    return {str(p): str(s) for p, s in rows}


# ----- how the ladder stands ----------------------------------------------------------------


def _in_scope(test: StructureTest, department: str | None, shift: str | None,
              site: str | None) -> bool:
    return (
        (not test.scope_department_ids or department in test.scope_department_ids)
        and (test.scope_shift_id is None or test.scope_shift_id == shift)
        and (test.scope_site_id is None or test.scope_site_id == site)
    )


@dataclass(frozen=True)
class _ListNames:
    names: dict[str, str]  # department, shift and site ids -> names
    department_rank: dict[str, int]  # the departments' order in their list


def _list_names(conn: Connection) -> _ListNames:
    names: dict[str, str] = {}
    rank: dict[str, int] = {}
    for n, (i, name) in enumerate(conn.execute(
        "SELECT id, name FROM department ORDER BY position, name COLLATE NOCASE"
    ).fetchall()):
        names[str(i)] = str(name)
        rank[str(i)] = n
    for i, name in conn.execute(
        "SELECT id, name FROM shift UNION ALL SELECT id, name FROM site"
    ).fetchall():
        names[str(i)] = str(name)
    return _ListNames(names, rank)


def _scope_label(test: StructureTest, lists: _ListNames) -> str:
    """The scope in words: "Whole unit", or e.g. "Warehouse, Packing · Night shift" (the
    departments in their list's order)."""
    departments = sorted(test.scope_department_ids,
                         key=lambda d: (lists.department_rank.get(d, 0), d))
    parts = []
    if departments:
        parts.append(", ".join(lists.names.get(d, "?") for d in departments))
    parts += [lists.names.get(i, "?") for i in (test.scope_shift_id, test.scope_site_id) if i]
    return " · ".join(parts) if parts else _("Whole unit")


def ladder(vault: Vault) -> list[StructureTestSummary]:
    """Every test in ladder order with its people in scope, statuses, turnout and reached."""
    conn = vault.connection
    tests = structure_tests(vault)
    if not tests:
        return []
    groups = current_groups(conn)
    # Whole-unit tests: every status counted straight from participation (an index alone
    # answers it), less the people who left. Only scoped tests look at who is where.
    counts: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(STATUSES, 0))
    for test_id, status, n in conn.execute(
        "SELECT structure_test_id, status, count(*) FROM participation "
        "GROUP BY structure_test_id, status"
    ).fetchall():
        counts[str(test_id)][str(status)] += int(n)
    for test_id, status, n in conn.execute(
        # CROSS JOIN keeps SQLite starting from the few who left, not from every row.
        "SELECT pa.structure_test_id, pa.status, count(*) FROM person p "
        "CROSS JOIN participation pa ON pa.person_id = p.id "
        "WHERE p.left_company_on IS NOT NULL "
        "GROUP BY pa.structure_test_id, pa.status"
    ).fetchall():
        counts[str(test_id)][str(status)] -= int(n)
    lists = _list_names(conn)
    summaries = []
    for test in tests:
        people = sum(
            g.people for g in groups if _in_scope(test, g.department_id, g.shift_id, g.site_id)
        )
        tally = counts[test.id] if test.whole_unit else _scoped_counts(conn, test)
        needed = people_needed(test.target_percent, people)
        summaries.append(StructureTestSummary(
            test=test, scope=_scope_label(test, lists), people=people,
            asked=tally["asked"], committed=tally["committed"], did_it=tally["did it"],
            declined=tally["declined"], needed=needed,
            more_needed=max(0, needed - tally["did it"]),
            reached=people > 0 and tally["did it"] >= needed,
        ))
    return summaries


def _scope_sql(test: StructureTest, alias: str) -> tuple[str, list[object]]:
    """The WHERE clause (and its parameters) of the people in the test's scope."""
    clauses = [f"{alias}.left_company_on IS NULL"]
    params: list[object] = []
    if test.scope_department_ids:
        departments = sorted(test.scope_department_ids)
        clauses.append(f"{alias}.department_id IN ({', '.join('?' * len(departments))})")
        params.extend(departments)
    for column, value in (("shift_id", test.scope_shift_id), ("site_id", test.scope_site_id)):
        if value is not None:
            clauses.append(f"{alias}.{column} = ?")
            params.append(value)
    return " AND ".join(clauses), params


def _scoped_counts(conn: Connection, test: StructureTest) -> dict[str, int]:
    where, params = _scope_sql(test, "p")
    counts = dict.fromkeys(STATUSES, 0)
    for status, n in conn.execute(
        # CROSS JOIN: from the test's participation rows, one person lookup each, instead of
        # listing every person in scope first (the slow way on a big campaign; see make bench).
        "SELECT pa.status, count(*) FROM participation pa "
        "CROSS JOIN person p ON p.id = pa.person_id "
        f"WHERE pa.structure_test_id = ? AND {where} GROUP BY pa.status",
        (test.id, *params),
    ).fetchall():
        counts[str(status)] = int(n)
    return counts


def leader_turnout(vault: Vault, structure_test_id: str) -> list[LeaderTurnout]:
    """For each organic leader (who has not left): how the people related to them, in the
    test's scope, turned out. Biggest groups first. A relationship counts in either
    direction, and someone related to a leader twice (two kinds) counts once."""
    test = get_structure_test(vault, structure_test_id)
    conn = vault.connection
    leaders = conn.execute(
        "SELECT l.id, l.name, l.code_name, pa.status FROM person l "
        "LEFT JOIN participation pa ON pa.person_id = l.id AND pa.structure_test_id = ? "
        "WHERE l.is_organic_leader = 1 AND l.left_company_on IS NULL",
        (structure_test_id,),
    ).fetchall()
    if not leaders:
        return []
    # The ties, statuses and scope come in as plain lists and are matched here: joining them
    # in SQL looked up a person row and a participation row for every tie, ten times slower.
    groups: dict[str, set[str]] = defaultdict(set)
    for leader_id, other_id in conn.execute(
        "SELECT l.id, r.other_person_id FROM person l "
        "CROSS JOIN relationship r ON r.person_id = l.id "
        "WHERE l.is_organic_leader = 1 AND l.left_company_on IS NULL "
        "UNION ALL "
        "SELECT l.id, r.person_id FROM person l "
        "CROSS JOIN relationship r ON r.other_person_id = l.id "
        "WHERE l.is_organic_leader = 1 AND l.left_company_on IS NULL"
    ).fetchall():
        groups[str(leader_id)].add(str(other_id))
    if test.whole_unit:
        gone = {str(r[0]) for r in conn.execute(
            "SELECT id FROM person WHERE left_company_on IS NOT NULL").fetchall()}

        def counts(person_id: str) -> bool:
            return person_id not in gone
    else:
        where, params = _scope_sql(test, "p")
        inside = {str(r[0]) for r in conn.execute(
            f"SELECT p.id FROM person p WHERE {where}", params).fetchall()}

        def counts(person_id: str) -> bool:
            return person_id in inside
    statuses = participation_for_test(vault, structure_test_id)
    result = []
    for leader_id, name, code_name, own_status in leaders:
        tally: dict[str | None, int] = defaultdict(int)
        for other in groups.get(str(leader_id), ()):
            if counts(other):
                tally[statuses.get(other)] += 1
        result.append(LeaderTurnout(
            leader_id=str(leader_id), leader=display_name(name, code_name),
            leader_status=own_status, group=sum(tally.values()),
            asked=tally["asked"], committed=tally["committed"], did_it=tally["did it"],
            declined=tally["declined"],
        ))
    result.sort(key=lambda t: (-t.group, t.leader.casefold()))
    return result
