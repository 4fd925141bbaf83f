"""The vault: one SQLCipher 4 file holding one campaign. Create, open, close, re-key, check.

Storage decisions (see README, "Security model"):
- SQLCipher 4 defaults (PBKDF2-HMAC-SHA512 256,000 iterations, HMAC-SHA512, 4096-byte pages),
  asserted at every open, so any SQLCipher 4 tool opens a vault with just its passphrase.
- The key is given with `set_key` / `reset_key`, never formatted into SQL; no trace callback.
- The passphrase is turned into the raw key (`x'<key><salt>'`) once, with the file's salt,
  so extra connections (workers) and the opt-in OS keychain never need the passphrase.
- Creating and re-keying work on a temporary file beside the target and rename it into place,
  so a crash leaves either the old file or the new one, never half of each.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import hmac
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import filelock
import sqlcipher3

import organizer
from organizer.core import records, schema
from organizer.core.committee import stamps
from organizer.core.errors import (
    DISK_FULL_ERRNOS,
    DiskFull,
    InternalError,
    InvalidInput,
    NotAVault,
    OrganizerError,
    OutOfMemory,
    VaultDamaged,
    VaultInUse,
    VaultLocation,
    WrongPassphrase,
)
from organizer.core.passphrase import check_new_passphrase
from organizer.i18n import N_, _
from organizer.platform import current as this_platform

PAGE_SIZE = 4096
KDF_ITERATIONS = 256_000
KEY_BYTES = 32
SALT_BYTES = 16
SQLITE_PLAIN_HEADER = b"SQLite format 3\x00"

# What `PRAGMA cipher_settings` must report: SQLCipher 4's defaults, nothing else.
EXPECTED_CIPHER_SETTINGS = {
    "kdf_iter": "256000",
    "cipher_page_size": "4096",
    "cipher_use_hmac": "1",
    "cipher_plaintext_header_size": "0",
    "cipher_hmac_algorithm": "HMAC_SHA512",
    "cipher_kdf_algorithm": "PBKDF2_HMAC_SHA512",
}

# Pragmas every connection gets right after the key.
CONNECTION_PRAGMAS = (
    "PRAGMA temp_store = MEMORY",
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = FULL",
    "PRAGMA secure_delete = ON",
    "PRAGMA foreign_keys = ON",
    "PRAGMA recursive_triggers = OFF",
    "PRAGMA busy_timeout = 5000",
    # 64 MiB of decrypted pages: at 100,000 people the default 8 MB re-decrypts the same
    # pages on every chart or list query (measured: about half the time).
    "PRAGMA cache_size = -65536",
)

# `organizer vault check` prints one line per kind, in this order (labels translated
# where printed: `_(label)`).
RECORD_KINDS: tuple[tuple[str, str], ...] = (
    (N_("people"), "person"),
    (N_("one-on-ones"), "one_on_one"),
    (N_("assessments"), "assessment"),
    (N_("follow-ups"), "follow_up"),
    (N_("workplace issues"), "workplace_issue"),
    (N_("relationships"), "relationship"),
    (N_("action plans"), "action_plan"),
    (N_("action steps"), "action_step"),
    (N_("structure tests"), "structure_test"),
    (N_("participations"), "participation"),
    (N_("call attempts"), "call_attempt"),
    (N_("departments"), "department"),
    (N_("shifts"), "shift"),
    (N_("sites"), "site"),
    (N_("drafts"), "draft"),
    (N_("tombstones"), "tombstone"),
)

Connection = Any  # sqlcipher3.Connection; the module ships no type information


@dataclass
class IntegrityReport:
    ok: bool
    problems: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    needs_upgrade: bool = False  # an older schema, opened without upgrading it


def derive_raw_key(passphrase: str, salt: bytes) -> str:
    """SQLCipher's own derivation, done here so the passphrase is needed only once."""
    key = hashlib.pbkdf2_hmac(
        "sha512", passphrase.encode("utf-8"), salt, KDF_ITERATIONS, KEY_BYTES
    )
    return f"x'{key.hex()}{salt.hex()}'"


def read_salt(path: Path) -> bytes:
    """The random salt SQLCipher keeps in the first 16 bytes of the file."""
    with open(path, "rb") as file:
        return file.read(SALT_BYTES)


def preflight(path: Path) -> None:
    """Refuse, before any SQLCipher work, files that cannot be a vault."""
    if not path.exists():
        raise NotAVault(
            _("There is no file at {path}. Check the path and try again.").format(path=path))
    if path.is_dir():
        raise NotAVault(_("{path} is a folder, not a vault file. Choose the .vault file inside.")
                        .format(path=path))
    size = path.stat().st_size
    if size == 0:
        raise NotAVault(
            _("{path} is empty, so it is not a vault. Choose another file.").format(path=path))
    with open(path, "rb") as file:
        head = file.read(len(SQLITE_PLAIN_HEADER))
    if head == SQLITE_PLAIN_HEADER:
        raise NotAVault(_(
            "{path} is an unencrypted SQLite database, not an Organizer vault "
            "(to restore a backup, use Restore from backup)."
        ).format(path=path))
    if size < PAGE_SIZE or size % PAGE_SIZE:
        raise NotAVault(_(
            "{path} is not a whole vault (it may be truncated or another kind of file). "
            "Restore it from your latest backup."
        ).format(path=path))


# SQLite's primary result codes (sqlite3.h). An error's `sqlite_errorcode` may be an extended
# code, which keeps its primary code in the low byte.
SQLITE_PERM = 3
SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_NOMEM = 7
SQLITE_READONLY = 8
SQLITE_INTERRUPT = 9
SQLITE_IOERR = 10
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14
SQLITE_CONSTRAINT = 19
SQLITE_NOTADB = 26


def sqlite_code(error: BaseException) -> int | None:
    """The primary SQLite result code of an sqlcipher3 or sqlite3 error, else None."""
    code = getattr(error, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def translate(error: BaseException) -> OrganizerError:
    """The one mapping from a storage error to a sentence the user can act on.

    By SQLite's result code, never by the message's text. Whatever the user cannot have
    caused (a missing table, a syntax error: a bug or a bad migration) is an InternalError,
    which never tells them to restore a backup and lose their recent work.
    """
    if isinstance(error, OrganizerError):
        return error
    if isinstance(error, MemoryError):
        return OutOfMemory()
    if isinstance(error, OSError) and not hasattr(error, "sqlite_errorcode"):
        if error.errno in DISK_FULL_ERRNOS:
            return DiskFull()
        if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return VaultLocation(_(
                "Organizer may not write there (the folder or disk is read-only or not "
                "yours), so nothing was saved. Move the vault somewhere you can write."
            ))
        return internal_error(error)
    code = sqlite_code(error)
    if code in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return VaultDamaged(_(
            "The vault is damaged (a page failed its integrity check). Nothing was changed; "
            "restore it from your latest backup."
        ))
    if code == SQLITE_FULL:
        return DiskFull()
    if code in (SQLITE_READONLY, SQLITE_CANTOPEN, SQLITE_PERM):
        return VaultLocation(_(
            "The vault's folder or file is read-only or cannot be opened, so nothing was "
            "saved. Move the vault somewhere you can write."
        ))
    if code in (SQLITE_BUSY, SQLITE_LOCKED):
        return VaultInUse(_(
            "The vault is busy in another program. Close the other Organizer and try again."
        ))
    if code == SQLITE_CONSTRAINT:
        # A rule of the schema, not damage: usually a record deleted while a form showed it.
        return InvalidInput(_(
            "That refers to a person or record that no longer exists, or repeats one that "
            "does. Nothing was saved; reopen the page and try again."
        ))
    if code == SQLITE_IOERR:
        return VaultDamaged(_(
            "The disk reported an error while reading or writing the vault. Nothing was "
            "saved; check the disk and your latest backup."
        ))
    if code == SQLITE_NOMEM:
        return OutOfMemory()
    if code == SQLITE_INTERRUPT:
        return OrganizerError(_("That was stopped before it finished; nothing was saved."))
    return internal_error(error)


def internal_error(error: BaseException) -> InternalError:
    """A bug report's worth of facts and nothing personal: the error's name, the innermost
    Organizer module and line it passed through, and the version (never its message, which
    may quote SQL or values)."""
    name = str(getattr(error, "sqlite_errorname", "") or type(error).__name__)
    ours = anywhere = "an unknown place"
    traceback = error.__traceback__
    while traceback is not None:
        module = str(traceback.tb_frame.f_globals.get("__name__", "?"))
        anywhere = f"{module} line {traceback.tb_lineno}"
        if module.startswith("organizer"):
            ours = anywhere
        traceback = traceback.tb_next
    where = ours if ours != "an unknown place" else anywhere
    return InternalError(f"{name} in {where}; Organizer {organizer.__version__}")


def _open_connection(path: Path, raw_key: str) -> Connection:
    conn = sqlcipher3.connect(str(path), isolation_level=None, check_same_thread=False)
    try:
        # Before the key, so a failed decryption prints nothing anywhere.
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.set_key(raw_key)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlcipher3.DatabaseError as error:
            if sqlite_code(error) == SQLITE_NOTADB:
                raise WrongPassphrase() from None
            raise translate(error) from None
        _assert_cipher_defaults(conn, path)
        # Before any pragma that writes (journal_mode): never change a file that is not ours.
        if conn.execute("PRAGMA application_id").fetchone()[0] != schema.APPLICATION_ID:
            raise NotAVault(_("{path} is an encrypted database, but not an Organizer vault.")
                            .format(path=path))
        schema.check_version(conn.execute("PRAGMA user_version").fetchone()[0])
        for pragma in CONNECTION_PRAGMAS:
            conn.execute(pragma).fetchall()
        _assert_memory_security_off(conn)
        schema.attach_functions(conn)
        stamps.attach(conn, path)
    except BaseException:
        conn.close()
        raise
    return conn


def _assert_memory_security_off(conn: Connection) -> None:
    """SQLCipher's default since 4.5: it still locks and wipes its own key and cipher memory.
    ON (locking and wiping every SQLite allocation) made every query several times slower,
    cannot be undone within a process, and guarded little: the same plaintext sits in Python
    strings and Qt widgets. Full-disk encryption is the answer to swap (README)."""
    (state,) = conn.execute("PRAGMA cipher_memory_security").fetchone()
    if str(state) != "0":
        raise InternalError(
            f"cipher_memory_security is {state}; Organizer {organizer.__version__}"
        )


def _non_default_cipher_setting(conn: Connection) -> str | None:
    """The first setting where the connection differs from SQLCipher 4's defaults, if any."""
    found: dict[str, str] = {}
    for (line,) in conn.execute("PRAGMA cipher_settings").fetchall():
        # Lines look like "PRAGMA kdf_iter = 256000;"
        name, _equals, value = line.removeprefix("PRAGMA ").rstrip(";").partition(" = ")
        found[name.strip()] = value.strip()
    for name, expected in EXPECTED_CIPHER_SETTINGS.items():
        if found.get(name) != expected:
            return name
    return None


def _assert_cipher_defaults(conn: Connection, path: Path) -> None:
    name = _non_default_cipher_setting(conn)
    if name is not None:
        raise NotAVault(_(
            "{path} uses non-default encryption settings ({name}), so it was not made by "
            "Organizer. Open it with the tool that made it."
        ).format(path=path, name=name))


def _remove_with_sidecars(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(FileNotFoundError):
            os.remove(f"{path}{suffix}")


class Vault:
    """An open vault. Use `Vault.create` or `Vault.open`; `close()` drops the key."""

    def __init__(
        self, path: Path, raw_key: str, conn: Connection, lock: VaultLock | None
    ) -> None:
        self.path = path
        self._raw_key: str | None = raw_key
        self._conn: Connection | None = conn
        self._lock = lock
        # Opened without upgrading an older schema (`open_with_key(upgrade=False)`).
        self.needs_upgrade = False
        # What killed operations had left beside the vault, removed when it was opened.
        self.removed_leftovers: list[Path] = []

    # ----- opening and closing ------------------------------------------------------------

    @classmethod
    def create(
        cls, path: Path | str, passphrase: str, campaign_name: str, *, is_demo: bool = False
    ) -> Vault:
        """Make a new, empty vault at `path` (which must not exist) and open it."""
        check_new_passphrase(passphrase)
        path = Path(path).expanduser().absolute()
        folder = path.parent
        if not folder.is_dir():
            raise VaultLocation(
                _("The folder {folder} does not exist. Choose an existing folder.")
                .format(folder=folder)
            )
        if path.exists():
            raise VaultLocation(
                _("A file already exists at {path}. Choose another name.").format(path=path))
        os.umask(0o077)
        # Locked before the vault exists: no other process can make or open it meanwhile.
        lock = VaultLock.take(path)
        try:
            cls._create_file(path, passphrase, campaign_name, is_demo)
        except BaseException:
            lock.release()
            raise
        return cls._open_locked(path, derive_raw_key(passphrase, read_salt(path)), lock)

    @staticmethod
    def _create_file(path: Path, passphrase: str, campaign_name: str, is_demo: bool) -> None:
        """The new vault's file, made under a temporary name and renamed into place."""
        folder = path.parent
        temporary = folder / f".{path.name}.creating"
        _remove_with_sidecars(temporary)
        try:
            conn = sqlcipher3.connect(str(temporary), isolation_level=None)
            try:
                conn.execute("PRAGMA cipher_log_level = NONE")
                conn.set_key(passphrase)
                # Never write a vault that a stock SQLCipher 4 could not open.
                setting = _non_default_cipher_setting(conn)
                if setting is not None:
                    raise OrganizerError(_(
                        "This installation's SQLCipher does not use the standard SQLCipher 4 "
                        "encryption settings ({setting}), so no vault was created. "
                        "Reinstall Organizer."
                    ).format(setting=setting))
                conn.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
                conn.execute("PRAGMA journal_mode = WAL").fetchall()
                conn.execute("PRAGMA secure_delete = ON")
                conn.execute("PRAGMA foreign_keys = ON")
                schema.attach_functions(conn)
                _migrate(conn)
                stamps.attach(conn, temporary)
                _seed_campaign(conn, campaign_name, is_demo)
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
            finally:
                conn.close()
            os.chmod(temporary, 0o600)
            with open(temporary, "rb") as file:
                os.fsync(file.fileno())
            os.replace(temporary, path)
            this_platform().sync_folder(folder)
        except PermissionError:
            _remove_with_sidecars(temporary)
            raise VaultLocation(_(
                "Organizer cannot write in {folder} (it is read-only or not yours). "
                "Choose another folder."
            ).format(folder=folder)) from None
        except OSError as error:
            _remove_with_sidecars(temporary)
            if error.errno in (28, 27):
                raise DiskFull() from None
            if error.errno == 30:  # EROFS
                raise VaultLocation(
                    _("{folder} is on a read-only disk. Choose another folder.")
                    .format(folder=folder)
                ) from None
            # Translators: {reason} is the operating system's own words for the failure.
            raise VaultLocation(_("Organizer cannot create {path}: {reason}.")
                                .format(path=path, reason=error.strerror)) from None
        except sqlcipher3.Error as error:
            _remove_with_sidecars(temporary)
            if sqlite_code(error) in (SQLITE_CANTOPEN, SQLITE_READONLY, SQLITE_PERM):
                raise VaultLocation(_(
                    "Organizer cannot write in {folder} (it is read-only or not yours). "
                    "Choose another folder."
                ).format(folder=folder)) from None
            raise translate(error) from None
        except BaseException:
            _remove_with_sidecars(temporary)
            raise

    @classmethod
    def open(cls, path: Path | str, passphrase: str, *, upgrade: bool = True) -> Vault:
        """Open with the passphrase (the key derivation happens here)."""
        path = Path(path).expanduser().absolute()
        preflight(path)
        if not passphrase:
            raise WrongPassphrase()
        return cls.open_with_key(
            path, derive_raw_key(passphrase, read_salt(path)), upgrade=upgrade
        )

    @classmethod
    def open_with_key(cls, path: Path | str, raw_key: str, *, upgrade: bool = True) -> Vault:
        """Open with a raw key (from `derive_raw_key` or the OS keychain).

        A vault of an older schema is upgraded in place (see `_upgrade`), unless `upgrade` is
        False: then it opens as it is, `needs_upgrade` says so, and nothing is written (what
        `organizer vault check` does). What killed operations on this vault left beside it
        is removed first: the lock proves none of them is still running.
        """
        path = Path(path).expanduser().absolute()
        preflight(path)
        return cls._open_locked(path, raw_key, VaultLock.take(path), upgrade=upgrade)

    @classmethod
    def _open_locked(
        cls, path: Path, raw_key: str, lock: VaultLock, *, upgrade: bool = True
    ) -> Vault:
        """`open_with_key` once the caller holds the vault's lock (kept by the vault, or
        released if opening fails)."""
        needs_upgrade = False
        try:
            removed = remove_leftovers(path)
            conn = _open_connection(path, raw_key)
            try:
                found = conn.execute("PRAGMA user_version").fetchone()[0]
                schema.check_version(found)
                if found < schema.SCHEMA_VERSION:
                    if upgrade:
                        conn.close()
                        conn = _upgrade(path, raw_key, found)
                    else:
                        needs_upgrade = True
            except BaseException:
                conn.close()
                raise
        except BaseException:
            lock.release()
            raise
        vault = cls(path, raw_key, conn, lock)
        vault.needs_upgrade = needs_upgrade
        vault.removed_leftovers = removed
        return vault

    @property
    def is_open(self) -> bool:
        return self._conn is not None

    @property
    def connection(self) -> Connection:
        """The vault's main connection; only core modules run SQL on it."""
        if self._conn is None:
            raise OrganizerError(_("The vault is locked. Unlock it to continue."))
        return self._conn

    @property
    def raw_key(self) -> str:
        """For the opt-in OS keychain only. Never log or display it."""
        if self._raw_key is None:
            raise OrganizerError(_("The vault is locked. Unlock it to continue."))
        return self._raw_key

    def connect_another(self) -> Connection:
        """A separate connection for a worker thread (WAL lets it read beside the writer)."""
        return _open_connection(self.path, self.raw_key)

    @contextlib.contextmanager
    def on_own_connection(self) -> Iterator[Vault]:
        """This vault on a connection of its own, for one worker thread's reads or writes.

        No connection is shared between threads: a worker reads beside the main connection
        (WAL), or writes in its own transaction while the GUI thread waits for the write lock
        (busy_timeout). It shares the open vault's file lock; its connection and its copy of
        the key are dropped on leaving the block.
        """
        other = self.key_holder()
        other._conn = other.connect_another()
        try:
            yield other
        finally:
            conn, other._conn, other._raw_key = other._conn, None, None
            if conn is not None:
                conn.close()

    def key_holder(self) -> Vault:
        """This vault's path and key without its connection or its file lock, for work that
        must go on after the vault is locked (an automatic backup): it opens connections of
        its own (`connect_another`, `on_own_connection`), and `close()` drops the key."""
        holder = Vault.__new__(Vault)
        holder.path = self.path
        holder._raw_key = self.raw_key
        holder._conn = None
        holder._lock = None
        holder.needs_upgrade = False
        holder.removed_leftovers = []
        return holder

    def close(self) -> None:
        """Close the connection (checkpointing the WAL) and forget the key."""
        if self._conn is not None:
            with contextlib.suppress(sqlcipher3.Error):
                self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
            self._conn.close()
            self._conn = None
        self._raw_key = None
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> Vault:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One write transaction; any failure rolls it back and leaves the vault as it was."""
        conn = self.connection
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException as error:
            with contextlib.suppress(sqlcipher3.Error):
                conn.execute("ROLLBACK")
            if isinstance(error, sqlcipher3.Error):
                raise self._explain(error) from None
            raise
        else:
            try:
                conn.execute("COMMIT")
            except sqlcipher3.Error as error:
                with contextlib.suppress(sqlcipher3.Error):
                    conn.execute("ROLLBACK")
                raise self._explain(error) from None

    def _explain(self, error: Exception) -> OrganizerError:
        """`translate`, plus what only the open vault can tell apart."""
        explained = translate(error)
        if isinstance(explained, VaultDamaged) and sqlite_code(error) == SQLITE_IOERR:
            # SQLite reports ENOSPC as "disk is full" but EFBIG (the file-size limit) and
            # other refused writes only as an I/O error: look whether there was room.
            if _no_room_for(self.path):
                return DiskFull()
        elif isinstance(explained, VaultLocation) and self._conn is not None:
            # Once a page fails its HMAC, SQLCipher refuses every write as "readonly":
            # that is damage, not a read-only folder. A healthy read-only vault still reads.
            try:
                self._conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            except sqlcipher3.Error as probe:
                return translate(probe)
        return explained

    # ----- passphrase and integrity --------------------------------------------------------

    def passphrase_matches(self, passphrase: str) -> bool:
        candidate = derive_raw_key(passphrase, read_salt(self.path))
        return hmac.compare_digest(candidate, self.raw_key)

    def change_passphrase(self, current: str, new: str) -> list[Path]:
        """Re-key the vault. Crash-safe: the old file stays until the new one is complete.

        Every copy of the vault that Organizer made under the old key (a killed re-keying's
        file and journal, a migration's safety copy) is erased first: the passphrase is
        changed because the old one may be known. Returns the files erased, with those that
        opening this vault removed, to name them.
        """
        if not self.passphrase_matches(current):
            raise WrongPassphrase()
        check_new_passphrase(new)
        conn = self.connection
        waited = int(conn.execute("PRAGMA busy_timeout").fetchone()[0])
        conn.execute("PRAGMA busy_timeout = 250")  # a read about to end; not a backup's
        try:
            busy = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        finally:
            conn.execute(f"PRAGMA busy_timeout = {waited}")
        if busy:  # another connection still reads or writes: re-keying would lose it
            raise VaultInUse(_(
                "Organizer is still reading or writing this campaign in the background, so "
                "the passphrase was not changed. Wait a moment and try again."
            ))
        erased = [*self.removed_leftovers, *remove_leftovers(self.path)]
        self.removed_leftovers = []
        old_key = self.raw_key
        path = self.path
        self._conn.close()  # type: ignore[union-attr]
        self._conn = None
        temporary = path.parent / f".{path.name}.rekeying"
        _remove_with_sidecars(temporary)
        try:
            shutil.copyfile(path, temporary)
            os.chmod(temporary, 0o600)
            conn = _open_connection(temporary, old_key)
            try:
                # A rollback journal while re-keying: reset_key rewrites every page.
                conn.execute("PRAGMA journal_mode = DELETE").fetchall()
                conn.reset_key(new)
                conn.execute("PRAGMA journal_mode = WAL").fetchall()
            finally:
                conn.close()
            with open(temporary, "rb") as file:
                os.fsync(file.fileno())
            new_key = derive_raw_key(new, read_salt(temporary))
            # The proof: the new file opens with the new key before it replaces the old one.
            _open_connection(temporary, new_key).close()
            os.replace(temporary, path)
            this_platform().sync_folder(path.parent)
        except BaseException as error:
            _remove_with_sidecars(temporary)
            self._conn = _open_connection(path, old_key)
            if isinstance(error, (sqlcipher3.Error, OSError)):
                raise translate(error) from None
            raise
        self._raw_key = new_key
        self._conn = _open_connection(path, new_key)
        return erased

    def check(self) -> IntegrityReport:
        """Verify every page's HMAC and SQLite's structure, and count records by kind."""
        conn = self.connection
        problems: list[str] = []
        try:
            for (row,) in conn.execute("PRAGMA cipher_integrity_check").fetchall():
                problems.append(str(row))
            result = [row[0] for row in conn.execute("PRAGMA integrity_check").fetchall()]
            if result != ["ok"]:
                problems.extend(result)
            problems.extend(
                _("foreign key broken in {table}").format(table=row[0])
                for row in conn.execute("PRAGMA foreign_key_check").fetchall()
            )
        except sqlcipher3.Error as error:
            problems.append(str(error))
        counts: dict[str, int] = {}
        if not problems:
            tables = {row[0] for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()}
            try:
                for label, table in RECORD_KINDS:
                    if table in tables or not self.needs_upgrade:
                        counts[label] = conn.execute(
                            f"SELECT count(*) FROM {table}").fetchone()[0]
            except sqlcipher3.Error as error:
                problems.append(str(error))
        return IntegrityReport(ok=not problems, problems=problems, counts=counts,
                               needs_upgrade=self.needs_upgrade)

    def checkpoint(self) -> bool:
        """Fold the WAL into the main file and empty it (after deletions, say).

        False when a reader (a worker's connection) kept it from completing; the WAL then
        still holds old page images, encrypted, until the next checkpoint or close.
        """
        busy = self.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        return not busy


def _no_room_for(path: Path) -> bool:
    """After a refused write: was the disk full, or the vault at this process's size limit?"""
    sizes = [0]
    for suffix in ("", "-wal"):
        with contextlib.suppress(OSError):
            sizes.append(os.stat(f"{path}{suffix}").st_size)
    limit = this_platform().file_size_limit()
    if limit is not None and max(sizes) + 2 * PAGE_SIZE > limit:
        return True
    try:
        free = shutil.disk_usage(path.parent).free
    except OSError:
        return False
    return free < 1024 * 1024


def lock_file_for(path: Path) -> Path:
    """The lock file beside the vault at `path` (hidden on Linux and macOS)."""
    return path.with_name(f".{path.name}.lock")


class VaultLock:
    """One process, one window per vault: an OS lock (flock; a byte-range lock on Windows)
    on a file beside the vault, through filelock. Never on the vault itself: Windows locks
    are mandatory, and SQLite must read and write the vault. The OS drops the lock when the
    process ends, however it ends, so a crash never leaves the vault blocked."""

    def __init__(self, path: Path) -> None:
        self.file = lock_file_for(path)
        self._lock = filelock.FileLock(
            self.file, mode=0o600, thread_local=False, fallback_to_soft=False
        )

    @classmethod
    def take(cls, path: Path) -> VaultLock:
        """The lock of the vault at `path`, or the sentence saying why not."""
        lock = cls(path)
        try:
            lock._lock.acquire(timeout=0)
        except filelock.Timeout:
            if not lock.file.exists():  # the folder took no new file: nothing holds it
                raise _cannot_write_in(path.parent) from None
            raise VaultInUse(_(
                "{name} is already open in Organizer. Switch to that window, or close "
                "it first."
            ).format(name=path.name)) from None
        except NotImplementedError:
            raise lock._cannot_lock(path) from None
        except OSError as error:
            if error.errno in _NO_LOCKS:
                raise lock._cannot_lock(path) from None
            if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
                raise _cannot_write_in(path.parent) from None
            raise translate(error) from None
        return lock

    def _cannot_lock(self, path: Path) -> VaultLocation:
        """The refusal on a drive without locks, leaving no lock file there (no process can
        hold one on that drive, so none is in use)."""
        with contextlib.suppress(OSError):
            os.remove(self.file)
        return VaultLocation(_(
            "The drive holding {name} cannot lock files (a network or shared drive?), "
            "so Organizer cannot make sure only one window changes the vault. Copy it to "
            "this computer's own disk and open the copy."
        ).format(name=path.name))

    def release(self) -> None:
        """Remove the lock file while still holding it, then let go: a process that opened
        it meanwhile finds it unlinked and tries again (filelock checks), so no lock file is
        left beside a vault, nor beside a temporary one. (Windows removes it on release.)"""
        if self._lock.is_locked:
            with contextlib.suppress(OSError):
                os.remove(self.file)
        with contextlib.suppress(OSError):
            self._lock.release(force=True)


# A file system without locks (some network shares and FUSE mounts).
_NO_LOCKS = frozenset(
    getattr(errno, name) for name in ("ENOLCK", "ENOSYS", "EOPNOTSUPP", "ENOTSUP")
    if hasattr(errno, name)
)


def _cannot_write_in(folder: Path) -> VaultLocation:
    return VaultLocation(_(
        "Organizer cannot write in {folder} (it is read-only or not yours), and needs to: "
        "choose or copy the vault to a folder of yours."
    ).format(folder=folder))


def _migrate(conn: Connection) -> None:
    found = conn.execute("PRAGMA user_version").fetchone()[0]
    schema.check_version(found)
    for version in range(found, schema.SCHEMA_VERSION):
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in _split_sql(schema.MIGRATIONS[version]):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {version + 1}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise


def _split_sql(script: str) -> list[str]:
    """Split a migration into statements (executescript would commit implicitly)."""
    statements: list[str] = []
    current = ""
    for line in script.splitlines(keepends=True):
        current += line
        if sqlcipher3.complete_statement(current):
            if current.strip():
                statements.append(current.strip())
            current = ""
    if current.strip():
        statements.append(current.strip())
    return statements


def _upgrade(path: Path, raw_key: str, version: int) -> Connection:
    """Migrate an older vault in place, with a safety copy that lives only until the migrated
    vault passes its check. If migrating fails, or its result fails the check, the copy is
    put back: the vault is exactly as it was, and no copy under its key is left behind."""
    copy = path.with_name(f"{path.name}{SAFETY_COPY_MARK}{version + 1}")
    _remove_with_sidecars(copy)
    try:
        shutil.copyfile(path, copy)
        os.chmod(copy, 0o600)
    except OSError as error:
        _remove_with_sidecars(copy)
        raise translate(error) from None
    conn: Connection | None = None
    try:
        conn = _open_connection(path, raw_key)
        _migrate(conn)
        stamps.attach(conn, path)
        problems = [row[0] for row in conn.execute("PRAGMA quick_check").fetchall()]
        problems += [row[0] for row in conn.execute("PRAGMA foreign_key_check").fetchall()]
        if problems != ["ok"]:
            raise VaultDamaged(_(
                "Upgrading the vault to this version of Organizer left it inconsistent, so "
                "it was put back exactly as it was. Please report this; your data is safe."
            ))
    except BaseException as error:
        if conn is not None:
            conn.close()
        # The migration's WAL frames belong to the migrated file, not to the copy.
        for suffix in ("-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                os.remove(f"{path}{suffix}")
        os.replace(copy, path)
        if isinstance(error, (sqlcipher3.Error, OSError)):
            raise translate(error) from None
        raise
    _remove_with_sidecars(copy)
    return conn


SAFETY_COPY_MARK = ".before-schema-"
# What an operation on a vault makes beside it while it runs, by the vault's name; all of it
# is left over once that vault's lock is free. Only the first two can be under an old key.
_LEFTOVER_PATTERNS = ("{name}.before-schema-*", ".{name}.rekeying", ".{name}.creating")


def remove_leftovers(path: Path) -> list[Path]:
    """Remove what killed operations left beside the vault at `path` (migration copies, a
    re-keying's file and journal, a half-made vault) and return what was removed. Call it
    only while holding the vault's lock: then none of them is in use."""
    removed: list[Path] = []
    for pattern in _LEFTOVER_PATTERNS:
        base = pattern.format(name=_glob_escape(path.name))
        for suffix in ("", "-wal", "-shm", "-journal"):
            for leftover in sorted(path.parent.glob(base + suffix)):
                if leftover.is_symlink() or leftover.is_file():
                    with contextlib.suppress(FileNotFoundError):
                        os.remove(leftover)
                        removed.append(leftover)
    return removed


def _glob_escape(text: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in text)


DEFAULT_SCALE: tuple[tuple[int, str, str], ...] = (
    (1, N_("Active supporter / leader"), "#1a9850"),
    (2, N_("Leaning supportive"), "#91cf60"),
    (3, N_("Undecided"), "#fee08b"),
    (4, N_("Leaning against"), "#fc8d59"),
    (5, N_("Opposed"), "#d73027"),
)
DEFAULT_THRESHOLDS: tuple[tuple[float, str], ...] = (
    (30.0, N_("Showing of interest (NLRB)")),
    (51.0, N_("Majority")),
    (65.0, N_("Go public")),
    (80.0, N_("Strength")),
    (90.0, N_("Supermajority")),
)
DEFAULT_SETTINGS: dict[str, str] = {
    "auto_lock_minutes": "5",
    "clipboard_clear_seconds": "30",
    "not_contacted_days": "30",
}


def _seed_campaign(conn: Connection, name: str, is_demo: bool) -> None:
    """The new campaign's defaults, stored in the language it is created in."""
    stamp = records.now()
    conn.execute("BEGIN IMMEDIATE")
    conn.execute(
        "INSERT INTO campaign (id, name, is_demo, created_at, updated_at) VALUES (?,?,?,?,?)",
        (records.new_id(), name.strip() or _("Our campaign"), int(is_demo), stamp, stamp),
    )
    conn.executemany(
        "INSERT INTO assessment_level (id, score, label, colour, created_at, updated_at) "
        "VALUES (?,?,?,?,?,?)",
        [(records.new_id(), s, _(label), colour, stamp, stamp)
         for s, label, colour in DEFAULT_SCALE],
    )
    conn.executemany(
        "INSERT INTO threshold (id, percent, label, created_at, updated_at) VALUES (?,?,?,?,?)",
        [(records.new_id(), p, _(label), stamp, stamp) for p, label in DEFAULT_THRESHOLDS],
    )
    conn.executemany(
        "INSERT INTO app_setting (id, key, value, created_at, updated_at) VALUES (?,?,?,?,?)",
        [(records.new_id(), k, v, stamp, stamp) for k, v in DEFAULT_SETTINGS.items()],
    )
    conn.execute("COMMIT")
