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
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import shiboken6
from PySide6.QtCore import QDate, QDir, QStringListModel, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QPagedPaintDevice, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QCompleter,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from organizer import formats
from organizer.core import call_lists, campaign, people, saved_views, structure_tests, tags
from organizer.core.call_lists import (
    COLUMNS,
    NOT_ASKED,
    PARTICIPATION_STATUSES,
    CallList,
    CallListCriteria,
    CallListOptions,
    RecordedResults,
    resolve_page_size,
)
from organizer.core.committee import identity
from organizer.core.errors import OrganizerError
from organizer.core.people import PeopleFilter, PeopleSort
from organizer.core.printed_copies import PrintedCopy
from organizer.core.vault import Vault
from organizer.gui import messages, print_preview, printed_copies_ui, theme
from organizer.gui.assessment_badge import NOT_ASSESSED, AssessmentScale
from organizer.gui.call_results_sheet import CallResultsSheet, describe_recorded
from organizer.gui.one_on_one_dialog import DateEdit
from organizer.gui.people_model import CampaignChoices, refill_choices
from organizer.gui.start_screen import choose_save_path
from organizer.gui.tags_ui import TagFilterButton
from organizer.gui.workers import LatestRead, Task
from organizer.i18n import N_, _, ngettext
from organizer.reports.call_list_pdf import (
    preview_call_list,
    render_call_list,
    render_call_list_pdf,
    system_locale_name,
)

COUNT_PAUSE_MS = 150  # recount this long after the last change to the criteria
DESTROY_AFTER_DAYS = 7  # the "destroy by" date offered by default
UNASSIGNED = "__unassigned__"
ID_ROLE = Qt.ItemDataRole.UserRole + 1

# Module constants are marked with N_ and translated where they are shown.
REMINDER = N_("Paper leaks: print only what the caller needs, and shred it after.")
EMPTY_TEXT = N_(
    "No saved call lists yet. Choose who to call on the right, then Save PDF or Print."
)
NAME_STYLES: tuple[tuple[str, str], ...] = (
    (N_("Full names"), "name"),
    (N_("Code names (initials when there is none)"), "code name"),
    (N_("Initials only"), "initials"),
)
NAME_HINTS = {
    "name": N_("Code names or initials are safer on paper: a lost page then names no one."),
    "code name": N_("People without a code name are printed by their initials."),
    "initials": N_("Only initials are printed: the caller needs to know who is who."),
}
COLUMN_LABELS = {
    "department": N_("Department"),
    "shift": N_("Shift"),
    "assessment": N_("Assessment"),
    "last contact": N_("Last contact"),
    "main issue": N_("Main issue"),
}
SORTS: tuple[tuple[str, PeopleSort], ...] = (
    (N_("By name"), PeopleSort.NAME),
    (N_("By department"), PeopleSort.DEPARTMENT),
    (N_("By shift"), PeopleSort.SHIFT),
    (N_("By assessment"), PeopleSort.ASSESSMENT),
    (N_("Longest without contact first"), PeopleSort.LAST_CONTACT),
    (N_("By next follow-up"), PeopleSort.NEXT_FOLLOW_UP),
)
# Translators: where someone stands on a structure test (a test's participation).
STATUS_LABELS = {NOT_ASKED: N_("Not asked yet"), "asked": N_("Asked"),
                 "committed": N_("Committed"), "did it": N_("Did it"),
                 "declined": N_("Declined")}
# Paper sizes by their stored names; "Letter" is a word in other languages.
PAPER_NAMES = {"A4": N_("A4"), "Letter": N_("Letter")}


def status_label(status: str) -> str:
    """A stored participation status ("did it") in the reader's language."""
    return _(STATUS_LABELS[status]) if status in STATUS_LABELS else status.capitalize()


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


def shows_recipient(call_list: CallList) -> bool:
    """A list printed with code names or initials keeps the recipient's name off its copy
    mark (the log in the vault still says for whom)."""
    return call_list.options.name_style == "name"


def ask_list_name(parent: QWidget | None, label: str, text: str) -> str | None:
    """Ask for a call list's name; None when cancelled or left empty."""
    # "Organizer" is the app's name: never translated.
    name, ok = QInputDialog.getText(parent, "Organizer", label, QLineEdit.EchoMode.Normal, text)
    name = " ".join(name.split())
    return name if ok and name else None


# ----- the page -----------------------------------------------------------------------------


class CallListsPage(QWidget):
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

    def _combo(self, accessible: str) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(accessible)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(12)
        combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        return combo

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

    def _build_preset(self) -> QWidget:
        """The line that says the list is of the People page's people, hidden until then."""
        self.preset_row = QFrame()
        self.preset_row.setObjectName("call-list-preset")
        self.preset_row.setFrameShape(QFrame.Shape.StyledPanel)
        row = QHBoxLayout(self.preset_row)
        self.preset_label = QLabel()
        self.preset_label.setWordWrap(True)
        row.addWidget(self.preset_label, 1)
        self.preset_clear_button = QPushButton(_("Call an&yone instead"))
        self.preset_clear_button.setToolTip(
            _("Forget the people from the People page: the choices below pick who to call")
        )
        self.preset_clear_button.clicked.connect(self.clear_preset)
        row.addWidget(self.preset_clear_button)
        self.preset_row.hide()
        return self.preset_row

    def _build_criteria(self) -> QWidget:
        box = QGroupBox(_("Who to call"))
        grid = QGridLayout(box)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        self.department_filter = self._combo(_("Department"))
        self.shift_filter = self._combo(_("Shift"))
        self.site_filter = self._combo(_("Site"))
        self.organizer_filter = self._combo(_("Assigned OC member"))
        self.assessment_from = self._combo(_("Assessment from"))
        self.assessment_to = self._combo(_("Assessment to"))
        self.issue_filter = self._combo(_("Issue"))
        self.sort = self._combo(_("Order on the page"))
        for text, sort in SORTS:
            self.sort.addItem(_(text), sort)

        def label(text: str, buddy: QWidget) -> QLabel:
            widget = QLabel(text)
            widget.setBuddy(buddy)
            return widget

        self.department_label = label(_("&Department"), self.department_filter)
        self.shift_label = label(_("Shift"), self.shift_filter)
        self.site_label = label(_("Site"), self.site_filter)
        self.issue_label = label(_("Issue"), self.issue_filter)
        grid.addWidget(self.department_label, 0, 0)
        grid.addWidget(self.department_filter, 0, 1)
        grid.addWidget(self.shift_label, 0, 2)
        grid.addWidget(self.shift_filter, 0, 3)
        grid.addWidget(self.site_label, 1, 0)
        grid.addWidget(self.site_filter, 1, 1)
        grid.addWidget(label(_("Assigned to"), self.organizer_filter), 1, 2)
        grid.addWidget(self.organizer_filter, 1, 3)
        grid.addWidget(label(_("Assessment"), self.assessment_from), 2, 0)
        grid.addWidget(self.assessment_from, 2, 1)
        # Translators: between two assessments: "Assessment [1] to [2]".
        grid.addWidget(label(_("to"), self.assessment_to), 2, 2)
        grid.addWidget(self.assessment_to, 2, 3)
        grid.addWidget(self.issue_label, 3, 0)
        grid.addWidget(self.issue_filter, 3, 1)
        grid.addWidget(label(_("Order"), self.sort), 3, 2)
        grid.addWidget(self.sort, 3, 3)

        checks = QHBoxLayout()
        # Translators: followed by a number of days: "Not talked to in [30] days".
        self.not_contacted = QCheckBox(_("&Not talked to in"))
        self.not_contacted_days = QSpinBox()
        self.not_contacted_days.setRange(0, 3650)
        # Translators: the unit after a number in a spin box: "[30] days".
        self.not_contacted_days.setSuffix(_(" days"))
        self.not_contacted_days.setAccessibleName(_("Not talked to in how many days"))
        self.not_contacted_days.setValue(campaign.not_contacted_days(self.vault))
        self.follow_up_due = QCheckBox(_("Has a follo&w-up due"))
        self.follow_up_due.setToolTip(_("An open follow-up due today or earlier"))
        self.leaders_only = QCheckBox(_("Organic leaders only"))
        for widget in (self.not_contacted, self.not_contacted_days, self.follow_up_due,
                       self.leaders_only):
            checks.addWidget(widget)
        checks.addStretch(1)
        grid.addLayout(checks, 4, 0, 1, 4)

        self.structure_test = self._combo(_("Structure test"))
        self.structure_test_label = label(_("Structure &test"), self.structure_test)
        grid.addWidget(self.structure_test_label, 5, 0)
        grid.addWidget(self.structure_test, 5, 1, 1, 3)
        self.participation_row = QWidget()
        statuses = QHBoxLayout(self.participation_row)
        statuses.setContentsMargins(0, 0, 0, 0)
        self.participation: dict[str, QCheckBox] = {}
        for status in (NOT_ASKED, *PARTICIPATION_STATUSES):
            check = QCheckBox(status_label(status))
            check.setAccessibleName(
                _("Structure test: {status}").format(status=status_label(status)))
            self.participation[status] = check
            statuses.addWidget(check)
        statuses.addStretch(1)
        self.participation_row.setToolTip(
            _("Who to call about the test: e.g. tick Committed alone for those who said yes "
              "but have not done it yet. None ticked: everyone with an answer recorded.")
        )
        grid.addWidget(self.participation_row, 6, 1, 1, 3)

        # A People filter kept under a name: the list is of exactly the people it shows.
        self.saved_view = self._combo(_("Saved view"))
        self.saved_view.setToolTip(
            _("Call exactly the people a view saved on the People page shows now"))
        self.saved_view_label = label(_("Saved view"), self.saved_view)
        self.saved_view.currentIndexChanged.connect(self._saved_view_chosen)
        grid.addWidget(self.saved_view_label, 7, 0)
        grid.addWidget(self.saved_view, 7, 1, 1, 3)

        # People with all (or any) of the tags ticked; hidden until the campaign has tags.
        self.tag_filter = TagFilterButton()
        self.tag_filter.setAccessibleName(_("Tagged"))
        self.tag_label = label(_("Tagged"), self.tag_filter)
        tag_row = QHBoxLayout()
        tag_row.addWidget(self.tag_filter)
        tag_row.addStretch(1)
        grid.addWidget(self.tag_label, 8, 0)
        grid.addLayout(tag_row, 8, 1, 1, 3)
        return box

    def _build_options(self) -> QWidget:
        box = QGroupBox(_("On the page"))
        grid = QGridLayout(box)
        grid.setColumnStretch(1, 1)
        self.name_style = self._combo(_("Names on paper"))
        for text, value in NAME_STYLES:
            self.name_style.addItem(_(text), value)
        names_label = QLabel(_("Na&mes"))
        names_label.setBuddy(self.name_style)
        grid.addWidget(names_label, 0, 0)
        grid.addWidget(self.name_style, 0, 1)
        self.name_hint = QLabel(_(NAME_HINTS["name"]))
        self.name_hint.setObjectName("name-style-hint")
        self.name_hint.setWordWrap(True)
        self.name_hint.setEnabled(False)
        grid.addWidget(self.name_hint, 1, 1)

        columns = QHBoxLayout()
        self.columns: dict[str, QCheckBox] = {}
        for column in COLUMNS:
            check = QCheckBox(_(COLUMN_LABELS[column]))
            # Translators: a check box's name for screen readers: "Print department".
            check.setAccessibleName(_("Print {column}").format(
                column=_(COLUMN_LABELS[column]).lower()))
            check.setChecked(True)
            self.columns[column] = check
            columns.addWidget(check)
        columns.addStretch(1)
        columns_label = QLabel(_("Columns"))
        grid.addWidget(columns_label, 2, 0)
        grid.addLayout(columns, 2, 1)
        self.phones_note = QLabel(
            _("Personal phone numbers are always printed; work numbers never."))
        self.phones_note.setWordWrap(True)
        self.phones_note.setEnabled(False)
        grid.addWidget(self.phones_note, 3, 1)

        self.assessment_style = self._combo(_("Assessment on paper"))
        self.assessment_style.addItem(_("As a neutral code (A1–A5)"), "code")
        self.assessment_style.addItem(_("As its label"), "label")
        self.assessment_style.setToolTip(
            _("A code means nothing to whoever finds a lost page; the caller learns the scale")
        )
        assessment_label = QLabel(_("Assessment as"))
        assessment_label.setBuddy(self.assessment_style)
        grid.addWidget(assessment_label, 4, 0)
        grid.addWidget(self.assessment_style, 4, 1)

        self.per_organizer = QCheckBox(
            _("One section per &OC member, each starting a new page"))
        self.per_organizer.setToolTip(
            _("“Maya's calls” on top: each caller gets only their pages"))
        self.per_organizer.setChecked(True)
        grid.addWidget(self.per_organizer, 5, 0, 1, 2)

        self.printed_for = QLineEdit()
        self.printed_for.setAccessibleName(_("Printed for"))
        self.printed_for.setPlaceholderText(_("Optional: who gets this copy"))
        self.printed_for.setMaxLength(60)
        self._printed_for_names = QStringListModel(self)
        completer = QCompleter(self._printed_for_names, self.printed_for)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.printed_for.setCompleter(completer)
        printed_label = QLabel(_("Printed for"))
        printed_label.setBuddy(self.printed_for)
        grid.addWidget(printed_label, 6, 0)
        grid.addWidget(self.printed_for, 6, 1)

        destroy = QHBoxLayout()
        self.destroy_by = QCheckBox(_("Destroy &by"))
        self.destroy_by.setChecked(True)
        self.destroy_by_date = DateEdit(dt.date.today() + dt.timedelta(days=DESTROY_AFTER_DAYS))
        self.destroy_by_date.setAccessibleName(_("Destroy by date"))
        self.destroy_by_date.setMinimumDate(QDate.currentDate())
        self.destroy_by.toggled.connect(self.destroy_by_date.setEnabled)
        destroy.addWidget(self.destroy_by_date)
        destroy.addStretch(1)
        grid.addWidget(self.destroy_by, 7, 0)
        grid.addLayout(destroy, 7, 1)

        self.page_size = self._combo(_("Paper size"))
        auto = resolve_page_size("auto", system_locale_name())
        # Translators: {size} is a paper size's name, "A4" or "Letter".
        self.page_size.addItem(_("From the language settings ({size})").format(
            size=_(PAPER_NAMES.get(auto, auto))), "auto")
        self.page_size.addItem(_(PAPER_NAMES["A4"]), "A4")
        self.page_size.addItem(_(PAPER_NAMES["Letter"]), "Letter")
        paper_label = QLabel(_("Paper"))
        paper_label.setBuddy(self.page_size)
        grid.addWidget(paper_label, 8, 0)
        grid.addWidget(self.page_size, 8, 1)

        self.name_style.currentIndexChanged.connect(self._name_style_changed)
        self.columns["assessment"].toggled.connect(self.assessment_style.setEnabled)
        return box

    def _connect_criteria(self) -> None:
        for combo in (self.department_filter, self.shift_filter, self.site_filter,
                      self.organizer_filter, self.assessment_to, self.issue_filter,
                      self.structure_test):
            combo.currentIndexChanged.connect(self._criteria_changed)
        self.organizer_filter.currentIndexChanged.connect(self._organizer_changed)
        self.assessment_from.currentIndexChanged.connect(self._assessment_from_changed)
        for box in (self.not_contacted, self.follow_up_due, self.leaders_only,
                    *self.participation.values()):
            box.toggled.connect(self._criteria_changed)
        self.not_contacted_days.valueChanged.connect(self._days_changed)
        self.structure_test.currentIndexChanged.connect(self._structure_test_changed)
        self.tag_filter.changed.connect(self._criteria_changed)

    # ----- choices ----------------------------------------------------------------------------

    def reload_choices(self) -> None:
        """Fill the combos from the campaign's lists, keeping what was chosen."""
        self._updating = True
        try:
            for combo, label, kind, any_text in (
                (self.department_filter, self.department_label, "department",
                 _("Any department")),
                (self.shift_filter, self.shift_label, "shift", _("Any shift")),
                (self.site_filter, self.site_label, "site", _("Any site")),
            ):
                entries = campaign.list_entries(self.vault, kind)  # type: ignore[arg-type]
                refill_choices(combo, any_text, [(e.name, e.id) for e in entries])
                combo.setEnabled(bool(entries))
                label.setEnabled(bool(entries))
            oc_members = self.choices.oc_members()
            refill_choices(self.organizer_filter, _("Anyone (assigned or not)"), [
                (_("No OC member yet"), UNASSIGNED),
                *((name, person_id) for person_id, name in oc_members),
            ])
            self._default_organizer_to_me()
            self._printed_for_names.setStringList([name for _id, name in oc_members])
            levels = [(self.scale.text(level.score), level.score) for level in self.scale.levels]
            refill_choices(self.assessment_from, _("Any assessment"),
                           [*levels, (_(NOT_ASSESSED), 0)])
            chosen_to = self.assessment_to.currentData()
            self.assessment_to.clear()
            for text, score in levels:
                self.assessment_to.addItem(text, score)
            index = self.assessment_to.findData(chosen_to)
            self.assessment_to.setCurrentIndex(max(0, index))
            issues = self.choices.issues()
            refill_choices(self.issue_filter, _("Any issue"), [(i.name, i.id) for i in issues])
            self.issue_filter.setEnabled(bool(issues))
            try:
                tests = structure_tests.structure_tests(self.vault)
            except OrganizerError:
                tests = []
            refill_choices(self.structure_test, _("Any (no structure test)"),
                           [(t.name, t.id) for t in tests])
            for widget in (self.structure_test, self.structure_test_label,
                           self.participation_row):
                widget.setVisible(bool(tests))
            try:
                views = saved_views.list_views(self.vault)
            except OrganizerError:
                views = []
            campaign_tags = tags.list_tags(self.vault)
            self.tag_filter.set_tags(campaign_tags)
            for widget in (self.tag_filter, self.tag_label):
                widget.setVisible(bool(campaign_tags) or bool(self.tag_filter.chosen()))
            refill_choices(self.saved_view, _("None (the choices above)"),
                           [(name, view_id) for view_id, name in views])
            for widget in (self.saved_view, self.saved_view_label):
                widget.setVisible(bool(views))
        finally:
            self._updating = False
        self._sync_assessment_to()
        self._structure_test_changed()

    def _organizer_changed(self) -> None:
        if not self._updating:  # refilling and defaulting happen with _updating set
            self._organizer_chosen = True

    def _default_organizer_to_me(self) -> None:
        """Until "Assigned to" is chosen by hand: me when the vault knows which person is me
        and I am on the OC (no one else can be assigned to me), else anyone. Read each time
        the choices are: who I am can be set or changed in Settings at any time."""
        if self._organizer_chosen:
            return
        try:
            me = identity.get_identity(self.vault)
        except OrganizerError:
            me = None
        me_id = me.person_id if me is not None else None
        index = self.organizer_filter.findData(me_id) if me_id is not None else -1
        self.organizer_filter.setCurrentIndex(max(0, index))

    # ----- criteria and options ---------------------------------------------------------------

    def _assessments(self) -> frozenset[int]:
        low = self.assessment_from.currentData()
        if not isinstance(low, int):
            return frozenset()
        if low == 0:
            return frozenset({0})
        high = self.assessment_to.currentData()
        high = high if isinstance(high, int) and high > 0 else low
        low, high = min(low, high), max(low, high)
        return frozenset(range(low, high + 1))

    def current_criteria(self) -> CallListCriteria:
        def chosen(combo: QComboBox) -> frozenset[str]:
            value = combo.currentData()
            return frozenset({value}) if isinstance(value, str) else frozenset()

        organizer = self.organizer_filter.currentData()
        issue = self.issue_filter.currentData()
        test_id = self.structure_test.currentData()
        sort = self.sort.currentData()
        preset = bool(self._preset_ids)
        return CallListCriteria(
            people=PeopleFilter(
                department_ids=chosen(self.department_filter),
                shift_ids=chosen(self.shift_filter),
                site_ids=chosen(self.site_filter),
                assessments=self._assessments(),
                unassigned_only=organizer == UNASSIGNED,
                issue_id=issue if isinstance(issue, str) else None,
                organic_leaders_only=self.leaders_only.isChecked(),
                person_ids=self._preset_ids,
                tag_ids=self.tag_filter.chosen(),
                tags_match_all=self.tag_filter.match_all(),
            ),
            # The People page showed OC members and people who left too: exactly them.
            include_oc_members=preset,
            include_left_company=preset,
            has_follow_up_due=self.follow_up_due.isChecked(),
            not_contacted_days=(
                self.not_contacted_days.value() if self.not_contacted.isChecked() else None
            ),
            structure_test_id=test_id if isinstance(test_id, str) else None,
            participation_statuses=frozenset(
                status for status, box in self.participation.items() if box.isChecked()
            ) if isinstance(test_id, str) else frozenset(),
            organizer_id=(
                organizer if isinstance(organizer, str) and organizer != UNASSIGNED else None
            ),
            sort=sort if isinstance(sort, PeopleSort) else PeopleSort.NAME,
        )

    def _saved_view_chosen(self) -> None:
        view_id = self.saved_view.currentData()
        if self._updating or not isinstance(view_id, str):
            return
        self.start_list_for_view(view_id)

    def start_list_for_view(self, view_id: str) -> int:
        """Start a new list of exactly the people a saved view shows now (as
        `start_list_for`); none: said, and the list is not preset."""
        try:
            view = saved_views.get_view(self.vault, view_id)
            ids = frozenset(people.people_ids(self.vault, view.people_filter))
        except OrganizerError as error:
            messages.warn_error(self, error)
            self._show_saved_view(None)
            return 0
        if not ids:
            messages.inform(self, _("The saved view “{name}” shows no one now.").format(
                                name=view.name),
                            _("Change it on the People page, or choose whom to call here."))
            self._show_saved_view(None)
            return 0
        count = self.start_list_for(
            dataclasses.replace(view.people_filter, person_ids=ids),
            # Translators: completes "Only the 5 people shown by {source}".
            source=_("the saved view “{name}”").format(name=view.name),
        )
        self._show_saved_view(view_id)
        return count

    def _show_saved_view(self, view_id: str | None) -> None:
        self._updating = True
        try:
            self.saved_view.setCurrentIndex(
                max(0, self.saved_view.findData(view_id)) if view_id else 0)
        finally:
            self._updating = False

    def start_list_for(self, people_filter: PeopleFilter, *, source: str = "") -> int:
        """Start a new list of exactly the people `people_filter` picks: its person_ids when
        set (the People page's "Make a call list" sends the people it shows), else whoever
        matches it now. The choices go back to "any"; they can still narrow the list.
        `source` names where the people come from (default: the People page). Returns how
        many people that is."""
        ids = people_filter.person_ids
        if not ids:
            try:
                ids = frozenset(people.people_ids(self.vault, people_filter))
            except OrganizerError as error:
                messages.warn_error(self, error)
                return 0
        self.close_results()  # back to the builder; a half-typed sheet stays a draft
        self._updating = True
        try:
            for combo in (self.department_filter, self.shift_filter, self.site_filter,
                          self.organizer_filter, self.assessment_from, self.issue_filter,
                          self.structure_test):
                combo.setCurrentIndex(0)
            for box in (self.not_contacted, self.follow_up_due, self.leaders_only,
                        *self.participation.values()):
                box.setChecked(False)
            self.tag_filter.choose(())
            # "Anyone", and it stays so: the people were chosen on the People page.
            self._organizer_chosen = True
        finally:
            self._updating = False
        self._sync_assessment_to()
        self._structure_test_changed()
        self._preset_ids = frozenset(ids)
        count = len(self._preset_ids)
        if source:
            # Translators: {source} is "the saved view “Night shift”".
            text = ngettext(
                "Only the {n} person shown by {source} (OC members and people who left "
                "included). The choices below can narrow it.",
                "Only the {n} people shown by {source} (OC members and people who left "
                "included). The choices below can narrow it.", count)
        else:
            text = ngettext(
                "Only the {n} person shown on the People page (OC members and people who "
                "left included). The choices below can narrow it.",
                "Only the {n} people shown on the People page (OC members and people who "
                "left included). The choices below can narrow it.", count)
        self.preset_label.setText(text.format(n=formats.number(count), source=source))
        self._show_saved_view(None)
        self.preset_row.show()
        self.update_count()
        return count

    def clear_preset(self) -> None:
        """Back to a list of whoever the choices pick."""
        self._preset_ids = frozenset()
        self.preset_row.hide()
        self._show_saved_view(None)
        self.update_count()

    def current_options(self) -> CallListOptions:
        destroy_by = self.destroy_by_date.date().toPython() if self.destroy_by.isChecked() else None
        return CallListOptions(
            name_style=str(self.name_style.currentData()),
            columns=tuple(c for c in COLUMNS if self.columns[c].isChecked()),
            assessment_style=str(self.assessment_style.currentData()),
            per_organizer=self.per_organizer.isChecked(),
            printed_for=" ".join(self.printed_for.text().split()),
            destroy_by=destroy_by if isinstance(destroy_by, dt.date) else None,
            page_size=str(self.page_size.currentData()),
        )

    def default_list_name(self) -> str:
        """"Calls Dec 4, 2026": a list's name is read by people (file names stay ISO)."""
        # Translators: a new call list's default name; {date} is "Dec 4, 2026".
        return _("Calls {date}").format(date=formats.short_date(dt.date.today()))

    def list_name_text(self) -> str:
        return " ".join(self.list_name.text().split()) or self.default_list_name()

    def _criteria_changed(self) -> None:
        if not self._updating:
            self._count_timer.start()

    def _days_changed(self) -> None:
        if self.not_contacted.isChecked():
            self._criteria_changed()

    def _assessment_from_changed(self) -> None:
        self._sync_assessment_to(follow=True)
        self._criteria_changed()

    def _sync_assessment_to(self, *, follow: bool = False) -> None:
        """"to" means something only after a score; `follow` moves it to the same score."""
        low = self.assessment_from.currentData()
        is_score = isinstance(low, int) and low > 0
        self.assessment_to.setEnabled(is_score)
        if is_score and follow:
            self.assessment_to.blockSignals(True)
            self.assessment_to.setCurrentIndex(max(0, self.assessment_to.findData(low)))
            self.assessment_to.blockSignals(False)

    def _structure_test_changed(self) -> None:
        chosen = isinstance(self.structure_test.currentData(), str)
        self.participation_row.setEnabled(chosen)

    def _name_style_changed(self) -> None:
        self.name_hint.setText(_(NAME_HINTS[str(self.name_style.currentData())]))

    def update_count(self) -> None:
        """Count who matches now, in the thread pool (newest criteria win)."""
        self._count_timer.stop()
        criteria = self.current_criteria()

        def count(vault: Vault) -> int | str:
            try:
                return call_lists.count_call_list(vault, criteria)
            except OrganizerError as error:
                return str(error)

        if not self.count_label.text():
            self.count_label.setText(_("Counting…"))  # the first count
        self._reads.request(count, self._show_count)

    def _show_count(self, result: object) -> None:
        if isinstance(result, str):
            self.count_label.setText(result)
            people = 0
        else:
            people = int(result) if isinstance(result, int) else 0
            if people == 0:
                self.count_label.setText(_("No one matches"))
            else:
                self.count_label.setText(ngettext("{n} person", "{n} people", people).format(
                    n=formats.number(people)))
        for button in (self.preview_button, self.print_button, self.save_pdf_button):
            button.setEnabled(people > 0)

    # ----- output -----------------------------------------------------------------------------

    def build(self) -> CallList | None:
        """The list as it will be printed; None (after saying why) when there is nothing."""
        try:
            call_list = call_lists.build_call_list(
                self.vault, self.current_criteria(), self.current_options()
            )
        except OrganizerError as error:
            messages.warn_error(self, error)
            return None
        if call_list.people_count == 0:
            messages.inform(self,
                            _("No one matches these choices, so there is nothing to print."))
            return None
        return call_list

    def _paint(self, device: QPagedPaintDevice, call_list: CallList, name: str,
               copy_mark: str | None = None) -> int:
        return render_call_list(device, call_list, list_name=name, printed_on=dt.date.today(),
                                copy_mark=copy_mark)

    def copy_recipient(self, call_list: CallList) -> str:
        """Who the printed copy is for: "Printed for", else the list's OC member."""
        if call_list.options.printed_for.strip():
            return call_list.options.printed_for
        organizer_id = call_list.criteria.organizer_id
        if not organizer_id:
            return ""
        try:
            members = dict(self.choices.oc_members())
        except OrganizerError:
            return ""
        return members.get(organizer_id, "")

    def _record_copy(self, call_list: CallList, name: str
                     ) -> tuple[PrintedCopy, str] | None:
        """Log the copy about to be printed or saved: its copy and its mark."""
        return printed_copies_ui.record(
            self, self.vault, "call list", printed_for=self.copy_recipient(call_list),
            description=name, destroy_by=call_list.options.destroy_by,
            show_recipient=shows_recipient(call_list))

    def _preview_mark(self, call_list: CallList) -> str:
        return printed_copies_ui.preview_mark(printed_for=self.copy_recipient(call_list),
                                              show_recipient=shows_recipient(call_list))

    def preview(self) -> bool:
        """Show the list as it will print; printing from there saves it."""
        call_list = self.build()
        if call_list is None:
            return False
        name = self.list_name_text()
        return self._printed(call_list, name, self._preview(call_list, name))

    def print_list(self) -> bool:
        """The print dialog, then the printer; the list is saved once it has printed."""
        call_list = self.build()
        if call_list is None:
            return False
        name = self.list_name_text()
        return self._printed(call_list, name, self._send_to_printer(call_list, name))

    def _printed(self, call_list: CallList, name: str, pages: int) -> bool:
        if pages:
            self._saved(call_list, name,
                        ngettext("Sent {n} page to the printer", "Sent {n} pages to the printer",
                                 pages).format(n=formats.number(pages)))
        return bool(pages)

    def _preview(self, call_list: CallList, name: str) -> int:
        """The pages as images (no print system); Print there sends them to the printer.
        Returns the pages printed, 0 when nothing was."""
        try:
            images = preview_call_list(call_list, list_name=name, printed_on=dt.date.today(),
                                       copy_mark=self._preview_mark(call_list))
        except OrganizerError as error:
            messages.warn_error(self, error)
            return 0
        if not print_preview.show_preview(self, images):
            return 0
        return self._send_to_printer(call_list, name)

    def _send_to_printer(self, call_list: CallList, name: str) -> int:
        """The operating system's print dialog, then the printer (the only path that loads
        the print system). Returns the pages printed, 0 when nothing was."""
        printer = print_preview.new_printer(call_list.options.page_size)
        if not print_preview.choose_printer(self, printer):
            return 0
        logged = self._record_copy(call_list, name)
        if logged is None:
            return 0
        copy, mark = logged
        pages = 0
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            pages = self._paint(printer, call_list, name, mark)
            return pages
        except OrganizerError as error:
            messages.warn_error(self, error)
            return 0
        finally:
            QApplication.restoreOverrideCursor()
            printed_copies_ui.finished(self.vault, copy, pages)

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

    def _still_here(self) -> bool:
        """False once the vault locked while a PDF was being written: the window is gone."""
        return shiboken6.isValid(self) and self.vault.is_open

    def _pdf_written(self, call_list: CallList, name: str, path: Path, pages: object,
                     copy: PrintedCopy | None = None) -> None:
        if not self._still_here():
            return  # the PDF is written; the list is not saved in a locked vault
        count = int(pages) if isinstance(pages, int) else 0
        if copy is not None:
            printed_copies_ui.finished(self.vault, copy, max(count, 1))
        self._saved(call_list, name,
                    # Translators: {file} is the PDF's file name.
                    ngettext("Saved {n} page as {file}", "Saved {n} pages as {file}",
                             count).format(n=formats.number(count), file=path.name))

    def _pdf_failed(self, error: object,
                    copy: PrintedCopy | None = None) -> None:
        if not self._still_here():
            return
        if copy is not None:
            printed_copies_ui.finished(self.vault, copy, 0)  # nothing to shred
        if isinstance(error, OrganizerError):
            messages.warn_error(self, error)
        else:
            messages.warn(self, _("Organizer could not write the PDF; nothing was saved."),
                          str(error))

    def _output_finished(self) -> None:
        if not self._still_here():
            return
        self._task = None
        self.update_count()

    def _saved(self, call_list: CallList, name: str, what: str) -> None:
        """Keep the printed list in the vault (once per unchanged list) and say so."""
        try:
            last = self._last_saved
            if last is not None and last[0] == call_list and last[1] == name and any(
                s.id == last[2] for s in call_lists.saved_call_lists(self.vault)
            ):
                list_id = last[2]
                call_lists.mark_printed(self.vault, list_id)
            else:
                list_id = call_lists.save_built(self.vault, call_list, name, printed=True)
                self._last_saved = (call_list, name, list_id)
        except OrganizerError as error:
            messages.warn(self, _("The list was printed but not saved: {error}").format(
                error=error))
            return
        self.refresh_saved_lists(select=list_id)
        people = call_list.people_count
        self.status_label.setText(
            # Translators: {what} is "Sent 2 pages to the printer" or "Saved 2 pages as
            # call-list-2026-12-04.pdf"; {name} is the list's name.
            ngettext("{what}: {n} person on “{name}”. Shred the paper after the calls.",
                     "{what}: {n} people on “{name}”. Shred the paper after the calls.",
                     people).format(what=what, n=formats.number(people), name=name)
        )
        self.list_saved.emit(list_id)

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
