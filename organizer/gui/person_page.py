"""A person's page: every detail of a coworker, editable, with their assessment history,
one-on-ones, relationships, issues, follow-ups and actions, and real deletion.

On a committee, who wrote each record down is named beside it; a member whose fingerprint
is not confirmed yet is marked there (gui/member_names.py)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QStringListModel, Qt, Signal
from PySide6.QtGui import QFont, QImage, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from organizer import formats
from organizer.core import (
    campaign,
    conversations,
    follow_ups,
    people,
    relationships,
    tags,
    workplace_issues,
)
from organizer.core.committee import identity
from organizer.core.errors import OrganizerError
from organizer.core.people import Person
from organizer.core.printed_copies import PrintedCopy
from organizer.core.vault import Vault
from organizer.gui import messages, print_preview, printed_copies_ui, theme
from organizer.gui.assessment_badge import (
    NOT_ASSESSED,
    AssessmentBadge,
    AssessmentDelegate,
    AssessmentScale,
)
from organizer.gui.member_names import MemberNames, not_confirmed_tip
from organizer.gui.one_on_one_dialog import (
    AEIOU_LABELS,
    PRIVATE_TEXT,
    DateEdit,
    draft_time,
    lock_icon,
)
from organizer.gui.people_model import (
    BASIS_LABELS,
    CHANNEL_LABELS,
    PARTICIPATION_STATUS_LABELS,
    RELATIONSHIP_FROM,
    RELATIONSHIP_KIND_LABELS,
    RELATIONSHIP_TO,
    SAFE_CHANNEL_LABELS,
    CampaignChoices,
    shown_label,
)
from organizer.gui.person_picker import PersonPicker
from organizer.gui.print_preview import PreviewDialog
from organizer.gui.tags_ui import EditTagsDialog, TagChange, TagsRow
from organizer.i18n import N_, _, ngettext, pgettext

if TYPE_CHECKING:
    from organizer.reports.prep_sheet_pdf import PrepSheet

DRAFT_KIND = "person-edit"  # unsaved edits of a person's details, kept on lock or close
ID_ROLE = Qt.ItemDataRole.UserRole + 1
SCORE_ROLE = Qt.ItemDataRole.UserRole + 2
RECORDED_BY_ROLE = Qt.ItemDataRole.UserRole + 3
OTHER_PERSON_ROLE = Qt.ItemDataRole.UserRole + 4
# Translators: the placeholder of a date typed as year-month-day; keep the order and the
# dashes, translate the letters (Spanish: "AAAA-MM-DD").
DATE_PLACEHOLDER = N_("YYYY-MM-DD")

TEXT_FIELDS = (
    "name", "code_name", "personal_phone", "personal_email", "work_phone", "work_email",
    "team", "job_title", "start_date", "language", "left_company_on",
)


def _plural(count: int, label: str) -> str:
    """"3 call list entries", "1 call list entry", "1 one-on-one", in the reader's
    language (`label` is the core's key in people.erasure_preview)."""
    n = formats.number(count)
    if label == "one-on-ones":
        return ngettext("{n} one-on-one", "{n} one-on-ones", count).format(n=n)
    if label == "assessments":
        return ngettext("{n} assessment", "{n} assessments", count).format(n=n)
    if label == "follow-ups":
        return ngettext("{n} follow-up", "{n} follow-ups", count).format(n=n)
    if label == "relationships":
        return ngettext("{n} relationship", "{n} relationships", count).format(n=n)
    if label == "action participations":
        return ngettext("{n} action participation", "{n} action participations",
                        count).format(n=n)
    if label == "call attempts":
        return ngettext("{n} call attempt", "{n} call attempts", count).format(n=n)
    if label == "drafts":
        return ngettext("{n} draft", "{n} drafts", count).format(n=n)
    if label == "action plan links":
        return ngettext("{n} action plan link", "{n} action plan links", count).format(n=n)
    if label == "call list entries":
        return ngettext("{n} call list entry", "{n} call list entries", count).format(n=n)
    return f"{n} {label}"  # a kind the core added since: its own words


def erasure_sentence(name: str, preview: dict[str, int]) -> str:
    """"Delete Ravi Kumar? This erases 3 one-on-ones, 4 assessments and ... for good." """
    parts = [_plural(count, label) for label, count in preview.items() if count]
    if not parts:
        return _("Delete {name}? This erases their record for good. It cannot be undone."
                 ).format(name=name)
    if len(parts) == 1:
        # Translators: {records} is a count of records, e.g. "3 one-on-ones".
        return _("Delete {name}? This erases their record and {records} for good. It cannot "
                 "be undone.").format(name=name, records=parts[0])
    # Translators: put between the counts of what is erased, except the last two:
    # "3 one-on-ones, 4 assessments and 1 draft".
    listed = _(", ").join(parts[:-1])
    # Translators: {records} lists counts ("3 one-on-ones, 4 assessments"); {last} is the
    # last count ("1 draft").
    return _("Delete {name}? This erases {records} and {last} for good. It cannot be undone."
             ).format(name=name, records=listed, last=parts[-1])


def suggested_prep_sheet_name(today: dt.date | None = None) -> str:
    """"prep-sheet-2026-11-23.pdf": never the person's name."""
    return f"prep-sheet-{(today or dt.date.today()).isoformat()}.pdf"


def choose_prep_sheet_path(parent: QWidget | None, suggested: str) -> Path | None:
    """Ask where to save the prep sheet's PDF; None when cancelled. A seam for tests."""
    from organizer.gui.call_lists_page import choose_pdf_path

    return choose_pdf_path(parent, suggested, _("Save the prep sheet as PDF"))


PREP_SHEET_PRINT, PREP_SHEET_SAVE = "print", "save PDF"


class PrepSheetPreview(PreviewDialog):
    """The prep sheet as it will print, with Print… and Save PDF… (each closes it)."""

    def __init__(self, pages: list[QImage], parent: QWidget | None = None) -> None:
        super().__init__(pages, _("Prep sheet preview"), parent)
        self.choice = PREP_SHEET_PRINT  # what accepting means, unless Save PDF… says otherwise
        buttons = self.findChild(QDialogButtonBox)  # PreviewDialog's, with Print… and Close
        assert buttons is not None
        self.save_button = buttons.addButton(_("Save PDF…"),
                                             QDialogButtonBox.ButtonRole.ActionRole)
        self.save_button.clicked.connect(self.save_pdf)

    def save_pdf(self) -> None:
        self.choice = PREP_SHEET_SAVE
        self.accept()


def show_prep_sheet_preview(parent: QWidget | None, pages: list[QImage]) -> str:
    """The prep sheet's preview: PREP_SHEET_PRINT, PREP_SHEET_SAVE, or "" when closed
    (Close, Esc). A seam for tests."""
    dialog = PrepSheetPreview(pages, parent)
    if parent is not None:
        window = parent.window()
        dialog.resize(max(800, window.width() * 4 // 5), max(600, window.height() * 9 // 10))
    try:
        return dialog.choice if dialog.exec() == QDialog.DialogCode.Accepted else ""
    finally:
        dialog.deleteLater()


def contact_sentence(talked_on: list[str], follow_ups_due: list[str],
                     today: dt.date | None = None) -> str:
    """"Last one-on-one: 3 days ago · Next follow-up: overdue, due 2 days ago"."""
    today = today or dt.date.today()
    if talked_on:
        # Translators: {when} is relative: "today", "3 days ago".
        last = _("Last one-on-one: {when}").format(
            when=formats.relative_date(max(talked_on)[:10], today))
    else:
        last = _("No one-on-one yet")
    if not follow_ups_due:
        following = _("No follow-up planned")
    else:
        due = min(follow_ups_due)[:10]
        when = formats.relative_date(due, today)
        if dt.date.fromisoformat(due) < today:
            # Translators: {when} is relative and in the past: "4 days ago".
            following = _("Next follow-up: overdue, due {when}").format(when=when)
        else:
            # Translators: {when} is relative: "today", "in 4 days".
            following = _("Next follow-up: {when}").format(when=when)
    # Translators: the two halves of the person page's contact line, side by side.
    return _("{last} · {next}").format(last=last, next=following)


def describe_relationship(relationship: relationships.Relationship) -> str:
    """"influences Tom Berg", or "Sparrow influences them" from the other side, in the
    reader's language."""
    sentences = RELATIONSHIP_FROM if relationship.outgoing else RELATIONSHIP_TO
    if relationship.kind not in sentences:
        return relationship.describe()
    return _(sentences[relationship.kind]).format(name=relationship.other_person)


# ----- changing an assessment ---------------------------------------------------------------


@dataclass(frozen=True)
class AssessmentChange:
    score: int | None
    basis: str
    note: str
    assessed_by_id: str | None


class ChangeAssessmentDialog(QDialog):
    """Score, who assessed, on what basis, and why: every change is kept in the history."""

    def __init__(
        self, scale: AssessmentScale, current: int | None, oc_members: list[tuple[str, str]],
        parent: QWidget | None = None, *, assessed_by_id: str | None = None,
    ) -> None:
        super().__init__(parent)
        # Translators: the app's name, as a window title: never translated (see the glossary).
        self.setWindowTitle(_("Organizer"))
        self.setAccessibleName(_("Change assessment"))
        form = QFormLayout(self)
        self.score = QComboBox()
        self.score.setAccessibleName(_("Assessment"))
        for level in scale.levels:
            self.score.addItem(scale.text(level.score), level.score)
        self.score.addItem(_(NOT_ASSESSED), None)
        self.score.setCurrentIndex(max(0, self.score.findData(current)))
        form.addRow(_("&Assessment:"), self.score)
        self.assessed_by = QComboBox()
        self.assessed_by.setAccessibleName(_("Assessed by"))
        self.assessed_by.addItem(_("(not recorded)"), None)
        for person_id, name in oc_members:
            self.assessed_by.addItem(name, person_id)
        self.assessed_by.setCurrentIndex(max(0, self.assessed_by.findData(assessed_by_id)))
        form.addRow(_("Assessed &by:"), self.assessed_by)
        self.basis = QComboBox()
        self.basis.setAccessibleName(_("Basis"))
        self.basis.setAccessibleDescription(_("What the assessment is based on"))
        for basis in people.ASSESSMENT_BASES:
            self.basis.addItem(shown_label(BASIS_LABELS, basis), basis)
        form.addRow(_("B&asis:"), self.basis)
        self.note = QLineEdit()
        self.note.setAccessibleName(_("Why"))
        self.note.setPlaceholderText(_("What they said or did that shows it"))
        form.addRow(_("&Why:"), self.note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Record assessment"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def change(self) -> AssessmentChange:
        return AssessmentChange(
            score=self.score.currentData(),
            basis=str(self.basis.currentData()),
            note=self.note.text().strip(),
            assessed_by_id=self.assessed_by.currentData(),
        )


# ----- the page -----------------------------------------------------------------------------


def _tree(headers: list[str], name: str) -> QTreeWidget:
    tree = QTreeWidget()
    tree.setHeaderLabels(headers)
    tree.setRootIsDecorated(False)
    tree.setAlternatingRowColors(True)
    tree.setAccessibleName(name)
    tree.header().setStretchLastSection(True)
    return tree


def _show_recorded_by(tree: QTreeWidget, column: int, shown: bool) -> None:
    """Who wrote records down matters once there is a committee; before that the column
    would be empty, so it is hidden."""
    tree.setColumnHidden(column, not shown)


def _quiet(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setEnabled(False)
    return label


class PersonPage(QWidget):
    person_saved = Signal(str)
    person_deleted = Signal(str)
    person_requested = Signal(str)
    log_one_on_one_requested = Signal(str)
    back_requested = Signal()
    data_changed = Signal()

    def __init__(
        self, vault: Vault, scale: AssessmentScale, parent: QWidget | None = None,
        *, copy_text: Callable[[str], int] | None = None,
        choices: CampaignChoices | None = None,
    ) -> None:
        super().__init__(parent)
        self.vault = vault
        self.scale = scale
        self.choices = choices or CampaignChoices(vault)
        self._copy_text = copy_text
        self.person: Person | None = None
        self._saved_form: dict[str, object] = {}
        self._draft_id: str | None = None
        self.assessment_dialog: ChangeAssessmentDialog | None = None
        self.member_names = MemberNames(vault)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(12, 8, 12, 8)

        # Header --------------------------------------------------------------------------
        header = QHBoxLayout()
        self.back_button = QPushButton(_("← People"))
        self.back_button.setAccessibleName(_("Back to people"))
        self.back_button.setToolTip(_("Back to the people list (Alt+Left)"))
        self.back_button.clicked.connect(self.back_requested)
        header.addWidget(self.back_button)
        self.title = theme.heading(QLabel(), 1.6)  # and so when the system's font changes
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        header.addWidget(self.title)
        self.badge = AssessmentBadge(scale)
        header.addWidget(self.badge)
        # Said in words, not only by an enabled Save button.
        self.unsaved_label = QLabel(_("● Unsaved changes"))
        self.unsaved_label.setObjectName("unsaved-changes")
        self.unsaved_label.setAccessibleName(_("This person has unsaved changes"))
        self.unsaved_label.hide()
        header.addWidget(self.unsaved_label)
        header.addStretch(1)
        self.log_button = QPushButton(_("&Log one-on-one…"))
        self.log_button.setToolTip(_("Log a conversation with this person (Ctrl+N)"))
        self.log_button.clicked.connect(self._log_requested)
        header.addWidget(self.log_button)
        self.prep_sheet_button = QPushButton(_("Prep sheet…"))
        self.prep_sheet_button.setToolTip(
            _("Preview this person's one-page prep sheet, then print it or save a PDF"))
        self.prep_sheet_button.clicked.connect(self.save_prep_sheet)
        header.addWidget(self.prep_sheet_button)
        self.delete_button = QPushButton(_("Delete person…"))
        self.delete_button.setToolTip(_("Erase this person and everything about them, for good"))
        self.delete_button.clicked.connect(self.ask_delete)
        header.addWidget(self.delete_button)
        outer.addLayout(header)
        # When they were last talked to and what is next, at a glance.
        self.contact_line = QLabel()
        self.contact_line.setObjectName("contact-line")
        self.contact_line.setAccessibleName(_("Last contact and next follow-up"))
        # Their tags on the same line: in view on a 600-pixel screen, and no taller. Written
        # at once, like issues: not part of the form's Save.
        self.tags_row = TagsRow()
        self.tags_row.edit_button.clicked.connect(self.ask_edit_tags)
        self.tags_dialog: EditTagsDialog | None = None
        under_header = QHBoxLayout()
        under_header.addWidget(self.contact_line, 1)
        under_header.addWidget(self.tags_row)
        outer.addLayout(under_header)

        self.draft_note = QLabel()
        self.draft_note.setWordWrap(True)
        self.draft_note.setFrameShape(QFrame.Shape.StyledPanel)
        self.draft_note.setMargin(6)
        self.draft_note.setTextFormat(Qt.TextFormat.RichText)
        self.draft_note.linkActivated.connect(self._discard_draft_edits)
        self.draft_note.hide()
        outer.addWidget(self.draft_note)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self._build_form())
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(_("About this person"))
        self._build_tabs()
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([470, 560])
        splitter.setChildrenCollapsible(False)
        outer.addWidget(splitter, 1)

        self.save_shortcut = QShortcut(QKeySequence.StandardKey.Save, self, self.save,
                                       context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        QShortcut(QKeySequence("Alt+Left"), self, self.back_requested.emit,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)

    # ----- building -----------------------------------------------------------------------

    def _line(self, name: str, placeholder: str = "") -> QLineEdit:
        edit = QLineEdit()
        edit.setAccessibleName(name)
        if placeholder:
            edit.setPlaceholderText(placeholder)
        return edit

    def _list_combo(self, name: str) -> QComboBox:
        combo = QComboBox()
        combo.setEditable(True)  # type a new department, shift or site to add it
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        combo.setAccessibleName(name)
        completer, editor = combo.completer(), combo.lineEdit()
        if completer is not None:
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        if editor is not None:
            editor.setPlaceholderText(_("Choose or type to add"))
        return combo

    def _build_form(self) -> QWidget:
        form_widget = QWidget()
        column = QVBoxLayout(form_widget)

        who = QGroupBox(_("Who they are"))
        form = QFormLayout(who)
        self.name = self._line(_("Name"))
        form.addRow(_("&Name:"), self.name)
        self.code_name = self._line(_("Code name"), _("Shown on screen and on paper instead"))
        form.addRow(_("C&ode name:"), self.code_name)
        self.department = self._list_combo(_("Department"))
        form.addRow(_("&Department:"), self.department)
        self.team = self._line(_("Team"))
        form.addRow(_("&Team:"), self.team)
        self.job_title = self._line(_("Job title"))
        form.addRow(_("&Job title:"), self.job_title)
        self.shift = self._list_combo(_("Shift"))
        form.addRow(_("S&hift:"), self.shift)
        self.site = self._list_combo(_("Site"))
        form.addRow(_("S&ite:"), self.site)
        self.start_date = self._line(_("Start date"), _(DATE_PLACEHOLDER))
        form.addRow(_("Start da&te:"), self.start_date)
        self.language = self._line(_("Language"))
        form.addRow(_("Lan&guage:"), self.language)
        column.addWidget(who)

        reach = QGroupBox(_("Reaching them safely"))
        form = QFormLayout(reach)
        self.personal_phone = self._line(_("Personal phone"))
        self.copy_phone_button = QPushButton(_("Copy"))
        self.copy_phone_button.setAccessibleName(_("Copy personal phone"))
        self.copy_phone_button.clicked.connect(lambda: self.copy_field(self.personal_phone))
        form.addRow(_("&Personal phone:"), self._with_button(self.personal_phone,
                                                             self.copy_phone_button))
        self.personal_email = self._line(_("Personal email"))
        self.copy_email_button = QPushButton(_("Copy"))
        self.copy_email_button.setAccessibleName(_("Copy personal email"))
        self.copy_email_button.clicked.connect(lambda: self.copy_field(self.personal_email))
        form.addRow(_("Personal e&mail:"), self._with_button(self.personal_email,
                                                             self.copy_email_button))
        self.safe_channel = QComboBox()
        self.safe_channel.setAccessibleName(_("Safest way to reach them"))
        self.safe_channel.addItem(_("(not known)"), "")
        for channel in people.SAFE_CHANNELS:
            self.safe_channel.addItem(shown_label(SAFE_CHANNEL_LABELS, channel), channel)
        form.addRow(_("Safest &way to reach:"), self.safe_channel)
        self.copied_label = _quiet("")
        self.copied_label.hide()
        form.addRow(self.copied_label)
        column.addWidget(reach)

        organizing = QGroupBox(_("Organizing"))
        form = QFormLayout(organizing)
        self.assigned_oc_member = QComboBox()
        self.assigned_oc_member.setAccessibleName(_("Assigned OC member"))
        form.addRow(_("&Assigned OC member:"), self.assigned_oc_member)
        self.is_oc_member = QCheckBox(_("On the organizing &committee"))
        form.addRow(self.is_oc_member)
        self.is_organic_leader = QCheckBox(_("Organic &leader (others trust and follow them)"))
        form.addRow(self.is_organic_leader)
        self.left_company_on = self._line(_("Left the company on"), _(DATE_PLACEHOLDER))
        form.addRow(_("Left the compan&y on:"), self.left_company_on)
        column.addWidget(organizing)

        work = QGroupBox(_("Work contact (don't use for organizing)"))
        work.setToolTip(_(
            "Employers can read work phones and email. Keep these only to recognise "
            "the person; never organize through them."
        ))
        form = QFormLayout(work)
        self.work_phone = self._line(_("Work phone (don't use for organizing)"))
        form.addRow(_("Work phone:"), self.work_phone)
        self.work_email = self._line(_("Work email (don't use for organizing)"))
        form.addRow(_("Work email:"), self.work_email)
        column.addWidget(work)

        notes_box = QGroupBox(_("Notes"))
        notes_layout = QVBoxLayout(notes_box)
        self.notes = QPlainTextEdit()
        self.notes.setAccessibleName(_("Notes"))
        self.notes.setTabChangesFocus(True)
        self.notes.setMinimumHeight(90)
        notes_layout.addWidget(self.notes)
        column.addWidget(notes_box)

        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setAccessibleName(_("Problem saving"))
        self.error_label.setFrameShape(QFrame.Shape.StyledPanel)
        self.error_label.setMargin(6)
        self.error_label.hide()
        column.addStretch(1)

        scroll = QScrollArea()
        scroll.setWidget(form_widget)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setMinimumWidth(360)  # beside the tabs on a laptop at 150% (test_small_screens)
        # Not a tab stop of its own: Tab goes field to field in the order they are seen
        # (tests/gui/test_tab_order.py), and the area scrolls to the field Tab reaches.
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        # Save and Revert under the form, outside its scroll area: always in view.
        holder = QWidget()
        bar = QVBoxLayout(holder)
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(scroll, 1)
        bar.addWidget(self.error_label)
        buttons = QHBoxLayout()
        self.save_button = QPushButton(_("&Save"))
        self.save_button.setToolTip(_("Save (Ctrl+S)"))
        self.save_button.clicked.connect(self.save)
        buttons.addWidget(self.save_button)
        self.revert_button = QPushButton(_("Re&vert"))
        self.revert_button.setToolTip(_("Undo the changes since the last save"))
        self.revert_button.clicked.connect(self.revert)
        buttons.addWidget(self.revert_button)
        buttons.addStretch(1)
        bar.addLayout(buttons)
        self._watch_form()
        return holder

    def _watch_form(self) -> None:
        """Every edit of the form updates the unsaved marker and the Save button."""
        for name in TEXT_FIELDS:
            getattr(self, name).textChanged.connect(self._update_unsaved)
        for combo in (self.department, self.shift, self.site):
            combo.currentTextChanged.connect(self._update_unsaved)
        self.assigned_oc_member.currentIndexChanged.connect(self._update_unsaved)
        self.safe_channel.currentIndexChanged.connect(self._update_unsaved)
        self.is_oc_member.toggled.connect(self._update_unsaved)
        self.is_organic_leader.toggled.connect(self._update_unsaved)
        self.notes.textChanged.connect(self._update_unsaved)

    def _update_unsaved(self, *_changed: object) -> None:
        unsaved = self.has_unsaved_changes()
        self.unsaved_label.setVisible(unsaved)
        self.save_button.setEnabled(unsaved)
        self.revert_button.setEnabled(unsaved)

    @staticmethod
    def _with_button(edit: QLineEdit, button: QPushButton) -> QWidget:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(edit, 1)
        row.addWidget(button)
        return box

    def _build_tabs(self) -> None:
        # Assessment history --------------------------------------------------------------
        page = QWidget()
        layout = QVBoxLayout(page)
        row = QHBoxLayout()
        self.current_assessment = QLabel()
        row.addWidget(self.current_assessment, 1)
        self.change_assessment_button = QPushButton(_("&Change assessment…"))
        self.change_assessment_button.clicked.connect(self.ask_change_assessment)
        row.addWidget(self.change_assessment_button)
        layout.addLayout(row)
        self.assessments = _tree([_("When"), _("Assessment"), _("Who"), _("Basis"),
                                  _("Recorded by"), _("Why")], _("Assessment history"))
        self.assessments.setItemDelegateForColumn(
            1, AssessmentDelegate(self.scale, SCORE_ROLE, self.assessments)
        )
        self.assessments.setColumnWidth(1, 190)
        layout.addWidget(self.assessments)
        self.tabs.addTab(page, _("Assessment"))

        # One-on-ones -----------------------------------------------------------------------
        page = QWidget()
        layout = QVBoxLayout(page)
        split = QSplitter(Qt.Orientation.Vertical)
        self.one_on_ones = _tree([_("When"), _("By"), _("Channel"), _("Recorded by"),
                                  _("Said")], _("One-on-ones"))
        self.one_on_ones.currentItemChanged.connect(self._show_one_on_one)
        split.addWidget(self.one_on_ones)
        self.one_on_one_text = QTextBrowser()
        self.one_on_one_text.setAccessibleName(_("The selected one-on-one"))
        self.one_on_one_text.setOpenLinks(False)
        split.addWidget(self.one_on_one_text)
        split.setStretchFactor(1, 2)
        layout.addWidget(split)
        # Translators: the tab of one-on-ones, short ("1:1" is the glossary's short form).
        self.tabs.addTab(page, _("1:1s"))
        self.one_on_ones_tab = page

        # Follow-ups ------------------------------------------------------------------------
        page = QWidget()
        layout = QVBoxLayout(page)
        self.follow_ups = _tree([_("Due"), _("What"), _("Owner"), _("Status")],
                                _("Follow-ups"))
        layout.addWidget(self.follow_ups)
        row = QHBoxLayout()
        self.follow_up_date = DateEdit()
        self.follow_up_date.setAccessibleName(_("New follow-up date"))
        row.addWidget(self.follow_up_date)
        self.follow_up_text = QLineEdit()
        self.follow_up_text.setPlaceholderText(_("What to do, e.g. ask about the petition"))
        self.follow_up_text.setAccessibleName(_("New follow-up"))
        self.follow_up_text.returnPressed.connect(self.add_follow_up)
        row.addWidget(self.follow_up_text, 1)
        add = QPushButton(_("Add follow-up"))
        add.clicked.connect(self.add_follow_up)
        row.addWidget(add)
        self.follow_up_done_button = QPushButton(_("Mark done"))
        self.follow_up_done_button.setAccessibleDescription(
            _("Marks the selected follow-up done"))
        self.follow_up_done_button.clicked.connect(self.mark_follow_up_done)
        row.addWidget(self.follow_up_done_button)
        layout.addLayout(row)
        self.tabs.addTab(page, _("Follow-ups"))

        # Issues ----------------------------------------------------------------------------
        page = QWidget()
        layout = QVBoxLayout(page)
        self.issues = _tree([_("Issue")], _("Issues they care about"))
        layout.addWidget(self.issues)
        row = QHBoxLayout()
        self.issue_text = QLineEdit()
        self.issue_text.setPlaceholderText(
            _("Type an issue: pay, on-call load… (new ones are added)"))
        self.issue_text.setAccessibleName(_("Issue to add"))
        self.issue_names = QStringListModel(self)
        self.issue_completer = QCompleter(self.issue_names, self.issue_text)
        self.issue_completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.issue_completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.issue_text.setCompleter(self.issue_completer)
        self.issue_text.returnPressed.connect(self.add_issue)
        row.addWidget(self.issue_text, 1)
        add = QPushButton(_("Add issue"))
        add.clicked.connect(self.add_issue)
        row.addWidget(add)
        remove = QPushButton(_("Remove"))
        remove.setAccessibleName(_("Remove issue"))
        remove.setAccessibleDescription(_("Takes the selected issue off this person"))
        remove.clicked.connect(self.remove_issue)
        row.addWidget(remove)
        layout.addLayout(row)
        self.tabs.addTab(page, _("Issues"))

        # Relationships ---------------------------------------------------------------------
        page = QWidget()
        layout = QVBoxLayout(page)
        self.relationships = _tree([_("Relationship"), _("Held by"), _("Note")],
                                   _("Relationships"))
        self.relationships.itemActivated.connect(self._open_relationship)
        layout.addWidget(self.relationships)
        layout.addWidget(_quiet(_("Double-click or press Enter to open the other person.")))
        row = QHBoxLayout()
        self.relationship_kind = QComboBox()
        self.relationship_kind.setAccessibleName(_("Kind of relationship"))
        for kind in relationships.KINDS:
            self.relationship_kind.addItem(shown_label(RELATIONSHIP_KIND_LABELS, kind), kind)
        row.addWidget(self.relationship_kind)
        self.relationship_picker = PersonPicker(self.vault)
        self.relationship_picker.setAccessibleName(_("Other person"))
        row.addWidget(self.relationship_picker, 1)
        add = QPushButton(_("Add"))
        add.setAccessibleName(_("Add relationship"))
        add.clicked.connect(self.add_relationship)
        row.addWidget(add)
        remove = QPushButton(_("Remove"))
        remove.setAccessibleName(_("Remove relationship"))
        remove.setAccessibleDescription(_("Removes the selected relationship"))
        remove.clicked.connect(self.remove_relationship)
        row.addWidget(remove)
        layout.addLayout(row)
        self.tabs.addTab(page, _("Relationships"))

        # Actions ---------------------------------------------------------------------------
        page = QWidget()
        layout = QVBoxLayout(page)
        self.participations = _tree([_("Action"), _("Planned on"), _("Their part")],
                                    _("Actions"))
        layout.addWidget(self.participations)
        self.tabs.addTab(page, _("Actions"))

    # ----- showing ------------------------------------------------------------------------

    @property
    def person_id(self) -> str | None:
        return self.person.id if self.person else None

    def show_person(self, person_id: str, one_on_one_id: str | None = None) -> None:
        self.person = people.get_person(self.vault, person_id)
        self._load_form(self.person)
        self._restore_draft()
        self.refresh_sections()
        # Their conversations first: what an organizer opens a person for, before a call.
        self.tabs.setCurrentWidget(self.one_on_ones_tab)
        if one_on_one_id:
            self.select_one_on_one(one_on_one_id)
        self.name.setFocus()

    def new_person(self) -> None:
        """An empty form; Save adds the person."""
        self.person = None
        self._load_form(Person())
        self._restore_draft()
        self.refresh_sections()
        self.name.setFocus()

    def refresh(self) -> None:
        """Re-read everything but the form (which may hold edits)."""
        if self.person is None:
            return
        try:
            fresh = people.get_person(self.vault, self.person.id)
        except OrganizerError:
            return  # deleted meanwhile; the window goes back to the list
        self.person = fresh
        self.refresh_sections()

    def _reload_choices(self, person: Person) -> None:
        for combo, kind in ((self.department, "department"), (self.shift, "shift"),
                            (self.site, "site")):
            combo.clear()
            combo.addItem("", None)
            for entry in campaign.list_entries(self.vault, kind):  # type: ignore[arg-type]
                combo.addItem(entry.name, entry.id)
        self.assigned_oc_member.clear()
        self.assigned_oc_member.addItem(_("(no one yet)"), None)
        for person_id, name in self.choices.oc_members():
            if person_id != person.id:
                self.assigned_oc_member.addItem(name, person_id)
        self.issue_names.setStringList(self.choices.issue_names())

    def _load_form(self, person: Person) -> None:
        self._reload_choices(person)
        for field_name in TEXT_FIELDS:
            edit: QLineEdit = getattr(self, field_name)
            edit.setText(getattr(person, field_name) or "")
        for combo, value in ((self.department, person.department_id),
                             (self.shift, person.shift_id), (self.site, person.site_id),
                             (self.assigned_oc_member, person.assigned_oc_member_id)):
            combo.setCurrentIndex(max(0, combo.findData(value)))
        index = self.safe_channel.findData(person.safe_channel)
        if index < 0 and person.safe_channel:
            self.safe_channel.addItem(shown_label(SAFE_CHANNEL_LABELS, person.safe_channel),
                                      person.safe_channel)
            index = self.safe_channel.count() - 1
        self.safe_channel.setCurrentIndex(max(0, index))
        self.is_oc_member.setChecked(person.is_oc_member)
        self.is_organic_leader.setChecked(person.is_organic_leader)
        self.notes.setPlainText(person.notes)
        self.error_label.hide()
        self.copied_label.hide()
        self.draft_note.hide()
        self._saved_form = self.form_values()
        self._update_unsaved()

    def refresh_sections(self) -> None:
        person = self.person
        exists = person is not None
        self.title.setText(person.display_name if person else _("New person"))
        if person is not None and person.code_name and person.code_name != person.name:
            self.title.setToolTip(_("Code name for {name}").format(name=person.name))
        else:
            self.title.setToolTip("")
        self.badge.setVisible(exists)
        self.tabs.setEnabled(exists)
        self.delete_button.setVisible(exists)
        self.log_button.setVisible(exists)
        self.back_button.setText(_("← People"))
        for tree in (self.assessments, self.one_on_ones, self.follow_ups, self.issues,
                     self.relationships, self.participations):
            tree.clear()
        self.one_on_one_text.clear()
        self.one_on_one_text.setToolTip("")
        self.member_names.reload()  # a member may have been confirmed since the last person
        self.contact_line.setVisible(exists)
        self.tags_row.setEnabled(exists)
        self.tags_row.show_tags([])
        if person is None:
            self.current_assessment.setText(_("Save the person first; then you can record "
                                              "assessments, one-on-ones and follow-ups."))
            return
        self.badge.set_score(person.assessment)
        self._fill_assessments(person.id)
        talked_on = self._fill_one_on_ones(person.id)
        due = self._fill_follow_ups(person.id)
        self._fill_issues(person.id)
        self._fill_relationships(person.id)
        self._fill_participations(person.id)
        self.tags_row.show_tags([t.name for t in tags.tags_of(self.vault, person.id)])
        self.contact_line.setText(contact_sentence(talked_on, due))

    def _fill_assessments(self, person_id: str) -> None:
        history = people.assessment_history(self.vault, person_id)
        for entry in history:
            when = formats.short_date(entry.assessed_at[:10])
            item = QTreeWidgetItem([when, self.scale.text(entry.score),
                                    entry.assessed_by or "—",
                                    shown_label(BASIS_LABELS, entry.basis),
                                    entry.recorded_by, entry.note])
            item.setData(1, SCORE_ROLE, entry.score)
            item.setData(0, ID_ROLE, entry.id)
            if entry.recorded_by and not self.member_names.show_in(item, 4, entry.recorded_by):
                item.setToolTip(4, _("Recorded by {name}").format(name=entry.recorded_by))
            item.setToolTip(5, entry.note)
            self.assessments.addTopLevelItem(item)
        _show_recorded_by(self.assessments, 4, any(e.recorded_by for e in history))
        self.assessments.resizeColumnToContents(0)
        self.assessments.resizeColumnToContents(2)
        self.current_assessment.setText(
            _("No assessment yet: where does this person stand?") if not history
            else ngettext("{n} assessment, newest first.", "{n} assessments, newest first.",
                          len(history)).format(n=formats.number(len(history)))
        )
        self.tabs.setTabText(0, _("Assessment"))

    def _fill_one_on_ones(self, person_id: str) -> list[str]:
        """Fill the 1:1s tab; returns the days they were held (for the header line)."""
        summaries = conversations.one_on_ones_for(self.vault, person_id)
        lock = lock_icon()
        for summary in summaries:
            held_on = formats.short_date(summary.held_on)
            item = QTreeWidgetItem([held_on, summary.oc_member or "—",
                                    shown_label(CHANNEL_LABELS, summary.channel),
                                    summary.recorded_by, summary.summary])
            item.setData(0, ID_ROLE, summary.id)
            item.setData(0, RECORDED_BY_ROLE, summary.recorded_by)
            if summary.recorded_by and not self.member_names.show_in(
                item, 3, summary.recorded_by
            ):
                item.setToolTip(3, _("Recorded by {name}").format(name=summary.recorded_by))
            if summary.is_private:
                # The word as well as the icon: the icon alone says nothing to a screen
                # reader, or to someone who has not met it before.
                item.setIcon(0, lock)
                # Translators: a one-on-one's date, marked private.
                item.setText(0, _("{date} · private").format(date=held_on))
                item.setToolTip(0, _(PRIVATE_TEXT))
                item.setData(0, Qt.ItemDataRole.AccessibleTextRole,
                             _("{date}, private: never sent to the committee").format(
                                 date=held_on))
            self.one_on_ones.addTopLevelItem(item)
        _show_recorded_by(self.one_on_ones, 3, any(s.recorded_by for s in summaries))
        for column in range(4):
            self.one_on_ones.resizeColumnToContents(column)
        # Translators: the one-on-ones tab, with how many there are.
        self.tabs.setTabText(1, _("1:1s ({n})").format(n=formats.number(len(summaries))))
        self.tabs.setTabToolTip(1, _("One-on-ones"))
        newest = self.one_on_ones.topLevelItem(0)
        if newest is not None:
            self.one_on_ones.setCurrentItem(newest)
        else:
            self.one_on_one_text.setPlainText(
                _("No one-on-ones with this person yet. Press Ctrl+N to log one.")
            )
        return [summary.held_on for summary in summaries]

    def _fill_follow_ups(self, person_id: str) -> list[str]:
        """Fill the Follow-ups tab; returns the open ones' due dates (for the header line)."""
        items = follow_ups.follow_ups_for(self.vault, person_id)
        today = dt.date.today()
        open_count = 0
        for follow_up in items:
            overdue = not follow_up.done_at and follow_up.is_overdue(today)
            if follow_up.done_at:
                # Translators: a follow-up's status: done on {date}.
                status = _("done {date}").format(date=formats.short_date(follow_up.done_at[:10]))
            elif overdue:
                # Translators: a follow-up's status.
                status = _("overdue")
            else:
                # Translators: a follow-up's status: not done yet, not late.
                status = pgettext("follow-up", "open")
            open_count += follow_up.done_at is None
            item = QTreeWidgetItem([formats.short_date(follow_up.due_on), follow_up.description,
                                    follow_up.owner, status])
            item.setData(0, ID_ROLE, follow_up.id)
            if overdue:
                bold = QFont()  # only the weight: the size stays the system's
                bold.setBold(True)
                for column in range(4):
                    item.setFont(column, bold)
            self.follow_ups.addTopLevelItem(item)
        self.follow_ups.resizeColumnToContents(0)
        self.follow_up_date.setDate(QDate.currentDate().addDays(7))
        # Translators: the follow-ups tab, with how many are open.
        self.tabs.setTabText(2, _("Follow-ups ({n})").format(n=formats.number(open_count)))
        return [follow_up.due_on for follow_up in items if follow_up.done_at is None]

    def _fill_issues(self, person_id: str) -> None:
        found = workplace_issues.issues_for_person(self.vault, person_id)
        for issue in found:
            item = QTreeWidgetItem([issue.name])
            item.setData(0, ID_ROLE, issue.id)
            self.issues.addTopLevelItem(item)
        self.tabs.setTabText(3, _("Issues ({n})").format(n=formats.number(len(found))))

    def _fill_relationships(self, person_id: str) -> None:
        found = relationships.relationships_for(self.vault, person_id)
        for relationship in found:
            item = QTreeWidgetItem([describe_relationship(relationship),
                                    relationship.recorded_by, relationship.note])
            item.setData(0, ID_ROLE, relationship.id)
            item.setData(0, OTHER_PERSON_ROLE, relationship.other_person_id)
            if relationship.recorded_by and not self.member_names.show_in(
                item, 1, relationship.recorded_by
            ):
                item.setToolTip(1, _("Held by {name}: the committee member who wrote it down"
                                     ).format(name=relationship.recorded_by))
            self.relationships.addTopLevelItem(item)
        _show_recorded_by(self.relationships, 1, any(r.recorded_by for r in found))
        self.relationships.resizeColumnToContents(0)
        self.relationships.resizeColumnToContents(1)
        self.relationship_picker.exclude_id = person_id
        self.relationship_picker.set_person(None)
        self.tabs.setTabText(4, _("Relationships ({n})").format(n=formats.number(len(found))))

    def _fill_participations(self, person_id: str) -> None:
        found = people.participations_for(self.vault, person_id)
        for participation in found:
            self.participations.addTopLevelItem(QTreeWidgetItem([
                participation.structure_test,
                formats.short_date(participation.planned_on) if participation.planned_on else "",
                shown_label(PARTICIPATION_STATUS_LABELS, participation.status),
            ]))
        self.participations.resizeColumnToContents(0)
        self.tabs.setTabText(5, _("Actions ({n})").format(n=formats.number(len(found))))

    def select_one_on_one(self, one_on_one_id: str) -> bool:
        for row in range(self.one_on_ones.topLevelItemCount()):
            item = self.one_on_ones.topLevelItem(row)
            if item is not None and item.data(0, ID_ROLE) == one_on_one_id:
                self.tabs.setCurrentIndex(1)
                self.one_on_ones.setCurrentItem(item)
                return True
        return False

    def selected_one_on_one_id(self) -> str | None:
        item = self.one_on_ones.currentItem()
        return item.data(0, ID_ROLE) if item else None

    def _show_one_on_one(self) -> None:
        one_on_one_id = self.selected_one_on_one_id()
        if not one_on_one_id:
            return
        try:
            entry = conversations.get_one_on_one(self.vault, one_on_one_id)
        except OrganizerError as error:
            self.one_on_one_text.setPlainText(str(error))
            self.one_on_one_text.setToolTip("")
            return
        issue_names = {i.id: i.name for i in self.choices.issues()}
        by = ""
        if entry.oc_member_id:
            try:
                by = people.get_person(self.vault, entry.oc_member_id).display_name
            except OrganizerError:
                by = ""
        held_on = html.escape(formats.short_date(entry.held_on))
        channel = html.escape(shown_label(CHANNEL_LABELS, entry.channel))
        if by:
            # Translators: a one-on-one's heading: its date, how it was held, and the OC
            # member who had it ("Dec 4, 2026 · in person · with Maya").
            heading = _("{date} · {channel} · with {name}").format(
                date=held_on, channel=channel, name=html.escape(by))
        else:
            heading = _("{date} · {channel}").format(date=held_on, channel=channel)
        parts = [f"<h3>{heading}</h3>"]
        item = self.one_on_ones.currentItem()
        recorded_by = str(item.data(0, RECORDED_BY_ROLE) or "") if item else ""
        about = [_("recorded by {name}").format(name=self.member_names.html(recorded_by))
                 ] if recorded_by else []
        # A text browser shows no tooltip of its own for a span: the warning goes on the view.
        self.one_on_one_text.setToolTip(
            not_confirmed_tip(recorded_by) if self.member_names.is_unconfirmed(recorded_by)
            else ""
        )
        if entry.is_private:
            about.append(f"<b>{html.escape(_(PRIVATE_TEXT))}.</b>")
        if about:
            parts.append(f"<p>{' · '.join(about)}</p>")
        if entry.issue_ids:
            names = ", ".join(html.escape(issue_names.get(i, "?")) for i in entry.issue_ids)
            parts.append(_("<p><b>Issues raised:</b> {names}</p>").format(names=names))
        sections = [
            *((name, _("{section}: {question}").format(
                section=_(AEIOU_LABELS[name][0]), question=_(AEIOU_LABELS[name][1])))
              for name, _label in conversations.AEIOU_SECTIONS),
            ("ask", _("The ask")), ("answer", _("Their answer")),
            ("commitment", _("Commitment")), ("next_step", _("Next step")), ("notes", _("Notes")),
        ]
        for field_name, label in sections:
            value = getattr(entry, field_name)
            if value:
                body = html.escape(value).replace("\n", "<br>")
                parts.append(f"<p><b>{html.escape(label)}</b><br>{body}</p>")
        if entry.assessment_after is not None and entry.assessment_after != entry.assessment_before:
            parts.append(
                # Translators: how the assessment changed with this one-on-one.
                _("<p><b>Assessment:</b> {before} → {after}</p>").format(
                    before=html.escape(self.scale.text(entry.assessment_before)),
                    after=html.escape(self.scale.text(entry.assessment_after)))
            )
        self.one_on_one_text.setHtml("".join(parts))

    # ----- the form -----------------------------------------------------------------------

    def form_values(self) -> dict[str, object]:
        """The form as plain values (for change tracking and drafts)."""
        values: dict[str, object] = {f: getattr(self, f).text() for f in TEXT_FIELDS}
        for name in ("department", "shift", "site"):
            values[name] = getattr(self, name).currentText().strip()
        values["assigned_oc_member_id"] = self.assigned_oc_member.currentData()
        values["safe_channel"] = self.safe_channel.currentData() or ""
        values["is_oc_member"] = self.is_oc_member.isChecked()
        values["is_organic_leader"] = self.is_organic_leader.isChecked()
        values["notes"] = self.notes.toPlainText()
        return values

    def _set_form_values(self, values: dict[str, object]) -> None:
        for field_name in TEXT_FIELDS:
            getattr(self, field_name).setText(str(values.get(field_name, "")))
        for name in ("department", "shift", "site"):
            getattr(self, name).setCurrentText(str(values.get(name, "")))
        index = self.assigned_oc_member.findData(values.get("assigned_oc_member_id"))
        self.assigned_oc_member.setCurrentIndex(max(0, index))
        self.safe_channel.setCurrentIndex(max(0, self.safe_channel.findData(
            values.get("safe_channel", ""))))
        self.is_oc_member.setChecked(bool(values.get("is_oc_member")))
        self.is_organic_leader.setChecked(bool(values.get("is_organic_leader")))
        self.notes.setPlainText(str(values.get("notes", "")))

    def has_unsaved_changes(self) -> bool:
        return self.form_values() != self._saved_form

    def _list_entry_id(self, combo: QComboBox, kind: str) -> str | None:
        text = combo.currentText().strip()
        if not text:
            return None
        index = combo.findText(text, Qt.MatchFlag.MatchFixedString)
        if index > 0 and combo.itemData(index):
            return str(combo.itemData(index))
        return campaign.add_list_entry(self.vault, kind, text).id  # type: ignore[arg-type]

    def save(self) -> bool:
        """Save the form; on a problem, say what it is beside the Save button."""
        person = dataclasses.replace(self.person) if self.person else Person()
        values = self.form_values()
        for field_name in TEXT_FIELDS:
            value = str(values[field_name]).strip()
            setattr(person, field_name, value or (None if field_name in (
                "start_date", "left_company_on") else ""))
        person.safe_channel = str(values["safe_channel"])
        person.is_oc_member = bool(values["is_oc_member"])
        person.is_organic_leader = bool(values["is_organic_leader"])
        person.notes = str(values["notes"])
        assigned = values["assigned_oc_member_id"]
        person.assigned_oc_member_id = assigned if isinstance(assigned, str) else None
        try:
            person.department_id = self._list_entry_id(self.department, "department")
            person.shift_id = self._list_entry_id(self.shift, "shift")
            person.site_id = self._list_entry_id(self.site, "site")
            if self.person is None:
                saved = people.add_person(self.vault, person)
            else:
                saved = people.update_person(self.vault, person)
        except OrganizerError as error:
            self.error_label.setText(_("Not saved: {error}").format(error=error))
            self.error_label.show()
            self.error_label.setFocus()
            return False
        if self._draft_id:
            conversations.discard_draft(self.vault, self._draft_id)
            self._draft_id = None
        self.choices.invalidate()  # they may have joined or left the OC
        self.person = saved
        self._load_form(saved)
        self.refresh_sections()
        self.person_saved.emit(saved.id)
        self.data_changed.emit()
        return True

    def revert(self) -> None:
        self._set_form_values(self._saved_form)
        self.error_label.hide()
        self._update_unsaved()

    # ----- drafts of unsaved edits --------------------------------------------------------

    def save_draft(self) -> None:
        """Keep unsaved edits in the vault (on lock or close), to offer them back later."""
        if not self.has_unsaved_changes():
            return
        self._draft_id = conversations.save_draft(
            self.vault, DRAFT_KIND, self.person_id, self.form_values(), self._draft_id
        )

    def _restore_draft(self) -> None:
        self._draft_id = None
        person_id = self.person_id
        for draft in conversations.drafts(self.vault, DRAFT_KIND):
            if draft.person_id == person_id:
                self._draft_id = draft.id
                self._set_form_values(draft.body)
                self.draft_note.setText(
                    # Translators: {when} is a date and time; keep the <a> link as it is.
                    _("Restored changes you had not saved ({when}). Save to keep them, or "
                      "<a href='discard'>discard them</a>.").format(
                          when=draft_time(draft.updated_at))
                )
                self.draft_note.show()
                return

    def _discard_draft_edits(self) -> None:
        if self._draft_id:
            conversations.discard_draft(self.vault, self._draft_id)
            self._draft_id = None
        self.revert()
        self.draft_note.hide()

    def discard_unsaved(self) -> None:
        """Forget the form's edits (the user chose not to save them)."""
        self._discard_draft_edits()

    # ----- copying ------------------------------------------------------------------------

    def copy_field(self, edit: QLineEdit) -> None:
        text = edit.text().strip()
        if not text or self._copy_text is None:
            return
        seconds = self._copy_text(text)
        self.copied_label.setText(
            ngettext("Copied. The clipboard is cleared in {n} second.",
                     "Copied. The clipboard is cleared in {n} seconds.", seconds).format(
                         n=formats.number(seconds))
        )
        self.copied_label.show()

    # ----- assessments --------------------------------------------------------------------

    def ask_change_assessment(self) -> ChangeAssessmentDialog | None:
        """Open the change dialog (window-modal, not blocking); it records on OK."""
        if self.person is None:
            return None
        dialog = ChangeAssessmentDialog(
            self.scale, self.person.assessment, self.choices.oc_members(), self,
            assessed_by_id=self.person.assigned_oc_member_id,
        )
        dialog.accepted.connect(lambda: self.record_assessment(dialog.change()))
        dialog.finished.connect(dialog.deleteLater)
        self.assessment_dialog = dialog
        dialog.open()
        return dialog

    def record_assessment(self, change: AssessmentChange) -> None:
        if self.person is None:
            return
        person_id = self.person.id
        self._write(lambda: people.record_assessment(
            self.vault, person_id, change.score, assessed_by_id=change.assessed_by_id,
            basis=change.basis, note=change.note,
        ))

    # ----- tags ---------------------------------------------------------------------------

    def ask_edit_tags(self) -> EditTagsDialog | None:
        """Open "Edit tags" (window-modal, not blocking); it writes on OK."""
        if self.person is None:
            return None
        dialog = EditTagsDialog(
            self.person.display_name, tags.list_tags(self.vault),
            [t.id for t in tags.tags_of(self.vault, self.person.id)], self,
        )
        dialog.accepted.connect(lambda: self.change_tags(dialog.change()))
        dialog.finished.connect(dialog.deleteLater)
        self.tags_dialog = dialog
        dialog.open()
        return dialog

    def change_tags(self, change: TagChange) -> None:
        if self.person is None:
            return
        person_id = self.person.id

        def work() -> None:
            made = tags.ensure_tags(self.vault, change.new_names) if change.new_names else []
            tags.add_tags(self.vault, [person_id], {*change.add_ids, *(t.id for t in made)})
            tags.remove_tags(self.vault, [person_id], change.remove_ids)

        self._write(work)

    # ----- follow-ups, issues, relationships ----------------------------------------------

    def add_follow_up(self) -> None:
        if self.person is None:
            return
        person_id = self.person.id
        due = self.follow_up_date.date().toString("yyyy-MM-dd")
        text = self.follow_up_text.text()
        owner = self.person.assigned_oc_member_id
        if self._write(lambda: follow_ups.add_follow_up(self.vault, person_id, due, text, owner)):
            self.follow_up_text.clear()

    def mark_follow_up_done(self) -> None:
        item = self.follow_ups.currentItem()
        if item is None:
            return
        follow_up_id = str(item.data(0, ID_ROLE))
        self._write(lambda: follow_ups.mark_done(self.vault, follow_up_id))

    def add_issue(self) -> None:
        name = self.issue_text.text().strip()
        if self.person is None or not name:
            return
        person_id = self.person.id

        def work() -> None:
            workplace_issues.add_named_issue_to_people(self.vault, [person_id], name)

        if self._write(work):
            self.issue_text.clear()
            self.issue_names.setStringList(self.choices.issue_names())

    def remove_issue(self) -> None:
        item = self.issues.currentItem()
        if self.person is None or item is None:
            return
        person_id, issue_id = self.person.id, str(item.data(0, ID_ROLE))
        self._write(lambda: workplace_issues.remove_issue_from_person(
            self.vault, person_id, issue_id))

    def add_relationship(self) -> None:
        other = self.relationship_picker.person_id
        if self.person is None:
            return
        if other is None:
            self.relationship_picker.setFocus()
            return
        person_id, kind = self.person.id, str(self.relationship_kind.currentData())
        self._write(lambda: relationships.add_relationship(self.vault, person_id, other, kind))

    def remove_relationship(self) -> None:
        item = self.relationships.currentItem()
        if item is None:
            return
        relationship_id = str(item.data(0, ID_ROLE))
        self._write(lambda: relationships.remove_relationship(self.vault, relationship_id))

    def _open_relationship(self, item: QTreeWidgetItem) -> None:
        other = item.data(0, OTHER_PERSON_ROLE)
        if other:
            self.person_requested.emit(str(other))

    def _write(self, change: Callable[[], object]) -> bool:
        try:
            change()
        except OrganizerError as error:
            messages.warn_error(self, error)
            return False
        self.choices.invalidate()
        self.refresh()
        self.data_changed.emit()
        return True

    # ----- one-on-ones and deletion -------------------------------------------------------

    def _log_requested(self) -> None:
        if self.person is not None:
            self.log_one_on_one_requested.emit(self.person.id)

    def save_prep_sheet(self) -> Path | None:
        """Show this person's one-page prep sheet as it will print; from there, print it or
        save it as a PDF (0600). Returns the PDF's path, None when none was saved.

        What is printed or saved is read from the vault again then: a person erased while
        the preview was open is refused (one sentence), never written out."""
        if self.person is None:
            return None
        from organizer.reports.prep_sheet_pdf import preview_prep_sheet

        person_id = self.person.id
        today = dt.date.today()
        sheet = self._prep_sheet(person_id, today)
        if sheet is None:
            return None
        try:
            pages = preview_prep_sheet(sheet, printed_on=today,
                                       copy_mark=printed_copies_ui.preview_mark(
                                           printed_for=self._copy_recipient()))
        except OrganizerError as error:
            messages.warn_error(self, error)
            return None
        choice = show_prep_sheet_preview(self, pages)
        if choice == PREP_SHEET_PRINT:
            self._print_prep_sheet(person_id, today)
        elif choice == PREP_SHEET_SAVE:
            return self._write_prep_sheet(person_id, today)
        return None

    def _prep_sheet(self, person_id: str, today: dt.date) -> PrepSheet | None:
        """The sheet as the vault has it now; None (after saying why) when it cannot be
        made, such as for a person erased meanwhile."""
        from organizer.reports.prep_sheet_pdf import prep_sheet

        try:
            return prep_sheet(self.vault, person_id, today=today)
        except OrganizerError as error:
            messages.warn_error(self, error)
            return None

    def _copy_recipient(self) -> str:
        """Who a prep sheet is for: me, when the vault knows who I am (else no one)."""
        try:
            me = identity.get_identity(self.vault)
        except OrganizerError:
            return ""
        return me.name if me is not None else ""

    def _record_prep_sheet(self) -> tuple[PrintedCopy, str] | None:
        """Log the prep sheet about to be printed or saved. Not whom it is about: the log
        outlives a person erased, and must not keep their name."""
        return printed_copies_ui.record(self, self.vault, "prep sheet",
                                        printed_for=self._copy_recipient())

    def _write_prep_sheet(self, person_id: str, today: dt.date) -> Path | None:
        from organizer.reports.prep_sheet_pdf import render_prep_sheet_pdf

        if self._prep_sheet(person_id, today) is None:
            return None  # erased while the preview was open: not even asked where
        path = choose_prep_sheet_path(self, suggested_prep_sheet_name(today))
        if path is None:
            return None
        logged = self._record_prep_sheet()
        if logged is None:
            return None
        copy, mark = logged
        pages = 0
        try:
            pages = render_prep_sheet_pdf(self.vault, person_id, path, printed_on=today,
                                          copy_mark=mark)
        except OrganizerError as error:
            messages.warn_error(self, error)
            return None
        finally:
            printed_copies_ui.finished(self.vault, copy, pages)
        return path

    def _print_prep_sheet(self, person_id: str, today: dt.date) -> bool:
        """The operating system's print dialog, then the printer (the only path that loads
        the print system); True once printed."""
        from organizer.reports.prep_sheet_pdf import PREP_TITLE, render_prep_sheet

        if self._prep_sheet(person_id, today) is None:
            return False
        printer = print_preview.new_printer("auto", PREP_TITLE)
        if not print_preview.choose_printer(self, printer):
            return False
        sheet = self._prep_sheet(person_id, today)  # as it is once the printer is chosen
        if sheet is None:
            return False
        logged = self._record_prep_sheet()
        if logged is None:
            return False
        copy, mark = logged
        pages = 0
        try:
            pages = render_prep_sheet(printer, sheet, printed_on=today, copy_mark=mark)
        except OrganizerError as error:
            messages.warn_error(self, error)
            return False
        finally:
            printed_copies_ui.finished(self.vault, copy, pages)
        return True

    def ask_delete(self) -> bool:
        """Confirm, naming everything that will be erased, then erase it for good."""
        if self.person is None:
            return False
        person = self.person
        question = erasure_sentence(
            person.display_name, people.erasure_preview(self.vault, person.id)
        )
        if not messages.confirm(self, question, confirm_label=_("Delete for good"),
                                cancel_label=_("Keep")):
            return False
        try:
            people.delete_person(self.vault, person.id)
        except OrganizerError as error:
            messages.warn_error(self, error)
            return False
        # Nothing of theirs may stay on screen: empty the form and the sections.
        self.person = None
        self._draft_id = None
        self.choices.invalidate()
        self._load_form(Person())
        self.refresh_sections()
        self.person_deleted.emit(person.id)
        self.data_changed.emit()
        return True
