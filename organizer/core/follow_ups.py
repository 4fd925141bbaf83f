"""Follow-ups: what an OC member promised to do next with a coworker, and by when."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from organizer.core import records
from organizer.core.errors import InvalidInput
from organizer.core.people import display_name
from organizer.core.vault import Vault
from organizer.i18n import _


@dataclass(frozen=True)
class FollowUp:
    id: str
    person_id: str
    person: str  # display name
    owner_id: str | None
    owner: str
    due_on: str
    description: str
    done_at: str | None

    def is_overdue(self, today: dt.date | None = None) -> bool:
        return self.done_at is None and self.due_on < (today or dt.date.today()).isoformat()


_SELECT = (
    "SELECT f.id, f.person_id, p.name, p.code_name, f.owner_id, o.name, o.code_name, f.due_on, "
    "f.description, f.done_at FROM follow_up f JOIN person p ON p.id = f.person_id "
    "LEFT JOIN person o ON o.id = f.owner_id "
)


def _rows(rows: list[tuple[str, ...]]) -> list[FollowUp]:
    return [
        FollowUp(
            id=r[0], person_id=r[1], person=display_name(r[2], r[3]), owner_id=r[4],
            owner=display_name(r[5], r[6]) if r[5] else "", due_on=r[7], description=r[8],
            done_at=r[9],
        )
        for r in rows
    ]


def _check_date(text: str) -> None:
    try:
        records.parse_date(text)
    except ValueError:
        raise InvalidInput(_("{value} is not a date; use the form 2026-11-23.")
                           .format(value=repr(text))) from None


def add_follow_up(
    vault: Vault, person_id: str, due_on: str, description: str = "",
    owner_id: str | None = None,
) -> str:
    _check_date(due_on)
    stamp = records.now()
    follow_up_id = records.new_id()
    with vault.transaction() as conn:
        conn.execute(
            "INSERT INTO follow_up (id, person_id, owner_id, due_on, description, created_at, "
            "updated_at) VALUES (?,?,?,?,?,?,?)",
            (follow_up_id, person_id, owner_id, due_on, description.strip(), stamp, stamp),
        )
    return follow_up_id


def due_follow_ups(
    vault: Vault, through: dt.date | None = None, limit: int = 500, *,
    owner_id: str | None = None,
) -> list[FollowUp]:
    """Open follow-ups due on or before `through` (default: today), oldest first; only
    `owner_id`'s when given (Today's "mine")."""
    through = through or dt.date.today()
    owner = "" if owner_id is None else "AND f.owner_id = ? "
    rows = vault.connection.execute(
        _SELECT + "WHERE f.done_at IS NULL AND f.due_on <= ? " + owner
        + "ORDER BY f.due_on, p.name LIMIT ?",
        (through.isoformat(), *(() if owner_id is None else (owner_id,)), limit),
    ).fetchall()
    return _rows(rows)


def follow_ups_for(vault: Vault, person_id: str) -> list[FollowUp]:
    """A person's follow-ups: open ones first by date, then done ones."""
    rows = vault.connection.execute(
        _SELECT + "WHERE f.person_id = ? ORDER BY f.done_at IS NOT NULL, f.due_on",
        (person_id,),
    ).fetchall()
    return _rows(rows)


def mark_done(vault: Vault, follow_up_id: str, done: bool = True) -> None:
    with vault.transaction() as conn:
        conn.execute(
            "UPDATE follow_up SET done_at = ?, updated_at = ? WHERE id = ?",
            (records.now() if done else None, records.now(), follow_up_id),
        )


def reschedule(vault: Vault, follow_up_id: str, due_on: str) -> None:
    _check_date(due_on)
    with vault.transaction() as conn:
        conn.execute(
            "UPDATE follow_up SET due_on = ?, updated_at = ? WHERE id = ?",
            (due_on, records.now(), follow_up_id),
        )
