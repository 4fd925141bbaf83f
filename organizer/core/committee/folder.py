"""A shared folder: one folder that a sync tool (Syncthing, Nextcloud), a network share or a
USB stick keeps in step between members. Each pass writes my news for each member there and
merges the files addressed to me; the others' files are left alone, and nothing is ever
deleted from a folder Organizer does not own.

Files already looked at are remembered by name, size and modification time
(`update_file_seen`), so a pass opens only new ones; applied files are remembered by their
id as well (`update_received`), so a copy under another name is still skipped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from organizer import formats
from organizer.core import campaign, records
from organizer.core.committee import roster
from organizer.core.committee.envelope import UpdateNotForMe, UpdateRefused
from organizer.core.committee.identity import get_identity
from organizer.core.committee.receive import Received, receive_file
from organizer.core.committee.send import SUFFIX, SentFile, send_updates
from organizer.core.errors import InvalidInput
from organizer.core.vault import Vault
from organizer.i18n import _

SETTING = "committee_folder"


@dataclass
class FolderExchange:
    """What one pass did."""

    folder: Path
    sent: list[SentFile] = field(default_factory=list)
    received: list[Received] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (file name, why)

    def sentence(self) -> str:
        applied = len([r for r in self.received if not r.skipped])
        sent, received = formats.number(len(self.sent)), formats.number(applied)
        if self.refused:
            # Translators: counts of update files: written for members, merged, not applied.
            return _("Shared folder: {sent} sent, {received} received, {refused} refused.").format(
                sent=sent, received=received, refused=formats.number(len(self.refused)))
        # Translators: counts of update files: written for members, and merged here.
        return _("Shared folder: {sent} sent, {received} received.").format(
            sent=sent, received=received)


def shared_folder(vault: Vault) -> Path | None:
    value = campaign.setting(vault, SETTING)
    return Path(value) if value else None


def set_shared_folder(vault: Vault, folder: Path | str | None) -> None:
    """This campaign's shared folder, or none (None)."""
    if folder is None or str(folder) == "":
        campaign.set_setting(vault, SETTING, "")
        return
    path = Path(folder).expanduser().absolute()
    if not path.is_dir():
        raise InvalidInput(
            _("The folder {path} does not exist. Choose an existing folder.").format(path=path)
        )
    campaign.set_setting(vault, SETTING, str(path))


def exchange_with_folder(
    vault: Vault,
    folder: Path | None = None,
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> FolderExchange:
    """Write my news for each member into the folder, then merge what is new there for me.

    A refused file is reported, not raised: the other files still apply."""
    folder = folder or shared_folder(vault)
    if folder is None:
        raise InvalidInput(_("This campaign has no shared folder; choose one in Settings."))
    if not folder.is_dir():
        raise InvalidInput(_(
            "The shared folder {path} is not there (is the disk or share connected?)."
        ).format(path=folder))
    me = get_identity(vault)
    if me is None:
        raise InvalidInput(_(
            "Set up your committee identity first (Settings › Committee), then share a folder."
        ))
    result = FolderExchange(folder)
    if roster.active_members(vault.connection):
        result.sent = send_updates(vault, folder, only_news=True)
        _remember(vault, [sent.path for sent in result.sent])
    waiting = _new_files(vault, folder)
    for done, path in enumerate(waiting):
        if cancelled is not None and cancelled():
            break
        try:
            result.received.append(receive_file(vault, me, path))
        except UpdateNotForMe:
            pass  # another member's: the folder holds everyone's
        except UpdateRefused as error:
            result.refused.append((path.name, str(error)))
        _remember(vault, [path])
        if progress is not None:
            progress(done + 1, len(waiting))
    return result


def _new_files(vault: Vault, folder: Path) -> list[Path]:
    seen = {
        str(r[0]): (int(r[1]), int(r[2]))
        for r in vault.connection.execute(
            "SELECT name, size, modified_ns FROM update_file_seen"
        )
    }
    found = []
    for path in sorted(folder.glob(f"*{SUFFIX}")):
        # A sync tool's half-written file is hidden or renamed when done; ours too.
        if path.name.startswith(".") or not path.is_file():
            continue
        info = path.stat()
        if seen.get(path.name) != (info.st_size, info.st_mtime_ns):
            found.append(path)
    return found


def _remember(vault: Vault, paths: list[Path]) -> None:
    now = records.now()
    rows = []
    for path in paths:
        try:
            info = path.stat()
        except OSError:
            continue
        rows.append((path.name, info.st_size, info.st_mtime_ns, now))
    with vault.transaction() as conn:
        conn.executemany(
            "INSERT OR REPLACE INTO update_file_seen (name, size, modified_ns, seen_at) "
            "VALUES (?, ?, ?, ?)",
            rows,
        )
