"""Reading a backup: the cheap checks on the file, decryption into memory, and the full
checks of what it holds (integrity, manifest, versions, row counts)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from organizer import formats
from organizer.core import age_files, schema
from organizer.core.backup.format import (
    AGE_HEADER,
    FORMAT_VERSION,
    MANIFEST_TABLE,
    SQLITE_HEADER,
    BackupCancelled,
    BackupDamaged,
    BackupError,
    BackupLocation,
    BackupManifest,
    BackupTooNew,
    BackupWrongPassphrase,
    NotABackup,
    backup_tables,
    memory_database,
    quote,
)
from organizer.core.vault import translate
from organizer.i18n import _, ngettext


def verify_backup(path: Path | str, backup_passphrase: str) -> BackupManifest:
    """Decrypt the backup in memory and check it fully; returns its manifest or raises."""
    memory, manifest = open_backup(Path(path), backup_passphrase)
    memory.close()
    return manifest


def check_backup_file(path: Path | str) -> Path:
    """The cheap checks, before asking for a passphrase: the file exists and is an age file."""
    path = Path(path).expanduser().absolute()
    if not path.exists():
        raise NotABackup(_("There is no file at {path}. Check the path and try again.").format(
            path=path))
    if path.is_dir():
        raise NotABackup(_("{path} is a folder, not a backup file. Choose the .age file "
                           "inside.").format(path=path))
    try:
        size = path.stat().st_size
        with open(path, "rb") as file:
            head = file.read(len(AGE_HEADER))
    except PermissionError:
        raise BackupLocation(_("Organizer may not read {path}. Check the file's owner.").format(
            path=path)) from None
    if size == 0:
        raise NotABackup(_("{path} is empty, so it is not a backup. Choose another file.").format(
            path=path))
    if head.startswith(SQLITE_HEADER):
        raise NotABackup(_(
            "{path} is an unencrypted SQLite database, not an Organizer backup. Choose the .age "
            "backup file."
        ).format(path=path))
    if head != AGE_HEADER:
        flipped = len(head) == len(AGE_HEADER) and sum(
            a != b for a, b in zip(head, AGE_HEADER, strict=True)
        ) <= 2
        if AGE_HEADER.startswith(head) or flipped:
            raise BackupDamaged(_(
                "The backup {name} is damaged or cut short (its first line is not intact). Use "
                "another backup."
            ).format(name=path.name))
        raise NotABackup(_(
            "{path} is not an Organizer backup (it is not an age-encrypted file). Choose the "
            ".age backup file."
        ).format(path=path))
    keys = _key_recipients(path)
    if keys:
        raise NotABackup(
            # Translators: {keys} names the kinds of key (X25519); "age -d -i KEYFILE" is a
            # command, typed as it is.
            _("{name} is an age file encrypted to a key ({keys}), not with a passphrase, so it "
              "is not an Organizer backup. Decrypt it with its key (age -d -i KEYFILE)."
              ).format(name=path.name, keys=", ".join(keys))
        )
    return path


# An age header lists one stanza per recipient ("-> scrypt ...", "-> X25519 ...") before the
# "---" line; a passphrase file has exactly one, of type scrypt.
_HEADER_LIMIT = 64 * 1024


def _key_recipients(path: Path) -> list[str]:
    """The recipient types of an age file that has no passphrase (scrypt) stanza; [] for a
    passphrase file, or when the header cannot be read whole (decrypting will tell)."""
    try:
        with open(path, "rb") as file:
            header = file.read(_HEADER_LIMIT)
    except OSError:
        return []
    kinds: list[str] = []
    for line in header.split(b"\n")[1:]:
        if line.startswith(b"---"):
            break
        if line.startswith(b"-> "):
            kind = line[3:].split(b" ", 1)[0].decode("ascii", "replace")
            kinds.append(kind)
    else:
        return []  # no end of header within the limit
    # Encryptors add "grease" stanzas of made-up types, to keep parsers honest: not keys.
    kinds = [kind for kind in kinds if not kind.endswith("-grease")]
    if not kinds or "scrypt" in kinds:
        return []
    return list(dict.fromkeys(kinds))


def open_backup(
    path: Path, backup_passphrase: str, *, cancelled: Callable[[], bool] | None = None
) -> tuple[sqlite3.Connection, BackupManifest]:
    """Decrypt into an in-memory database and check it; the caller closes the connection."""
    path = check_backup_file(path)
    if not backup_passphrase:
        raise BackupWrongPassphrase()
    try:
        plaintext = age_files.decrypt_file(path, backup_passphrase, cancelled)
    except age_files.AgeDecryptError as error:
        raise _decrypt_error(str(error), path) from None
    except age_files.AgeCancelled:
        raise BackupCancelled(_("The restore was cancelled; no vault was created.")) from None
    except MemoryError as error:
        raise translate(error) from None
    except PermissionError:
        raise BackupLocation(_("Organizer may not read {path}. Check the file's owner.").format(
            path=path)) from None
    except OSError as error:
        raise BackupDamaged(
            # Translators: {reason} is the operating system's own explanation.
            _("{path} could not be read ({reason}). Check the disk, or use another backup."
              ).format(path=path, reason=error.strerror)
        ) from None
    try:
        memory = memory_database(plaintext)  # checked below
    except sqlite3.DatabaseError:
        raise NotABackup(_("{path} is an age-encrypted file, but not an Organizer backup."
                           ).format(path=path)) from None
    del plaintext
    try:
        try:
            memory.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.DatabaseError:
            raise NotABackup(_(
                "{path} is an age-encrypted file, but not an Organizer backup."
            ).format(path=path)) from None
        manifest = check_contents(memory, path)
    except BaseException:
        memory.close()
        raise
    return memory, manifest


def _decrypt_error(text: str, path: Path) -> BackupError:
    # pyrage raises one DecryptError for every failure, its message the only way to tell
    # them apart (no error codes or subclasses), so this one place reads the text.
    lowered = text.lower()
    if "decryption failed" in lowered or "no matching keys" in lowered:
        return BackupWrongPassphrase()
    if "work" in lowered:
        return BackupDamaged(_(
            "{path} asks for far more key-stretching work than Organizer allows, so it was not "
            "opened. Use another backup."
        ).format(path=path))
    return BackupDamaged(_(
        "The backup {name} is damaged or incomplete (it failed its integrity check). Use "
        "another backup."
    ).format(name=path.name))


def check_contents(memory: sqlite3.Connection, path: Path) -> BackupManifest:
    """The decrypted database's checks: SQLite's integrity check, the manifest, the format
    and schema versions, and every table's row count against the manifest."""
    name = path.name
    try:
        result = [row[0] for row in memory.execute("PRAGMA integrity_check").fetchall()]
    except sqlite3.DatabaseError:
        result = ["unreadable"]
    if result != ["ok"]:
        raise BackupDamaged(_("The backup {name} is damaged (its database fails SQLite's "
                              "integrity check).").format(name=name))
    present = memory.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (MANIFEST_TABLE,)
    ).fetchone()
    if not present:
        raise NotABackup(_(
            "{path} holds an SQLite database, but not an Organizer backup (no backup manifest)."
        ).format(path=path))
    try:
        rows = memory.execute(f"SELECT kind, key, value FROM {MANIFEST_TABLE}").fetchall()
    except sqlite3.DatabaseError:
        raise BackupDamaged(_("The backup {name} is damaged (its manifest cannot be read)."
                              ).format(name=name)) from None
    meta = {str(k): str(v) for kind, k, v in rows if kind == "meta"}
    try:
        format_version = int(meta["format_version"])
        schema_version = int(meta["schema_version"])
        counts = {str(k): int(v) for kind, k, v in rows if kind == "count"}
    except (KeyError, ValueError):
        raise BackupDamaged(_("The backup {name} is damaged (its manifest is incomplete)."
                              ).format(name=name)) from None
    if format_version > FORMAT_VERSION:
        raise BackupTooNew(_(
            "This backup was made by a newer version of Organizer (backup format {found}; "
            "this version knows up to {known}). Update Organizer to restore it; the file was "
            "not changed."
        ).format(found=format_version, known=FORMAT_VERSION))
    if format_version < 1:
        raise BackupDamaged(_("The backup {name} is damaged (its manifest names an unknown "
                              "format).").format(name=name))
    if schema_version > schema.SCHEMA_VERSION:
        raise BackupTooNew(_(
            "This backup was made by a newer version of Organizer (schema {found}; this "
            "version knows up to {known}). Update Organizer to restore it; the file was not "
            "changed."
        ).format(found=schema_version, known=schema.SCHEMA_VERSION))
    if schema_version < 1:
        raise BackupDamaged(_("The backup {name} is damaged (its manifest names an unknown "
                              "schema).").format(name=name))
    tables = {t.name for t in backup_tables(memory)}
    if tables != set(counts):
        raise BackupDamaged(_("The backup {name} is damaged (its tables do not match its "
                              "manifest).").format(name=name))
    for table, expected in counts.items():
        found = memory.execute(f"SELECT count(*) FROM {quote(table)}").fetchone()[0]
        if found != expected:
            raise BackupDamaged(ngettext(
                "The backup {name} is damaged (table {table} holds {found} row where its "
                "manifest says {expected}).",
                "The backup {name} is damaged (table {table} holds {found} rows where its "
                "manifest says {expected}).", found
            ).format(name=name, table=table, found=formats.number(found),
                     expected=formats.number(expected)))
    return BackupManifest(
        format_version=format_version,
        schema_version=schema_version,
        app_version=meta.get("app_version", ""),
        created_at=meta.get("created_at", ""),
        counts=dict(sorted(counts.items())),
        path=path,
    )
