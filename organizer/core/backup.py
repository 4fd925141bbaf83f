"""Encrypted backups: export, verify, restore, and automatic backups with rotation.

The format (fixed; the README's "Recovering without Organizer" tells users how to read it):

- A backup is one **age v1** file (``age-encryption.org/v1``) with one passphrase (scrypt)
  recipient, written with `pyrage`. `age -d backup.age > data.sqlite` decrypts it.
- Its plaintext is an ordinary **SQLite 3 database**: every regular table of the vault, created
  with the vault's own ``CREATE TABLE`` statement and holding the same rows (the same ids and,
  for rowid tables, the same rowids), plus one more table::

      CREATE TABLE backup_manifest (
          kind TEXT NOT NULL,   -- 'meta' or 'count'
          key TEXT NOT NULL,
          value TEXT NOT NULL,
          PRIMARY KEY (kind, key)
      );
      -- ('meta', 'format_version', '1')       this layout; a newer one is refused
      -- ('meta', 'schema_version', '1')       the vault's PRAGMA user_version
      -- ('meta', 'app_version', '0.1.0')      organizer.__version__ that wrote it
      -- ('meta', 'created_at', '2026-11-23T14:05:09.123Z')   UTC, when the snapshot was taken
      -- ('count', '<table>', '<rows>')        one row per table of the backup

  Not copied: the full-text index (``search_index`` and its shadow tables; restoring rebuilds it
  from the records, the same entries the vault's insert triggers write), indexes and triggers.

How the file is made: all tables are read inside one read transaction of a separate connection
(one consistent snapshot, even while the app keeps writing), copied a batch at a time into a
stdlib `sqlite3` in-memory database held in one block of memory (so `serialize()` is one
copy), encrypted, and written to a hidden temporary file beside the target
(``.<name>.partial-<random>``, mode 0600, locked with flock while it is written). That file is
fsynced, its cached pages are dropped, it is **verified by reading it back from disk** (it
must decrypt with the passphrase to exactly the image built: same SHA-256), and only then
renamed to the final name and the folder fsynced. So a file with the final name is always a
complete, verified backup; a cancel, an error or a crash leaves any earlier backup at the
target untouched, and `clean_partial_backups` removes what a killed process left behind.
(Verifying before the rename, not after, is what keeps a bad write from replacing a good
backup.) `verify_backup` does the full checks: decrypt, SQLite integrity check, manifest,
format and schema versions, row counts.

Restore decrypts into memory (`deserialize()`), checks the backup as `verify_backup` does,
brings an older schema's copy up to date (`UPGRADES`), and builds the new vault set-wise where
that plaintext already is, in the standard library's SQLite (`_build_in_memory`; why and how
there), checks its links, hands the finished database to SQLCipher without a copy
(`organizer.core.sqlite_images`) and writes it with `sqlcipher_export` into a brand-new
encrypted file under a hidden temporary name beside the target. (Where this Python cannot
hand it over, the same steps run in SQLCipher: `_build_in_sqlcipher`, slower.) That file is
opened like any vault (cipher settings, application id, schema version), every page's HMAC
and every table's row count are checked, and it is renamed into place. Plaintext never
touches the disk: no temporary SQLite files, ``temp_store = MEMORY`` on every connection.

Measured at 100,000 people / 300,000 one-on-ones (1,081 MB vault, 398 MB backup) on a shared
2-core machine (make bench; single runs vary by a quarter): export + verify 29 -> ~24 s (row
copy 9-13 s, of which reading the rows out of SQLCipher is 5 s; change fingerprint 1.1 s;
age encryption 3.5-4.3 s and decryption of the read-back 3.5-4.9 s, each with one scrypt of
1.5 s at the work factor age picks here); restore 98 s (175 s without CAP_IPC_LOCK, as a
desktop user runs it) -> ~46 s: decrypting and checking 6-9 s, rows and indexes 4 s, search
index 15 s, sqlcipher_export of the 1 GB vault 12-16 s, opening and checking it 3-4 s.

Note for GUI workers: `pyrage` holds Python's GIL while it runs scrypt (about 1-3 s for each
encryption or decryption), so other Python threads pause meanwhile; the progress and cancel
hooks are called between the steps, not inside them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import fcntl
import hashlib
import os
import re
import secrets
import sqlite3
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyrage
import sqlcipher3

import organizer
from organizer.core import campaign, records, schema, search, sqlite_images
from organizer.core.bulk import schema_objects
from organizer.core.errors import DiskFull, OrganizerError, WeakPassphrase
from organizer.core.passphrase import check_new_passphrase
from organizer.core.vault import Vault, derive_raw_key, read_salt, translate

FORMAT_VERSION = 1
AGE_HEADER = b"age-encryption.org/v1\n"
SQLITE_HEADER = b"SQLite format 3\x00"
MANIFEST_TABLE = "backup_manifest"
SUFFIX = ".age"
PARTIAL_MARK = ".partial-"
AUTO_PREFIX = "organizer-backup-"
DEFAULT_KEEP = 10
MAX_KEEP = 100
RECENT = dt.timedelta(days=7)
DAILY = dt.timedelta(days=1)
BATCH_ROWS = 5_000
# How long an automatic backup's bookkeeping waits for the vault's write lock: an import
# of 100,000 rows holds it for about 15 s, and the backup (already written and verified)
# must not be reported as failed for that.
RECORD_WAIT_MS = 120_000
# How often (in SQLite virtual-machine instructions, well under a millisecond's worth) a
# restore's long statements look at the cancel hook.
CANCEL_STEPS = 10_000
# Where files cannot be locked, a temporary file this old is taken as left by a dead process.
STALE_SECONDS = 24 * 3600
_STDLIB_UNIXEPOCH = sqlite3.sqlite_version_info >= (3, 38, 0)

# Settings kept inside the vault (app_setting), never in QSettings.
KEY_FOLDER = "backup_folder"
KEY_KEEP = "backup_keep"
KEY_PASSPHRASE = "backup_passphrase"  # noqa: S105 (a settings key, not a secret)
KEY_LAST_AT = "last_backup_at"
KEY_LAST_VERIFIED = "last_backup_verified"
KEY_LAST_PATH = "last_backup_path"
KEY_LAST_FINGERPRINT = "last_backup_fingerprint"
KEY_LAST_ERROR = "last_backup_error"
# Bookkeeping written after a backup; leaving them out of the fingerprint keeps "nothing
# changed since the last backup" true after the backup records itself.
_BOOKKEEPING_PREFIX = "last_backup_"

ProgressHook = Callable[[float], None]
CancelHook = Callable[[], bool]

_AUTO_NAME = re.compile(
    r"^organizer-backup-(?P<id>[0-9a-f]{8})-(?P<when>\d{4}-\d{2}-\d{2}T\d{6}Z)(?:-(?P<n>\d+))?"
    r"\.age$"
)
_PARTIAL_NAME = re.compile(r"^\..+\.partial-[0-9a-f]{12}$")


# ----- errors ----------------------------------------------------------------------------------


class BackupError(OrganizerError):
    """A backup could not be written, read or restored; the message says why in one sentence."""


class BackupWrongPassphrase(BackupError):
    def __init__(self) -> None:
        super().__init__("The backup passphrase is wrong (or the file was changed).")


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
            "The disk is full, so the backup was not written. Free some space and try again; "
            "any earlier backup is unchanged.",
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
class _Table:
    name: str
    sql: str
    columns: tuple[str, ...]
    rowid: bool  # a rowid table without an INTEGER PRIMARY KEY: copy the rowid explicitly

    def select(self, columns: Sequence[str] | None = None) -> str:
        wanted = ", ".join(_quote(c) for c in (columns or self.columns))
        return f"SELECT {'rowid, ' if self.rowid else ''}{wanted} FROM {_quote(self.name)}"

    def insert(self, columns: Sequence[str] | None = None, schema_name: str = "main") -> str:
        names = list(columns or self.columns)
        targets = (["rowid"] if self.rowid else []) + [_quote(c) for c in names]
        marks = ", ".join("?" * len(targets))
        return (
            f"INSERT INTO {schema_name}.{_quote(self.name)} ({', '.join(targets)}) "
            f"VALUES ({marks})"
        )


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _vault_tables(conn: Any) -> list[_Table]:
    """Every regular table of a vault: no FTS5 table or shadow table, no sqlite_ table."""
    tables: list[_Table] = []
    for _schema, name, kind, _ncol, without_rowid, *_ in conn.execute(
        "PRAGMA main.table_list"
    ).fetchall():
        if kind != "table" or name.startswith("sqlite_"):
            continue
        sql = conn.execute(
            "SELECT sql FROM main.sqlite_master WHERE type = 'table' AND name = ?", (name,)
        ).fetchone()[0]
        tables.append(_describe(conn, str(name), str(sql), not without_rowid))
    return sorted(tables, key=lambda t: t.name)


def _backup_tables(conn: sqlite3.Connection) -> list[_Table]:
    """Every data table of a decrypted backup (its manifest left out)."""
    tables: list[_Table] = []
    for name, sql in conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%'"
        " ESCAPE '\\' ORDER BY name"
    ).fetchall():
        if name == MANIFEST_TABLE:
            continue
        try:
            conn.execute(f"SELECT rowid FROM {_quote(name)} LIMIT 0")
            has_rowid = True
        except sqlite3.OperationalError:
            has_rowid = False
        tables.append(_describe(conn, str(name), str(sql), has_rowid))
    return tables


def _describe(conn: Any, name: str, sql: str, has_rowid: bool) -> _Table:
    info = conn.execute(f"PRAGMA table_info({_quote(name)})").fetchall()
    columns = tuple(str(row[1]) for row in info)
    primary = [row for row in info if row[5]]
    integer_key = len(primary) == 1 and str(primary[0][2]).upper() == "INTEGER"
    return _Table(name, sql, columns, has_rowid and not integer_key)


# ----- export --------------------------------------------------------------------------------


def export_backup(
    vault: Vault,
    target: Path | str,
    backup_passphrase: str,
    *,
    progress: ProgressHook | None = None,
    cancelled: CancelHook | None = None,
) -> BackupManifest:
    """Write an encrypted, verified backup of `vault` to `target` (replacing an older backup).

    `progress` gets a fraction 0..1 between steps; when `cancelled()` turns true the export
    stops with BackupCancelled, removes its temporary file and leaves `target` as it was.
    """
    manifest, _fingerprint = _export(vault, Path(target), backup_passphrase, progress, cancelled)
    return manifest


def check_export_target(target: Path | str, vault_path: Path | None = None) -> Path:
    """Refuse, before any work, a target that cannot take a backup; returns it absolute."""
    target = Path(target).expanduser().absolute()
    folder = target.parent
    if not folder.is_dir():
        raise BackupLocation(
            f"The folder {folder} does not exist (is the disk plugged in?). "
            "Choose an existing folder."
        )
    if target.is_dir():
        raise BackupLocation(f"{target} is a folder. Choose a file name for the backup.")
    if vault_path is not None and target.exists() and target.samefile(vault_path):
        raise BackupLocation("That is the vault itself. Choose another name for the backup.")
    if target.exists():
        try:
            with open(target, "rb") as file:
                head = file.read(len(AGE_HEADER))
        except OSError:
            head = b""
        if head != AGE_HEADER:
            raise BackupLocation(
                f"{target} exists and is not an Organizer backup, so it was not replaced. "
                "Choose another name."
            )
    return target


def _export(
    vault: Vault,
    target: Path,
    backup_passphrase: str,
    progress: ProgressHook | None,
    cancelled: CancelHook | None,
) -> tuple[BackupManifest, str]:
    check_new_passphrase(backup_passphrase)
    target = check_export_target(target, vault.path)
    folder = target.parent
    report = _Reporter(progress, cancelled, "The backup was cancelled; nothing was written.")
    clean_partial_backups(folder)
    partial, fd = _create_partial(target)
    try:
        snapshot = _snapshot(vault, report.scaled(0.0, 0.45))
        report(0.5)
        _reserve(fd, len(snapshot.image))
        report(0.55)
        # hashlib lets go of the GIL, so the digest is taken on the other core while pyrage
        # (which holds it) encrypts.
        with ThreadPoolExecutor(1) as hasher:
            hashing = hasher.submit(_sha256, snapshot.image)
            ciphertext = pyrage.passphrase.encrypt(snapshot.image, backup_passphrase)
            digest = hashing.result()
        snapshot.image = b""  # free the plaintext before the read-back needs as much again
        report(0.75)
        _write_all(fd, ciphertext)
        del ciphertext
        os.fsync(fd)
        _drop_cache(fd)
        report(0.8)
        _read_back(partial, backup_passphrase, digest, folder)
        report(0.95)
        os.replace(partial, target)
        _fsync_dir(folder)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.remove(partial)
        os.close(fd)
        if isinstance(error, OSError):
            raise _os_error(error, folder) from None
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


def _read_back(partial: Path, backup_passphrase: str, digest: bytes, folder: Path) -> None:
    """The verification: the file, read back from disk, decrypts to exactly the image built.

    The image itself was checked as it was built (every table's row count against the
    snapshot's), so byte equality makes the file as sound as the image; `verify_backup` runs
    the full checks (integrity, manifest, counts) when a backup is opened later.
    """
    data = check_backup_file(partial).read_bytes()
    try:
        plaintext = pyrage.passphrase.decrypt(data, backup_passphrase)
    except pyrage.DecryptError:
        plaintext = b""
    del data
    if hashlib.sha256(plaintext).digest() != digest:
        raise BackupDamaged(
            f"The backup written to {folder} did not read back as written (the disk may "
            "be failing), so it was not kept. Try another disk."
        )


@dataclass
class _Snapshot:
    image: bytes  # the plaintext SQLite database, serialized
    counts: dict[str, int]
    fingerprint: str
    created_at: str
    schema_version: int


def _snapshot(vault: Vault, report: _Reporter) -> _Snapshot:
    """Copy every table, from one read transaction, into an in-memory SQLite database image.

    Rows cross from SQLCipher to the stdlib `sqlite3` database a batch at a time
    (`fetchmany` / `executemany`: no Python work per row), with progress and the cancel check
    between batches. Everything that can run on the copy does (the change fingerprint, the
    counts): the stdlib library has none of the vault's per-allocation memory-security cost,
    and the copy holds exactly the snapshot's rows.
    """
    source = vault.connect_another()
    memory = sqlite_images.contiguous_memory_database()
    try:
        source.execute("BEGIN")  # deferred: the first read fixes the snapshot for all of them
        tables = _vault_tables(source)
        created_at = records.now()
        schema_version = int(source.execute("PRAGMA user_version").fetchone()[0])
        expected = {
            t.name: int(source.execute(f"SELECT count(*) FROM {_quote(t.name)}").fetchone()[0])
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
            t.name: int(memory.execute(f"SELECT count(*) FROM {_quote(t.name)}").fetchone()[0])
            for t in tables
        }
        if counts != expected:  # cannot happen inside one transaction; never ship it if it does
            raise BackupDamaged("The vault changed while it was read; try the backup again.")
        # The same digest `backup_needed` computes on the vault (same rows, rowids and
        # collations), taken on the copy: sorting the link tables costs several times as
        # much in the vault's SQLCipher. (An stdlib SQLite before 3.38 lacks unixepoch().)
        fingerprint = _fingerprint(memory if _STDLIB_UNIXEPOCH else source, tables)
        source.execute("COMMIT")
        _write_manifest(memory, schema_version, created_at, counts)
        memory.execute("COMMIT")
        image = memory.serialize()
    except sqlcipher3.Error as error:
        raise translate(error) from None
    finally:
        memory.close()
        source.close()
    return _Snapshot(image, counts, fingerprint, created_at, schema_version)


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


def _create_partial(target: Path) -> tuple[Path, int]:
    """The hidden temporary file beside the target, 0600, created new and locked."""
    folder = target.parent
    partial = folder / f".{target.name}{PARTIAL_MARK}{secrets.token_hex(6)}"
    try:
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
    except OSError as error:
        raise _os_error(error, folder) from None
    try:
        os.fchmod(fd, 0o600)
        # The lock tells clean_partial_backups this file is in use. Some network and FUSE
        # file systems refuse locks: carry on without (the cleaner then goes by age).
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as error:
        os.close(fd)
        with contextlib.suppress(OSError):
            os.remove(partial)
        raise _os_error(error, folder) from None
    return partial, fd


def _reserve(fd: int, size: int) -> None:
    """Claim the space before the slow encryption, so a full disk fails at once."""
    if not hasattr(os, "posix_fallocate"):
        return
    try:
        os.posix_fallocate(fd, 0, size)
    except OSError as error:
        if error.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT):
            raise
        # EOPNOTSUPP / EINVAL on file systems without it: the write will tell.


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    os.lseek(fd, 0, os.SEEK_SET)
    while view:
        written = os.write(fd, view)
        view = view[written:]
    os.ftruncate(fd, len(data))


def _drop_cache(fd: int) -> None:
    """After fsync: forget the cached pages so the verification reads the disk itself."""
    if hasattr(os, "posix_fadvise"):
        with contextlib.suppress(OSError):
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError as error:
        # Some file systems of USB sticks and network shares cannot fsync a folder.
        if error.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EBADF):
            raise
    finally:
        os.close(fd)


def _os_error(error: BaseException, folder: Path) -> BaseException:
    """An OSError as one sentence; anything else unchanged."""
    if not isinstance(error, OSError):
        return error
    if error.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT):
        return BackupDiskFull()
    refused_by_folder = isinstance(error, FileNotFoundError) and folder.is_dir()
    if (
        isinstance(error, PermissionError)
        or error.errno in (errno.EROFS, errno.EACCES, errno.EPERM)
        or refused_by_folder
    ):
        return BackupLocation(
            f"Organizer cannot write in {folder} (it is read-only or not yours). "
            "Choose another folder."
        )
    if isinstance(error, FileNotFoundError):
        return BackupLocation(
            f"The folder {folder} disappeared during the backup (was the disk removed?). "
            "Plug it back in and try again."
        )
    return BackupLocation(f"Organizer cannot write the backup in {folder}: {error.strerror}.")


class _Reporter:
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

    def finished(self) -> None:
        """The last step: past the point of no return, so no cancel check."""
        if self.progress is not None:
            self.progress(self.high)

    def scaled(self, low: float, high: float) -> _Reporter:
        span = self.high - self.low
        return _Reporter(
            self.progress, self.cancelled, self.message,
            self.low + span * low, self.low + span * high,
        )


# ----- verify --------------------------------------------------------------------------------


def verify_backup(path: Path | str, backup_passphrase: str) -> BackupManifest:
    """Decrypt the backup in memory and check it fully; returns its manifest or raises."""
    memory, manifest = _open_backup(Path(path), backup_passphrase)
    memory.close()
    return manifest


def check_backup_file(path: Path | str) -> Path:
    """The cheap checks, before asking for a passphrase: the file exists and is an age file."""
    path = Path(path).expanduser().absolute()
    if not path.exists():
        raise NotABackup(f"There is no file at {path}. Check the path and try again.")
    if path.is_dir():
        raise NotABackup(f"{path} is a folder, not a backup file. Choose the .age file inside.")
    try:
        size = path.stat().st_size
        with open(path, "rb") as file:
            head = file.read(len(AGE_HEADER))
    except PermissionError:
        raise BackupLocation(f"Organizer may not read {path}. Check the file's owner.") from None
    if size == 0:
        raise NotABackup(f"{path} is empty, so it is not a backup. Choose another file.")
    if head.startswith(SQLITE_HEADER):
        raise NotABackup(
            f"{path} is an unencrypted SQLite database, not an Organizer backup. "
            "Choose the .age backup file."
        )
    if head != AGE_HEADER:
        flipped = len(head) == len(AGE_HEADER) and sum(
            a != b for a, b in zip(head, AGE_HEADER, strict=True)
        ) <= 2
        if AGE_HEADER.startswith(head) or flipped:
            raise BackupDamaged(
                f"The backup {path.name} is damaged or cut short (its first line is not "
                "intact). Use another backup."
            )
        raise NotABackup(
            f"{path} is not an Organizer backup (it is not an age-encrypted file). "
            "Choose the .age backup file."
        )
    return path


def _open_backup(path: Path, backup_passphrase: str) -> tuple[sqlite3.Connection, BackupManifest]:
    """Decrypt into an in-memory database and check it; the caller closes the connection."""
    path = check_backup_file(path)
    try:
        data = path.read_bytes()
    except PermissionError:
        raise BackupLocation(f"Organizer may not read {path}. Check the file's owner.") from None
    except OSError as error:
        raise BackupDamaged(
            f"{path} could not be read ({error.strerror}). Check the disk, or use another backup."
        ) from None
    if not backup_passphrase:
        raise BackupWrongPassphrase()
    try:
        plaintext = pyrage.passphrase.decrypt(data, backup_passphrase)
    except pyrage.DecryptError as error:
        raise _decrypt_error(str(error), path) from None
    del data
    memory = sqlite_images.contiguous_memory_database()
    try:
        try:
            memory.deserialize(plaintext)  # replaces the empty database, checked below
            del plaintext
            memory.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.DatabaseError:
            raise NotABackup(
                f"{path} is an age-encrypted file, but not an Organizer backup."
            ) from None
        manifest = _check_contents(memory, path)
    except BaseException:
        memory.close()
        raise
    return memory, manifest


def _decrypt_error(text: str, path: Path) -> BackupError:
    lowered = text.lower()
    if "decryption failed" in lowered or "no matching keys" in lowered:
        return BackupWrongPassphrase()
    if "work" in lowered:
        return BackupDamaged(
            f"{path} asks for far more key-stretching work than Organizer allows, so it was "
            "not opened. Use another backup."
        )
    return BackupDamaged(
        f"The backup {path.name} is damaged or incomplete (it failed its integrity check). "
        "Use another backup."
    )


def _check_contents(memory: sqlite3.Connection, path: Path) -> BackupManifest:
    damaged = f"The backup {path.name} is damaged"
    try:
        result = [row[0] for row in memory.execute("PRAGMA integrity_check").fetchall()]
    except sqlite3.DatabaseError:
        result = ["unreadable"]
    if result != ["ok"]:
        raise BackupDamaged(f"{damaged} (its database fails SQLite's integrity check).")
    present = memory.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (MANIFEST_TABLE,)
    ).fetchone()
    if not present:
        raise NotABackup(
            f"{path} holds an SQLite database, but not an Organizer backup (no backup manifest)."
        )
    try:
        rows = memory.execute(f"SELECT kind, key, value FROM {MANIFEST_TABLE}").fetchall()
    except sqlite3.DatabaseError:
        raise BackupDamaged(f"{damaged} (its manifest cannot be read).") from None
    meta = {str(k): str(v) for kind, k, v in rows if kind == "meta"}
    try:
        format_version = int(meta["format_version"])
        schema_version = int(meta["schema_version"])
        counts = {str(k): int(v) for kind, k, v in rows if kind == "count"}
    except (KeyError, ValueError):
        raise BackupDamaged(f"{damaged} (its manifest is incomplete).") from None
    if format_version > FORMAT_VERSION:
        raise BackupTooNew(
            f"This backup was made by a newer version of Organizer (backup format "
            f"{format_version}; this version knows up to {FORMAT_VERSION}). Update Organizer "
            "to restore it; the file was not changed."
        )
    if format_version < 1:
        raise BackupDamaged(f"{damaged} (its manifest names an unknown format).")
    if schema_version > schema.SCHEMA_VERSION:
        raise BackupTooNew(
            f"This backup was made by a newer version of Organizer (schema {schema_version}; "
            f"this version knows up to {schema.SCHEMA_VERSION}). Update Organizer to restore "
            "it; the file was not changed."
        )
    if schema_version < 1:
        raise BackupDamaged(f"{damaged} (its manifest names an unknown schema).")
    tables = {t.name for t in _backup_tables(memory)}
    if tables != set(counts):
        raise BackupDamaged(f"{damaged} (its tables do not match its manifest).")
    for name, expected in counts.items():
        found = memory.execute(f"SELECT count(*) FROM {_quote(name)}").fetchone()[0]
        if found != expected:
            raise BackupDamaged(
                f"{damaged} (table {name} holds {found} rows where its manifest says "
                f"{expected})."
            )
    return BackupManifest(
        format_version=format_version,
        schema_version=schema_version,
        app_version=meta.get("app_version", ""),
        created_at=meta.get("created_at", ""),
        counts=dict(sorted(counts.items())),
        path=path,
    )


# ----- restore -------------------------------------------------------------------------------

# Steps that bring a decrypted backup (an in-memory stdlib sqlite3 database) from schema
# version v to v + 1 before its rows are copied, keyed by v. Renamed or split columns and
# tables are handled here; columns added with defaults need nothing (rows are copied by
# column name, missing columns take their defaults).


def _run_migration(version: int) -> Callable[[sqlite3.Connection], None]:
    """The vault's own migration `version` -> `version + 1`, run on the decrypted copy.

    Right for the migrations so far, which change tables and their values (1 -> 2: a
    structure test's department moves into structure_test_department; person_issue gains
    the tally columns, filled from person); the indexes and triggers it also makes in the
    copy are never copied. A future migration touching the search index needs its own step.
    """

    def upgrade(memory: sqlite3.Connection) -> None:
        memory.executescript(schema.MIGRATIONS[version])

    return upgrade


# Every schema change so far is of that kind, so each version's step is its migration; a step
# that must differ is put here by hand.
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
    report = _Reporter(progress, cancelled, "The restore was cancelled; no vault was created.")
    report(0.0)
    memory, manifest = _open_backup(source, backup_passphrase)
    try:
        report(0.3)
        _upgrade(memory, manifest.schema_version)
        return _restore_into(memory, manifest, target, new_vault_passphrase, report)
    finally:
        memory.close()


def check_restore_target(new_vault_path: Path | str) -> Path:
    """Refuse, before any work, a place that cannot take the restored vault."""
    target = Path(new_vault_path).expanduser().absolute()
    folder = target.parent
    if not folder.is_dir():
        raise BackupLocation(f"The folder {folder} does not exist. Choose an existing folder.")
    if target.exists() or target.is_symlink():
        raise BackupLocation(
            f"A file already exists at {target}, and a restore never overwrites one. "
            "Choose a new name."
        )
    if not os.access(folder, os.W_OK):
        raise BackupLocation(
            f"Organizer cannot write in {folder} (it is read-only or not yours). "
            "Choose another folder."
        )
    return target


def _upgrade(memory: sqlite3.Connection, version: int) -> None:
    try:
        for step in range(version, schema.SCHEMA_VERSION):
            upgrade = UPGRADES.get(step)
            if upgrade is not None:
                upgrade(memory)
    except sqlite3.Error:
        # Tables that do not match the schema version the manifest gives: a damaged or
        # hand-edited backup, which verify cannot tell from a good one.
        raise BackupDamaged(
            f"The backup's tables do not match the schema version it names ({version}), so "
            "it was not restored. Use another backup."
        ) from None


def _restore_into(
    memory: sqlite3.Connection,
    manifest: BackupManifest,
    target: Path,
    passphrase: str,
    report: _Reporter,
) -> Vault:
    folder = target.parent
    for leftover in folder.glob(f".{_glob_escape(target.name)}.restoring-*"):
        _remove_if_unlocked(leftover, sidecars=True)
    temporary = folder / f".{target.name}.restoring-{secrets.token_hex(6)}"
    vault: Vault | None = None
    try:
        _build_vault(memory, manifest, temporary, passphrase, report.scaled(0.35, 0.9))
        report(0.9)
        vault = Vault.open_with_key(temporary, derive_raw_key(passphrase, read_salt(temporary)))
        _check_restored(vault, manifest)
        report(0.95)
        raw_key = vault.raw_key
        vault.close()
        vault = None
        if target.exists():
            raise BackupLocation(
                f"A file appeared at {target} during the restore; it was left alone. "
                "Choose a new name."
            )
        os.replace(temporary, target)
        _fsync_dir(folder)
    except BaseException as error:
        if vault is not None:
            vault.close()
        _remove_with_sidecars(temporary)
        if isinstance(error, OSError):
            raise _os_error(error, folder) from None
        if isinstance(error, sqlcipher3.Error):
            raise translate(error) from None
        raise
    restored = Vault.open_with_key(target, raw_key)
    report.finished()
    return restored


def _glob_escape(text: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", text)


# How a restore builds the new vault, and why so: every SQLite allocation in a process with
# SQLCipher's cipher_memory_security on is wiped and mlock()ed, and building a vault (rows,
# indexes, the search index) makes millions of them: 98 s at 100,000 people as root, 175 s as
# a desktop user (whose failing mlock calls cost even more). The standard library's SQLite,
# where the backup's plaintext already is, has no such cost, so `_build_in_memory` builds
# there and SQLCipher only writes the result out encrypted:
#
# 1. The empty vault comes from SQLCipher (schema.MIGRATIONS, its FTS5 settings), its triggers
#    and own indexes set aside, copied into a contiguous standard-library database.
# 2. Per table, the backup's rows with one INSERT ... SELECT by column name (missing columns
#    take their defaults), rowids kept, in rowid order, so each table fills by appending.
# 3. Indexes built once each, the search index filled with one INSERT ... SELECT per kind
#    (search.index_records: the same rows the insert triggers write) and merged into one
#    segment, the triggers re-created from their saved SQL. Person columns keep the backup's
#    values: nothing is recomputed.
# 4. Links checked (foreign_key_check), then the database is handed to an in-memory SQLCipher
#    connection without a copy and `sqlcipher_export` writes every table and index into the
#    new encrypted file (a hidden name beside the target, 0600), page after page.
# `_build_in_sqlcipher` does the same in SQLCipher itself (rows staged through a typeless TEMP
# table, since bound inserts into a table without keys are the cheap kind there). The
# plaintext stays in memory (temp_store = MEMORY, in-memory databases); the new file only ever
# holds encrypted pages.
# Where a restore's build stands after each step, as a share of the build (both ways of
# building report the same): measured at 100,000 people, writing the encrypted file (after
# _AFTER_LINKS, one statement) takes about a third of the build, the search index as much.
_AFTER_ROWS = 0.25
_AFTER_INDEXES = 0.3
_AFTER_SEARCH = 0.6
_AFTER_LINKS = 0.65
_RESTORE_HASHSIZE = 64 * 1024 * 1024  # FTS5's in-memory buffer while filling (bulk.py: why)
_STAGE = "temp.restore_stage"


def _build_vault(
    memory: sqlite3.Connection,
    manifest: BackupManifest,
    temporary: Path,
    passphrase: str,
    report: _Reporter,
) -> None:
    """Write the restored vault, encrypted with `passphrase`, to the new file `temporary`.

    Built in the standard library's SQLite where this Python can hand the result to
    SQLCipher without a copy (`_build_in_memory`), else in SQLCipher itself."""
    fd = _create_locked(temporary)
    try:
        try:
            sqlite_images.check_available()
            _stdlib_can_build()
            _build_in_memory(memory, manifest, temporary, passphrase, report)
        except sqlite_images.HandoffUnavailable:  # raised before it used `memory` up
            _build_in_sqlcipher(memory, manifest, temporary, passphrase, report)
    finally:
        os.close(fd)


def _stdlib_can_build() -> None:
    """The vault's search index needs FTS5 in the standard library's SQLite too, and a
    version SQLCipher's can read everything of: no newer than SQLCipher's own SQLite (an
    older FTS5 builds an index every later one reads; not always the other way round)."""
    if sqlite3.sqlite_version_info > sqlcipher3.sqlite_version_info:
        raise sqlite_images.HandoffUnavailable(
            f"the standard library's SQLite {sqlite3.sqlite_version} is newer than "
            f"SQLCipher's {sqlcipher3.sqlite_version}"
        )
    probe = sqlite3.connect(":memory:")
    try:
        options = {row[0] for row in probe.execute("PRAGMA compile_options")}
    finally:
        probe.close()
    if "ENABLE_FTS5" not in options:
        raise sqlite_images.HandoffUnavailable("the standard library's SQLite lacks FTS5")


def _new_vault_connection() -> Any:
    """An empty in-memory SQLCipher database, as unencrypted working space for a restore."""
    work = sqlcipher3.connect(":memory:", isolation_level=None, check_same_thread=False)
    for pragma in (
        "PRAGMA cipher_log_level = NONE",
        "PRAGMA cipher_memory_security = ON",  # before the new vault's key comes in
        "PRAGMA temp_store = MEMORY",
        "PRAGMA foreign_keys = OFF",  # checked once, at the end
    ):
        work.execute(pragma).fetchall()
    return work


def _build_in_memory(
    memory: sqlite3.Connection,
    manifest: BackupManifest,
    temporary: Path,
    passphrase: str,
    report: _Reporter,
) -> None:
    """The restore built where its plaintext already is, in the standard library's SQLite
    (none of SQLCipher's per-allocation memory-security cost: 98-175 s -> about 46 s at
    100,000 people), then handed to SQLCipher without a copy and written out encrypted.

    The empty vault comes from SQLCipher itself (its schema scripts, its FTS5 settings),
    triggers and own indexes set aside; the backup's rows go in set-wise; then the indexes,
    the search index and the triggers, as in `_build_in_sqlcipher`. The standard library's
    SQLite may be older (Debian 12: 3.40): it builds the same FTS5 index, without concat_ws."""
    work = _new_vault_connection()
    build: sqlite3.Connection | None = None
    try:
        triggers, indexes = _empty_vault(work)
        build = sqlite_images.contiguous_memory_database(sqlite_images.serialize(work))
        work.close()
        work = _new_vault_connection()
        # Both handles prove themselves before `memory` is used up: a refusal here still
        # leaves the caller everything it needs for `_build_in_sqlcipher`.
        sqlite_images.prove_handle(work)
        sqlite_images.prove_handle(build)
        _stop_on_cancel(build, report)
        _stop_on_cancel(work, report)
        build.execute("PRAGMA main.journal_mode = OFF")  # a failed build is thrown away
        plan = _restore_plan(memory, build)
        total = max(1, sum(manifest.counts.get(t.name, 0) for t in plan))
        image = memory.serialize()
        memory.close()  # the rows now travel in `image`; the caller's close is a no-op
        build.execute("ATTACH DATABASE ':memory:' AS backup")
        build.deserialize(image, name="backup")
        del image
        copied = 0
        build.execute("BEGIN")
        for table in plan:
            targets = ", ".join(_quote(c) for c in table.columns)
            rowid = "rowid, " if table.rowid else ""
            build.execute(
                f"INSERT INTO main.{_quote(table.name)} ({rowid}{targets}) "
                f"SELECT {rowid}{targets} FROM backup.{_quote(table.name)} ORDER BY rowid"
                if table.rowid
                else f"INSERT INTO main.{_quote(table.name)} ({targets}) "
                f"SELECT {targets} FROM backup.{_quote(table.name)}"
            )
            copied += manifest.counts.get(table.name, 0)
            report(_AFTER_ROWS * copied / total)
        build.execute("COMMIT")
        build.execute("DETACH DATABASE backup")  # frees the backup's copy
        build.execute("BEGIN")
        _finish_build(build, indexes, triggers, report,
                      concat_ws=sqlite3.sqlite_version_info >= (3, 44, 0))
        try:
            sqlite_images.hand_over(build, work)
        except sqlite_images.HandoffUnavailable as error:  # after two proved handles
            raise BackupError(
                f"Organizer could not hand the restored vault over for encryption ({error}); "
                "nothing was created. Please report this."
            ) from None
        _export_encrypted(work, temporary, passphrase)
    except (sqlite3.IntegrityError, sqlcipher3.IntegrityError):
        raise _unfit() from None
    except (sqlite3.OperationalError, sqlcipher3.OperationalError, MemoryError) as error:
        if report.cancelled is not None and report.cancelled():
            raise BackupCancelled(report.message) from None  # interrupted by _stop_on_cancel
        if isinstance(error, sqlcipher3.OperationalError):
            raise  # writing the file: _restore_into says what went wrong there
        if isinstance(error, MemoryError) or "memory" in str(error) or "full" in str(error):
            raise BackupError(
                "There was not enough memory to build the restored vault, so nothing was "
                "created. Close other programs and try again."
            ) from None
        raise BackupDamaged(
            f"The backup's records could not be put together into a vault ({error}), so "
            "nothing was created. Use another backup."
        ) from None
    finally:
        work.close()  # the reader first, then the owner of the memory it reads
        if build is not None:
            build.close()


def _empty_vault(work: Any) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """A new vault's schema in the empty `work`, its triggers and own indexes dropped so rows
    load without them; returns their (name, SQL), triggers first, to make them again."""
    for script in schema.MIGRATIONS:
        work.executescript(script)
    triggers = schema_objects(work, "trigger")
    indexes = schema_objects(work, "index")
    for name, _sql in triggers:
        work.execute(f"DROP TRIGGER main.{_quote(name)}")
    for name, _sql in indexes:
        work.execute(f"DROP INDEX main.{_quote(name)}")
    return triggers, indexes


def _finish_build(
    conn: Any,
    indexes: list[tuple[str, str]],
    triggers: list[tuple[str, str]],
    report: _Reporter,
    *,
    concat_ws: bool,
) -> None:
    """After the rows, inside the open transaction, which it commits: each index built once,
    the search index filled, the triggers made again, the links checked."""
    for _name, sql in indexes:
        conn.execute(sql)
    report(_AFTER_INDEXES)
    _fill_search_index(conn, concat_ws=concat_ws)
    report(_AFTER_SEARCH)
    for _name, sql in triggers:
        conn.execute(sql)
    _check_links(conn)
    conn.execute("COMMIT")
    report(_AFTER_LINKS)


def _check_links(conn: Any) -> None:
    if conn.execute("PRAGMA main.foreign_key_check").fetchone() is not None:
        raise BackupDamaged(
            "The backup's records do not fit together (a link points to a missing record), "
            "so it was not restored. Use another backup."
        )


def _unfit() -> BackupDamaged:
    return BackupDamaged(
        "The backup's records do not fit together (a value breaks a rule of the vault), "
        "so it was not restored. Use another backup."
    )


def _build_in_sqlcipher(
    memory: sqlite3.Connection,
    manifest: BackupManifest,
    temporary: Path,
    passphrase: str,
    report: _Reporter,
) -> None:
    """The restore built in SQLCipher (where the standard library cannot build it)."""
    work = _new_vault_connection()
    try:
        triggers, indexes = _empty_vault(work)
        _stop_on_cancel(work, report)
        plan = _restore_plan(memory, work)
        total = max(1, sum(manifest.counts.get(t.name, 0) for t in plan))
        work.execute("BEGIN")
        copied = 0
        rows_report = report.scaled(0.0, _AFTER_ROWS)
        for table in plan:
            copied = _copy_table(memory, work, table, copied, total, rows_report)
        _finish_build(work, indexes, triggers, report, concat_ws=True)
        _export_encrypted(work, temporary, passphrase)
    except sqlcipher3.IntegrityError:
        raise _unfit() from None
    except sqlcipher3.OperationalError:
        if report.cancelled is not None and report.cancelled():
            raise BackupCancelled(report.message) from None  # interrupted by _stop_on_cancel
        raise
    finally:
        work.close()  # frees the plaintext copy


def _stop_on_cancel(work: Any, report: _Reporter) -> None:
    """Let a cancel stop the long single statements too (an index, the search index, the
    export: up to half a minute each at 100,000 people). SQLite calls the handler every
    CANCEL_STEPS virtual-machine instructions; a true answer interrupts the statement."""
    cancelled = report.cancelled
    if cancelled is not None:
        work.set_progress_handler(lambda: 1 if cancelled() else 0, CANCEL_STEPS)


def _create_locked(path: Path) -> int:
    """The new vault's hidden file: created empty, 0600, and flock()ed while it is built, so
    a restore running beside this one leaves it alone (see `_restore_into`'s cleanup)."""
    fd = os.open(path, os.O_RDONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
    try:
        os.fchmod(fd, 0o600)
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BaseException:
        os.close(fd)
        raise
    return fd


def _restore_plan(memory: sqlite3.Connection, work: Any) -> list[_Table]:
    """The backup's tables, each checked against this version's schema."""
    known = {t.name: t for t in _vault_tables(work)}
    plan: list[_Table] = []
    for table in _backup_tables(memory):
        mine = known.get(table.name)
        if mine is None:
            raise BackupDamaged(
                f"The backup holds a table ({table.name}) this version of Organizer does not "
                "know, so it was not restored."
            )
        unknown = [c for c in table.columns if c not in mine.columns]
        if unknown:
            raise BackupDamaged(
                f"The backup's table {table.name} holds columns this version of Organizer "
                f"does not know ({', '.join(unknown)}), so it was not restored."
            )
        plan.append(table)
    return plan


def _copy_table(
    memory: sqlite3.Connection,
    work: Any,
    table: _Table,
    copied: int,
    total: int,
    report: _Reporter,
) -> int:
    """One table's rows, by column name (missing columns take their defaults), rowids kept;
    returns the running count. Progress and the cancel check come after every batch."""
    staged = ", ".join(f"c{i}" for i in range(len(table.columns)))
    work.execute(f"CREATE TABLE {_STAGE} ({staged})")
    try:
        targets = ", ".join(_quote(c) for c in table.columns)
        rowid = "rowid, " if table.rowid else ""
        marks = ", ".join("?" * (len(table.columns) + table.rowid))
        stage = f"INSERT INTO {_STAGE} ({rowid}{staged}) VALUES ({marks})"
        cursor = memory.execute(table.select())
        while rows := cursor.fetchmany(BATCH_ROWS):
            work.executemany(stage, rows)
            copied += len(rows)
            report(copied / total)
        # In the backup's order (rowid order; key order for a WITHOUT ROWID table), so the
        # table itself fills by appending.
        work.execute(
            f"INSERT INTO main.{_quote(table.name)} ({rowid}{targets}) "
            f"SELECT {rowid}{staged} FROM {_STAGE} ORDER BY rowid"
        )
    finally:
        # After an interrupt SQLite has rolled the transaction back, the stage with it.
        with contextlib.suppress(sqlcipher3.Error):
            work.execute(f"DROP TABLE IF EXISTS {_STAGE}")
    return copied


def _fill_search_index(work: Any, *, concat_ws: bool) -> None:
    """The full-text index of every record, set-wise, left as one segment.

    One segment: otherwise FTS5's automatic merging catches up later, inside some small
    write in the app (see organizer.core.bulk)."""
    work.execute(
        "INSERT INTO search_index(search_index, rank) VALUES ('hashsize', ?)",
        (_RESTORE_HASHSIZE,),
    )
    search.index_records(work, concat_ws=concat_ws)
    # Back to the default, exactly as a new vault has it (no 'hashsize' row at all).
    work.execute("DELETE FROM search_index_config WHERE k = 'hashsize'")
    work.execute("INSERT INTO search_index(search_index) VALUES ('optimize')")


def _export_encrypted(work: Any, temporary: Path, passphrase: str) -> None:
    """Write the built database into the new, empty file, encrypted with `passphrase`.

    The path and the passphrase are bound parameters, never SQL text. sqlcipher_export
    copies the schema, every row and every index, but not the header fields, so the
    schema version and the application id are set here; `Vault.open_with_key` then checks
    the cipher settings, both fields, and opens it in WAL mode.
    """
    work.execute("ATTACH DATABASE ? AS restored KEY ?", (str(temporary), passphrase))
    try:
        # The file is new, hidden and thrown away if anything fails, so it needs no rollback
        # journal and no syncs while it is written (measured: 18 -> 12-14 s at 100,000 people);
        # it is synced once, whole, below, before anyone opens it.
        work.execute("PRAGMA restored.journal_mode = OFF").fetchall()
        work.execute("PRAGMA restored.synchronous = OFF")
        work.execute("BEGIN")
        work.execute("SELECT sqlcipher_export('restored')").fetchall()
        work.execute(f"PRAGMA restored.user_version = {schema.SCHEMA_VERSION}")
        work.execute(f"PRAGMA restored.application_id = {schema.APPLICATION_ID}")
        work.execute("COMMIT")
        work.execute("PRAGMA restored.journal_mode = WAL").fetchall()
    finally:
        if work.in_transaction:
            with contextlib.suppress(sqlcipher3.Error):
                work.execute("ROLLBACK")
        work.execute("DETACH DATABASE restored")
    with open(temporary, "rb") as file:
        os.fsync(file.fileno())


def _check_restored(vault: Vault, manifest: BackupManifest) -> None:
    """The new file, read back through SQLCipher: every page authentic, every count right.

    The structure was built by SQLite itself from checked rows (the backup passed
    integrity_check, the links foreign_key_check) and copied page by page; a full
    integrity_check of the encrypted file would add about a minute at 100,000 people in a
    process with memory security on, so it is left to `organizer vault check`.
    """
    conn = vault.connection
    for name, expected in manifest.counts.items():
        found = conn.execute(f"SELECT count(*) FROM {_quote(name)}").fetchone()[0]
        if found != expected:
            raise BackupDamaged(
                f"The restored table {name} holds {found} rows instead of {expected}, so the "
                "restore was undone."
            )
    problems = [str(row[0]) for row in conn.execute("PRAGMA cipher_integrity_check")]
    if problems:
        raise BackupDamaged(
            "The restored vault failed its integrity check, so the restore was undone. "
            "Use another backup."
        )


def _remove_with_sidecars(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(FileNotFoundError):
            os.remove(f"{path}{suffix}")
    creating = path.parent / f".{path.name}.creating"
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(FileNotFoundError):
            os.remove(f"{creating}{suffix}")


def _remove_if_unlocked(path: Path, *, sidecars: bool = False) -> bool:
    """Remove a temporary file unless a live process holds its lock (a backup in progress)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC | os.O_NOFOLLOW)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as error:
        stale = False
        if error.errno not in (errno.EWOULDBLOCK, errno.EAGAIN):  # no locks on this disk
            with contextlib.suppress(OSError):
                stale = time.time() - os.fstat(fd).st_mtime > STALE_SECONDS
        if not stale:
            os.close(fd)
            return False
    try:
        if sidecars:
            _remove_with_sidecars(path)
        else:
            os.remove(path)
    except OSError:
        return False
    finally:
        os.close(fd)
    return True


def clean_partial_backups(folder: Path | str) -> int:
    """Remove the temporary files of exports that were killed; returns how many.

    A file an export is still writing is locked and left alone. Called at the start of every
    export to `folder`; the app also calls it at start for the automatic-backup folder.
    """
    folder = Path(folder)
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        if _PARTIAL_NAME.match(entry.name) and entry.is_file(follow_symlinks=False):
            removed += _remove_if_unlocked(Path(entry.path))
    return removed


# ----- automatic backups -------------------------------------------------------------------


def automatic_backup_name(campaign_id: str, when: dt.datetime) -> str:
    """A file name that says when, and which campaign only as a short non-identifying hash.

    The campaign's name never goes into a file name: a file name is readable without the
    passphrase. E.g. organizer-backup-3f9a0c1e-2026-11-23T140509Z.age (UTC).
    """
    if when.tzinfo is None:
        when = when.astimezone()
    stamp = when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H%M%SZ")
    return f"{campaign_prefix(campaign_id)}{stamp}{SUFFIX}"


def suggested_backup_name(vault: Vault, now: dt.datetime | None = None) -> str:
    """The file name "Back up now…" suggests: like an automatic backup's, never the name."""
    row = vault.connection.execute(
        "SELECT id FROM campaign ORDER BY created_at LIMIT 1"
    ).fetchone()
    return automatic_backup_name(str(row[0]) if row else "", now or dt.datetime.now(dt.UTC))


def campaign_prefix(campaign_id: str) -> str:
    """The start of every automatic backup name of one campaign."""
    short = hashlib.sha256(campaign_id.encode("utf-8")).hexdigest()[:8]
    return f"{AUTO_PREFIX}{short}-"


def automatic_backups(folder: Path | str, prefix: str = AUTO_PREFIX) -> list[Path]:
    """Automatic backups in `folder` whose names start with `prefix`, oldest first."""
    found: list[tuple[str, int, Path]] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    for entry in entries:
        match = _AUTO_NAME.match(entry.name)
        if match and entry.name.startswith(prefix) and entry.is_file(follow_symlinks=False):
            found.append((match["when"], int(match["n"] or 0), Path(entry.path)))
    return [path for _when, _n, path in sorted(found)]


def rotate_backups(
    folder: Path | str,
    keep: int = DEFAULT_KEEP,
    prefix: str = AUTO_PREFIX,
    *,
    protect: Path | None = None,
) -> list[Path]:
    """Delete the oldest automatic backups beyond the newest `keep`; returns what it deleted.

    Only files named like automatic backups with `prefix` are touched. Call it only after the
    new backup verified (`run_automatic_backup` does); `protect` is never deleted.
    """
    if keep < 1:
        raise ValueError("keep at least one backup")
    backups = automatic_backups(folder, prefix)
    doomed = backups[: max(0, len(backups) - keep)]
    removed: list[Path] = []
    for path in doomed:
        if protect is not None and path.name == Path(protect).name:
            continue
        with contextlib.suppress(FileNotFoundError):
            os.remove(path)
            removed.append(path)
    return removed


@dataclass(frozen=True)
class AutoBackupSettings:
    """Where automatic backups go and how many are kept. The passphrase is never exposed."""

    folder: Path | None
    keep: int
    has_passphrase: bool

    @property
    def enabled(self) -> bool:
        return self.folder is not None and self.has_passphrase


def auto_backup_settings(vault: Vault) -> AutoBackupSettings:
    folder = campaign.setting(vault, KEY_FOLDER)
    return AutoBackupSettings(
        folder=Path(folder) if folder else None,
        keep=_keep_value(campaign.setting(vault, KEY_KEEP)),
        has_passphrase=bool(campaign.setting(vault, KEY_PASSPHRASE)),
    )


def set_auto_backup_settings(
    vault: Vault,
    *,
    folder: Path | str | None,
    keep: int = DEFAULT_KEEP,
    passphrase: str | None = None,
) -> AutoBackupSettings:
    """Turn automatic backups on (a folder) or off (None); `passphrase` None keeps the old one.

    The backup passphrase is kept inside the vault, which is encrypted.
    """
    if not 1 <= keep <= MAX_KEEP:
        raise BackupLocation(f"Keep between 1 and {MAX_KEEP} automatic backups.")
    values = {KEY_KEEP: str(keep)}
    if folder is not None:
        chosen = Path(folder).expanduser().absolute()
        if not chosen.is_dir():
            raise BackupLocation(
                f"The folder {chosen} does not exist (is the disk plugged in?). "
                "Choose an existing folder."
            )
        values[KEY_FOLDER] = str(chosen)
    else:
        values[KEY_FOLDER] = ""
    if passphrase is not None:
        check_new_passphrase(passphrase)
        values[KEY_PASSPHRASE] = passphrase
    elif folder is not None and not campaign.setting(vault, KEY_PASSPHRASE):
        raise WeakPassphrase("Choose a passphrase for the backups.")
    with vault.transaction() as conn:
        _put_settings(conn, values)
    return auto_backup_settings(vault)


def backup_needed(vault: Vault) -> bool:
    """True when something changed since the last automatic backup (or there was none)."""
    conn = vault.connect_another()
    try:
        stored = _get_setting(conn, KEY_LAST_FINGERPRINT)
        return not stored or stored != _fingerprint(conn, _vault_tables(conn))
    finally:
        conn.close()


def run_automatic_backup(
    vault: Vault,
    *,
    force: bool = False,
    now: dt.datetime | None = None,
    min_interval: dt.timedelta | None = None,
    progress: ProgressHook | None = None,
    cancelled: CancelHook | None = None,
    record_wait_ms: int = RECORD_WAIT_MS,
) -> BackupManifest | None:
    """Back up to the automatic-backup folder when it is due; returns None when it was not.

    `record_wait_ms` bounds the wait for the vault's write lock to note the backup (the app
    quitting passes what is left of its own deadline).

    Due when automatic backups are on and something changed since the last one (or `force`),
    and, with `min_interval` (a timer calls it with `DAILY`), when the last one is older.
    The app calls it on lock and on close (no interval) and once a day (`min_interval=DAILY`).
    After the new backup verified, older ones beyond the `keep` setting are deleted. Runs on
    its own connection, so a worker thread may call it while the GUI uses the vault.
    """
    moment = now or dt.datetime.now(dt.UTC)
    conn = vault.connect_another()
    try:
        folder_text = _get_setting(conn, KEY_FOLDER)
        passphrase = _get_setting(conn, KEY_PASSPHRASE)
        if not folder_text or not passphrase:
            return None
        keep = _keep_value(_get_setting(conn, KEY_KEEP))
        if not force:
            last_at = _parse_time(_get_setting(conn, KEY_LAST_AT))
            if min_interval is not None and last_at is not None and moment - last_at < min_interval:
                return None
            stored = _get_setting(conn, KEY_LAST_FINGERPRINT)
            if stored and stored == _fingerprint(conn, _vault_tables(conn)):
                return None
        folder = Path(folder_text)
        row = conn.execute("SELECT id FROM campaign ORDER BY created_at LIMIT 1").fetchone()
        prefix = campaign_prefix(str(row[0]) if row else "")
        try:
            if not folder.is_dir():
                raise BackupLocation(
                    f"The backup folder {folder} is missing (is the disk plugged in?), so no "
                    "automatic backup was made."
                )
            target = _free_name(folder, automatic_backup_name(str(row[0]) if row else "", moment))
            manifest, fingerprint = _export(vault, target, passphrase, progress, cancelled)
        except BackupCancelled:
            raise
        except OrganizerError as error:
            _record(conn, {KEY_LAST_ERROR: str(error)}, record_wait_ms)
            raise
        rotate_backups(folder, keep, prefix, protect=target)
        _record(
            conn,
            {
                KEY_LAST_AT: manifest.created_at,
                KEY_LAST_VERIFIED: records.now(),
                KEY_LAST_PATH: str(target),
                KEY_LAST_FINGERPRINT: fingerprint,
                KEY_LAST_ERROR: "",
            },
            record_wait_ms,
        )
        return manifest
    finally:
        conn.close()


def record_backup(vault: Vault, manifest: BackupManifest) -> None:
    """Note a verified manual backup ("Back up now…") so Today shows it."""
    with vault.transaction() as conn:
        _put_settings(
            conn,
            {
                KEY_LAST_AT: manifest.created_at,
                KEY_LAST_VERIFIED: records.now(),
                KEY_LAST_PATH: str(manifest.path or ""),
                KEY_LAST_ERROR: "",
            },
        )


def _free_name(folder: Path, name: str) -> Path:
    target = folder / name
    number = 1
    while target.exists():
        target = folder / name.replace(SUFFIX, f"-{number}{SUFFIX}")
        number += 1
    return target


@dataclass(frozen=True)
class BackupStatus:
    """What Today shows: "last backup: when, verified", and a warning when it should."""

    enabled: bool
    folder: Path | None
    folder_missing: bool
    last_at: dt.datetime | None
    last_path: Path | None
    verified: bool
    recent: bool  # a verified backup less than 7 days old
    error: str  # why the last automatic backup failed, "" when it did not

    @property
    def warning(self) -> str | None:
        """One sentence for Today, or None when all is well."""
        if self.folder_missing:
            return (
                f"The backup folder {self.folder} is missing (is the disk plugged in?); "
                "automatic backups cannot be made."
            )
        if self.error:
            return f"The last automatic backup failed: {self.error}"
        if self.last_at is None:
            return "This campaign has no backup yet. Back it up now, or turn on automatic backups."
        if not self.recent:
            return "The last backup is more than a week old. Back up now."
        return None


def backup_status(vault: Vault, now: dt.datetime | None = None) -> BackupStatus:
    moment = now or dt.datetime.now(dt.UTC)
    folder_text = campaign.setting(vault, KEY_FOLDER)
    folder = Path(folder_text) if folder_text else None
    enabled = folder is not None and bool(campaign.setting(vault, KEY_PASSPHRASE))
    last_at = _parse_time(campaign.setting(vault, KEY_LAST_AT))
    verified = bool(campaign.setting(vault, KEY_LAST_VERIFIED)) and last_at is not None
    last_path = campaign.setting(vault, KEY_LAST_PATH)
    return BackupStatus(
        enabled=enabled,
        folder=folder,
        folder_missing=enabled and folder is not None and not folder.is_dir(),
        last_at=last_at,
        last_path=Path(last_path) if last_path else None,
        verified=verified,
        recent=verified and last_at is not None and moment - last_at < RECENT,
        error=campaign.setting(vault, KEY_LAST_ERROR),
    )


# ----- settings on a given connection ------------------------------------------------------


def _keep_value(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        return DEFAULT_KEEP
    return value if 1 <= value <= MAX_KEEP else DEFAULT_KEEP


def _parse_time(text: str) -> dt.datetime | None:
    if not text:
        return None
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _get_setting(conn: Any, key: str) -> str:
    row = conn.execute("SELECT value FROM app_setting WHERE key = ?", (key,)).fetchone()
    return str(row[0]) if row else ""


def _put_settings(conn: Any, values: dict[str, str]) -> None:
    stamp = records.now()
    for key, value in values.items():
        conn.execute(
            "INSERT INTO app_setting (id, key, value, created_at, updated_at) VALUES (?,?,?,?,?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value, "
            "updated_at = excluded.updated_at",
            (records.new_id(), key, value, stamp, stamp),
        )


def _record(conn: Any, values: dict[str, str], wait_ms: int = RECORD_WAIT_MS) -> None:
    try:
        conn.execute(f"PRAGMA busy_timeout = {max(0, int(wait_ms))}").fetchall()
        conn.execute("BEGIN IMMEDIATE")
        try:
            _put_settings(conn, values)
            conn.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlcipher3.Error):
                conn.execute("ROLLBACK")
            raise
    except sqlcipher3.Error as error:
        raise translate(error) from None


def _fingerprint(conn: Any, tables: Sequence[_Table]) -> str:
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
                (_BOOKKEEPING_PREFIX + "%",),
            )
        elif "updated_at" in table.columns and table.rowid:
            cursor = conn.execute(
                "SELECT count(*), total(rowid), sum(unixepoch(updated_at)), "
                "sum(CAST(substr(updated_at, 21, 3) AS INTEGER)), max(updated_at) "
                f"FROM {_quote(table.name)}"
            )
        else:
            order = ", ".join(_quote(c) for c in table.columns)
            cursor = conn.execute(f"SELECT {order} FROM {_quote(table.name)} ORDER BY {order}")
        for row in cursor:
            digest.update(repr(tuple(row)).encode() + b"\n")
    return digest.hexdigest()
