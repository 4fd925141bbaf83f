"""Change stamps: a hybrid logical clock per vault, and the triggers that stamp every change.

A stamp is text that sorts as the clock does: `<ms>-<counter>-<device>`, the wall-clock
milliseconds (13 digits), a counter for changes within one millisecond (or while the wall
clock lags a stamp already seen), and the vault's device id, so two vaults never write the
same stamp. Merging a received stamp moves the clock past it: an edit made after reading
someone's update always gets a higher stamp than theirs, however their clocks disagree.

Every change to a replicated table (see `tables.py`) leaves a row in `field_stamp`:
- an edit: one row per changed field, with its new stamp and the stamp it replaced (`prev`,
  which tells a concurrent edit from a later one when merging);
- a new record: `_created`, without a stamp (creating never conflicts);
- an erased record: `_deleted` with a stamp, and a tombstone; its other stamps go;
- a link added or removed: `_present` with a stamp.
Each row also has `seq`, the vault's own change counter: what changed since a member last
acknowledged is everything above the `seq` they acknowledged; and `via`, the member whose
update brought it (NULL for a change made here), who is not sent it back.

The triggers call two functions every connection registers (`attach`): `organizer_stamp()`
and `organizer_recording()`. A merge writes the stamps it received itself, so it turns
recording off on its own thread while it applies them (`not_recording`).
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Collection, Iterator
from pathlib import Path
from typing import Any

from organizer.core.committee.tables import (
    CREATED,
    DELETED,
    LINK_TABLES,
    PRESENT,
    RECORD_TABLES,
)

Connection = Any

_NEXT_SEQ = "(SELECT coalesce(max(seq), 0) + 1 FROM field_stamp)"


def wall_ms() -> int:
    return time.time_ns() // 1_000_000


def format_stamp(ms: int, counter: int, device: str) -> str:
    return f"{ms:013d}-{counter:05d}-{device}"


def parse_stamp(stamp: str) -> tuple[int, int]:
    """(ms, counter) of a stamp; (0, 0) for the empty stamp of an unedited field."""
    if not stamp:
        return (0, 0)
    ms, counter, _device = stamp.split("-", 2)
    return (int(ms), int(counter))


class HybridClock:
    """One vault's clock, shared by every connection to it in this process."""

    def __init__(self, device: str, wall: Callable[[], int] = wall_ms) -> None:
        self.device = device
        self.wall = wall  # tests set a skewed clock here
        self._lock = threading.Lock()
        self._ms = 0
        self._counter = 0

    def tick(self) -> str:
        with self._lock:
            now = self.wall()
            if now > self._ms:
                self._ms, self._counter = now, 0
            else:
                self._counter += 1
            return format_stamp(self._ms, self._counter, self.device)

    def observe(self, stamp: str) -> None:
        """A stamp seen in the vault or in a received update: never stamp below it again."""
        if not stamp:
            return
        seen = parse_stamp(stamp)
        with self._lock:
            if seen > (self._ms, self._counter):
                self._ms, self._counter = seen


_clocks: dict[str, HybridClock] = {}
_clocks_lock = threading.Lock()
_recording = threading.local()


def clock_for(path: Path | str, device: str) -> HybridClock:
    key = str(Path(path).resolve())
    with _clocks_lock:
        clock = _clocks.get(key)
        if clock is None:
            clock = _clocks[key] = HybridClock(device)
        clock.device = device
        return clock


def _is_recording() -> int:
    return 0 if getattr(_recording, "paused", 0) else 1


@contextlib.contextmanager
def not_recording() -> Iterator[None]:
    """On this thread, changes are not stamped by the triggers (a merge stamps its own)."""
    depth = getattr(_recording, "paused", 0)
    _recording.paused = depth + 1
    try:
        yield
    finally:
        _recording.paused = depth


def attach(conn: Connection, path: Path | str) -> HybridClock | None:
    """Register the triggers' functions on a connection to a vault of schema 3 or later."""
    row = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'replica'"
    ).fetchone()
    if row is None:
        # An older vault about to be migrated: its triggers do not call these yet.
        return None
    device = conn.execute("SELECT device_id FROM replica").fetchone()[0]
    clock = clock_for(path, device)
    latest = conn.execute(
        "SELECT max(stamp) FROM field_stamp WHERE stamp <> ''"
    ).fetchone()[0]
    clock.observe(latest or "")
    conn.create_function("organizer_stamp", 0, clock.tick)
    conn.create_function("organizer_recording", 0, _is_recording)
    return clock


def _changed(table: str, fields: tuple[str, ...]) -> str:
    return " UNION ALL ".join(
        f"SELECT '{field}' AS field WHERE NEW.{field} IS NOT OLD.{field}" for field in fields
    )


def trigger_sql(
    record_names: Collection[str] | None = None, link_names: Collection[str] | None = None
) -> str:
    """The stamping triggers of the replicated tables named (all of them by default).

    A migration names the tables it made, so that it makes the same triggers whatever
    tables later versions add (schema 3 the first fourteen and four links, schema 4 the
    tags). A record's erasure also forgets the stamps of the links it is an end of, among
    the links named with it: a later migration whose new link has an older record as its
    end must make that record's triggers again (person_tag needs none: a person is already
    the left end of person_issue, and the left-end clause covers every link)."""
    records = [t for t in RECORD_TABLES if record_names is None or t.name in record_names]
    links = [t for t in LINK_TABLES if link_names is None or t.name in link_names]
    statements: list[str] = []
    left_ends = {link.left[1] for link in links}
    right_ends = {link.right[1] for link in links}
    for table in records:
        name = table.name
        # The stamps of its links go too: they hold its UUID (`left:right`, 32 + 1 + 32).
        forget_links = ""
        if name in left_ends:
            forget_links += (
                f"\n    DELETE FROM field_stamp WHERE field = '{PRESENT}' "
                "AND row_id > OLD.id || ':' AND row_id < OLD.id || ';';"
            )
        if name in right_ends:
            forget_links += (
                f"\n    DELETE FROM field_stamp WHERE field = '{PRESENT}' "
                "AND substr(row_id, 34) = OLD.id;"
            )
        statements.append(f"""
CREATE TRIGGER {name}_stamp_insert AFTER INSERT ON {name} WHEN organizer_recording() BEGIN
    INSERT OR IGNORE INTO field_stamp (row_id, field, tbl, stamp, prev, seq)
    VALUES (NEW.id, '{CREATED}', '{name}', '', '', {_NEXT_SEQ});
END;""")
        statements.append(f"""
CREATE TRIGGER {name}_stamp_update AFTER UPDATE ON {name}
WHEN organizer_recording() AND NEW.id = OLD.id BEGIN
    INSERT INTO field_stamp (row_id, field, tbl, stamp, prev, seq)
    SELECT NEW.id, changed.field, '{name}', organizer_stamp(), '', {_NEXT_SEQ}
    FROM ({_changed(name, table.fields)}) AS changed WHERE true
    ON CONFLICT (row_id, field) DO UPDATE
        SET prev = field_stamp.stamp, stamp = excluded.stamp, seq = excluded.seq, via = NULL;
END;""")
        # Always: an erased record's stamps go with it, merged or not (all but the erasure's
        # own, whichever of the two delete triggers SQLite fires first), and so do the values
        # its conflicts kept: erasing means no old note survives anywhere.
        statements.append(f"""
CREATE TRIGGER {name}_stamp_forget AFTER DELETE ON {name} BEGIN
    DELETE FROM field_stamp WHERE row_id = OLD.id AND field <> '{DELETED}';{forget_links}
    DELETE FROM update_conflict WHERE row_id = OLD.id;
END;""")
        # Not for a record that goes with its erased parent (a person's one-on-ones): the
        # parent's erasure carries it, and no tombstone should count what was erased.
        references = dict(table.refs)
        parents_left = "".join(
            f" AND EXISTS (SELECT 1 FROM {references[column]} WHERE id = OLD.{column})"
            for column in table.not_null_refs
        )
        statements.append(f"""
CREATE TRIGGER {name}_stamp_delete AFTER DELETE ON {name}
WHEN organizer_recording(){parents_left} BEGIN
    INSERT OR REPLACE INTO tombstone (id, kind, deleted_at)
    VALUES (OLD.id, '{name}', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
    INSERT INTO field_stamp (row_id, field, tbl, stamp, prev, seq)
    VALUES (OLD.id, '{DELETED}', '{name}', organizer_stamp(), '', {_NEXT_SEQ});
END;""")
    for link in links:
        name = link.name
        left, right = link.columns
        # Not when the link goes because one end was erased: that erasure is stamped, and
        # a link stamp would keep the erased UUID in the vault.
        both_ends = (
            f"EXISTS (SELECT 1 FROM {link.left[1]} WHERE id = {{row}}.{left}) AND "
            f"EXISTS (SELECT 1 FROM {link.right[1]} WHERE id = {{row}}.{right})"
        )
        for event, row in (("INSERT", "NEW"), ("DELETE", "OLD")):
            statements.append(f"""
CREATE TRIGGER {name}_stamp_{event.lower()} AFTER {event} ON {name}
WHEN organizer_recording() AND {both_ends.format(row=row)} BEGIN
    INSERT INTO field_stamp (row_id, field, tbl, stamp, prev, seq)
    VALUES ({row}.{left} || ':' || {row}.{right}, '{PRESENT}', '{name}', organizer_stamp(),
            '', {_NEXT_SEQ})
    ON CONFLICT (row_id, field) DO UPDATE
        SET prev = field_stamp.stamp, stamp = excluded.stamp, seq = excluded.seq, via = NULL;
END;""")
    return "\n".join(statements)
