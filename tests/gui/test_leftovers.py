"""What killed operations left behind goes the next time the app starts: half-written
backups and half-built restored vaults in the vaults' folder (one still being written, and
so locked, stays)."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from organizer.core import paths
from organizer.gui.app import AppController
from tests.conftest import posix_only

Make = Callable[..., AppController]


@posix_only  # the restore still in progress holds its lock with flock
def test_starting_the_app_sweeps_killed_exports_and_restores(
    qtbot: Any, make_controller: Make
) -> None:
    import fcntl

    folder = paths.data_dir()
    dead_export = folder / ".campaign.age.partial-0123456789ab"
    dead_restore = folder / ".new.vault.restoring-0123456789ab"
    dead_journal = folder / ".new.vault.restoring-0123456789ab-journal"
    live_restore = folder / ".other.vault.restoring-ba9876543210"
    mine = folder / "notes.txt"
    for path in (dead_export, dead_restore, dead_journal, live_restore, mine):
        path.write_bytes(b"encrypted pages")
    fd = os.open(live_restore, os.O_RDONLY)
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        make_controller()
        qtbot.waitUntil(lambda: not dead_restore.exists(), timeout=5000)
        assert not dead_export.exists() and not dead_journal.exists()
        assert live_restore.exists() and mine.exists()
    finally:
        os.close(fd)
