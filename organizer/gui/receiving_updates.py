"""Receiving update files (File › Receive updates…, files dropped on the window): each
file merged in its own transaction in a worker, and what each one did."""


from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import shiboken6
from PySide6.QtWidgets import (
    QWidget,
)

from organizer import formats
from organizer.core.committee.envelope import UpdateNotForMe
from organizer.core.committee.identity import get_identity
from organizer.core.committee.receive import receive_file
from organizer.core.committee.send import SUFFIX
from organizer.core.errors import InvalidInput, OrganizerError
from organizer.core.vault import Vault
from organizer.gui import messages
from organizer.gui.exchange_summary import (
    NO_IDENTITY,
    STILL_WRITING,
    ExchangeSummaryDialog,
    Line,
    exchange_problem,
    show_summary,
    stop_statements_once_cancelled,
)
from organizer.gui.unlock import describe_error
from organizer.gui.workers import Cancelled, Progress, VaultWrite, vault_writes_running
from organizer.i18n import N_, _, ngettext

RECEIVE_STOPPED_BY_LOCK = N_(
    "Receiving updates was stopped by the lock. The files merged before it stay; receive the "
    "others again."
)


# ----- receiving ------------------------------------------------------------------------------


@dataclass
class FileOutcome:
    name: str
    sentence: str
    applied: bool = False  # merged now (not refused, not applied before)
    conflicts: int = 0
    refused: bool = False


@dataclass
class ReceiveSummary:
    """What receiving a set of files did, file by file."""

    outcomes: list[FileOutcome] = field(default_factory=list)
    not_reached: list[str] = field(default_factory=list)  # stopped before these
    skipped_others: int = 0  # files in a folder written for other members

    @property
    def applied(self) -> int:
        return sum(1 for outcome in self.outcomes if outcome.applied)

    @property
    def conflicts(self) -> int:
        return sum(outcome.conflicts for outcome in self.outcomes)

    def heading(self) -> str:
        refused = sum(1 for outcome in self.outcomes if outcome.refused)
        if not self.outcomes and not self.not_reached:
            if self.skipped_others:
                return _("No update files for you there: the files in it are for other "
                         "members.")
            return _("There were no update files there.")
        total = len(self.outcomes) + len(self.not_reached)
        # Each part is one item of the list the sentence below holds.
        parts = [ngettext("{n} applied", "{n} applied", self.applied).format(
            n=formats.number(self.applied))]
        if refused:
            parts.append(ngettext("{n} not applied", "{n} not applied", refused).format(
                n=formats.number(refused)))
        if self.not_reached:
            count = len(self.not_reached)
            parts.append(ngettext("{n} not reached (stopped)", "{n} not reached (stopped)",
                                  count).format(n=formats.number(count)))
        # Translators: {outcomes} is a list: "2 applied, 1 not applied".
        return ngettext("Received {n} file: {outcomes}.", "Received {n} files: {outcomes}.",
                        total).format(n=formats.number(total), outcomes=", ".join(parts))

    def intro(self) -> str:
        if any(outcome.refused for outcome in self.outcomes):
            return _("A file that is not applied changed nothing in your vault. Ask its "
                     "sender for it again if you need what is in it.")
        return ""

    def lines(self) -> list[Line]:
        lines = [Line(o.sentence, "refused" if o.refused else "done") for o in self.outcomes]
        if self.not_reached:
            # Translators: {files} is a list of file names.
            lines.append(Line(ngettext(
                "Stopped before {files}: receive it again.",
                "Stopped before {files}: receive them again.",
                len(self.not_reached),
            ).format(files=", ".join(self.not_reached)), "note"))
        if self.skipped_others:
            lines.append(Line(ngettext(
                "{n} file in the folder is for other members; left alone.",
                "{n} files in the folder are for other members; left alone.",
                self.skipped_others,
            ).format(n=formats.number(self.skipped_others)), "note"))
        return lines


class ReceiveStopped(OrganizerError):
    """A cancel or a lock stopped receiving between or inside files; what was done stays."""

    def __init__(self, summary: ReceiveSummary) -> None:
        super().__init__(_("Receiving was stopped; the files merged before it stay."))
        self.summary = summary


def _files_to_receive(chosen: Sequence[Path]) -> tuple[list[tuple[Path, bool]], list[FileOutcome]]:
    """(file, found in a folder) for each file named and each update file in each folder
    named; and what to say about each path that is not there."""
    files: list[tuple[Path, bool]] = []
    missing: list[FileOutcome] = []
    for path in chosen:
        if path.is_dir():
            files += [(p, True) for p in sorted(path.iterdir())
                      if p.name.endswith(SUFFIX) and not p.name.startswith(".") and p.is_file()]
        elif path.exists():
            files.append((path, False))
        else:
            missing.append(FileOutcome(
                path.name,
                _("{name} is not there any more (moved or deleted?).").format(name=path.name),
                refused=True))
    return files, missing


def receive_in_worker(own: Vault, chosen: Sequence[Path], progress: Progress) -> ReceiveSummary:
    """Check and merge each file in its own transaction, reporting between files. Runs in a
    VaultWrite: `own` is the vault on the worker's connection; never touches a widget."""
    me = get_identity(own)
    if me is None:
        raise InvalidInput(_(NO_IDENTITY))
    stop_statements_once_cancelled(own, progress)
    files, missing = _files_to_receive(chosen)
    summary = ReceiveSummary(missing)
    for done, (path, in_folder) in enumerate(files):
        if progress.cancelled:
            summary.not_reached = [p.name for p, _found in files[done:]]
            raise ReceiveStopped(summary)
        progress.report(done, len(files), _("Receiving {name}…").format(name=path.name))
        try:
            received = receive_file(own, me, path)
        except UpdateNotForMe as error:
            if in_folder:
                summary.skipped_others += 1  # a shared folder holds everyone's files
            else:
                summary.outcomes.append(FileOutcome(path.name, str(error), refused=True))
        except OrganizerError as error:
            if progress.cancelled:  # the interrupt ended the merge: it was rolled back
                summary.not_reached = [p.name for p, _found in files[done:]]
                raise ReceiveStopped(summary) from None
            # Refusals are one sentence; anything else (a disk problem, a bug) says so too,
            # and the other files still apply.
            summary.outcomes.append(FileOutcome(path.name, describe_error(error),
                                                refused=True))
        except Exception:
            # An interrupt can also end a read before the merge's transaction began (the
            # roster look-up), untranslated: a cancel all the same, nothing of it applied.
            if progress.cancelled:
                summary.not_reached = [p.name for p, _found in files[done:]]
                raise ReceiveStopped(summary) from None
            raise
        else:
            summary.outcomes.append(FileOutcome(
                path.name, received.sentence(), applied=not received.skipped,
                conflicts=received.conflicts))
    progress.report(len(files), len(files), "")
    return summary


def start_receiving(
    vault: Vault,
    chosen: Sequence[Path],
    parent: QWidget,
    *,
    data_changed: Callable[[], None] | None = None,
) -> VaultWrite | None:
    """Receive the files (and the update files in the folders) chosen, in a worker with
    progress and Cancel, then show the summary. None when the committee is not set up."""
    problem = exchange_problem(vault)
    if problem:
        messages.inform(parent, problem)
        return None
    if vault_writes_running(vault):
        # Two merges side by side would wait on each other's write lock, then give up.
        messages.inform(parent, _(STILL_WRITING))
        return None
    paths = list(chosen)
    task = VaultWrite(
        vault, lambda own, progress: receive_in_worker(own, paths, progress), parent=parent,
        label=_("Receiving updates…"), cancellable=True,
        undone_note=_(RECEIVE_STOPPED_BY_LOCK),
    )
    # Through `outcome`, which hands the task over: no closure holds it in a cycle.
    task.outcome.connect(lambda ended, result, error: _received(
        ended, result, error, vault, parent, data_changed))
    task.start()
    return task


def _received(task: VaultWrite, result: object, error: object, vault: Vault, parent: QWidget,
              data_changed: Callable[[], None] | None) -> None:
    if task.stopped_by_app or not shiboken6.isValid(parent):
        return  # a lock is under way: it closes the window; the unlock page says so
    if isinstance(error, ReceiveStopped):
        result = error.summary
    if isinstance(result, ReceiveSummary):
        if data_changed is not None and result.applied:
            data_changed()
        show_summary(ExchangeSummaryDialog(
            vault, _("Updates received"), result.heading(), result.lines(),
            intro=result.intro(), conflicts=result.conflicts, parent=parent,
            data_changed=data_changed))
    elif isinstance(error, Cancelled):
        messages.inform(parent, _("Nothing was received."))
    elif error is not None:
        messages.warn(parent, describe_error(error))
