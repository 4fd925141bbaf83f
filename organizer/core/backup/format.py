"""What a backup is: the format's constants, its manifest, its errors, and table descriptions.

The format itself is described in docs/backup-format.md; code shared by export, verify and
restore (the progress reporter, the in-memory database) lives here too.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from organizer.core.errors import DiskFull, OrganizerError
from organizer.i18n import _

FORMAT_VERSION = 1
AGE_HEADER = b"age-encryption.org/v1\n"
SQLITE_HEADER = b"SQLite format 3\x00"
MANIFEST_TABLE = "backup_manifest"
SUFFIX = ".age"
PARTIAL_MARK = ".partial-"
# Rows per fetchmany/executemany batch; progress and the cancel check come between batches.
BATCH_ROWS = 5_000

ProgressHook = Callable[[float], None]
CancelHook = Callable[[], bool]


# ----- errors ----------------------------------------------------------------------------------


class BackupError(OrganizerError):
    """A backup could not be written, read or restored; the message says why in one sentence."""


class BackupWrongPassphrase(BackupError):
    def __init__(self) -> None:
        super().__init__(_("The backup passphrase is wrong (or the file was changed)."))


class BackupDamaged(BackupError):
    """The file is an Organizer backup but fails a check: flipped bytes, truncation..."""


class NotABackup(BackupError):
    """The file is empty, missing, or some other kind of file."""


class BackupTooNew(BackupError):
    """The backup was made by a newer version of Organizer."""


class BackupLocation(BackupError):
    """The chosen place cannot take the backup or the restored vault."""


class BackupCancelled(BackupError):
    """The caller asked to stop; nothing was left behind."""


class BackupDiskFull(DiskFull):
    def __init__(self) -> None:
        OrganizerError.__init__(
            self,
            _("The disk is full, so the backup was not written. Free some space and try "
              "again; any earlier backup is unchanged."),
        )


# ----- what a backup holds -------------------------------------------------------------------


@dataclass(frozen=True)
class BackupManifest:
    """What `verify_backup` read from a backup's `backup_manifest` table."""

    format_version: int
    schema_version: int
    app_version: str
    created_at: str  # UTC ISO 8601, e.g. 2026-11-23T14:05:09.123Z
    counts: dict[str, int] = field(default_factory=dict)  # table name -> rows
    path: Path | None = None

    @property
    def total_rows(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class Table:
    """One data table, as a backup copies it: by column name, rowids kept."""

    name: str
    sql: str
    columns: tuple[str, ...]
    rowid: bool  # a rowid table without an INTEGER PRIMARY KEY: copy the rowid explicitly

    def select(self) -> str:
        """Every row, in rowid order (key order for a WITHOUT ROWID table)."""
        wanted = ", ".join(quote(c) for c in self.columns)
        if self.rowid:
            return f"SELECT rowid, {wanted} FROM {quote(self.name)} ORDER BY rowid"
        return f"SELECT {wanted} FROM {quote(self.name)}"

    def insert(self) -> str:
        targets = (["rowid"] if self.rowid else []) + [quote(c) for c in self.columns]
        marks = ", ".join("?" * len(targets))
        return f"INSERT INTO main.{quote(self.name)} ({', '.join(targets)}) VALUES ({marks})"


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def vault_tables(conn: Any) -> list[Table]:
    """Every regular table of a vault: no FTS5 table or shadow table, no sqlite_ table."""
    tables: list[Table] = []
    for _schema, name, kind, _ncol, without_rowid, *_rest in conn.execute(
        "PRAGMA main.table_list"
    ).fetchall():
        if kind != "table" or name.startswith("sqlite_"):
            continue
        sql = conn.execute(
            "SELECT sql FROM main.sqlite_master WHERE type = 'table' AND name = ?", (name,)
        ).fetchone()[0]
        tables.append(_describe(conn, str(name), str(sql), not without_rowid))
    return sorted(tables, key=lambda t: t.name)


def backup_tables(conn: sqlite3.Connection) -> list[Table]:
    """Every data table of a decrypted backup (its manifest left out)."""
    tables: list[Table] = []
    for name, sql in conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%'"
        " ESCAPE '\\' ORDER BY name"
    ).fetchall():
        if name == MANIFEST_TABLE:
            continue
        try:
            conn.execute(f"SELECT rowid FROM {quote(name)} LIMIT 0")
            has_rowid = True
        except sqlite3.OperationalError:
            has_rowid = False
        tables.append(_describe(conn, str(name), str(sql), has_rowid))
    return tables


def _describe(conn: Any, name: str, sql: str, has_rowid: bool) -> Table:
    info = conn.execute(f"PRAGMA table_info({quote(name)})").fetchall()
    columns = tuple(str(row[1]) for row in info)
    primary = [row for row in info if row[5]]
    integer_key = len(primary) == 1 and str(primary[0][2]).upper() == "INTEGER"
    return Table(name, sql, columns, has_rowid and not integer_key)


def memory_database(image: bytes | None = None) -> sqlite3.Connection:
    """A standard-library in-memory database holding a copy of `image` (by default empty).

    A deserialized database lives in one growable block, so its `serialize()` is a single
    copy where a plain ':memory:' database gathers its pages one by one."""
    conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA temp_store = MEMORY")
    conn.deserialize(_empty_image() if image is None else image)
    return conn


@functools.cache
def _empty_image() -> bytes:
    """An empty database, one page long (`deserialize` refuses zero bytes)."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        conn.execute("CREATE TABLE placeholder (x)")
        conn.execute("DROP TABLE placeholder")
        conn.execute("VACUUM")
        return conn.serialize()
    finally:
        conn.close()


class Reporter:
    """Progress and cancel hooks, with a sub-range for each step."""

    def __init__(
        self,
        progress: ProgressHook | None,
        cancelled: CancelHook | None,
        message: str,
        low: float = 0.0,
        high: float = 1.0,
    ) -> None:
        self.progress = progress
        self.cancelled = cancelled
        self.message = message
        self.low = low
        self.high = high

    def __call__(self, fraction: float) -> None:
        if self.cancelled is not None and self.cancelled():
            raise BackupCancelled(self.message)
        if self.progress is not None:
            self.progress(self.low + (self.high - self.low) * min(max(fraction, 0.0), 1.0))

    def is_cancelled(self) -> bool:
        return self.cancelled is not None and bool(self.cancelled())

    def finished(self) -> None:
        """The last step: past the point of no return, so no cancel check."""
        if self.progress is not None:
            self.progress(self.high)

    def scaled(self, low: float, high: float) -> Reporter:
        span = self.high - self.low
        return Reporter(
            self.progress, self.cancelled, self.message,
            self.low + span * low, self.low + span * high,
        )


