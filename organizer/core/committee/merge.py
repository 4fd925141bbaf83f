"""Merging a checked update file, in the caller's transaction, with the triggers' stamping
off on this thread (it writes the stamps it received); see docs/committee-exchange.md.

1. Folds: records two members made apart under one natural key (a department's name),
   folded by another member, are folded here too.
2. Erasures: each tombstone erases its record here (secure delete, cascading as a local
   erasure does). An erased record never comes back: rows that are, or belong to, an erased
   record are skipped.
3. Records, parents first. A record I have: each field goes to the higher stamp (the value
   breaks a tie, so every order ends the same); a same-field edit made without seeing the
   other one is a conflict, and the losing value is kept in `update_conflict`. A record I do
   not have: added, unless a record with the same natural key exists (two members adding
   "Warehouse"): then the smaller UUID stays, the other becomes its alias.
4. Links: present or absent, by the higher stamp (added wins a tie).
New rows go in through `bulk_load`, the one bulk-write path (search index and the people's
derived columns done set-based); changed rows are updated in place, so their search entries
and derived columns follow through the schema's triggers.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from organizer import formats
from organizer.core import records
from organizer.core.bulk import bulk_load
from organizer.core.committee import roster, stamps
from organizer.core.committee.identity import Identity
from organizer.core.committee.tables import (
    CREATED,
    DELETED,
    LINK_TABLES,
    PRESENT,
    RECORD_TABLES,
    RECORDS_BY_NAME,
    RecordTable,
)
from organizer.i18n import _, ngettext

Connection = Any
Stamp = tuple[str, str]  # (stamp, prev)


@dataclass
class Received:
    """What one file did, for the summary."""

    path: Path
    sender: str = ""
    skipped: bool = False  # applied before
    added: dict[str, int] = field(default_factory=dict)
    changed: dict[str, int] = field(default_factory=dict)
    erased: int = 0
    conflicts: int = 0
    out_of_scope: int = 0

    def sentence(self) -> str:
        if self.skipped:
            # Translators: {file} is a file name, {sender} a committee member's name.
            return _("{file}: from {sender}, already applied; skipped.").format(
                file=self.path.name, sender=self.sender)
        talks = self.added.get("one_on_one", 0)
        new_people = self.added.get("person", 0)
        people_changed = self.changed.get("person", 0)
        # Each part is one item of the list the sentence below holds.
        parts = [ngettext("{n} new one-on-one", "{n} new one-on-ones", talks).format(
            n=formats.number(talks))]
        if new_people:
            parts.append(ngettext("{n} new person", "{n} new people", new_people).format(
                n=formats.number(new_people)))
        parts += [
            ngettext("{n} person changed", "{n} people changed", people_changed).format(
                n=formats.number(people_changed)),
            ngettext("{n} conflict to review", "{n} conflicts to review",
                     self.conflicts).format(n=formats.number(self.conflicts)),
        ]
        if self.erased:
            # Translators: records erased by the member who sent the update.
            parts.append(ngettext("{n} erased", "{n} erased", self.erased).format(
                n=formats.number(self.erased)))
        if self.out_of_scope:
            # Translators: records about people outside the departments this member sees.
            parts.append(ngettext(
                "{n} outside your departments not applied",
                "{n} outside your departments not applied", self.out_of_scope,
            ).format(n=formats.number(self.out_of_scope)))
        # Translators: {sender} is a committee member's name; {changes} a list of counts
        # ("1 new one-on-one, 2 people changed, 0 conflicts to review").
        return _("From {sender}: {changes}.").format(sender=self.sender, changes=", ".join(parts))


def _sort_key(value: object) -> tuple[int, object]:
    """A total order over SQLite values, to break a tie between equal stamps."""
    if value is None:
        return (0, 0)
    if isinstance(value, (int, float)):
        return (1, value)
    if isinstance(value, str):
        return (2, value)
    return (3, bytes(value))  # type: ignore[call-overload]


class _Merge:
    def __init__(
        self,
        conn: Connection,
        update: sqlite3.Connection,
        result: Received,
        sender: roster.Member,
        scope: set[str] | None,
    ) -> None:
        self.conn = conn
        self.update = update
        self.result = result
        self.sender = sender
        self.scope = scope  # department ids the sender says I may see; None: all
        self.seq = 1 + int(
            conn.execute("SELECT coalesce(max(seq), 0) FROM field_stamp").fetchone()[0]
        )
        self.now = records.now()
        self.stamps: dict[tuple[str, str], Stamp] = {
            (str(r[0]), str(r[1])): (str(r[2]), str(r[3]))
            for r in update.execute("SELECT row_id, field, stamp, prev FROM field_stamp")
        }
        self.aliases: dict[str, str] = dict(
            conn.execute("SELECT old_id, new_id FROM merged_alias").fetchall()
        )
        self.new_rows: dict[str, list[tuple[object, ...]]] = {}
        self.new_ids: dict[str, set[str]] = {}
        self.new_links: dict[str, set[tuple[str, str]]] = {}
        # (row_id, field, tbl, stamp, prev, seq, via): via is the sender, or None for what
        # this merge decided here and every member must hear, the sender included.
        self.stamps_out: list[tuple[str, str, str, str, str, int, str | None]] = []
        self.references = _references(conn)
        self.incoming_ids: dict[str, set[object]] = {}
        self.incoming_people: dict[str, tuple[object, object]] = {}
        self.tombstones: set[object] = {
            r[0] for r in conn.execute("SELECT id FROM tombstone")
        }
        # Table -> the ids this file names (its rows and their links) that are here: found
        # with one query per table instead of one per row (`find_existing`).
        self.existing: dict[str, set[object]] = {}
        self.link_stamps: dict[str, list[str]] = {}
        for row_id, tbl in update.execute(
            "SELECT row_id, tbl FROM field_stamp WHERE field = ?", (PRESENT,)
        ):
            self.link_stamps.setdefault(str(tbl), []).append(str(row_id))

    # ----- helpers ----------------------------------------------------------------------

    def alias(self, value: object) -> object:
        seen = 0
        while isinstance(value, str) and value in self.aliases and seen < 50:
            value = self.aliases[value]
            seen += 1
        return value

    def erased(self, record_id: object) -> bool:
        return record_id in self.tombstones

    def known(self, table: str, record_id: object) -> bool:
        """Here already, or arriving in this file."""
        return record_id in self.incoming_ids.get(table, ()) or self.exists(table, record_id)

    def exists(self, table: str, record_id: object) -> bool:
        return record_id in self.new_ids.get(table, ()) or record_id in self.existing.get(
            table, ()
        )

    def find_existing(self) -> None:
        """Which of the ids this file names are here, per table (after the erasures)."""
        named: set[object] = set()
        for table in RECORD_TABLES:
            columns = _columns(self.update, table.name)
            if not columns:
                continue
            wanted = ["id", *(c for c, _target in table.refs if c in columns)]
            for row in self.update.execute(f"SELECT {', '.join(wanted)} FROM {table.name}"):
                named.update(self.alias(v) for v in row if v is not None)
        for link in LINK_TABLES:
            if _columns(self.update, link.name):
                for row in self.update.execute(f"SELECT * FROM {link.name}"):
                    named.update(self.alias(v) for v in row)
        for keys in self.link_stamps.values():
            for key in keys:
                named.update(self.alias(part) for part in key.split(":", 1))
        self.conn.execute("CREATE TEMP TABLE IF NOT EXISTS named_id (id TEXT PRIMARY KEY)")
        self.conn.execute("DELETE FROM temp.named_id")
        self.conn.executemany(
            "INSERT OR IGNORE INTO temp.named_id VALUES (?)", [(v,) for v in named]
        )
        for table in RECORD_TABLES:
            self.existing[table.name] = {
                r[0] for r in self.conn.execute(
                    f"SELECT t.id FROM temp.named_id n JOIN {table.name} t ON t.id = n.id"
                )
            }
        self.conn.execute("DELETE FROM temp.named_id")

    def stamp(
        self, row_id: str, field_name: str, tbl: str, value: Stamp, *, mine: bool = False
    ) -> None:
        via = None if mine else self.sender.id
        self.stamps_out.append((row_id, field_name, tbl, value[0], value[1], self.seq, via))

    def local_stamps(self, row_id: str) -> dict[str, Stamp]:
        return {
            str(r[0]): (str(r[1]), str(r[2]))
            for r in self.conn.execute(
                "SELECT field, stamp, prev FROM field_stamp WHERE row_id = ?", (row_id,)
            )
        }

    # ----- 1. erasures ------------------------------------------------------------------

    def erasures(self) -> None:
        for incoming_id, kind, stamp in self.update.execute(
            "SELECT id, kind, stamp FROM tombstone"
        ):
            if kind not in RECORDS_BY_NAME:
                continue
            record_id = str(self.alias(incoming_id))
            for erased_id in dict.fromkeys((str(incoming_id), record_id)):
                # The record erased here under its other UUID (two members' "Office" folded
                # into one): every member must hear of it, the sender too, who knows it by
                # the UUID it erased.
                self.erase(kind, erased_id, str(stamp), mine=erased_id != incoming_id)

    def erase(self, kind: str, erased_id: str, stamp: str, *, mine: bool) -> None:
        if self.erased(erased_id):
            return
        deleted = self.conn.execute(f"DELETE FROM {kind} WHERE id = ?", (erased_id,))
        self.result.erased += max(deleted.rowcount, 0)
        self.conn.execute(
            "INSERT OR REPLACE INTO tombstone (id, kind, deleted_at) VALUES (?, ?, ?)",
            (erased_id, kind, self.now),
        )
        self.tombstones.add(erased_id)
        if mine and not stamp:
            stamp = str(self.conn.execute("SELECT organizer_stamp()").fetchone()[0])
        self.stamp(erased_id, DELETED, kind, (stamp, ""), mine=mine)

    # ----- 2. aliases ---------------------------------------------------------------------

    def aliases_received(self) -> None:
        """Records another member folded by natural key: fold them here too, even when this
        vault never saw the other twin (it may hold the record under its old UUID)."""
        if not _columns(self.update, "merged_alias"):
            return
        for old, new, kind in self.update.execute(
            "SELECT old_id, new_id, tbl FROM merged_alias ORDER BY old_id"
        ).fetchall():
            table = RECORDS_BY_NAME.get(str(kind))
            if table is None or not table.natural_key:
                continue  # only records two members can make apart (by name) are folded
            old, new = str(self.alias(old)), str(self.alias(new))
            # (A fold keeps the smaller UUID: an alias the other way round is not one.)
            if table is None or new >= old or self.erased(old):
                continue
            if self.erased(new):
                # The record my twin was folded into was erased: erasure wins, mine goes too.
                self.erase(table.name, old, "", mine=True)
                continue
            here = {
                str(r[0]) for r in self.conn.execute(
                    f"SELECT id FROM {table.name} WHERE id IN (?, ?)", (old, new))
            }
            if here == {old, new}:
                self.fold(table, old, new)
            elif old in here:
                self.rekey(table, old, new)
            else:
                self.add_alias(old, new, table.name)

    # ----- 3. records -------------------------------------------------------------------

    def in_scope(self, table: RecordTable, row: dict[str, object]) -> bool:
        if self.scope is None:
            return True
        people = [row[c] for c in table.person_refs if row.get(c) is not None]
        for person_id in people:
            if table.name == "person" and person_id == row["id"]:
                department, oc_member = row.get("department_id"), row.get("is_oc_member")
            else:
                found = self.person_scope(person_id)
                if found is None:
                    continue
                department, oc_member = found
            if not oc_member and department not in self.scope:
                return False
        return True

    def person_scope(self, person_id: object) -> tuple[object, object] | None:
        pending = self.incoming_people.get(str(person_id))
        if pending is not None:
            return pending
        row = self.conn.execute(
            "SELECT department_id, is_oc_member FROM person WHERE id = ?", (person_id,)
        ).fetchone()
        return None if row is None else (row[0], row[1])

    def records(self) -> None:
        self.incoming_people = {
            str(r[0]): (self.alias(r[1]), r[2])
            for r in self.update.execute("SELECT id, department_id, is_oc_member FROM person")
        }
        for table in RECORD_TABLES:
            if _columns(self.update, table.name):
                self.incoming_ids[table.name] = {
                    self.alias(str(r[0])) for r in self.update.execute(
                        f"SELECT id FROM {table.name}")
                }
        for table in RECORD_TABLES:
            columns = _columns(self.update, table.name)
            if not columns:
                continue
            for values in self.update.execute(f"SELECT * FROM {table.name}").fetchall():
                row = dict(zip(columns, values, strict=True))
                self.record(table, row)

    def record(self, table: RecordTable, row: dict[str, object]) -> None:
        incoming_id = str(row["id"])
        record_id = str(self.alias(incoming_id))
        row["id"] = record_id
        if self.erased(record_id):
            return
        for column, target in table.refs:
            if column not in row:
                continue
            value = self.alias(row[column])
            if value is not None and (self.erased(value) or not self.known(target, value)):
                if column in table.not_null_refs:
                    return  # belongs to an erased record (or one never sent to me)
                value = None
            row[column] = value
        if not self.in_scope(table, row):
            self.result.out_of_scope += 1
            return
        incoming = {f: self.stamps.get((incoming_id, f), ("", "")) for f in table.fields}
        if self.exists(table.name, record_id) and record_id not in self.new_ids.get(table.name, ()):
            self.update_record(table, record_id, row, incoming)
            return
        if record_id in self.new_ids.get(table.name, ()):
            return  # the same record twice in one file cannot happen; be safe
        match = self.natural_match(table, row)
        if match is not None and match != record_id:
            if match < record_id:
                self.add_alias(record_id, match, table.name)
                self.existing.setdefault(table.name, set()).add(match)
                row["id"] = record_id = match
            else:
                self.rekey(table, match, record_id)
            self.update_record(table, record_id, row, incoming)
            self.earliest_creation(table, record_id, row.get("created_at"))
            return
        self.add_record(table, row, incoming)

    def earliest_creation(self, table: RecordTable, record_id: str, created: object) -> None:
        """Two records folded into one keep the earlier creation time, whoever folds them."""
        if created is not None:
            self.conn.execute(
                f"UPDATE {table.name} SET created_at = ? WHERE id = ? AND created_at > ?",
                (created, record_id, created),
            )

    def fold(self, table: RecordTable, one: str, other: str) -> str:
        """Two records of mine that now share a natural key (one was renamed to the other's
        name) become one: the smaller UUID, each field by the higher stamp."""
        keep, drop = min(one, other), max(one, other)
        fields = ", ".join(table.fields)
        values = self.conn.execute(
            f"SELECT {fields}, created_at FROM {table.name} WHERE id = ?", (drop,)
        ).fetchone()
        dropped = dict(zip((*table.fields, "created_at"), values, strict=True))
        dropped_stamps = self.local_stamps(drop)
        self.move_links(table.name, drop, keep)
        for child, column in self.references.get(table.name, ()):
            # A link table may already link the kept record: the duplicate link goes.
            self.conn.execute(
                f"UPDATE OR IGNORE {child} SET {column} = ? WHERE {column} = ?", (keep, drop)
            )
            self.conn.execute(f"DELETE FROM {child} WHERE {column} = ?", (drop,))
        self.conn.execute(f"DELETE FROM {table.name} WHERE id = ?", (drop,))
        self.existing.setdefault(table.name, set()).discard(drop)
        self.existing[table.name].add(keep)
        self.add_alias(drop, keep, table.name)
        # The dropped record's values compete with the kept one's, field by field, without
        # the natural key (equal by now); stamps merged here are news for every member.
        competing = {f: v for f, v in dropped.items() if f not in table.natural_key}
        self.update_record(
            table, keep, competing,
            {f: dropped_stamps.get(f, ("", "")) for f in table.fields}, mine=True,
        )
        self.earliest_creation(table, keep, dropped["created_at"])
        return keep

    def move_links(self, table: str, old: str, new: str) -> None:
        """The links of record `old`, which becomes `new` (a fold by natural key), with their
        stamps: each link of `old` and the same link of `new` are one link, present or absent
        by the higher stamp (added wins a tie), stamped with it under `new`'s key. A removal
        stamped under the folded UUID must count against the link under the kept one, here
        as wherever the fold came in the other way round."""
        for link in LINK_TABLES:
            for side, (column, target) in enumerate((link.left, link.right)):
                if target != table:
                    continue
                other_column = link.columns[1 - side]

                def key(this: str, other: str, side: int = side) -> str:
                    return f"{this}:{other}" if side == 0 else f"{other}:{this}"

                others = {
                    str(r[0]) for r in self.conn.execute(
                        f"SELECT {other_column} FROM {link.name} WHERE {column} = ?", (old,))
                }
                for (row_id,) in self.conn.execute(
                    "SELECT row_id FROM field_stamp WHERE tbl = ? AND field = ?",
                    (link.name, PRESENT),
                ):
                    parts = str(row_id).split(":", 1)
                    if len(parts) == 2 and parts[side] == old:
                        others.add(parts[1 - side])
                for other in sorted(others):
                    self.move_link(link.name, link.columns, side, other,
                                   key(old, other), key(new, other), old, new)

    def move_link(
        self, name: str, columns: tuple[str, str], side: int, other: str, old_key: str,
        new_key: str, old: str, new: str,
    ) -> None:
        this_column, other_column = columns[side], columns[1 - side]
        where = f"{this_column} = ? AND {other_column} = ?"

        def state(record_id: str, row_key: str) -> tuple[str, bool]:
            found = self.conn.execute(
                "SELECT stamp FROM field_stamp WHERE row_id = ? AND field = ?",
                (row_key, PRESENT),
            ).fetchone()
            present = self.conn.execute(
                f"SELECT 1 FROM {name} WHERE {where}", (record_id, other)
            ).fetchone() is not None
            return ("" if found is None else str(found[0]), present)

        old_state, new_state = state(old, old_key), state(new, new_key)
        self.conn.execute(f"DELETE FROM {name} WHERE {where}", (old, other))
        if max(old_state, new_state)[1]:
            left, right = (new, other) if side == 0 else (other, new)
            self.conn.execute(
                f"INSERT OR IGNORE INTO {name} ({columns[0]}, {columns[1]}) VALUES (?, ?)",
                (left, right),
            )
        else:
            self.conn.execute(f"DELETE FROM {name} WHERE {where}", (new, other))
        if old_state[0] > new_state[0]:
            # The removal or addition stamped under the folded UUID is the later one.
            self.conn.execute(
                "DELETE FROM field_stamp WHERE row_id = ? AND field = ?", (new_key, PRESENT))
            self.conn.execute(
                "UPDATE field_stamp SET row_id = ? WHERE row_id = ? AND field = ?",
                (new_key, old_key, PRESENT),
            )
        else:
            self.conn.execute(
                "DELETE FROM field_stamp WHERE row_id = ? AND field = ?", (old_key, PRESENT))

    def natural_match(self, table: RecordTable, row: dict[str, object]) -> str | None:
        if not table.natural_key or any(c not in row for c in table.natural_key):
            return None
        where = " AND ".join(f"{c} = ?" for c in table.natural_key)
        found = self.conn.execute(
            f"SELECT id FROM {table.name} WHERE {where}", [row[c] for c in table.natural_key]
        ).fetchone()
        return None if found is None else str(found[0])

    def add_alias(self, old: str, new: str, table: str) -> None:
        self.aliases[old] = new
        self.conn.execute(
            "INSERT OR REPLACE INTO merged_alias (old_id, new_id, tbl) VALUES (?, ?, ?)",
            (old, new, table),
        )
        self.conn.execute("UPDATE merged_alias SET new_id = ? WHERE new_id = ?", (new, old))

    def rekey(self, table: RecordTable, old: str, new: str) -> None:
        """My record `old` and the incoming `new` are one (same natural key): keep `new`, the
        smaller UUID, and point everything at it."""
        self.conn.execute(f"UPDATE {table.name} SET id = ? WHERE id = ?", (new, old))
        self.existing.setdefault(table.name, set()).discard(old)
        self.existing[table.name].add(new)
        self.move_links(table.name, old, new)
        for child, column in self.references.get(table.name, ()):
            self.conn.execute(f"UPDATE {child} SET {column} = ? WHERE {column} = ?", (new, old))
        self.conn.execute("UPDATE field_stamp SET row_id = ? WHERE row_id = ?", (new, old))
        self.add_alias(old, new, table.name)

    def update_record(
        self, table: RecordTable, record_id: str, row: dict[str, object],
        incoming: dict[str, Stamp], *, mine: bool = False,
    ) -> None:
        renamed_onto = self.renamed_onto(table, record_id, row, incoming)
        if renamed_onto is not None:
            record_id = self.fold(table, record_id, renamed_onto)
        fields = [f for f in table.fields if f in row]
        # No field at all when a fold compares a record whose only field is its natural
        # key (a tag's name).
        current = self.conn.execute(
            f"SELECT {', '.join((*fields, 'created_at'))} FROM {table.name} WHERE id = ?",
            (record_id,),
        ).fetchone()
        created = row.get("created_at")
        if created is not None and str(created) < str(current[-1]):
            # A fold elsewhere gave the record an earlier creation time: the earliest wins.
            self.earliest_creation(table, record_id, created)
        local = self.local_stamps(record_id)
        changes: dict[str, object] = {}
        for position, name in enumerate(fields):
            here, theirs = current[position], row[name]
            local_stamp = local.get(name, ("", ""))
            their_stamp = incoming[name]
            if here == theirs:
                if their_stamp[0] > local_stamp[0]:
                    self.stamp(record_id, name, table.name, their_stamp, mine=mine)
                continue
            theirs_win = (their_stamp[0], _sort_key(theirs)) > (local_stamp[0], _sort_key(here))
            # Concurrent: the later writer had not seen the other value (its `prev`, the
            # stamp it overwrote, is older than the other's). Two records made apart and
            # merged by natural key differ without any edit: not a conflict.
            if theirs_win:
                changes[name] = theirs
                self.stamp(record_id, name, table.name, their_stamp, mine=mine)
                if local_stamp[0] and their_stamp[1] < local_stamp[0]:
                    self.conflict(table.name, record_id, name, theirs, their_stamp, here,
                                  local_stamp)
            elif their_stamp[0] and local_stamp[1] < their_stamp[0]:
                self.conflict(table.name, record_id, name, here, local_stamp, theirs,
                              their_stamp)
        if changes:
            assignments = ", ".join(f"{name} = ?" for name in changes)
            self.conn.execute(
                f"UPDATE {table.name} SET {assignments} WHERE id = ?",
                [*changes.values(), record_id],
            )
            self.result.changed[table.name] = self.result.changed.get(table.name, 0) + 1

    def renamed_onto(
        self, table: RecordTable, record_id: str, row: dict[str, object],
        incoming: dict[str, Stamp],
    ) -> str | None:
        """Another record of mine whose natural key this record is about to take (a member
        renamed their "Office" to the "Dock" another member had just made)."""
        keys = table.natural_key
        if not keys or any(k not in row for k in keys):
            return None
        current = self.conn.execute(
            f"SELECT {', '.join(keys)} FROM {table.name} WHERE id = ?", (record_id,)
        ).fetchone()
        local = self.local_stamps(record_id)
        if not any(
            (incoming[k][0], _sort_key(row[k])) > (local.get(k, ("", ""))[0], _sort_key(here))
            for k, here in zip(keys, current, strict=True) if here != row[k]
        ):
            return None
        found = self.conn.execute(
            f"SELECT id FROM {table.name} WHERE "
            + " AND ".join(f"{k} = ?" for k in keys) + " AND id <> ?",
            [*(row[k] for k in keys), record_id],
        ).fetchone()
        return None if found is None else str(found[0])

    def conflict(
        self, table: str, record_id: str, name: str, kept: object, kept_stamp: Stamp,
        lost: object, lost_stamp: Stamp,
    ) -> None:
        if self.conn.execute(
            "SELECT 1 FROM update_conflict WHERE row_id = ? AND field = ? AND kept_stamp = ? "
            "AND lost_stamp = ?",
            (record_id, name, kept_stamp[0], lost_stamp[0]),
        ).fetchone():
            return  # the losing edit came again (files repeat until acknowledged)
        self.conn.execute(
            "INSERT INTO update_conflict (id, tbl, row_id, field, kept_value, kept_stamp, "
            "lost_value, lost_stamp, member_id, found_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (records.new_id(), table, record_id, name, json.dumps(kept), kept_stamp[0],
             json.dumps(lost), lost_stamp[0], self.sender.id, self.now),
        )
        self.result.conflicts += 1

    def add_record(
        self, table: RecordTable, row: dict[str, object], incoming: dict[str, Stamp]
    ) -> None:
        record_id = str(row["id"])
        values = tuple(row.get(c) for c in ("id", *table.fields, "created_at"))
        defaults = _defaults(self.conn, table.name)
        values = tuple(
            defaults.get(c) if c not in row else v
            for c, v in zip(("id", *table.fields, "created_at"), values, strict=True)
        )
        self.new_rows.setdefault(table.name, []).append(values)
        self.new_ids.setdefault(table.name, set()).add(record_id)
        self.stamp(record_id, CREATED, table.name, ("", ""))
        for name, value in incoming.items():
            if value[0]:
                self.stamp(record_id, name, table.name, value)
        self.result.added[table.name] = self.result.added.get(table.name, 0) + 1

    # ----- 3. links ---------------------------------------------------------------------

    def links(self) -> None:
        for link in LINK_TABLES:
            (left, left_table), (right, right_table) = link.left, link.right
            present = {
                (str(r[0]), str(r[1]))
                for r in self.update.execute(f"SELECT {left}, {right} FROM {link.name}")
            } if _columns(self.update, link.name) else set()
            stamped = {
                (key.partition(":")[0], key.partition(":")[2])
                for key in self.link_stamps.get(link.name, ())
            }
            here = {
                (str(r[0]), str(r[1]))
                for r in self.conn.execute(f"SELECT {left}, {right} FROM {link.name}")
            }
            here_stamps = {
                str(r[0]): (str(r[1]), str(r[2]))
                for r in self.conn.execute(
                    "SELECT row_id, stamp, prev FROM field_stamp WHERE tbl = ? AND field = ?",
                    (link.name, PRESENT),
                )
            }
            for key in sorted(present | stamped):
                incoming_key = f"{key[0]}:{key[1]}"
                a, b = str(self.alias(key[0])), str(self.alias(key[1]))
                if self.erased(a) or self.erased(b):
                    continue
                if not (self.exists(left_table, a) and self.exists(right_table, b)):
                    continue
                theirs = key in present
                their_stamp = self.stamps.get((incoming_key, PRESENT), ("", ""))
                local_key = f"{a}:{b}"
                local_stamp = here_stamps.get(local_key, ("", ""))
                mine = (a, b) in here or (a, b) in self.new_links.get(link.name, ())
                if (their_stamp[0], theirs) > (local_stamp[0], mine):
                    if theirs and not mine:
                        self.new_links.setdefault(link.name, set()).add((a, b))
                    elif mine and not theirs:
                        self.conn.execute(
                            f"DELETE FROM {link.name} WHERE {left} = ? AND {right} = ?", (a, b)
                        )
                        here.discard((a, b))
                        self.new_links.get(link.name, set()).discard((a, b))
                if their_stamp[0] > local_stamp[0]:
                    self.stamp(local_key, PRESENT, link.name, their_stamp)
                    # Two keys of this file may name one link (a record and its alias).
                    here_stamps[local_key] = their_stamp

    # ----- writing ----------------------------------------------------------------------

    def write_new(self) -> None:
        """The new rows through the one bulk-write path, parents first."""
        with bulk_load(self.conn, stamped=True) as conn:
            for table in RECORD_TABLES:
                rows = self.new_rows.get(table.name)
                if not rows:
                    continue
                columns = ("id", *table.fields, "created_at", "updated_at")
                marks = ", ".join("?" * len(columns))
                # A person pointing at a person not inserted yet (their OC member) is an
                # outstanding foreign-key violation, and while there is one SQLite scans
                # the child tables at every parent insert: point them afterwards.
                conn.executemany(
                    f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({marks})",
                    [_without_self_references(table, (*row, row[-1] or self.now))
                     for row in rows],
                )
                for c in _self_references(table):
                    conn.executemany(
                        f"UPDATE {table.name} SET {table.fields[c]} = ? WHERE id = ?",
                        [(row[1 + c], row[0]) for row in rows if row[1 + c] is not None],
                    )
            for link in LINK_TABLES:
                pairs = self.new_links.get(link.name)
                if pairs:
                    left, right = link.columns
                    conn.executemany(
                        f"INSERT OR IGNORE INTO {link.name} ({left}, {right}) VALUES (?, ?)",
                        sorted(pairs),
                    )
            self.write_stamps(conn)
        # A reached call counts as contact (call_lists.record_results), which the bulk
        # recompute from one-on-ones does not know.
        table = RECORDS_BY_NAME["call_attempt"]
        person, called, outcome = (
            1 + table.fields.index(c) for c in ("person_id", "called_at", "outcome")
        )
        self.conn.executemany(
            "UPDATE person SET last_contact_on = ? WHERE id = ? "
            "AND coalesce(last_contact_on, '') < ?",
            [
                (str(row[called])[:10], row[person], str(row[called])[:10])
                for row in self.new_rows.get("call_attempt", [])
                if row[outcome] == "reached"
            ],
        )

    def write_stamps(self, conn: Connection) -> None:
        conn.executemany(
            "INSERT INTO field_stamp (row_id, field, tbl, stamp, prev, seq, via) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (row_id, field) DO UPDATE SET "
            "stamp = excluded.stamp, prev = excluded.prev, seq = excluded.seq, "
            "via = excluded.via WHERE excluded.stamp >= field_stamp.stamp",
            self.stamps_out,
        )


def _self_references(table: RecordTable) -> list[int]:
    """Positions in `fields` of the columns that point at the table itself."""
    return [table.fields.index(c) for c, target in table.refs if target == table.name]


def _without_self_references(table: RecordTable, row: tuple[object, ...]) -> tuple[object, ...]:
    positions = {1 + c for c in _self_references(table)}
    return tuple(None if i in positions else v for i, v in enumerate(row))


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [str(r[1]) for r in conn.execute(f"PRAGMA table_info({table})")]


_DEFAULTS: dict[str, dict[str, object]] = {}


def _defaults(conn: Connection, table: str) -> dict[str, object]:
    """Column defaults, for rows from an older schema that lacks a column."""
    if table not in _DEFAULTS:
        found: dict[str, object] = {}
        for row in conn.execute(f"PRAGMA table_info({table})"):
            default = row[4]
            if default is None:
                found[str(row[1])] = None
            else:
                found[str(row[1])] = conn.execute(f"SELECT {default}").fetchone()[0]
        _DEFAULTS[table] = found
    return _DEFAULTS[table]


def _references(conn: Connection) -> dict[str, list[tuple[str, str]]]:
    """Parent table -> [(child table, column)] for every foreign key in the vault."""
    found: dict[str, list[tuple[str, str]]] = {}
    tables = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "AND name NOT LIKE 'search_index%'"
    )]
    for table in tables:
        for row in conn.execute(f"PRAGMA foreign_key_list({table})"):
            found.setdefault(str(row[2]), []).append((str(table), str(row[3])))
    return found


def merge(
    conn: Connection,
    update: sqlite3.Connection,
    result: Received,
    manifest: dict[str, str],
    sender: roster.Member,
    me: Identity,
) -> None:
    """Apply a checked update inside the caller's transaction (see the module's doc)."""
    named = manifest.get("scope", "all")
    aliases = dict(conn.execute("SELECT old_id, new_id FROM merged_alias").fetchall())
    scope = None if named == "all" else {aliases.get(d, d) for d in json.loads(named)}
    latest = update.execute("SELECT max(stamp) FROM field_stamp").fetchone()[0]
    device = conn.execute("SELECT device_id FROM replica").fetchone()[0]
    clock = stamps.clock_for(_vault_path(conn), device)
    conn.execute("PRAGMA defer_foreign_keys = ON")
    with stamps.not_recording():
        work = _Merge(conn, update, result, sender, scope)
        # Folds first: a tombstone may name the UUID a twin of mine was folded into.
        work.aliases_received()
        work.erasures()
        work.find_existing()
        work.records()
        work.links()
        work.write_new()
    if latest:
        clock.observe(str(latest))
    vector = dict(update.execute("SELECT member_key, through_seq FROM version_vector").fetchall())
    acked = int(vector.get(me.sign_public.hex(), 0))
    conn.execute(
        "UPDATE committee_member SET received_seq = max(received_seq, ?), "
        "acked_seq = CASE WHEN ? >= full_after THEN max(acked_seq, ?) ELSE acked_seq END, "
        "last_received_at = ? WHERE id = ?",
        (int(manifest["through_seq"]), acked, acked, records.now(), sender.id),
    )
    conn.execute(
        "INSERT INTO update_received (file_id, member_id, applied_at) VALUES (?, ?, ?)",
        (manifest["file_id"], sender.id, records.now()),
    )


def _vault_path(conn: Connection) -> str:
    return str(conn.execute("PRAGMA database_list").fetchone()[2])
