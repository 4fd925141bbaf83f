"""Tags: free labels on people ("card signed", "petition signed", "Spanish speaker", "night
driver"), the campaign's editable list of them, and which person has which.

Names are unique case-insensitively and hold no comma or semicolon: the CSV's Tags cell
separates them so (`parse_tags`). The list and the links travel to the committee like the
other shared records (committee/tables.py): two members who each add "Card signed" end with
one tag, folded by name like departments; a person tagged apart by two members ends with
both tags. Renaming a tag onto another's name folds the two the same way, here at once.

Tagging many people at once goes through `bulk.bulk_load` in one transaction; its links are
stamped here, since the stamping triggers are off inside it. Untagging is one transaction of
deletes, which the triggers stamp.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from organizer.core import records
from organizer.core.bulk import bulk_load
from organizer.core.committee import stamps
from organizer.core.committee.tables import PRESENT
from organizer.core.errors import InvalidInput
from organizer.core.vault import Vault
from organizer.i18n import _

Connection = Any  # sqlcipher3.Connection

MAX_TAG_CHARS = 60
# What separates tags in one cell: the CSV export writes "; ", people type commas too.
_SEPARATORS = re.compile(r"[,;]")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Tag:
    id: str
    name: str
    people: int  # how many people have it


# ----- names -------------------------------------------------------------------------------


def _normalise(text: str) -> str:
    """Spaces trimmed and runs of them (tabs, line breaks) made one space."""
    return _SPACES.sub(" ", text.replace("\x00", "")).strip()


def clean_tag_name(name: str) -> str:
    """A tag's name as stored, or InvalidInput saying what is wrong with it."""
    cleaned = _normalise(name)
    if not cleaned:
        raise InvalidInput(_("A tag needs a name."))
    if _SEPARATORS.search(cleaned):
        raise InvalidInput(_(
            "A tag's name cannot hold a comma or a semicolon: they separate tags in a "
            "spreadsheet's Tags column."
        ))
    if len(cleaned) > MAX_TAG_CHARS:
        raise InvalidInput(_("A tag's name can be at most {limit} characters long.")
                           .format(limit=MAX_TAG_CHARS))
    if any(not ch.isprintable() for ch in cleaned):
        raise InvalidInput(_("A tag's name cannot hold invisible control characters."))
    return cleaned


def parse_tags(text: str) -> list[str]:
    """The tags in one spreadsheet cell: separated by commas or semicolons, trimmed, blanks
    left out, each once (case-insensitively; the first spelling stays).

    "card signed; Spanish speaker, Card Signed" -> ["card signed", "Spanish speaker"]
    Names are not checked here: `clean_tag_name` (and every function that writes) does.
    """
    found: dict[str, str] = {}
    for part in _SEPARATORS.split(text or ""):
        name = _normalise(part)
        if name:
            found.setdefault(name.casefold(), name)
    return list(found.values())


# ----- the list ----------------------------------------------------------------------------


def _tags(conn: Connection, where: str = "1", params: Sequence[object] = ()) -> list[Tag]:
    rows = conn.execute(
        "SELECT t.id, t.name, (SELECT count(*) FROM person_tag pt WHERE pt.tag_id = t.id) "
        f"FROM tag t WHERE {where}",
        params,
    ).fetchall()
    found = [Tag(str(i), str(n), int(c)) for i, n, c in rows]
    return sorted(found, key=lambda t: (t.name.casefold(), t.name, t.id))


def _by_name(conn: Connection) -> dict[str, tuple[str, str]]:
    """casefolded name -> (id, name) of every tag. Python's casefold folds more than
    SQLite's NOCASE (which folds ASCII only), so a name found new here is new there too."""
    return {
        str(n).casefold(): (str(i), str(n))
        for i, n in conn.execute("SELECT id, name FROM tag ORDER BY id").fetchall()
    }


def _get(conn: Connection, tag_id: str) -> Tag:
    found = _tags(conn, "t.id = ?", (tag_id,))
    if not found:
        raise InvalidInput(_("This tag no longer exists (was it removed?)."))
    return found[0]


def list_tags(vault: Vault) -> list[Tag]:
    """Every tag with how many people have it, by name."""
    return _tags(vault.connection)


def get_tag(vault: Vault, tag_id: str) -> Tag:
    return _get(vault.connection, tag_id)


def _insert_tag(conn: Connection, name: str, stamp: str) -> str:
    tag_id = records.new_id()
    conn.execute(
        "INSERT INTO tag (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)",
        (tag_id, name, stamp, stamp),
    )
    return tag_id


def add_tag(vault: Vault, name: str) -> Tag:
    """A new tag; the one already called so (in any case) if there is one."""
    return ensure_tags(vault, [name])[0]


def ensure_tags(vault: Vault, names: Iterable[str]) -> list[Tag]:
    """The tags of these names, in their order (each once), adding those missing in one
    transaction: for names typed or read from a file."""
    cleaned = list(dict.fromkeys(clean_tag_name(n) for n in names))
    stamp = records.now()
    ids: list[str] = []
    with vault.transaction() as conn:
        known = _by_name(conn)
        for name in cleaned:
            key = name.casefold()
            if key not in known:
                known[key] = (_insert_tag(conn, name, stamp), name)
            ids.append(known[key][0])
    tags = {t.id: t for t in _tags(vault.connection)}
    return [tags[i] for i in dict.fromkeys(ids)]


def rename_tag(vault: Vault, tag_id: str, name: str) -> Tag:
    """Rename a tag. Onto the name of another tag, the two become one (everyone who had
    either has it) under the smaller UUID, as a committee merge folds them; returns the tag
    that remains."""
    name = clean_tag_name(name)
    with vault.transaction() as conn:
        current = _get(conn, tag_id)
        other = _by_name(conn).get(name.casefold())
        if other is None or other[0] == tag_id:
            if current.name != name:
                conn.execute(
                    "UPDATE tag SET name = ?, updated_at = ? WHERE id = ?",
                    (name, records.now(), tag_id),
                )
            kept = tag_id
        else:
            kept = _fold(conn, tag_id, other[0], name)
        return _get(conn, kept)


def _fold(conn: Connection, renamed: str, other: str, name: str) -> str:
    """Two tags become one: the smaller UUID stays (what committee/merge.py keeps), with
    both tags' people and the earlier creation time, and is called `name`. The other goes
    without a tombstone and is remembered as an alias, so every member folds their copy of
    it into the same tag instead of erasing it (merged_alias travels in every update)."""
    keep, drop = min(renamed, other), max(renamed, other)
    # Stamped by the triggers: news for every member.
    conn.execute(
        "INSERT OR IGNORE INTO person_tag (person_id, tag_id) "
        "SELECT person_id, ? FROM person_tag WHERE tag_id = ?",
        (keep, drop),
    )
    conn.execute(
        "UPDATE tag SET created_at = min(created_at, "
        "(SELECT created_at FROM tag WHERE id = ?)) WHERE id = ?",
        (drop, keep),
    )
    with stamps.not_recording():
        # Its links go with it (ON DELETE CASCADE), and its stamps (always, by trigger).
        conn.execute("DELETE FROM tag WHERE id = ?", (drop,))
    conn.execute(
        "INSERT OR REPLACE INTO merged_alias (old_id, new_id, tbl) VALUES (?, ?, 'tag')",
        (drop, keep),
    )
    conn.execute("UPDATE merged_alias SET new_id = ? WHERE new_id = ?", (keep, drop))
    conn.execute(
        "UPDATE tag SET name = ?, updated_at = ? WHERE id = ? AND name COLLATE BINARY <> ?",
        (name, records.now(), keep, name),
    )
    return keep


def remove_tag(vault: Vault, tag_id: str) -> int:
    """Remove a tag from the list and from everyone who has it; returns how many people had
    it (ask with `get_tag(...).people` before, to say so). The removal reaches the
    committee."""
    with vault.transaction() as conn:
        had = _get(conn, tag_id).people
        conn.execute("DELETE FROM tag WHERE id = ?", (tag_id,))
    return had


# ----- people and their tags ---------------------------------------------------------------


def tags_of(vault: Vault, person_id: str) -> list[Tag]:
    """A person's tags, by name."""
    return _tags(
        vault.connection,
        "t.id IN (SELECT tag_id FROM person_tag WHERE person_id = ?)",
        (person_id,),
    )


def tag_names_by_person(vault: Vault, person_ids: Sequence[str]) -> dict[str, list[str]]:
    """person id -> the names of their tags, by name (people without tags left out)."""
    found: dict[str, list[str]] = {}
    conn = vault.connection
    for start in range(0, len(person_ids), 500):
        chunk = list(person_ids[start : start + 500])
        for person_id, name in conn.execute(
            "SELECT pt.person_id, t.name FROM person_tag pt JOIN tag t ON t.id = pt.tag_id "
            f"WHERE pt.person_id IN ({', '.join('?' * len(chunk))})",
            chunk,
        ).fetchall():
            found.setdefault(str(person_id), []).append(str(name))
    for names in found.values():
        names.sort(key=lambda n: (n.casefold(), n))
    return found


def _check_tags(conn: Connection, tag_ids: Sequence[str]) -> None:
    known = {
        str(r[0]) for r in conn.execute(
            "SELECT id FROM tag WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(list(tag_ids)),),
        )
    }
    if len(known) != len(set(tag_ids)):
        raise InvalidInput(_("One of those tags no longer exists (was it removed?). Nothing "
                             "was changed."))


def add_tags(vault: Vault, person_ids: Iterable[str], tag_ids: Iterable[str]) -> int:
    """Give these tags to these people, in one transaction; returns how many tags were given
    (a person who had one already is not counted; people no longer here are skipped)."""
    people = sorted(set(person_ids))
    tags = sorted(set(tag_ids))
    if not people or not tags:
        return 0
    with vault.transaction() as conn:
        _check_tags(conn, tags)
        new = conn.execute(
            "SELECT p.id, t.id FROM person p CROSS JOIN tag t "
            "WHERE p.id IN (SELECT value FROM json_each(?)) "
            "AND t.id IN (SELECT value FROM json_each(?)) "
            "AND NOT EXISTS (SELECT 1 FROM person_tag pt WHERE pt.person_id = p.id "
            "AND pt.tag_id = t.id) ORDER BY 1, 2",
            (json.dumps(people), json.dumps(tags)),
        ).fetchall()
        if new:
            with bulk_load(conn, stamped=True) as writer:
                writer.executemany(
                    "INSERT INTO person_tag (person_id, tag_id) VALUES (?, ?)", new
                )
                _stamp_links(writer, new)
    return len(new)


def _stamp_links(conn: Connection, pairs: Sequence[tuple[str, str]]) -> None:
    """What person_tag's insert trigger writes, for links added while it is off (inside
    `bulk_load`): a `_present` stamp each, so the links reach the committee."""
    seq = int(conn.execute("SELECT coalesce(max(seq), 0) + 1 FROM field_stamp").fetchone()[0])
    conn.executemany(
        "INSERT INTO field_stamp (row_id, field, tbl, stamp, prev, seq) "
        f"VALUES (? || ':' || ?, '{PRESENT}', 'person_tag', organizer_stamp(), '', ?) "
        "ON CONFLICT (row_id, field) DO UPDATE SET prev = field_stamp.stamp, "
        "stamp = excluded.stamp, seq = excluded.seq, via = NULL",
        [(person_id, tag_id, seq) for person_id, tag_id in pairs],
    )


def remove_tags(vault: Vault, person_ids: Iterable[str], tag_ids: Iterable[str]) -> int:
    """Take these tags off these people, in one transaction; returns how many were taken
    off. The removals reach the committee."""
    people = sorted(set(person_ids))
    tags = sorted(set(tag_ids))
    if not people or not tags:
        return 0
    with vault.transaction() as conn:
        cursor = conn.execute(
            "DELETE FROM person_tag WHERE person_id IN (SELECT value FROM json_each(?)) "
            "AND tag_id IN (SELECT value FROM json_each(?))",
            (json.dumps(people), json.dumps(tags)),
        )
        return max(int(cursor.rowcount), 0)


def add_imported_tags(conn: Connection, names_by_person: Mapping[str, Iterable[str]]) -> int:
    """For an importer, inside its transaction (inside its `bulk_load` block or after it):
    give each person the tags named (as `parse_tags` read them), adding the tags missing
    from the list. Only adds rows. Returns how many tags were given. A name that cannot be
    a tag's raises InvalidInput (`clean_tag_name`). Call `imports.record_import` after it.

    Inside `bulk_load` the stamping triggers are off, so the links are stamped here (a
    person the import merged into must carry their new tags to the committee)."""
    stamp = records.now()
    known = _by_name(conn)
    wanted: dict[tuple[str, str], None] = {}
    for person_id, names in names_by_person.items():
        for name in names:
            clean = clean_tag_name(name)
            key = clean.casefold()
            if key not in known:
                known[key] = (_insert_tag(conn, clean, stamp), clean)
            wanted[(str(person_id), known[key][0])] = None
    if not wanted:
        return 0
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS tag_wanted (person_id TEXT, tag_id TEXT)")
    conn.execute("DELETE FROM temp.tag_wanted")
    conn.executemany("INSERT INTO temp.tag_wanted VALUES (?, ?)", sorted(wanted))
    new = [
        (str(p), str(t)) for p, t in conn.execute(
            "SELECT w.person_id, w.tag_id FROM temp.tag_wanted w "
            "WHERE NOT EXISTS (SELECT 1 FROM person_tag pt WHERE pt.person_id = w.person_id "
            "AND pt.tag_id = w.tag_id) ORDER BY 1, 2"
        ).fetchall()
    ]
    conn.execute("DELETE FROM temp.tag_wanted")
    conn.executemany("INSERT INTO person_tag (person_id, tag_id) VALUES (?, ?)", new)
    triggers_on = conn.execute(
        "SELECT 1 FROM main.sqlite_master WHERE type = 'trigger' "
        "AND name = 'person_tag_stamp_insert'"
    ).fetchone() is not None
    if not triggers_on:
        _stamp_links(conn, new)
    return len(new)


# ----- finding people by tag ---------------------------------------------------------------


def tag_filter_sql(tag_ids: Iterable[str], *, match_all: bool = True) -> tuple[str, list[object]]:
    """A WHERE clause over `person p` (people.py's alias) and its parameters: the people
    who have every one (`match_all`) or any of these tags. No tags: everyone ("1").

    all: "p.id IN (SELECT person_id FROM person_tag WHERE tag_id IN (SELECT value FROM
          json_each(?)) GROUP BY person_id HAVING count(*) = ?)", [ids as JSON, how many]
    any: "p.id IN (SELECT person_id FROM person_tag WHERE tag_id IN (SELECT value FROM
          json_each(?)))", [ids as JSON]
    One JSON parameter however many tags (SQLite caps the number of "?"); read through
    person_tag's index on tag_id.
    """
    ids = sorted(set(tag_ids))
    if not ids:
        return "1", []
    chosen = "SELECT person_id FROM person_tag WHERE tag_id IN (SELECT value FROM json_each(?))"
    if match_all and len(ids) > 1:
        return f"p.id IN ({chosen} GROUP BY person_id HAVING count(*) = ?)", [
            json.dumps(ids), len(ids)]
    return f"p.id IN ({chosen})", [json.dumps(ids)]


def people_with_tags(
    vault: Vault, tag_ids: Iterable[str], *, match_all: bool = True
) -> list[str]:
    """The ids of the people who have every one (`match_all`) or any of these tags."""
    ids = list(tag_ids)
    if not ids:
        return []
    where, params = tag_filter_sql(ids, match_all=match_all)
    return [
        str(r[0]) for r in vault.connection.execute(
            f"SELECT p.id FROM person p WHERE {where} ORDER BY p.id", params
        ).fetchall()
    ]
