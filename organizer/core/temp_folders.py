"""The app's private temporary folders (Qt's settings, the demo campaign), and removing those
a killed Organizer left behind.

Each folder holds a lock file that its process keeps locked while it lives; at the next start
every folder of ours whose lock can be taken is left over, and goes. Where files cannot be
locked (Windows until the platform seam lands) folders are still made, only not swept.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import tempfile
from pathlib import Path

QT_SETTINGS_PREFIX = "organizer-qt-"
DEMO_PREFIX = "organizer-demo-"
_PREFIXES = (QT_SETTINGS_PREFIX, DEMO_PREFIX)
_LOCK_NAME = ".in-use"
# Lock files held open for as long as their folder is in use (closing one releases its lock).
_HELD: dict[Path, int] = {}


def _lock(fd: int) -> bool:
    if sys.platform == "win32":
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def private_folder(prefix: str) -> Path:
    """A new folder only this user can enter (0700), marked in use by this process."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    fd = os.open(folder / _LOCK_NAME, os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
    _lock(fd)
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
    if sys.platform == "win32":
        return []
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
            if not entry.is_dir(follow_symlinks=False) or entry.stat().st_uid != os.getuid():
                continue
            if _abandoned(Path(entry.path)):
                shutil.rmtree(entry.path, ignore_errors=True)
                removed.append(Path(entry.path))
    return removed


def _abandoned(folder: Path) -> bool:
    try:
        fd = os.open(folder / _LOCK_NAME, os.O_RDWR | os.O_CLOEXEC | os.O_NOFOLLOW)
    except FileNotFoundError:
        return True  # made by an Organizer before this marker, or half-made
    try:
        return _lock(fd)
    finally:
        os.close(fd)
