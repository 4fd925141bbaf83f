"""Reading a backup: the cheap checks on the file, decryption into memory, and the full
checks of what it holds (integrity, manifest, versions, row counts)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

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


def verify_backup(path: Path | str, backup_passphrase: str) -> BackupManifest:
    """Decrypt the backup in memory and check it fully; returns its manifest or raises."""
    memory, manifest = open_backup(Path(path), backup_passphrase)
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
    keys = _key_recipients(path)
    if keys:
        raise NotABackup(
            f"{path.name} is an age file encrypted to a key ({', '.join(keys)}), not with a "
            "passphrase, so it is not an Organizer backup. Decrypt it with its key "
            "(age -d -i KEYFILE)."
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
        raise BackupCancelled("The restore was cancelled; no vault was created.") from None
    except MemoryError as error:
        raise translate(error) from None
    except PermissionError:
        raise BackupLocation(f"Organizer may not read {path}. Check the file's owner.") from None
    except OSError as error:
        raise BackupDamaged(
            f"{path} could not be read ({error.strerror}). Check the disk, or use another backup."
        ) from None
    try:
        memory = memory_database(plaintext)  # checked below
    except sqlite3.DatabaseError:
        raise NotABackup(f"{path} is an age-encrypted file, but not an Organizer backup.") from None
    del plaintext
    try:
        try:
            memory.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.DatabaseError:
            raise NotABackup(
                f"{path} is an age-encrypted file, but not an Organizer backup."
            ) from None
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
        return BackupDamaged(
            f"{path} asks for far more key-stretching work than Organizer allows, so it was "
            "not opened. Use another backup."
        )
    return BackupDamaged(
        f"The backup {path.name} is damaged or incomplete (it failed its integrity check). "
        "Use another backup."
    )


def check_contents(memory: sqlite3.Connection, path: Path) -> BackupManifest:
    """The decrypted database's checks: SQLite's integrity check, the manifest, the format
    and schema versions, and every table's row count against the manifest."""
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
    tables = {t.name for t in backup_tables(memory)}
    if tables != set(counts):
        raise BackupDamaged(f"{damaged} (its tables do not match its manifest).")
    for name, expected in counts.items():
        found = memory.execute(f"SELECT count(*) FROM {quote(name)}").fetchone()[0]
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
