"""The Call lists page: the saved lists on the left (open one to type its results in), and a
new list on the right: who to call, what goes on the page, then preview, print or save a PDF.

Paper leaks, so the page nudges towards less on paper (code names or initials, neutral
assessment codes, "destroy by") and never puts a campaign's or person's name in a file name
or a print queue's document name. Printing or saving a PDF saves the list in the vault with
its people in the printed order, so the results can be typed back in the same order.

Each printout is also logged as a printed copy once the print dialog was confirmed or the
file chosen (organizer.gui.printed_copies_ui): for "Printed for", else the list's OC member,
with the list's destroy-by date. Its copy code goes small at the foot of every page; a list
printed with code names or initials leaves the recipient out of that mark.

Once the vault knows which person is me (the committee identity), a new list is of my own
people until "Assigned to" is chosen: on a committee each member mostly calls the people
assigned to them, from their own vault.

`start_list_for` starts a new list of exactly the people the People page showed ("Make a call
list"): the choices go back to "any" (they can still narrow it) until "Call anyone" drops it.

The new list's two halves are parts of the page, beside it: organizer.gui.who_to_call (who
to call, the live count) and organizer.gui.call_list_printing (what goes on the page, and
preview, print or PDF with their copy marks).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDir, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from organizer import formats
from organizer.core import call_lists
from organizer.core.call_lists import (
    CallList,
    RecordedResults,
)
from organizer.core.errors import OrganizerError
from organizer.core.vault import Vault
from organizer.gui import messages, theme
from organizer.gui.assessment_badge import AssessmentScale
from organizer.gui.call_list_printing import DESTROY_AFTER_DAYS, CallListPrinting
from organizer.gui.call_results_sheet import CallResultsSheet, describe_recorded
from organizer.gui.people_model import CampaignChoices
from organizer.gui.start_screen import choose_save_path
from organizer.gui.who_to_call import WhoToCall
from organizer.gui.workers import LatestRead, Task
from organizer.i18n import N_, _
from organizer.reports.call_list_pdf import (
    render_call_list_pdf,
)

__all__ = [
    "DESTROY_AFTER_DAYS",
    "EMPTY_TEXT",
    "REMINDER",
    "CallListsPage",
    "ask_list_name",
    "choose_pdf_path",
    "suggested_pdf_name",
]

COUNT_PAUSE_MS = 150  # recount this long after the last change to the criteria
ID_ROLE = Qt.ItemDataRole.UserRole + 1

# Module constants are marked with N_ and translated where they are shown.
REMINDER = N_("Paper leaks: print only what the caller needs, and shred it after.")
EMPTY_TEXT = N_(
    "No saved call lists yet. Choose who to call on the right, then Save PDF or Print."
)


# ----- seams: tests replace these instead of driving modal dialogs ---------------------------


def suggested_pdf_name(today: dt.date | None = None) -> str:
    """"call-list-2026-11-23.pdf": never a campaign's, list's or person's name."""
    return f"call-list-{(today or dt.date.today()).isoformat()}.pdf"


def choose_pdf_path(parent: QWidget | None, suggested: str,
                    caption: str | None = None) -> Path | None:
    """Ask where to save a PDF, starting in the documents folder; None when cancelled.
    Through the start screen's file dialog, which leaves no trace of where it went."""
    folder = Path(QDir.homePath()) / "Documents"  # the folder's name on disk, not a word
    if not folder.is_dir():
        folder = Path(QDir.homePath())
    return choose_save_path(parent, folder / suggested,
                            caption if caption is not None else _("Save the call list as PDF"),
                            [_("PDF files (*.pdf)")], ".pdf")


def ask_list_name(parent: QWidget | None, label: str, text: str) -> str | None:
    """Ask for a call list's name; None when cancelled or left empty."""
    # "Organizer" is the app's name: never translated.
    name, ok = QInputDialog.getText(parent, "Organizer", label, QLineEdit.EchoMode.Normal, text)
    name = " ".join(name.split())
    return name if ok and name else None


# ----- the page -----------------------------------------------------------------------------


class CallListsPage(WhoToCall, CallListPrinting, QWidget):
    """Saved lists | a new list; opening a saved list shows its results sheet in its place."""

    data_changed = Signal()  # results were recorded: people's last contact, follow-ups...
    person_requested = Signal(str)
    list_saved = Signal(str)  # the call list's id

    def __init__(
        self, vault: Vault, scale: AssessmentScale, *, choices: CampaignChoices | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.vault = vault
        self.scale = scale
        self.choices = choices or CampaignChoices(vault)
        self._reads = LatestRead(vault, self)
        self._updating = False
        self._task: Task | None = None
        # The list last printed from the builder: printing it again unchanged marks that
        # list printed instead of saving a second copy.
        self._last_saved: tuple[CallList, str, str] | None = None
        self.sheet: CallResultsSheet | None = None
        # Set once "Assigned to" is chosen by hand: from then on it is never moved to me.
        self._organizer_chosen = False
        # The people a list was started for (start_list_for); empty: whoever the choices pick.
        self._preset_ids: frozenset[str] = frozenset()
        self.setObjectName("call-lists-page")

        self.stack = QStackedWidget(self)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)
        self.overview = QSplitter(Qt.Orientation.Horizontal)
        self.overview.setChildrenCollapsible(False)
        self.overview.addWidget(self._build_saved_lists())
        self.overview.addWidget(self._build_new_list())
        # The new list's choices need the width; the saved lists need only their names.
        self.overview.setStretchFactor(0, 1)
        self.overview.setStretchFactor(1, 3)
        self.overview.setSizes([280, 720])
        self.stack.addWidget(self.overview)

        self._count_timer = QTimer(self)
        self._count_timer.setSingleShot(True)
        self._count_timer.setInterval(COUNT_PAUSE_MS)
        self._count_timer.timeout.connect(self.update_count)
        self._connect_criteria()
        # No reads here: the window builds this page at unlock, and the live count alone
        # builds a whole call list (seconds on 100,000 people). The choices, saved lists and
        # count are read in showEvent, each time the page is shown.

    # ----- building the halves ----------------------------------------------------------------

    def _heading(self, text: str) -> QLabel:
        # 1.2 times the system's font size, and still so when it changes.
        return theme.heading(QLabel(text), 1.2)

    def _build_saved_lists(self) -> QWidget:
        pane = QWidget()
        layout = QVBoxLayout(pane)
        layout.setContentsMargins(12, 10, 6, 10)
        layout.addWidget(self._heading(_("Saved call lists")))

        self.saved = QTreeWidget()
        self.saved.setObjectName("saved-call-lists")
        self.saved.setAccessibleName(_("Saved call lists"))
        self.saved.setColumnCount(3)
        self.saved.setHeaderLabels([_("Name"), _("People"), _("Printed")])
        self.saved.setRootIsDecorated(False)
        self.saved.setUniformRowHeights(True)
        self.saved.setAlternatingRowColors(True)
        self.saved.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.saved.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.saved.itemActivated.connect(lambda *_args: self.open_results())
        self.saved.itemSelectionChanged.connect(self._saved_selection_changed)
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.saved)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self.ask_delete)

        self.saved_empty = QLabel(_(EMPTY_TEXT))
        self.saved_empty.setObjectName("saved-call-lists-empty")
        self.saved_empty.setWordWrap(True)
        self.saved_empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.saved_empty.setEnabled(False)
        self.saved_empty.setMargin(24)
        self.saved_stack = QStackedWidget()
        self.saved_stack.addWidget(self.saved)
        self.saved_stack.addWidget(self.saved_empty)
        layout.addWidget(self.saved_stack, 1)

        buttons = QGridLayout()  # two by two: fits a narrow column
        self.results_button = QPushButton(_("Enter res&ults…"))
        self.results_button.setToolTip(
            _("Type in what happened on each call, in the same order as the paper")
        )
        self.results_button.clicked.connect(lambda: self.open_results())
        self.reprint_button = QPushButton(_("Preview a&gain…"))
        self.reprint_button.setToolTip(
            _("See the list as printed, with today's details; print it"))
        self.reprint_button.clicked.connect(lambda: self.preview_saved())
        self.rename_button = QPushButton(_("Ren&ame…"))
        self.rename_button.clicked.connect(lambda: self.ask_rename())
        self.delete_button = QPushButton(_("Delete…"))
        self.delete_button.setToolTip(_("Delete this list (calls already recorded stay)"))
        self.delete_button.clicked.connect(lambda: self.ask_delete())
        for index, button in enumerate((self.results_button, self.reprint_button,
                                        self.rename_button, self.delete_button)):
            buttons.addWidget(button, index // 2, index % 2)
        layout.addLayout(buttons)
        self.status_label = QLabel()
        self.status_label.setObjectName("call-lists-status")
        self.status_label.setWordWrap(True)
        self.status_label.setAccessibleName(_("What just happened"))
        layout.addWidget(self.status_label)
        return pane

    def _build_new_list(self) -> QWidget:
        pane = QWidget()
        layout = QVBoxLayout(pane)
        layout.setContentsMargins(6, 10, 12, 10)
        top = QHBoxLayout()
        top.addWidget(self._heading(_("New call list")))
        top.addStretch(1)
        self.count_label = QLabel()
        self.count_label.setObjectName("call-list-count")
        self.count_label.setAccessibleName(_("How many people match"))
        theme.heading(self.count_label, 1.2)
        top.addWidget(self.count_label)
        layout.addLayout(top)

        form = QWidget()
        form_layout = QVBoxLayout(form)
        form_layout.setContentsMargins(0, 0, 6, 0)
        form_layout.addWidget(self._build_preset())
        form_layout.addWidget(self._build_criteria())
        form_layout.addWidget(self._build_options())
        form_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(form)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout.addWidget(scroll, 1)

        name_row = QHBoxLayout()
        name_label = QLabel(_("&List name:"))
        self.list_name = QLineEdit()
        self.list_name.setAccessibleName(_("List name"))
        self.list_name.setToolTip(_("Printed at the top of every page and shown under Saved"))
        self.list_name.setPlaceholderText(self.default_list_name())
        self.list_name.setMaxLength(80)
        name_label.setBuddy(self.list_name)
        name_row.addWidget(name_label)
        name_row.addWidget(self.list_name, 1)
        layout.addLayout(name_row)

        buttons = QHBoxLayout()
        self.preview_button = QPushButton(_("&Preview…"))
        self.preview_button.clicked.connect(lambda: self.preview())
        self.print_button = QPushButton(_("P&rint…"))
        self.print_button.clicked.connect(lambda: self.print_list())
        self.save_pdf_button = QPushButton(_("&Save PDF…"))
        self.save_pdf_button.clicked.connect(lambda: self.save_pdf())
        buttons.addStretch(1)
        for button in (self.preview_button, self.print_button, self.save_pdf_button):
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self.reminder = QLabel(_(REMINDER))
        self.reminder.setObjectName("paper-reminder")
        self.reminder.setWordWrap(True)
        self.reminder.setAlignment(Qt.AlignmentFlag.AlignRight)
        layout.addWidget(self.reminder)
        return pane

    # ----- output -----------------------------------------------------------------------------
    # The rest is in call_list_printing; saving a PDF stays here, where it asks through this
    # module's choose_pdf_path (a seam tests replace).

    def save_pdf(self) -> Task | None:
        """Ask where, then write the PDF in the background; the list is saved once written."""
        call_list = self.build()
        if call_list is None:
            return None
        path = choose_pdf_path(self, suggested_pdf_name())
        if path is None:
            return None
        name = self.list_name_text()
        today = dt.date.today()
        logged = self._record_copy(call_list, name)
        if logged is None:
            return None
        copy, mark = logged

        def work(_progress: object) -> int:
            return render_call_list_pdf(call_list, path, list_name=name, printed_on=today,
                                        copy_mark=mark)

        for button in (self.preview_button, self.print_button, self.save_pdf_button):
            button.setEnabled(False)
        task = Task(work, parent=self, label=_("Writing the PDF…"))
        task.succeeded.connect(lambda pages: self._pdf_written(call_list, name, path, pages,
                                                               copy))
        task.failed.connect(lambda error: self._pdf_failed(error, copy))
        task.finished.connect(self._output_finished)
        self._task = task
        return task.start()

    # ----- saved lists ------------------------------------------------------------------------

    def refresh_saved_lists(self, select: str | None = None) -> None:
        keep = select or self.selected_list_id()
        try:
            saved = call_lists.saved_call_lists(self.vault)
        except OrganizerError:
            return
        today = dt.date.today()
        self.saved.clear()
        for entry in saved:
            # Translators: a saved call list was never printed.
            printed = (formats.relative_date(entry.printed_at, today) if entry.printed_at
                       else _("not yet"))
            item = QTreeWidgetItem([entry.name, formats.number(entry.people), printed])
            item.setData(0, ID_ROLE, entry.id)
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            item.setToolTip(0, entry.name)
            self.saved.addTopLevelItem(item)
            if entry.id == keep:
                self.saved.setCurrentItem(item)
        first = self.saved.topLevelItem(0)
        if self.saved.currentItem() is None and first is not None:
            self.saved.setCurrentItem(first)
        self.saved_stack.setCurrentWidget(self.saved if saved else self.saved_empty)
        self._saved_selection_changed()

    def selected_list_id(self) -> str | None:
        item = self.saved.currentItem()
        value = item.data(0, ID_ROLE) if item is not None else None
        return value if isinstance(value, str) else None

    def _saved_selection_changed(self) -> None:
        chosen = self.selected_list_id() is not None
        for button in (self.results_button, self.reprint_button, self.rename_button,
                       self.delete_button):
            button.setEnabled(chosen)

    def ask_rename(self) -> None:
        list_id = self.selected_list_id()
        item = self.saved.currentItem()
        if list_id is None or item is None:
            return
        name = ask_list_name(self, _("New name for this call list:"), item.text(0))
        if name is None:
            return
        try:
            call_lists.rename_call_list(self.vault, list_id, name)
        except OrganizerError as error:
            messages.warn_error(self, error)
            return
        self.refresh_saved_lists(select=list_id)

    def ask_delete(self) -> None:
        list_id = self.selected_list_id()
        item = self.saved.currentItem()
        if list_id is None or item is None:
            return
        if not messages.confirm(
            self, _("Delete the call list “{name}”?").format(name=item.text(0)),
            detail=_("Calls already recorded from it stay. Results typed in but not recorded "
                     "are thrown away. Printed copies are not affected: shred them."),
            confirm_label=_("Delete"), cancel_label=_("Keep it"),
        ):
            return
        try:
            call_lists.delete_call_list(self.vault, list_id)
        except OrganizerError as error:
            messages.warn_error(self, error)
            return
        self.status_label.setText(_("Deleted the call list."))
        self.refresh_saved_lists()

    def preview_saved(self) -> bool:
        """Preview a saved list (same people, same order, today's details); print it again."""
        list_id = self.selected_list_id()
        if list_id is None:
            return False
        try:
            call_list = call_lists.open_call_list(self.vault, list_id)
        except OrganizerError as error:
            messages.warn_error(self, error)
            self.refresh_saved_lists()
            return False
        printed = bool(self._preview(call_list, call_list.name))
        if printed:
            try:
                call_lists.mark_printed(self.vault, list_id)
            except OrganizerError as error:
                messages.warn_error(self, error)
            self.refresh_saved_lists(select=list_id)
            self.status_label.setText(
                _("Printed “{name}” again. Shred the old copy.").format(name=call_list.name))
        return printed

    # ----- results ----------------------------------------------------------------------------

    def open_results(self, call_list_id: str | None = None) -> CallResultsSheet | None:
        """Show a saved list's results sheet in place of the overview."""
        list_id = call_list_id or self.selected_list_id()
        if list_id is None:
            return None
        if self.sheet is not None:
            self.close_results()
        try:
            sheet = CallResultsSheet(self.vault, list_id, choices=self.choices)
        except OrganizerError as error:
            messages.warn_error(self, error)
            self.refresh_saved_lists()
            return None
        sheet.closed.connect(self.close_results)
        sheet.results_recorded.connect(self._results_recorded)
        sheet.person_requested.connect(self.person_requested)
        self.sheet = sheet
        self.stack.addWidget(sheet)
        self.stack.setCurrentWidget(sheet)
        sheet.focus_table()
        return sheet

    def close_results(self) -> None:
        sheet, self.sheet = self.sheet, None
        if sheet is None:
            return
        sheet.save_draft()
        list_id = sheet.call_list_id
        self.stack.setCurrentWidget(self.overview)
        self.stack.removeWidget(sheet)
        sheet.deleteLater()
        self.refresh_saved_lists(select=list_id)
        self.saved.setFocus()

    def _results_recorded(self, recorded: object) -> None:
        if not isinstance(recorded, RecordedResults):
            return
        text = describe_recorded(recorded)
        self.status_label.setText(text)
        self.data_changed.emit()
        sheet = self.sheet
        if sheet is not None and not sheet.model.results():
            self.close_results()  # everything typed is recorded: back to the lists
        elif sheet is not None:
            sheet.restored_label.setText(text)
            sheet.restored_label.show()

    # ----- showing ----------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        # People, OC members and tests change on other pages: read them again when shown.
        super().showEvent(event)
        if self.sheet is not None:
            self.sheet.focus_table()
            return
        self.reload_choices()
        self.refresh_saved_lists()
        self.update_count()
        # Keyboard users land on the saved lists, or on the first choice when there are none.
        if self.saved.topLevelItemCount():
            self.saved.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.department_filter.setFocus(Qt.FocusReason.OtherFocusReason)
