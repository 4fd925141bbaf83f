"""Restoring a backup into a brand-new vault, built in one place: a vault made by
`Vault.create` under a hidden name beside the target, filled through `bulk_load`, checked,
then renamed into place."""

from __future__ import annotations

import os
import secrets
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlcipher3

from organizer import formats
from organizer.core import schema
from organizer.core.backup import files
from organizer.core.backup.format import (
    BATCH_ROWS,
    BackupCancelled,
    BackupDamaged,
    BackupError,
    BackupLocation,
    BackupManifest,
    CancelHook,
    ProgressHook,
    Reporter,
    Table,
    backup_tables,
    quote,
    vault_tables,
)
from organizer.core.backup.verify import check_backup_file, open_backup
from organizer.core.bulk import bulk_load
from organizer.core.errors import OrganizerError
from organizer.core.passphrase import check_new_passphrase
from organizer.core.vault import (
    SQLITE_CONSTRAINT,
    SQLITE_INTERRUPT,
    SQLITE_NOMEM,
    Vault,
    sqlite_code,
    translate,
)
from organizer.i18n import _, ngettext
from organizer.platform import current as this_platform

# How often (in SQLite virtual-machine instructions, well under a millisecond's worth) a
# restore's long statements (an index, the search index) look at the cancel hook.
CANCEL_STEPS = 10_000

# Where a restore stands: decrypting and checking the backup (one scrypt, no progress
# inside) is the first part of the bar; the rest is `restore_into`'s, whose steps end at
# these shares of it.
_AFTER_DECRYPTING = 0.25
_AFTER_CREATING = 0.05
_AFTER_ROWS = 0.45
_AFTER_BUILDING = 0.85  # indexes, the search index and the triggers (bulk_load's end)
_AFTER_CHECKING = 0.95
_STAGE = "temp.restore_stage"


def _run_migration(version: int) -> Callable[[sqlite3.Connection], None]:
    """The vault's own migration `version` -> `version + 1`, run on the decrypted copy.

    Right for the migrations so far, which change tables and their values (1 -> 2: a
    structure test's department moves into structure_test_department; person_issue gains
    the tally columns, filled from person); the indexes and triggers it also makes in the
    copy are never copied. A future migration touching the search index needs its own step.
    """

    def upgrade(memory: sqlite3.Connection) -> None:
        schema.attach_functions(memory)  # what the migrations' statements call
        memory.executescript(schema.MIGRATIONS[version])

    return upgrade


# Steps that bring a decrypted backup (an in-memory stdlib sqlite3 database) from schema
# version v to v + 1 before its rows are copied, keyed by v. Columns added with defaults need
# nothing (rows are copied by column name, missing columns take their defaults). Every schema
# change so far is of the kind its own migration handles; a step that must differ goes here.
UPGRADES: dict[int, Callable[[sqlite3.Connection], None]] = {
    version: _run_migration(version) for version in range(1, schema.SCHEMA_VERSION)
}


def restore_backup(
    path: Path | str,
    backup_passphrase: str,
    new_vault_path: Path | str,
    new_vault_passphrase: str,
    *,
    progress: ProgressHook | None = None,
    cancelled: CancelHook | None = None,
) -> Vault:
    """Restore a backup into a brand-new vault at `new_vault_path` and return it open.

    Refuses an existing `new_vault_path`. All or nothing: on any error or a cancel no file is
    left at `new_vault_path` (the vault is built under a hidden name and renamed at the end).
    """
    check_new_passphrase(new_vault_passphrase)
    target = check_restore_target(new_vault_path)
    source = check_backup_file(path)
    report = Reporter(progress, cancelled, _("The restore was cancelled; no vault was created."))
    report(0.0)
    memory, manifest = open_backup(source, backup_passphrase, cancelled=cancelled)
    try:
        report(_AFTER_DECRYPTING)
        upgrade(memory, manifest.schema_version)
        return restore_into(
            memory, manifest, target, new_vault_passphrase,
            report.scaled(_AFTER_DECRYPTING, 1.0),
        )
    finally:
        memory.close()


def check_restore_target(new_vault_path: Path | str) -> Path:
    """Refuse, before any work, a place that cannot take the restored vault."""
    target = Path(new_vault_path).expanduser().absolute()
    folder = target.parent
    if not folder.is_dir():
        raise BackupLocation(_("The folder {folder} does not exist. Choose an existing "
                                 "folder.").format(folder=folder))
    if target.exists() or target.is_symlink():
        raise BackupLocation(_(
            "A file already exists at {path}, and a restore never overwrites one. Choose a new "
            "name."
        ).format(path=target))
    if not os.access(folder, os.W_OK):
        raise BackupLocation(_(
            "Organizer cannot write in {folder} (it is read-only or not yours). Choose another "
            "folder."
        ).format(folder=folder))
    return target


def upgrade(memory: sqlite3.Connection, version: int) -> None:
    """Bring a decrypted backup of an older schema up to this version's (UPGRADES)."""
    try:
        for step in range(version, schema.SCHEMA_VERSION):
            step_up = UPGRADES.get(step)
            if step_up is not None:
                step_up(memory)
    except sqlite3.Error:
        # Tables that do not match the schema version the manifest gives: a damaged or
        # hand-edited backup, which verify cannot tell from a good one.
        raise BackupDamaged(_(
            "The backup's tables do not match the schema version it names ({version}), so it "
            "was not restored. Use another backup."
        ).format(version=version)) from None


def restore_into(
    memory: sqlite3.Connection,
    manifest: BackupManifest,
    target: Path,
    passphrase: str,
    report: Reporter,
) -> Vault:
    """Build the new vault from a checked, upgraded backup and rename it to `target`.

    `report` covers the steps after decrypting (its fractions are of this part alone)."""
    folder = target.parent
    for leftover in folder.glob(f".{files.glob_escape(target.name)}.restoring-*"):
        files.remove_if_unlocked(leftover, sidecars=True)
    temporary = folder / f".{target.name}.restoring-{secrets.token_hex(6)}"
    vault: Vault | None = None
    try:
        # Made, keyed and locked (flock, held while it is built) like any new vault.
        vault = Vault.create(temporary, passphrase, "Restoring")
        report(_AFTER_CREATING)
        _fill(vault, memory, manifest, report)
        report(_AFTER_BUILDING)
        _check_restored(vault, manifest)
        report(_AFTER_CHECKING)
        raw_key = vault.raw_key
        vault.close()  # checkpoints; the file is synced below, before the rename
        vault = None
        with open(temporary, "rb") as file:
            os.fsync(file.fileno())
        if target.exists():
            raise BackupLocation(_(
                "A file appeared at {path} during the restore; it was left alone. Choose a new "
                "name."
            ).format(path=target))
        os.replace(temporary, target)
        this_platform().sync_folder(folder)
    except BaseException as error:
        if vault is not None:
            vault.close()
        files.remove_with_sidecars(temporary)
        if isinstance(error, OSError):
            raise files.os_error(error, folder) from None
        raise
    restored = Vault.open_with_key(target, raw_key)
    report.finished()
    return restored


def _fill(vault: Vault, memory: sqlite3.Connection, manifest: BackupManifest,
          report: Reporter) -> None:
    """The backup's rows into the new vault, in one `bulk_load` transaction: rows first (no
    triggers, no indexes), the links checked, then bulk_load builds the indexes, the search
    index and the triggers. The people's derived columns are the backup's, kept as they are."""
    conn = vault.connection
    plan = _restore_plan(memory, conn)
    total = max(1, sum(manifest.counts.get(t.name, 0) for t in plan))
    rows_report = report.scaled(_AFTER_CREATING, _AFTER_ROWS)
    try:
        # Checked once, whole, below: rows arrive children before parents.
        conn.execute("PRAGMA foreign_keys = OFF")
        # The file is new, hidden and thrown away if anything fails: no syncs while it is
        # written (it is synced once, whole, before the rename), and a rollback journal in
        # memory (it holds only the few pages the new vault had) instead of a WAL that would
        # take every page twice.
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("PRAGMA journal_mode = MEMORY").fetchall()
        _stop_on_cancel(conn, report)
        # Vault.create's first settings, scale and thresholds make way for the backup's.
        conn.execute("BEGIN IMMEDIATE")
        for table in plan:
            conn.execute(f"DELETE FROM main.{quote(table.name)}")
        conn.execute("COMMIT")
        copied = 0
        with bulk_load(conn, drop_indexes=True, keep_derived=True):
            for table in plan:
                copied = _copy_table(memory, conn, table, copied, total, rows_report)
            if conn.execute("PRAGMA main.foreign_key_check").fetchone() is not None:
                raise BackupDamaged(_(
                    "The backup's records do not fit together (a link points to a missing "
                    "record), so it was not restored. Use another backup."
                ))
        conn.set_progress_handler(None, 0)
        conn.execute("PRAGMA journal_mode = WAL").fetchall()
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
    except OrganizerError:
        raise
    except (sqlcipher3.Error, sqlite3.Error, MemoryError) as error:
        raise _build_error(error, report) from None


def _copy_table(
    memory: sqlite3.Connection, conn: Any, table: Table, copied: int, total: int,
    report: Reporter,
) -> int:
    """One table's rows, by column name (missing columns take their defaults), rowids kept;
    returns the running count. Progress and the cancel check come after every batch.

    Staged through a TEMP table without keys (in memory) and moved with one INSERT ...
    SELECT: measured faster than binding the rows straight into a table with a text primary
    key and its index."""
    staged = ", ".join(f"c{i}" for i in range(len(table.columns)))
    conn.execute(f"CREATE TABLE {_STAGE} ({staged})")
    rowid = "rowid, " if table.rowid else ""
    marks = ", ".join("?" * (len(table.columns) + table.rowid))
    stage = f"INSERT INTO {_STAGE} ({rowid}{staged}) VALUES ({marks})"
    cursor = memory.execute(table.select())
    while rows := cursor.fetchmany(BATCH_ROWS):
        conn.executemany(stage, rows)
        copied += len(rows)
        report(copied / total)
    targets = ", ".join(quote(c) for c in table.columns)
    conn.execute(
        f"INSERT INTO main.{quote(table.name)} ({rowid}{targets}) "
        f"SELECT {rowid}{staged} FROM {_STAGE} ORDER BY rowid"
    )
    conn.execute(f"DROP TABLE {_STAGE}")
    return copied


def _build_error(error: BaseException, report: Reporter) -> OrganizerError:
    """A failed build, by SQLite's result code: what the user can do about it."""
    code = sqlite_code(error)
    if code == SQLITE_INTERRUPT and report.is_cancelled():
        return BackupCancelled(report.message)  # stopped by _stop_on_cancel
    if isinstance(error, MemoryError) or code == SQLITE_NOMEM:
        return BackupError(_(
            "There was not enough memory to build the restored vault, so nothing was "
            "created. Close other programs and try again."
        ))
    if code == SQLITE_CONSTRAINT:
        return BackupDamaged(_(
            "The backup's records do not fit together (a value breaks a rule of the vault), "
            "so it was not restored. Use another backup."
        ))
    return translate(error)


def _stop_on_cancel(conn: Any, report: Reporter) -> None:
    """Let a cancel stop the long single statements too (an index, the search index).
    SQLite calls the handler every CANCEL_STEPS virtual-machine instructions; a true answer
    interrupts the statement."""
    cancelled = report.cancelled
    if cancelled is not None:
        conn.set_progress_handler(lambda: 1 if cancelled() else 0, CANCEL_STEPS)


def _restore_plan(memory: sqlite3.Connection, conn: Any) -> list[Table]:
    """The backup's tables, each checked against this version's schema."""
    known = {t.name: t for t in vault_tables(conn)}
    plan: list[Table] = []
    for table in backup_tables(memory):
        mine = known.get(table.name)
        if mine is None:
            raise BackupDamaged(_(
                "The backup holds a table ({table}) this version of Organizer does not know, "
                "so it was not restored."
            ).format(table=table.name))
        unknown = [c for c in table.columns if c not in mine.columns]
        if unknown:
            raise BackupDamaged(_(
                "The backup's table {table} holds columns this version of Organizer does not "
                "know ({columns}), so it was not restored."
            ).format(table=table.name, columns=", ".join(unknown)))
        plan.append(table)
    return plan


def _check_restored(vault: Vault, manifest: BackupManifest) -> None:
    """The new file, read back through SQLCipher: every page authentic, every count right.

    The structure was built by SQLite itself from checked rows (the backup passed
    integrity_check, the links foreign_key_check); a full integrity_check of the new vault
    is left to `organizer vault check`."""
    conn = vault.connection
    for name, expected in manifest.counts.items():
        found = conn.execute(f"SELECT count(*) FROM {quote(name)}").fetchone()[0]
        if found != expected:
            raise BackupDamaged(ngettext(
                "The restored table {table} holds {found} row instead of {expected}, so the "
                "restore was undone.",
                "The restored table {table} holds {found} rows instead of {expected}, so the "
                "restore was undone.", found
            ).format(table=name, found=formats.number(found), expected=formats.number(expected)))
    problems = [str(row[0]) for row in conn.execute("PRAGMA cipher_integrity_check")]
    if problems:
        raise BackupDamaged(_(
            "The restored vault failed its integrity check, so the restore was undone. Use "
            "another backup."
        ))
