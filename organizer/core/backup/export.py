"""Writing a backup: one consistent snapshot of the vault, encrypted, written beside the
target under a hidden name, read back from disk and checked, then renamed into place."""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlcipher3

import organizer
from organizer.core import age_files, records
from organizer.core.backup import files
from organizer.core.backup.format import (
    AGE_HEADER,
    BATCH_ROWS,
    FORMAT_VERSION,
    MANIFEST_TABLE,
    BackupCancelled,
    BackupDamaged,
    BackupLocation,
    BackupManifest,
    CancelHook,
    ProgressHook,
    Reporter,
    Table,
    memory_database,
    quote,
    vault_tables,
)
from organizer.core.backup.verify import check_backup_file
from organizer.core.passphrase import check_new_passphrase
from organizer.core.vault import Vault, translate
from organizer.i18n import _
from organizer.platform import current as this_platform

# The change fingerprint needs unixepoch(), new in SQLite 3.38.
_STDLIB_UNIXEPOCH = sqlite3.sqlite_version_info >= (3, 38, 0)
# Bookkeeping an automatic backup writes after it is made (settings starting so); leaving
# them out of the fingerprint keeps "nothing changed since the last backup" true after it.
BOOKKEEPING_PREFIX = "last_backup_"


def export_backup(
    vault: Vault,
    target: Path | str,
    backup_passphrase: str,
    *,
    progress: ProgressHook | None = None,
    cancelled: CancelHook | None = None,
    replace: bool = False,
) -> BackupManifest:
    """Write an encrypted, verified backup of `vault` to `target`. An existing age file there
    is replaced only with `replace` (the user said so); any other file never is.

    `progress` gets a fraction 0..1 between steps; when `cancelled()` turns true the export
    stops with BackupCancelled, removes its temporary file and leaves `target` as it was.
    """
    manifest, _fingerprint = export_with_fingerprint(
        vault, Path(target), backup_passphrase, progress, cancelled, replace=replace
    )
    return manifest


def check_export_target(
    target: Path | str, vault_path: Path | None = None, *, replace: bool = False
) -> Path:
    """Refuse, before any work, a target that cannot take a backup; returns it absolute.
    An existing file is refused unless it is an age file and `replace` is given."""
    target = Path(target).expanduser().absolute()
    folder = target.parent
    if not folder.is_dir():
        raise BackupLocation(_(
            "The folder {folder} does not exist (is the disk plugged in?). Choose an existing "
            "folder."
        ).format(folder=folder))
    if target.is_dir():
        raise BackupLocation(_("{path} is a folder. Choose a file name for the backup.").format(
            path=target))
    if vault_path is not None and target.exists() and target.samefile(vault_path):
        raise BackupLocation(_("That is the vault itself. Choose another name for the backup."))
    if target.exists():
        try:
            with open(target, "rb") as file:
                head = file.read(len(AGE_HEADER))
        except OSError:
            head = b""
        if head != AGE_HEADER:
            raise BackupLocation(_(
                "{path} exists and is not an Organizer backup, so it was not replaced. Choose "
                "another name."
            ).format(path=target))
        if not replace:
            raise BackupLocation(_(
                "A file already exists at {path}, so nothing was written. Choose another "
                "name, or say to replace it (on the command line: --replace)."
            ).format(path=target))
    return target


def export_with_fingerprint(
    vault: Vault,
    target: Path,
    backup_passphrase: str,
    progress: ProgressHook | None,
    cancelled: CancelHook | None,
    *,
    replace: bool = False,
) -> tuple[BackupManifest, str]:
    """`export_backup`, also returning the change fingerprint of the snapshot it wrote."""
    check_new_passphrase(backup_passphrase)
    target = check_export_target(target, vault.path, replace=replace)
    folder = target.parent
    report = Reporter(progress, cancelled, _("The backup was cancelled; nothing was written."))
    files.clean_partial_backups(folder)
    partial, fd = files.create_partial(target)
    try:
        snapshot = snapshot_vault(vault, report.scaled(0.0, 0.45))
        report(0.5)
        files.reserve(fd, len(snapshot.image))
        report(0.55)
        # The digest is taken here while the child process encrypts.
        with ThreadPoolExecutor(1) as hasher:
            hashing = hasher.submit(_sha256, snapshot.image)
            ciphertext = age_files.encrypt(snapshot.image, backup_passphrase, report.cancelled)
            digest = hashing.result()
        snapshot.image = b""  # the only reference: freed before the read-back needs as much
        report(0.75)
        files.write_all(fd, ciphertext)
        del ciphertext
        os.fsync(fd)
        files.drop_cache(fd)
        report(0.8)
        _read_back(partial, backup_passphrase, digest, folder, report)
        report(0.95)
        os.replace(partial, target)
        this_platform().sync_folder(folder)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.remove(partial)
        os.close(fd)
        if isinstance(error, OSError):
            raise files.os_error(error, folder) from None
        if isinstance(error, MemoryError):
            raise translate(error) from None
        if isinstance(error, age_files.AgeCancelled):
            raise BackupCancelled(report.message) from None
        raise
    os.close(fd)
    report.finished()
    manifest = BackupManifest(
        FORMAT_VERSION, snapshot.schema_version, organizer.__version__, snapshot.created_at,
        dict(snapshot.counts), target,
    )
    return manifest, snapshot.fingerprint


def _sha256(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def _read_back(partial: Path, backup_passphrase: str, digest: bytes, folder: Path,
               report: Reporter) -> None:
    """The verification: the file, read back from disk, decrypts to exactly the image built.

    The image itself was checked as it was built (every table's row count against the
    snapshot's), so byte equality makes the file as sound as the image; `verify_backup` runs
    the full checks (integrity, manifest, counts) when a backup is opened later. pyrage
    decrypts a passphrase-encrypted file only whole, in memory, so the child process reads it
    whole; only its digest comes back.
    """
    check_backup_file(partial)
    try:
        same = age_files.decrypted_digest_of_file(
            partial, backup_passphrase, report.cancelled) == digest
    except age_files.AgeDecryptError:
        same = False
    if not same:
        raise BackupDamaged(_(
            "The backup written to {folder} did not read back as written (the disk may be "
            "failing), so it was not kept. Try another disk."
        ).format(folder=folder))


@dataclass
class Snapshot:
    image: bytes  # the plaintext SQLite database, serialized
    counts: dict[str, int]
    fingerprint: str
    created_at: str
    schema_version: int


def snapshot_vault(vault: Vault, report: Reporter) -> Snapshot:
    """Copy every table, from one read transaction, into an in-memory SQLite database image.

    Rows cross from SQLCipher to the standard library's `sqlite3` a batch at a time
    (`fetchmany` / `executemany`: no Python work per row), with progress and the cancel check
    between batches. The change fingerprint and the counts are taken on the copy, which holds
    exactly the snapshot's rows and needs no decryption to read.
    """
    source = vault.connect_another()
    memory = memory_database()
    try:
        source.execute("BEGIN")  # deferred: the first read fixes the snapshot for all of them
        tables = vault_tables(source)
        created_at = records.now()
        schema_version = int(source.execute("PRAGMA user_version").fetchone()[0])
        expected = {
            t.name: int(source.execute(f"SELECT count(*) FROM {quote(t.name)}").fetchone()[0])
            for t in tables
        }
        total = max(1, sum(expected.values()))
        copied = 0
        memory.execute("BEGIN")
        for table in tables:
            memory.execute(table.sql)
            insert = table.insert()
            cursor = source.execute(table.select())
            while rows := cursor.fetchmany(BATCH_ROWS):
                memory.executemany(insert, rows)
                copied += len(rows)
                report(copied / total)
        counts = {
            t.name: int(memory.execute(f"SELECT count(*) FROM {quote(t.name)}").fetchone()[0])
            for t in tables
        }
        if counts != expected:  # cannot happen inside one transaction; never ship it if it does
            raise BackupDamaged(_("The vault changed while it was read; try the backup again."))
        # The same digest `backup_needed` computes on the vault (same rows, rowids and
        # collations), taken on the copy, where sorting the link tables is cheaper.
        digest = fingerprint(memory if _STDLIB_UNIXEPOCH else source, tables)
        source.execute("COMMIT")
        _write_manifest(memory, schema_version, created_at, counts)
        memory.execute("COMMIT")
        image = memory.serialize()
    except (sqlcipher3.Error, sqlite3.Error, MemoryError) as error:
        raise translate(error) from None
    finally:
        memory.close()
        source.close()
    return Snapshot(image, counts, digest, created_at, schema_version)


def _write_manifest(
    memory: sqlite3.Connection, schema_version: int, created_at: str, counts: dict[str, int]
) -> None:
    memory.execute(
        f"CREATE TABLE {MANIFEST_TABLE} (kind TEXT NOT NULL, key TEXT NOT NULL, "
        "value TEXT NOT NULL, PRIMARY KEY (kind, key))"
    )
    meta = {
        "format_version": str(FORMAT_VERSION),
        "schema_version": str(schema_version),
        "app_version": organizer.__version__,
        "created_at": created_at,
    }
    memory.executemany(
        f"INSERT INTO {MANIFEST_TABLE} (kind, key, value) VALUES (?, ?, ?)",
        [("meta", k, v) for k, v in meta.items()]
        + [("count", name, str(n)) for name, n in counts.items()],
    )


def fingerprint(conn: Any, tables: Sequence[Table]) -> str:
    """A digest that changes whenever the vault's data does (bookkeeping settings aside).

    Tables with `updated_at`: the row count, the sum of rowids and the sum of every row's
    `updated_at` (seconds and milliseconds apart, so the integer sums stay exact). Every update
    refreshes a row's `updated_at` (the touch triggers see to it), a delete changes the count,
    a delete plus an insert changes the rowids; sums rather than the newest time, because
    imported or demo rows may carry times later than the clock. Tables without `updated_at`
    (links, tombstones) and the settings: their full contents. Cost: one scan per table.
    """
    digest = hashlib.sha256()
    for table in tables:
        digest.update(table.name.encode() + b"\x00")
        if table.name == "app_setting":
            cursor = conn.execute(
                "SELECT key, value FROM app_setting WHERE key NOT LIKE ? ORDER BY key",
                (BOOKKEEPING_PREFIX + "%",),
            )
        elif "updated_at" in table.columns and table.rowid:
            cursor = conn.execute(
                "SELECT count(*), total(rowid), sum(unixepoch(updated_at)), "
                "sum(CAST(substr(updated_at, 21, 3) AS INTEGER)), max(updated_at) "
                f"FROM {quote(table.name)}"
            )
        else:
            order = ", ".join(quote(c) for c in table.columns)
            cursor = conn.execute(f"SELECT {order} FROM {quote(table.name)} ORDER BY {order}")
        for row in cursor:
            digest.update(repr(tuple(row)).encode() + b"\n")
    return digest.hexdigest()
