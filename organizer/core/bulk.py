"""Adding many rows at once (a demo campaign, an import, a restore) without per-row triggers.

The schema's triggers keep the full-text index and three person columns (assessment,
last_contact_on, next_follow_up_on) in step one row at a time. For a handful of rows that is
what we want; for 100,000 people and 300,000 one-on-ones it was most of the work. `bulk_load`
does the same work set-based instead:

    with bulk_load(vault) as conn:
        conn.executemany("INSERT INTO person (...) VALUES (...)", rows)
        ...

1. It opens ONE transaction (or a savepoint inside the caller's), reads every trigger's SQL
   from sqlite_master, notes the highest rowid of each table the triggers follow, and drops
   the triggers; in a vault without records yet also the tables' own indexes.
2. The block inserts its rows.
3. It fills in the new person_issue links' copy of their person's department and "has not
   left" (for the issues tally, see schema v2), builds the dropped indexes (one sort each),
   indexes the new rows for search with one INSERT ... SELECT per kind
   (`search.index_records`; merged into one segment when the load at least doubled the
   index), recomputes the three person columns of the people it touched with one UPDATE, and
   re-creates the triggers from the saved SQL (same text, same order).
If anything raises, in the block or after it, everything rolls back: SQLite's DDL is
transactional, so triggers and indexes are never lost.

The contract: inside the block only ADD rows. Rows that were there before must not be changed
or deleted inside it (their search entries and person columns would not be redone); do that
before or after, through the normal core functions. A row added with an explicit rowid must
not go below the table's highest rowid at the start (an empty vault has none). What differs
from the per-row triggers, on purpose: `updated_at` stays as inserted (the per-row path's
touch trigger stamps a person "updated now" each time a one-on-one changes their columns), and
person columns are recomputed from the records (newest assessment, latest one-on-one, earliest
open follow-up) instead of being carried over from inserted values; `keep_derived=True` keeps
them as inserted instead, for rows that come with them already right (a restore: a reached
call sets last_contact_on without any one-on-one, which recomputing would lose).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import sqlcipher3

from organizer.core import search
from organizer.core.committee import roster as committee
from organizer.core.committee.tables import CREATED, RECORD_TABLES
from organizer.core.vault import Vault

Connection = Any  # sqlcipher3.Connection

# Tables whose new rows need index entries or change a person's derived columns.
_WATCHED = ("person", "assessment", "one_on_one", "follow_up")

# The set-based twin of the schema's triggers assessment_sets_current,
# one_on_one_sets_last_contact and follow_up_insert_sets_next. Each subquery is one index seek
# (assessment_person, one_on_one_person, follow_up_person), and rows that already hold the
# right values are not written.
_CURRENT_ASSESSMENT = (
    "(SELECT a.score FROM assessment a WHERE a.person_id = person.id "
    "ORDER BY a.assessed_at DESC, a.created_at DESC, a.id DESC LIMIT 1)"
)
_LAST_CONTACT = "(SELECT max(o.held_on) FROM one_on_one o WHERE o.person_id = person.id)"
_NEXT_FOLLOW_UP = (
    "(SELECT min(f.due_on) FROM follow_up f WHERE f.person_id = person.id "
    "AND f.done_at IS NULL)"
)
_RECOMPUTE = (
    f"UPDATE person SET assessment = {_CURRENT_ASSESSMENT}, "
    f"last_contact_on = {_LAST_CONTACT}, next_follow_up_on = {_NEXT_FOLLOW_UP} "
    f"WHERE (assessment IS NOT {_CURRENT_ASSESSMENT} OR last_contact_on IS NOT {_LAST_CONTACT} "
    f"OR next_follow_up_on IS NOT {_NEXT_FOLLOW_UP})"
)
# The set-based twin of person_sort_name_insert (schema 5): each new person's sort key.
_FILL_SORT_NAME = (
    "UPDATE person SET sort_name = organizer_sort_key(coalesce(nullif(code_name, ''), name)) "
    "WHERE sort_name = ''"
)
# The set-based twin of person_issue_insert_tally: the links added without triggers have no
# copy of their person's department and "has not left" yet (person_current NULL). One pass
# over person_issue finds them; each is one person lookup by id.
_FILL_ISSUE_TALLY = (
    "UPDATE person_issue SET (person_department_id, person_current) = ("
    "SELECT p.department_id, p.left_company_on IS NULL FROM person p "
    "WHERE p.id = person_issue.person_id) WHERE person_current IS NULL"
)
# Into a vault that already had records: only the people the load touched. The unary + keeps
# SQLite from answering the OR with one index lookup per branch (a "multi-index OR" that
# takes seconds); a scan of the person table with the new ids in hand takes milliseconds.
_TOUCHED = (
    " AND (+rowid > :person "
    "OR id IN (SELECT person_id FROM assessment WHERE rowid > :assessment) "
    "OR id IN (SELECT person_id FROM one_on_one WHERE rowid > :one_on_one) "
    "OR id IN (SELECT person_id FROM follow_up WHERE rowid > :follow_up))"
)
# FTS5 keeps new index entries in memory until they reach this many bytes (default 1 MB),
# then writes them out as a segment that must later be merged: a bigger buffer while filling
# the index in one go means fewer segments and about a third less work. Set back afterwards.
_FILL_HASHSIZE = 64 * 1024 * 1024
_DEFAULT_HASHSIZE = 1024 * 1024


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def schema_objects(conn: Connection, kind: str) -> list[tuple[str, str]]:
    """(name, sql) of the main schema's triggers or own indexes, in creation order (an index
    SQLite made for a PRIMARY KEY or UNIQUE constraint has no SQL and is left out)."""
    return [
        (str(name), str(sql))
        for name, sql in conn.execute(
            "SELECT name, sql FROM main.sqlite_master WHERE type = ? AND sql IS NOT NULL "
            "ORDER BY rowid",
            (kind,),
        ).fetchall()
    ]


@dataclass(frozen=True)
class _Saved:
    triggers: list[tuple[str, str]]
    indexes: list[tuple[str, str]]  # dropped for the load; empty when they were kept
    marks: dict[str, int]  # table -> its highest rowid before the load
    keep_derived: bool = False  # the person columns came with the rows: do not recompute
    # Replicated table -> its highest rowid, when the vault exchanges updates with a
    # committee (their new rows need a `_created` stamp); empty otherwise.
    stamp_marks: dict[str, int] = field(default_factory=dict)

    @property
    def was_empty(self) -> bool:
        return not any(self.marks.values())


def _begin_load(
    conn: Connection, drop_indexes: bool | None, keep_derived: bool, stamped: bool
) -> _Saved:
    marks = {
        table: int(conn.execute(f"SELECT coalesce(max(rowid), 0) FROM {table}").fetchone()[0])
        for table in _WATCHED
    }
    if drop_indexes is None:
        drop_indexes = not any(marks.values())
    stamp_marks: dict[str, int] = {}
    # A restore's rows come with their stamps; a merge writes the ones it received.
    if not (keep_derived or stamped) and committee.has_members(conn):
        stamp_marks = {
            table.name: int(
                conn.execute(f"SELECT coalesce(max(rowid), 0) FROM {table.name}").fetchone()[0]
            )
            for table in RECORD_TABLES
        }
    saved = _Saved(
        triggers=schema_objects(conn, "trigger"),
        indexes=schema_objects(conn, "index") if drop_indexes else [],
        marks=marks,
        keep_derived=keep_derived,
        stamp_marks=stamp_marks,
    )
    for name, _sql in saved.triggers:
        conn.execute(f"DROP TRIGGER main.{_quote(name)}")
    for name, _sql in saved.indexes:
        conn.execute(f"DROP INDEX main.{_quote(name)}")
    return saved


def _finish_load(conn: Connection, saved: _Saved) -> None:
    # Before the indexes: filling the links in then costs no index writes, and the partial
    # person_issue_tally index is built once, with them.
    conn.execute(_FILL_ISSUE_TALLY)
    # Indexes first: the person columns are recomputed through them.
    for _name, sql in saved.indexes:
        conn.execute(sql)
    row = conn.execute("SELECT v FROM search_index_config WHERE k = 'hashsize'").fetchone()
    hashsize = int(row[0]) if row else _DEFAULT_HASHSIZE
    conn.execute("INSERT INTO search_index(search_index, rank) VALUES ('hashsize', ?)",
                 (max(hashsize, _FILL_HASHSIZE),))
    search.index_records(conn, after=saved.marks)
    conn.execute("INSERT INTO search_index(search_index, rank) VALUES ('hashsize', ?)",
                 (hashsize,))
    if row is None:
        # Leave the configuration exactly as it was: no row means the default, which is
        # also what this connection's FTS5 holds now.
        conn.execute("DELETE FROM search_index_config WHERE k = 'hashsize'")
    if _grew_at_least_twofold(conn, saved.marks):
        # One segment instead of the dozens a big fill leaves: otherwise FTS5's automatic
        # merging catches up later, inside some small write in the app.
        conn.execute("INSERT INTO search_index(search_index) VALUES ('optimize')")
    conn.execute(_FILL_SORT_NAME)
    if saved.keep_derived:
        pass
    elif saved.was_empty:
        conn.execute(_RECOMPUTE)
    else:
        conn.execute(_RECOMPUTE + _TOUCHED, saved.marks)
    if saved.stamp_marks:
        _stamp_new_records(conn, saved.stamp_marks)
    # Triggers last, so the recomputing UPDATE does not fire the touch trigger.
    for _name, sql in saved.triggers:
        conn.execute(sql)


def _stamp_new_records(conn: Connection, marks: dict[str, int]) -> None:
    """What the stamping insert triggers would have written: the next update to each member
    carries these rows (committee/stamps.py). A restore's rows come with their own stamps,
    and a vault without members sends everything in its first update anyway."""
    seq = int(conn.execute("SELECT coalesce(max(seq), 0) + 1 FROM field_stamp").fetchone()[0])
    for table, mark in marks.items():
        conn.execute(
            f"INSERT OR IGNORE INTO field_stamp (row_id, field, tbl, stamp, prev, seq) "
            f"SELECT id, '{CREATED}', '{table}', '', '', ? FROM {table} WHERE rowid > ?",
            (seq, mark),
        )


def _grew_at_least_twofold(conn: Connection, marks: dict[str, int]) -> bool:
    """Did the load add at least as many indexed records as there were? (Rowids are dense
    enough for the highest one to stand for the count.)"""
    before = after = 0
    for table in search.INDEXED_TABLES:
        before += marks[table]
        after += int(conn.execute(f"SELECT coalesce(max(rowid), 0) FROM {table}").fetchone()[0])
    return after > 0 and after - before >= before


@contextlib.contextmanager
def bulk_load(
    target: Vault | Connection,
    *,
    drop_indexes: bool | None = None,
    keep_derived: bool = False,
    stamped: bool = False,
) -> Iterator[Connection]:
    """One transaction for adding many rows, with the triggers' work done set-based at the end.

    Yields the connection to insert with. Inside a transaction already open on the connection
    it works in a savepoint, so a failure rolls back only what it did (triggers included) and
    the caller's transaction goes on. Errors propagate unchanged (a Vault's come translated,
    as from `Vault.transaction`).

    `drop_indexes` also drops the tables' own indexes and builds each once at the end: one
    sort instead of a million scattered inserts. Building reads the whole table, a waste for
    a few rows added to a big vault, so by default it happens only when the vault has no
    people, one-on-ones, assessments or follow-ups yet (a demo, a restore).

    `keep_derived` keeps the people's assessment, last_contact_on and next_follow_up_on as
    inserted instead of recomputing them from the records (see the module's doc).

    `stamped`: the block writes the new rows' change stamps itself (a committee merge), so
    the end does not add `_created` stamps for them.
    """
    if isinstance(target, Vault):
        if target.connection.in_transaction:
            with _savepoint(target.connection, drop_indexes, keep_derived, stamped) as conn:
                yield conn
        else:
            with target.transaction() as conn, _loading(
                conn, drop_indexes, keep_derived, stamped
            ) as same:
                yield same
        return
    conn = target
    if conn.in_transaction:
        with _savepoint(conn, drop_indexes, keep_derived, stamped) as same:
            yield same
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        with _loading(conn, drop_indexes, keep_derived, stamped) as same:
            yield same
    except BaseException:
        with contextlib.suppress(sqlcipher3.Error):
            conn.execute("ROLLBACK")
        raise
    try:
        conn.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(sqlcipher3.Error):
            conn.execute("ROLLBACK")
        raise


@contextlib.contextmanager
def _savepoint(
    conn: Connection, drop_indexes: bool | None, keep_derived: bool, stamped: bool
) -> Iterator[Connection]:
    conn.execute("SAVEPOINT bulk_load")
    try:
        with _loading(conn, drop_indexes, keep_derived, stamped) as same:
            yield same
    except BaseException:
        with contextlib.suppress(sqlcipher3.Error):
            conn.execute("ROLLBACK TO bulk_load")
            conn.execute("RELEASE bulk_load")
        raise
    conn.execute("RELEASE bulk_load")


@contextlib.contextmanager
def _loading(
    conn: Connection, drop_indexes: bool | None, keep_derived: bool, stamped: bool
) -> Iterator[Connection]:
    """Inside an open transaction: triggers off, the block, then their work set-based."""
    saved = _begin_load(conn, drop_indexes, keep_derived, stamped)
    yield conn
    _finish_load(conn, saved)
