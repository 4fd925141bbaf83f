"""The app's private temporary folders (Qt's settings, the demo campaign), and removing those
a killed Organizer left behind.

Each folder holds a lock file that its process keeps locked while it lives; at the next start
every folder of ours whose lock can be taken is left over, and goes. Where the lock cannot
prove anything (a disk without locks; Windows, until issue #17 makes it tested) folders are
still made, only not swept.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path

from organizer.platform import current as this_platform

QT_SETTINGS_PREFIX = "organizer-qt-"
DEMO_PREFIX = "organizer-demo-"
_PREFIXES = (QT_SETTINGS_PREFIX, DEMO_PREFIX)
_LOCK_NAME = ".in-use"
# Lock files held open for as long as their folder is in use (closing one releases its lock).
_HELD: dict[Path, int] = {}


def private_folder(prefix: str) -> Path:
    """A new folder only this user can enter (0700), marked in use by this process."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    fd = os.open(folder / _LOCK_NAME,
                 os.O_RDWR | os.O_CREAT | os.O_EXCL | this_platform().NO_INHERIT, 0o600)
    this_platform().try_lock(fd)
    _HELD[folder] = fd
    return folder


def remove_folder(folder: Path) -> None:
    """Delete one of our folders and let go of its lock."""
    fd = _HELD.pop(folder, None)
    if fd is not None:
        os.close(fd)
    shutil.rmtree(folder, ignore_errors=True)


def remove_abandoned(temp_dir: Path | None = None) -> list[Path]:
    """Remove the folders of ours that no running Organizer holds; returns them."""
    root = Path(temp_dir or tempfile.gettempdir())
    removed: list[Path] = []
    try:
        entries = list(os.scandir(root))
    except OSError:
        return removed
    for entry in entries:
        if not entry.name.startswith(_PREFIXES) or Path(entry.path) in _HELD:
            continue
        with contextlib.suppress(OSError):
            if not entry.is_dir(follow_symlinks=False) or not this_platform().is_mine(entry.stat()):
                continue
            if _abandoned(Path(entry.path)):
                shutil.rmtree(entry.path, ignore_errors=True)
                removed.append(Path(entry.path))
    return removed


def _abandoned(folder: Path) -> bool:
    try:
        fd = os.open(folder / _LOCK_NAME,
                     os.O_RDWR | this_platform().NO_INHERIT | this_platform().NO_FOLLOW)
    except FileNotFoundError:
        return True  # made by an Organizer before this marker, or half-made
    try:
        # Only a lock taken proves no process holds it (a disk that cannot lock proves nothing).
        return this_platform().try_lock(fd) is True
    finally:
        os.close(fd)
