"""Workplace issues (pay, return-to-office, layoffs...) and who raised them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from organizer.core import records
from organizer.core.errors import InvalidInput
from organizer.core.vault import Vault
from organizer.i18n import _


@dataclass(frozen=True)
class WorkplaceIssue:
    id: str
    name: str
    description: str = ""
    people: int = 0  # how many people raised it


def list_issues(vault: Vault) -> list[WorkplaceIssue]:
    """Every issue with how many people raised it, most raised first."""
    rows = vault.connection.execute(
        "SELECT i.id, i.name, i.description, count(pi.person_id) FROM workplace_issue i "
        "LEFT JOIN person_issue pi ON pi.issue_id = i.id GROUP BY i.id "
        "ORDER BY count(pi.person_id) DESC, i.name COLLATE NOCASE"
    ).fetchall()
    return [WorkplaceIssue(str(a), str(b), str(c), int(d)) for a, b, c, d in rows]


def get_or_add_issue(vault: Vault, name: str, description: str = "") -> WorkplaceIssue:
    """The issue with this name (any case), created if new."""
    with vault.transaction() as conn:
        return issue_named(conn, name, description)


def issue_named(conn: Any, name: str, description: str = "") -> WorkplaceIssue:
    """Inside the caller's transaction: the issue with this name (any case), created if new,
    so a save that fails afterwards leaves no new issue behind."""
    name = " ".join(name.split())
    if not name:
        raise InvalidInput(_("An issue needs a name, like 'pay' or 'on-call load'."))
    row = conn.execute(
        "SELECT id, name, description FROM workplace_issue WHERE name = ? COLLATE NOCASE",
        (name,),
    ).fetchone()
    if row:
        return WorkplaceIssue(str(row[0]), str(row[1]), str(row[2]))
    stamp = records.now()
    issue = WorkplaceIssue(records.new_id(), name, description)
    conn.execute(
        "INSERT INTO workplace_issue (id, name, description, created_at, updated_at) "
        "VALUES (?,?,?,?,?)",
        (issue.id, issue.name, description, stamp, stamp),
    )
    return issue


def issues_for_person(vault: Vault, person_id: str) -> list[WorkplaceIssue]:
    rows = vault.connection.execute(
        "SELECT i.id, i.name, i.description FROM workplace_issue i JOIN person_issue pi "
        "ON pi.issue_id = i.id WHERE pi.person_id = ? ORDER BY i.name COLLATE NOCASE",
        (person_id,),
    ).fetchall()
    return [WorkplaceIssue(str(a), str(b), str(c)) for a, b, c in rows]


def add_issue_to_people(vault: Vault, person_ids: Iterable[str], issue_id: str) -> int:
    ids = list(person_ids)
    with vault.transaction() as conn:
        conn.executemany(
            "INSERT OR IGNORE INTO person_issue (person_id, issue_id) VALUES (?,?)",
            [(i, issue_id) for i in ids],
        )
    return len(ids)


def add_named_issue_to_people(vault: Vault, person_ids: Iterable[str], name: str) -> int:
    """Link people to the issue with this name, creating it if new, in one transaction."""
    ids = list(person_ids)
    with vault.transaction() as conn:
        issue = issue_named(conn, name)
        conn.executemany(
            "INSERT OR IGNORE INTO person_issue (person_id, issue_id) VALUES (?,?)",
            [(i, issue.id) for i in ids],
        )
    return len(ids)


def remove_issue_from_person(vault: Vault, person_id: str, issue_id: str) -> None:
    with vault.transaction() as conn:
        conn.execute(
            "DELETE FROM person_issue WHERE person_id = ? AND issue_id = ?",
            (person_id, issue_id),
        )
