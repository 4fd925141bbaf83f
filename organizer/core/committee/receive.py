"""Receiving update files: check each one whole, then merge it in one transaction.

Before anything is applied: the file decrypts with my key, its sender is on the roster and
not removed, the signature is theirs over this exact database and for me, its format, schema
and stamps are ones I can read, and it was not applied before (then it is skipped). The
merge itself is `merge.py`.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from organizer.core import schema
from organizer.core.backup.format import memory_database
from organizer.core.committee import envelope, roster, stamps
from organizer.core.committee.envelope import (
    BadSignature,
    NotAnUpdate,
    UpdateDamaged,
    UpdateFromStranger,
    UpdateNotForMe,
    UpdateRefused,
    UpdateTooNew,
)
from organizer.core.committee.identity import Identity, get_identity
from organizer.core.committee.merge import Received, merge
from organizer.core.committee.send import FORMAT_VERSION, SUFFIX
from organizer.core.errors import InvalidInput, OrganizerError
from organizer.core.vault import Vault
from organizer.i18n import _

Connection = Any
Stamp = tuple[str, str]  # (stamp, prev)

# Update files are small next to the vault; a bigger one is not ours.
MAX_FILE_BYTES = 2 * 1024**3


@dataclass(frozen=True)
class _Checked:
    sender: roster.Member
    update: sqlite3.Connection
    manifest: dict[str, str]


def update_files(paths: Iterable[Path | str]) -> list[Path]:
    """The files named, and the update files inside folders named (sorted by name)."""
    found: list[Path] = []
    for entry in paths:
        path = Path(entry).expanduser()
        if path.is_dir():
            found.extend(sorted(p for p in path.iterdir() if p.name.endswith(SUFFIX)))
        elif path.exists():
            found.append(path)
        else:
            raise InvalidInput(_("{path} does not exist.").format(path=path))
    return found


def receive_updates(
    vault: Vault,
    paths: Iterable[Path | str],
    *,
    skip_others: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> list[Received]:
    """Check and merge each file, one transaction each. A refused file raises its
    `UpdateRefused` (nothing of it applied), unless `skip_others` is set and the file is
    for another member (a shared folder holds everyone's)."""
    me = get_identity(vault)
    if me is None:
        raise InvalidInput(_(
            "This vault has no committee identity yet: make yours (committee me) first."
        ))
    files = update_files(paths)
    results = []
    for done, path in enumerate(files):
        try:
            results.append(receive_file(vault, me, path))
        except UpdateNotForMe:
            if not skip_others:
                raise
        if progress is not None:
            progress(done + 1, len(files))
    return results


def check_file(vault: Vault, me: Identity, path: Path) -> _Checked:
    name = path.name
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise NotAnUpdate(_(envelope.NOT_AN_UPDATE).format(name=name))
        data = path.read_bytes()
    except OSError as error:
        # Translators: {reason} is the system's own words ("Permission denied").
        raise InvalidInput(_("Organizer cannot read {path}: {reason}.").format(
            path=path, reason=error.strerror)) from None
    opened = envelope.open_sealed(data, me, name)
    sender = roster.member_by_sign_key(vault.connection, opened.sender_key)
    if sender is None:
        raise UpdateFromStranger(_(
            "{name} comes from someone who is not on your committee's roster, so it was "
            "not applied."
        ).format(name=name))
    if not sender.active:
        # Translators: {name} is a file name, {sender} a committee member's name.
        raise UpdateFromStranger(_(
            "{name} comes from {sender}, who was removed from the committee, so it "
            "was not applied."
        ).format(name=name, sender=sender.name))
    if not opened.signed_by(me.age_public):
        # Translators: {name} is a file name, {sender} a committee member's name.
        raise BadSignature(_(
            "{name} does not carry {sender}'s signature (it was changed, or made by "
            "someone else), so it was not applied."
        ).format(name=name, sender=sender.name))
    damaged = _("{name} does not hold an update; nothing was applied.").format(name=name)
    try:
        update = memory_database(opened.database)
    except sqlite3.Error:
        raise UpdateDamaged(damaged) from None
    try:
        manifest = {
            str(key): str(value) for key, value in
            update.execute("SELECT key, value FROM exchange_manifest").fetchall()
        }
        versions = (int(manifest["format_version"]), int(manifest["schema_version"]))
        if not 0 <= int(manifest["through_seq"]) < 2**63 or not manifest["file_id"]:
            raise ValueError
        _check_stamps(update)
    except (sqlite3.Error, KeyError, ValueError, TypeError):
        update.close()
        raise UpdateDamaged(damaged) from None
    if versions[0] > FORMAT_VERSION or versions[1] > schema.SCHEMA_VERSION:
        update.close()
        raise UpdateTooNew(_(envelope.TOO_NEW).format(name=name))
    if manifest.get("recipient_fingerprint") != me.fingerprint:
        update.close()
        raise UpdateNotForMe(_(
            "{name} was written for another committee member, not for you."
        ).format(name=name))
    return _Checked(sender, update, manifest)


_STAMP = re.compile(r"\d{13}-\d{5}-[0-9a-f]{1,32}")


def _check_stamps(update: sqlite3.Connection) -> None:
    """Every stamp in the file is a clock reading (or empty): compared as text, a made-up
    one could outrank every real edit for good, or push my clock years ahead."""
    rows = update.execute(
        "SELECT stamp FROM field_stamp UNION SELECT prev FROM field_stamp "
        "UNION SELECT stamp FROM tombstone"
    ).fetchall()
    limit = stamps.format_stamp(stamps.wall_ms() + _MAX_AHEAD_MS, 0, "")
    for (stamp,) in rows:
        if stamp == "":
            continue
        if not isinstance(stamp, str) or not _STAMP.fullmatch(stamp) or stamp[:13] > limit[:13]:
            raise ValueError(stamp)


# A member's clock may be wrong, but not by more than this much ahead of mine.
_MAX_AHEAD_MS = 366 * 24 * 3600 * 1000


def receive_file(vault: Vault, me: Identity, path: Path) -> Received:
    checked = check_file(vault, me, path)
    result = Received(path, sender=checked.sender.name)
    try:
        with vault.transaction() as conn:
            if conn.execute(
                "SELECT 1 FROM update_received WHERE file_id = ?",
                (checked.manifest["file_id"],),
            ).fetchone():
                result.skipped = True
                return result
            merge(conn, checked.update, result, checked.manifest, checked.sender, me)
    except InvalidInput as error:
        # A rule of the vault the file's rows break (a CHECK, a UNIQUE): the file is at
        # fault, and a shared folder must not retry it at every pass.
        # Translators: {name} is a file name, {problem} the vault's own refusal sentence.
        raise UpdateDamaged(_(
            "{name} holds records this vault cannot take ({problem}); nothing was applied."
        ).format(name=path.name, problem=error)) from None
    except OrganizerError:
        raise
    except (sqlite3.Error, KeyError, ValueError, TypeError, OverflowError) as error:
        # A signed file whose database does not fit: a bug in the sender's Organizer.
        # Translators: {problem} is a programmer's name for the fault ("KeyError").
        raise UpdateDamaged(_(
            "{name} could not be merged ({problem}); nothing was applied."
        ).format(name=path.name, problem=type(error).__name__)) from None
    finally:
        checked.update.close()
    return result



__all__ = [
    "BadSignature", "NotAnUpdate", "Received", "UpdateDamaged", "UpdateFromStranger",
    "UpdateNotForMe", "UpdateRefused", "UpdateTooNew", "check_file", "merge",
    "receive_file", "receive_updates", "update_files",
]
