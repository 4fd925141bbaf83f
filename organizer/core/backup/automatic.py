"""Automatic backups: their settings (kept inside the vault), names, rotation, when one is
due, running one, and the status Today shows."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlcipher3

from organizer.core import campaign, records
from organizer.core.backup.export import BOOKKEEPING_PREFIX, export_with_fingerprint, fingerprint
from organizer.core.backup.format import (
    SUFFIX,
    BackupCancelled,
    BackupLocation,
    BackupManifest,
    CancelHook,
    ProgressHook,
    vault_tables,
)
from organizer.core.errors import OrganizerError, WeakPassphrase
from organizer.core.passphrase import check_new_passphrase
from organizer.core.vault import Vault, translate
from organizer.i18n import _

AUTO_PREFIX = "organizer-backup-"
DEFAULT_KEEP = 10
MAX_KEEP = 100
RECENT = dt.timedelta(days=7)
DAILY = dt.timedelta(days=1)
# How long an automatic backup's bookkeeping waits for the vault's write lock: a big import
# holds it for several seconds, and the backup (already written and verified) must not be
# reported as failed for that.
RECORD_WAIT_MS = 120_000

# Settings kept inside the vault (app_setting), never in QSettings.
KEY_FOLDER = "backup_folder"
KEY_KEEP = "backup_keep"
KEY_PASSPHRASE = "backup_passphrase"  # noqa: S105 (a settings key, not a secret)
KEY_LAST_AT = BOOKKEEPING_PREFIX + "at"
KEY_LAST_VERIFIED = BOOKKEEPING_PREFIX + "verified"
KEY_LAST_PATH = BOOKKEEPING_PREFIX + "path"
KEY_LAST_FINGERPRINT = BOOKKEEPING_PREFIX + "fingerprint"
KEY_LAST_ERROR = BOOKKEEPING_PREFIX + "error"

_AUTO_NAME = re.compile(
    r"^organizer-backup-(?P<id>[0-9a-f]{8})-(?P<when>\d{4}-\d{2}-\d{2}T\d{6}Z)(?:-(?P<n>\d+))?"
    r"\.age$"
)
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
        raise BackupLocation(_("Keep between 1 and {most} automatic backups.").format(
            most=MAX_KEEP))
    values = {KEY_KEEP: str(keep)}
    if folder is not None:
        chosen = Path(folder).expanduser().absolute()
        if not chosen.is_dir():
            raise BackupLocation(_(
                "The folder {folder} does not exist (is the disk plugged in?). Choose an "
                "existing folder."
            ).format(folder=chosen))
        values[KEY_FOLDER] = str(chosen)
    else:
        values[KEY_FOLDER] = ""
    if passphrase is not None:
        check_new_passphrase(passphrase)
        values[KEY_PASSPHRASE] = passphrase
    elif folder is not None and not campaign.setting(vault, KEY_PASSPHRASE):
        raise WeakPassphrase(_("Choose a passphrase for the backups."))
    with vault.transaction() as conn:
        _put_settings(conn, values)
    return auto_backup_settings(vault)


def backup_needed(vault: Vault) -> bool:
    """True when something changed since the last automatic backup (or there was none)."""
    conn = vault.connect_another()
    try:
        stored = _get_setting(conn, KEY_LAST_FINGERPRINT)
        return not stored or stored != fingerprint(conn, vault_tables(conn))
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
            if stored and stored == fingerprint(conn, vault_tables(conn)):
                return None
        folder = Path(folder_text)
        row = conn.execute("SELECT id FROM campaign ORDER BY created_at LIMIT 1").fetchone()
        prefix = campaign_prefix(str(row[0]) if row else "")
        try:
            if not folder.is_dir():
                raise BackupLocation(_(
                    "The backup folder {folder} is missing (is the disk plugged in?), so no "
                    "automatic backup was made."
                ).format(folder=folder))
            target = _free_name(folder, automatic_backup_name(str(row[0]) if row else "", moment))
            manifest, digest = export_with_fingerprint(
                vault, target, passphrase, progress, cancelled
            )
        except BackupCancelled:
            raise
        except OrganizerError as error:
            record(conn, {KEY_LAST_ERROR: str(error)}, record_wait_ms)
            raise
        rotate_backups(folder, keep, prefix, protect=target)
        record(
            conn,
            {
                KEY_LAST_AT: manifest.created_at,
                KEY_LAST_VERIFIED: records.now(),
                KEY_LAST_PATH: str(target),
                KEY_LAST_FINGERPRINT: digest,
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
            return _(
                "The backup folder {folder} is missing (is the disk plugged in?); automatic "
                "backups cannot be made."
            ).format(folder=self.folder)
        if self.error:
            # Translators: {error} is why, in the words it was written in at the time.
            return _("The last automatic backup failed: {error}").format(error=self.error)
        if self.last_at is None:
            return _("This campaign has no backup yet. Back it up now, or turn on automatic "
                     "backups.")
        if not self.recent:
            return _("The last backup is more than a week old. Back up now.")
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


def record(conn: Any, values: dict[str, str], wait_ms: int = RECORD_WAIT_MS) -> None:
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
