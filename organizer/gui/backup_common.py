"""What the backup dialogs share: the file-dialog seams (tests answer them), the backup
files' filters, the keep-it-safe note and the progress reporter.

Every file dialog goes through the seams below (which use start_screen's), so tests can answer
them and no dialog ever adds a backup's name to the desktop's "recently used" list.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QWidget

from organizer.core.backup import SUFFIX
from organizer.gui import start_screen
from organizer.gui.workers import Progress
from organizer.i18n import N_, _

BACKUP_FILTERS = [N_("Organizer backups (*.age)"), N_("All files (*)")]
KEEP_IT_SAFE_NOTE = N_(
    "Write the backup passphrase down and keep it away from the computer: without it, no "
    "one can restore the backup, not even you."
)


# ----- seams: tests replace these ------------------------------------------------------------


def choose_backup_target(parent: QWidget | None, suggested: Path) -> Path | None:
    """Where to write a backup; None when cancelled."""
    return start_screen.choose_save_path(
        parent, suggested, _("Save the backup as"), _filters(), SUFFIX
    )


def choose_backup_file(parent: QWidget | None, start: Path | None = None) -> Path | None:
    """Which backup to restore; None when cancelled."""
    return start_screen.choose_open_path(parent, _("Choose a backup"), _filters(), start)


def choose_backup_folder(parent: QWidget | None, start: Path | None = None) -> Path | None:
    """The folder for automatic backups (say, a USB stick); None when cancelled."""
    return start_screen.choose_folder(parent, start, _("Folder for automatic backups"))


def choose_kit_folder(parent: QWidget | None, start: Path | None = None) -> Path | None:
    """The folder for a recovery kit's pages; None when cancelled."""
    return start_screen.choose_folder(parent, start,
                                     _("Folder for the recovery kit's pages"))


def choose_vault_target(parent: QWidget | None, suggested: Path) -> Path | None:
    """Where to put the restored campaign file; None when cancelled."""
    return start_screen.choose_save_path(parent, suggested,
                                         _("Save the restored campaign as"))


# ----- small shared pieces -------------------------------------------------------------------


def _filters() -> list[str]:
    return [_(name) for name in BACKUP_FILTERS]


def _fraction_reporter(progress: Progress, text: str) -> Callable[[float], None]:
    def report(fraction: float) -> None:
        progress.report(round(fraction * 100), 100, text)

    return report
