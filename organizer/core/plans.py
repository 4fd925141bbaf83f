"""Action plans: a goal with ordered steps, each owned by an OC member and due on a date, and
the coworkers the plan is about. Overdue steps of active plans show on the Today page.

Step order: steps are read by position, then creation. This module numbers a plan's steps
1, 2, 3... (the demo generator writes them from 0, and only the order matters); moving a
step renumbers the plan's steps 1..n. "Up" means earlier, towards the first step.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from organizer.core import records
from organizer.core.errors import InvalidInput
from organizer.core.people import display_name
from organizer.core.vault import Connection, Vault
from organizer.i18n import N_, _

# Stored as written here; shown translated, `_(status)`.
PLAN_STATUSES: tuple[str, ...] = (N_("active"), N_("done"), N_("dropped"))

_NO_PLAN = N_("This action plan no longer exists (was it deleted?).")
_NO_STEP = N_("This step no longer exists (was it deleted?).")
# What `_date_or_none` says of a date it cannot read, by the date's use.
_NOT_A_DATE = {
    "target date": N_("{value} is not a target date; use the form 2026-11-23."),
    "due date": N_("{value} is not a due date; use the form 2026-11-23."),
}


@dataclass(frozen=True)
class PlanSummary:
    """One line of the plans list."""

    id: str
    title: str
    goal: str
    due_on: str | None
    status: str
    steps: int
    steps_done: int
    steps_overdue: int  # open steps whose due date has passed
    people: int  # linked coworkers
    next_due_on: str | None  # the earliest due date among open steps


@dataclass(frozen=True)
class ActionStep:
    id: str
    plan_id: str
    position: int  # its place in the plan's order: see "Step order" above
    description: str
    owner_id: str | None
    owner: str  # the owner's display name, "" when nobody owns it
    due_on: str | None
    done_at: str | None

    @property
    def is_done(self) -> bool:
        return self.done_at is not None

    def is_overdue(self, today: dt.date | None = None) -> bool:
        return (
            self.done_at is None
            and self.due_on is not None
            and self.due_on < (today or dt.date.today()).isoformat()
        )


@dataclass(frozen=True)
class LinkedPerson:
    id: str
    display_name: str
    assessment: int | None


@dataclass(frozen=True)
class ActionPlan:
    """A plan with its steps in order and its linked people by name."""

    id: str
    title: str
    goal: str
    due_on: str | None
    status: str
    created_at: str
    updated_at: str
    steps: list[ActionStep] = field(default_factory=list)
    people: list[LinkedPerson] = field(default_factory=list)


@dataclass(frozen=True)
class OverdueStep:
    """An open step of an active plan whose due date has passed (for the Today page)."""

    step_id: str
    plan_id: str
    plan_title: str
    description: str
    owner_id: str | None
    owner: str
    due_on: str
    days_overdue: int


# ----- validation ---------------------------------------------------------------------------


def _date_or_none(value: str | None, what: str) -> str | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return records.parse_date(value).isoformat()
    except ValueError:
        raise InvalidInput(_(_NOT_A_DATE[what]).format(value=repr(value))) from None


def _check_title(title: str) -> str:
    title = " ".join(title.split())
    if not title:
        raise InvalidInput(
            _("An action plan needs a title, like 'Deliver the letter to the CEO'."))
    return title


def _check_status(status: str) -> str:
    if status not in PLAN_STATUSES:
        raise InvalidInput(_("{status} is not a plan status (active, done or dropped).")
                           .format(status=repr(status)))
    return status


def _check_owner(conn: Connection, owner_id: str | None) -> str | None:
    if not owner_id:
        return None
    row = conn.execute("SELECT is_oc_member FROM person WHERE id = ?", (owner_id,)).fetchone()
    if row is None:
        raise InvalidInput(_("The step's owner no longer exists (were they deleted?)."))
    if not row[0]:
        raise InvalidInput(_("A step's owner must be an OC member."))
    return owner_id


def _check_plan(conn: Connection, plan_id: str) -> None:
    if conn.execute("SELECT 1 FROM action_plan WHERE id = ?", (plan_id,)).fetchone() is None:
        raise InvalidInput(_(_NO_PLAN))


# ----- plans --------------------------------------------------------------------------------


def add_plan(
    vault: Vault,
    title: str,
    *,
    goal: str = "",
    due_on: str | None = None,
    status: str = "active",
) -> str:
    """Save a new plan and return its id."""
    title = _check_title(title)
    due = _date_or_none(due_on, "target date")
    _check_status(status)
    plan_id = records.new_id()
    stamp = records.now()
    with vault.transaction() as conn:
        conn.execute(
            "INSERT INTO action_plan (id, title, goal, due_on, status, created_at, updated_at) "
            "VALUES (?,?,?,?,?,?,?)",
            (plan_id, title, goal.strip(), due, status, stamp, stamp),
        )
    return plan_id


def update_plan(
    vault: Vault,
    plan_id: str,
    *,
    title: str,
    goal: str = "",
    due_on: str | None = None,
    status: str = "active",
) -> None:
    """Save every field of the plan form."""
    title = _check_title(title)
    due = _date_or_none(due_on, "target date")
    _check_status(status)
    with vault.transaction() as conn:
        cursor = conn.execute(
            "UPDATE action_plan SET title = ?, goal = ?, due_on = ?, status = ?, updated_at = ? "
            "WHERE id = ?",
            (title, goal.strip(), due, status, records.now(), plan_id),
        )
        if cursor.rowcount != 1:
            raise InvalidInput(_(_NO_PLAN))


def set_plan_status(vault: Vault, plan_id: str, status: str) -> None:
    """Mark a plan done, dropped, or active again."""
    _check_status(status)
    with vault.transaction() as conn:
        cursor = conn.execute(
            "UPDATE action_plan SET status = ?, updated_at = ? WHERE id = ?",
            (status, records.now(), plan_id),
        )
        if cursor.rowcount != 1:
            raise InvalidInput(_(_NO_PLAN))


def delete_plan(vault: Vault, plan_id: str) -> None:
    """Delete a plan with its steps and links (the linked people stay)."""
    with vault.transaction() as conn:
        cursor = conn.execute("DELETE FROM action_plan WHERE id = ?", (plan_id,))
        if cursor.rowcount != 1:
            raise InvalidInput(_(_NO_PLAN))


def list_plans(
    vault: Vault, *, status: str | None = None, today: dt.date | None = None
) -> list[PlanSummary]:
    """Every plan (or those with `status`): active first, then by target date, then title."""
    day = (today or dt.date.today()).isoformat()
    where, params = ("WHERE ap.status = ?", [status]) if status else ("", [])
    rows = vault.connection.execute(
        "SELECT ap.id, ap.title, ap.goal, ap.due_on, ap.status, "
        "(SELECT count(*) FROM action_step s WHERE s.plan_id = ap.id), "
        "(SELECT count(*) FROM action_step s WHERE s.plan_id = ap.id AND s.done_at IS NOT NULL), "
        "(SELECT count(*) FROM action_step s WHERE s.plan_id = ap.id AND s.done_at IS NULL "
        " AND s.due_on < ?), "
        "(SELECT count(*) FROM action_plan_person l WHERE l.plan_id = ap.id), "
        "(SELECT min(s.due_on) FROM action_step s WHERE s.plan_id = ap.id AND s.done_at IS NULL) "
        f"FROM action_plan ap {where} "
        "ORDER BY ap.status <> 'active', ap.due_on IS NULL, ap.due_on, ap.title COLLATE NOCASE",
        [day, *params],
    ).fetchall()
    return [
        PlanSummary(str(r[0]), str(r[1]), str(r[2]), r[3], str(r[4]), int(r[5]), int(r[6]),
                    int(r[7]), int(r[8]), r[9])
        for r in rows
    ]


def get_plan(vault: Vault, plan_id: str) -> ActionPlan:
    conn = vault.connection
    row = conn.execute(
        "SELECT id, title, goal, due_on, status, created_at, updated_at FROM action_plan "
        "WHERE id = ?",
        (plan_id,),
    ).fetchone()
    if row is None:
        raise InvalidInput(_(_NO_PLAN))
    linked = conn.execute(
        "SELECT p.id, p.name, p.code_name, p.assessment FROM action_plan_person l "
        "JOIN person p ON p.id = l.person_id WHERE l.plan_id = ? "
        "ORDER BY coalesce(nullif(p.code_name, ''), p.name) COLLATE NOCASE",
        (plan_id,),
    ).fetchall()
    return ActionPlan(
        id=str(row[0]), title=str(row[1]), goal=str(row[2]), due_on=row[3], status=str(row[4]),
        created_at=str(row[5]), updated_at=str(row[6]),
        steps=steps_for(vault, plan_id),
        people=[LinkedPerson(str(i), display_name(n, c), a) for i, n, c, a in linked],
    )


# ----- steps --------------------------------------------------------------------------------


def steps_for(vault: Vault, plan_id: str) -> list[ActionStep]:
    rows = vault.connection.execute(
        "SELECT s.id, s.plan_id, s.position, s.description, s.owner_id, o.name, o.code_name, "
        "s.due_on, s.done_at FROM action_step s LEFT JOIN person o ON o.id = s.owner_id "
        "WHERE s.plan_id = ? ORDER BY s.position, s.created_at",
        (plan_id,),
    ).fetchall()
    return [
        ActionStep(str(r[0]), str(r[1]), int(r[2]), str(r[3]), r[4],
                   display_name(r[5], r[6]) if r[5] is not None else "", r[7], r[8])
        for r in rows
    ]


def _check_description(description: str) -> str:
    description = description.strip()
    if not description:
        raise InvalidInput(
            _("A step needs a description, like 'Collect signatures in Support'."))
    return description


def add_step(
    vault: Vault,
    plan_id: str,
    description: str,
    *,
    owner_id: str | None = None,
    due_on: str | None = None,
) -> str:
    """Append a step at the end of the plan; returns its id."""
    description = _check_description(description)
    due = _date_or_none(due_on, "due date")
    step_id = records.new_id()
    stamp = records.now()
    with vault.transaction() as conn:
        _check_plan(conn, plan_id)
        owner = _check_owner(conn, owner_id)
        position = conn.execute(
            "SELECT coalesce(max(position), 0) + 1 FROM action_step WHERE plan_id = ?",
            (plan_id,),
        ).fetchone()[0]
        conn.execute(
            "INSERT INTO action_step (id, plan_id, position, description, owner_id, due_on, "
            "created_at, updated_at) VALUES (?,?,?,?,?,?,?,?)",
            (step_id, plan_id, position, description, owner, due, stamp, stamp),
        )
    return step_id


def update_step(
    vault: Vault,
    step_id: str,
    *,
    description: str,
    owner_id: str | None = None,
    due_on: str | None = None,
) -> None:
    """Save the step form (done is set apart with `mark_step_done`)."""
    description = _check_description(description)
    due = _date_or_none(due_on, "due date")
    with vault.transaction() as conn:
        owner = _check_owner(conn, owner_id)
        cursor = conn.execute(
            "UPDATE action_step SET description = ?, owner_id = ?, due_on = ?, updated_at = ? "
            "WHERE id = ?",
            (description, owner, due, records.now(), step_id),
        )
        if cursor.rowcount != 1:
            raise InvalidInput(_(_NO_STEP))


def mark_step_done(vault: Vault, step_id: str, done: bool = True) -> None:
    """Tick a step done (now) or open it again."""
    stamp = records.now()
    with vault.transaction() as conn:
        cursor = conn.execute(
            "UPDATE action_step SET done_at = ?, updated_at = ? WHERE id = ?",
            (stamp if done else None, stamp, step_id),
        )
        if cursor.rowcount != 1:
            raise InvalidInput(_(_NO_STEP))


def _renumber(conn: Connection, ordered_ids: list[str]) -> None:
    stamp = records.now()
    conn.executemany(
        "UPDATE action_step SET position = ?, updated_at = ? WHERE id = ? AND position <> ?",
        [(n, stamp, step_id, n) for n, step_id in enumerate(ordered_ids, 1)],
    )


def _ordered_step_ids(conn: Connection, plan_id: str) -> list[str]:
    return [
        str(r[0])
        for r in conn.execute(
            "SELECT id FROM action_step WHERE plan_id = ? ORDER BY position, created_at",
            (plan_id,),
        ).fetchall()
    ]


def move_step(vault: Vault, step_id: str, *, up: bool) -> bool:
    """Swap a step with the one above (up: earlier) or below; False when it is already at
    that end. Renumbers the plan's steps 1..n."""
    with vault.transaction() as conn:
        row = conn.execute("SELECT plan_id FROM action_step WHERE id = ?", (step_id,)).fetchone()
        if row is None:
            raise InvalidInput(_(_NO_STEP))
        plan_id = str(row[0])
        # Renumber from the current order, so positions are 1..n even after old gaps or ties.
        ids = _ordered_step_ids(conn, plan_id)
        at = ids.index(step_id)
        other = at - 1 if up else at + 1
        if not 0 <= other < len(ids):
            return False
        ids[at], ids[other] = ids[other], ids[at]
        _renumber(conn, ids)
    return True


def delete_step(vault: Vault, step_id: str) -> None:
    with vault.transaction() as conn:
        row = conn.execute("SELECT plan_id FROM action_step WHERE id = ?", (step_id,)).fetchone()
        if row is None:
            raise InvalidInput(_(_NO_STEP))
        conn.execute("DELETE FROM action_step WHERE id = ?", (step_id,))
        _renumber(conn, _ordered_step_ids(conn, str(row[0])))


# ----- linked people ------------------------------------------------------------------------


def link_people(vault: Vault, plan_id: str, person_ids: Iterable[str]) -> int:
    """Link coworkers to the plan; returns how many were newly linked."""
    ids = list(dict.fromkeys(person_ids))
    with vault.transaction() as conn:
        _check_plan(conn, plan_id)
        cursor = conn.executemany(
            "INSERT OR IGNORE INTO action_plan_person (plan_id, person_id) "
            "SELECT ?, id FROM person WHERE id = ?",
            [(plan_id, person_id) for person_id in ids],
        )
        # rowcount, not total_changes: the stamping triggers' rows are not the caller's.
        added = cursor.rowcount
    return int(added)


def unlink_person(vault: Vault, plan_id: str, person_id: str) -> None:
    with vault.transaction() as conn:
        conn.execute(
            "DELETE FROM action_plan_person WHERE plan_id = ? AND person_id = ?",
            (plan_id, person_id),
        )


# ----- the Today page -----------------------------------------------------------------------


def overdue_steps(vault: Vault, today: dt.date | None = None) -> list[OverdueStep]:
    """Open steps of active plans due before today, the longest overdue first."""
    day = today or dt.date.today()
    rows = vault.connection.execute(
        "SELECT s.id, ap.id, ap.title, s.description, s.owner_id, o.name, o.code_name, s.due_on "
        "FROM action_step s JOIN action_plan ap ON ap.id = s.plan_id "
        "LEFT JOIN person o ON o.id = s.owner_id "
        "WHERE ap.status = 'active' AND s.done_at IS NULL AND s.due_on < ? "
        "ORDER BY s.due_on, ap.title COLLATE NOCASE, s.position",
        (day.isoformat(),),
    ).fetchall()
    return [
        OverdueStep(
            step_id=str(r[0]), plan_id=str(r[1]), plan_title=str(r[2]), description=str(r[3]),
            owner_id=r[4], owner=display_name(r[5], r[6]) if r[5] is not None else "",
            due_on=str(r[7]), days_overdue=(day - records.parse_date(str(r[7]))).days,
        )
        for r in rows
    ]
