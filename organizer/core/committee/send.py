"""Writing update files: for each member, what changed since they last acknowledged, limited
to what they need to know, signed by me and encrypted to them.

What goes in a file for member M (docs/committee-exchange.md has the layout):
- M has acknowledged nothing yet (a new member, or their scope changed): everything in their
  scope, a **full** update. Otherwise every record with a stamp above the seq they
  acknowledged (their version vector says which; until then each file repeats what the one
  before carried, so a lost file costs nothing).
- Scope: a member limited to some departments is sent the people of those departments and
  every OC member (the committee knows its own), and of the other records only those whose
  every person is among them. A person newly in their scope comes with their whole history.
- A private one-on-one is never sent; a record that points at one travels without the link.
- Tombstones always travel: they hold only a UUID, and every member must erase the same.
"""

from __future__ import annotations

import json
import os
import secrets
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import organizer
from organizer import formats
from organizer.core import records, schema
from organizer.core.backup.files import create_partial, os_error, write_all
from organizer.core.backup.format import memory_database
from organizer.core.committee import envelope, roster
from organizer.core.committee.identity import Identity, ensure_identity
from organizer.core.committee.tables import (
    CREATED,
    DELETED,
    LINK_TABLES,
    PRESENT,
    RECORD_TABLES,
    LinkTable,
    RecordTable,
)
from organizer.core.errors import InvalidInput
from organizer.core.vault import Vault
from organizer.i18n import _, ngettext
from organizer.platform import current as this_platform

Connection = Any

FORMAT_VERSION = 1
SUFFIX = ".organizer-update"

# The update database's own tables, beside one per replicated table.
UPDATE_SCHEMA = """
CREATE TABLE exchange_manifest (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE version_vector (member_key TEXT PRIMARY KEY, through_seq INTEGER NOT NULL);
CREATE TABLE field_stamp (row_id TEXT NOT NULL, field TEXT NOT NULL, tbl TEXT NOT NULL,
    stamp TEXT NOT NULL, prev TEXT NOT NULL, PRIMARY KEY (row_id, field));
CREATE TABLE tombstone (id TEXT PRIMARY KEY, kind TEXT NOT NULL, stamp TEXT NOT NULL);
CREATE TABLE merged_alias (old_id TEXT PRIMARY KEY, new_id TEXT NOT NULL, tbl TEXT NOT NULL);
"""


@dataclass(frozen=True)
class SentFile:
    member: str
    path: Path
    full: bool
    counts: dict[str, int]

    def sentence(self) -> str:
        people = self.counts.get("person", 0)
        talks = self.counts.get("one_on_one", 0)
        erased = self.counts.get("tombstone", 0)
        counts = {
            "people": ngettext("{n} person", "{n} people", people).format(
                n=formats.number(people)),
            "one_on_ones": ngettext("{n} one-on-one", "{n} one-on-ones", talks).format(
                n=formats.number(talks)),
            "erasures": ngettext("{n} erasure", "{n} erasures", erased).format(
                n=formats.number(erased)),
        }
        if self.full:
            # Translators: {member} is a committee member's name, {file} a file name; the
            # counts are "2 people", "1 one-on-one", "0 erasures".
            text = _("For {member} (everything they may see): {people}, {one_on_ones}, "
                     "{erasures}, in {file}")
        else:
            # Translators: {member} is a committee member's name, {file} a file name; the
            # counts are "2 people", "1 one-on-one", "0 erasures".
            text = _("For {member} (what changed): {people}, {one_on_ones}, {erasures}, "
                     "in {file}")
        return text.format(member=self.member, file=self.path.name, **counts)


def _record_table_sql(table: RecordTable) -> str:
    columns = ", ".join(("id TEXT PRIMARY KEY", *table.fields, "created_at"))
    return f"CREATE TABLE {table.name} ({columns})"


def _link_table_sql(link: LinkTable) -> str:
    left, right = link.columns
    return f"CREATE TABLE {link.name} ({left} TEXT, {right} TEXT, PRIMARY KEY ({left}, {right}))"


class _Scope:
    """The member's need-to-know, as temporary tables on the vault's connection."""

    def __init__(self, conn: Connection, member: roster.Member, ack: int) -> None:
        self.conn = conn
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS allowed_person (id TEXT PRIMARY KEY)")
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS new_in_scope (id TEXT PRIMARY KEY)")
        conn.execute("DELETE FROM temp.allowed_person")
        conn.execute("DELETE FROM temp.new_in_scope")
        self.everyone = member.all_departments
        if self.everyone:
            conn.execute("INSERT INTO temp.allowed_person SELECT id FROM person")
        else:
            conn.execute(
                "INSERT INTO temp.allowed_person SELECT id FROM person WHERE is_oc_member = 1 "
                "OR department_id IN (SELECT department_id FROM committee_member_department "
                "WHERE member_id = ?)",
                (member.id,),
            )
            if ack:
                # Moved into their departments (or onto the committee) since they last
                # heard from me: they have never been sent this person's history.
                conn.execute(
                    "INSERT OR IGNORE INTO temp.new_in_scope SELECT row_id FROM field_stamp "
                    "WHERE tbl = 'person' AND field IN ('department_id', 'is_oc_member') "
                    "AND seq > ? AND row_id IN (SELECT id FROM temp.allowed_person)",
                    (ack,),
                )

    def record_filter(self, table: RecordTable) -> str:
        clauses = [
            f"({column} IS NULL OR {column} IN (SELECT id FROM temp.allowed_person))"
            for column in table.person_refs
        ]
        if table.name == "one_on_one":
            clauses.append("is_private = 0")
        return " AND ".join(clauses) or "1"


def _private_one_on_one(column: str) -> str:
    return (
        f"CASE WHEN {column} IN (SELECT id FROM one_on_one WHERE is_private = 1) "
        f"THEN NULL ELSE {column} END"
    )


def _select_columns(table: RecordTable) -> str:
    columns = []
    for column in ("id", *table.fields, "created_at"):
        if (column, "one_on_one") in table.refs:
            columns.append(_private_one_on_one(column))
        else:
            columns.append(column)
    return ", ".join(columns)


def build_update(
    conn: Connection, me: Identity, member: roster.Member, file_id: str
) -> tuple[bytes, dict[str, int], bool]:
    """The update database for `member` (call inside a read transaction): its image, its
    counts and whether it is full."""
    ack = member.acked_seq
    full = ack == 0
    through = int(conn.execute("SELECT coalesce(max(seq), 0) FROM field_stamp").fetchone()[0])
    scope = _Scope(conn, member, ack)
    out = memory_database()
    out.executescript(UPDATE_SCHEMA)
    counts: dict[str, int] = {}
    sent: dict[str, set[str]] = {}
    for table in RECORD_TABLES:
        out.execute(_record_table_sql(table))
        where = scope.record_filter(table)
        # Not back to the member who sent it to me: records whose every stamp came from them.
        params: list[object] = [table.name, member.id]
        where += (
            " AND id NOT IN (SELECT row_id FROM field_stamp WHERE tbl = ? GROUP BY row_id "
            "HAVING sum(via IS NOT ?) = 0)"
        ) if full else ""
        if not full:
            changed = (
                "id IN (SELECT row_id FROM field_stamp WHERE tbl = ? AND seq > ? AND field <> ? "
                "AND via IS NOT ?)"
            )
            params = [table.name, ack, DELETED, member.id]
            # Everything that names a person newly in their scope was held back before.
            for column in table.person_refs:
                changed += f" OR {column} IN (SELECT id FROM temp.new_in_scope)"
            where = f"({changed}) AND {where}"
        rows = conn.execute(
            f"SELECT {_select_columns(table)} FROM {table.name} WHERE {where}", params
        ).fetchall()
        marks = ", ".join("?" * (len(table.fields) + 2))
        out.executemany(f"INSERT INTO {table.name} VALUES ({marks})", rows)
        sent[table.name] = {row[0] for row in rows}
        counts[table.name] = len(rows)
    _copy_record_stamps(conn, out, sent)
    _copy_links(conn, out, sent, member.id, ack, counts)
    tombstones = conn.execute(
        "SELECT row_id, tbl, stamp FROM field_stamp WHERE field = ? AND seq > ? "
        "AND via IS NOT ?",
        (DELETED, ack, member.id),
    ).fetchall()
    out.executemany("INSERT OR REPLACE INTO tombstone VALUES (?, ?, ?)", tombstones)
    # Every fold by natural key, in every file: few, and a member who never saw one of the
    # twins must still point everything at the kept UUID.
    out.executemany(
        "INSERT INTO merged_alias VALUES (?, ?, ?)",
        conn.execute("SELECT old_id, new_id, tbl FROM merged_alias").fetchall(),
    )
    counts["tombstone"] = len(tombstones)
    out.executemany(
        "INSERT INTO version_vector VALUES (?, ?)",
        [(m.sign_public.hex(), m.received_seq) for m in roster.active_members(conn)],
    )
    manifest = {
        "format_version": str(FORMAT_VERSION),
        "schema_version": str(schema.SCHEMA_VERSION),
        "app_version": organizer.__version__,
        "file_id": file_id,
        "sender_name": me.name,
        "sender_fingerprint": me.fingerprint,
        "recipient_name": member.name,
        "recipient_fingerprint": member.fingerprint,
        "created_at": records.now(),
        "through_seq": str(through),
        "full": "1" if full else "0",
        "scope": "all" if member.all_departments else json.dumps(sorted(member.department_ids)),
        "counts": json.dumps(counts, sort_keys=True),
    }
    out.executemany("INSERT INTO exchange_manifest VALUES (?, ?)", sorted(manifest.items()))
    image = out.serialize()
    out.close()
    return image, counts, full


def _copy_record_stamps(
    conn: Connection, out: sqlite3.Connection, sent: dict[str, set[str]]
) -> None:
    """Every edit stamp of the records sent (a record's `_created` has no stamp to send)."""
    for table in RECORD_TABLES:
        ids = sent[table.name]
        if not ids:
            continue
        rows = conn.execute(
            "SELECT row_id, field, tbl, stamp, prev FROM field_stamp "
            "WHERE tbl = ? AND stamp <> '' AND field NOT IN (?, ?)",
            (table.name, CREATED, DELETED),
        ).fetchall()
        out.executemany(
            "INSERT INTO field_stamp VALUES (?, ?, ?, ?, ?)",
            [row for row in rows if row[0] in ids],
        )


def _copy_links(
    conn: Connection,
    out: sqlite3.Connection,
    sent: dict[str, set[str]],
    member_id: str,
    ack: int,
    counts: dict[str, int],
) -> None:
    """Present links whose both ends the member may see, and the stamps of links added or
    removed since their acknowledgement (a removal is a stamp with no row)."""
    for link in LINK_TABLES:
        out.execute(_link_table_sql(link))
        (left, left_table), (right, right_table) = link.left, link.right

        def visible(column: str, table: str) -> str:
            if table == "person":
                return f"{column} IN (SELECT id FROM temp.allowed_person)"
            if table == "one_on_one":
                return (
                    f"{column} IN (SELECT id FROM one_on_one WHERE is_private = 0 AND "
                    "person_id IN (SELECT id FROM temp.allowed_person) AND (oc_member_id IS "
                    "NULL OR oc_member_id IN (SELECT id FROM temp.allowed_person)))"
                )
            return f"{column} IN (SELECT id FROM {table})"

        both = f"{visible(left, left_table)} AND {visible(right, right_table)}"
        rows = conn.execute(f"SELECT {left}, {right} FROM {link.name} WHERE {both}").fetchall()
        # Stamps since their acknowledgement (all, for a full update), but not those that
        # came from them.
        stamps = conn.execute(
            "SELECT row_id, field, tbl, stamp, prev, via FROM field_stamp "
            "WHERE tbl = ? AND field = ? AND seq > ?",
            (link.name, PRESENT, ack),
        ).fetchall()
        theirs = {str(s[0]) for s in stamps if s[5] == member_id}
        stamps = [s[:5] for s in stamps if s[5] != member_id]
        if ack:
            stamped = {str(s[0]) for s in stamps}
            owners = sent.get(left_table, set())
            rows = [row for row in rows if row[0] in owners or f"{row[0]}:{row[1]}" in stamped]
        rows = [row for row in rows if f"{row[0]}:{row[1]}" not in theirs]
        out.executemany(f"INSERT INTO {link.name} VALUES (?, ?)", rows)
        counts[link.name] = len(rows)
        present = {f"{row[0]}:{row[1]}" for row in rows}
        kept = []
        for stamp in stamps:
            left_id, _colon, right_id = str(stamp[0]).partition(":")
            if stamp[0] in present or _both_visible(conn, link, left_id, right_id, both):
                kept.append(stamp)
        # The stamps of present links sent as owners' links, though older than the ack.
        if ack:
            have = {row[0] for row in kept}
            for key in present - have:
                row = conn.execute(
                    "SELECT row_id, field, tbl, stamp, prev FROM field_stamp "
                    "WHERE row_id = ? AND field = ?",
                    (key, PRESENT),
                ).fetchone()
                if row is not None:
                    kept.append(row)
        out.executemany("INSERT OR REPLACE INTO field_stamp VALUES (?, ?, ?, ?, ?)", kept)


def _both_visible(
    conn: Connection, link: LinkTable, left_id: str, right_id: str, both: str
) -> bool:
    left, right = link.columns
    # A removed link has no row: ask the same question of its two ends.
    query = f"SELECT 1 FROM (SELECT ? AS {left}, ? AS {right}) WHERE {both}"
    return conn.execute(query, (left_id, right_id)).fetchone() is not None


def _news_for(conn: Connection, member: roster.Member) -> bool:
    """Changed since the last file to them, other than by what they sent me?"""
    return conn.execute(
        "SELECT 1 FROM field_stamp WHERE seq > ? AND via IS NOT ? LIMIT 1",
        (member.sent_seq, member.id),
    ).fetchone() is not None


def _file_name(me: Identity, member: roster.Member) -> str:
    sender_code = me.fingerprint.split()[0]
    return f"{sender_code}-{member.sent_count + 1:05d}-{secrets.token_hex(6)}{SUFFIX}"


def send_updates(
    vault: Vault, folder: Path | str, to: Sequence[str] | None = None, *, only_news: bool = False
) -> list[SentFile]:
    """One update file per member (all active members, or those named) in `folder`.

    `only_news` (a shared folder, written every few minutes): only for the members who have
    never had a file from me, or for whom something changed since the last one."""
    target = Path(folder).expanduser().absolute()
    if not target.is_dir():
        raise InvalidInput(
            _("The folder {path} does not exist. Choose an existing folder.").format(path=target)
        )
    me = ensure_identity(vault)
    conn = vault.connection
    members = roster.active_members(conn)
    if to:
        wanted = {name.strip().casefold(): name.strip() for name in to}
        unknown = [typed for key, typed in wanted.items()
                   if key not in {m.name.casefold() for m in members}]
        if unknown:
            raise InvalidInput(
                _("No active committee member is called {name}.").format(name=unknown[0])
            )
        members = [m for m in members if m.name.casefold() in wanted]
    if not members:
        raise InvalidInput(
            _("There is nobody to send to yet: add the committee's members first.")
        )
    built: list[tuple[roster.Member, bytes, dict[str, int], bool]] = []
    conn.execute("BEGIN")
    try:
        through = int(conn.execute("SELECT max(seq) FROM field_stamp").fetchone()[0])
        if only_news:
            members = [m for m in members if not m.sent_count or _news_for(conn, m)]
        for member in members:
            image, counts, full = build_update(conn, me, member, secrets.token_hex(16))
            built.append((member, envelope.seal(image, me, member.age_public), counts, full))
    finally:
        conn.execute("ROLLBACK")
    sent: list[SentFile] = []
    for member, data, counts, full in built:
        path = _write_file(target, _file_name(me, member), data)
        sent.append(SentFile(member.name, path, full, counts))
    now = records.now()
    with vault.transaction() as write:
        write.executemany(
            "UPDATE committee_member SET sent_count = sent_count + 1, last_sent_at = ?, "
            "sent_seq = ? WHERE id = ?",
            [(now, through, member.id) for member, *_rest in built],
        )
    return sent


def _write_file(folder: Path, name: str, data: bytes) -> Path:
    """Written whole under a hidden name, synced, then given its name: a sync tool never
    sees half a file, and the name is never reused."""
    final = folder / name
    partial, fd = create_partial(final)
    try:
        write_all(fd, data)
        os.fsync(fd)
        os.close(fd)
        fd = -1
        os.replace(partial, final)
        this_platform().sync_folder(folder)
    except BaseException as error:
        if fd >= 0:
            os.close(fd)
        if partial.exists():
            partial.unlink()
        raise os_error(error, folder) from None
    return final
