"""Conflicts to review: same-field edits made apart, where the later one won everywhere and
the other was kept here (merge.py). Resolving one is itself an edit, stamped like any other,
so the choice travels to the committee."""

from __future__ import annotations

import json
from dataclasses import dataclass

from organizer.core import records
from organizer.core.committee.tables import RECORDS_BY_NAME
from organizer.core.errors import InvalidInput
from organizer.core.people import display_name
from organizer.core.vault import Vault
from organizer.i18n import N_, _

# What a person reads for each table and field name.
_RECORD_NAMES = {
    "person": N_("person"), "one_on_one": N_("one-on-one"), "assessment": N_("assessment"),
    "follow_up": N_("follow-up"), "relationship": N_("relationship"),
    "department": N_("department"), "shift": N_("shift"), "site": N_("site"),
    "workplace_issue": N_("issue"), "action_plan": N_("plan"), "action_step": N_("plan step"),
    "structure_test": N_("structure test"), "participation": N_("participation"),
    "call_attempt": N_("call"),
}


@dataclass(frozen=True)
class Conflict:
    id: str
    table: str
    record_id: str
    field: str
    current: object  # the value that won, what the vault holds (unless edited since)
    current_stamp: str
    other: object  # the value that lost
    other_stamp: str
    member: str  # the member whose update brought the conflict
    found_at: str
    about: str  # the person or record it is about, for the list
    current_is_mine: bool = False  # the value now held was written in this vault
    other_is_mine: bool = False  # the value set aside was written in this vault

    @property
    def what(self) -> str:
        # The field stays the column's name: the conflicts dialog words it (field_words).
        record = _(_RECORD_NAMES[self.table]) if self.table in _RECORD_NAMES else self.table
        return f"{record}: {self.field.replace('_', ' ')}"


def _about(vault: Vault, table: str, record_id: str) -> str:
    """The person it is about, as the app names them (code name first), or the record's
    own name."""
    conn = vault.connection
    if table == "person":
        row = conn.execute(
            "SELECT name, code_name FROM person WHERE id = ?", (record_id,)
        ).fetchone()
    elif "person_id" in RECORDS_BY_NAME[table].fields:
        row = conn.execute(
            f"SELECT p.name, p.code_name FROM {table} t JOIN person p ON p.id = t.person_id "
            "WHERE t.id = ?",
            (record_id,),
        ).fetchone()
    elif "name" in RECORDS_BY_NAME[table].fields:
        row = conn.execute(
            f"SELECT name, '' FROM {table} WHERE id = ?", (record_id,)
        ).fetchone()
    else:
        row = None
    return display_name(str(row[0]), str(row[1] or "")) if row else ""


def _written_here(stamp: str, device: str) -> bool:
    return bool(stamp) and stamp.rsplit("-", 1)[-1] == device


def open_conflicts(vault: Vault) -> list[Conflict]:
    """Conflicts not yet resolved, newest first; those whose record is gone are left out."""
    rows = vault.connection.execute(
        "SELECT c.id, c.tbl, c.row_id, c.field, c.kept_value, c.kept_stamp, c.lost_value, "
        "c.lost_stamp, coalesce(m.name, ''), c.found_at FROM update_conflict c "
        "LEFT JOIN committee_member m ON m.id = c.member_id "
        "WHERE c.resolved_at IS NULL ORDER BY c.found_at DESC, c.rowid DESC"
    ).fetchall()
    device = str(vault.connection.execute("SELECT device_id FROM replica").fetchone()[0])
    found = []
    for row in rows:
        table, record_id, field = str(row[1]), str(row[2]), str(row[3])
        if table not in RECORDS_BY_NAME or field not in RECORDS_BY_NAME[table].fields:
            continue
        current = vault.connection.execute(
            f"SELECT {field} FROM {table} WHERE id = ?", (record_id,)
        ).fetchone()
        if current is None:
            continue
        found.append(Conflict(
            id=str(row[0]), table=table, record_id=record_id, field=field,
            current=current[0], current_stamp=str(row[5]), other=json.loads(row[6]),
            other_stamp=str(row[7]), member=str(row[8]), found_at=str(row[9]),
            about=_about(vault, table, record_id),
            current_is_mine=_written_here(str(row[5]), device),
            other_is_mine=_written_here(str(row[7]), device),
        ))
    return found


def resolve(vault: Vault, conflict_id: str, *, take_other: bool) -> None:
    """Keep the current value or take the other one. Either way a new stamped edit of the
    field, so every member ends with the choice made here."""
    with vault.transaction() as conn:
        row = conn.execute(
            "SELECT tbl, row_id, field, lost_value FROM update_conflict "
            "WHERE id = ? AND resolved_at IS NULL",
            (conflict_id,),
        ).fetchone()
        if row is None:
            raise InvalidInput(_("This conflict was already resolved."))
        table, record_id, field, lost = str(row[0]), str(row[1]), str(row[2]), row[3]
        if table not in RECORDS_BY_NAME or field not in RECORDS_BY_NAME[table].fields:
            raise InvalidInput(_("This conflict is about something Organizer cannot change."))
        current = conn.execute(
            f"SELECT {field} FROM {table} WHERE id = ?", (record_id,)
        ).fetchone()
        if current is None:
            raise InvalidInput(_("The record of this conflict no longer exists."))
        value = json.loads(lost) if take_other else current[0]
        if value != current[0]:
            # The stamping trigger records the edit.
            conn.execute(f"UPDATE {table} SET {field} = ? WHERE id = ?", (value, record_id))
        else:
            # Same value, so no trigger fires: stamp it here, so the choice outranks both.
            conn.execute(
                "INSERT INTO field_stamp (row_id, field, tbl, stamp, prev, seq) "
                "VALUES (?, ?, ?, organizer_stamp(), '', "
                "(SELECT coalesce(max(seq), 0) + 1 FROM field_stamp)) "
                "ON CONFLICT (row_id, field) DO UPDATE SET prev = field_stamp.stamp, "
                "stamp = excluded.stamp, seq = excluded.seq, via = NULL",
                (record_id, field, table),
            )
        conn.execute(
            "UPDATE update_conflict SET resolved_at = ? WHERE id = ?",
            (records.now(), conflict_id),
        )
