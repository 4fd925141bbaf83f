"""The tabs about a person on their page: assessment history (and the Change assessment
dialog), one-on-ones, follow-ups, issues, relationships and actions."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from PySide6.QtCore import QDate, QStringListModel, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from organizer import formats
from organizer.core import conversations, follow_ups, people, relationships, workplace_issues
from organizer.core.errors import OrganizerError
from organizer.core.people import Person
from organizer.core.vault import Vault
from organizer.gui.assessment_badge import NOT_ASSESSED, AssessmentDelegate, AssessmentScale
from organizer.gui.member_names import MemberNames, not_confirmed_tip
from organizer.gui.one_on_one_dialog import AEIOU_LABELS, PRIVATE_TEXT, DateEdit, lock_icon
from organizer.gui.people_model import (
    BASIS_LABELS,
    CHANNEL_LABELS,
    PARTICIPATION_STATUS_LABELS,
    RELATIONSHIP_FROM,
    RELATIONSHIP_KIND_LABELS,
    RELATIONSHIP_TO,
    CampaignChoices,
    shown_label,
)
from organizer.gui.person_form import _quiet
from organizer.gui.person_picker import PersonPicker
from organizer.i18n import _, ngettext, pgettext

if TYPE_CHECKING:
    _PageBase = QWidget  # mixed into PersonPage, a QWidget: type-checked as one
else:
    _PageBase = object


ID_ROLE = Qt.ItemDataRole.UserRole + 1
SCORE_ROLE = Qt.ItemDataRole.UserRole + 2
RECORDED_BY_ROLE = Qt.ItemDataRole.UserRole + 3
OTHER_PERSON_ROLE = Qt.ItemDataRole.UserRole + 4


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


# ----- the tabs ----------------------------------------------------------------------------


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


class PersonTabs(_PageBase):
    """PersonPage's tabs (mixed into it): building, filling, and what their buttons do."""

    # The page's own, used here (gui/person_page.py).
    vault: Vault
    scale: AssessmentScale
    choices: CampaignChoices
    person: Person | None
    tabs: QTabWidget
    member_names: MemberNames
    assessment_dialog: ChangeAssessmentDialog | None
    person_requested: ClassVar[Signal]
    _write: Callable[[Callable[[], object]], bool]

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
