"""A person's page: every detail of a coworker, editable, with their assessment history,
one-on-ones, relationships, issues, follow-ups and actions, and real deletion.

On a committee, who wrote each record down is named beside it; a member whose fingerprint
is not confirmed yet is marked there (gui/member_names.py).

Its form, its tabs and its prep sheet are in gui/person_form.py, gui/person_tabs.py and
gui/person_prep_sheet.py."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from organizer import formats
from organizer.core import people, tags
from organizer.core.errors import OrganizerError
from organizer.core.people import Person
from organizer.core.vault import Vault
from organizer.gui import messages, printed_copies_ui, theme
from organizer.gui.assessment_badge import AssessmentBadge, AssessmentScale
from organizer.gui.member_names import MemberNames
from organizer.gui.people_model import CampaignChoices
from organizer.gui.person_form import DRAFT_KIND, PersonForm
from organizer.gui.person_prep_sheet import (
    PREP_SHEET_PRINT,
    PREP_SHEET_SAVE,
    PrepSheetPreview,
    PrepSheetPrinting,
    choose_prep_sheet_path,
    show_prep_sheet_preview,
    suggested_prep_sheet_name,
)
from organizer.gui.person_tabs import ChangeAssessmentDialog, PersonTabs
from organizer.gui.tags_ui import EditTagsDialog, TagChange, TagsRow
from organizer.i18n import _, ngettext

__all__ = [
    "DRAFT_KIND",
    "PREP_SHEET_PRINT",
    "PREP_SHEET_SAVE",
    "PersonPage",
    "PrepSheetPreview",
    "choose_prep_sheet_path",
    "contact_sentence",
    "erasure_sentence",
    "show_prep_sheet_preview",
    "suggested_prep_sheet_name",
]


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


# ----- the page -----------------------------------------------------------------------------


class PersonPage(PersonForm, PersonTabs, PrepSheetPrinting, QWidget):
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

    # ----- showing ------------------------------------------------------------------------

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

    # save_prep_sheet and _write_prep_sheet stay here, not in gui/person_prep_sheet.py:
    # they call the seams that tests replace on this module.

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
