"""Temporary files beside a backup or a restored vault: made hidden and locked, synced,
and cleaned up after a killed process; and OS errors as one sentence."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import time
from pathlib import Path

from organizer.core.backup.format import PARTIAL_MARK, BackupDiskFull, BackupLocation
from organizer.core.errors import DISK_FULL_ERRNOS
from organizer.i18n import _
from organizer.platform import current as this_platform

# Where files cannot be locked, a temporary file this old is taken as left by a dead process.
STALE_SECONDS = 24 * 3600
_PARTIAL_NAME = re.compile(r"^\..+\.partial-[0-9a-f]{12}$")


def create_partial(target: Path) -> tuple[Path, int]:
    """The hidden temporary file beside the target, 0600, created new and locked."""
    folder = target.parent
    partial = folder / f".{target.name}{PARTIAL_MARK}{secrets.token_hex(6)}"
    try:
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | this_platform().NO_INHERIT
        fd = os.open(partial, flags, 0o600)
    except OSError as error:
        raise os_error(error, folder) from None
    try:
        this_platform().make_private(fd)
        # The lock tells clean_partial_backups this file is in use. Some network and FUSE
        # file systems refuse locks: carry on without (the cleaner then goes by age).
        this_platform().try_lock(fd)
    except OSError as error:
        os.close(fd)
        with contextlib.suppress(OSError):
            os.remove(partial)
        raise os_error(error, folder) from None
    return partial, fd


def reserve(fd: int, size: int) -> None:
    """Claim the space before the slow encryption, so a full disk fails at once."""
    if not hasattr(os, "posix_fallocate"):
        return
    try:
        os.posix_fallocate(fd, 0, size)
    except OSError as error:
        if error.errno in DISK_FULL_ERRNOS:
            raise
        # EOPNOTSUPP / EINVAL on file systems without it: the write will tell.


def write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    os.lseek(fd, 0, os.SEEK_SET)
    while view:
        written = os.write(fd, view)
        view = view[written:]
    os.ftruncate(fd, len(data))


def drop_cache(fd: int) -> None:
    """After fsync: forget the cached pages so the verification reads the disk itself."""
    if hasattr(os, "posix_fadvise"):
        with contextlib.suppress(OSError):
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)


def os_error(error: BaseException, folder: Path) -> BaseException:
    """An OSError as one sentence; anything else unchanged."""
    if not isinstance(error, OSError):
        return error
    if error.errno in DISK_FULL_ERRNOS:
        return BackupDiskFull()
    refused_by_folder = isinstance(error, FileNotFoundError) and folder.is_dir()
    if (
        isinstance(error, PermissionError)
        or error.errno in (errno.EROFS, errno.EACCES, errno.EPERM)
        or refused_by_folder
    ):
        return BackupLocation(_(
            "Organizer cannot write in {folder} (it is read-only or not yours). Choose another "
            "folder."
        ).format(folder=folder))
    if isinstance(error, FileNotFoundError):
        return BackupLocation(_(
            "The folder {folder} disappeared during the backup (was the disk removed?). Plug "
            "it back in and try again."
        ).format(folder=folder))
    # Translators: {reason} is the operating system's own explanation.
    return BackupLocation(_("Organizer cannot write the backup in {folder}: {reason}.").format(
        folder=folder, reason=error.strerror))


def glob_escape(text: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", text)


def remove_with_sidecars(path: Path) -> None:
    """A vault file with its WAL, shared-memory and journal files, and what `Vault.create`
    had made for it under its own temporary name."""
    creating = path.parent / f".{path.name}.creating"
    for base in (path, creating):
        for suffix in ("", "-wal", "-shm", "-journal"):
            with contextlib.suppress(FileNotFoundError):
                os.remove(f"{base}{suffix}")


def remove_if_unlocked(path: Path, *, sidecars: bool = False) -> bool:
    """Remove a temporary file unless a live process holds its lock (work in progress)."""
    try:
        fd = os.open(path, os.O_RDONLY | this_platform().NO_INHERIT | this_platform().NO_FOLLOW)
    except OSError:
        return False
    locked = this_platform().try_lock(fd)
    if not locked:
        stale = False
        if locked is None:  # no locks on this disk: go by age
            with contextlib.suppress(OSError):
                stale = time.time() - os.fstat(fd).st_mtime > STALE_SECONDS
        if not stale:
            os.close(fd)
            return False
    try:
        if sidecars:
            remove_with_sidecars(path)
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
    return _remove_unlocked(folder, _PARTIAL_NAME, sidecars=False)


_RESTORING_NAME = re.compile(r"^\..+\.restoring-[0-9a-f]{12}$")


def clean_restore_leftovers(folder: Path | str) -> int:
    """Remove the half-built vaults (and their journals) of restores that were killed;
    returns how many. One still being built is locked and left alone."""
    return _remove_unlocked(folder, _RESTORING_NAME, sidecars=True)


def _remove_unlocked(folder: Path | str, name: re.Pattern[str], *, sidecars: bool) -> int:
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        if name.match(entry.name) and entry.is_file(follow_symlinks=False):
            removed += remove_if_unlocked(Path(entry.path), sidecars=sidecars)
    return removed
