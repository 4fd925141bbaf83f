"""Full-text search (FTS5) over names, notes, one-on-ones and follow-ups, as you type."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from organizer.core.people import display_name
from organizer.core.vault import Vault

HIGHLIGHT_START = "\x02"
HIGHLIGHT_END = "\x03"
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class SearchHit:
    kind: str  # "person", "one-on-one", "follow-up"
    record_id: str
    person_id: str
    person: str  # display name
    snippet: str  # matched words wrapped in HIGHLIGHT_START / HIGHLIGHT_END


def fts_query(text: str) -> str:
    """User text to a safe FTS5 query: every word must match, the last one as a prefix.

    Quoting each word means FTS5 operators typed by the user (OR, NEAR, quotes) are just
    words, so no input can make the query fail.
    """
    words = _WORD.findall(text)
    if not words:
        return ""
    quoted = [f'"{w}"' for w in words]
    quoted[-1] += "*"
    return " ".join(quoted)


# Ranking by relevance (FTS5's bm25) costs a pass over every match of every word: a third of a
# second for one letter in a 100,000-person campaign, several seconds with the vault's memory
# security. So a search matching more than this many records is not ranked: it shows the
# first (oldest) of them, people first, and gets ranked again as soon as the typing narrows
# it down. The index's one- and two-letter prefix tables (schema) make finding them instant.
RANKED_UP_TO = 200


def search(vault: Vault, text: str, limit: int = 50) -> list[SearchHit]:
    """The best matches for `text`, people first, then by relevance (see RANKED_UP_TO)."""
    query = fts_query(text)
    if not query:
        return []
    conn = vault.connection
    bound = conn.execute(
        "SELECT rowid FROM search_index WHERE search_index MATCH ? ORDER BY rowid "
        "LIMIT 1 OFFSET ?",
        (query, RANKED_UP_TO - 1),
    ).fetchone()
    params: tuple[object, ...] = (query, limit)
    window, order = "", "rank"
    if bound is not None:
        window, order, params = "AND s.rowid <= ? ", "s.rowid", (query, bound[0], limit)
    rows = conn.execute(
        "SELECT s.kind, s.record_id, s.person_id, p.name, p.code_name, "
        f"snippet(search_index, -1, '{HIGHLIGHT_START}', '{HIGHLIGHT_END}', '…', 12) "
        "FROM search_index s JOIN person p ON p.id = s.person_id "
        f"WHERE search_index MATCH ? {window}"
        f"ORDER BY s.kind <> 'person', {order} LIMIT ?",
        params,
    ).fetchall()
    return [
        SearchHit(str(k), str(r), str(pid), display_name(n, c), str(snip))
        for k, r, pid, n, c, snip in rows
    ]


def rebuild_search_index(vault: Vault) -> None:
    """Refill the index from the records (after a VACUUM, which may renumber rowids)."""
    with vault.transaction() as conn:
        conn.execute("DELETE FROM search_index")
        index_records(conn)


# One INSERT ... SELECT per kind, the same rows the schema's insert triggers write (an index
# row's rowid is its source row's rowid * 4 + kind): (table, kind number, kind, person id
# column, title columns, body columns). `?` is the source rowid to start after.
_INDEXED: tuple[tuple[str, int, str, str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("person", 1, "person", "id", ("name", "code_name"), ("notes", "team", "job_title")),
    ("one_on_one", 2, "one-on-one", "person_id", ("held_on",),
     ("agitate", "educate", "inoculate", "organize", "uplift", "ask", "answer", "commitment",
      "next_step", "notes")),
    ("follow_up", 3, "follow-up", "person_id", ("due_on",), ("description",)),
)
INDEXED_TABLES: tuple[str, ...] = tuple(table for table, *_rest in _INDEXED)
_EVERY_ROWID = -(2**63)  # below every rowid: "after" it means every row


def _joined(columns: tuple[str, ...]) -> str:
    """The columns' texts joined by spaces, the same text as the triggers' `a || ' ' || b`
    (the columns are NOT NULL), built in one step rather than one per operator."""
    if len(columns) == 1:
        return columns[0]
    return f"concat_ws(' ', {', '.join(columns)})"


def _index_sql() -> list[str]:
    return [
        "INSERT INTO search_index(rowid, kind, record_id, person_id, title, body) "
        f"SELECT rowid * 4 + {number}, '{kind}', id, {person}, {_joined(title)}, "
        f"{_joined(body)} FROM {table} WHERE rowid > ?"
        for table, number, kind, person, title, body in _INDEXED
    ]


def index_records(conn: Any, after: Mapping[str, int] | None = None) -> None:
    """Add the index rows of every person, one-on-one and follow-up, one statement per kind,
    inside the caller's transaction on `conn`. With `after` (table -> rowid), only the rows
    whose rowid is above it: the rows a bulk load added (see organizer.core.bulk)."""
    for table, sql in zip(INDEXED_TABLES, _index_sql(), strict=True):
        conn.execute(sql, ((after or {}).get(table, _EVERY_ROWID),))
