"""What every exchange of updates shows and shares: the summary dialog (a line per file,
the conflicts to review), whether the committee is set up, and the worker's cancel hook."""


import importlib
import importlib.util
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from organizer import formats
from organizer.core.committee import roster
from organizer.core.committee.identity import get_identity
from organizer.core.vault import Vault
from organizer.gui import theme
from organizer.gui.screen_fit import resize_to_fit
from organizer.gui.workers import Progress
from organizer.i18n import N_, _, ngettext

CONFLICTS_MODULE = "organizer.gui.conflicts_dialog"
NO_IDENTITY = N_(
    "Set up your committee identity first (Settings › Committee): it signs what you send and "
    "opens what the others send you."
)
NO_MEMBERS = N_(
    "Add the other members' cards first (Settings › Committee): Organizer only exchanges "
    "updates with members on your roster."
)
STILL_WRITING = N_(
    "Organizer is still saving something else (an import, or other updates). Try again when "
    "it is done."
)


# ----- conflicts to review (its dialog is another module's, and may not be there yet) --------


def conflicts_dialog_available() -> bool:
    try:
        return importlib.util.find_spec(CONFLICTS_MODULE) is not None
    except (ImportError, ValueError):
        return False


def open_conflicts(vault: Vault, parent: QWidget | None,
                   closed: Callable[[], None] | None = None) -> QDialog | None:
    """Show Conflicts to review (window-modal); None when this build has no such dialog.
    `closed` runs when it closes: resolving a conflict changes records the window shows."""
    try:
        module: Any = importlib.import_module(CONFLICTS_MODULE)
    except ImportError:
        return None
    dialog: QDialog = module.ConflictsDialog(vault, parent)
    dialog.finished.connect(dialog.deleteLater)
    if closed is not None:
        dialog.finished.connect(lambda _code: closed())
    dialog.open()
    return dialog


# ----- what the committee's roster says -------------------------------------------------------


def exchange_problem(vault: Vault) -> str:
    """Why nothing can be sent or received yet (one sentence), or "" when all is set."""
    if get_identity(vault) is None:
        return _(NO_IDENTITY)
    if not roster.list_members(vault, include_removed=False):
        return _(NO_MEMBERS)
    return ""


def unconfirmed_note(name: str) -> str:
    return _(
        "{name}'s fingerprint is not confirmed yet: compare it in Settings › Committee."
    ).format(name=name)


# ----- the summary --------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    """One line of a summary: what happened to one file, and whether it went well."""

    text: str
    kind: Literal["done", "refused", "note"] = "done"


class ExchangeSummaryDialog(QDialog):
    """What a send, a receive or a folder pass did: one line per file, the notes, and the
    conflicts to review with a button that opens them."""

    def __init__(
        self,
        vault: Vault,
        title: str,
        heading: str,
        lines: Sequence[Line],
        *,
        intro: str = "",
        conflicts: int = 0,
        parent: QWidget | None = None,
        data_changed: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("exchange-summary")
        self.vault = vault
        self.lines = [line.text for line in lines]
        self._data_changed = data_changed
        layout = QVBoxLayout(self)
        self.heading = theme.heading(QLabel(heading), 1.15)
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        self.intro = QLabel(intro)
        self.intro.setWordWrap(True)
        self.intro.setVisible(bool(intro))
        self.intro.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.intro)

        holder = QWidget()
        rows = QVBoxLayout(holder)
        rows.setContentsMargins(6, 6, 6, 6)
        rows.setSpacing(8)
        for line in lines:
            rows.addLayout(self._line_row(line))
        rows.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(holder)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.StyledPanel)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setMinimumWidth(560)
        # As tall as the lines (wrapped at about the dialog's width), up to 320 px; more
        # lines scroll. A first summary shows its few lines without an empty box below.
        wanted = holder.heightForWidth(600)
        if wanted < 0:
            wanted = holder.sizeHint().height()
        scroll.setMinimumHeight(min(wanted + 2 * scroll.frameWidth(), 320))
        layout.addWidget(scroll, 1)

        self.conflicts_label = QLabel(ngettext(
            "{n} conflict to review: two members changed the same thing; the later change is "
            "in, the other is kept for you to look at.",
            "{n} conflicts to review: two members changed the same thing; the later change is "
            "in, the other is kept for you to look at.",
            conflicts,
        ).format(n=formats.number(conflicts)))
        self.conflicts_label.setWordWrap(True)
        self.conflicts_button = QPushButton(_("Review conflicts…"))
        self.conflicts_button.clicked.connect(self.review_conflicts)
        conflicts_row = QHBoxLayout()
        conflicts_row.addWidget(self.conflicts_label, 1)
        conflicts_row.addWidget(self.conflicts_button)
        layout.addLayout(conflicts_row)
        self.conflicts_label.setVisible(conflicts > 0)
        # The review dialog is another module, added separately: without it, no button.
        self.conflicts_button.setVisible(conflicts > 0 and conflicts_dialog_available())

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
        # The height its wrapped lines need at this width (sizeHint wraps them narrower).
        height = layout.totalHeightForWidth(640)
        resize_to_fit(self, 640, height if height > 0 else self.sizeHint().height())

    def _line_row(self, line: Line) -> QHBoxLayout:
        icon = {
            "done": QStyle.StandardPixmap.SP_DialogApplyButton,
            "refused": QStyle.StandardPixmap.SP_MessageBoxWarning,
            "note": QStyle.StandardPixmap.SP_MessageBoxInformation,
        }[line.kind]
        size = self.fontMetrics().height()
        mark = QLabel()
        mark.setPixmap(self.style().standardIcon(icon).pixmap(size, size))
        mark.setAlignment(Qt.AlignmentFlag.AlignTop)
        text = QLabel(line.text)
        text.setWordWrap(True)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row = QHBoxLayout()
        row.addWidget(mark)
        row.addWidget(text, 1)
        return row

    @Slot()
    def review_conflicts(self) -> None:
        # Over the window, not over this summary: it closes now.
        parent = self.parentWidget()
        self.accept()
        open_conflicts(self.vault, parent, self._data_changed)


def show_summary(dialog: ExchangeSummaryDialog) -> ExchangeSummaryDialog:
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog



# ----- the worker's statements stop once cancelled -------------------------------------------


# How often (in SQLite VM steps) a statement looks at the cancel flag: rare enough to cost
# next to nothing, often enough that a long statement stops within a few milliseconds.
CANCEL_CHECK_STEPS = 1000


def stop_statements_once_cancelled(own: Vault, progress: Progress) -> None:
    """Make every statement on the worker's connection stop once the work is cancelled.

    A cancel interrupts the statement running at that moment, but a merge is many
    statements with Python between them, and an interrupt that lands between two is lost:
    the lock would wait for the whole merge. With this, the next statement to run stops
    (SQLITE_INTERRUPT), the transaction rolls back and the lock goes on. The connection is
    the worker's own, closed when the work ends."""
    own.connection.set_progress_handler(
        lambda: 1 if progress.cancelled else 0, CANCEL_CHECK_STEPS)
