"""Waiting for the background reads: every people list, count, search and Today read runs in
the thread pool on a connection of its own (organizer.gui.workers), whatever the campaign's
size, so a test lets them end and their outcomes arrive before it looks at what they show.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtTest import QTest

from organizer.gui.workers import vault_tasks

SETTLE_LIMIT_MS = 20_000


def settle() -> None:
    """Process events until no read or write on any vault is running or undelivered (a
    delivered read may start the next, such as the status bar's numbers after the list)."""
    waited = 0
    while True:
        QCoreApplication.processEvents()  # due timers (Today's first read) and outcomes
        if not vault_tasks():
            QCoreApplication.processEvents()
            if not vault_tasks():
                return
        if waited >= SETTLE_LIMIT_MS:
            raise AssertionError(f"background reads still running after {waited} ms")
        QTest.qWait(5)
        waited += 5
